"""The watched inbox folder: a PDF dropped into it while the app runs is imported by
itself, with a notice, and appears in the library; a file that cannot be imported
stays in the folder and its report is shown in the notice and in the settings."""

import shutil

from selenium.webdriver.common.by import By

from conftest import FIXTURES, app_session, screenshot, wait_for


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def test_a_pdf_dropped_in_the_inbox_is_imported_with_a_notice(tmp_path):
    archive, inbox = tmp_path / "archive", tmp_path / "收件箱"
    with app_session(archive, inbox=inbox) as d:
        wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
        wait_for(d, lambda d: len(css(d, "#library .issue")) == 1, timeout=60, what="the sample issue")
        assert inbox.is_dir(), "the inbox folder is created when absent"

        shutil.copy(FIXTURES / "other" / "shandong-2019-17.pdf", inbox / "山东公报.pdf")
        item = wait_for(d, lambda d: css(d, '#inbox-notice li[data-status="imported"]'), timeout=60, what="the notice")[0]
        assert "2019" in item.text and "17" in item.text, item.text
        wait_for(d, lambda d: len(css(d, "#library .issue")) == 2, what="the issue in the library")
        assert any("第17" in b.text for b in css(d, "#library .issue"))

        shutil.copy(FIXTURES / "bad" / "truncated-60pct.pdf", inbox / "坏文件.pdf")
        failed = wait_for(d, lambda d: css(d, '#inbox-notice li[data-status="error"]'), timeout=60, what="the failure")[0]
        assert "坏文件.pdf" in failed.text
        screenshot(d, "inbox-notice.png")
        assert (inbox / "坏文件.pdf").is_file(), "a failed file stays where it is"

        d.find_element(By.ID, "help-button").click()
        wait_for(d, lambda d: d.find_element(By.ID, "inbox-folder").text == str(inbox), what="the folder in the settings")
        listed = wait_for(d, lambda d: css(d, '#inbox-failures li[data-status="error"]'), what="the failure in the settings")
        assert [li.get_attribute("data-file") for li in listed] == ["坏文件.pdf"]
        assert len(css(d, "#library .issue")) == 2, "nothing imported twice"
