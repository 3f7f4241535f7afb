"""Printing a document: the print view lays it out as the printed 公文 (仿宋 body, 黑体
and 楷体 headings, 文号 and title as printed, the printed pages marked) with the gazette,
issue and printed pages in the footer; saved as PDF without the dialog, every page
carries that footer. Uses an archive of its own (the sample issue)."""

import os
import re
import shutil
import subprocess
import unicodedata

from selenium.webdriver.common.by import By

from conftest import app_session, screenshot, wait_for


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def style(driver, element, prop):
    return driver.execute_script("return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])", element, prop)


def first_face(driver, selector):
    faces = style(driver, css(driver, selector)[0], "font-family")
    return faces.split(",")[0].strip().strip('"')


def test_a_document_prints_and_saves_as_pdf_with_its_footer(tmp_path):
    with app_session(tmp_path / "archive") as d:
        wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
        wait_for(d, lambda d: css(d, "#text-view article.document .print-button"), timeout=60, what="a document")
        # What the reader says of the document, for the print view to agree with.
        title = d.find_element(By.CSS_SELECTOR, "#text-view .doc-title, #text-view h1").text
        facts = [f.text for f in css(d, "#text-view .doc-facts-line > span")]
        pages = next(f for f in facts if f.startswith("第") and f.endswith("页"))
        source = d.find_element(By.CSS_SELECTOR, "#text-view .doc-source").text.split("·")[0].strip()

        css(d, "#text-view .print-button")[0].click()
        wait_for(d, lambda d: css(d, "#print-view:not([hidden]) .print-doc"), what="the print view")
        assert d.find_element(By.CSS_SELECTOR, ".print-doc .print-title").text == title
        number = d.find_element(By.CSS_SELECTOR, ".print-doc .print-doc-number").text
        assert number in facts, "the 文号 as the reader shows it"
        assert first_face(d, ".print-body p") == "FangSong"
        assert first_face(d, ".print-heading.level-1") == "SimHei"
        assert first_face(d, ".print-heading.level-2") == "KaiTi"
        size = float(style(d, css(d, ".print-body p")[0], "font-size").removesuffix("px"))
        assert abs(size - 16 * 4 / 3) < 0.1, f"3号 (16 pt) body text, not {size}px"
        footer = d.find_element(By.CSS_SELECTOR, ".print-doc .print-footer").text
        assert source in footer and pages in footer, (footer, source, pages)
        assert css(d, ".print-doc .print-page"), "printed pages are marked"
        sheets_shown = len(css(d, "#print-sheets .print-sheet"))
        footers = css(d, "#print-sheets .print-sheet .print-footer")
        assert sheets_shown > 1 and len(footers) == sheets_shown, "a footer on every sheet"
        screenshot(d, "print-view.png")

        pdf = tmp_path / "公文.pdf"
        error = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.__TAURI_INTERNALS__.invoke('save_pdf', { path: arguments[0] })"
            ".then(() => done(null), (e) => done(JSON.stringify(e)));",
            str(pdf),
        )
        assert error is None, error
        if os.environ.get("SCREENSHOT_DIR"):
            shutil.copy(pdf, os.environ["SCREENSHOT_DIR"])

    assert pdf.read_bytes()[:5] == b"%PDF-"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert count == sheets_shown, f"one PDF page per sheet shown: {info}"
    assert "595" in info and "842" in info, f"A4 pages: {info}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Fonts map some ideographs to radical forms pdftotext cannot fold back (⺠ for 民,
    # ⻚ for 页), so the pages are checked by what is written without them.
    sheets = [s for s in unicodedata.normalize("NFKC", text).split("\f") if s.strip()]
    assert len(sheets) == count
    compact = [s.replace(" ", "").replace("\n", "") for s in sheets]
    assert number in compact[0], "the 文号 as printed heads the first page"
    issue = source.split(" ")[-1]
    first, last = re.findall(r"\d+", pages)[:2] if "–" in pages else re.findall(r"\d+", pages) * 2
    for i, sheet in enumerate(compact):
        assert issue in sheet and f"第{first}" in sheet and f"{i + 1}/{count}" in sheet, f"page {i + 1} has no footer"
        assert re.search(f"第{first}.{last}", sheet), f"page {i + 1}: the printed pages"
    assert "文库" not in text, "the app's panes are not printed"
