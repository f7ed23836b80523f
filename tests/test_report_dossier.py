"""`stdmap report dossier ID`: everything about one standard on one page (mapper/report/dossier.py).

The HTML is parsed (lxml.html) and its numbers compared with what `stdmap show`, `stdmap counterparts` and
`stdmap lag` print for the same store: cells carry their raw values in `data-sort`, the record its fields in
`data-value`, figures theirs in `data-*`. The multi-country checks use tests/data/equiv/ (README: every
expected counterpart there is worked out by hand). The Markdown is compared with golden files rendered from
that catalogue; regenerate them after an intended change with

    STDMAP_UPDATE_GOLDEN=1 pytest tests/test_report_dossier.py -k golden

and review the diff before committing it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import statistics
from pathlib import Path

import lxml.html
import pytest
from support import check_golden, invoke

DATA = Path(__file__).parent / "data" / "equiv"
EQUIV_FILES = ("intl.csv", "cn.csv", "regional.csv", "cn_second.csv")
GOLDEN = Path(__file__).parent / "golden"
HOSTILE_EN = "<script>alert(1)</script> & “quotes” 'x' | pipe"
HOSTILE_ZH = "环境管理<script>alert(1)</script>体系"
GOLDEN_TODAY = dt.date(2026, 1, 1)


# -- stores, reports, parsing --------------------------------------------------------------------------------
def _store(where: Path, *files: Path, empty: bool = True) -> str:
    store = str(where)
    result = invoke("init", *(["--empty"] if empty else []), "--store", store)
    assert result.exit_code == 0, result.output
    if files:
        result = invoke("import", "--store", store, *files)
        assert result.exit_code == 0, result.output
    return store


def _json(*args: object) -> dict:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _report(store: str, out: Path, standard: str, *extra: str, lang: str = "en") -> dict:
    """Run the command; the HTML (parsed and as text), the Markdown and the JSON context of its report."""
    result = invoke("report", "dossier", standard, "--store", store, "--out", out, "--lang", lang, *extra)
    assert result.exit_code == 0, result.output
    html = next(out.glob(f"dossier-*.{lang}.html"))
    stem = html.name[: -len(f".{lang}.html")]
    text = html.read_text(encoding="utf-8")
    return {"out": out, "stem": stem, "text": text, "tree": lxml.html.fromstring(text),
            "md": (out / f"{stem}.{lang}.md").read_text(encoding="utf-8"),
            "json": json.loads((out / f"{stem}.json").read_text(encoding="utf-8")), "stdout": result.stdout}


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """Module fixtures run before the autouse guard: keep their stores and caches in temporary folders."""
    base = tmp_path_factory.mktemp("dossier-env")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        mp.setenv("STDMAP_CACHE_DIR", str(base / "cache"))
        yield base


@pytest.fixture(scope="module")
def bundled(env, tmp_path_factory) -> str:
    return _store(tmp_path_factory.mktemp("dossier-bundled") / "store", empty=False)


@pytest.fixture(scope="module")
def equiv(env, tmp_path_factory) -> str:
    return _store(tmp_path_factory.mktemp("dossier-equiv") / "store", *(DATA / f for f in EQUIV_FILES))


@pytest.fixture(scope="module")
def bundled_reports(bundled, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("dossier-bundled-out")
    return {s: _report(bundled, out / str(i), s) for i, s in enumerate(("ISO 14001:2015", "GB/T 24001-2016"))}


def table(tree, key: str) -> list[dict[str, str]]:
    """The rows of table `t-<key>`: column key → the cell's raw value (data-sort)."""
    found = tree.xpath(f'//table[@id="t-{key}"]')
    if not found:  # an empty table is a "None." paragraph
        assert tree.xpath(f'//section[@id="s-{key}"]'), f"no table {key}"
        return []
    return [{td.get("data-col"): td.get("data-sort") for td in tr.xpath("td")} for tr in found[0].xpath("tbody/tr")]


def figure(tree, key: str) -> dict[str, str]:
    (div,) = tree.xpath(f'//div[@id="fig-{key}"]')
    return {k[5:]: v for k, v in div.attrib.items() if k.startswith("data-")}


def record(tree) -> dict[str, str]:
    return {td.get("data-field"): td.get("data-value") for td in tree.xpath('//table[@id="t-record-fields"]//td')}


def yes(value: bool | None) -> str:
    return "" if value is None else str(value)


# -- (1) the bundled knowledge base against show, counterparts and lag ----------------------------------------
@pytest.mark.parametrize("standard", ["ISO 14001:2015", "GB/T 24001-2016"])
def test_counterparts_degree_and_status_equal_the_commands(bundled, bundled_reports, standard):
    rep = bundled_reports[standard]
    tree = rep["tree"]
    data = _json("counterparts", "--store", bundled, standard)
    assert data["counterparts"], "the bundled knowledge base has a counterpart for both"
    rows = table(tree, "counterparts")
    assert [(r["country"], r["standard"], r["relation"], r["edition_match"]) for r in rows] == [
        (c["country"], c["standard"], c["relation"], str(c["edition_match"])) for c in data["counterparts"]]
    for row in rows:  # status as `show` records it
        assert row["status"] == _json("show", "--store", bundled, row["standard"])["status"]
    # every step of every path, with its sources, in the evidence table
    steps = table(tree, "evidence")
    expected = [(c["standard"], str(n), s["from"], s["to"], s["degree"], "; ".join(s["source"]))
                for c in data["counterparts"] for n, s in enumerate(c["path"], start=1)]
    assert [(r["counterpart"], r["step"], r["from"], r["to"], r["degree"], r["sources"]) for r in steps] == expected
    # the record and the figures
    shown = _json("show", "--store", bundled, standard)
    rec = record(tree)
    assert rec["identifier"] == shown["identifier"] == standard
    assert rec["status"] == shown["status"] == figure(tree, "status")["value"]
    assert rec["issued"] == shown["issued"]
    assert rec.get("effective", "") == shown["effective"]
    assert rec["committee"] == "; ".join(shown["committees"])
    assert rec["ics"] == "; ".join(shown["ics"])
    assert rec["sources"] == "; ".join(shown["sources"])
    assert figure(tree, "counterparts")["value"] == str(len(data["counterparts"]))
    for degree in ("IDT", "MOD", "EQV", "NEQ"):
        n = sum(1 for c in data["counterparts"] if c["relation"] == degree)
        assert figure(tree, degree)["value"] == str(n)
    # direct claims are show's adoptions, both ways
    claims = table(tree, "claims")
    assert [(c["other"], c["degree"], c["other_status"]) for c in claims] == [
        (a["other"], a["degree"], a["other_status"]) for a in shown["adoptions"]]


@pytest.mark.parametrize("standard, current", [("ISO 14001:2015", "ISO 14001:2015"),
                                               ("GB/T 24001-2016", "GB/T 24001-2016")])
def test_editions_table_is_the_works_editions(bundled, bundled_reports, standard, current):
    tree = bundled_reports[standard]["tree"]
    shown = _json("show", "--store", bundled, standard)
    rows = table(tree, "editions")
    assert [(r["edition"], r["status"], r["issued"]) for r in rows] == [
        (e["identifier"], e["status"], e["issued"]) for e in shown["editions"]]
    highlighted = tree.xpath('//table[@id="t-editions"]/tbody/tr[@class="diff"]/td[@data-col="edition"]/@data-sort')
    assert highlighted == [current]
    assert [r["edition"] for r in rows if r["this"] == "True"] == [standard]
    # what replaced what, as show records it for each edition
    by_edition = {r["edition"]: r for r in rows}
    assert by_edition[standard]["replaces"] == "; ".join(shown["replaces"])


@pytest.mark.parametrize("standard, side", [("ISO 14001:2015", "international"), ("GB/T 24001-2016", "national")])
def test_lag_equals_stdmap_lag_pairs(bundled, bundled_reports, standard, side):
    tree = bundled_reports[standard]["tree"]
    pairs = [p for p in _json("lag", "--store", bundled)["pairs"] if p[side] == standard]
    assert pairs, "stdmap lag has a pair for both standards"
    keys = ("national", "international", "lag_months", "lag_effective_months", "national_issued",
            "international_issued")
    rows = table(tree, "lag")
    assert [tuple(r[k] for k in keys) for r in rows] == [
        tuple("" if p[k] is None else str(p[k]) for k in keys) for p in pairs]
    lag = figure(tree, "lag")
    assert lag["n"] == str(len(pairs))
    assert float(lag["value"]) == statistics.median(p["lag_months"] for p in pairs)
    assert bundled_reports[standard]["json"]["figures"]["lag"]["n"] == len(pairs)


def test_writes_every_file_and_names_it(bundled_reports):
    rep = bundled_reports["ISO 14001:2015"]
    out, stem = rep["out"], rep["stem"]
    assert stem == "dossier-iso-14001-2015"
    for name in (f"{stem}.en.html", f"{stem}.en.md", f"{stem}.en.xlsx", f"{stem}.json"):
        assert (out / name).is_file() and str((out / name).resolve()) in rep["stdout"]
    csvs = sorted(p.name for p in (out / f"{stem}-csv").iterdir())
    assert "counterparts.csv" in csvs and "editions.csv" in csvs and "lag.csv" in csvs
    tree = rep["tree"]
    assert tree.xpath("string(//h1)") == "Standard dossier: ISO 14001:2015"
    assert tree.xpath('string(//p[@id="report-subject"])') == rep["json"]["subject"]["en"]
    assert rep["json"]["subject"]["en"].startswith("Environmental management systems")


# -- (2) several countries, regional layers, evidence paths --------------------------------------------------
ISO_50001 = [  # tests/data/equiv/README.md, "counterparts (full store)"
    ("CN", "GB/T 23331-2020", "IDT"), ("CN", "GB/T 95000-2022", "IDT"), ("CN", "GB/T 95001-2021", "MOD"),
    ("CN", "GB/T 95004-2019", "EQV"), ("CN", "GB/T 95002-2021", "NEQ"), ("EU", "EN ISO 50001:2018", "IDT"),
    ("GB", "BS EN ISO 50001:2018", "IDT"), ("JP", "JIS Z 95003:2020", "MOD"),
]


def test_counterparts_in_several_countries_with_evidence(equiv, tmp_path):
    rep = _report(equiv, tmp_path, "ISO 50001:2018")
    tree = rep["tree"]
    rows = table(tree, "counterparts")
    assert [(r["country"], r["standard"], r["relation"]) for r in rows] == ISO_50001
    data = _json("counterparts", "--store", equiv, "ISO 50001:2018")
    assert [(c["country"], c["standard"], c["relation"]) for c in data["counterparts"]] == ISO_50001
    assert figure(tree, "countries") == {"value": "4", "codes": "CN EU GB JP"}
    assert (figure(tree, "IDT")["value"], figure(tree, "MOD")["value"], figure(tree, "EQV")["value"],
            figure(tree, "NEQ")["value"]) == ("4", "2", "1", "1")
    # BS EN ISO 50001:2018 is reached through the European layer: two IDT steps, each with its source
    bs = [r for r in table(tree, "evidence") if r["counterpart"] == "BS EN ISO 50001:2018"]
    assert [(r["step"], r["from"], r["direction"], r["to"], r["degree"]) for r in bs] == [
        ("1", "ISO 50001:2018", "dossier.dir.adopted_by", "EN ISO 50001:2018", "IDT"),
        ("2", "EN ISO 50001:2018", "dossier.dir.adopted_by", "BS EN ISO 50001:2018", "IDT")]
    assert "https://example.org/eu/50001" in bs[0]["sources"].split("; ")
    assert bs[1]["sources"] == "https://example.org/gb/50001"
    links = tree.xpath('//table[@id="t-evidence"]//td[@data-col="sources"]//a/@href')
    assert "https://example.org/gb/50001" in links
    path = tree.xpath('string(//table[@id="t-counterparts"]//tr[td[@data-sort="BS EN ISO 50001:2018"]]'
                      '/td[@data-col="path"])')
    assert path == ("ISO 50001:2018 is adopted by EN ISO 50001:2018 (IDT); "
                    "EN ISO 50001:2018 is adopted by BS EN ISO 50001:2018 (IDT)")
    # lag: months from ISO 50001:2018 (2018-08-21) to each issue, computed by hand
    lag = {r["national"]: (r["international"], r["lag_months"]) for r in table(tree, "lag")}
    assert lag == {"BS EN ISO 50001:2018": ("ISO 50001:2018", "0"), "EN ISO 50001:2018": ("ISO 50001:2018", "0"),
                   "GB/T 23331-2020": ("ISO 50001:2018", "26"), "GB/T 95000-2022": ("ISO 50001:2018", "42"),
                   "GB/T 95001-2021": ("ISO 50001:2018", "31"), "GB/T 95002-2021": ("ISO 50001:2018", "31"),
                   "GB/T 95004-2019": ("ISO 50001:2018", "8"), "JIS Z 95003:2020": ("ISO 50001:2018", "18")}
    # sorted: 0 0 8 18 26 31 31 42 → median (18 + 26) / 2
    assert figure(tree, "lag") == {"value": "22", "n": "8"}
    bars = tree.xpath('//figure[@id="chart-lag"]//*[@data-value]/@data-value')
    assert sorted(float(v) for v in bars) == [0, 0, 8, 18, 26, 31, 31, 42]


def test_national_standard_lists_what_it_adopts_and_its_other_counterparts(equiv, tmp_path):
    tree = _report(equiv, tmp_path, "GB/T 23331-2020")["tree"]
    assert [(r["country"], r["standard"], r["relation"]) for r in table(tree, "counterparts")] == [
        ("CN", "GB/T 95000-2022", "IDT"), ("CN", "GB/T 95001-2021", "MOD"), ("CN", "GB/T 95004-2019", "EQV"),
        ("EU", "EN ISO 50001:2018", "IDT"), ("GB", "BS EN ISO 50001:2018", "IDT"), ("INT", "ISO 50001:2018", "IDT"),
        ("JP", "JIS Z 95003:2020", "MOD")]  # README: GB/T 95002-2021 and 95005-2021, BS 95008:2020 are "related"
    claims = table(tree, "claims")
    assert [(c["role"], c["other"], c["degree"], c["current_edition"], c["edition_match"]) for c in claims] == [
        ("dossier.role.adopts", "ISO 50001:2018", "IDT", "ISO 50001:2018", "True")]
    other = table(tree, "adopted_counterparts")
    assert [(r["via"], r["standard"], r["relation"]) for r in other] == [
        ("ISO 50001:2018", s, rel) for _, s, rel in ISO_50001 if s != "GB/T 23331-2020"]
    # its own lag behind ISO 50001:2018, once
    own = [r for r in table(tree, "lag") if r["national"] == "GB/T 23331-2020"]
    assert [(r["international"], r["lag_months"], r["lag_effective_months"]) for r in own] == [
        ("ISO 50001:2018", "26", "33")]


def test_edition_hop_and_other_editions(equiv, tmp_path):
    tree = _report(equiv, tmp_path, "ISO 72000:2018")["tree"]
    rows = table(tree, "counterparts")
    assert [(r["standard"], r["relation"], r["edition_match"]) for r in rows] == [  # README order
        ("GB/T 82001-2012", "IDT", "False"), ("GB/T 82003-2019", "IDT", "True"), ("GB/T 82002-2019", "MOD", "True")]
    hop = [r for r in table(tree, "evidence") if r["counterpart"] == "GB/T 82001-2012"]
    assert [(r["kind"], r["from"], r["to"]) for r in hop] == [
        ("dossier.kind.edition", "ISO 72000:2018", "ISO 72000:2010"),
        ("dossier.kind.adoption", "ISO 72000:2010", "GB/T 82001-2012")]
    other = table(tree, "other_editions")
    assert [(r["edition"], r["position"], r["other"], r["degree"], r["relation"], r["edition_match"],
             r["counterpart"]) for r in other] == [
        ("ISO 72000:2010", "dossier.edition.older", "GB/T 82001-2012", "IDT", "IDT", "False", "True")]
    # the edition adopted is the one measured: GB/T 82001-2012 from ISO 72000:2010 (2010-06-01 → 2012-05-01)
    lag = {r["national"]: (r["international"], r["lag_months"]) for r in table(tree, "lag")}
    assert lag["GB/T 82001-2012"] == ("ISO 72000:2010", "23")
    # the current edition is highlighted; the older one is superseded
    editions = table(tree, "editions")
    assert [(r["edition"], r["status"], r["current"]) for r in editions] == [
        ("ISO 72000:2010", "superseded", "False"), ("ISO 72000:2018", "current", "True")]


def test_conflicting_sources_are_listed(equiv, tmp_path):
    tree = _report(equiv, tmp_path, "GB/T 86002-2021")["tree"]
    # README: GB/T 86001-2020 is MOD to ISO 76000:2019 by the weaker of two claims, so MOD to this one too
    assert [(r["standard"], r["relation"]) for r in table(tree, "counterparts")] == [
        ("GB/T 86001-2020", "MOD"), ("ISO 76000:2019", "IDT")]
    conflicts = table(tree, "conflicts")
    assert [(c["kind"], c["standards"]) for c in conflicts] == [
        ("dossier.conflict.degree", "GB/T 86001-2020; ISO 76000:2019")]
    assert conflicts[0]["sources"] == "https://example.org/cn-a/86001; https://example.org/cn-b/86001"
    assert figure(tree, "conflicts")["value"] == "1"


# -- (3) undated input --------------------------------------------------------------------------------------------
def test_undated_input_is_the_current_edition_and_the_page_says_so(equiv, tmp_path):
    rep = _report(equiv, tmp_path, "iso 14001")
    assert rep["stem"] == "dossier-iso-14001-2015"
    (note,) = rep["tree"].xpath('//p[@id="resolution"]')
    assert (note.get("data-how"), note.get("data-input"), note.get("data-resolved")) == (
        "current edition", "iso 14001", "ISO 14001:2015")
    assert "undated" in note.text_content() and "ISO 14001:2015" in note.text_content()
    assert "“iso 14001” is undated: this dossier is about its current edition, ISO 14001:2015." in rep["md"]
    dated = _report(equiv, tmp_path / "dated", "ISO 14001:2015")
    assert not dated["tree"].xpath('//p[@id="resolution"]')
    assert table(dated["tree"], "counterparts") == table(rep["tree"], "counterparts")


# -- (4) --as-of ------------------------------------------------------------------------------------------------------
def test_as_of_gives_the_counterparts_of_that_day(equiv, tmp_path):
    rep = _report(equiv, tmp_path, "ISO 50001:2018", "--as-of", "2021-07-01")
    tree = rep["tree"]
    expected = [("CN", "GB/T 23331-2020", "IDT"), ("CN", "GB/T 95004-2019", "EQV"), ("EU", "EN ISO 50001:2018", "IDT"),
                ("GB", "BS EN ISO 50001:2018", "IDT"), ("JP", "JIS Z 95003:2020", "MOD")]  # README
    rows = table(tree, "counterparts")
    assert [(r["country"], r["standard"], r["relation"]) for r in rows] == expected
    data = _json("counterparts", "--store", equiv, "ISO 50001:2018", "--as-of", "2021-07-01")
    assert [(c["country"], c["standard"], c["relation"]) for c in data["counterparts"]] == expected
    assert {r["status"] for r in rows} == {"current"}
    assert "As of 1 Jul 2021" in tree.xpath('string(//p[@id="report-meta"])')
    assert rep["json"]["meta"]["as_of"] == "2021-07-01"
    # the day before the first adopter starts: none
    early = _report(equiv, tmp_path / "early", "ISO 50001:2018", "--as-of", "2018-08-21")
    assert table(early["tree"], "counterparts") == [] and figure(early["tree"], "counterparts")["value"] == "0"


def test_as_of_status_and_undated_edition_of_that_day(equiv, tmp_path):
    rep = _report(equiv, tmp_path, "ISO 14001", "--as-of", "2010-01-01")
    assert rep["stem"] == "dossier-iso-14001-2004"  # in force 2004-11-15 … 2015-09-15 (README)
    assert rep["tree"].xpath('//p[@id="resolution"]/@data-how') == ["edition in force"]
    assert [(r["standard"], r["relation"]) for r in table(rep["tree"], "counterparts")] == [("GB/T 24001-2004", "IDT")]
    editions = {r["edition"]: (r["status"], r["current"]) for r in table(rep["tree"], "editions")}
    assert editions == {"ISO 14001:2004": ("current", "True"), "ISO 14001:2015": ("unpublished", "False")}
    # a standard not yet published on the day: its status then, a note, no counterparts
    before = _report(equiv, tmp_path / "before", "ISO 14001:2015", "--as-of", "2015-01-01")
    tree = before["tree"]
    assert figure(tree, "status") == {"value": "unpublished", "recorded": "current"}
    assert tree.xpath('//p[@id="not-in-force"]') and table(tree, "counterparts") == []
    # the same standard without a date: as recorded
    data = _json("counterparts", "--store", equiv, "ISO 14001:2015", "--as-of", "2015-01-01")
    assert data["counterparts"] == []


# -- (5) bad input ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["dossier", "ISO 99999:2020"], "'ISO 99999:2020' (ISO 99999:2020) is not in the graph"),
    (["dossier", "ISO 14001:2010"], "is not in the graph; editions in the graph: ISO 14001:2015, ISO 14001:2004"),
    (["dossier", "not a standard"], "neither a readable designation"),
    (["dossier", ""], "no designation given"),
    (["dossier", "ISO 14001", "--as-of", "2021-13-45"], "--as-of: not a date"),
    (["--lang", "zh", "dossier", "ISO 14001"], "put the options after the report name"),
    (["dossier"], "Missing argument"),
])
def test_bad_input_exits_2_with_a_clear_message(equiv, tmp_path, args, message):
    result = invoke("--store", equiv, "report", *args, "--out", tmp_path)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("dossier-*"))


# -- languages, escaping, stability -------------------------------------------------------------------------------------
def test_english_and_chinese_differ_in_labels_only(equiv, tmp_path):
    en = _report(equiv, tmp_path / "en", "GB/T 86001-2020", lang="en")
    zh = _report(equiv, tmp_path / "zh", "GB/T 86001-2020", lang="zh")
    assert en["json"] == zh["json"]
    assert zh["tree"].get("lang") == "zh-CN" and en["tree"].get("lang") == "en"
    assert zh["tree"].xpath("string(//h1)") == "标准档案：GB/T 86001-2020"
    assert en["tree"].xpath("string(//h1)") == "Standard dossier: GB/T 86001-2020"
    words = {"jurisdiction", "path", "title"}  # columns shown in the reader's language (data-sort too)
    for key in ("counterparts", "evidence", "claims", "adopted_counterparts", "lag", "editions", "conflicts"):
        raw = [[{k: v for k, v in row.items() if k not in words} for row in table(page["tree"], key)] for page in (en, zh)]
        assert raw[0] == raw[1] and raw[0], key
    paths = [table(page["tree"], "counterparts")[0]["path"] for page in (en, zh)]
    assert paths == ["GB/T 86001-2020 adopts ISO 76000:2019 (MOD); ISO 76000:2019 is adopted by GB/T 86002-2021 (IDT)",
                     "GB/T 86001-2020 采用 ISO 76000:2019（MOD）；ISO 76000:2019 被 GB/T 86002-2021 采用（IDT）"]
    assert "对应标准" in zh["md"] and "Counterparts" not in zh["md"]
    assert "Counterparts" in en["md"] and "对应标准" not in en["md"]
    # the Chinese title as written, in both languages' subject line (the only title it has)
    assert en["tree"].xpath('string(//p[@id="report-subject"])') == "来源不一致"
    assert zh["tree"].xpath('string(//p[@id="report-subject"])') == "来源不一致"


@pytest.fixture(scope="module")
def hostile(env, tmp_path_factory) -> str:
    base = tmp_path_factory.mktemp("dossier-hostile")
    catalogue = base / "hostile.csv"
    rows = [
        ["designation", "title_zh", "title_en", "status", "issued", "adopted", "degree", "source"],
        ["ISO 99001:2020", "", HOSTILE_EN, "current", "2020-01-15", "", "", "https://example.org/iso/99001"],
        ["GB/T 99001-2021", HOSTILE_ZH, "", "current", "2021-03-01", "ISO 99001:2020", "IDT",
         "https://example.org/cn/99001"],
    ]
    with catalogue.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return _store(base / "store", catalogue)


@pytest.mark.parametrize("standard, title", [("ISO 99001:2020", HOSTILE_EN), ("GB/T 99001-2021", HOSTILE_ZH)])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_titles_are_escaped_in_html_and_literal_in_markdown(hostile, tmp_path, standard, title, lang):
    rep = _report(hostile, tmp_path, standard, lang=lang)
    tree = rep["tree"]
    scripts = tree.xpath("//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text_content()  # only the page's own report.js
    assert "<script>alert(1)</script>" not in rep["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rep["text"]
    assert tree.xpath('string(//p[@id="report-subject"])') == title  # the only title, shown as written
    assert title.replace("|", "\\|") in rep["md"]
    # the counterpart's title, escaped in its cell and literal in the Markdown table
    other = HOSTILE_ZH if title == HOSTILE_EN else HOSTILE_EN
    cell = tree.xpath('//table[@id="t-counterparts"]//td[@data-col="title"]')
    assert [c.text_content() for c in cell] == [other]
    assert other.replace("|", "\\|") in rep["md"]


def test_same_graph_same_bytes(equiv, tmp_path):
    first = _report(equiv, tmp_path / "a", "ISO 14001:2015")
    second = _report(equiv, tmp_path / "b", "ISO 14001:2015")
    a = sorted(p.relative_to(first["out"]) for p in first["out"].rglob("*") if p.is_file())
    b = sorted(p.relative_to(second["out"]) for p in second["out"].rglob("*") if p.is_file())
    assert a == b and len(a) > 5
    for rel in a:
        assert (first["out"] / rel).read_bytes() == (second["out"] / rel).read_bytes(), rel


# -- (6) golden Markdown ------------------------------------------------------------------------------------------------
def _normalise(text: str, store) -> str:
    """Source graphs are named after the absolute path of the imported file: name them by the file instead."""
    from mapper import __version__

    for s in store.sources():
        name = s.origin.rsplit("/", 1)[-1]
        text = text.replace(s.graph.rsplit("/", 1)[-1], f"src-{name}").replace(s.origin, f"tests/data/equiv/{name}")
    return text.replace(f"stdmap {__version__}", "stdmap VERSION")


@pytest.mark.parametrize("standard, lang, golden", [
    ("ISO 14001:2015", "en", "dossier_iso_14001_2015.en.md"),
    ("GB/T 86001-2020", "zh", "dossier_gb_t_86001_2020.zh.md"),
])
def test_golden_markdown(equiv, open_store, standard, lang, golden):
    from mapper.report import render
    from mapper.report.dossier import build_dossier

    with open_store(equiv) as store:
        text = _normalise(render(build_dossier(store, standard, today=GOLDEN_TODAY), "md", lang), store)
    check_golden(text, GOLDEN / golden)


# -- (8) the full ISO and IEC catalogues ---------------------------------------------------------------------------------
def test_full_catalogues_iso_9001(full_store, tmp_path):
    store, _ = full_store
    rep = _report(str(store), tmp_path, "ISO 9001:2015")
    editions = [r["edition"] for r in table(rep["tree"], "editions")]
    dated = [e for e in editions if "/" not in e.split(":", 1)[1]]  # editions, not their supplements
    assert dated == ["ISO 9001:1987", "ISO 9001:1994", "ISO 9001:2000", "ISO 9001:2008", "ISO 9001:2015"]
    assert rep["tree"].xpath('//table[@id="t-editions"]/tbody/tr[@class="diff"]/td[@data-col="edition"]/@data-sort') \
        == ["ISO 9001:2015"]
    assert ("CN", "GB/T 19001-2016", "IDT") in [(r["country"], r["standard"], r["relation"])
                                                for r in table(rep["tree"], "counterparts")]


def _two_checkouts(tmp_path: Path) -> list[str]:
    """The equivalence files imported in two folders where the graph names of the two Chinese catalogues (both
    state GB/T 86001-2020's adoption) sort in opposite orders: source graphs are named after the imported
    file's absolute path."""
    import shutil

    from mapper.kg import file_graph

    def order(folder: Path) -> bool:  # the two Chinese catalogues' graph names in file-name order?
        return str(file_graph(folder / "cn.csv")) < str(file_graph(folder / "cn_second.csv"))

    first = tmp_path / "f0"
    second = next(tmp_path / f"f{i}" for i in range(1, 200) if order(tmp_path / f"f{i}") != order(first))
    stores = []
    for where in (first, second):
        where.mkdir(parents=True)
        copies = [Path(shutil.copy(DATA / f, where / f)) for f in EQUIV_FILES]
        stores.append(_store(where / "store", *copies))
    return stores


def test_the_page_does_not_depend_on_where_the_files_were(tmp_path, open_store):
    """Regression (found by CI in a fresh clone): lists of source graphs came out in the order of the graphs'
    names, so the dossier differed from folder to folder."""
    from mapper.report import render
    from mapper.report.dossier import build_dossier

    pages = []
    for store in _two_checkouts(tmp_path):
        with open_store(store) as s:
            pages.append(_normalise(render(build_dossier(s, "GB/T 86001-2020", today=GOLDEN_TODAY), "md", "zh"), s))
    assert pages[0] == pages[1]


def test_the_adoption_list_does_not_depend_on_where_the_files_were(tmp_path, open_store):
    """The overview's adoptions table (and `stdmap adoptions`): a pair stated by two sources is listed once per
    source, in the order of the sources' file names — it was the order of the graph names."""
    from mapper.coverage import list_adoptions

    lists = []
    for store in _two_checkouts(tmp_path):
        with open_store(store) as s:
            origin = {str(i.graph).rsplit("/", 1)[-1]: i.origin.rsplit("/", 1)[-1] for i in s.sources()}
            lists.append([(a.adopting, a.adopted, origin[a.graph]) for a in list_adoptions(s)])
    twice = [row for row in lists[0] if row[:2] == ("GB/T 86001-2020", "ISO 76000:2019")]
    assert [row[2] for row in twice] == ["cn.csv", "cn_second.csv"]
    assert lists[0] == lists[1]
