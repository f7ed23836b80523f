"""`stdmap rate`: adoption (conversion) rates, on a hand-made catalogue and on the bundled knowledge base.

The expected numbers below are worked out by hand from tests/data/catalog_intl.csv and
tests/data/catalog_gb.csv following the counting rules of mapper/rules.py and docs/model.md.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from mapper import ids
from mapper.rules import CountingRules

DATA = Path(__file__).parent / "data"
INTL = DATA / "catalog_intl.csv"
GB = DATA / "catalog_gb.csv"
STANDARDS = Path(__file__).resolve().parents[1] / "standards"

# -- the hand-made catalogue, worked out by hand ---------------------------------------------------------------
#
# International standards (catalog_intl.csv). "in" = in the default denominator: published by ISO or IEC,
# document type IS, status current, not an amendment/corrigendum.
#   I1  ISO 14001:2015            IS     current     13.020.10              ISO/TC 207/SC 1   in
#   I2  ISO 14001:2004            IS     superseded  13.020.10              ISO/TC 207/SC 1   out (superseded)
#   I3  ISO 14001:2015/Amd 1:2024 Amd    current     13.020.10              ISO/TC 207/SC 1   out (amendment)
#   I4  ISO 14004:2016            IS     current     13.020.10              ISO/TC 207/SC 1   in
#   I5  ISO 14004:2004            IS     superseded  13.020.10              ISO/TC 207/SC 1   out (superseded)
#   I6  ISO 14064-1:2018          IS     current     13.020.40              ISO/TC 207/SC 7   in
#   I7  ISO 14067:2018            IS     current     13.020.40              ISO/TC 207/SC 7   in
#   I8  ISO/TS 14072:2014         TS     current     13.020.60              ISO/TC 207/SC 5   out (TS) — in with --doc-type TS
#   I9  ISO 14040:2006            IS     current     13.020.10, 13.020.60   ISO/TC 207/SC 5   in
#   I10 ISO 14050:2020            IS     current     01.040.13              ISO/TC 207        in
#   I11 ISO 9001:2015             IS     current     03.120.10              ISO/TC 176/SC 2   in
#   I12 ISO/IEC 27001:2022        IS     current     35.030, 03.100.70      ISO/IEC JTC 1/SC 27  in (joint: once)
#   I13 ISO/IEC Guide 21-1:2005   Guide  current     01.120                 —                 out (Guide)
#   I14 IEC 60300-1:2014          IS     current     03.120.01, 21.020      IEC/TC 56         in
#   I15 ISO 50001:2018            IS     current     03.100.70, 27.015      ISO/TC 301        in
# Default denominator: I1 I4 I6 I7 I9 I10 I11 I12 I14 I15 = 10.
#
# National adoptions (catalog_gb.csv). Only claims by an in-force (现行) national standard count.
#   GB/T 24001-2016    现行    → ISO 14001:2015 IDT                  I1: IDT
#   GB/T 24001-2004    被代替  → ISO 14001:2004 IDT                  ignored (adopter superseded; I2 out anyway)
#   GB/T 24004-2009    现行    → ISO 14004:2004 IDT                  an earlier edition: I4 stays without claim
#   GB/T 32151.1-2023  现行    → ISO 14064-1:2018 and ISO 14067:2018, MOD   I6: MOD, I7: MOD
#   GB/T 24067-2024    即将实施 → ISO 14067:2018 等同采用             ignored (not yet in force): I7 stays MOD
#   GB/T 24050-2021    现行    → ISO 14050:2020 NEQ                  I10: NEQ
#   GB/T 19001-2016    现行    → ISO 9001:2015 IDT                   I11: IDT (strongest of the two)
#   GB/T 42061-2022    现行    → ISO 9001:2015 NEQ                   (second GB on the same IS)
#   GB/T 22080-2016    废止    → ISO/IEC 27001:2022 IDT              ignored (withdrawn)
#   GB/T 22080-2025    现行    → ISO/IEC 27001:2022 unknown          I12: degree not established
#   GB/T 24040-2008    现行    → ISO 14040:2006 eqv                  I9: EQV
#   GB/Z 24072-2020    现行    → ISO/TS 14072:2014 IDT               I8: IDT (counts only with --doc-type TS)
#
# Strongest correspondence per denominator standard:
#   IDT: I1, I11 (2)   MOD: I6, I7 (2)   EQV: I9 (1)   NEQ: I10 (1)   unknown: I12 (1)
#   none: I4, I14, I15 (3)                                          total 10
#
# ICS fields (first two digits of each ICS code; a standard counts once per field it is in):
#   01: I10                    → 1, adopted 0 (NEQ)
#   03: I11, I12, I14, I15     → 4, adopted 1 (I11)
#   13: I1, I4, I6, I7, I9     → 5, adopted 3 (I1, I6, I7)
#   21: I14 → 1/0   27: I15 → 1/0   35: I12 → 1/0

BY_DEGREE_DEFAULT = {"IDT": 2, "MOD": 2, "EQV": 1, "NEQ": 1, "unknown": 1, "none": 3}

CASES = {
    # default rules: IDT and MOD count; 4 of 10
    "default": ((), dict(
        denominator=10, adopted=4, rate=0.4, neq=1, eqv=1, degree_unknown=1, by_degree=BY_DEGREE_DEFAULT,
        fields=[("01", 1, 0), ("03", 4, 1), ("13", 5, 3), ("21", 1, 0), ("27", 1, 0), ("35", 1, 0)])),
    # NEQ counted as well: I10 joins the numerator (5 of 10); neq is still reported apart (1)
    "with NEQ": (("--degree", "IDT", "--degree", "MOD", "--degree", "NEQ"), dict(
        denominator=10, adopted=5, rate=0.5, neq=1, eqv=1, degree_unknown=1, by_degree=BY_DEGREE_DEFAULT,
        fields=[("01", 1, 1), ("03", 4, 1), ("13", 5, 3), ("21", 1, 0), ("27", 1, 0), ("35", 1, 0)])),
    # TS counted as well: I8 joins the denominator (11) and, adopted IDT by GB/Z 24072-2020, the numerator (5)
    "with TS": (("--doc-type", "IS", "--doc-type", "TS"), dict(
        denominator=11, adopted=5, rate=round(5 / 11, 6), neq=1, eqv=1, degree_unknown=1,
        by_degree={**BY_DEGREE_DEFAULT, "IDT": 3},
        fields=[("01", 1, 0), ("03", 4, 1), ("13", 6, 4), ("21", 1, 0), ("27", 1, 0), ("35", 1, 0)])),
    # ICS 13.020 (and its sub-codes): I1 I4 I6 I7 I9 → 5; adopted I1 I6 I7 = 3; I9 EQV; I4 none.
    # I10 (01.040.13) is not in 13.020.
    "ics 13.020": (("--ics", "13.020"), dict(
        denominator=5, adopted=3, rate=0.6, neq=0, eqv=1, degree_unknown=0,
        by_degree={"IDT": 1, "MOD": 2, "EQV": 1, "NEQ": 0, "unknown": 0, "none": 1},
        fields=[("13", 5, 3)])),
    # ICS 13.020.40 exactly: I6 I7, both MOD
    "ics 13.020.40": (("--ics", "13.020.40"), dict(
        denominator=2, adopted=2, rate=1.0, neq=0, eqv=0, degree_unknown=0,
        by_degree={"IDT": 0, "MOD": 2, "EQV": 0, "NEQ": 0, "unknown": 0, "none": 0},
        fields=[("13", 2, 2)])),
    # a prefix matches whole ICS groups only: 13.02 is not 13.020
    "ics 13.02": (("--ics", "13.02"), dict(
        denominator=0, adopted=0, rate=0.0, neq=0, eqv=0, degree_unknown=0,
        by_degree={"IDT": 0, "MOD": 0, "EQV": 0, "NEQ": 0, "unknown": 0, "none": 0}, fields=[])),
    # ISO/TC 207 and its subcommittees: I1 I4 I6 I7 I9 I10 → 6 (I8 is a TS); adopted I1 I6 I7 = 3;
    # I10 NEQ, I9 EQV, I4 none. Fields: 01 (I10) 1/0, 13 (the others) 5/3.
    "committee ISO/TC 207": (("--committee", "ISO/TC 207"), dict(
        denominator=6, adopted=3, rate=0.5, neq=1, eqv=1, degree_unknown=0,
        by_degree={"IDT": 1, "MOD": 2, "EQV": 1, "NEQ": 1, "unknown": 0, "none": 1},
        fields=[("01", 1, 0), ("13", 5, 3)])),
    # ISO/TC 20 is not ISO/TC 207 (committee prefixes end at a '/')
    "committee ISO/TC 20": (("--committee", "ISO/TC 20"), dict(
        denominator=0, adopted=0, rate=0.0, neq=0, eqv=0, degree_unknown=0,
        by_degree={"IDT": 0, "MOD": 0, "EQV": 0, "NEQ": 0, "unknown": 0, "none": 0}, fields=[])),
    # every adopter is Chinese: --country CN is the default result (given in lower case on purpose)
    "country CN": (("--country", "cn"), dict(
        denominator=10, adopted=4, rate=0.4, neq=1, eqv=1, degree_unknown=1, by_degree=BY_DEGREE_DEFAULT,
        fields=[("01", 1, 0), ("03", 4, 1), ("13", 5, 3), ("21", 1, 0), ("27", 1, 0), ("35", 1, 0)])),
    # no Japanese adoption at all: same denominator, nothing adopted, every standard "none"
    "country JP": (("--country", "JP"), dict(
        denominator=10, adopted=0, rate=0.0, neq=0, eqv=0, degree_unknown=0,
        by_degree={"IDT": 0, "MOD": 0, "EQV": 0, "NEQ": 0, "unknown": 0, "none": 10},
        fields=[("01", 1, 0), ("03", 4, 0), ("13", 5, 0), ("21", 1, 0), ("27", 1, 0), ("35", 1, 0)])),
}


@pytest.fixture(scope="module")
def catalogue_store(tmp_path_factory, run_in) -> Path:
    """`init --empty`, then import the two hand-made catalogues (built once for this module)."""
    store = tmp_path_factory.mktemp("rate") / "store"
    assert run_in(store, "init", "--empty").exit_code == 0
    result = run_in(store, "import", INTL, GB)
    assert result.exit_code == 0, result.output
    assert "imported: 15 of 15 rows" in result.stdout and "imported: 12 of 12 rows" in result.stdout
    return store


def rate_json(run_in, store: Path, *args: str) -> dict:
    result = run_in(store, "rate", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("case", list(CASES))
def test_rate_on_hand_made_catalogue(case, catalogue_store, run_in):
    args, exp = CASES[case]
    got = rate_json(run_in, catalogue_store, *args)
    assert {k: got[k] for k in ("denominator", "adopted", "neq", "eqv", "degree_unknown", "by_degree")} == {
        k: exp[k] for k in ("denominator", "adopted", "neq", "eqv", "degree_unknown", "by_degree")}
    assert got["rate"] == pytest.approx(exp["rate"])
    assert got["not_adopted"] == exp["denominator"] - exp["adopted"]
    assert [(f["field"], f["denominator"], f["adopted"]) for f in got["by_ics_field"]] == exp["fields"]
    for f in got["by_ics_field"]:
        assert f["rate"] == pytest.approx(f["adopted"] / f["denominator"])


def test_rate_json_states_the_rules(catalogue_store, run_in):
    got = rate_json(run_in, catalogue_store, "--committee", "ISO/TC 207", "--degree", "IDT")
    rules = got["rules"]
    assert rules["committees"] == ["ISO/TC 207"]
    assert rules["degrees"] == ["IDT"]
    assert rules["bodies"] == ["ISO", "IEC", "ISO/IEC"] and rules["doc_types"] == ["IS"]
    assert any("committee ISO/TC 207" in line for line in rules["description"])
    assert any("degree IDT" in line for line in rules["description"])
    # IDT only: of the ISO/TC 207 scope (see CASES) only I1 is IDT
    assert (got["denominator"], got["adopted"]) == (6, 1)


def test_rate_csv(catalogue_store, run_in):
    result = run_in(catalogue_store, "rate", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["ics_field", "label", "denominator", "adopted", "rate"]
    assert rows[1] == ["ALL", "all fields", "10", "4", "0.400000"]
    assert [(r[0], r[2], r[3]) for r in rows[2:]] == [
        ("01", "1", "0"), ("03", "4", "1"), ("13", "5", "3"), ("21", "1", "0"), ("27", "1", "0"), ("35", "1", "0")]
    assert [r[4] for r in rows[2:]] == ["0.000000", "0.250000", "0.600000", "0.000000", "0.000000", "0.000000"]


def test_rate_human_output(catalogue_store, run_in):
    result = run_in(catalogue_store, "rate", "--ics", "13.020")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "60.0 %" in out and "(3 of 5)" in out
    assert "Counting rules" in out
    for line in CountingRules(ics_prefixes=("13.020",)).describe():
        assert line in out
    assert "ICS 13.020" in out and "IDT or MOD" in out


def test_rate_rejects_an_unknown_switch_value(catalogue_store, run_in):
    result = run_in(catalogue_store, "rate", "--degree", "SAME")
    assert result.exit_code == 2


def test_rate_on_an_empty_store(empty_store, run):
    got = json.loads(run("rate", "--json").stdout)
    assert (got["denominator"], got["adopted"], got["rate"], got["by_ics_field"]) == (0, 0, 0.0, [])


# -- the bundled knowledge base ------------------------------------------------------------------------------------
IN_FORCE = {"current", "现行"}
DEGREE_RANK = {"IDT": 4, "MOD": 3, "EQV": 2, "NEQ": 1, None: 0}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _in_ics(cell: str, prefix: str | None) -> bool:
    codes = cell.replace(";", " ").split()
    return prefix is None or any(c == prefix or c.startswith(prefix + ".") for c in codes)


def expected_from_bundled_csv(degrees=("IDT", "MOD"), doc_types=("IS",), ics: str | None = None) -> dict:
    """The documented counting rules, applied in plain Python to the bundled CSV files."""
    # denominator: ISO/IEC, of the counted types, in force, no amendment/corrigendum, in the ICS scope
    denominator = set()
    for row in _rows(STANDARDS / "international" / "iso.csv"):
        d = ids.parse(row["designation"])
        if (row["status"].strip() in IN_FORCE and d.doc_type in doc_types and not d.supplements
                and set(d.publishers) & {"ISO", "IEC"} and _in_ics(row["ics"], ics)):
            denominator.add(d.normalized)
    # strongest claim per adopted edition, from in-force national standards
    best: dict[str, int] = {}
    for row in _rows(STANDARDS / "national" / "cn-gb.csv"):
        if row["status"].strip() not in IN_FORCE or not row["designation"].strip():
            continue
        d = ids.parse(row["designation"])
        assert d.level == "national"
        row_degree = ids.parse_degree(row["degree"]) if row["degree"].strip() else None
        claims: list[tuple[str, str | None]] = []
        for ref, inline in ids.parse_adopted_list(row["adopted"]):
            deg = inline or (row_degree if row_degree in DEGREE_RANK else None)
            claims.append((ref.base.normalized, deg))
        for imp in d.adopts:  # a dual number states IDT
            claims.append((imp.ref.base.normalized, imp.degree))
        for adopted, deg in claims:
            best[adopted] = max(best.get(adopted, -1), DEGREE_RANK[deg])
    counted = {DEGREE_RANK[d] for d in degrees}
    return {
        "denominator": len(denominator),
        "adopted": sum(1 for s in denominator if best.get(s, -1) in counted),
        "neq": sum(1 for s in denominator if best.get(s) == 1),
        "eqv": sum(1 for s in denominator if best.get(s) == 2),
        "degree_unknown": sum(1 for s in denominator if best.get(s) == 0),
    }


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory, run_in) -> Path:
    store = tmp_path_factory.mktemp("bundled") / "store"
    result = run_in(store, "init")
    assert result.exit_code == 0, result.output
    return store


def test_rate_on_bundled_knowledge_base(bundled_store, run_in):
    got = rate_json(run_in, bundled_store)
    for key in ("denominator", "adopted", "rate", "neq", "rules", "by_ics_field", "by_degree"):
        assert key in got
    assert 0 <= got["rate"] <= 1
    assert got["denominator"] > 0 and got["adopted"] > 0
    assert sum(got["by_degree"].values()) == got["denominator"]
    assert got["by_degree"]["IDT"] + got["by_degree"]["MOD"] == got["adopted"]
    assert got["rate"] == pytest.approx(got["adopted"] / got["denominator"], abs=1e-6)

    exp = expected_from_bundled_csv()
    assert {k: got[k] for k in exp} == exp


@pytest.mark.parametrize("args, kwargs", [
    (("--ics", "13.020"), dict(ics="13.020")),
    (("--ics", "03"), dict(ics="03")),
    (("--doc-type", "IS", "--doc-type", "TS", "--doc-type", "Guide"), dict(doc_types=("IS", "TS", "Guide"))),
    (("--degree", "IDT"), dict(degrees=("IDT",))),
], ids=["ics 13.020", "ics 03", "IS+TS+Guide", "IDT only"])
def test_rate_on_bundled_other_rules(bundled_store, args, kwargs, run_in):
    exp = expected_from_bundled_csv(**kwargs)
    assert exp["denominator"] > 0
    got = rate_json(run_in, bundled_store, *args)
    assert {k: got[k] for k in exp} == exp


def test_rate_on_a_fresh_store_without_init(tmp_path, run_in):
    """`rate` on a fresh store works with no init (the bundled knowledge base is loaded on first use)."""
    result = run_in(tmp_path / "fresh", "rate", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["denominator"] == expected_from_bundled_csv()["denominator"]
