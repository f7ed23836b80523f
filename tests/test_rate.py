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
def catalogue_store(tmp_path_factory, run_in, store_backend) -> Path:
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
    """One table: breakdown,key,label,denominator,adopted,rate; the ALL row first, then each breakdown."""
    result = run_in(catalogue_store, "rate", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["breakdown", "key", "label", "denominator", "adopted", "rate"]
    assert rows[1][:2] == ["all", "ALL"] and rows[1][3:] == ["10", "4", "0.400000"]
    fields = [r for r in rows[2:] if r[0] == "ics_field"]
    assert [(r[1], r[3], r[4]) for r in fields] == [
        ("01", "1", "0"), ("03", "4", "1"), ("13", "5", "3"), ("21", "1", "0"), ("27", "1", "0"), ("35", "1", "0")]
    assert [r[5] for r in fields] == ["0.000000", "0.250000", "0.600000", "0.000000", "0.000000", "0.000000"]
    # breakdowns come in the documented order, each sorted by key
    order = [r[0] for r in rows[2:]]
    assert list(dict.fromkeys(order)) == ["ics_field", "ics_group", "committee", "doc_type", "year", "degree"]


# Every breakdown of the default rate on the hand-made catalogue (units and degrees as worked out above):
#   I1 14001:2015 13.020.10 ISO/TC 207/SC 1 2015 IDT      I4 14004:2016 13.020.10 SC 1 2016 none
#   I6 14064-1:2018 13.020.40 SC 7 2018 MOD               I7 14067:2018 13.020.40 SC 7 2018 MOD
#   I9 14040:2006 13.020.10+13.020.60 SC 5 2006 EQV       I10 14050:2020 01.040.13 ISO/TC 207 2020 NEQ
#   I11 9001:2015 03.120.10 ISO/TC 176/SC 2 2015 IDT      I12 27001:2022 35.030+03.100.70 JTC 1/SC 27 2022 unknown
#   I14 60300-1:2014 03.120.01+21.020 IEC/TC 56 2014 none I15 50001:2018 03.100.70+27.015 ISO/TC 301 2018 none
BREAKDOWNS_DEFAULT = {
    # I9 has two codes in 13.020 but counts once there
    "ics_group": [("01.040", 1, 0), ("03.100", 2, 0), ("03.120", 2, 1), ("13.020", 5, 3), ("21.020", 1, 0),
                  ("27.015", 1, 0), ("35.030", 1, 0)],
    "committee": [("IEC/TC 56", 1, 0), ("ISO/IEC JTC 1/SC 27", 1, 0), ("ISO/TC 176/SC 2", 1, 1), ("ISO/TC 207", 1, 0),
                  ("ISO/TC 207/SC 1", 2, 1), ("ISO/TC 207/SC 5", 1, 0), ("ISO/TC 207/SC 7", 2, 2), ("ISO/TC 301", 1, 0)],
    "doc_type": [("IS", 10, 4)],
    "year": [("2006", 1, 0), ("2014", 1, 0), ("2015", 2, 2), ("2016", 1, 0), ("2018", 3, 2), ("2020", 1, 0),
             ("2022", 1, 0)],
    # sorted by key: upper case first
    "degree": [("EQV", 1, 0), ("IDT", 2, 2), ("MOD", 2, 2), ("NEQ", 1, 0), ("none", 3, 0), ("unknown", 1, 0)],
    "ics_field": [("01", 1, 0), ("03", 4, 1), ("13", 5, 3), ("21", 1, 0), ("27", 1, 0), ("35", 1, 0)],
}


def test_rate_every_breakdown(catalogue_store, run_in):
    got = rate_json(run_in, catalogue_store)
    assert list(got["breakdowns"]) == ["ics_field", "ics_group", "committee", "doc_type", "year", "degree"]
    for dim, exp in BREAKDOWNS_DEFAULT.items():
        assert [(r["key"], r["denominator"], r["adopted"]) for r in got["breakdowns"][dim]] == exp, dim
    labels = {r["key"]: r.get("label") for r in got["breakdowns"]["ics_field"]}
    assert got["as_of"] is None
    assert [(f["field"], f["denominator"], f["adopted"]) for f in got["by_ics_field"]] == BREAKDOWNS_DEFAULT["ics_field"]
    assert set(labels) == {"01", "03", "13", "21", "27", "35"}


def test_rate_by_limits_the_breakdowns(catalogue_store, run_in):
    got = rate_json(run_in, catalogue_store, "--by", "committee,year")
    assert list(got["breakdowns"]) == ["committee", "year"]
    assert [(r["key"], r["denominator"], r["adopted"]) for r in got["breakdowns"]["year"]] == BREAKDOWNS_DEFAULT["year"]
    # the headline and by_degree do not depend on --by
    assert (got["denominator"], got["adopted"], got["by_degree"]) == (10, 4, BY_DEGREE_DEFAULT)
    assert run_in(catalogue_store, "rate", "--by", "colour").exit_code == 2


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
def bundled_store(tmp_path_factory, run_in, store_backend) -> Path:
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


# -- as-of dates, series, explain: a second hand-made catalogue -----------------------------------------------------
#
# International (start = effective, else issued; end = withdrawn, or the successor's start):
#   A1 ISO 1000:2010  superseded  issued 2010-03-01  replaced by A2          ICS 01.060.10  ISO/TC 12        2010-03-01 … 2016-06-15
#   A2 ISO 1000:2016  current     issued 2016-06-15  replaces A1             ICS 01.060.10  ISO/TC 12        2016-06-15 …
#   B1 ISO 2000:2012  withdrawn   issued 2012-05-01  withdrawn 2019-07-01    ICS 03.100     ISO/TC 12/SC 3   2012-05-01 … 2019-07-01
#   C1 ISO 3000:2020  current     issued 2020-11-10                          ICS 01.060.20  ISO/TC 120       2020-11-10 …
#   D1 ISO 4000:2008  withdrawn   issued 2008-01-01, no withdrawal date, no successor: out of every as-of count
# National:
#   N1 GB/T 1-2011  被代替 issued 2011-02-01 effective 2011-08-01, replaced by N2   → A1 IDT   in force 2011-08-01 … 2018-10-01
#   N2 GB/T 1-2018  现行   issued 2018-03-01 effective 2018-10-01, replaces N1      → A2 IDT   in force 2018-10-01 …
#   N3 GB/T 2-2013  废止   issued 2013-01-01 effective 2013-06-01 withdrawn 2017-12-31 → B1 MOD in force 2013-06-01 … 2017-12-31
#   N4 GB/T 3-2021  现行   issued 2021-03-01 effective 2021-10-01                   → C1 NEQ   in force 2021-10-01 …
#
# Year ends 2011…2022 (units in force; adopted = IDT/MOD by an adopter in force that day):
#   2011 A1 | A1 by N1                      1/1      2017 A2 B1 | B1's N3 withdrawn that very day   0/2
#   2012 A1 B1 | N3 not yet in force        1/2      2018 A2 B1 | A2 by N2 (from 2018-10-01)       1/2
#   2013 A1 B1 | both                       2/2      2019 A2 (B1 withdrawn 2019-07-01)            1/1
#   2014, 2015 as 2013                      2/2      2020 A2 C1 | C1 only NEQ                      1/2
#   2016 A2 B1 | A2 has no adopter yet (N1 adopts A1), B1 by N3   1/2      2021, 2022 as 2020      1/2
# Without --as-of (recorded statuses): A2 C1 in force, A2 adopted by N2 (现行) → 1/2.
ASOF_INTL = """designation,title_en,status,issued,effective,withdrawn,ics,committee,replaces,replaced_by
ISO 1000:2010,Alpha,superseded,2010-03-01,,,01.060.10,ISO/TC 12,,ISO 1000:2016
ISO 1000:2016,Alpha,current,2016-06-15,,,01.060.10,ISO/TC 12,ISO 1000:2010,
ISO 2000:2012,Beta,withdrawn,2012-05-01,,2019-07-01,03.100,ISO/TC 12/SC 3,,
ISO 3000:2020,Gamma,current,2020-11-10,,,01.060.20,ISO/TC 120,,
ISO 4000:2008,Delta,withdrawn,2008-01-01,,,01.060.20,ISO/TC 12,,
"""
ASOF_GB = """designation,title_zh,status,issued,effective,withdrawn,replaces,replaced_by,adopted,degree
GB/T 1-2011,甲,被代替,2011-02-01,2011-08-01,,,GB/T 1-2018,ISO 1000:2010,IDT
GB/T 1-2018,甲,现行,2018-03-01,2018-10-01,,GB/T 1-2011,,ISO 1000:2016,IDT
GB/T 2-2013,乙,废止,2013-01-01,2013-06-01,2017-12-31,,,ISO 2000:2012,MOD
GB/T 3-2021,丙,现行,2021-03-01,2021-10-01,,,,ISO 3000:2020,NEQ
"""
SERIES_EXPECTED = {2011: (1, 1), 2012: (2, 1), 2013: (2, 2), 2014: (2, 2), 2015: (2, 2), 2016: (2, 1),
                   2017: (2, 0), 2018: (2, 1), 2019: (1, 1), 2020: (2, 1), 2021: (2, 1), 2022: (2, 1)}


@pytest.fixture(scope="module")
def asof_store(tmp_path_factory, run_in, store_backend) -> Path:
    folder = tmp_path_factory.mktemp("asof")
    (folder / "intl.csv").write_text(ASOF_INTL, encoding="utf-8")
    (folder / "gb.csv").write_text(ASOF_GB, encoding="utf-8")
    store = folder / "store"
    assert run_in(store, "init", "--empty").exit_code == 0
    result = run_in(store, "import", folder / "intl.csv", folder / "gb.csv")
    assert result.exit_code == 0, result.output
    return store


@pytest.mark.parametrize("as_of, expected", [
    (None, (2, 1)),
    ("2011-12-31", (1, 1)),
    ("2016-06-14", (2, 2)),   # the day before A2 starts: A1 (adopted by N1) and B1 (adopted by N3)
    ("2016-06-15", (2, 1)),   # A2 replaces A1 that day: A2 not adopted, B1 still is
    ("2017-12-30", (2, 1)),   # N3 still in force
    ("2017-12-31", (2, 0)),   # N3 withdrawn that day
    ("2018-09-30", (2, 0)),
    ("2018-10-01", (2, 1)),   # N2 comes into force
    ("2019-07-01", (1, 1)),   # B1 withdrawn that day
    ("2009-12-31", (0, 0)),   # nothing had started (D1 never counts)
])
def test_rate_as_of_boundaries(asof_store, run_in, as_of, expected):
    got = rate_json(run_in, asof_store, *(("--as-of", as_of) if as_of else ()))
    assert (got["denominator"], got["adopted"]) == expected
    assert got["as_of"] == as_of


def test_rate_as_of_breakdowns(asof_store, run_in):
    # 2013-12-31: A1 (01.060.10, ISO/TC 12, 2010, IDT) and B1 (03.100, ISO/TC 12/SC 3, 2012, MOD), both adopted
    got = rate_json(run_in, asof_store, "--as-of", "2013-12-31")
    b = {dim: [(r["key"], r["denominator"], r["adopted"]) for r in rows] for dim, rows in got["breakdowns"].items()}
    assert b["ics_field"] == [("01", 1, 1), ("03", 1, 1)]
    assert b["ics_group"] == [("01.060", 1, 1), ("03.100", 1, 1)]
    assert b["committee"] == [("ISO/TC 12", 1, 1), ("ISO/TC 12/SC 3", 1, 1)]
    assert b["year"] == [("2010", 1, 1), ("2012", 1, 1)]
    assert b["degree"] == [("IDT", 1, 1), ("MOD", 1, 1)]
    # 2021-12-31: A2 IDT, C1 NEQ (N4 in force since 2021-10-01)
    got = rate_json(run_in, asof_store, "--as-of", "2021-12-31", "--by", "degree")
    assert [(r["key"], r["denominator"], r["adopted"]) for r in got["breakdowns"]["degree"]] == [("IDT", 1, 1), ("NEQ", 1, 0)]
    assert got["neq"] == 1


def test_rate_series_years(asof_store, run_in):
    result = run_in(asof_store, "rate", "--series", "2011:2022", "--json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert [p["date"] for p in got["series"]] == [f"{y}-12-31" for y in range(2011, 2023)]
    assert {int(p["date"][:4]): (p["denominator"], p["adopted"]) for p in got["series"]} == SERIES_EXPECTED
    assert got["series"][1]["rate"] == 0.5
    # each point equals the rate with --as-of that day
    for year in (2012, 2017):
        one = rate_json(run_in, asof_store, "--as-of", f"{year}-12-31")
        assert (one["denominator"], one["adopted"]) == SERIES_EXPECTED[year]


def test_rate_series_monthly_and_csv(asof_store, run_in):
    # 2018-09-30: A2, B1, nothing adopted (N2 from 2018-10-01); 2018-10-31: A2 adopted
    result = run_in(asof_store, "rate", "--series", "2018-09:2018-10", "--monthly", "--csv")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["date", "denominator", "adopted", "rate"], ["2018-09-30", "2", "0", "0.000000"], ["2018-10-31", "2", "1", "0.500000"]]
    assert run_in(asof_store, "rate", "--series", "2018").exit_code == 2
    assert run_in(asof_store, "rate", "--series", "2020:2011").exit_code == 2


def test_rate_editions_any_and_scope(asof_store, run_in):
    # 2017-12-31, editions=any: works ISO 1000 (A2 in force) and ISO 2000 (B1); ISO 1000 counts through N1, which
    # adopts the earlier edition A1 and is in force until 2018-10-01; ISO 2000's N3 is withdrawn that day → 1/2.
    got = rate_json(run_in, asof_store, "--as-of", "2017-12-31", "--editions", "any")
    assert (got["denominator"], got["adopted"]) == (2, 1)
    # the same day, editions=current: nothing adopted (see the series)
    assert (lambda g: (g["denominator"], g["adopted"]))(rate_json(run_in, asof_store, "--as-of", "2017-12-31")) == (2, 0)
    # scope: ICS 01.060 (recorded statuses) → A2, C1: 1/2; ICS 01.060.10 → A2: 1/1
    assert (lambda g: (g["denominator"], g["adopted"]))(rate_json(run_in, asof_store, "--ics", "01.060")) == (2, 1)
    assert (lambda g: (g["denominator"], g["adopted"]))(rate_json(run_in, asof_store, "--ics", "01.060.10")) == (1, 1)
    # committee ISO/TC 12 (covers ISO/TC 12/SC 3, not ISO/TC 120) on 2014-12-31 → A1, B1, both adopted
    got = rate_json(run_in, asof_store, "--committee", "ISO/TC 12", "--as-of", "2014-12-31")
    assert (got["denominator"], got["adopted"]) == (2, 2)
    # a listed standard, undated = every edition of the work: ISO 1000 on 2014 → A1 only, adopted
    got = rate_json(run_in, asof_store, "--standard", "ISO 1000", "--as-of", "2014-12-31")
    assert (got["denominator"], got["adopted"]) == (1, 1)


def explain_json(run_in, store, *args) -> dict:
    result = run_in(store, "rate", "--json", "--explain", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_explain_counted(asof_store, run_in):
    got = explain_json(run_in, asof_store, "ISO 1000:2010", "--as-of", "2014-12-31")
    assert (got["resolved"], got["in_denominator"], got["counted"]) == ("ISO 1000:2010", True, True)
    assert [(a["national"], a["degree"], a["counts"]) for a in got["adoptions"]] == [("GB/T 1-2011", "IDT", True)]


def test_explain_not_in_force_any_more(asof_store, run_in):
    # 2017-12-31: A1 was replaced by A2 from 2016-06-15; its adopter N1 is still in force, but the unit is out
    got = explain_json(run_in, asof_store, "ISO 1000:2010", "--as-of", "2017-12-31")
    assert (got["in_denominator"], got["counted"]) == (False, False)
    assert any("2016-06-15" in r for r in got["reasons"])
    assert [(a["national"], a["counts"]) for a in got["adoptions"]] == [("GB/T 1-2011", False)]


def test_explain_degree_and_adopter_not_in_force(asof_store, run_in):
    # C1 (recorded statuses): in the denominator, strongest NEQ, not counted
    got = explain_json(run_in, asof_store, "ISO 3000:2020")
    assert (got["in_denominator"], got["counted"], got["strongest"]) == (True, False, "NEQ")
    assert [(a["national"], a["degree"], a["counts"]) for a in got["adoptions"]] == [("GB/T 3-2021", "NEQ", False)]
    assert "NEQ not counted" in got["adoptions"][0]["why"]
    # ... and counted when NEQ is a counted degree
    got = explain_json(run_in, asof_store, "ISO 3000:2020", "--degree", "NEQ")
    assert (got["in_denominator"], got["counted"]) == (True, True)
    # B1 on 2018-06-30: in force (withdrawn 2019-07-01), its only adopter N3 was withdrawn 2017-12-31
    got = explain_json(run_in, asof_store, "ISO 2000:2012", "--as-of", "2018-06-30")
    assert (got["in_denominator"], got["counted"], got["strongest"]) == (True, False, "none")
    assert [(a["national"], a["degree"], a["counts"]) for a in got["adoptions"]] == [("GB/T 2-2013", "MOD", False)]
    assert "not in force" in got["adoptions"][0]["why"]
    # D1: recorded withdrawn with no date → out of every as-of count; as recorded: not current
    got = explain_json(run_in, asof_store, "ISO 4000:2008", "--as-of", "2009-12-31")
    assert got["in_denominator"] is False and any("no date" in r for r in got["reasons"])
    got = explain_json(run_in, asof_store, "ISO 4000:2008")
    assert got["in_denominator"] is False and any("not current" in r for r in got["reasons"])
    # out of scope
    got = explain_json(run_in, asof_store, "ISO 1000:2016", "--ics", "03")
    assert got["in_denominator"] is False and any("scope" in r for r in got["reasons"])


def test_explain_text_and_unknown(asof_store, run_in):
    result = run_in(asof_store, "rate", "--explain", "ISO 1000:2016")
    assert result.exit_code == 0, result.output
    assert "yes" in result.stdout and "GB/T 1-2018" in result.stdout
    got = explain_json(run_in, asof_store, "ISO 9999:2000")
    assert got["resolved"] is None and got["in_denominator"] is False
