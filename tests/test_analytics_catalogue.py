"""Adoption analytics against a hand-built catalogue (tests/data/analytics/).

The two files are invented test data: 61 international rows (ISO, IEC, ISO/IEC; IS, TS, TR; amendments;
2–3 editions per work; withdrawn with and without a date) and 38 national rows (IDT, MOD, NEQ, EQV,
unknown; a multi-standard MOD adoption; replaced and withdrawn national standards; stale adoptions; dates
across 2020-12-31). Every expected figure below was computed by hand from docs/analytics.md and the data;
tests/data/analytics/README.md shows the working (interval table, per-date unit lists, lag arithmetic).
The store holds only these two files (`init --empty`), so the bundled knowledge base does not count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "analytics"
INTL = DATA / "international.csv"
NATL = DATA / "national.csv"


@pytest.fixture(scope="module")
def cat(tmp_path_factory, run_in, store_backend):
    """A store with only the two catalogue files; `cat(*args)` runs a command with --json and parses it."""
    store = tmp_path_factory.mktemp("analytics") / "store"
    result = run_in(store, "init", "--empty")
    assert result.exit_code == 0, result.output
    result = run_in(store, "import", INTL, NATL)
    assert result.exit_code == 0, result.output
    assert "imported: 61 of 61 rows" in result.stdout, result.output
    assert "imported: 38 of 38 rows" in result.stdout, result.output
    assert "error" not in result.output.lower(), result.output

    def _cat(*args: object) -> dict:
        r = run_in(store, *args, "--json")
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    return _cat


# -- rate -----------------------------------------------------------------------------------------------------
# Defaults (README §1): 30 IS units in force as recorded; IDT 14, MOD 4 (ISO 14006:2020, ISO 14064-1:2018 and
# ISO 14064-2:2019 — both through the one GB/T 41500-2022 — and IEC 63000:2016), EQV 1 (ISO 10012:2003), NEQ 2
# (ISO 14025:2006, ISO 26000:2010), unknown 1 (ISO 14031:2021), none 8.
RATE_CASES = {
    "defaults": ((), dict(denominator=30, adopted=18, rate=0.6, neq=2, eqv=1, degree_unknown=1, not_adopted=12),
                 {"IDT": 14, "MOD": 4, "EQV": 1, "NEQ": 2, "unknown": 1, "none": 8}),
    # README §2: units c e f g k l m p q t v x y z aa ac ae af ah ai ak al an ar as at av aw ax
    "as-of 2020-12-31": (("--as-of", "2020-12-31"),
                         dict(denominator=29, adopted=9, rate=0.310345, neq=2, eqv=1, degree_unknown=0, not_adopted=20),
                         {"IDT": 8, "MOD": 1, "EQV": 1, "NEQ": 2, "unknown": 0, "none": 17}),
    # NEQ counted too: + ISO 14025:2006, ISO 26000:2010; EQV still apart
    "degrees IDT MOD NEQ": (("--degree", "IDT", "--degree", "MOD", "--degree", "NEQ"),
                            dict(denominator=30, adopted=20, rate=0.666667, neq=2, eqv=1, degree_unknown=1,
                                 not_adopted=10),
                            {"IDT": 14, "MOD": 4, "EQV": 1, "NEQ": 2, "unknown": 1, "none": 8}),
    # one unit per work: + ISO 14050 (2002 edition adopted), ISO 9004 (2009), ISO/IEC 27002 (2013)
    "editions any": (("--editions", "any"),
                     dict(denominator=30, adopted=21, rate=0.7, neq=2, eqv=1, degree_unknown=1, not_adopted=9),
                     {"IDT": 17, "MOD": 4, "EQV": 1, "NEQ": 2, "unknown": 1, "none": 5}),
    # ISO/TC 207 and its subcommittees: 14 units, 8 adopted
    "committee ISO/TC 207": (("--committee", "ISO/TC 207"),
                             dict(denominator=14, adopted=8, rate=0.571429, neq=1, eqv=0, degree_unknown=1,
                                  not_adopted=6),
                             {"IDT": 5, "MOD": 3, "EQV": 0, "NEQ": 1, "unknown": 1, "none": 4}),
    "committee ISO/TC 207 as-of 2020-12-31": (
        ("--committee", "ISO/TC 207", "--as-of", "2020-12-31"),
        dict(denominator=14, adopted=4, rate=0.285714, neq=1, eqv=0, degree_unknown=0, not_adopted=10),
        {"IDT": 4, "MOD": 0, "EQV": 0, "NEQ": 1, "unknown": 0, "none": 9}),
    # + ISO/TS 14071:2014 (IDT by GB/Z 24071-2019) and ISO/TS 14072:2014 (none); TR never
    "doc types IS TS": (("--doc-type", "IS", "--doc-type", "TS"),
                        dict(denominator=32, adopted=19, rate=0.59375, neq=2, eqv=1, degree_unknown=1, not_adopted=13),
                        {"IDT": 15, "MOD": 4, "EQV": 1, "NEQ": 2, "unknown": 1, "none": 9}),
    "body IEC": (("--body", "IEC"),
                 dict(denominator=6, adopted=5, rate=0.833333, neq=0, eqv=0, degree_unknown=0, not_adopted=1),
                 {"IDT": 4, "MOD": 1, "EQV": 0, "NEQ": 0, "unknown": 0, "none": 1}),
    "body ISO/IEC": (("--body", "ISO/IEC"),
                     dict(denominator=3, adopted=1, rate=0.333333, neq=0, eqv=0, degree_unknown=0, not_adopted=2),
                     {"IDT": 1, "MOD": 0, "EQV": 0, "NEQ": 0, "unknown": 0, "none": 2}),
}


@pytest.mark.parametrize("case", list(RATE_CASES))
def test_rate(cat, case):
    args, totals, by_degree = RATE_CASES[case]
    got = cat("rate", *args)
    assert {k: got[k] for k in totals} == totals
    assert got["by_degree"] == by_degree


def test_rate_series(cat):
    # README §3: year ends 2018–2022
    got = cat("rate", "--series", "2018:2022")
    assert [(p["date"], p["denominator"], p["adopted"], p["rate"]) for p in got["series"]] == [
        ("2018-12-31", 27, 10, 0.37037),
        ("2019-12-31", 28, 9, 0.321429),
        ("2020-12-31", 29, 9, 0.310345),
        ("2021-12-31", 29, 13, 0.448276),
        ("2022-12-31", 30, 14, 0.466667),
    ]


# -- gaps -----------------------------------------------------------------------------------------------------
NEVER, REVISION = "never adopted", "revision needed"
GAPS_DEFAULT = {
    "IEC 62474:2018": NEVER, "ISO 10012:2003": NEVER, "ISO 14005:2019": NEVER, "ISO 14025:2006": NEVER,
    "ISO 14031:2021": NEVER, "ISO 14050:2020": REVISION, "ISO 14064-3:2019": NEVER, "ISO 14067:2018": NEVER,
    "ISO 26000:2010": NEVER, "ISO 9004:2018": REVISION, "ISO/IEC 27002:2022": REVISION, "ISO/IEC 27005:2022": NEVER,
}


def test_gaps_defaults(cat):
    gaps = cat("gaps")["gaps"]
    assert {g["standard"]: g["kind"] for g in gaps} == GAPS_DEFAULT
    assert [g["standard"] for g in gaps] == sorted(GAPS_DEFAULT)  # --sort id (default)
    by_id = {g["standard"]: g for g in gaps}
    assert {k: by_id[k]["strongest"] for k in ("ISO 10012:2003", "ISO 14025:2006", "ISO 14031:2021", "ISO 14005:2019")} == {
        "ISO 10012:2003": "EQV", "ISO 14025:2006": "NEQ", "ISO 14031:2021": "unknown", "ISO 14005:2019": "none"}
    assert by_id["ISO 14050:2020"]["older_editions_adopted"] == ["ISO 14050:2002"]
    assert by_id["ISO 14050:2020"]["older_adopters"] == ["GB/T 24050-2004"]
    assert by_id["ISO 9004:2018"]["older_adopters"] == ["GB/T 19004-2011"]
    assert by_id["ISO/IEC 27002:2022"]["older_editions_adopted"] == ["ISO/IEC 27002:2013"]
    assert by_id["ISO 14067:2018"]["pending"] == ["GB/T 24067-2026"]


def test_gaps_as_of_2020(cat):
    # README §2: (kind, whole months from the unit's start to 2020-12-31)
    expected = {
        "IEC 62321-1:2013": (NEVER, 90), "IEC 62321-2:2013": (NEVER, 90), "IEC 62321-4:2013": (NEVER, 90),
        "IEC 62430:2019": (REVISION, 20), "IEC 62474:2018": (NEVER, 26), "ISO 10012:2003": (NEVER, 212),
        "ISO 14005:2019": (NEVER, 17), "ISO 14006:2020": (NEVER, 6), "ISO 14024:2018": (REVISION, 30),
        "ISO 14025:2006": (NEVER, 173), "ISO 14031:2013": (NEVER, 89), "ISO 14050:2020": (REVISION, 4),
        "ISO 14064-1:2018": (NEVER, 24), "ISO 14064-2:2019": (NEVER, 20), "ISO 14064-3:2019": (NEVER, 20),
        "ISO 14067:2018": (NEVER, 28), "ISO 19011:2018": (REVISION, 29), "ISO 26000:2010": (NEVER, 121),
        "ISO 50001:2018": (REVISION, 28), "ISO 9004:2018": (REVISION, 32),
    }
    got = cat("gaps", "--as-of", "2020-12-31")
    assert {g["standard"]: (g["kind"], g["waiting_months"]) for g in got["gaps"]} == expected


def test_gaps_other_rules(cat):
    neq = cat("gaps", "--degree", "IDT", "--degree", "MOD", "--degree", "NEQ")["gaps"]
    assert {g["standard"]: g["kind"] for g in neq} == {
        k: v for k, v in GAPS_DEFAULT.items() if k not in ("ISO 14025:2006", "ISO 26000:2010")}
    anyed = cat("gaps", "--editions", "any")["gaps"]
    assert {g["standard"]: g["kind"] for g in anyed} == {k: NEVER for k in (
        "IEC 62474:2018", "ISO 10012:2003", "ISO 14005:2019", "ISO 14025:2006", "ISO 14031:2021",
        "ISO 14064-3:2019", "ISO 14067:2018", "ISO 26000:2010", "ISO/IEC 27005:2022")}
    tc207 = cat("gaps", "--committee", "ISO/TC 207")["gaps"]
    assert {g["standard"]: g["kind"] for g in tc207} == {
        "ISO 14005:2019": NEVER, "ISO 14025:2006": NEVER, "ISO 14031:2021": NEVER, "ISO 14050:2020": REVISION,
        "ISO 14064-3:2019": NEVER, "ISO 14067:2018": NEVER}


# -- stale ----------------------------------------------------------------------------------------------------
def _stale(entries: list[dict], months: bool = True) -> list[tuple]:
    return [(e["national"], e["adopted"], e["current"], e["editions_behind"])
            + ((e["months_behind"],) if months else ()) for e in entries]


def test_stale_defaults(cat):
    assert _stale(cat("stale")["stale"], months=False) == [
        ("GB/T 19004-2011", "ISO 9004:2009", "ISO 9004:2018", 1),
        ("GB/T 22081-2016", "ISO/IEC 27002:2013", "ISO/IEC 27002:2022", 1),
        ("GB/T 24050-2004", "ISO 14050:2002", "ISO 14050:2020", 2),
    ]


def test_stale_as_of_2026_mid_year(cat):
    assert _stale(cat("stale", "--as-of", "2026-06-30")["stale"]) == [
        ("GB/T 19004-2011", "ISO 9004:2009", "ISO 9004:2018", 1, 98),
        ("GB/T 22081-2016", "ISO/IEC 27002:2013", "ISO/IEC 27002:2022", 1, 52),
        ("GB/T 24050-2004", "ISO 14050:2002", "ISO 14050:2020", 2, 70),
    ]


def test_stale_as_of_2020(cat):
    assert _stale(cat("stale", "--as-of", "2020-12-31")["stale"]) == [
        ("GB/T 19004-2011", "ISO 9004:2009", "ISO 9004:2018", 1, 32),
        ("GB/T 19011-2013", "ISO 19011:2011", "ISO 19011:2018", 1, 29),
        ("GB/T 23331-2012", "ISO 50001:2011", "ISO 50001:2018", 1, 28),
        ("GB/T 24024-2001", "ISO 14024:1999", "ISO 14024:2018", 1, 30),
        ("GB/T 24050-2004", "ISO 14050:2002", "ISO 14050:2020", 2, 4),
        ("GB/T 32161-2015", "IEC 62430:2009", "IEC 62430:2019", 1, 20),
    ]


# -- lag ------------------------------------------------------------------------------------------------------
# README §5: every IDT/MOD claim by a national standard of any status on an IS edition, both issue dates known.
LAG_PAIRS = [
    ("GB 37406-2019", "IEC 63000:2016", 29),
    ("GB/T 19000-2016", "ISO 9000:2015", 15),
    ("GB/T 19001-2008", "ISO 9001:2008", 1),
    ("GB/T 19001-2016", "ISO 9001:2015", 15),
    ("GB/T 19004-2011", "ISO 9004:2009", 25),
    ("GB/T 19011-2013", "ISO 19011:2011", 25),
    ("GB/T 19011-2021", "ISO 19011:2018", 37),
    ("GB/T 22080-2016", "ISO/IEC 27001:2013", 34),
    ("GB/T 22080-2025", "ISO/IEC 27001:2022", 32),
    ("GB/T 22081-2016", "ISO/IEC 27002:2013", 34),
    ("GB/T 23331-2012", "ISO 50001:2011", 18),
    ("GB/T 23331-2020", "ISO 50001:2018", 26),
    ("GB/T 24001-1996", "ISO 14001:1996", 1),
    ("GB/T 24001-2004", "ISO 14001:2004", 1),
    ("GB/T 24001-2016", "ISO 14001:2015", 12),
    ("GB/T 24004-2004", "ISO 14004:2004", 1),
    ("GB/T 24004-2017", "ISO 14004:2016", 21),
    ("GB/T 24006-2020", "ISO 14006:2020", 5),
    ("GB/T 24015-2003", "ISO 14015:2001", 18),
    ("GB/T 24020-2001", "ISO 14020:2000", 7),
    ("GB/T 24024-2001", "ISO 14024:1999", 25),
    ("GB/T 24024-2025", "ISO 14024:2018", 82),
    ("GB/T 24040-1999", "ISO 14040:1997", 28),
    ("GB/T 24040-2008", "ISO 14040:2006", 22),
    ("GB/T 24044-2008", "ISO 14044:2006", 22),
    ("GB/T 24050-2004", "ISO 14050:2002", 27),
    ("GB/T 24067-2026", "ISO 14067:2018", 96),
    ("GB/T 32161-2015", "IEC 62430:2009", 76),
    ("GB/T 32161-2023", "IEC 62430:2019", 51),
    ("GB/T 39560.1-2020", "IEC 62321-1:2013", 90),
    ("GB/T 39560.2-2024", "IEC 62321-2:2021", 37),
    ("GB/T 39560.4-2021", "IEC 62321-4:2013", 98),
    ("GB/T 41500-2022", "ISO 14064-1:2018", 40),
    ("GB/T 41500-2022", "ISO 14064-2:2019", 36),
]

LAG_BY_YEAR = [  # (year, n, median, q1, q3)
    (1996, 1, 1, 1, 1), (1999, 1, 28, 28, 28), (2001, 2, 16, 11.5, 20.5), (2003, 1, 18, 18, 18),
    (2004, 3, 1, 1, 14), (2008, 3, 22, 11.5, 22), (2011, 1, 25, 25, 25), (2012, 1, 18, 18, 18),
    (2013, 1, 25, 25, 25), (2015, 1, 76, 76, 76), (2016, 5, 15, 15, 34), (2017, 1, 21, 21, 21),
    (2019, 1, 29, 29, 29), (2020, 3, 26, 15.5, 58), (2021, 2, 67.5, 52.25, 82.75), (2022, 2, 38, 37, 39),
    (2023, 1, 51, 51, 51), (2024, 1, 37, 37, 37), (2025, 2, 57, 44.5, 69.5), (2026, 1, 96, 96, 96),
]


def test_lag_pairs(cat):
    got = cat("lag")
    assert [(p["national"], p["international"], p["lag_months"]) for p in got["pairs"]] == LAG_PAIRS
    eff = {(p["national"], p["international"]): p["lag_effective_months"] for p in got["pairs"]}
    assert eff[("GB/T 24006-2020", "ISO 14006:2020")] == 8
    assert eff[("GB/T 24001-2016", "ISO 14001:2015")] == 19


def test_lag_statistics(cat):
    got = cat("lag")
    o = got["overall"]
    assert (o["n"], o["median"], o["q1"], o["q3"]) == (34, 25.5, 15.75, 36.75)
    assert abs(o["mean"] - 1087 / 34) < 1e-3
    assert [(y["year"], y["n"], y["median"], y["q1"], y["q3"]) for y in got["by_year"]] == LAG_BY_YEAR


def test_lag_body_iec(cat):
    got = cat("lag", "--body", "IEC")
    assert [(p["national"], p["lag_months"]) for p in got["pairs"]] == [
        ("GB 37406-2019", 29), ("GB/T 32161-2015", 76), ("GB/T 32161-2023", 51), ("GB/T 39560.1-2020", 90),
        ("GB/T 39560.2-2024", 37), ("GB/T 39560.4-2021", 98)]
    o = got["overall"]
    assert (o["n"], o["median"], o["q1"], o["q3"]) == (6, 63.5, 40.5, 86.5)
