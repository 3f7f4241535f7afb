"""Statuses as of a chosen day in the real app: the date picker in the search bar
recomputes the 目录's badges, the reader's badge and the search status filter for that
day, and the reader shows the document's timeline. Uses an archive of its own."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import app_session, screenshot, wait_for
from test_links import HOUSING, css, open_entry, open_liaocheng_issue, toc_entry

SET_DAY = """
const input = document.getElementById('filter-as-of');
input.value = arguments[0];
input.dispatchEvent(new Event('change', {bubbles: true}));
"""


# Scrolls the reader to the drawn timeline's panel; true once the timeline is visible.
SHOW_TIMELINE = """
const reader = document.getElementById('text-view');
const drawn = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
const timeline = [...reader.querySelectorAll('.timeline')].find(drawn);
if (!timeline) return false;
const panel = timeline.closest('.doc-links') || timeline;
const view = reader.getBoundingClientRect();
reader.scrollTop += panel.getBoundingClientRect().top - view.top - view.height / 4;
const r = timeline.getBoundingClientRect();
return r.height > 0 && r.top >= view.top && r.bottom <= view.bottom
  && getComputedStyle(timeline).visibility !== 'hidden';
"""


@pytest.fixture(scope="module")
def own_archive(tmp_path_factory):
    return tmp_path_factory.mktemp("as-of")


def badge(entry):
    return [b.get_attribute("data-status") for b in entry.find_elements(By.CSS_SELECTOR, ".status-badge")]


def test_the_day_picker_recomputes_badges_filter_and_shows_the_timeline(own_archive):
    with app_session(own_archive) as d:
        open_liaocheng_issue(d)
        for close in css(d, "#import-close"):
            if close.is_displayed():
                close.click()
        assert badge(toc_entry(d, HOUSING)) == ["expired"]

        # Between its effective day and its expiry: in force, so not marked.
        d.execute_script(SET_DAY, "2020-01-01")
        wait_for(d, lambda d: badge(toc_entry(d, HOUSING)) == [], what="20号 in force on 2020-01-01")
        # Before its issue: not yet in force.
        d.execute_script(SET_DAY, "2018-08-01")
        wait_for(d, lambda d: badge(toc_entry(d, HOUSING)) == ["not_yet_in_force"], what="20号 not yet issued")

        # After its expiry, in the reader with its timeline.
        d.execute_script(SET_DAY, "2023-08-17")
        article = open_entry(d, toc_entry(d, HOUSING))
        wait_for(
            d,
            lambda d: css(d, "#text-view .doc-facts .status-badge")[0].get_attribute("data-status") == "expired",
            what="the reader's badge on 2023-08-17",
        )
        events = wait_for(d, lambda d: css(d, "#text-view .timeline li"), what="the timeline")
        assert [e.get_attribute("data-kind") for e in events] == ["issued", "expires"]
        assert "2023-08-16" in events[1].text
        # The reader may still be laying out the links below the text: wait until the
        # timeline is drawn (a box of non-zero size), scroll the reader, which is what
        # scrolls, to its panel, and shoot once it lies inside the reader's box.
        wait_for(d, lambda d: d.execute_script(SHOW_TIMELINE), what="the timeline in the reader's view")
        screenshot(d, "as-of-timeline.png")

        # The status filter of search agrees with the day.
        d.find_element(By.ID, "search-input").send_keys("租赁")
        status = Select(d.find_element(By.ID, "filter-status"))
        status.select_by_value("expired")
        wait_for(
            d,
            lambda d: any(HOUSING in g.text for g in css(d, "#search-results .hit-group")),
            what="20号 among the expired on 2023-08-17",
        )
        d.execute_script(SET_DAY, "2020-01-01")
        wait_for(
            d,
            lambda d: (s := css(d, "#search-status")) and all(HOUSING not in g.text for g in css(d, "#search-results .hit-group")),
            what="20号 not expired on 2020-01-01",
        )
        status.select_by_value("in_force")
        wait_for(
            d,
            lambda d: any(HOUSING in g.text for g in css(d, "#search-results .hit-group")),
            what="20号 in force on 2020-01-01",
        )
        screenshot(d, "as-of-search.png")
