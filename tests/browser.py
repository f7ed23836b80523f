"""Headless Chromium for the report tests (Selenium 4 + the distribution's chromedriver).

Nothing is downloaded: the browser and driver paths are found on this machine and passed to Selenium
explicitly, so Selenium Manager never runs, and the browser resolves no host name, so a page can reach
no network. On Debian: `apt-get install -y chromium chromium-driver` (.ci/run does it).

* `find_chromium()` / `require_chromium()` — the (browser, driver) paths; skip (or fail under CI) without them.
* `start_browser(width, height)` — a headless `webdriver.Chrome` keeping the console log.
* `set_viewport(driver, width, height)` — make the page viewport exactly that size (e.g. a phone's 390×844).
* `open_page(driver, path)` — load a file, wait for it, return its console errors and warnings.
* `external_requests(driver)` — the URLs of every resource the page loaded.
* `save_screenshot(driver, name)` — a full-page PNG under the test output folder.
* `horizontal_overflow(driver)` — how many pixels the page is wider than the window.
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
DRIVERS = ("chromedriver", "/usr/lib/chromium/chromedriver")
MISSING = "Chromium is missing: .ci/run installs it with apt-get install -y chromium chromium-driver"
CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # every host name fails to resolve: no network at all
)


def _which(names: tuple[str, ...]) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_chromium() -> tuple[str, str] | None:
    """(browser, chromedriver) paths, or None when either is missing."""
    browser, driver = _which(BROWSERS), _which(DRIVERS)
    return (browser, driver) if browser and driver else None


def require_chromium() -> tuple[str, str]:
    """The paths of `find_chromium()`; without them (or without Selenium) the test is skipped, or fails
    when $CI is set: CI must run the browser tests, not skip them."""
    paths = find_chromium()
    if paths is None:
        if os.environ.get("CI"):
            pytest.fail(MISSING, pytrace=False)
        pytest.skip("Chromium or chromedriver not found: install them (Debian/Ubuntu: apt-get install -y chromium"
                    " chromium-driver) to run the browser tests; under CI, .ci/run installs them")
    try:
        import selenium  # noqa: F401
    except ImportError:
        reason = "Selenium is missing: pip install -e '.[test]'"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return paths


def start_browser(width: int = 1280, height: int = 900):
    """A headless Chromium of `width`×`height` that keeps every console message (`open_page` reads them)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    set_viewport(driver, width, height)
    return driver


def set_viewport(driver, width: int, height: int) -> None:
    """Make the viewport exactly `width`×`height` CSS pixels, for every page loaded afterwards.

    A window size is not enough (a headless window is at least 500 px wide and its height includes the
    window frame). Desktop emulation on purpose: mobile emulation zooms a too-wide page out to fit the
    screen, which hides exactly the overflow `horizontal_overflow` looks for.
    """
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def open_page(driver, path: Path) -> list[str]:
    """Load `path` from file://, wait until it has loaded, return its console messages at SEVERE or
    WARNING (an uncaught exception is SEVERE). Messages of earlier pages are dropped first."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # reading the log empties it: what follows belongs to this page only
    driver.get(Path(path).resolve().as_uri())
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return [f"{e['level']}: {e['message']}" for e in driver.get_log("browser")
            if e.get("level") in ("SEVERE", "WARNING")]


def external_requests(driver) -> list[str]:
    """The URL of every resource the page fetched (a self-contained page fetches none)."""
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name);")


def output_dir() -> Path:
    """$STDMAP_TEST_OUTPUT, else test-output/ at the repository root (git-ignored)."""
    return Path(os.environ.get("STDMAP_TEST_OUTPUT") or ROOT / "test-output")


def save_screenshot(driver, name: str) -> Path:
    """A PNG of the whole page (not only the window) at <output dir>/screenshots/<name>.png."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path = output_dir() / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def horizontal_overflow(driver) -> int:
    """Pixels of horizontal scrolling the whole page needs (≤ 1 to read it on a phone without panning)."""
    return int(driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth;"))
