"""Every pane shows the selected issue: choosing an issue whose 目录 entries match no
document empties the reader and says why, and one whose 目录 was not recognised lists
and opens the documents found in its body, instead of leaving the previous issue's
document under the new issue's name. Uses an archive of its own.

An import reports such issues (its self-check); here they are made by unlinking the
目录 of two imported issues in the archive database, as an unresolved import stores it."""

import sqlite3

import pytest
from selenium.webdriver.common.by import By

from conftest import FIXTURES, app_session, screenshot, wait_for

SHANDONG = FIXTURES / "other" / "shandong-2019-17.pdf"
GUOWUYUAN = FIXTURES / "other" / "guowuyuan-2019-10.pdf"


@pytest.fixture(scope="module")
def own_archive(tmp_path_factory):
    return tmp_path_factory.mktemp("state")


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def settled(driver):
    return not css(driver, "#text-view[aria-busy]")


def choose_issue(d, label):
    issue = wait_for(d, lambda d: [b for b in css(d, "#library .issue") if label in b.text], what=f"issue {label}")[0]
    issue.click()
    wait_for(d, lambda d: label in d.find_element(By.CSS_SELECTOR, "#toc .toc-head").text, what=f"the 目录 of {label}")
    wait_for(d, settled, what="the reader to settle")


def reader_text(d):
    return d.find_element(By.ID, "text-view").text


def test_an_issue_without_documents_to_open_clears_the_reader(own_archive):
    with app_session(own_archive, SHANDONG, GUOWUYUAN) as d:
        wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
        wait_for(d, lambda d: len(css(d, "#library .issue")) == 3, timeout=90, what="the sample and two imports")

    with sqlite3.connect(own_archive / "archive.sqlite3") as db:
        issue = "SELECT id FROM issues WHERE year = 2019 AND number = ?"
        (shandong,) = db.execute(issue, (17,)).fetchone()
        (guowuyuan,) = db.execute(issue, (10,)).fetchone()
        sections = "SELECT id FROM toc_sections WHERE issue_id = ?"
        db.execute(f"UPDATE toc_entries SET document_id = NULL WHERE section_id IN ({sections})", (shandong,))
        db.execute(f"DELETE FROM toc_entries WHERE section_id IN ({sections})", (guowuyuan,))
        db.execute("DELETE FROM toc_sections WHERE issue_id = ?", (guowuyuan,))
        documents = [id for (id,) in db.execute("SELECT id FROM documents WHERE issue_id = ? ORDER BY ordinal", (guowuyuan,))]

    with app_session(own_archive) as d:
        wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
        choose_issue(d, "第8期")
        wait_for(d, lambda d: css(d, "#text-view article.document"), what="a document of the sample issue")
        sample_title = d.find_element(By.CSS_SELECTOR, "#text-view .doc-title").text

        # Every entry is there but opens nothing: the 目录 says so, the reader is empty.
        choose_issue(d, "第17号")
        assert not css(d, "#text-view article.document"), "the previous issue's document stays"
        assert sample_title not in reader_text(d)
        assert "未能对应到正文中的文件" in reader_text(d)
        assert d.find_element(By.TAG_NAME, "body").get_attribute("data-document-id") is None
        entries = css(d, "#toc .toc-entry")
        assert entries and not any(e.is_enabled() for e in entries)
        assert "未能对应" in d.find_element(By.CSS_SELECTOR, "#toc .toc-unresolved").text
        screenshot(d, "unresolved-contents.png")

        # Back to an issue with documents, then to one whose 目录 is empty: the pane lists
        # the documents found in its body, says so, and the reader opens the first of
        # them, never the previous issue's.
        choose_issue(d, "第8期")
        wait_for(d, lambda d: css(d, "#text-view article.document"), what="the sample's document again")
        choose_issue(d, "第10号")
        assert "未识别出目录" in d.find_element(By.CSS_SELECTOR, "#toc .toc-from-body").text
        listed = [int(e.get_attribute("data-document-id")) for e in css(d, "#toc .toc-entry")]
        assert listed == documents, (listed, documents)
        shown = wait_for(d, lambda d: css(d, "#text-view article.document"), what="the issue's first document")[0]
        assert int(shown.get_attribute("data-document-id")) == documents[0]
        assert sample_title not in reader_text(d)
