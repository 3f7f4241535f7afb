"""The app at the screen sizes offices have (1024×768 to 1920×1080): no two visible
controls overlap, nothing scrolls or is cut off sideways, the text keeps a readable
measure, and on narrow screens the library is a drawer and the search filters one
筛选 popover. A screenshot of each size goes to SCREENSHOT_DIR (docs/screenshots/).
Uses an archive of its own, so the order of the other e2e tests does not matter."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import app_session, screenshot, wait_for

SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)]

# Problems of the layout inside `arguments[0]` (the whole window when null), as
# sentences. A control counts as visible when CSS shows it and some part of it lies
# inside every scrolling box around it and inside the window.
LAYOUT_PROBLEMS = r"""
const root = arguments[0] || document.body;
const SELECTOR = 'button, input, select, textarea, a[href], summary, [role="button"], [tabindex]:not([tabindex="-1"])';
const W = window.innerWidth, H = window.innerHeight;
const problems = [];
const name = (el) => {
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 20);
  return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} "${text}"`;
};
const shown = (el) => {
  for (let e = el; e; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || Number(s.opacity) === 0) return false;
  }
  return getComputedStyle(el).visibility === 'visible';
};
// The part of each of el's boxes (one per line for inline elements) that can be seen.
const visibleBoxes = (el) => {
  const boxes = [];
  for (const r of el.getClientRects()) {
    let b = { l: r.left, t: r.top, r: r.right, b: r.bottom };
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = p.getBoundingClientRect();
      b = { l: Math.max(b.l, c.left), t: Math.max(b.t, c.top), r: Math.min(b.r, c.right), b: Math.min(b.b, c.bottom) };
    }
    b = { l: Math.max(b.l, 0), t: Math.max(b.t, 0), r: Math.min(b.r, W), b: Math.min(b.b, H) };
    if (b.r - b.l >= 1 && b.b - b.t >= 1) boxes.push(b);
  }
  return boxes;
};
const controls = [];
for (const el of root.querySelectorAll(SELECTOR)) {
  if (!shown(el)) continue;
  const boxes = visibleBoxes(el);
  if (boxes.length === 0) continue;
  controls.push({ el, boxes });
  // Cut off at a side of the window: part of it can never be seen or clicked.
  const r = el.getBoundingClientRect();
  if (r.left < -1 || r.right > W + 1) problems.push(`${name(el)} is cut off at the side of the window`);
}
for (let i = 0; i < controls.length; i++) {
  for (let j = i + 1; j < controls.length; j++) {
    const a = controls[i], b = controls[j];
    if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
    // Touching borders (a button group shares them) are not an overlap.
    const hit = a.boxes.some((x) => b.boxes.some((y) =>
      Math.min(x.r, y.r) - Math.max(x.l, y.l) > 2 && Math.min(x.b, y.b) - Math.max(x.t, y.t) > 2));
    if (hit) problems.push(`${name(a.el)} overlaps ${name(b.el)}`);
  }
}
if (document.documentElement.scrollWidth > W + 1) problems.push('the window scrolls sideways');
for (const el of root.querySelectorAll('*')) {
  const s = getComputedStyle(el);
  if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1 && shown(el)) {
    problems.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
  }
}
return problems;
"""

# Characters per line of the reader's body text.
MEASURE = r"""
const p = [...document.querySelectorAll('#text-view .clause-body p')].find((p) => p.offsetWidth > 0);
if (!p) return null;
return p.clientWidth / parseFloat(getComputedStyle(p).fontSize);
"""


@pytest.fixture(scope="module")
def own_archive(tmp_path_factory):
    return tmp_path_factory.mktemp("layout")


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def visible(driver, selector):
    return [e for e in css(driver, selector) if e.is_displayed()]


def settled(driver):
    """A document is open and drawn whole (text, annotations, links)."""
    return css(driver, "#text-view article.document") and not css(driver, "#text-view[aria-busy]")


def resize(d, width, height):
    d.set_window_size(width, height)
    wait_for(
        d,
        lambda d: d.execute_script("return [innerWidth, innerHeight]") == [width, height],
        what=f"a {width}×{height} window",
    )


def assert_no_problems(d, root=None):
    problems = d.execute_script(LAYOUT_PROBLEMS, root)
    assert problems == [], "\n".join(problems)


def test_every_office_screen_size_fits(own_archive):
    with app_session(own_archive) as d:
        wait_for(d, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready"), what="the library")
        wait_for(d, settled, what="the first document")
        # The first run's import report is a passing panel; the layout is what stays.
        close = wait_for(d, lambda d: visible(d, "#import-close"), what="the import report")[0]
        close.click()
        # A document with citations, so that links in the text are checked too.
        entries = [e for e in css(d, "#toc .toc-entry") if e.is_enabled()]
        entries[1].click()
        wait_for(d, settled, what="the second document")

        for width, height in SIZES:
            resize(d, width, height)
            narrow = width < 1280
            assert_no_problems(d)
            measure = d.execute_script(MEASURE)
            assert measure is not None and 24 <= measure <= 52, f"{measure} characters a line at {width}×{height}"

            toggle = css(d, "#library-toggle")[0]
            library = d.find_element(By.ID, "library")
            assert toggle.is_displayed() == narrow
            assert bool(visible(d, "#library .issue")) != narrow, "the library is a pane, or a closed drawer"
            filters = css(d, "#filter-toggle")[0]
            assert filters.is_displayed() == (width < 1400)
            assert d.find_element(By.ID, "filter-status").is_displayed() == (width >= 1400)
            screenshot(d, f"layout-{width}x{height}.png")

            if width < 1400:
                # One 筛选 popover holds every filter; Esc closes it.
                filters.click()
                wait_for(d, lambda d: d.find_element(By.ID, "filter-status").is_displayed(), what="the 筛选 popover")
                assert_no_problems(d, d.find_element(By.ID, "search-filters"))
                assert_no_problems(d, d.find_element(By.CSS_SELECTOR, "header.topbar"))
                if width == 1024:
                    screenshot(d, "layout-1024x768-filters.png")
                ActionChains(d).send_keys(Keys.ESCAPE).perform()
                wait_for(d, lambda d: not d.find_element(By.ID, "filter-status").is_displayed(), what="the popover to close")

            if narrow:
                # The drawer opens from the keyboard too, and choosing an issue closes it.
                ActionChains(d).key_down(Keys.ALT).send_keys("1").key_up(Keys.ALT).perform()
                wait_for(d, lambda d: visible(d, "#library .issue"), what="the library drawer")
                assert toggle.get_attribute("aria-expanded") == "true"
                assert_no_problems(d, library)
                if width == 1024:
                    screenshot(d, "layout-1024x768-library.png")
                visible(d, "#library .issue")[0].click()
                wait_for(d, lambda d: not visible(d, "#library .issue"), what="the drawer to close")
                wait_for(d, settled, what="the issue's first document")
