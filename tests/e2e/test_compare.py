"""Two versions of a regulation compared in the real app: the archive holds
全国年节及纪念日放假办法 as printed in 2013 and as republished in 2024 (two issues of the
State Council gazette, typeset from the real texts in tests/fixtures/amend and imported
through the command line); the reader's related documents link the 2024 text to the
2013 one, and its 对比 button opens the comparison with the decision's changes."""

import pytest
from selenium.webdriver.common.by import By

from conftest import FIXTURES, app_session, screenshot, wait_for
from test_annotations import css, open_document, wait_ready
from test_sync import gazette

OLD = FIXTURES / "amend" / "guowuyuan-2013-36.pdf"
NEW = FIXTURES / "amend" / "guowuyuan-2024-34.pdf"

# Scrolls the reader to the related documents and returns the compare button once drawn.
SHOW_COMPARE = """
const reader = document.getElementById('text-view');
const button = [...reader.querySelectorAll('.doc-links button.compare')].find(b => b.offsetParent);
if (!button) return null;
button.scrollIntoView({block: 'center'});
return button;
"""


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory):
    archive = tmp_path_factory.mktemp("compare")
    gazette(archive, "import", str(OLD), str(NEW))
    return archive


def change(item):
    return item.get_attribute("data-change"), item.find_element(By.CSS_SELECTOR, ".diff-where").text


def test_the_compare_button_shows_what_the_amendment_changed(two_versions):
    with app_session(two_versions) as d:
        wait_ready(d)
        issue = wait_for(d, lambda d: [b for b in css(d, "#library .issue") if "第34号" in b.text], what="the 2024 issue")[0]
        issue.click()
        wait_for(d, lambda d: "第34号" in d.find_element(By.CSS_SELECTOR, "#toc .toc-head").text, what="its 目录")
        open_document(d, "全国年节及纪念日放假办法")
        wait_for(d, lambda d: "（1949年12月23日政务院发布" in d.find_element(By.ID, "text-view").text, what="the 2024 text")
        wait_for(d, lambda d: d.execute_script(SHOW_COMPARE), what="the 对比 button").click()

        dialog = wait_for(d, lambda d: [x for x in css(d, "#compare-dialog") if x.is_displayed()], what="the comparison")[0]
        items = wait_for(d, lambda d: dialog.find_elements(By.CSS_SELECTOR, ".diff-clause"), what="its clauses")
        # One title, so each version is named with the issue that printed it.
        heading = dialog.find_element(By.TAG_NAME, "h2").text
        assert heading == "对比：全国年节及纪念日放假办法（2013年第36号） → 全国年节及纪念日放假办法（2024年第34号）"
        summary = dialog.find_element(By.CSS_SELECTOR, ".diff-summary").text
        assert summary == "6 条不同，13 条相同（不计格式差异）"
        assert [change(i) for i in items] == [
            ("changed", "修改 第二条/（一）"),
            ("changed", "修改 第二条/（二）"),
            ("changed", "修改 第二条/（四）"),
            ("changed", "修改 第二条/（七）"),
            ("changed", "修改 第六条"),
            ("added", "新增 第七条"),
        ]
        # The changed words are marked inside the clause: 新年 struck, 元旦 underlined.
        first = items[0]
        assert [x.text for x in first.find_elements(By.TAG_NAME, "del")] == ["新年"]
        assert [x.text for x in first.find_elements(By.TAG_NAME, "ins")] == ["元旦"]
        screenshot(d, "compare.png")
