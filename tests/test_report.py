"""`stdmap report`: the overview in HTML and Markdown, from one context object.

HTML is checked by parsing it (lxml.html) and comparing its numbers with `stdmap rate --json` of the
same store; Markdown is compared with a golden file rendered from a small hand-made catalogue
(tests/golden/overview_small.csv). Regenerate the golden file after an intended change with

    STDMAP_UPDATE_GOLDEN=1 pytest tests/test_report.py -k golden

and review the diff before committing it.
"""

from __future__ import annotations

import gc
import json
import os
import re
import stat
from pathlib import Path

import jinja2.meta
import lxml.html
import pytest

from support import invoke
from mapper.kg import load_manifest
from mapper.report import OverviewContext, context_fields, environment

GOLDEN = Path(__file__).parent / "golden"
SMALL_CATALOGUE = GOLDEN / "overview_small.csv"
SMALL_GOLDEN = GOLDEN / "overview_small.md"
TEMPLATES = ["overview/overview.html.j2", "overview/overview.md.j2"]
HOSTILE_TITLE = "<script>alert(1)</script> & 环境 \"引号\" 'x'"


def make_store(where: Path, *catalogues: Path, empty: bool = False) -> str:
    store = str(where)
    result = invoke("init", *(["--empty"] if empty else []), "--store", store)
    assert result.exit_code == 0, result.output
    for cat in catalogues:
        result = invoke("import", "--store", store, str(cat))
        assert result.exit_code == 0, result.output
    return store


def report(store: str, out: Path) -> tuple[str, str]:
    result = invoke("report", "--store", store, "--out", str(out))
    assert result.exit_code == 0, result.output
    return (out / "overview.html").read_text(encoding="utf-8"), (out / "overview.md").read_text(encoding="utf-8")


def rate_json(store: str) -> dict:
    result = invoke("rate", "--store", store, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def pct(x: float) -> str:
    return f"{100 * float(x):.1f} %"


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """A fresh store with the bundled knowledge base, its report and its rate (read-only for the tests)."""
    base = tmp_path_factory.mktemp("report-bundled")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        store = make_store(base / "store")
        html, md = report(store, base / "out")
        rate = rate_json(store)
    return {"store": store, "out": base / "out", "html": html, "md": md, "rate": rate,
            "tree": lxml.html.fromstring(html)}


# -- files, stability -------------------------------------------------------------------------------------
def test_writes_both_files_and_prints_their_paths(tmp_path):
    store = make_store(tmp_path / "store")
    out = tmp_path / "out"
    result = invoke("report", "--store", store, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["overview.html", "overview.md"], "no temp files left behind"
    for name in ("overview.html", "overview.md"):
        assert f"wrote {(out / name).resolve()}" in result.output.splitlines()


def test_output_is_stable(bundled, tmp_path):
    html, md = report(bundled["store"], tmp_path / "again")
    assert (tmp_path / "again" / "overview.html").read_bytes() == (bundled["out"] / "overview.html").read_bytes()
    assert (tmp_path / "again" / "overview.md").read_bytes() == (bundled["out"] / "overview.md").read_bytes()


def test_report_files_are_readable_like_any_other_file(bundled):
    """Regression: write_atomic used mkstemp's 0600 mode, so a published report was private to its writer."""
    umask = os.umask(0)
    os.umask(umask)
    for name in ("overview.html", "overview.md"):
        mode = stat.S_IMODE((bundled["out"] / name).stat().st_mode)
        assert mode == 0o666 & ~umask, oct(mode)


# -- golden Markdown -------------------------------------------------------------------------------------------
def normalise_paths(md: str, folder: Path) -> str:
    """The source list names the imported file (its URL and the hash of its path); make that portable."""
    md = md.replace(folder.resolve().as_uri(), "file://<TMP>")
    return re.sub(r"`file-[0-9a-f]{16}`", "`file-<HASH>`", md)


def test_markdown_golden(tmp_path):
    catalogue = tmp_path / "overview_small.csv"
    catalogue.write_bytes(SMALL_CATALOGUE.read_bytes())
    store = make_store(tmp_path / "store", catalogue, empty=True)
    _html, md = report(store, tmp_path / "out")
    md = normalise_paths(md, tmp_path)
    if os.environ.get("STDMAP_UPDATE_GOLDEN") == "1":
        SMALL_GOLDEN.write_text(md, encoding="utf-8", newline="\n")
        pytest.skip(f"golden file rewritten: {SMALL_GOLDEN}")
    assert SMALL_GOLDEN.is_file(), "no golden file yet; run with STDMAP_UPDATE_GOLDEN=1"
    assert md == SMALL_GOLDEN.read_text(encoding="utf-8")


# -- HTML against `stdmap rate --json` ----------------------------------------------------------------------------
def test_headline_rate(bundled):
    rate, tree = bundled["rate"], bundled["tree"]
    (headline,) = tree.xpath('//*[@id="headline-rate"]')
    assert headline.text_content().strip() == pct(rate["rate"])
    assert int(headline.get("data-adopted")) == rate["adopted"]
    assert int(headline.get("data-denominator")) == rate["denominator"]
    assert rate["denominator"] > 0


def test_summary_table(bundled):
    rate, tree = bundled["rate"], bundled["tree"]
    cells = {td.get("data-key"): int(td.text_content()) for td in tree.xpath('//table[@id="rate-summary"]//td[@data-key]')}
    assert cells == {k: rate[k] for k in ("denominator", "adopted", "not_adopted", "neq", "eqv", "degree_unknown")}


def test_degree_table(bundled):
    rate, tree = bundled["rate"], bundled["tree"]
    rows = {tr.get("data-degree"): int(tr.xpath("./td")[-1].text_content())
            for tr in tree.xpath('//table[@id="by-degree"]//tr[@data-degree]')}
    assert rows == rate["by_degree"]
    assert sum(rows.values()) == rate["denominator"]


def test_ics_table(bundled):
    rate, tree = bundled["rate"], bundled["tree"]
    rows = []
    for tr in tree.xpath('//table[@id="by-ics-field"]/tbody/tr'):
        cells = [td.text_content().strip() for td in tr.xpath("./td")]
        rows.append((cells[0], cells[1], int(cells[2]), int(cells[3]), cells[4]))
    expected = [(f["field"], f["label"], f["denominator"], f["adopted"], pct(f["rate"])) for f in rate["by_ics_field"]]
    assert rows == expected
    assert rows, "the bundled knowledge base has ICS fields"


def test_adoptions_table_has_one_row_per_claim(bundled):
    from mapper.kg import open_kg

    gc.collect()
    store = open_kg(bundled["store"])
    try:
        claims = int(store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a sm:Adoption }")[0]["n"])
    finally:
        store.close()
    rows = bundled["tree"].xpath('//table[@id="adoptions-table"]/tbody/tr')
    assert len(rows) == claims > 0
    pairs = {(r.xpath("./td")[0].text_content(), r.xpath("./td")[3].text_content()) for r in rows}
    assert ("GB/T 24001-2016", "ISO 14001:2015") in pairs


def test_chinese_titles_as_written(bundled):
    title = "环境管理体系 要求及使用指南"
    assert title in bundled["tree"].xpath('//table[@id="adoptions-table"]')[0].text_content()
    assert title in bundled["html"]  # not as character references
    assert f"| GB/T 24001-2016 | {title} |" in bundled["md"]


def test_states_scope_and_counting_rules(bundled):
    manifest = load_manifest()
    scope = squash(manifest.scope_en)
    (section,) = bundled["tree"].xpath('//section[@id="scope"]')
    assert scope in squash(section.text_content())
    assert scope in squash(bundled["md"])
    rules = bundled["rate"]["rules"]
    html_rules = [squash(li.text_content()) for li in bundled["tree"].xpath('//ul[@id="rules-en"]/li')]
    assert html_rules == [squash(r) for r in rules["description"]]
    zh_rules = [squash(li.text_content()) for li in bundled["tree"].xpath('//ul[@id="rules-zh"]/li')]
    assert zh_rules == [squash(r) for r in rules["description_zh"]]
    for line in rules["description"] + rules["description_zh"]:
        assert f"- {line}" in bundled["md"]


def test_empty_store_says_the_knowledge_base_is_not_loaded(tmp_path):
    store = make_store(tmp_path / "store", empty=True)
    html, md = report(store, tmp_path / "out")
    assert "Imported sources only" in md
    assert load_manifest().scope_en.split()[0:4] != md.split()[0:4]
    assert lxml.html.fromstring(html).xpath('//*[@id="headline-rate"]')[0].text_content().strip() == "0.0 %"


# -- escaping ---------------------------------------------------------------------------------------------------
@pytest.fixture
def hostile(tmp_path):
    cat = tmp_path / "hostile.csv"
    cat.write_text(
        "designation,title_zh,status,issued,ics,adopted,degree,source\n"
        "ISO 72001:2020,,current,2020-01,13.020,,,https://example.org/iso/72001\n"
        f"GB/T 82001-2021,\"{HOSTILE_TITLE.replace(chr(34), chr(34) * 2)}\",current,2021-01-01,13.020,"
        "ISO 72001:2020,IDT,https://example.org/gb/82001?a=1&b=2\n",
        encoding="utf-8",
    )
    store = make_store(tmp_path / "store", cat, empty=True)
    return report(store, tmp_path / "out")


def test_html_escapes_titles(hostile):
    html, _md = hostile
    tree = lxml.html.fromstring(html)
    assert tree.xpath("//script") == []
    assert HOSTILE_TITLE in tree.xpath('//table[@id="adoptions-table"]')[0].text_content()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 环境" in html
    assert "<script>" not in html
    (link,) = tree.xpath('//table[@id="adoptions-table"]//a')
    assert link.get("href") == "https://example.org/gb/82001?a=1&b=2"


def test_markdown_keeps_titles_literally(hostile):
    _html, md = hostile
    assert f"| GB/T 82001-2021 | {HOSTILE_TITLE} |" in md
    assert "&lt;" not in md and "&amp;" not in md


# -- the template contract ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_use_exactly_the_context_fields(name):
    env = environment()
    source = env.loader.get_source(env, name)[0]
    used = jinja2.meta.find_undeclared_variables(env.parse(source))
    assert used == set(context_fields()), {"unused fields": set(context_fields()) - used,
                                           "undeclared names": used - set(context_fields())}


def test_context_fields_are_the_dataclass_fields():
    assert context_fields() == list(OverviewContext.__dataclass_fields__)


def test_autoescape_is_on_for_html_only():
    env = environment()
    assert env.autoescape("overview/overview.html.j2") is True
    assert env.autoescape("overview/overview.md.j2") is False


def test_markdown_table_survives_a_pipe_and_a_line_break_in_a_title(tmp_path):
    """Regression: a `|` in a title ended the Markdown cell early and shifted every later column."""
    cat = tmp_path / "pipe.csv"
    cat.write_text(
        "designation,title_zh,status,issued,ics,adopted,degree,source\n"
        "ISO 72002:2020,,current,2020-01,13.020,,,https://example.org/iso/72002\n"
        'GB/T 82002-2021,"甲 | 乙\n丙",current,2021-01-01,13.020,ISO 72002:2020,IDT,https://example.org/gb/82002\n',
        encoding="utf-8",
    )
    store = make_store(tmp_path / "store", cat, empty=True)
    _html, md = report(store, tmp_path / "out")
    (row,) = [line for line in md.splitlines() if line.startswith("| GB/T 82002-2021 |")]
    cells = re.split(r"(?<!\\)\|", row)[1:-1]
    assert len(cells) == 8, row
    assert cells[1].strip() == r"甲 \| 乙 丙"
