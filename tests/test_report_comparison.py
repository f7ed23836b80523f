"""`stdmap report comparison`: countries, committees, scopes or ICS codes side by side.

The HTML is parsed (lxml.html) and its numbers compared with the analytics commands (`stdmap rate`, `rate
--series`, `gaps`, `lag`, `stale`, `--json`) run on the same store with each subject's switch; the Markdown is
compared with golden files rendered from the small hand-made catalogue below (China against Japan), whose
numbers are worked out by hand in SMALL_EXPECTED. Regenerate the golden files after an intended change with

    STDMAP_UPDATE_GOLDEN=1 pytest tests/test_report_comparison.py -k golden

and review the diff before committing it.
"""

from __future__ import annotations

import csv
import json
import re
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

from mapper.kg import open_kg
from mapper.labels import LANGS
from mapper.report import render
from mapper.report.comparison import build_comparison
from mapper.rules import CountingRules

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "<script>alert(1)</script> & \"quoted\""
COMMITTEES = ("ISO/TC 207", "ISO/TC 176", "ISO/IEC JTC 1")
COMMITTEE_SLUG = "comparison-iso-tc-207-vs-iso-tc-176-vs-iso-iec-jtc-1"
SUMMARY_KINDS = {"denominator": "int", "adopted": "int", "rate": "pct", "neq": "int", "degree_unknown": "int",
                 "gaps": "int", "revision_needed": "int", "stale": "int", "lag_median": "months"}

# -- a small hand-made catalogue: invented standards, two countries -----------------------------------------------
SMALL = {
    "intl.csv": """designation,title_en,status,issued,withdrawn,ics,committee,replaces,replaced_by,source
ISO 71001:2015,Invented management systems - Requirements,current,2015-03-01,,13.020,ISO/TC 207,,,https://example.org/iso/71001
ISO 71002:2010,Invented vocabulary (first edition),superseded,2010-02-01,,13.020,ISO/TC 207,,ISO 71002:2020,https://example.org/iso/71002-2010
ISO 71002:2020,Invented vocabulary,current,2020-05-01,,13.020,ISO/TC 207,ISO 71002:2010,,https://example.org/iso/71002
ISO 71003:2018,Invented guidance on audits,current,2018-04-01,,03.100; 13.020,ISO/TC 207,,,https://example.org/iso/71003
ISO 72001:2019,Invented energy reviews,current,2019-06-01,,27.010,ISO/TC 301,,,https://example.org/iso/72001
ISO 72002:2021,Invented energy baselines,current,2021-04-01,,27.010,ISO/TC 301,,,https://example.org/iso/72002
""",
    "cn.csv": """designation,title_zh,status,issued,adopted,degree,source
GB/T 81001-2016,虚构管理体系 要求,current,2016-06-01,ISO 71001:2015,IDT,https://example.org/cn/81001
GB/T 81002-2012,虚构术语,current,2012-05-01,ISO 71002:2010,IDT,https://example.org/cn/81002
GB/T 81003-2019,虚构审核指南,current,2019-08-01,ISO 71003:2018,NEQ,https://example.org/cn/81003
GB/T 82001-2021,虚构能源评审,current,2021-12-01,ISO 72001:2019,MOD,https://example.org/cn/82001
""",
    "jp.csv": """designation,title_en,status,issued,adopted,degree,source
JIS Q 71001:2016,Invented management systems - Requirements (Japan),current,2016-01-20,ISO 71001:2015,IDT,https://example.org/jp/71001
JIS Q 71002:2021,Invented vocabulary (Japan),current,2021-02-10,ISO 71002:2020,IDT,https://example.org/jp/71002
JIS Q 71003:2019,Invented guidance on audits (Japan),current,2019-03-15,ISO 71003:2018,IDT,https://example.org/jp/71003
JIS Q 72002:2022,Invented energy baselines (Japan),current,2022-03-01,ISO 72002:2021,MOD,https://example.org/jp/72002
""",
}
SMALL_ARGS = ("--country", "CN", "--country", "JP", "--as-of", "2024-06-30", "--years", "4", "--top", "3")
# Worked out by hand from SMALL on 2024-06-30. Units in force: ISO 71001:2015, 71002:2020 (71002:2010 replaced
# on 2020-05-01), 71003:2018, 72001:2019, 72002:2021 → 5.
#   China: IDT 71001 (GB/T 81001-2016), MOD 72001 (GB/T 82001-2021), NEQ 71003; 71002:2020 none (GB/T
#     81002-2012 adopts the 2010 edition: a revision needed, and a stale adoption), 72002 none.
#     Rate 2/5; gaps 71002:2020 (revision needed), 71003, 72002. Lag (IDT/MOD pairs, any status): 81001 ←
#     71001: 2015-03-01 → 2016-06-01 = 15; 81002 ← 71002:2010: 2010-02-01 → 2012-05-01 = 27; 82001 ← 72001:
#     2019-06-01 → 2021-12-01 = 30; median 27.
#   Japan: IDT 71001, 71002:2020, 71003; MOD 72002; 72001 none. Rate 4/5; gap 72001; no stale adoption.
#     Lag: 2015-03-01 → 2016-01-20 = 10; 2020-05-01 → 2021-02-10 = 9; 2018-04-01 → 2019-03-15 = 11;
#     2021-04-01 → 2022-03-01 = 11; median 10.5.
SMALL_EXPECTED = {
    "CN": {"denominator": 5, "adopted": 2, "rate": 0.4, "neq": 1, "degree_unknown": 0, "gaps": 3,
           "revision_needed": 1, "stale": 1, "lag_median": 27},
    "JP": {"denominator": 5, "adopted": 4, "rate": 0.8, "neq": 0, "degree_unknown": 0, "gaps": 1,
           "revision_needed": 0, "stale": 0, "lag_median": 10.5},
}
SMALL_DIFFERING = {"adopted", "rate", "neq", "gaps", "revision_needed", "stale", "lag_median"}
# strongest correspondence per unit: rows where the two differ first, then by designation
SMALL_STANDARDS = [
    ("ISO 71002:2020", "none", "IDT"),
    ("ISO 71003:2018", "NEQ", "IDT"),
    ("ISO 72001:2019", "MOD", "none"),
    ("ISO 72002:2021", "none", "MOD"),
    ("ISO 71001:2015", "IDT", "IDT"),
]


# -- helpers ---------------------------------------------------------------------------------------------------------


def write_small(folder: Path, extra: dict[str, str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in {**SMALL, **(extra or {})}.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def compare(store: str, out: Path, *args: str, lang: str = "en") -> dict:
    result = invoke("report", "comparison", "--store", store, "--out", str(out), "--lang", lang, *args)
    assert result.exit_code == 0, result.output
    (html,) = out.glob(f"*.{lang}.html")
    slug = html.name[: -len(f".{lang}.html")]
    return {"slug": slug, "html": html.read_text(encoding="utf-8"),
            "md": (out / f"{slug}.{lang}.md").read_text(encoding="utf-8"), "output": result.output,
            "tree": lxml.html.fromstring(html.read_text(encoding="utf-8"))}






def num(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


def summary(tree) -> dict[str, dict[str, str]]:
    return {row["metric"]: row for row in table_rows(tree, "summary")}


def materially_different(values: list[float | None], kind: str) -> bool:
    """The report's rule, restated: counts not all equal, rates 5 points apart, lags 6 months apart or
    known for only some."""
    known = [v for v in values if v is not None]
    if kind == "months" and 0 < len(known) < len(values):
        return True
    if len(known) < 2:
        return False
    gap = max(known) - min(known)
    return gap >= 0.05 - 1e-9 if kind == "pct" else gap >= 6 if kind == "months" else gap != 0


# -- committees on the bundled knowledge base ------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled knowledge base compared by committee, in both languages, and each committee's answers
    from the analytics commands (read-only for the tests)."""
    base = tmp_path_factory.mktemp("comparison-bundled")
    args = [a for c in COMMITTEES for a in ("--committee", c)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        store = make_store(base / "store")
        en = compare(store, base / "out", *args)
        zh = compare(store, base / "out-zh", *args, lang="zh")
        again = compare(store, base / "again", *args)
        last = en["tree"].xpath('//table[@id="t-series"]/tbody/tr[last()]/td[@data-col="date"]/@data-sort')[0]
        year = int(last[:4])

        def series(c: str) -> dict:
            """Year ends of the last 15 years, the last point being today (never a future year end)."""
            years = command_json(store, "rate", "--committee", c, "--series", f"{year - 14}:{year - 1}")
            today = command_json(store, "rate", "--committee", c, "--as-of", last)
            years["series"].append({"date": last, **{k: today[k] for k in ("denominator", "adopted", "rate")}})
            return years

        answers = {c: {"rate": command_json(store, "rate", "--committee", c),
                       "series": series(c),
                       "gaps": command_json(store, "gaps", "--committee", c),
                       "lag": command_json(store, "lag", "--committee", c)} for c in COMMITTEES}
        stale = command_json(store, "stale")["stale"]
        shown = {}
        for row in stale:
            for sid in (row["adopted"], row["current"]):
                if sid and sid not in shown:
                    shown[sid] = command_json(store, "show", sid)["committees"]
    return {"store": store, "base": base, "en": en, "zh": zh, "again": again, "answers": answers,
            "stale": stale, "committees_of": shown, "args": args}


def test_writes_every_format_named_after_the_subjects(bundled):
    out = bundled["base"] / "out"
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"{COMMITTEE_SLUG}-csv", f"{COMMITTEE_SLUG}.en.html", f"{COMMITTEE_SLUG}.en.md",
                     f"{COMMITTEE_SLUG}.en.xlsx", f"{COMMITTEE_SLUG}.json"]
    assert sorted(p.name for p in (out / f"{COMMITTEE_SLUG}-csv").iterdir()) == [
        "by_degree.csv", "by_ics_field.csv", "series.csv", "subjects.csv", "summary.csv"]
    assert f"report folder: {out.resolve()}" in bundled["en"]["output"]
    tree = bundled["en"]["tree"]
    assert tree.xpath("//h1")[0].text_content() == "Comparison: ISO/TC 207 · ISO/TC 176 · ISO/IEC JTC 1"


def test_every_committee_equals_stdmap_rate(bundled):
    tree = bundled["en"]["tree"]
    rows = summary(tree)
    for i, c in enumerate(COMMITTEES, start=1):
        rate = bundled["answers"][c]["rate"]
        assert rate["denominator"] > 0, c
        (fig,) = tree.xpath(f'//*[@id="fig-rate-{i}"]')
        assert fig.get("data-subject") == c
        assert int(fig.get("data-denominator")) == rate["denominator"]
        assert int(fig.get("data-adopted")) == rate["adopted"]
        assert float(fig.get("data-value")) == rate["rate"]
        for key in ("denominator", "adopted", "rate", "neq", "degree_unknown"):
            assert num(rows[key][c]) == rate[key], (c, key)


def test_gaps_lag_and_stale_equal_their_commands(bundled):
    rows = summary(bundled["en"]["tree"])
    for c in COMMITTEES:
        answers = bundled["answers"][c]
        gaps = answers["gaps"]["gaps"]
        assert num(rows["gaps"][c]) == len(gaps) == answers["rate"]["not_adopted"]
        assert num(rows["revision_needed"][c]) == sum(1 for g in gaps if g["kind"] == "revision needed")
        assert num(rows["lag_median"][c]) == answers["lag"]["overall"]["median"]

        def in_committee(sid: str, committee: str) -> bool:
            return any(x == committee or x.startswith(committee + "/") for x in bundled["committees_of"].get(sid, []))

        stale = [s for s in bundled["stale"] if in_committee(s["adopted"], c) or in_committee(s["current"], c)]
        assert num(rows["stale"][c]) == len(stale), c
    assert num(rows["stale"]["ISO/TC 207"]) > 0, "the bundled knowledge base has outdated ISO 14000 adoptions"


def test_diff_rows_are_exactly_the_rows_whose_values_differ(bundled):
    tree = bundled["en"]["tree"]
    trs = tree.xpath('//table[@id="t-summary"]/tbody/tr')
    assert [tr.get("data-key") for tr in trs] == list(SUMMARY_KINDS)
    differing = []
    for tr in trs:
        key = tr.get("data-key")
        cells = {td.get("data-col"): td for td in tr.xpath("./td")}
        values = [num(cells[c].get("data-sort")) for c in COMMITTEES]
        expected = materially_different(values, SUMMARY_KINDS[key])
        assert ("diff" in (tr.get("class") or "").split()) == expected, key
        assert cells["differs"].get("data-sort") == str(expected)
        if expected:
            differing.append(key)
        # the best value is bold (class "best") and named in the Best column
        better = {"denominator": None, "adopted": max, "rate": max, "lag_median": min}.get(key, min)
        known = [v for v in values if v is not None]
        best = [] if better is None or len(set(known)) < 2 else \
            [c for c, v in zip(COMMITTEES, values) if v == better(known)]
        assert [c for c in COMMITTEES if "best" in cells[c].get("class").split()] == best, key
        assert cells["best"].get("data-sort") == "; ".join(best)
        known_diff = max(known) - min(known) if len(known) > 1 else None
        assert num(cells["difference"].get("data-sort")) == (None if known_diff is None else pytest.approx(known_diff))
    assert {"denominator", "adopted", "rate"} <= set(differing)
    assert "neq" not in differing  # no committee has NEQ-only standards in the bundled knowledge base


def test_ics_field_table_equals_the_rate_breakdowns(bundled):
    rows = {r["key"]: r for r in table_rows(bundled["en"]["tree"], "by_ics_field")}
    expected_keys = set()
    for c in COMMITTEES:
        fields = {f["key"]: f for f in bundled["answers"][c]["rate"]["breakdowns"]["ics_field"]}
        expected_keys |= set(fields)
        for key, row in rows.items():
            f = fields.get(key)
            assert num(row[f"{c}:in_scope"]) == (f["denominator"] if f else None)
            assert num(row[f"{c}:adopted"]) == (f["adopted"] if f else None)
            assert num(row[f"{c}:rate"]) == (f["rate"] if f else None)
    assert set(rows) == expected_keys
    tree = bundled["en"]["tree"]
    for tr in tree.xpath('//table[@id="t-by_ics_field"]/tbody/tr'):
        rates = [num(td.get("data-sort")) for td in tr.xpath("./td") if td.get("data-col").endswith(":rate")]
        assert ("diff" in (tr.get("class") or "")) == materially_different(
            [r for r in rates if r is not None], "pct")


def test_rate_by_year_equals_stdmap_rate_series(bundled):
    rows = table_rows(bundled["en"]["tree"], "series")
    assert len(rows) == 15
    for c in COMMITTEES:
        series = bundled["answers"][c]["series"]["series"]
        assert [r["date"] for r in rows] == [p["date"] for p in series]
        for row, p in zip(rows, series):
            assert num(row[f"{c}:in_scope"]) == p["denominator"]
            assert num(row[f"{c}:adopted"]) == p["adopted"]
            assert num(row[f"{c}:rate"]) == (p["rate"] if p["denominator"] else None)


def test_degree_mix_equals_the_rate_by_degree(bundled):
    rows = {r["key"]: r for r in table_rows(bundled["en"]["tree"], "by_degree")}
    assert list(rows) == ["IDT", "MOD", "EQV", "NEQ", "unknown", "none"]
    for c in COMMITTEES:
        rate = bundled["answers"][c]["rate"]
        for key, row in rows.items():
            assert num(row[f"{c}:standards"]) == rate["by_degree"][key]
            assert num(row[f"{c}:share"]) == pytest.approx(rate["by_degree"][key] / rate["denominator"], abs=1e-6)


def test_charts_show_every_subject(bundled):
    tree = bundled["en"]["tree"]
    for key in ("ics", "trend", "degree_mix"):
        (box,) = tree.xpath(f'//figure[@id="chart-{key}"]')
        assert box.xpath('.//*[local-name()="svg"]'), key
    ics = tree.xpath('//figure[@id="chart-ics"]//*[local-name()="rect"][@data-series]')
    assert {r.get("data-series") for r in ics} == {"0", "1", "2"}
    legend = tree.xpath('//figure[@id="chart-trend"]')[0].text_content()
    assert all(c in legend for c in COMMITTEES)


def test_both_languages_render_with_their_own_labels(bundled):
    en, zh = bundled["en"], bundled["zh"]
    assert en["tree"].get("lang") == "en" and zh["tree"].get("lang") == "zh-CN"
    assert "Side-by-side summary" in en["html"] and "总体对比表" in zh["html"]
    assert "总体对比表" not in en["html"] and "Side-by-side summary" not in zh["html"]
    assert zh["tree"].xpath("//h1")[0].text_content() == "对比：ISO/TC 207 · ISO/TC 176 · ISO/IEC JTC 1"
    assert "# 对比：" in zh["md"] and "| 指标 |" in zh["md"] and "个百分点" in zh["md"]
    for key in ("summary", "by_ics_field", "series", "by_degree"):  # the same numbers
        assert table_rows(en["tree"], key) == table_rows(zh["tree"], key)
    out = bundled["base"]
    assert (out / "out" / f"{COMMITTEE_SLUG}.json").read_bytes() == \
        (out / "out-zh" / f"{COMMITTEE_SLUG}.json").read_bytes()


def test_output_is_byte_stable(bundled):
    first, again = bundled["base"] / "out", bundled["base"] / "again"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == 9
    for rel in files:
        assert (first / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_spreadsheet_heads_each_column_with_its_subject(bundled):
    wb = openpyxl.load_workbook(bundled["base"] / "out" / f"{COMMITTEE_SLUG}.en.xlsx")
    assert wb.sheetnames == ["about", "summary", "by_ics_field", "series", "by_degree", "subjects"]
    head = [c.value for c in wb["summary"][1]]
    assert head == ["Measure", *COMMITTEES, "Difference (max − min)", "Best", "Differs"]
    assert [c.value for c in wb["by_ics_field"][1]][2:5] == [
        "In scope — ISO/TC 207", "Adopted — ISO/TC 207", "Rate — ISO/TC 207"]
    zh = openpyxl.load_workbook(bundled["base"] / "out-zh" / f"{COMMITTEE_SLUG}.zh.xlsx")
    assert [c.value for c in zh["by_ics_field"][1]][4] == "转化率 — ISO/TC 207"
    subjects = [[c.value for c in row][:2] for row in wb["subjects"].iter_rows(min_row=2)]
    assert subjects == [[1, "ISO/TC 207"], [2, "ISO/TC 176"], [3, "ISO/IEC JTC 1"]]
    with open(bundled["base"] / "out" / f"{COMMITTEE_SLUG}-csv" / "summary.csv", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == ["metric", *COMMITTEES, "difference", "best", "differs"]


def test_rules_shared_once_and_per_subject(bundled):
    rules = [li.text_content() for li in bundled["en"]["tree"].xpath('//ul[@id="rules-en"]/li')]
    assert sum(line.startswith("Denominator:") for line in rules) == 1
    assert [line for line in rules if "Scope:" in line] == [
        f"{c}: Scope: committee {c} (any of them)." for c in COMMITTEES]


# -- scopes -------------------------------------------------------------------------------------------------------
def test_scope_axis_equals_stdmap_rate(tmp_path):
    store = make_store(tmp_path / "store")
    scopes = ("carbon-footprint-ghg", "cfp-pilot-2024")
    out = compare(store, tmp_path / "out", "--scope", scopes[0], "--scope", scopes[1], "--country", "CN")
    assert out["slug"] == "comparison-carbon-footprint-ghg-vs-cfp-pilot-2024"
    rows = summary(out["tree"])
    for i, s in enumerate(scopes, start=1):
        rate = command_json(store, "rate", "--scope", s, "--country", "CN")
        assert rate["denominator"] > 0
        for key in ("denominator", "adopted", "rate", "neq", "degree_unknown"):
            assert num(rows[key][s]) == rate[key], (s, key)
        assert num(rows["gaps"][s]) == len(command_json(store, "gaps", "--scope", s, "--country", "CN")["gaps"])
        assert out["tree"].xpath(f'//*[@id="fig-rate-{i}"]/@data-subject') == [s]
    assert "adoptions in China" in out["tree"].xpath('//*[@id="report-subject"]')[0].text_content()
    assert "standards" not in [t.get("id") for t in out["tree"].xpath("//table")], "per standard: countries only"


# -- countries: the small hand-made catalogue ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def small(tmp_path_factory):
    base = tmp_path_factory.mktemp("comparison-small")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        store = make_store(base / "store", *write_small(base / "data"), empty=True)
        reports = {lang: compare(store, base / f"out-{lang}", *SMALL_ARGS, lang=lang) for lang in LANGS}
        rates = {c: command_json(store, "rate", "--country", c, "--as-of", "2024-06-30") for c in ("CN", "JP")}
    return {"store": store, "base": base, "rates": rates, **reports}


def test_country_numbers_are_the_hand_computed_ones(small):
    rows = summary(small["en"]["tree"])
    for c, expected in SMALL_EXPECTED.items():
        for key, value in expected.items():
            assert num(rows[key][c]) == value, (c, key)
        for key in ("denominator", "adopted", "rate", "neq", "degree_unknown"):
            assert small["rates"][c][key] == expected[key]
    diff = {tr.get("data-key") for tr in small["en"]["tree"].xpath('//table[@id="t-summary"]/tbody/tr[@class="diff"]')}
    assert diff == SMALL_DIFFERING
    assert small["en"]["tree"].xpath("//h1")[0].text_content() == "Comparison: China · Japan"
    assert small["zh"]["tree"].xpath("//h1")[0].text_content() == "对比：中国 · 日本"
    assert small["en"]["slug"] == "comparison-cn-vs-jp"


def test_standard_by_standard_degrees(small):
    rows = table_rows(small["en"]["tree"], "standards")
    assert [(r["standard"], r["CN:degree"], r["JP:degree"]) for r in rows] == SMALL_STANDARDS[:3]  # --top 3
    trs = small["en"]["tree"].xpath('//table[@id="t-standards"]/tbody/tr')
    assert all(tr.get("class") == "diff" for tr in trs)
    with open(small["base"] / "out-en" / "comparison-cn-vs-jp-csv" / "standards.csv", encoding="utf-8") as fh:
        all_rows = list(csv.DictReader(fh))
    assert [(r["standard"], r["CN:degree"], r["JP:degree"]) for r in all_rows] == SMALL_STANDARDS
    assert [r["differs"] for r in all_rows] == ["true", "true", "true", "true", "false"]
    assert all_rows[0]["title"] == "Invented vocabulary"
    # degrees spelled out in the reader's language where they are not codes
    assert "no correspondence" in small["en"]["tree"].xpath('//table[@id="t-standards"]')[0].text_content()
    assert "无对应" in small["zh"]["tree"].xpath('//table[@id="t-standards"]')[0].text_content()


def test_country_report_json_names_the_subjects(small):
    data = json.loads((small["base"] / "out-en" / "comparison-cn-vs-jp.json").read_text(encoding="utf-8"))
    assert data["figures"]["axis"] == "country"
    assert [(s["value"], s["name"]["zh"]) for s in data["figures"]["subjects"]] == [("CN", "中国"), ("JP", "日本")]
    assert data["figures"]["subjects"][0]["stale_pairs"] == ["GB/T 81002-2012 → ISO 71002:2010"]
    assert set(data["figures"]["differing"]) == SMALL_DIFFERING




@pytest.mark.parametrize("lang", LANGS)
def test_markdown_golden(small, lang):
    md = normalise_paths(small[lang]["md"], small["base"] / "data")
    golden = GOLDEN / f"comparison_small.{lang}.md"
    check_golden(md, golden)


def test_builder_renders_the_same_twice(small):
    """The library call, rendered twice in each language: identical text."""
    from mapper.rules import parse_date

    store = open_kg(":memory:", empty=True)
    from mapper.kg import import_files

    import_files(store, sorted((small["base"] / "data").glob("*.csv")))
    rules = CountingRules(as_of=parse_date("2024-06-30"))
    first = build_comparison(store, rules, "country", ["CN", "JP"], years=4, top=3)
    second = build_comparison(store, rules, "country", ["cn", "jp"], years=4, top=3)
    assert first.to_json() == second.to_json()
    for lang in LANGS:
        assert render(first, "md", lang) == render(second, "md", lang)
        assert render(first, "html", lang) == render(first, "html", lang)


# -- bad input ----------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory):
    base = tmp_path_factory.mktemp("comparison-errors")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        return make_store(base / "store", *write_small(base / "data"), empty=True), base


@pytest.mark.parametrize("args, message", [
    (("--committee", "ISO/TC 207"), "name at least two subjects to compare"),
    ((), "repeating one of --country, --committee, --scope or --ics"),
    (("--committee", "ISO/TC 207", "--committee", "ISO/TC 301", "--ics", "13", "--ics", "27"),
     "compare along one dimension only"),
    (("--scope", "no-such-scope", "--scope", "carbon-footprint-ghg"), "no scope 'no-such-scope'"),
    (("--country", "CN", "--country", "cn"), "'CN' is named twice"),
    (("--committee", "ISO/TC 207", "--committee", "ISO/TC 301", "--ics", "13"),
     "a comparison by committee takes no other scope switch"),
    ((*[a for n in range(9) for a in ("--ics", f"{n + 1:02d}")],), "at most 8 values"),
])
def test_bad_input_exits_2_with_a_clear_message(tiny_store, args, message):
    store, base = tiny_store
    out = base / "never-written"
    result = invoke("report", "comparison", "--store", store, "--out", str(out), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_two_axes_are_named_in_the_message(tiny_store):
    store, base = tiny_store
    result = invoke("report", "comparison", "--store", store, "--out", str(base / "x"), "--country", "CN",
                    "--country", "JP", "--scope", "carbon-footprint-ghg", "--scope", "cfp-pilot-2024")
    assert result.exit_code == 2
    assert "--country CN, JP" in result.output and "--scope carbon-footprint-ghg, cfp-pilot-2024" in result.output


def test_a_single_country_is_a_shared_rule(tiny_store):
    store, base = tiny_store
    out = compare(store, base / "shared-country", "--country", "JP", "--committee", "ISO/TC 207",
                  "--committee", "ISO/TC 301", "--as-of", "2024-06-30")
    rows = summary(out["tree"])
    # Japan adopts ISO 71001, 71002:2020, 71003 (TC 207) and 72002 (TC 301) of 3 + 2 units
    assert (num(rows["adopted"]["ISO/TC 207"]), num(rows["denominator"]["ISO/TC 207"])) == (3, 3)
    assert (num(rows["adopted"]["ISO/TC 301"]), num(rows["denominator"]["ISO/TC 301"])) == (1, 2)
    assert "adoptions in Japan" in out["tree"].xpath('//*[@id="report-subject"]')[0].text_content()


def test_builder_rejects_what_it_cannot_compare():
    store = open_kg(":memory:")
    for axis, values, message in [
        ("country", ["CN"], "at least two values of country"),
        ("sector", ["A", "B"], "unknown comparison axis 'sector'"),
        ("committee", ["ISO/TC 207", " ISO/TC  207 "], "named twice"),
        ("committee", ["ISO/TC 207", "best"], "reserved"),
        ("scope", ["carbon-footprint-ghg", "nope"], "no scope 'nope'"),
    ]:
        with pytest.raises(ValueError, match=re.escape(message)):
            build_comparison(store, None, axis, values)


# -- escaping -------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """An international title with markup, one with only a Chinese title, and a committee named with markup."""
    base = tmp_path_factory.mktemp("comparison-hostile")
    quoted = HOSTILE.replace('"', '""')
    extra = {
        "intl.csv": SMALL["intl.csv"].replace("Invented energy reviews", f'"{quoted}"'),
        "intl_zh.csv": "designation,title_zh,status,issued,ics,source\n"
                       "ISO 73001:2020,环境管理 虚构指南,current,2020-01-01,13.020,https://example.org/iso/73001\n",
        "cn_zh.csv": "designation,title_zh,status,issued,adopted,degree,source\n"
                     "GB/T 83001-2021,虚构指南,current,2021-01-01,ISO 73001:2020,IDT,https://example.org/cn/83001\n",
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        store = make_store(base / "store", *write_small(base / "data", extra), empty=True)
        countries = {lang: compare(store, base / f"countries-{lang}", "--country", "CN", "--country", "JP",
                                   lang=lang) for lang in LANGS}
        committees = compare(store, base / "committees", "--committee", HOSTILE, "--committee", "ISO/TC 207")
    return {"countries": countries, "committees": committees}


def test_html_escapes_titles_and_names(hostile):
    for page in (*hostile["countries"].values(), hostile["committees"]):
        tree = page["tree"]
        assert len(tree.xpath("//script")) == 1, "only the page's own script"
        assert "<script>alert" not in page["html"]
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page["html"]
    en, zh = hostile["countries"]["en"]["tree"], hostile["countries"]["zh"]["tree"]
    titles_en = {r["standard"]: r["title"] for r in table_rows(en, "standards")}
    titles_zh = {r["standard"]: r["title"] for r in table_rows(zh, "standards")}
    assert titles_en["ISO 72001:2019"] == titles_zh["ISO 72001:2019"] == HOSTILE
    assert titles_en["ISO 73001:2020"] == titles_zh["ISO 73001:2020"] == "环境管理 虚构指南"
    tree = hostile["committees"]["tree"]
    assert tree.xpath("//h1")[0].text_content() == f"Comparison: {HOSTILE} · ISO/TC 207"
    assert tree.xpath('//*[@id="fig-rate-1"]/@data-subject') == [HOSTILE]
    assert tree.xpath('//table[@id="t-summary"]/thead/tr/th')[1].text_content() == HOSTILE


def test_markdown_keeps_titles_and_names_literally(hostile):
    md = hostile["countries"]["en"]["md"]
    assert f"| ISO 72001:2019 | {HOSTILE} |" in md
    assert "| ISO 73001:2020 | 环境管理 虚构指南 |" in md
    assert "&lt;" not in md and "&amp;" not in md
    assert hostile["committees"]["md"].startswith(f"# Comparison: {HOSTILE} · ISO/TC 207\n")


# -- the full ISO and IEC catalogues ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_full_catalogues_two_big_committees(full_store, tmp_path):
    store = str(full_store[0])
    committees = ("ISO/TC 207", "ISO/IEC JTC 1")
    out = compare(store, tmp_path / "out", "--committee", committees[0], "--committee", committees[1],
                  "--format", "html", "--format", "md")
    rows = summary(out["tree"])
    for c in committees:
        rate = command_json(store, "rate", "--committee", c)
        assert rate["denominator"] > 50, c
        for key in ("denominator", "adopted", "rate", "neq", "degree_unknown"):
            assert num(rows[key][c]) == rate[key], (c, key)
        fields = {f["key"]: f for f in rate["breakdowns"]["ics_field"]}
        for row in table_rows(out["tree"], "by_ics_field"):
            assert num(row[f"{c}:in_scope"]) == (fields[row["key"]]["denominator"] if row["key"] in fields else None)
    assert "| Rate |" in out["md"]


def test_module_doctests_pass():
    import doctest

    from mapper.report import comparison

    result = doctest.testmod(comparison)
    assert result.attempted > 0 and result.failed == 0
