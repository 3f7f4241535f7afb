"""A scan imported through the app: the app asks before reading it by OCR, shows the
pages as they are recognised, and the issue then reads, searches and takes a note like
any other. Uses an archive of its own."""

import sqlite3

from selenium.webdriver.common.by import By

from conftest import FIXTURES, app_session, screenshot, wait_for
from test_annotations import SELECT_PHRASE, settled

SCAN = FIXTURES / "scans" / "zoo10-ningxiang-2022-02-scan300.pdf"
# Words of one of the scan's documents, in none of the sample's.
TERM = "高标准农田"
NOTE = "农业农村局：核对建设任务"

# A phrase from the middle of one text run of a clause, away from the search marks:
# [clause path, phrase], or null while the document is still being drawn.
PICK_PHRASE = """
for (const clause of document.querySelectorAll('#text-view .clause')) {
  for (const span of clause.querySelectorAll('.ptext')) {
    const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('mark') || n.data.length < 12) continue;
      return [clause.dataset.path, n.data.slice(2, 8)];
    }
  }
}
return null;
"""


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def issues_in(archive):
    with sqlite3.connect(archive / "archive.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM issues").fetchone()[0]


def documents_of(archive, gazette):
    with sqlite3.connect(archive / "archive.sqlite3") as db:
        rows = db.execute("SELECT d.id FROM documents d JOIN issues i ON i.id = d.issue_id WHERE i.gazette = ?", (gazette,))
        return {id for (id,) in rows}


def test_a_scan_is_read_by_ocr_after_asking_then_searched_and_annotated(tmp_path):
    archive = tmp_path / "archive"
    with app_session(archive, SCAN) as d:
        wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
        row = wait_for(d, lambda d: css(d, f'#import-list .import-row[data-file="{SCAN}"]'), timeout=60, what="the scan's row")[0]
        wait_for(d, lambda d: row.get_attribute("data-status") == "error", timeout=60, what="the question")
        assert row.find_element(By.CSS_SELECTOR, ".error-text").get_attribute("data-kind") == "no_text_layer"
        # Nothing is read before the user says so: only the sample is in the archive.
        assert issues_in(archive) == 1

        row.find_element(By.CSS_SELECTOR, "button.run-ocr").click()
        wait_for(d, lambda d: row.get_attribute("data-status") != "running", timeout=240, what="the OCR import to end")
        assert row.get_attribute("data-status") == "imported", row.text
        assert "recognising" in row.get_attribute("data-stages").split()
        pages = [[int(n) for n in p.split("/")] for p in row.get_attribute("data-pages").split()]
        # Page by page, up to every page of the scan.
        assert pages[-1] == [8, 8], pages
        assert len(pages) >= 4 and all(done <= total for done, total in pages), pages
        assert row.find_element(By.CSS_SELECTOR, ".import-ocr").text.startswith("文字识别：8 页")
        screenshot(d, "ocr-import.png")
        assert issues_in(archive) == 2

        d.find_element(By.ID, "import-close").click()
        # The scan's 目录 is read from its 目录 page (dot leaders and all): its six
        # entries, and those whose document was found open a document of the scan.
        scanned = documents_of(archive, "宁乡市人民政府公报")
        entries = wait_for(d, lambda d: css(d, "#toc .toc-entry"), what="the scan's 目录")
        assert not css(d, "#toc .toc-from-body")
        assert len(entries) == 6, [e.text for e in entries]
        opened = {int(e.get_attribute("data-document-id")) for e in entries if e.get_attribute("data-document-id")}
        assert len(opened) >= 4 and opened <= scanned, (opened, scanned)
        screenshot(d, "ocr-issue.png")
        box = d.find_element(By.ID, "search-input")
        box.send_keys(TERM)
        hits = wait_for(d, lambda d: [h for h in css(d, "#search-results .hit") if h.get_attribute("data-clause-path")], what="hits in the scan")
        assert {int(h.get_attribute("data-document-id")) for h in hits} <= scanned, [h.text for h in hits]
        doc_id = hits[0].get_attribute("data-document-id")
        hits[0].click()
        wait_for(d, lambda d: settled(d, doc_id), what="the hit's document")
        # The reader says the text is OCR's; the original page is one click away.
        note = wait_for(d, lambda d: css(d, "#text-view .ocr-note"), what="the OCR note")[0]
        note.find_element(By.CSS_SELECTOR, "button.original-page").click()
        wait_for(d, lambda d: css(d, "#page-canvas canvas.pdf-page"), what="the original page")
        d.find_element(By.ID, "view-text").click()
        wait_for(d, lambda d: settled(d, doc_id), what="the text view alone")

        path, phrase = wait_for(d, lambda d: d.execute_script(PICK_PHRASE), what="a phrase of the document")
        assert d.execute_script(SELECT_PHRASE, path, phrase), "the phrase is in its clause"
        wait_for(d, lambda d: [b for b in css(d, '#anno-toolbar .anno-swatch[data-color="yellow"]') if b.is_displayed()], what="the highlight toolbar")[0].click()
        mark = wait_for(d, lambda d: [m for m in css(d, "#text-view mark.anno") if m.text == phrase], what="the highlight")[0]
        mark.click()
        wait_for(d, lambda d: [t for t in css(d, "#anno-note-text") if t.is_displayed()], what="the note editor")[0].send_keys(NOTE)
        d.find_element(By.ID, "anno-note-save").click()
        wait_for(d, lambda d: [n for n in css(d, "#text-view .anno-note .anno-note-text") if n.text == NOTE], what="the note beside its clause")
