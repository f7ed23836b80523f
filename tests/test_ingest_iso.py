"""ISO Open Data readers (mapper.ingest.iso_open_data): deliverables (JSON Lines, CSV), ICS.csv, committees.

The hand-made fixtures in tests/data/iso_*.{jsonl,csv} cover every rule; the expectations below are
written from those files by hand (comments say which line). The full-scale test imports the shared ISO
Open Data and IEC catalogue files and checks the graph's counts against counts computed here from the
raw files with plain json/csv code.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from support import IEC_FILE, ISO_FILES, need_shared

from mapper import ids
from mapper.ingest.base import READERS, detect
from mapper.ingest.iso_open_data import as_list, parse_date, stage_status
from mapper.kg import file_graph

DATA = Path(__file__).parent / "data"
JSONL = DATA / "iso_deliverables.jsonl"
CSV = DATA / "iso_deliverables.csv"
ICS = DATA / "iso_ics.csv"
COMMITTEES = DATA / "iso_committees.jsonl"
IEC = DATA / "iec_catalogue.jsonl"


# -- helpers -----------------------------------------------------------------------------------------
def _value(o, oid) -> str:
    if oid is not None:
        return str(oid)
    if isinstance(o, Literal):
        return f"{o}@{o.language}" if o.language else str(o)
    if not str(o).startswith(("https://w3id.org/stdmap/", "http://www.w3.org/")):
        return str(o)  # a source URL
    return str(o).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def describe_in(store, subject: URIRef) -> dict[str, list[str]]:
    """Predicate local name → sorted values (standards by identifier, other IRIs by local name)."""
    out: dict[str, list[str]] = defaultdict(list)
    rows = store.query("SELECT ?p ?o ?oid WHERE { ?s ?p ?o OPTIONAL { ?o a sm:Standard ; dcterms:identifier ?oid } }",
                       {"s": subject})
    for r in rows:
        p = str(r["p"]).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        out[p].append(_value(r["o"], r["oid"]))
    return {k: sorted(v) for k, v in out.items()}


def std(identifier: str) -> URIRef:
    from mapper.ingest.to_rdf import standard_iri

    return standard_iri(identifier)


def describe(open_store, store_path: Path, identifier: str) -> dict[str, list[str]]:
    with open_store(store_path) as store:
        return describe_in(store, std(identifier))


def import_json(run, *paths) -> dict:
    result = run("import", "--json", *paths)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


# -- unit rules --------------------------------------------------------------------------------------
@pytest.mark.parametrize("code,successor,expected", [
    (0, False, None), (4020, False, None), (5060, False, None), (6000, False, None),
    (6060, False, "current"), (9020, False, "current"), (9060, False, "current"), (9092, False, "current"),
    (9093, False, "current"), (9099, False, "current"), (9520, False, "current"), (9560, False, "current"),
    (9599, True, "superseded"), (9599, False, "withdrawn"),
])
def test_stage_table(code, successor, expected):
    assert stage_status(code, successor) == expected


def test_dates_and_lists():
    import datetime as dt

    assert parse_date("2020-03") == dt.date(2020, 3, 1)  # month → first of the month (docs/model.md)
    assert parse_date("2024-09-30") == dt.date(2024, 9, 30)
    assert parse_date("2021") is None  # a bare year is no date
    assert parse_date(None) is None
    with pytest.raises(ValueError):
        parse_date("2018-13")
    assert as_list(["1", 2]) == ["1", "2"]
    assert as_list("[01.040.03, 03.100.70]") == ["01.040.03", "03.100.70"]
    assert as_list("[]") == [] and as_list(None) == [] and as_list("[null, 5]") == ["5"]


def test_detection_without_format():
    for path, name in ((JSONL, "iso-open-data"), (CSV, "iso-open-data"), (ICS, "iso-ics"),
                       (COMMITTEES, "iso-committees"), (IEC, "iec-catalogue")):
        assert detect(path, path.read_bytes()).name == name, path
    for name in ("iso-open-data", "iso-ics", "iso-committees"):
        reader = READERS[name]
        assert reader.version.startswith(name + "/") and reader.description
    # the bundled catalogue layout is not mistaken for ISO's
    bundled = Path(__file__).parents[1] / "standards" / "international" / "iso.csv"
    assert detect(bundled, bundled.read_bytes()).name == "tabular"


def test_formats_lists_the_readers(run, empty_store):
    result = run("formats")
    assert result.exit_code == 0, result.output
    for name in ("iso-open-data", "iso-ics", "iso-committees", "iec-catalogue"):
        assert name in result.stdout


# -- deliverables, JSON Lines ---------------------------------------------------------------------------
# Statuses from the stage code (iso_deliverables.jsonl, line by line):
STATUSES = {
    "ISO 9999:2000": "superseded",  # 1: 95.99, replacedBy [1002]
    "ISO 9999:2010": "superseded",  # 2: 95.99, no replacedBy, but ISO 9999:2020 is a newer edition
    "ISO 9999:2020": "current",  # 3: 90.93 (confirmed)
    "ISO 9999:2020/Amd 1:2023": "current",  # 4: 60.60
    "ISO 9999:2010/Cor 1:2012": "superseded",  # 5: 95.99; the work has an edition newer than its base
    "ISO/TS 8888:2015": "withdrawn",  # 6: 95.99, no successor
    "ISO 7777:2019/Amd 1:2021": "current",  # 7: 60.60
    "ISO/IEC 27999:2013": "current",  # 12: 90.92 (to be revised)
    "ISO 6666:2005": "current",  # 13: 95.20 (withdrawal ballot: still in force)
}


def test_deliverables_jsonl(run, empty_store, open_store):
    report = import_json(run, JSONL)
    (f,) = report["files"]
    assert f["reader"] == "iso-open-data"
    assert f["rows"] == 16 and f["imported"] == 11
    # bad records: line, field; the others are kept
    got = {(e["row"], e["column"]) for e in f["errors"]}
    assert got == {(9, "reference"), (14, "currentStage"), (15, None), (16, "icsCode")}
    assert {e["value"] for e in f["errors"] if e["row"] == 9} == {"ISO 12345:20"}
    notes = " | ".join(f["notes"])
    assert "1 drafts" in notes  # line 8, ISO/DIS 9999 (stage 40.20)
    assert "2 IEC-led references" in notes  # lines 10, 11
    assert "1 replaces/replacedBy links to drafts dropped" in notes  # line 3 → 1008
    assert "1 replaces/replacedBy ids not in the file dropped" in notes  # line 6 → 424242
    assert "1 records naming themselves" in notes  # line 6 → 1006
    assert set(f["ignored_columns"]) == {"edition", "languages", "pages", "scope"}

    with open_store(empty_store) as store:
        facts = {ident: describe_in(store, std(ident)) for ident in STATUSES}
        for ident, status in STATUSES.items():
            assert facts[ident]["status"] == [status], ident
        old, mid, new = facts["ISO 9999:2000"], facts["ISO 9999:2010"], facts["ISO 9999:2020"]
        # supersession from the id lists (both directions always written), nothing invented
        assert old["isReplacedBy"] == ["ISO 9999:2010"] and mid["replaces"] == ["ISO 9999:2000"]
        assert "isReplacedBy" not in mid and "replaces" not in new
        assert "replaces" not in facts["ISO/TS 8888:2015"]  # self and unknown ids dropped
        # titles @en / @fr, whitespace tidied; dates; ICS; committee; source
        assert new["title"] == ["Gadgets - Exigences@fr", "Widgets - Requirements@en"]
        assert new["issued"] == ["2020-03-01"]  # "2020-03"
        assert facts["ISO 9999:2020/Amd 1:2023"]["issued"] == ["2023-07-15"]
        assert "issued" not in facts["ISO 9999:2010/Cor 1:2012"]  # publicationDate "2012": no date
        assert new["ics"] == ["03.100.70", "13.020.10"]
        assert new["committee"] == ["ISO%2FTC_999%2FSC_1"]
        assert new["source"] == ["https://www.iso.org/standard/1003.html"]
        assert new["publisher"] == ["ISO"] and new["documentType"] == ["IS"]
        assert "withdrawn" not in old  # the file has no withdrawal dates
        # amendments and corrigenda attach to their base edition, which exists as a node
        amd = facts["ISO 9999:2020/Amd 1:2023"]
        assert amd["supplementTo"] == ["ISO 9999:2020"] and amd["supplementType"] == ["Amd"]
        assert facts["ISO 9999:2010/Cor 1:2012"]["supplementTo"] == ["ISO 9999:2010"]
        base = describe_in(store, std("ISO 7777:2019"))  # not in the file: made from the amendment
        assert base["type"] == ["Standard"] and base["identifier"] == ["ISO 7777:2019"]
        assert facts["ISO 7777:2019/Amd 1:2021"]["supplementTo"] == ["ISO 7777:2019"]
        # IEC-led: identity, title, ICS, committee, source, but no status or date (IEC's catalogue states them)
        iec = describe_in(store, std("IEC 61111:2001"))
        assert "status" not in iec and "issued" not in iec
        assert iec["title"] == ["Thingamajigs@en"] and iec["source"] == ["https://www.iso.org/standard/1010.html"]
        amd_iec = describe_in(store, std("IEC 61111:2001/AMD1:2005"))  # ISO writes "/Amd 1:2005"
        assert amd_iec["supplementTo"] == ["IEC 61111:2001"] and "status" not in amd_iec
        # drafts and bad records are not in the graph
        for absent in ("ISO/DIS 9999", "ISO 5555:2018", "ISO 4444:1999"):
            assert not store.query("ASK { ?s dcterms:identifier ?id }", {"id": Literal(absent)})


def _source_triples(open_store, store_path: Path, path: Path) -> set:
    with open_store(store_path) as store:
        g = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                        {"g": store.data_graph(file_graph(path))})
    return set(g)


# -- deliverables, CSV --------------------------------------------------------------------------------
def test_deliverables_csv(run, empty_store, open_store):
    result = run("import", CSV)  # detected from the header, no --format
    assert result.exit_code == 0, result.output
    assert "imported: 4 of 5 rows [iso-open-data]" in result.stdout
    assert "1 drafts" in result.stderr  # ISO/FDIS 3333-2 (stage 50.20)
    with open_store(empty_store) as store:
        old = describe_in(store, std("ISO 3333:2001"))
        new = describe_in(store, std("ISO 3333:2011"))
        amd = describe_in(store, std("ISO 3333:2011/Amd 1:2016"))
        tr = describe_in(store, std("ISO/TR 3334:2009"))
    assert old["status"] == ["superseded"] and old["isReplacedBy"] == ["ISO 3333:2011"]
    assert new["status"] == ["current"] and new["replaces"] == ["ISO 3333:2001"]
    assert new["title"] == ["Pignons, engrenages@fr", "Sprockets, cogs and gears@en"]  # title.en, title.fr
    assert new["ics"] == ["01.040.03", "03.100.70"]  # "[01.040.03, 03.100.70]"
    assert new["issued"] == ["2011-09-30"] and old["issued"] == ["2001-02-01"]
    assert amd["supplementTo"] == ["ISO 3333:2011"] and amd["status"] == ["current"]
    assert tr["status"] == ["withdrawn"] and tr["documentType"] == ["TR"]
    assert "ics" not in tr
    # a clean file imported again is not read again
    again = run("import", CSV)
    assert again.exit_code == 0 and "unchanged" in again.stdout


def test_reimport_same_triples(run, empty_store, open_store):
    first = import_json(run, JSONL)
    before = _source_triples(open_store, empty_store, JSONL)
    second = import_json(run, JSONL)  # unchanged: not read again, but its bad rows still count
    assert len(first["files"][0]["errors"]) == 4
    assert second["files"][0]["changed"] is False and second["files"][0]["unchanged_bad_rows"] == 4
    assert _source_triples(open_store, empty_store, JSONL) == before
    assert len(before) > 100


# -- ICS ------------------------------------------------------------------------------------------------
def test_ics_scheme(run, empty_store, open_store):
    report = import_json(run, ICS)
    (f,) = report["files"]
    assert f["reader"] == "iso-ics" and f["rows"] == 5 and f["imported"] == 4
    assert [(e["row"], e["column"], e["value"]) for e in f["errors"]] == [(6, "identifier", "3.1")]
    from mapper.vocab import SMICS

    with open_store(empty_store) as store:
        field = describe_in(store, SMICS["01"])
        group = describe_in(store, SMICS["01.040"])
        sub = describe_in(store, SMICS["01.040.03"])
    assert field["topConceptOf"] == ["scheme"] and "broader" not in field
    assert field["prefLabel"] == ["Generalities. Terminology. Standardization. Documentation@en",
                                  "Généralités. Terminologie. Normalisation. Documentation@fr"]
    assert field["notation"] == ["01"] and field["inScheme"] == ["scheme"] and field["type"] == ["Concept"]
    assert group["broader"] == ["01"] and sub["broader"] == ["01.040"]
    assert sub["scopeNote"] == ["Vocabulaires des services@fr", "Vocabularies of services@en"]
    assert "topConceptOf" not in sub


# -- committees -----------------------------------------------------------------------------------------
def test_committees(run, empty_store, open_store):
    report = import_json(run, COMMITTEES)
    (f,) = report["files"]
    assert f["reader"] == "iso-committees" and f["rows"] == 6 and f["imported"] == 4
    assert {(e["row"], e["column"]) for e in f["errors"]} == {(5, "reference"), (6, "creation_date")}
    assert set(f["ignored_columns"]) == {"o_members", "p_members", "pMembers", "secretariat"}
    from mapper.ingest.to_rdf import committee_iri

    with open_store(empty_store) as store:
        tc = describe_in(store, committee_iri("ISO/TC 999"))
        sc1 = describe_in(store, committee_iri("ISO/TC 999/SC 1"))
        sc2 = describe_in(store, committee_iri("ISO/TC 999/SC 2"))
        jtc = describe_in(store, committee_iri("ISO/IEC JTC 9"))
    assert tc["type"] == ["Committee"] and tc["prefLabel"] == ["ISO/TC 999"] and tc["title"] == ["Widgets@en"]
    assert tc["created"] == ["1999-01-01"] and tc["publisher"] == ["ISO"]
    assert tc["source"] == ["https://www.iso.org/committee/9001.html"] and "parentCommittee" not in tc
    assert sc1["parentCommittee"] == ["ISO%2FTC_999"] and sc1["note"] == ["ISO committee status: Suspended"]
    assert sc2["parentCommittee"] == ["ISO%2FTC_999"]  # parentId 9001 resolved within the file
    assert sc2["title"] == ["Widget testing@en"] and sc2["created"] == ["2005-03-01"]
    assert jtc["publisher"] == ["IEC", "ISO"]


# -- the shared catalogues at full scale ------------------------------------------------------------------
def _lead(d) -> str:
    lead = d.body.split("/")[0]
    return "IEC" if lead in ("IEC", "CISPR") else lead


def _chain(d) -> set[str]:
    """The reference and, for a supplement, every document it builds on (base edition, amended amendment)."""
    out = {d.normalized}
    for k in range(len(d.supplements)):
        out.add(dataclasses.replace(d, supplements=d.supplements[:k], adopts=()).normalized)
    return out


def expected_from_files(kb_status: dict[str, str | None]) -> tuple[set[str], dict[str, str]]:
    """(identifiers of every sm:Standard, status of each) computed from the raw files with json/csv."""
    standards = set(kb_status)
    status = {k: v for k, v in kb_status.items() if v}
    conflicts = []

    def put(ident: str, value: str) -> None:
        if status.setdefault(ident, value) != value:
            conflicts.append((ident, status[ident], value))

    # ISO: published (stage 60.60 and later) records with a dated, non-draft reference
    with open(ISO_FILES[0], encoding="utf-8") as fh:
        iso = [json.loads(line) for line in fh if line.strip()]
    kept = []  # (record, designation)
    for r in iso:
        if r["currentStage"] < 6060:
            continue
        d = ids.try_parse(r["reference"])
        if d is None or d.is_draft or d.year is None:
            continue
        kept.append((r, d))
    records_with_id = defaultdict(int)  # a few ids are shared by two published records: not resolvable
    newest = defaultdict(int)
    for r, d in kept:
        records_with_id[r["id"]] += 1
        if not d.supplements:
            newest[d.work] = max(newest[d.work], d.year)
    for r, d in kept:
        standards |= _chain(d)
        if _lead(d) == "IEC":
            continue
        if r["currentStage"] == 9599:
            successor = (any(records_with_id[x] == 1 and x != r["id"] for x in r["replacedBy"] or [])
                         or newest[d.work] > d.year)
            put(d.normalized, "superseded" if successor else "withdrawn")
        else:
            put(d.normalized, "current")
    # IEC: dated, non-variant, non-draft references
    with open(IEC_FILE, encoding="utf-8") as fh:
        iec = [json.loads(line) for line in fh if line.strip()]
    rows = []
    for r in iec:
        d = ids.try_parse(r["reference"])
        if d is None or d.variant or d.is_draft or d.year is None or r["status"] not in (
                "PUBLISHED", "REVISED", "REPLACED", "WITHDRAWN"):
            continue
        standards |= _chain(d)
        if _lead(d) != "ISO":
            rows.append((r, d))
    newest_iec: dict[str, int] = defaultdict(int)
    editions = defaultdict(list)  # work → (publication date or year, edition number) of each edition
    for r, d in rows:
        if not d.supplements:
            newest_iec[d.work] = max(newest_iec[d.work], d.year)
            editions[d.work].append((r.get("publication_date") or str(d.year), float(r.get("edition") or 0)))
    for r, d in rows:
        if r["status"] == "PUBLISHED":
            put(d.normalized, "current")
        elif r["status"] in ("REVISED", "REPLACED"):
            put(d.normalized, "superseded")
        elif d.supplements:  # WITHDRAWN amendment: superseded when the work has a newer edition than its base
            put(d.normalized, "superseded" if newest_iec[d.work] > d.year else "withdrawn")
        else:  # WITHDRAWN edition: superseded when a later edition follows
            me = (r.get("publication_date") or str(d.year), float(r.get("edition") or 0))
            put(d.normalized, "superseded" if any(e > me for e in editions[d.work]) else "withdrawn")
    assert not conflicts, conflicts[:10]
    return standards, status


def _count(store, sparql: str) -> int:
    return int(store.query(sparql)[0]["n"])


@need_shared
def test_full_catalogues(full_store, run_in, open_store, tmp_path):
    """ISO deliverables + ICS + committees + IEC catalogue + the bundled knowledge base: the graph's counts
    against counts computed from the raw files."""
    store_path, report = full_store
    # the bundled knowledge base alone, for its own identifiers, statuses and adoption claims
    kb_store = tmp_path / "kb"
    assert run_in(kb_store, "init").exit_code == 0
    with open_store(kb_store) as store:
        rows = store.query("SELECT ?id ?st WHERE { ?s a sm:Standard ; dcterms:identifier ?id OPTIONAL { ?s sm:status ?st } }")
        kb_status = {str(r["id"]): (str(r["st"]).rsplit("/", 1)[-1] if r["st"] is not None else None) for r in rows}
        kb_adoptions = _count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a sm:Adoption }")

    assert [f["reader"] for f in report.values()] == ["iso-open-data", "iso-ics", "iso-committees", "iec-catalogue"]
    # only IEC references mapper.ids cannot read are bad
    for name, f in report.items():
        assert all(e["column"] == "reference" for e in f["errors"]), name
    with open(IEC_FILE, encoding="utf-8") as fh:
        unreadable = sum(1 for line in fh if line.strip() and ids.try_parse(json.loads(line)["reference"]) is None)
    assert len(report[IEC_FILE.name]["errors"]) == unreadable
    assert not report[ISO_FILES[0].name]["errors"]
    with open(ISO_FILES[1], encoding="utf-8-sig", newline="") as fh:
        assert report["ICS.csv"]["imported"] == sum(1 for _ in csv.DictReader(fh))
    with open(ISO_FILES[2], encoding="utf-8") as fh:
        assert report[ISO_FILES[2].name]["imported"] == sum(1 for line in fh if line.strip())

    standards, status = expected_from_files(kb_status)
    with open_store(store_path) as store:
        got_standards = _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a sm:Standard }")
        got = {name: _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s sm:status smst:{name} }}")
               for name in ("current", "superseded", "withdrawn")}
        adoptions = _count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a sm:Adoption }")
        concepts = _count(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c skos:inScheme smics:scheme ; skos:prefLabel ?l FILTER(LANG(?l) = 'fr') }")
    print(f"standards {got_standards}, {got}, adoptions {adoptions}")
    assert got_standards == len(standards)
    assert got == {name: sum(1 for v in status.values() if v == name) for name in got}
    assert adoptions == kb_adoptions  # catalogues carry no adoption claims
    assert concepts == report["ICS.csv"]["imported"]
    # a designation of each catalogue resolves
    for designation, status_name in (("ISO 14001:2015", "current"), ("IEC 60529:1989", "current"), ("IEC 60529:1976", "superseded")):
        shown = run_in(store_path, "show", "--json", designation)
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["status"] == status_name


@need_shared
def test_every_analytics_command_answers_on_the_full_catalogues(full_store, run_in):
    """Issue "Adoption analytics": on the complete ISO and IEC catalogues plus the bundled knowledge base,
    every command answers (timings: benchmarks/bench_analytics.py). The gaps are exactly the units of the
    rate that are not adopted, so the two commands must agree."""
    store_path, _report = full_store
    rate = run_in(store_path, "rate", "--json")
    assert rate.exit_code == 0, rate.output
    answer = json.loads(rate.stdout)
    assert answer["denominator"] > 25_000 and answer["denominator"] >= answer["adopted"] > 0
    assert sum(answer["by_degree"].values()) == answer["denominator"]
    gaps = run_in(store_path, "gaps", "--json")
    assert gaps.exit_code == 0, gaps.output
    assert len(json.loads(gaps.stdout)["gaps"]) == answer["denominator"] - answer["adopted"]
    series = run_in(store_path, "rate", "--series", "2023:2025", "--json")
    assert series.exit_code == 0, series.output
    assert [p["date"] for p in json.loads(series.stdout)["series"]] == ["2023-12-31", "2024-12-31", "2025-12-31"]
    for command in (["stale", "--json"], ["lag", "--json"], ["share", "--json"], ["conflicts", "--json"]):
        result = run_in(store_path, *command)
        assert result.exit_code in (0, 1), (command, result.output)  # conflicts: 1 = some found
        json.loads(result.stdout)


@need_shared
def test_full_catalogues_validate(full_store, run_in):
    """The whole graph conforms to the shapes (SPARQL engine: ~35 s on disk for ~1.36M triples)."""
    store_path, _report = full_store
    result = run_in(store_path, "validate")
    assert result.exit_code == 0, result.output[-3000:]
