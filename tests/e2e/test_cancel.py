"""Cancelling an import from the import panel: the files not yet written are reported
as cancelled and change nothing, those already written stay, and the archive holds
exactly those. Uses an archive of its own."""

import sqlite3

from selenium.webdriver.common.by import By

from conftest import FIXTURES, app_session, wait_for

# Every zoo issue: a batch this long is still under way when the click lands. With six
# small files, an idle machine finished the batch before the cancel reached it.
ZOO = sorted((FIXTURES / "zoo").glob("*.pdf"))


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def test_cancel_stops_a_running_import_and_keeps_what_was_written(tmp_path):
    assert len(ZOO) >= 50
    with app_session(tmp_path / "archive", *ZOO) as d:
        wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
        # The sample is imported first; the named files next, in one batch.
        rows = wait_for(d, lambda d: [r for r in css(d, "#import-list .import-row[data-file]") if r.get_attribute("data-file").endswith(ZOO[0].name) and r.get_attribute("data-stages")], timeout=90, what="the batch under way")
        assert rows
        cancel = d.find_element(By.ID, "import-cancel")
        assert cancel.is_displayed()
        cancel.click()
        wait_for(d, lambda d: not d.find_element(By.ID, "import-cancel").is_displayed(), timeout=90, what="the batch to stop")
        statuses = {}
        for row in css(d, "#import-list .import-row[data-file]"):
            name = row.get_attribute("data-file").split("/")[-1]
            kind = [e.get_attribute("data-kind") for e in row.find_elements(By.CSS_SELECTOR, ".error-text")]
            statuses[name] = kind[0] if kind else row.get_attribute("data-status")
        batch = {p.name: statuses.get(p.name) for p in ZOO}
        assert "cancelled" in batch.values(), batch
        assert set(batch.values()) <= {"imported", "cancelled"}, batch
        imported = sum(1 for s in batch.values() if s == "imported")
    # The sample and whatever was written before the cancel, nothing more. Counted in
    # the archive: the library unfolds only each gazette's newest year.
    with sqlite3.connect(tmp_path / "archive" / "archive.sqlite3") as db:
        (issues,) = db.execute("SELECT count(*) FROM issues").fetchone()
    assert issues == 1 + imported, (issues, imported)
