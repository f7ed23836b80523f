"""`stdmap conflicts` (docs/analytics.md) and the conflicts `stdmap validate` reports.

The catalogues are written below, by hand, as two tabular CSV files (two sources) plus a Turtle file;
each expectation is worked out from the rows next to it:

catalogue A (a.csv)
  ISO 70100:2010 issued 2010-03, replaced by ISO 70100:2016 issued 2016-06 (→ 2016-06-01)
  ISO 70200:2012 withdrawn 2019-05-01
  ISO 70300:2020 issued 2020-09 (→ 2020-09-01);  ISO 70400:2018 issued 2018-01
  GB/T 90001-2017 (2017-03-01) IDT ISO 70100:2010  → adopts-withdrawn (successor issued 2016-06-01 ≤ 2017-03-01)
  GB/T 90002-2019 (2019-05-01) MOD ISO 70200:2012  → adopts-withdrawn (withdrawn the same day: "on or before")
  GB/T 90003-2020 (2020-08-15) IDT ISO 70300:2020  → dated-before (2020-08-15 < 2020-09-01)
  GB/T 90004-2019 (2019-01-01) IDT ISO 70400:2018  → degree (B says MOD)
  GB/T 90005-2016 (2016-05-31) IDT ISO 70100:2010  → nothing: the successor came the day after
  GB/T 90006-2020 (2020-09-01) IDT ISO 70300:2020  → nothing: issued the same day as the edition
  GB/T 90007-2019 (2019-04-30) IDT ISO 70200:2012  → nothing: withdrawn the day after
  GB/T 91001-2001 → 91002-2002 → 91003-2003 → 91001-2001 (replaces): one cycle of three;
  GB/T 91004-2004 replaces GB/T 91001-2001: leads into the cycle, not a member
  GB/T 93001-2015 replaces GB/T 93002-2016 (B states the reverse): one cycle across two sources
catalogue B (b.csv)
  GB/T 90004-2019 MOD ISO 70400:2018                → the other half of the degree conflict
  GB/T 90001-2017 IDT ISO 70100:2010                → same degree as A: no degree conflict; a second claim
                                                      on the adopts-withdrawn pair
  GB/T 90003-2020 unknown ISO 70300:2020            → degree not established: no degree conflict
  GB/T 92001-2010 ⇄ GB/T 92002-2012 (replaces)      → a cycle of two
  GB/T 93002-2016 replaces GB/T 93001-2015
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mapper.conflicts import KINDS, QUERIES

A_CSV = """designation,status,issued,withdrawn,replaces,adopted,degree,source
ISO 70100:2010,superseded,2010-03,,,,,https://example.org/iso/70100-2010
ISO 70100:2016,current,2016-06,,ISO 70100:2010,,,https://example.org/iso/70100-2016
ISO 70200:2012,withdrawn,2012-01,2019-05-01,,,,https://example.org/iso/70200
ISO 70300:2020,current,2020-09,,,,,https://example.org/iso/70300
ISO 70400:2018,current,2018-01,,,,,https://example.org/iso/70400
GB/T 90001-2017,current,2017-03-01,,,ISO 70100:2010,IDT,https://example.org/a/90001
GB/T 90002-2019,current,2019-05-01,,,ISO 70200:2012,MOD,https://example.org/a/90002
GB/T 90003-2020,current,2020-08-15,,,ISO 70300:2020,IDT,https://example.org/a/90003
GB/T 90004-2019,current,2019-01-01,,,ISO 70400:2018,IDT,https://example.org/a/90004
GB/T 90005-2016,current,2016-05-31,,,ISO 70100:2010,IDT,https://example.org/a/90005
GB/T 90006-2020,current,2020-09-01,,,ISO 70300:2020,IDT,https://example.org/a/90006
GB/T 90007-2019,current,2019-04-30,,,ISO 70200:2012,IDT,https://example.org/a/90007
GB/T 91001-2001,superseded,,,GB/T 91002-2002,,,https://example.org/a/91001
GB/T 91002-2002,superseded,,,GB/T 91003-2003,,,https://example.org/a/91002
GB/T 91003-2003,superseded,,,GB/T 91001-2001,,,https://example.org/a/91003
GB/T 91004-2004,current,,,GB/T 91001-2001,,,https://example.org/a/91004
GB/T 93001-2015,superseded,,,GB/T 93002-2016,,,https://example.org/a/93001
"""

B_CSV = """designation,status,issued,replaces,adopted,degree,source
GB/T 90004-2019,current,2019-01-01,,ISO 70400:2018,MOD,https://example.org/b/90004
GB/T 90001-2017,current,2017-03-01,,ISO 70100:2010,IDT,https://example.org/b/90001
GB/T 90003-2020,current,2020-08-15,,ISO 70300:2020,unknown,https://example.org/b/90003
GB/T 92001-2010,superseded,,GB/T 92002-2012,,,https://example.org/b/92001
GB/T 92002-2012,superseded,,GB/T 92001-2010,,,https://example.org/b/92002
GB/T 93002-2016,superseded,,GB/T 93001-2015,,,https://example.org/b/93002
"""

# every conflict of A + B, in the contract's order (kind, then standards)
EXPECTED = [
    ("adopts-withdrawn", ["GB/T 90001-2017", "ISO 70100:2010"]),
    ("adopts-withdrawn", ["GB/T 90002-2019", "ISO 70200:2012"]),
    ("dated-before", ["GB/T 90003-2020", "ISO 70300:2020"]),
    ("degree", ["GB/T 90004-2019", "ISO 70400:2018"]),
    ("supersession-cycle", ["GB/T 91001-2001", "GB/T 91002-2002", "GB/T 91003-2003"]),
    ("supersession-cycle", ["GB/T 92001-2010", "GB/T 92002-2012"]),
    ("supersession-cycle", ["GB/T 93001-2015", "GB/T 93002-2016"]),
]

# a clean catalogue: the same kinds of facts, none contradicting another
CLEAN_CSV = """designation,status,issued,withdrawn,replaces,adopted,degree,source
ISO 70100:2010,superseded,2010-03,,,,,https://example.org/iso/70100-2010
ISO 70100:2016,current,2016-06,,ISO 70100:2010,,,https://example.org/iso/70100-2016
ISO 70200:2012,withdrawn,2012-01,2019-05-01,,,,https://example.org/iso/70200
GB/T 90005-2016,superseded,2016-05-31,,,ISO 70100:2010,IDT,https://example.org/c/90005
GB/T 90008-2017,current,2017-03-01,,GB/T 90005-2016,ISO 70100:2016,MOD,https://example.org/c/90008
GB/T 90007-2019,current,2019-04-30,,,ISO 70200:2012,NEQ,https://example.org/c/90007
"""

SELF_TTL = """@prefix sm: <https://w3id.org/stdmap/ont#> .
@prefix smstd: <https://w3id.org/stdmap/std/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
smstd:ISO_70900:2020 a sm:Standard ; dcterms:identifier "ISO 70900:2020" ;
    dcterms:source <https://example.org/iso/70900> ;
    dcterms:replaces smstd:ISO_70900:2020 .
smstd:ISO_70901:2020 a sm:Standard ; dcterms:identifier "ISO 70901:2020" ;
    dcterms:replaces smstd:ISO_70902:2020 .
smstd:ISO_70902:2020 a sm:Standard ; dcterms:identifier "ISO 70902:2020" .
"""


@pytest.fixture
def catalogue(tmp_path: Path, run, empty_store) -> dict[str, Path]:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(A_CSV, encoding="utf-8")
    b.write_text(B_CSV, encoding="utf-8")
    result = run("import", a, b)
    assert result.exit_code == 0, result.output
    return {"a": a, "b": b}


def conflicts_json(run, *args: str) -> tuple[int, list[dict]]:
    result = run("conflicts", "--json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["conflicts"]


def by_standards(found: list[dict], kind: str, *standards: str) -> dict:
    hits = [c for c in found if c["kind"] == kind and c["standards"] == list(standards)]
    assert len(hits) == 1, (kind, standards, found)
    return hits[0]


def origin(path: Path) -> str:
    return path.resolve().as_uri()


# -- every kind ---------------------------------------------------------------------------------------------
def test_every_kind_found_and_nothing_else(run, catalogue):
    code, found = conflicts_json(run)
    assert code == 1
    assert [(c["kind"], c["standards"]) for c in found] == EXPECTED
    for c in found:
        assert set(c) == {"kind", "standards", "detail", "sources"}
        assert c["detail"] and c["sources"]


def test_degree_names_both_sources(run, catalogue):
    _, found = conflicts_json(run, "--kind", "degree")
    assert [c["standards"] for c in found] == [["GB/T 90004-2019", "ISO 70400:2018"]]
    claims = found[0]["sources"]
    assert [(s["role"], s["origin"], s["degree"], s["urls"]) for s in claims] == [
        ("claim", origin(catalogue["a"]), "IDT", ["https://example.org/a/90004"]),
        ("claim", origin(catalogue["b"]), "MOD", ["https://example.org/b/90004"]),
    ]
    assert claims[0]["graph"] != claims[1]["graph"]
    assert all(s["graph"].startswith("https://w3id.org/stdmap/graph/file-") for s in claims)
    assert "IDT" in found[0]["detail"] and "MOD" in found[0]["detail"]


def test_adopts_withdrawn_by_successor_and_by_withdrawal(run, catalogue):
    _, found = conflicts_json(run, "--kind", "adopts-withdrawn")
    replaced = by_standards(found, "adopts-withdrawn", "GB/T 90001-2017", "ISO 70100:2010")
    assert "ISO 70100:2016" in replaced["detail"] and "2016-06-01" in replaced["detail"]
    claims = [s for s in replaced["sources"] if s["role"] == "claim"]
    # both sources make the claim, both are named
    assert sorted((s["origin"], s["degree"]) for s in claims) == sorted(
        [(origin(catalogue["a"]), "IDT"), (origin(catalogue["b"]), "IDT")])
    records = {s["statement"]: s for s in replaced["sources"] if s["role"] == "record"}
    assert set(records) == {"GB/T 90001-2017 issued 2017-03-01", "ISO 70100:2016 issued 2016-06-01"}
    successor = records["ISO 70100:2016 issued 2016-06-01"]
    assert successor["origin"] == origin(catalogue["a"])
    assert successor["urls"] == ["https://example.org/iso/70100-2016"]

    withdrawn = by_standards(found, "adopts-withdrawn", "GB/T 90002-2019", "ISO 70200:2012")
    assert "withdrawn 2019-05-01" in withdrawn["detail"]
    assert [(s["role"], s["degree"]) for s in withdrawn["sources"] if s["role"] == "claim"] == [("claim", "MOD")]
    # the day before the successor / the withdrawal is not a conflict
    assert len(found) == 2


def test_dated_before(run, catalogue):
    _, found = conflicts_json(run, "--kind", "dated-before")
    assert [c["standards"] for c in found] == [["GB/T 90003-2020", "ISO 70300:2020"]]
    c = found[0]
    assert "2020-08-15" in c["detail"] and "2020-09-01" in c["detail"]
    # the claim without an established degree is named too (it is still a claim on the pair)
    assert sorted(s["degree"] or "-" for s in c["sources"] if s["role"] == "claim") == ["-", "IDT"]


def test_cycles_reported_once_members_sorted(run, catalogue):
    _, found = conflicts_json(run, "--kind", "supersession-cycle")
    assert [c["standards"] for c in found] == [e[1] for e in EXPECTED if e[0] == "supersession-cycle"]
    three = found[0]
    assert "GB/T 91004-2004" not in three["detail"]
    assert {s["statement"] for s in three["sources"]} == {
        "GB/T 91001-2001 replaces GB/T 91002-2002", "GB/T 91002-2002 replaces GB/T 91003-2003",
        "GB/T 91003-2003 replaces GB/T 91001-2001"}
    across = found[2]
    assert {s["origin"] for s in across["sources"]} == {origin(catalogue["a"]), origin(catalogue["b"])}


def test_cycle_from_turtle_self_replacement(tmp_path, run, empty_store):
    ttl = tmp_path / "self.ttl"
    ttl.write_text(SELF_TTL, encoding="utf-8")
    assert run("import", ttl).exit_code == 0
    code, found = conflicts_json(run)
    assert code == 1
    assert [(c["kind"], c["standards"]) for c in found] == [("supersession-cycle", ["ISO 70900:2020"])]
    assert found[0]["sources"][0]["urls"] == ["https://example.org/iso/70900"]
    assert found[0]["sources"][0]["origin"] == origin(ttl)


def test_kind_filter_is_repeatable(run, catalogue):
    _, found = conflicts_json(run, "--kind", "degree", "--kind", "dated-before")
    assert [c["kind"] for c in found] == ["dated-before", "degree"]
    assert run("conflicts", "--kind", "nonsense").exit_code == 2


# -- output forms ---------------------------------------------------------------------------------------------
def test_text_output_is_bilingual(run, catalogue):
    result = run("conflicts")
    assert result.exit_code == 1
    heads = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert len(heads) == len(EXPECTED)
    assert any(h.startswith("[degree] ") and "·" in h and "采用程度不一致" in h for h in heads)
    assert any("代替关系成环" in h for h in heads)
    assert "7 conflicts" in result.stdout.splitlines()[-1]


def test_csv_output(run, catalogue):
    result = run("conflicts", "--csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["kind", "standards", "detail", "sources"]
    assert [(r[0], r[1]) for r in rows[1:]] == [(k, " ; ".join(s)) for k, s in EXPECTED]


def test_clean_catalogue_has_none(tmp_path, run, empty_store):
    path = tmp_path / "clean.csv"
    path.write_text(CLEAN_CSV, encoding="utf-8")
    assert run("import", path).exit_code == 0
    code, found = conflicts_json(run)
    assert (code, found) == (0, [])
    result = run("conflicts")
    assert result.exit_code == 0
    assert "no conflicts" in result.stdout


def test_empty_store_has_none(run, empty_store):
    assert conflicts_json(run) == (0, [])


# -- the bundled knowledge base --------------------------------------------------------------------------------
def test_bundled_knowledge_base_has_none(run):
    """Checked by hand (standards/*.csv, 2026.11): one source, so no degree disagreement; of the 37 claims,
    13 have an adopting GB row with an issue date, each after its ISO edition's issue date and before any
    successor's (e.g. GB/T 22080-2016, 2016-08-29, adopts ISO/IEC 27001:2013, replaced 2022-10; GB/T
    24021-2024 adopts ISO 14021:2016, which has an amendment but no later edition); the only withdrawal
    dates are on GB rows (GB/T 20000.2-2001, GB/T 23331-2012), which nothing adopts; every replacement link
    runs from an older to a newer designation year, so there is no cycle."""
    code, found = conflicts_json(run)
    assert (code, found) == (0, [])


# -- validate -------------------------------------------------------------------------------------------------
def test_validate_lists_conflicts_and_exits_1(run, catalogue):
    result = run("validate", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {"conforms", "triples", "violations", "conflicts"} == set(data)
    assert [(c["kind"], c["standards"]) for c in data["conflicts"]] == EXPECTED
    text = run("validate")
    assert text.exit_code == 1
    assert "[degree]" in text.stdout and "7 conflicts" in text.stdout.splitlines()[-1]


def test_validate_conflicts_alone_make_it_fail(tmp_path, run, empty_store):
    """Two sources disagreeing on a degree break no SHACL shape, yet validate exits 1."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("designation,issued,adopted,degree\nGB/T 90004-2019,2019-01-01,ISO 70400:2018,IDT\n", encoding="utf-8")
    b.write_text("designation,issued,adopted,degree\nGB/T 90004-2019,2019-01-01,ISO 70400:2018,MOD\n", encoding="utf-8")
    assert run("import", a, b).exit_code == 0
    data = json.loads(run("validate", "--json").stdout)
    assert data["conforms"] is True
    assert [c["kind"] for c in data["conflicts"]] == ["degree"]
    assert run("validate").exit_code == 1


def test_validate_fresh_store_has_no_conflicts(run):
    result = run("validate", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["conflicts"] == []


# -- the queries ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_one_query_with_its_rule_above(kind):
    text = (QUERIES / f"conflicts_{kind}.rq").read_text(encoding="utf-8")
    head, _, _ = text.partition("SELECT")
    assert head.strip() and all(line.startswith("#") for line in head.strip().splitlines())
    assert f"Conflict rule — {kind}:" in head
    assert text.count("SELECT") == 1
