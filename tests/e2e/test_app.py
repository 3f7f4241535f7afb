"""End-to-end tests of the desktop app: the real binary, its real archive, its UI.

The tests share one archive and run in file order: the first run imports the bundled
sample; the later ones read it, search it and import more into it."""

import json
import os
import pathlib
import shutil
import subprocess

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import FIXTURES, app_session, screenshot, wait_for


def gazette(archive, *args):
    """The command line built beside the app, on `archive`, answering in JSON."""
    cli = pathlib.Path(os.environ["GAZETTE_APP"]).with_name("gazette")
    out = subprocess.run([str(cli), "--archive", str(archive), "--json", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def issue_buttons(driver):
    return css(driver, "#library .issue")


def wait_library(driver):
    wait_for(driver, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")


def open_document_id(driver):
    docs = css(driver, "#text-view article.document")
    return docs[0].get_attribute("data-document-id") if docs else None


def test_first_run_imports_and_shows_the_sample_issue(archive):
    with app_session(archive) as d:
        wait_library(d)
        issues = wait_for(d, issue_buttons, what="the sample issue in the library")
        assert len(issues) == 1
        assert "第8期" in issues[0].text
        assert "聊城市人民政府公报" in d.find_element(By.ID, "library").text
        # The newest issue opens with its 目录 and its first document.
        entries = wait_for(d, lambda d: css(d, "#toc .toc-entry"), what="the 目录")
        assert len(entries) >= 5
        wait_for(d, open_document_id, what="the first document")
        report = css(d, "#import-list .import-row")
        assert report and report[0].get_attribute("data-status") == "imported"


def test_clicking_a_toc_entry_opens_that_document_at_its_page(archive):
    with app_session(archive) as d:
        wait_library(d)
        wait_for(d, open_document_id, what="the first document")
        entries = [e for e in css(d, "#toc .toc-entry") if e.is_enabled() and e.get_attribute("data-page")]
        entry = entries[2]
        doc_id = entry.get_attribute("data-document-id")
        page = int(entry.get_attribute("data-page"))
        entry.click()
        wait_for(d, lambda d: open_document_id(d) == doc_id, what="the document of the entry")
        assert entry.get_attribute("aria-current") == "true"
        # The first clause in view is on the entry's printed page, and says so.
        clause = d.execute_script(
            "const top = document.querySelector('#text-view .doc-facts').getBoundingClientRect().bottom;"
            "return [...document.querySelectorAll('#text-view .clause')]"
            "  .find(c => c.getBoundingClientRect().bottom > top + 4);"
        )
        assert int(clause.get_attribute("data-page")) == page
        assert clause.find_element(By.CSS_SELECTOR, ".clause-page").text == f"第{page}页"
        # Every clause shows its printed page.
        assert all(c.find_element(By.CSS_SELECTOR, ".clause-page").text for c in css(d, "#text-view .clause"))
        screenshot(d, "library-toc-reader.png")

        # The original page, side by side with the text, is the page the text is at.
        pdf_page = clause.get_attribute("data-pdf-page")
        d.find_element(By.ID, "view-both").click()
        canvas = wait_for(d, lambda d: css(d, "#page-canvas canvas.pdf-page"), what="the rendered PDF page")[0]
        assert canvas.get_attribute("data-pdf-page") == pdf_page
        assert int(canvas.get_attribute("width")) > 300
        screenshot(d, "reader-with-page.png")
        d.find_element(By.ID, "view-text").click()


def test_search_finds_a_clause_and_jumps_to_it(archive):
    with app_session(archive) as d:
        wait_library(d)
        wait_for(d, open_document_id, what="the first document")
        ActionChains(d).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
        box = d.switch_to.active_element
        assert box.get_attribute("id") == "search-input"
        box.send_keys("政务诚信")
        hits = wait_for(d, lambda d: css(d, "#search-results .hit"), what="search results")
        assert css(d, "#search-results .hit mark"), "the matched words are highlighted"
        screenshot(d, "search.png")
        # The first hit is the document whose title matched; go down to the first clause
        # hit with the arrow keys and open it with Enter.
        at = next(i for i, h in enumerate(hits) if h.get_attribute("data-clause-path"))
        target = hits[at]
        doc_id = target.get_attribute("data-document-id")
        path = target.get_attribute("data-clause-path")
        for _ in range(at + 1):
            d.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        assert d.switch_to.active_element.get_attribute("data-clause-path") == path
        d.switch_to.active_element.send_keys(Keys.ENTER)
        wait_for(d, lambda d: open_document_id(d) == doc_id, what="the hit's document")
        clause = wait_for(
            d,
            lambda d: [c for c in css(d, "#text-view .clause") if c.get_attribute("data-path") == path],
            what="the hit's clause",
        )[0]
        assert "flash" in clause.get_attribute("class")
        assert clause.find_elements(By.TAG_NAME, "mark"), "the terms are highlighted in the clause"
        in_view = d.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "const v = document.getElementById('text-view').getBoundingClientRect();"
            "return r.top >= v.top && r.top < v.bottom;",
            clause,
        )
        assert in_view


def press(driver, *keys, modifier=None):
    chain = ActionChains(driver)
    if modifier:
        chain.key_down(modifier)
    for key in keys:
        chain.send_keys(key)
    if modifier:
        chain.key_up(modifier)
    chain.perform()


def test_the_main_actions_need_no_mouse(archive):
    with app_session(archive) as d:
        wait_library(d)
        first = wait_for(d, open_document_id, what="the first document")
        press(d, "2", modifier=Keys.ALT)  # to the 目录
        assert "toc-entry" in d.switch_to.active_element.get_attribute("class")
        press(d, Keys.ARROW_DOWN, Keys.ENTER)
        second = d.switch_to.active_element.get_attribute("data-document-id")
        assert second != first
        wait_for(d, lambda d: open_document_id(d) == second, what="the next document")
        press(d, Keys.ARROW_DOWN, modifier=Keys.ALT)  # next document
        wait_for(d, lambda d: open_document_id(d) not in (first, second), what="the document after")
        press(d, "1", modifier=Keys.ALT)  # to the library
        assert "issue" in d.switch_to.active_element.get_attribute("class")
        press(d, "3", modifier=Keys.ALT)  # to the text
        assert d.switch_to.active_element.get_attribute("id") == "text-view"
        press(d, "p")  # the original page
        wait_for(d, lambda d: css(d, "#page-canvas canvas.pdf-page"), what="the page view")
        assert not d.find_element(By.ID, "text-view").is_displayed()
        shown = css(d, "#page-canvas canvas")[0].get_attribute("data-pdf-page")
        press(d, Keys.ARROW_RIGHT)
        wait_for(
            d,
            lambda d: css(d, "#page-canvas canvas")[0].get_attribute("data-pdf-page") == str(int(shown) + 1),
            what="the next page",
        )
        press(d, "t")
        assert d.find_element(By.ID, "text-view").is_displayed()
        press(d, "?")
        assert d.find_element(By.ID, "help-dialog").is_displayed()
        press(d, Keys.ESCAPE)
        assert not d.find_element(By.ID, "help-dialog").is_displayed()


def test_the_help_dialog_opens_the_chinese_guide(archive):
    with app_session(archive) as d:
        wait_library(d)
        press(d, "?")
        d.find_element(By.ID, "guide-button").click()
        guide = d.find_element(By.ID, "guide-dialog")
        wait_for(d, lambda d: guide.is_displayed(), what="the guide")
        assert not d.find_element(By.ID, "help-dialog").is_displayed()
        headings = [e.text for e in css(d, "#guide-body h3")]
        assert "八、出错时怎么办" in headings, headings
        # Every error kind the core can report has a row saying what to do.
        kinds = {e.text for e in css(d, "#guide-body td:first-child code")}
        assert {"not_a_pdf", "no_text_layer", "worse_edition", "index_unavailable"} <= kinds, kinds
        assert not css(d, "#guide-body script, #guide-body img")
        screenshot(d, "guide.png")
        press(d, Keys.ESCAPE)
        assert not guide.is_displayed()


def test_importing_a_pdf_shows_progress_and_the_new_issue(archive):
    pdf = FIXTURES / "other" / "shandong-2019-17.pdf"
    with app_session(archive, pdf) as d:
        wait_library(d)
        row = wait_for(d, lambda d: css(d, "#import-list .import-row"), what="the import row")[0]
        wait_for(d, lambda d: row.get_attribute("data-status") != "running", timeout=60, what="the import to end")
        assert row.get_attribute("data-status") == "imported", row.text
        stages = row.get_attribute("data-stages").split()
        assert "extracting" in stages and "done" in stages, stages
        assert row.find_element(By.TAG_NAME, "progress").get_attribute("value") == "1"
        wait_for(d, lambda d: len(issue_buttons(d)) == 2, what="the new issue in the library")
        current = wait_for(d, lambda d: css(d, "#library .issue[aria-current]"), what="the new issue selected")[0]
        # Named as printed: this gazette counts in 号, not 期.
        assert "第17号（总号：1668）" in current.text, current.text
        wait_for(d, lambda d: "第17号" in d.find_element(By.CSS_SELECTOR, "#toc .toc-head").text, what="its 目录")
        wait_for(d, open_document_id, what="its first document")
        screenshot(d, "import.png")


def test_several_files_import_with_page_progress_past_a_file_that_panics(tmp_path):
    # run.sh names this file for the app's panic hook. A fresh archive, so that none
    # of the files is already stored.
    panics = tmp_path / "panics-while-parsed.pdf"
    shutil.copy(FIXTURES / "other" / "guowuyuan-2019-10.pdf", panics)
    files = [FIXTURES / "zoo" / "zoo02-henan-2020-05.pdf", panics, FIXTURES / "other" / "shandong-2019-17.pdf"]
    with app_session(tmp_path / "archive", *files) as d:
        wait_library(d)

        def rows(d):
            found = [css(d, f'#import-list .import-row[data-file="{f}"]') for f in files]
            return [r[0] for r in found] if all(found) else None

        rows = wait_for(d, rows, what="a row per file")
        for row in rows:
            wait_for(d, lambda d: row.get_attribute("data-status") != "running", timeout=90, what="each import to end")
        statuses = [r.get_attribute("data-status") for r in rows]
        assert statuses == ["imported", "error", "imported"], statuses
        assert rows[1].find_element(By.CSS_SELECTOR, ".error-text").get_attribute("data-kind") == "extraction_failed"
        for row in (rows[0], rows[2]):
            pages = [[int(n) for n in p.split("/")] for p in row.get_attribute("data-pages").split()]
            assert pages and all(done <= total for done, total in pages), pages
            assert max(done for done, _ in pages) == pages[0][1], pages
        wait_for(d, lambda d: len(issue_buttons(d)) >= 2, what="both neighbours in the library")
        screenshot(d, "import-several.png")


def test_the_import_panel_lists_the_contents_entries_the_self_check_did_not_match(tmp_path):
    # An issue with a page torn out: the document on it is gone, so its 目录 entry
    # resolves to nothing. The command line's report of the same file says which entries
    # did not resolve, and the panel must list exactly those.
    pdf = FIXTURES / "bad" / "page-missing.pdf"
    cli = gazette(tmp_path / "cli", "import", str(pdf))
    toc = cli["results"][0]["toc"]
    assert toc["unresolved"], toc
    with app_session(tmp_path / "app", pdf) as d:
        wait_library(d)
        row = wait_for(d, lambda d: css(d, f'#import-list .import-row[data-file="{pdf}"]'), what="the import row")[0]
        wait_for(d, lambda d: row.get_attribute("data-status") != "running", timeout=60, what="the import to end")
        assert row.get_attribute("data-status") == "imported", row.text
        listed = [li.text for li in row.find_elements(By.CSS_SELECTOR, ".import-selfcheck li")]
        assert len(listed) == len(toc["unresolved"]), (listed, toc)
        for text, entry in zip(listed, toc["unresolved"]):
            assert text.startswith(entry["title"]), (text, entry)
        summary = row.find_element(By.CSS_SELECTOR, ".import-selfcheck p").text
        assert f"{toc['listed']} 篇" in summary and f"{toc['recognised']} 篇" in summary, summary
        screenshot(d, "import-selfcheck.png")


def test_a_bad_pdf_shows_a_clear_error_and_changes_nothing(archive):
    encrypted = FIXTURES / "bad" / "encrypted-userpw-aes256.pdf"
    truncated = FIXTURES / "bad" / "truncated-60pct.pdf"
    with app_session(archive, encrypted, truncated) as d:
        wait_library(d)
        library = "return [...document.querySelectorAll('#library .issue')].map(b => b.textContent)"
        before = d.execute_script(library)
        assert len(before) == 2, before
        rows = wait_for(
            d,
            lambda d: [r for r in css(d, "#import-list .import-row") if r.get_attribute("data-status") == "error"],
            timeout=60,
            what="two error reports",
        )
        wait_for(d, lambda d: len(css(d, "#import-list .import-row[data-status=error]")) == 2, what="both reports")
        rows = css(d, "#import-list .import-row")
        by_file = {r.get_attribute("data-file").rsplit("/", 1)[-1]: r for r in rows}
        locked = by_file["encrypted-userpw-aes256.pdf"]
        assert locked.find_element(By.CSS_SELECTOR, ".error-text").text == "此文件需要密码。"
        assert locked.find_element(By.CSS_SELECTOR, "input[type=password]").is_displayed()
        broken = by_file["truncated-60pct.pdf"].find_element(By.CSS_SELECTOR, ".error-text")
        assert broken.text and "error" not in broken.text.lower()
        assert d.execute_script(library) == before
        screenshot(d, "import-errors.png")

        # The password prompt: a wrong password says so; the right one imports the file
        # (the same issue as the sample, so it replaces it as a new edition).
        def retry_with(password):
            field = locked.find_element(By.CSS_SELECTOR, "input[type=password]")
            field.send_keys(password, Keys.ENTER)
            wait_for(d, lambda d: locked.get_attribute("data-status") != "running", timeout=60, what="the retry")

        retry_with("wrong")
        assert locked.find_element(By.CSS_SELECTOR, ".error-text").text == "密码不正确，请重试。"
        retry_with("gongbao")
        assert locked.get_attribute("data-status") == "replaced", locked.text
