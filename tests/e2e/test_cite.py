"""Citing a clause in the real app: press C on a clause and the notice shows (and the
clipboard holds) the official citation; the clause menu cites too, and the notice
switches styles. Uses an archive of its own (the first run imports the bundled
sample), so the order of the other e2e tests does not matter."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains

from conftest import app_session, screenshot, wait_for
from test_annotations import clause, css, open_document, wait_ready

DOC_TITLE = "关于加强政务诚信建设的实施意见"
TITLE = "《聊城市人民政府关于加强政务诚信建设的实施意见》（聊政发〔2018〕41号）"
SOURCE = "《聊城市人民政府公报》2018年第8期"

# What the page can read back of the clipboard, where the webview allows it.
READ_CLIPBOARD = """
const done = arguments[arguments.length - 1];
navigator.clipboard.readText().then(done, () => done(null));
"""


@pytest.fixture(scope="module")
def own_archive(tmp_path_factory):
    return tmp_path_factory.mktemp("cite")


def notice_text(d):
    shown = [n for n in css(d, "#cite-notice") if n.is_displayed()]
    return shown and shown[0].find_element(By.ID, "cite-text").text


def test_press_c_on_a_clause_copies_its_citation(own_archive):
    with app_session(own_archive) as d:
        wait_ready(d)
        # The first run's import report would cover the notice in the screenshot.
        for close in css(d, "#import-close"):
            if close.is_displayed():
                close.click()
        # The style chosen last is remembered by the webview: start from the default.
        d.execute_script("localStorage.removeItem('gazette-reader.cite-style')")
        open_document(d, DOC_TITLE)
        target = wait_for(d, lambda d: clause(d, "二/（一）"), what="clause 二/（一）")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
        target.find_element(By.CSS_SELECTOR, ".clause-head").click()
        ActionChains(d).send_keys("c").perform()

        expected = f"{TITLE}第二部分第（一）项，载{SOURCE}，第3页。"
        assert wait_for(d, notice_text, what="the citation notice") == expected
        state = d.find_element(By.CSS_SELECTOR, "#cite-notice .cite-state")
        if state.get_attribute("data-copied") == "true":
            clipboard = d.execute_async_script(READ_CLIPBOARD)
            assert clipboard in (None, expected), clipboard
        else:
            # The clipboard refused: the text is selected for Ctrl+C instead.
            assert d.execute_script("return getSelection().toString()") == expected
        # The deep link the citation carries, shown readable; the rich copy's anchor
        # holds it percent-encoded.
        link = d.find_element(By.ID, "cite-link")
        assert link.text == "gazette://clause/聊政发201841号/二/（一）"
        assert link.get_attribute("data-link") == (
            "gazette://clause/%E8%81%8A%E6%94%BF%E5%8F%91201841%E5%8F%B7/%E4%BA%8C/%EF%BC%88%E4%B8%80%EF%BC%89"
        )
        screenshot(d, "cite.png")

        # Another style from the notice, remembered for the next citation.
        d.find_element(By.CSS_SELECTOR, '#cite-notice button[data-style="gbt7714"]').click()
        wait_for(
            d,
            lambda d: notice_text(d)
            == "聊城市人民政府. 聊城市人民政府关于加强政务诚信建设的实施意见: 聊政发〔2018〕41号[J]. 聊城市人民政府公报, 2018(8): 3.",
            what="the GB/T 7714 citation",
        )
        # The 2025 edition sets the same items with full-width marks.
        d.find_element(By.CSS_SELECTOR, '#cite-notice button[data-style="gbt7714-2025"]').click()
        wait_for(
            d,
            lambda d: notice_text(d)
            == "聊城市人民政府. 聊城市人民政府关于加强政务诚信建设的实施意见：聊政发〔2018〕41号[J]. 聊城市人民政府公报，2018（8）：3.",
            what="the GB/T 7714-2025 citation",
        )
        d.find_element(By.CSS_SELECTOR, '#cite-notice button[data-style="gbt7714"]').click()
        wait_for(d, lambda d: css(d, '#cite-text[data-style="gbt7714"]'), what="GB/T 7714-2015 again")

        # The clause menu of a deeper clause cites it in the chosen style.
        deeper = clause(d, "二/（一）/1")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", deeper)
        ActionChains(d).move_to_element(deeper).perform()
        deeper.find_element(By.CSS_SELECTOR, ".anno-menu-button").click()
        wait_for(d, lambda d: [b for b in css(d, "#anno-menu .anno-menu-cite") if b.is_displayed()], what="the clause menu")[0].click()
        wait_for(
            d,
            lambda d: css(d, '#cite-text[data-clause-path="二/（一）/1"][data-style="gbt7714"]'),
            what="the citation of 二/（一）/1 in the chosen style",
        )
        d.find_element(By.CSS_SELECTOR, '#cite-notice button[data-style="law"]').click()
        wait_for(
            d,
            lambda d: notice_text(d) == f"{TITLE}第二部分第（一）项第1目，载{SOURCE}，第3页。",
            what="the citation of 二/（一）/1",
        )
