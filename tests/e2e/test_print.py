"""Printing a document: the print view lays it out as the printed 公文 (仿宋 body, 黑体
and 楷体 headings, 文号 and title as printed, the printed pages marked) with the gazette,
issue and, on each sheet, the printed pages that sheet's content comes from in the
footer; saved as PDF without the dialog, every page carries its sheet's footer. Uses an
archive of its own (the sample issue)."""

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


def printed_pages(text):
    """The pages named by 第2–7页、第27页 (any dash), as a set."""
    pages = set()
    for first, last in re.findall(r"第(\d+)(?:\D(\d+))?页", text):
        pages.update(range(int(first), int(last or first) + 1))
    return pages


def runs_pattern(text):
    """What pdftotext reads of 第3–4页、第7页: the dash and 页 may come out as other
    characters (see below), so each run is matched by its digits."""
    runs = re.findall(r"第(\d+)(?:\D(\d+))?页", text)
    return [f"第{a}.{b}" if b else f"第{a}" for a, b in runs]


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
        assert css(d, ".print-doc .print-page"), "printed pages are marked"
        sheets_shown = len(css(d, "#print-sheets .print-sheet"))
        footers = css(d, "#print-sheets .print-sheet .print-footer")
        assert sheets_shown > 1 and len(footers) == sheets_shown, "a footer on every sheet"
        # Each sheet's footer names the printed pages of what that sheet holds: the pages
        # marked in its margin, the page in effect where it begins, and nothing else.
        document_pages = printed_pages(pages)
        sheet_pages = []
        in_effect = min(document_pages)
        for sheet in css(d, "#print-sheets .print-sheet"):
            footer = sheet.find_element(By.CSS_SELECTOR, ".print-footer")
            assert source in footer.text, (footer.text, source)
            named = printed_pages(footer.find_element(By.CSS_SELECTOR, ".print-pages").text)
            marked = [int(re.search(r"\d+", m.text).group()) for m in sheet.find_elements(By.CSS_SELECTOR, ".print-page")]
            # A sheet whose first line begins a printed page (or is the 上接 note before
            # one) does not hold any of the page before.
            first_line = sheet.find_element(By.CSS_SELECTOR, ".print-content > section:first-child > :first-child")
            turns = first_line.find_elements(By.CSS_SELECTOR, ".print-page") or "print-continuation" in (
                first_line.get_attribute("class") or ""
            )
            expected = set(marked) | (set() if turns else {in_effect})
            assert expected <= named <= document_pages, (footer.text, marked, in_effect)
            sheet_pages.append(named)
            in_effect = max(marked, default=in_effect)
        assert min(sheet_pages[0]) == min(document_pages), "the first sheet begins on the first page"
        assert max(sheet_pages[-1]) == max(document_pages), "the signature is on the last page"
        assert set().union(*sheet_pages) == document_pages, "every printed page is on some sheet"
        assert len(set(map(frozenset, sheet_pages))) > 1, "sheets name their own pages, not the document's"
        footer_texts = [f.find_element(By.CSS_SELECTOR, ".print-pages").text for f in footers]
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
    for i, (sheet, named) in enumerate(zip(compact, footer_texts)):
        assert issue in sheet and f"{i + 1}/{count}" in sheet, f"page {i + 1} has no footer"
        for run in runs_pattern(named):
            assert re.search(run, sheet), f"page {i + 1}: the printed pages {named}"
    assert "文库" not in text, "the app's panes are not printed"
