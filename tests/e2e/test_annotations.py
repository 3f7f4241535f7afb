"""End-to-end test of annotations in the real app: highlight a phrase, add a note to
it, restart the app, and find the note again — beside its clause and in the panel,
whose entry jumps to the clause. Uses an archive of its own (the first run imports the
bundled sample), so the order of the other e2e tests does not matter."""

import pytest
from selenium.webdriver.common.by import By

from conftest import app_session, screenshot, wait_for

DOC_TITLE = "关于加强政务诚信建设的实施意见"
PATH = "二/（一）/2"
PHRASE = "建立有效的信息共享机制"
NOTE = "信息科：与大数据局对接共享机制"

SELECT_PHRASE = """
const [path, phrase] = arguments;
const clause = [...document.querySelectorAll('#text-view .clause')].find(c => c.dataset.path === path);
if (!clause) return false;
for (const span of clause.querySelectorAll('.ptext')) {
  const walker = document.createTreeWalker(span, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(phrase);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(n, i);
    range.setEnd(n, i + phrase.length);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    clause.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return true;
  }
}
return false;
"""

# Scrolls the reader to an element and answers once the scroll event (which hides the
# selection toolbar) has been handled.
SCROLL_INTO_VIEW = """
const [el, done] = arguments;
const view = document.getElementById('text-view');
const before = view.scrollTop;
el.scrollIntoView({block: 'center'});
if (view.scrollTop === before) done(true);
else view.addEventListener('scroll', () => requestAnimationFrame(() => done(true)), {once: true});
"""


@pytest.fixture(scope="module")
def own_archive(tmp_path_factory):
    return tmp_path_factory.mktemp("annotations")


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def settled(driver, doc_id=None):
    """The document (any, or `doc_id`) is open and drawn whole: the reader is no longer
    busy adding its annotations and links, which would sweep away a selection."""
    selector = "#text-view article.document" + (f'[data-document-id="{doc_id}"]' if doc_id else "")
    return css(driver, selector) and not css(driver, "#text-view[aria-busy]")


def wait_ready(driver):
    wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
    wait_for(driver, settled, what="the first document")


def open_document(driver, title):
    entry = wait_for(
        driver,
        lambda d: next((e for e in css(d, "#toc .toc-entry") if title in e.text), None),
        what=f"the 目录 entry {title}",
    )
    doc_id = entry.get_attribute("data-document-id")
    entry.click()
    wait_for(driver, lambda d: settled(d, doc_id), what="the document to open")
    return doc_id


def clause(driver, path):
    return driver.execute_script(
        "return [...document.querySelectorAll('#text-view .clause')].find(c => c.dataset.path === arguments[0]);",
        path,
    )


def test_highlight_note_restart_and_jump(own_archive):
    with app_session(own_archive) as d:
        wait_ready(d)
        doc_id = open_document(d, DOC_TITLE)
        wait_for(d, lambda d: clause(d, PATH), what=f"clause {PATH}")

        # Select the phrase (in view: the toolbar goes away when the text scrolls), pick
        # green from the toolbar.
        d.execute_async_script(SCROLL_INTO_VIEW, clause(d, PATH))
        assert d.execute_script(SELECT_PHRASE, PATH, PHRASE), "the phrase is in the clause"
        swatch = wait_for(
            d,
            lambda d: [b for b in css(d, '#anno-toolbar .anno-swatch[data-color="green"]') if b.is_displayed()],
            what="the highlight toolbar",
        )[0]
        swatch.click()
        mark = wait_for(
            d,
            lambda d: [m for m in css(d, "#text-view mark.anno.anno-green") if m.text == PHRASE],
            what="the green highlight",
        )[0]
        assert mark.find_element(By.XPATH, "./ancestor::div[contains(@class,'clause')]").get_attribute("data-path") == PATH

        # Click the highlight and write a note on it.
        mark.click()
        text = wait_for(d, lambda d: [t for t in css(d, "#anno-note-text") if t.is_displayed()], what="the note editor")[0]
        text.send_keys(NOTE)
        d.find_element(By.ID, "anno-note-tags").send_keys("信息共享")
        d.find_element(By.ID, "anno-note-save").click()
        wait_for(
            d,
            lambda d: [n for n in css(d, "#text-view .anno-note .anno-note-text") if n.text == NOTE],
            what="the note beside its clause",
        )
        screenshot(d, "annotations-reader.png")

    # A fresh app process on the same archive.
    with app_session(own_archive) as d:
        wait_ready(d)
        # Read something else first, so the jump has somewhere to go.
        entries = [e for e in css(d, "#toc .toc-entry") if e.is_enabled() and DOC_TITLE not in e.text]
        other = entries[-1].get_attribute("data-document-id")
        entries[-1].click()
        wait_for(d, lambda d: css(d, f'#text-view article.document[data-document-id="{other}"]'), what="another document")

        d.find_element(By.ID, "annotations-button").click()
        item = wait_for(
            d,
            lambda d: [i for i in css(d, "#annotations-panel .anno-item") if NOTE in i.text],
            what="the note in the annotations panel",
        )[0]
        assert PHRASE in item.text and PATH in item.text
        assert item.get_attribute("data-status") == "anchored"
        screenshot(d, "annotations-panel.png")

        # The filters narrow the list: a colour that is not used hides the note.
        d.find_element(By.CSS_SELECTOR, '#anno-filter-color option[value="purple"]').click()
        wait_for(d, lambda d: not [i for i in css(d, "#annotations-panel .anno-item") if NOTE in i.text], what="the colour filter")
        d.find_element(By.CSS_SELECTOR, '#anno-filter-color option[value="green"]').click()
        item = wait_for(
            d,
            lambda d: [i for i in css(d, "#annotations-panel .anno-item") if NOTE in i.text],
            what="the note under the green filter",
        )[0]

        item.click()
        wait_for(d, lambda d: css(d, f'#text-view article.document[data-document-id="{doc_id}"]'), what="the jump to the document")
        target = wait_for(d, lambda d: clause(d, PATH), what=f"clause {PATH}")
        wait_for(d, lambda d: "flash" in (clause(d, PATH).get_attribute("class") or ""), what="the clause to be marked")
        in_view = d.execute_script(
            "const c = arguments[0].getBoundingClientRect(), v = document.getElementById('text-view').getBoundingClientRect();"
            "return c.top < v.bottom && c.bottom > v.top;",
            target,
        )
        assert in_view, "the clause is scrolled into view"
        wait_for(
            d,
            lambda d: [m for m in css(d, "#text-view mark.anno.anno-green") if m.text == PHRASE],
            what="the highlight after the restart",
        )
        notes = [n.text for n in css(d, "#text-view .anno-note .anno-note-text")]
        assert NOTE in notes
