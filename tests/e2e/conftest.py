"""Sessions of the real desktop app, driven through tauri-driver (WebDriver).

run.sh starts Xvfb and tauri-driver and sets GAZETTE_APP (the built binary),
TAURI_DRIVER_URL and, optionally, SCREENSHOT_DIR (where README screenshots go).
Each session starts a fresh app process on the archive directory it is given."""

import contextlib
import os
import pathlib
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.options import ArgOptions

REPO = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def _require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the e2e tests through tests/e2e/run.sh")
    return value


@contextlib.contextmanager
def app_session(archive, *files, inbox=None):
    """The app on `archive`, with `files` given on its command line to import, and
    `inbox` as its inbox folder (else the one run.sh names for every session)."""
    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability(
        "tauri:options",
        {
            "application": _require_env("GAZETTE_APP"),
            "args": [
                "--archive",
                str(archive),
                *(["--inbox", str(inbox)] if inbox else []),
                *[str(f) for f in files],
            ],
        },
    )
    driver = webdriver.Remote(command_executor=_require_env("TAURI_DRIVER_URL"), options=options)
    try:
        driver.set_window_size(1400, 880)
        yield driver
    finally:
        driver.quit()


def wait_for(driver, predicate, timeout=30, what="condition"):
    """Polls `predicate(driver)` until it returns something truthy, and returns that."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate(driver)
            if value:
                return value
        except WebDriverException as e:  # the element is being re-rendered
            last_error = e
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} ({last_error})")


# WebKitGTK drawing without compositing (the app's memory setting, src-tauri's
# webview.rs) answers WebDriver's screenshot only with its next repaint, and a window
# left idle for two seconds or so has none coming: the request then never returns.
# While a screenshot is taken, a one-pixel dot in the corner changes shade every frame.
REPAINT_START = """
const dot = document.createElement('div');
dot.id = 'e2e-repaint';
dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
document.body.append(dot);
let odd = false;
const tick = () => {
  if (!dot.isConnected) return;
  odd = !odd;
  dot.style.background = odd ? 'rgba(0,0,0,0.02)' : 'rgba(0,0,0,0.03)';
  requestAnimationFrame(tick);
};
tick();
"""
REPAINT_STOP = "document.getElementById('e2e-repaint')?.remove();"


def screenshot(driver, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        pathlib.Path(folder).mkdir(parents=True, exist_ok=True)
        driver.execute_script(REPAINT_START)
        try:
            driver.save_screenshot(str(pathlib.Path(folder) / name))
        finally:
            driver.execute_script(REPAINT_STOP)


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    """One archive shared by the tests in order: first run, reading, search, import."""
    return tmp_path_factory.mktemp("archive")
