"""A gazette:// link opens the app at its clause: the app started with a link as its
argument (as the desktop opens one) shows the linked document with that clause in
view and marked; the citation of that clause carries the same link; a bad link says
so in the reader. Uses an archive of its own (the first run imports the sample)."""

from urllib.parse import quote

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from conftest import app_session, screenshot, wait_for
from test_annotations import clause, css, settled, wait_ready

DOC_NUMBER_KEY = "聊政发201843号"
PATH = "五/19"
# Percent-encoded, as `gazette cite --link` and the app's citations write it.
LINK = "gazette://clause/" + "/".join(quote(part, safe="") for part in [DOC_NUMBER_KEY, *PATH.split("/")])

IN_VIEW = """
const el = arguments[0], box = document.getElementById('text-view').getBoundingClientRect();
const r = el.getBoundingClientRect();
return r.height > 0 && r.top >= box.top && r.top < box.bottom;
"""


@pytest.fixture(scope="module")
def own_archive(tmp_path_factory):
    return tmp_path_factory.mktemp("deeplink")


def linked_clause(d):
    """The clause `PATH` of the linked document, once it is drawn, marked and in view."""
    article = css(d, "#text-view article.document")
    if not article or not settled(d) or DOC_NUMBER_KEY[-3:] not in article[0].text[:200]:
        return None
    target = clause(d, PATH)
    if target is None or "flash" not in target.get_attribute("class").split():
        return None
    return target if d.execute_script(IN_VIEW, target) else None


def test_a_link_given_at_launch_opens_its_clause(own_archive):
    # The first run imports the bundled sample issue.
    with app_session(own_archive) as d:
        wait_ready(d)
    with app_session(own_archive, LINK) as d:
        target = wait_for(d, linked_clause, what=f"clause {PATH} of {DOC_NUMBER_KEY} in view")
        assert "落实安全管理责任" in target.text
        for close in css(d, "#import-close"):
            if close.is_displayed():
                close.click()
        screenshot(d, "deep-link.png")

        # Its citation carries the very link that opened it.
        target.find_element(By.CSS_SELECTOR, ".clause-head").click()
        ActionChains(d).send_keys("c").perform()
        shown = wait_for(
            d,
            lambda d: [n for n in css(d, "#cite-link") if n.is_displayed()],
            what="the citation's link",
        )
        assert shown[0].get_attribute("data-link") == LINK
        # Shown with its words decoded, as the app opens it too.
        assert shown[0].text == "gazette://clause/" + DOC_NUMBER_KEY + "/" + PATH


def test_a_bad_link_says_why(own_archive):
    with app_session(own_archive, "gazette://clause/") as d:
        error = wait_for(
            d,
            lambda d: css(d, '#text-view .error[data-kind="invalid_link"]'),
            what="the bad link's error in the reader",
        )
        assert "gazette://" in error[0].text
