"""Links between documents in the app: status badges in the 目录, the reader and search
results, citations in the text as links (or "not in the library"), the related-documents
list, and the status filter of search. Runs on the shared archive, after test_app.py
(or alone: a first run imports the sample issue)."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import app_session, screenshot, wait_for

HOUSING = "聊政办发〔2018〕20号"  # 有效期为5年 from 2018-08-17: expired
GREEN = "聊政发〔2018〕46号"  # repeals 聊政发〔2013〕70号, which is not in the library


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def open_liaocheng_issue(d):
    wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
    issue = wait_for(
        d,
        lambda d: [b for b in css(d, "#library .issue") if "第8期" in b.text],
        what="the sample issue in the library",
    )[0]
    issue.click()
    wait_for(d, lambda d: "2018" in d.find_element(By.CSS_SELECTOR, "#toc .toc-head").text, what="its 目录")


def toc_entry(d, doc_number):
    return wait_for(
        d,
        lambda d: [
            e
            for e in css(d, "#toc .toc-entry")
            if any(n.text == doc_number for n in e.find_elements(By.CSS_SELECTOR, ".entry-docnum"))
        ],
        what=f"the 目录 entry of {doc_number}",
    )[0]


def open_entry(d, entry):
    doc_id = entry.get_attribute("data-document-id")
    entry.click()
    return wait_for(
        d,
        lambda d: [a for a in css(d, "#text-view article.document") if a.get_attribute("data-document-id") == doc_id],
        what="the document",
    )[0]


def test_status_badges_and_citation_links(archive):
    with app_session(archive) as d:
        open_liaocheng_issue(d)

        # The 目录 marks the expired document, and only the exceptions.
        housing = toc_entry(d, HOUSING)
        badges = housing.find_elements(By.CSS_SELECTOR, ".status-badge")
        assert [b.get_attribute("data-status") for b in badges] == ["expired"]
        assert badges[0].text == "已失效"
        assert not toc_entry(d, GREEN).find_elements(By.CSS_SELECTOR, ".status-badge")

        # The reader's header carries the badge; the related-documents list the dates.
        article = open_entry(d, housing)
        badge = article.find_element(By.CSS_SELECTOR, ".doc-facts .status-badge")
        assert badge.get_attribute("data-status") == "expired"
        links = wait_for(d, lambda d: css(d, "#text-view .doc-links"), what="the related documents")[0]
        assert "2023-08-16" in links.find_element(By.CSS_SELECTOR, ".validity").text
        screenshot(d, "links-expired.png")

        # A repealed document the library lacks: the mention says so when clicked.
        article = open_entry(d, toc_entry(d, GREEN))
        assert article.find_element(By.CSS_SELECTOR, ".doc-facts .status-badge").get_attribute("data-status") == "in_force"
        mention = wait_for(
            d,
            lambda d: [m for m in css(d, "#text-view .citation.missing") if m.text == "聊政发〔2013〕70号"],
            what="the mention of the repealed document",
        )[0]
        note = mention.find_element(By.XPATH, "following-sibling::span[contains(@class, 'citation-note')]")
        assert not note.is_displayed()
        # Clear of the import report that the first run leaves in the corner.
        d.execute_script("arguments[0].scrollIntoView({block: 'center'});", mention)
        mention.click()
        assert note.is_displayed() and note.text == "文库中无此文件"
        repeals = css(d, "#text-view .doc-links .link-repeals li")
        assert len(repeals) == 1 and "聊政发〔2013〕70号" in repeals[0].text
        screenshot(d, "links-citations.png")


def test_search_results_show_and_filter_by_status(archive):
    with app_session(archive) as d:
        open_liaocheng_issue(d)
        box = d.find_element(By.ID, "search-input")
        box.send_keys("租赁")
        wait_for(d, lambda d: css(d, "#search-results .hit-group"), what="search results")
        expired = wait_for(
            d,
            lambda d: [g for g in css(d, "#search-results .hit-group") if g.find_elements(By.CSS_SELECTOR, ".status-badge")],
            what="a result marked with its status",
        )
        assert any(HOUSING in g.text for g in expired)

        status = Select(d.find_element(By.ID, "filter-status"))
        status.select_by_value("in_force")
        wait_for(
            d,
            lambda d: (gs := css(d, "#search-results .hit-group")) and all(HOUSING not in g.text for g in gs),
            what="only documents in force",
        )
        assert not css(d, "#search-results .status-badge"), "in force is not marked in results"
        status.select_by_value("expired")
        groups = wait_for(
            d,
            lambda d: (gs := css(d, "#search-results .hit-group")) and any(HOUSING in g.text for g in gs) and gs,
            what="the expired documents",
        )
        assert all(g.find_element(By.CSS_SELECTOR, ".status-badge").get_attribute("data-status") == "expired" for g in groups)
        screenshot(d, "links-search-filter.png")
