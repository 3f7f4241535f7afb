"""Notes that travel, in the real app: two archives exchange bundles (through the
command line, as the file dialogs cannot be driven) after the same note was changed
on both; the annotations panel of the app shows the kept change and the one that
lost, with the export and merge buttons."""

import json
import os
import pathlib
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import FIXTURES, app_session, screenshot, wait_for
from test_annotations import css, wait_ready

DOC = "聊政发〔2018〕41号"


def gazette(archive, *args):
    cli = pathlib.Path(os.environ["GAZETTE_APP"]).with_name("gazette")
    out = subprocess.run([str(cli), "--archive", str(archive), "--json", *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout) if out.stdout.strip() else None


@pytest.fixture(scope="module")
def office_and_laptop(tmp_path_factory):
    office, laptop = tmp_path_factory.mktemp("office"), tmp_path_factory.mktemp("laptop")
    for archive in (office, laptop):
        gazette(archive, "import", str(FIXTURES / "liaocheng-2018-08-1col.pdf"))
    note = gazette(office, "note", "add", DOC, "三/（一）", "由信用办牵头")["id"]
    first = office / "first.json"
    gazette(office, "annotations", "bundle", "--output", str(first))
    gazette(laptop, "annotations", "merge", str(first))
    gazette(laptop, "annotations", "edit", note, "--note", "由办公室牵头")
    gazette(office, "annotations", "edit", note, "--note", "由信用办牵头，办公室配合")
    there, back = office / "to-laptop.json", laptop / "to-office.json"
    gazette(office, "annotations", "bundle", "--output", str(there))
    gazette(laptop, "annotations", "bundle", "--output", str(back))
    assert gazette(office, "annotations", "merge", str(back))["conflicts"] == 1
    assert gazette(laptop, "annotations", "merge", str(there))["conflicts"] == 1
    return office, laptop


def test_the_panel_shows_a_conflict_and_keeps_both_changes(office_and_laptop):
    office, laptop = office_and_laptop
    kept = gazette(office, "annotations")["annotations"][0]["note"]
    assert kept == gazette(laptop, "annotations")["annotations"][0]["note"]
    lost = ({"由办公室牵头", "由信用办牵头，办公室配合"} - {kept}).pop()
    with app_session(office) as d:
        wait_ready(d)
        d.find_element(By.ID, "annotations-button").click()
        conflict = wait_for(d, lambda d: css(d, "#annotations-panel .sync-conflict"), what="the conflict")[0]
        assert kept in conflict.find_element(By.CSS_SELECTOR, ".sync-kept").text
        assert lost in conflict.find_element(By.CSS_SELECTOR, ".sync-lost").text
        assert css(d, "#sync-export") and css(d, "#sync-import")
        screenshot(d, "notes-sync-conflict.png")
