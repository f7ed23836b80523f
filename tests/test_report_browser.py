"""The HTML reports in a real headless Chromium (tests/browser.py): no console errors, no network, charts
and tables render, the tables sort and filter (reports/_assets/report.js), a phone can read the page, and
a screenshot lands in the test output folder (test-output/screenshots/, or $STDMAP_TEST_OUTPUT).

Two kinds of page: a sample built here to the templates' markup contract with report.js inlined (the
behaviour of the script), and every HTML file `stdmap report` writes today (the real reports open cleanly).
Without Chromium and chromedriver the tests skip, except under CI ($CI set), where they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import support
from browser import (
    ROOT,
    external_requests,
    horizontal_overflow,
    open_page,
    require_chromium,
    save_screenshot,
    set_viewport,
    start_browser,
)

# every test needs the browser; the fixture decides at run time whether there is one (nothing runs at import)
pytestmark = pytest.mark.usefixtures("driver")

REPORT_JS = ROOT / "reports" / "_assets" / "report.js"
DESKTOP = (1280, 900)
PHONE = (390, 844)


# -- the sample page --------------------------------------------------------------------------------------------------
def sort_header(type_: str, label: str) -> str:
    return f'<th scope="col" data-type="{type_}"><button type="button" class="sort">{label}</button></th>'


# (designation, title, lag cell attributes and text, ISO date, date as shown); lag of GB/T 24040 is empty
ADOPTIONS = [
    ("GB/T 24001-2016", "Environmental management systems — Requirements with guidance for use",
     "", "13", "2016-10-13", "13 Oct 2016"),
    ("GB/T 19001-2016", "Quality management systems — Requirements", "", "14", "2016-12-30", "30 Dec 2016"),
    ("GB/T 24040-2008", "Environmental management — Life cycle assessment — Principles and framework",
     "", "", "2008-05-26", "26 May 2008"),
    ("GB/T 23331-2020", "Energy management systems — Requirements with guidance for use",
     ' data-sort="25"', "2 y 1 m", "2020-11-19", "19 Nov 2020"),
    ("GB/T 45001-2020", "Occupational health and safety management systems — Requirements",
     "", "14", "2020-03-06", "6 Mar 2020"),
    ("GB/T 22080-2016", "Information security management systems — Requirements", "", "37", "2016-08-29",
     "29 Aug 2016"),
]
# 标准名称 in pinyin order: 环境 huán, 能源 néng, 信息 xìn, 质量 zhì (code point order would be 信 环 能 质)
ZH = [
    ("GB/T 24001-2016", "环境管理体系 要求及使用指南"),
    ("GB/T 19001-2016", "质量管理体系 要求"),
    ("GB/T 23331-2020", "能源管理体系 要求及使用指南"),
    ("GB/T 22080-2016", "信息安全管理体系 要求"),
]


def sample_page(lang: str = "en", script: str | None = None) -> str:
    """A report-like page: a line chart, a wide sortable table with a filter and a count, a Chinese table."""
    script = REPORT_JS.read_text(encoding="utf-8") if script is None else script
    rows = "\n".join(
        f'<tr><td>{d}</td><td>{t}</td><td class="num"{attrs}>{lag}</td><td data-sort="{iso}">{shown}</td>'
        f"<td>{t} ({d}), adopted {shown}: note kept on one line to make the table wider than a phone</td></tr>"
        for d, t, attrs, lag, iso, shown in ADOPTIONS)
    zh_rows = "\n".join(f"<tr><td>{d}</td><td>{t}</td></tr>" for d, t in ZH)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sample report · 示例报告</title>
<style>
  body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 1rem auto; max-width: 72rem; padding: 0 1rem; }}
  table {{ border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }}
  th, td {{ border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; }}
  td:last-child {{ white-space: nowrap; }}
  td.num {{ text-align: right; }}
  button.sort {{ font: inherit; font-weight: 600; border: 0; background: none; cursor: pointer; padding: 0; }}
  th[aria-sort="ascending"] button.sort::after {{ content: " ▲"; }}
  th[aria-sort="descending"] button.sort::after {{ content: " ▼"; }}
  svg {{ display: block; max-width: 100%; height: auto; }}
</style>
</head>
<body>
<h1>Sample report · <span lang="zh">示例报告</span></h1>
<svg data-chart="line" viewBox="0 0 320 160" width="320" height="160" role="img" aria-labelledby="chart-title">
  <title id="chart-title">Adoptions per year</title>
  <line x1="20" y1="140" x2="310" y2="140" stroke="#999"/>
  <polyline points="20,120 90,100 160,60 230,80 300,30" fill="none" stroke="#2b6cb0" stroke-width="2"/>
  <circle cx="300" cy="30" r="4" fill="#2b6cb0"/>
</svg>
<p><input type="search" class="filter" data-filter="t-adoptions" aria-label="Filter the adoptions">
<output class="count" data-count-for="t-adoptions"></output></p>
<div class="table-wrap" style="overflow-x:auto">
<table class="data" id="t-adoptions" data-sortable>
<thead><tr>{sort_header("text", "Standard")}{sort_header("text", "Title")}{sort_header("num", "Lag (months)")}\
{sort_header("date", "Adopted")}<th scope="col">Note</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</div>
<p><input type="search" class="filter" data-filter="t-zh" aria-label="筛选">
<output class="count" data-count-for="t-zh"></output></p>
<div class="table-wrap" style="overflow-x:auto">
<table class="data" id="t-zh" data-sortable lang="zh">
<thead><tr>{sort_header("text", "标准号")}{sort_header("text", "标准名称")}</tr></thead>
<tbody>
{zh_rows}
</tbody>
</table>
</div>
<script>{script}</script>
</body>
</html>
"""


# -- fixtures and helpers -------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def driver():
    require_chromium()
    browser = start_browser(*DESKTOP)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("browser-pages")
    (folder / "sample.html").write_text(sample_page(), encoding="utf-8")
    (folder / "sample-zh.html").write_text(sample_page(lang="zh"), encoding="utf-8")
    (folder / "no-tables.html").write_text(
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>empty</title></head>"
        f"<body><p>No tables here.</p><script>{REPORT_JS.read_text(encoding='utf-8')}</script></body></html>",
        encoding="utf-8")
    (folder / "broken.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>broken</title></head>"
        "<body><script>undefinedFunction()</script></body></html>", encoding="utf-8")
    return folder


@pytest.fixture
def sample(driver, pages):
    """The sample page freshly opened (unsorted, unfiltered); fails on any console error or warning."""
    assert open_page(driver, pages / "sample.html") == []
    return driver


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def column(driver, table: str, index: int) -> list[str]:
    """The sort keys of column `index` in the table's current row order (data-sort, else the text)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(`#${arguments[0]} tbody tr`)).map(r => {"
        " const c = r.cells[arguments[1]]; return c.hasAttribute('data-sort') ? c.dataset.sort"
        " : c.textContent.trim(); });", table, index)


def visible(driver, table: str) -> list[str]:
    """The designations (first column) of the rows not hidden."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(`#${arguments[0]} tbody tr`))"
        ".filter(r => !r.hidden).map(r => r.cells[0].textContent.trim());", table)


def aria_sort(driver, table: str) -> dict[int, str]:
    return driver.execute_script(
        "return Object.fromEntries(Array.from(document.querySelectorAll(`#${arguments[0]} thead th`))"
        ".map((th, i) => [i, th.getAttribute('aria-sort')]).filter(e => e[1] !== null));", table)


def header(driver, table: str, index: int):
    return css(driver, f"#{table} thead th:nth-child({index + 1}) button.sort")


def type_filter(driver, table: str, text: str) -> None:
    """Replace the filter's text from the keyboard, as a reader would (select all, delete, type)."""
    from selenium.webdriver.common.keys import Keys

    box = css(driver, f'input.filter[data-filter="{table}"]')
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    if text:
        box.send_keys(text)


def count(driver, table: str) -> str:
    return css(driver, f'output.count[data-count-for="{table}"]').text


def bounding_boxes(driver, selector: str) -> list[dict]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => {"
        " const r = e.getBoundingClientRect(); return {width: r.width, height: r.height}; });", selector)


# -- the sample page: loads cleanly -----------------------------------------------------------------------------------
def test_sample_opens_without_console_errors_or_requests(sample):
    assert external_requests(sample) == []
    assert count(sample, "t-adoptions") == "6 / 6" and count(sample, "t-zh") == "4 / 4"


def test_console_errors_are_reported(driver, pages):
    """The console check can fail: an uncaught error on the page comes back from open_page."""
    errors = open_page(driver, pages / "broken.html")
    assert any("undefinedFunction" in e and e.startswith("SEVERE") for e in errors), errors


def test_script_on_a_page_without_tables(driver, pages):
    assert open_page(driver, pages / "no-tables.html") == []


def test_chart_renders(sample):
    boxes = bounding_boxes(sample, "svg[data-chart]")
    assert boxes and all(b["width"] > 0 and b["height"] > 0 for b in boxes)
    assert all(b["width"] > 0 for b in bounding_boxes(sample, "svg[data-chart] circle"))


# -- sorting ----------------------------------------------------------------------------------------------------------
def test_num_sort_ascending_then_descending(sample):
    header(sample, "t-adoptions", 2).click()
    # ties (the two 14s) keep their order; the empty cell sorts last; "2 y 1 m" sorts by its data-sort 25
    assert column(sample, "t-adoptions", 2) == ["13", "14", "14", "25", "37", ""]
    assert column(sample, "t-adoptions", 0)[1:3] == ["GB/T 19001-2016", "GB/T 45001-2020"]
    assert aria_sort(sample, "t-adoptions") == {"2": "ascending"}

    header(sample, "t-adoptions", 2).click()
    assert column(sample, "t-adoptions", 2) == ["37", "25", "14", "14", "13", ""]  # empty still last
    assert column(sample, "t-adoptions", 0)[2:4] == ["GB/T 19001-2016", "GB/T 45001-2020"]  # stable
    assert aria_sort(sample, "t-adoptions") == {"2": "descending"}

    header(sample, "t-adoptions", 2).click()
    assert aria_sort(sample, "t-adoptions") == {"2": "ascending"}


def test_date_sort_uses_iso_keys_and_moves_aria_sort(sample):
    header(sample, "t-adoptions", 2).click()
    header(sample, "t-adoptions", 3).click()
    assert column(sample, "t-adoptions", 3) == sorted(a[4] for a in ADOPTIONS)
    assert aria_sort(sample, "t-adoptions") == {"3": "ascending"}  # removed from the Lag column
    header(sample, "t-adoptions", 3).click()
    assert column(sample, "t-adoptions", 3) == sorted((a[4] for a in ADOPTIONS), reverse=True)


def test_text_sort(sample):
    header(sample, "t-adoptions", 0).click()
    assert column(sample, "t-adoptions", 0) == sorted(a[0] for a in ADOPTIONS)
    header(sample, "t-adoptions", 0).click()
    assert column(sample, "t-adoptions", 0) == sorted((a[0] for a in ADOPTIONS), reverse=True)


def test_sort_from_the_keyboard(sample):
    from selenium.webdriver.common.keys import Keys

    header(sample, "t-adoptions", 2).send_keys(Keys.ENTER)
    assert aria_sort(sample, "t-adoptions") == {"2": "ascending"}
    header(sample, "t-adoptions", 2).send_keys(Keys.SPACE)
    assert aria_sort(sample, "t-adoptions") == {"2": "descending"}
    assert column(sample, "t-adoptions", 2)[0] == "37"


def test_chinese_text_sorts_in_pinyin_order_on_a_zh_page(driver, pages):
    assert open_page(driver, pages / "sample-zh.html") == []
    header(driver, "t-zh", 1).click()
    assert column(driver, "t-zh", 1) == ["环境管理体系 要求及使用指南", "能源管理体系 要求及使用指南",
                                         "信息安全管理体系 要求", "质量管理体系 要求"]
    assert aria_sort(driver, "t-zh") == {"1": "ascending"}
    assert aria_sort(driver, "t-adoptions") == {}  # the other table is untouched


# -- filtering --------------------------------------------------------------------------------------------------------
def test_filter_hides_rows_and_counts(sample):
    type_filter(sample, "t-adoptions", "  REQUIREMENTS with Guidance ")  # case-insensitive, trimmed
    assert visible(sample, "t-adoptions") == ["GB/T 24001-2016", "GB/T 23331-2020"]
    assert count(sample, "t-adoptions") == "2 / 6"
    assert count(sample, "t-zh") == "4 / 4"  # each filter acts on its own table
    type_filter(sample, "t-adoptions", "no such text")
    assert visible(sample, "t-adoptions") == [] and count(sample, "t-adoptions") == "0 / 6"
    type_filter(sample, "t-adoptions", "")
    assert len(visible(sample, "t-adoptions")) == 6 and count(sample, "t-adoptions") == "6 / 6"


def test_filter_then_sort_keeps_the_filter(sample):
    type_filter(sample, "t-adoptions", "requirements with guidance")
    header(sample, "t-adoptions", 0).click()
    assert visible(sample, "t-adoptions") == ["GB/T 23331-2020", "GB/T 24001-2016"]


def test_chinese_filter(sample):
    type_filter(sample, "t-zh", "要求及使用指南")
    assert visible(sample, "t-zh") == ["GB/T 24001-2016", "GB/T 23331-2020"]
    assert count(sample, "t-zh") == "2 / 4"
    type_filter(sample, "t-zh", "")
    assert count(sample, "t-zh") == "4 / 4"


# -- phone and screenshot ---------------------------------------------------------------------------------------------
def test_readable_on_a_phone(driver, pages):
    set_viewport(driver, *PHONE)
    try:
        assert open_page(driver, pages / "sample.html") == []
        assert driver.execute_script("return window.innerWidth") == PHONE[0]
        assert horizontal_overflow(driver) <= 1
        # the wide table does overflow, inside its own scrolling wrapper
        wrap = driver.execute_script("const w = document.querySelector('.table-wrap');"
                                     " return [w.scrollWidth, w.clientWidth];")
        assert wrap[0] > wrap[1]
        png = save_screenshot(driver, "sample-phone")
        assert png.read_bytes()[:4] == b"\x89PNG"
    finally:
        set_viewport(driver, *DESKTOP)


def test_screenshot(sample):
    path = save_screenshot(sample, "sample")
    data = path.read_bytes()
    assert path.name == "sample.png" and path.parent.name == "screenshots"
    assert data[:4] == b"\x89PNG" and len(data) > 5_000


# -- the real reports -----------------------------------------------------------------------------------------------
REPORTS = [
    ("overview",),
    ("comparison", "--committee", "ISO/TC 207", "--committee", "ISO/TC 301"),
    ("dossier", "ISO 14001:2015"),
    ("target", "--target", "cn-conversion-rate"),
]
PWNED_TITLE = "<script>window.__pwned = 1</script> 环境管理 <b>粗体</b>"


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory) -> list[Path]:
    """Every report, in English and Chinese, from a store with the bundled knowledge base."""
    base = tmp_path_factory.mktemp("report")
    store = base / "store"
    assert support.invoke("--store", store, "init").exit_code == 0
    for args in REPORTS:
        for lang in ("en", "zh"):
            result = support.invoke("--store", store, "report", args[0], *args[1:], "--out", base / "out",
                                    "--lang", lang, "--format", "html")
            assert result.exit_code == 0, result.output
    found = sorted((base / "out").glob("*.html"))
    assert len(found) == 2 * len(REPORTS), [p.name for p in found]
    return found


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory) -> list[Path]:
    """Overview and dossier of a catalogue whose national title holds a script element and Chinese text."""
    base = tmp_path_factory.mktemp("hostile")
    cat = base / "hostile.csv"
    title = PWNED_TITLE.replace('"', '""')
    cat.write_text("designation,title_zh,status,issued,ics,adopted,degree,source\n"
                   "ISO 72001:2020,,current,2020-01,13.020,,,https://example.org/iso/72001\n"
                   f'GB/T 82001-2021,"{title}",current,2021-01-01,13.020,ISO 72001:2020,IDT,https://example.org/gb\n',
                   encoding="utf-8")
    store = base / "store"
    assert support.invoke("--store", store, "init", "--empty").exit_code == 0
    assert support.invoke("--store", store, "import", cat).exit_code == 0
    for args in (("overview",), ("dossier", "GB/T 82001-2021")):
        result = support.invoke("--store", store, "report", *args, "--out", base / "out", "--lang", "zh",
                                "--format", "html")
        assert result.exit_code == 0, result.output
    return sorted((base / "out").glob("*.html"))


def test_real_reports_open_cleanly(driver, report_pages):
    for page in report_pages:
        assert open_page(driver, page) == [], page.name
        assert external_requests(driver) == [], page.name
        svgs = bounding_boxes(driver, "svg")
        assert svgs, f"{page.name} has no chart"
        assert all(b["width"] > 0 and b["height"] > 0 for b in svgs), (page.name, svgs)
        marks = driver.execute_script(
            "return document.querySelectorAll('svg.chart circle, svg.chart rect.bar, svg.chart rect.segment').length;")
        assert marks > 0, f"{page.name}: no chart draws a single mark"
        rows = driver.execute_script("return Array.from(document.querySelectorAll('table')).map(t => t.rows.length);")
        assert rows and all(n >= 1 for n in rows), (page.name, rows)
        # where the page has sortable tables, the inlined script works on them
        if driver.execute_script("return document.querySelector('table[data-sortable] th button.sort') !== null;"):
            css(driver, "table[data-sortable] th button.sort").click()
            th = driver.execute_script("return document.querySelector('table[data-sortable] th[aria-sort]');")
            assert th is not None and th.get_attribute("aria-sort") == "ascending", page.name
        shot = save_screenshot(driver, f"report-{page.stem}")
        assert shot.read_bytes()[:4] == b"\x89PNG"


def test_script_and_chinese_titles_are_shown_as_text(driver, hostile_pages):
    """A title holding `<script>` is readable text on the page and never runs; the Chinese is as written."""
    assert len(hostile_pages) == 2
    for page in hostile_pages:
        assert open_page(driver, page) == [], page.name
        assert driver.execute_script("return window.__pwned === undefined;"), f"{page.name}: the title ran"
        assert driver.execute_script("return document.querySelectorAll('b').length;") == 0, page.name
        assert PWNED_TITLE in driver.execute_script("return document.body.innerText;"), page.name
        save_screenshot(driver, f"hostile-{page.stem}")


def test_real_reports_readable_on_a_phone(driver, report_pages):
    set_viewport(driver, *PHONE)
    try:
        for page in report_pages:
            assert open_page(driver, page) == [], page.name
            assert horizontal_overflow(driver) <= 1, page.name
    finally:
        set_viewport(driver, *DESKTOP)
