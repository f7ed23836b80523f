"""`stdmap report` (the adoption overview) and the report framework shared by every report.

HTML is checked by parsing it (lxml.html) and comparing its numbers with `stdmap rate/gaps/stale/lag --json`
on the same store; Markdown is compared with golden files rendered from a small hand-made catalogue
(tests/golden/overview_small.csv), in English and Chinese. Regenerate them after an intended change with

    STDMAP_UPDATE_GOLDEN=1 pytest tests/test_report.py -k golden

and review the diff before committing it.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import re
import stat
from pathlib import Path

import lxml.html
import openpyxl
import pytest
from support import (
    check_golden,
    command_json,
    invoke,
    make_store,
    normalise_paths,
    table_rows,
)

from mapper.kg import load_manifest
from mapper.labels import LANGS, Fmt, Labels, default_lang, table
from mapper.report import Cells, environment
from mapper.resources import resource_dir

GOLDEN = Path(__file__).parent / "golden"
SMALL_CATALOGUE = GOLDEN / "overview_small.csv"
HOSTILE_TITLE = "<script>alert(1)</script> & 环境 \"引号\" 'x'"
TODAY = _dt.date.today()
YEAR = TODAY.year




def report(store: str, out: Path, *args: str, lang: str = "en") -> dict:
    result = invoke("report", "--store", store, "--out", str(out), "--lang", lang, *args)
    assert result.exit_code == 0, result.output
    return {"html": (out / f"overview.{lang}.html").read_text(encoding="utf-8"),
            "md": (out / f"overview.{lang}.md").read_text(encoding="utf-8"), "output": result.output}




def squash(text: str) -> str:
    return " ".join(text.split())




def figure(tree, key: str, attr: str = "data-value") -> str:
    (node,) = tree.xpath(f'//*[@id="fig-{key}"]')
    return node.get(attr)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """A fresh store with the bundled knowledge base, its English and Chinese reports and the analytics
    commands' answers (read-only for the tests)."""
    base = tmp_path_factory.mktemp("report-bundled")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        store = make_store(base / "store")
        en = report(store, base / "out", "--top", "5")
        zh = report(store, base / "out", "--top", "5", lang="zh")
        answers = {
            "rate": command_json(store, "rate"),
            "series": command_json(store, "rate", "--series", f"{YEAR - 14}:{YEAR - 1}"),
            "today": command_json(store, "rate", "--as-of", TODAY.isoformat()),
            "gaps": command_json(store, "gaps", "--sort", "age"),
            "stale": command_json(store, "stale"),
            "lag": command_json(store, "lag"),
        }
    return {"store": store, "out": base / "out", "en": en, "zh": zh, **answers,
            "tree": lxml.html.fromstring(en["html"]), "tree_zh": lxml.html.fromstring(zh["html"])}


# -- files, folder, stability -------------------------------------------------------------------------------
def test_writes_every_format_and_prints_the_folder_and_paths(tmp_path):
    store = make_store(tmp_path / "store")
    out = tmp_path / "out"
    result = invoke("report", "--store", store, "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["overview-csv", "overview.en.html", "overview.en.md", "overview.en.xlsx", "overview.json"], \
        "no temporary files left behind"
    lines = result.output.splitlines()
    assert f"report folder: {out.resolve()}" in lines
    for name in ("overview.en.html", "overview.en.md", "overview.en.xlsx", "overview.json"):
        assert f"wrote {(out / name).resolve()}" in lines
    csvs = sorted(p.name for p in (out / "overview-csv").iterdir())
    assert f"wrote {(out / 'overview-csv').resolve()}/ ({len(csvs)} CSV files)" in lines
    assert {"gaps.csv", "stale.csv", "by_degree.csv", "series.csv", "adoptions.csv"} <= set(csvs)


def test_default_folder_is_stable_and_printed(tmp_path, monkeypatch):
    store = make_store(tmp_path / "store")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for _ in range(2):
        result = invoke("report", "--store", store, "--format", "md", "--lang", "en")
        assert result.exit_code == 0, result.output
        assert f"report folder: {(work / 'stdmap-report').resolve()}" in result.output.splitlines()
    assert sorted(p.name for p in (work / "stdmap-report").iterdir()) == ["overview.en.md"]


def test_output_is_byte_stable(bundled, tmp_path):
    again = tmp_path / "again"
    for lang in LANGS:
        result = invoke("report", "--store", bundled["store"], "--out", str(again), "--lang", lang, "--top", "5")
        assert result.exit_code == 0, result.output
        for name in (f"overview.{lang}.html", f"overview.{lang}.md", f"overview.{lang}.xlsx", "overview.json"):
            assert (again / name).read_bytes() == (bundled["out"] / name).read_bytes(), name
    for path in (bundled["out"] / "overview-csv").iterdir():
        assert (again / "overview-csv" / path.name).read_bytes() == path.read_bytes(), path.name


def test_report_files_are_readable_like_any_other_file(bundled):
    """Regression: write_atomic used mkstemp's 0600 mode, so a published report was private to its writer."""
    umask = os.umask(0)
    os.umask(umask)
    for name in ("overview.en.html", "overview.en.md", "overview.en.xlsx", "overview.json"):
        mode = stat.S_IMODE((bundled["out"] / name).stat().st_mode)
        assert mode == 0o666 & ~umask, (name, oct(mode))


def test_open_opens_the_html_page(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("click.launch", lambda target, **kw: opened.append(target) or 0)
    store = make_store(tmp_path / "store")
    result = invoke("report", "--store", store, "--out", str(tmp_path / "out"), "--lang", "zh", "--format", "md",
                    "--open")
    assert result.exit_code == 0, result.output
    assert opened == [str((tmp_path / "out" / "overview.zh.html").resolve())], "HTML written and opened even so"


def test_named_overview_equals_the_default(bundled, tmp_path):
    result = invoke("report", "overview", "--store", bundled["store"], "--out", str(tmp_path), "--lang", "en",
                    "--top", "5", "--format", "md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "overview.en.md").read_text(encoding="utf-8") == bundled["en"]["md"]


def test_options_before_the_report_name_are_refused(bundled, tmp_path):
    result = invoke("report", "--lang", "zh", "overview", "--store", bundled["store"], "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "after the report name" in result.output and "--lang" in result.output


def test_language_defaults_to_the_environment(monkeypatch):
    assert default_lang({"STDMAP_LANG": "zh", "LANG": "en_US.UTF-8"}) == "zh"
    assert default_lang({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert default_lang({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert default_lang({}) == "en"
    with pytest.raises(ValueError, match="unknown language"):
        default_lang({"STDMAP_LANG": "fr"})


# -- golden Markdown -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_golden(tmp_path, lang):
    """A small catalogue as of a fixed date (so the trend's years and waiting months do not move)."""
    catalogue = tmp_path / "overview_small.csv"
    catalogue.write_bytes(SMALL_CATALOGUE.read_bytes())
    store = make_store(tmp_path / "store", catalogue, empty=True)
    md = report(store, tmp_path / "out", "--as-of", "2024-06-30", "--years", "6", "--top", "3", lang=lang)["md"]
    md = normalise_paths(md, tmp_path)
    golden = GOLDEN / f"overview_small.{lang}.md"
    check_golden(md, golden)


# -- HTML against the analytics commands ---------------------------------------------------------------------
def test_headline_figures(bundled):
    rate, tree = bundled["rate"], bundled["tree"]
    assert float(figure(tree, "rate")) == rate["rate"]
    assert int(figure(tree, "rate", "data-adopted")) == rate["adopted"]
    assert int(figure(tree, "rate", "data-denominator")) == rate["denominator"] > 0
    for key in ("denominator", "adopted", "not_adopted", "neq", "eqv", "degree_unknown"):
        assert int(figure(tree, key)) == rate[key], key
    (headline,) = tree.xpath('//*[@id="fig-rate"]/span[@class="value"]')
    assert headline.text_content() == Fmt("en").pct(rate["rate"])
    assert int(figure(tree, "gaps")) == len(bundled["gaps"]["gaps"])
    assert int(figure(tree, "revision_needed")) == sum(g["kind"] == "revision needed" for g in bundled["gaps"]["gaps"])
    assert int(figure(tree, "stale")) == len(bundled["stale"]["stale"])
    assert float(figure(tree, "lag")) == bundled["lag"]["overall"]["median"]


def test_degree_table(bundled):
    rate = bundled["rate"]
    rows = {r["key"]: int(r["standards"]) for r in table_rows(bundled["tree"], "by_degree")}
    assert rows == rate["by_degree"]
    assert sum(rows.values()) == rate["denominator"]


@pytest.mark.parametrize("dim", ["ics_field", "ics_group", "committee", "doc_type", "year"])
def test_breakdown_tables(bundled, dim):
    """Every breakdown in the page equals `stdmap rate --json`; long ones are cut to --top in the page."""
    expected = bundled["rate"]["breakdowns"][dim]
    rows = table_rows(bundled["tree"], f"by_{dim}")
    got = [(r["key"], int(r["denominator"]), int(r["adopted"]), float(r["rate"])) for r in rows]
    want = [(e["key"], e["denominator"], e["adopted"], e["rate"]) for e in expected]
    assert expected, dim
    limited = dim in ("ics_group", "committee")
    assert got == (want[:5] if limited else want)


def test_ics_labels_shown(bundled):
    tree = bundled["tree"]
    cells = [squash(td.text_content()) for td in tree.xpath('//table[@id="t-by_ics_field"]//td[@data-col="label"]')]
    assert cells == [e["label"] for e in bundled["rate"]["breakdowns"]["ics_field"]]


def test_series_table_and_chart(bundled):
    """Year ends of the last 15 years, then today: never a day in the future."""
    today = bundled["today"]
    series = bundled["series"]["series"] + [
        {"date": TODAY.isoformat(), "denominator": today["denominator"], "adopted": today["adopted"],
         "rate": today["rate"]}]
    rows = table_rows(bundled["tree"], "series")
    assert [(r["date"], int(r["denominator"]), int(r["adopted"]), float(r["rate"])) for r in rows] == \
        [(p["date"], p["denominator"], p["adopted"], p["rate"]) for p in series]
    (svg,) = bundled["tree"].xpath('//figure[@id="chart-trend"]//*[local-name()="svg"]')
    points = {c.get("data-x"): float(c.get("data-value")) for c in svg.xpath('.//*[local-name()="circle"]')}
    labels = [p["date"][:4] for p in series[:-1]] + [TODAY.isoformat() if TODAY.strftime("%m-%d") != "12-31" else str(YEAR)]
    assert points == {label: p["rate"] for label, p in zip(labels, series) if p["denominator"]}


def test_gaps_top_n_in_page_all_in_files(bundled):
    gaps = bundled["gaps"]["gaps"]
    rows = table_rows(bundled["tree"], "gaps")
    assert len(gaps) > 5, "the bundled knowledge base has more gaps than --top 5"
    assert [r["standard"] for r in rows] == [g["standard"] for g in gaps[:5]]
    assert [int(r["waiting_months"]) for r in rows] == [g["waiting_months"] for g in gaps[:5]]
    (more,) = bundled["tree"].xpath('//section[@id="s-gaps"]/p[contains(@class, "more")]')
    assert "overview.en.xlsx" in more.text_content() and "overview-csv/gaps.csv" in more.text_content()
    with open(bundled["out"] / "overview-csv" / "gaps.csv", encoding="utf-8", newline="") as fh:
        from_csv = list(csv.DictReader(fh))
    assert [r["standard"] for r in from_csv] == [g["standard"] for g in gaps]
    book = openpyxl.load_workbook(bundled["out"] / "overview.en.xlsx", read_only=True)
    sheet = list(book["gaps"].values)
    assert sheet[0][0] == Labels("en")("col.international")
    assert [row[0] for row in sheet[1:]] == [g["standard"] for g in gaps]


def test_stale_table(bundled):
    stale = bundled["stale"]["stale"]
    rows = table_rows(bundled["tree"], "stale")
    assert {(r["national"], r["adopted"], r["current"]) for r in rows} == \
        {(s["national"], s["adopted"], s["current"]) for s in stale}
    assert rows, "the bundled knowledge base has stale adoptions"


def test_lag_by_year(bundled):
    rows = table_rows(bundled["tree"], "lag_by_year")
    assert [(int(r["year"]), int(r["n"]), float(r["median"])) for r in rows] == \
        [(y["year"], y["n"], y["median"]) for y in bundled["lag"]["by_year"]]


def test_adoptions_table_has_one_row_per_claim(bundled, open_store):
    with open_store(bundled["store"]) as store:
        claims = int(store.query("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a sm:Adoption }")[0]["n"])
    with open(bundled["out"] / "overview-csv" / "adoptions.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == claims > 0
    assert ("GB/T 24001-2016", "ISO 14001:2015") in {(r["adopting"], r["adopted"]) for r in rows}


def test_xlsx_has_every_table_with_typed_cells(bundled):
    book = openpyxl.load_workbook(bundled["out"] / "overview.zh.xlsx")
    ctx = json.loads((bundled["out"] / "overview.json").read_text(encoding="utf-8"))
    assert book.sheetnames == ["about"] + list(ctx["tables"])
    assert book["about"]["A1"].value == "国际标准采用情况概览"
    for key, tb in ctx["tables"].items():
        assert book[key].max_row == len(tb["rows"]) + 1, key
    degree = book["by_degree"]
    assert [c.value for c in degree[1]] == [Labels("zh", "overview")(c["label"]) for c in ctx["tables"]["by_degree"]["columns"]]
    assert isinstance(degree["C2"].value, int) and degree["D2"].number_format == "0.0%"
    series = book["series"]
    assert isinstance(series["A2"].value, _dt.datetime)


def test_json_context_is_the_same_for_both_languages(bundled):
    ctx = json.loads((bundled["out"] / "overview.json").read_text(encoding="utf-8"))
    assert ctx["kind"] == "overview" and ctx["figures"]["rate"]["denominator"] == bundled["rate"]["denominator"]
    assert ctx["meta"]["rules"]["en"] == bundled["rate"]["rules"]["description"]
    assert ctx["meta"]["rules"]["zh"] == bundled["rate"]["rules"]["description_zh"]


# -- language -----------------------------------------------------------------------------------------------------
def test_chinese_page_has_chinese_labels_dates_and_rules(bundled):
    tree = bundled["tree_zh"]
    assert tree.get("lang") == "zh-CN"
    assert tree.xpath('//section[@id="rate"]/h2')[0].text_content() == "国际标准转化率"
    assert [th.text_content() for th in tree.xpath('//table[@id="t-by_degree"]//th')] == \
        ["一致性程度", "最强对应", "标准数", "占比"]
    dates = [td.text_content() for td in tree.xpath('//table[@id="t-series"]//td[@data-col="date"]')]
    assert dates[-1] == f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"
    rules = [squash(li.text_content()) for li in tree.xpath('//ul[@id="rules-zh"]/li')]
    assert rules == [squash(r) for r in bundled["rate"]["rules"]["description_zh"]]
    assert tree.xpath('//ul[@id="rules-en"]') == []
    en_dates = [td.text_content() for td in bundled["tree"].xpath('//table[@id="t-series"]//td[@data-col="date"]')]
    assert en_dates[-2] == f"31 Dec {YEAR - 1}"


def test_chinese_titles_as_written_in_both_languages(bundled):
    title = "环境管理体系 要求及使用指南"
    for lang in LANGS:
        assert title in bundled[lang]["html"]  # not as character references
    with open(bundled["out"] / "overview-csv" / "adoptions.csv", encoding="utf-8", newline="") as fh:
        assert any(title in r["title"] for r in csv.DictReader(fh))


def test_scope_and_counting_rules_stated(bundled):
    manifest = load_manifest()
    tree = bundled["tree"]
    assert squash(manifest.scope_en) in squash(tree.xpath("//footer")[0].text_content())
    assert squash(manifest.scope_zh) in squash(bundled["tree_zh"].xpath("//footer")[0].text_content())
    html_rules = [squash(li.text_content()) for li in tree.xpath('//ul[@id="rules-en"]/li')]
    assert html_rules == [squash(r) for r in bundled["rate"]["rules"]["description"]]
    for line in bundled["rate"]["rules"]["description"]:
        assert f"- {line}" in bundled["en"]["md"]


def test_country_and_scope_in_the_subject(tmp_path):
    store = make_store(tmp_path / "store")
    out = report(store, tmp_path / "out", "--country", "CN", "--scope", "carbon-footprint-ghg", lang="zh")
    subject = lxml.html.fromstring(out["html"]).xpath('//*[@id="report-subject"]')[0].text_content()
    assert subject.startswith("中国：") and "碳足迹" in subject


def test_empty_store_says_the_knowledge_base_is_not_loaded(tmp_path):
    store = make_store(tmp_path / "store", empty=True)
    out = report(store, tmp_path / "out")
    assert "Imported sources only" in out["md"]
    tree = lxml.html.fromstring(out["html"])
    assert figure(tree, "rate") == "0.0"
    assert tree.xpath('//figure[@id="chart-trend"]//*[local-name()="svg"]/@data-empty') == ["true"]


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
    html = hostile["html"]
    tree = lxml.html.fromstring(html)
    assert len(tree.xpath("//script")) == 1, "only the page's own script"
    assert HOSTILE_TITLE in tree.xpath('//table[@id="t-adoptions"]')[0].text_content()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 环境" in html
    assert "<script>alert" not in html
    (link,) = tree.xpath('//table[@id="t-adoptions"]//a')
    assert link.get("href") == "https://example.org/gb/82001?a=1&b=2"


def test_markdown_keeps_titles_literally(hostile):
    md = hostile["md"]
    assert f"| {HOSTILE_TITLE} |" in md
    assert "&lt;" not in md and "&amp;" not in md


def test_only_web_addresses_become_links():
    """The importers accept only http(s) sources, and the page would not link anything else either."""
    assert Cells.href("https://example.org/a?b=1") and Cells.href("HTTP://example.org")
    assert Cells.href("file:///tmp/x.csv")
    assert not Cells.href("javascript:alert(1)") and not Cells.href("data:text/html,x")


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
    md = report(store, tmp_path / "out")["md"]
    (row,) = [line for line in md.splitlines() if line.startswith("| GB/T 82002-2021 |")]
    cells = re.split(r"(?<!\\)\|", row)[1:-1]
    assert len(cells) == 8, row
    assert cells[1].strip() == r"甲 \| 乙 丙"


# -- the template contract ------------------------------------------------------------------------------------
def templates() -> list[str]:
    root = resource_dir("reports")
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.j2"))


@pytest.mark.parametrize("name", templates())
def test_every_label_a_template_uses_exists_in_both_languages(name):
    """t("key") with a literal key must resolve in English and Chinese (a missing label would only fail when
    that part of the page renders)."""
    root = resource_dir("reports")
    source = (root / name).read_text(encoding="utf-8")
    kind = name.split("/")[0] if "/" in name else None
    keys = set(re.findall(r"""\bt\(\s*["']([^"']+)["']\s*[,)]""", source))
    assert keys or name.startswith("_macros"), f"{name} prints no label"
    labels = table(kind)
    missing = sorted(k for k in keys if k not in labels)
    assert not missing, f"{name}: labels missing from reports/labels.toml or reports/{kind}/labels.toml: {missing}"


def test_labels_files_have_both_languages():
    root = resource_dir("reports")
    for path in [root / "labels.toml", *sorted(root.glob("*/labels.toml"))]:
        kind = None if path.parent == root else path.parent.name
        for key, value in table(kind).items():
            assert value["en"].strip() and value["zh"].strip(), (path, key)


def test_autoescape_is_on_for_html_only():
    env = environment()
    assert env.autoescape("overview/overview.html.j2") is True
    assert env.autoescape("overview/overview.md.j2") is False


def test_page_is_self_contained(bundled):
    """One file: no external stylesheet, script, image or font; a Content-Security-Policy forbids any."""
    tree = bundled["tree"]
    assert tree.xpath("//link[@rel='stylesheet'] | //script[@src] | //img | //iframe") == []
    (csp,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert "default-src 'none'" in csp
    assert "@import" not in bundled["en"]["html"] and "url(" not in bundled["en"]["html"]
    assert tree.xpath("//meta[@name='viewport']"), "readable on a phone"
    assert "@media print" in bundled["en"]["html"]


# -- the full ISO and IEC catalogues ---------------------------------------------------------------------------------
def test_overview_on_the_full_catalogues(full_store, tmp_path):
    """The report renders from the complete ISO + IEC catalogues with the bundled knowledge base, and its
    headline and gap count are those of `stdmap rate` and `stdmap gaps` (the page shows --top rows only)."""
    store = str(full_store[0])
    out = report(store, tmp_path / "out", "--top", "10", lang="zh")
    tree = lxml.html.fromstring(out["html"])
    rate = command_json(store, "rate")
    assert int(figure(tree, "rate", "data-denominator")) == rate["denominator"] > 25_000
    assert int(figure(tree, "rate", "data-adopted")) == rate["adopted"]
    assert int(figure(tree, "gaps")) == rate["denominator"] - rate["adopted"]
    assert len(table_rows(tree, "gaps")) == 10
    with open(tmp_path / "out" / "overview-csv" / "gaps.csv", encoding="utf-8", newline="") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) == rate["denominator"] - rate["adopted"]
    assert [r["key"] for r in table_rows(tree, "by_ics_field")] == \
        [r["key"] for r in rate["breakdowns"]["ics_field"]]


def test_store_given_before_the_report_name_is_used(bundled, tmp_path):
    """Regression: `stdmap report --store X <report>` ignored X and read the default store."""
    result = invoke("report", "--store", bundled["store"], "overview", "--out", str(tmp_path), "--lang", "en",
                    "--top", "5", "--format", "md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "overview.en.md").read_text(encoding="utf-8") == bundled["en"]["md"]
