"""`stdmap lag` (adoption lag) and `stdmap share` (采标率) on a small hand-made catalogue.

Every expected number below is worked out by hand from the two CSV files written by the fixture, following
docs/analytics.md; the working is in the comments next to the catalogue and the assertions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import statistics

import pytest

from mapper.lag import months_between, summary

# -- the catalogue -------------------------------------------------------------------------------------------------
#
# International editions (intl.csv):
#   ISO 14001:2015     IS  current     issued 2015-09-15  ISO/TC 207/SC 1
#   ISO 14001:2004     IS  superseded  issued 2004-11-15  ISO/TC 207/SC 1
#   ISO 14004:2016     IS  current     issued 2016-03-01  ISO/TC 207/SC 1
#   ISO 50001:2018     IS  current     issued 2018-08-21  ISO/TC 301
#   ISO 9001:2015      IS  current     issued 2015-09-15  ISO/TC 176/SC 2
#   IEC 60300-1:2014   IS  current     issued 2014-09-25  (no committee → "—")
#   ISO 14050:2020     IS  current     NO issue date      ISO/TC 207
#   ISO 14031:2013     IS  current     issued 2013-07-15  ISO/TC 207/SC 4
#   ISO/TS 14072:2014  TS  current     issued 2014-12-01  ISO/TC 207/SC 5
INTL = """designation,title_en,status,issued,ics,committee
ISO 14001:2015,EMS,current,2015-09-15,13.020.10,ISO/TC 207/SC 1
ISO 14001:2004,EMS,superseded,2004-11-15,13.020.10,ISO/TC 207/SC 1
ISO 14004:2016,EMS guidelines,current,2016-03-01,13.020.10,ISO/TC 207/SC 1
ISO 50001:2018,EnMS,current,2018-08-21,27.015,ISO/TC 301
ISO 9001:2015,QMS,current,2015-09-15,03.120.10,ISO/TC 176/SC 2
IEC 60300-1:2014,Dependability,current,2014-09-25,03.120.01,
ISO 14050:2020,Vocabulary,current,,01.040.13,ISO/TC 207
ISO 14031:2013,Performance evaluation,current,2013-07-15,13.020.10,ISO/TC 207/SC 4
ISO/TS 14072:2014,Organizational LCA,current,2014-12-01,13.020.60,ISO/TC 207/SC 5
"""

# National standards (gb.csv) and their lag to the international issue date, whole months
# (b.year − a.year)·12 + (b.month − a.month) − (1 if b.day < a.day); for b < a, minus the months from b to a:
#   N1  GB/T 24001-2016   current     issued 2016-10-13 eff 2017-05-01  IDT ISO 14001:2015
#         lag 2015-09-15→2016-10-13: 12 + 1 − 1 (13 < 15) = 12;  effective →2017-05-01: 24 − 4 − 1 = 19
#   N2  GB/T 24004-2017   current     issued 2017-09-01 (no eff)        IDT ISO 14004:2016
#         lag 2016-03-01→2017-09-01: 12 + 6 − 0 (same day: not less) = 18;  effective null
#   N3  GB/T 23331-2020   current     issued 2020-11-19 eff 2021-06-01  IDT ISO 50001:2018
#         lag 2018-08-21→2020-11-19: 24 + 3 − 1 = 26;  effective →2021-06-01: 36 − 2 − 1 = 33
#   N4  GB/T 19001-2016   current     issued 2016-12-30 eff 2017-07-01  MOD ISO 9001:2015
#         lag 2015-09-15→2016-12-30: 12 + 3 − 0 = 15;  effective →2017-07-01: 24 − 2 − 1 = 21
#   N5  GB/T 2900.99-2014 current     issued 2014-07-10 eff 2015-01-01  IDT IEC 60300-1:2014
#         national first: months 2014-07-10→2014-09-25 = 2 + 0 = 2, so lag −2 (the raw formula with
#         a > b would give −2 − 1 = −3);  effective 2014-09-25→2015-01-01: 12 − 8 − 1 = 3
#   N6  GB/T 24050-2021   current     issued 2021-05-01                 IDT ISO 14050:2020 (no intl date → missing)
#   N7  GB/T 24031-2021   current     issued 2021-10-11 eff 2022-05-01  NEQ ISO 14031:2013
#         only with --degree NEQ: 2013-07-15→2021-10-11: 96 + 3 − 1 = 98
#   N8  GB/Z 24072-2020   current     issued 2020-06-02                 IDT ISO/TS 14072:2014 (TS: no lag pair)
#   N9  GB/T 24001-2004   superseded  issued 2004-12-20 eff 2005-05-15  IDT ISO 14001:2004, replaced by N1
#         lag 2004-11-15→2004-12-20: 1;  effective →2005-05-15: 12 − 6 − 0 = 6 (status does not matter for lag)
#   N10 GB/T 30000-2015   current     issued 2015-06-01 eff 2016-01-01  adopts nothing
#   N11 GB/T 31000-2019   current     NO dates                          IDT ISO 9001:2015 (no national date → missing)
#   G1  T/CAS 123-2020    current     issued 2020-01-01 (group level)   IDT ISO 14001:2015
#         only with --level group: 2015-09-15→2020-01-01: 60 − 8 − 1 = 51
GB = """designation,title_zh,status,issued,effective,ics,ccs,adopted,degree,replaces,replaced_by
GB/T 24001-2016,环境管理体系,current,2016-10-13,2017-05-01,13.020.10,Z04,ISO 14001:2015,IDT,GB/T 24001-2004,
GB/T 24004-2017,环境管理体系 指南,current,2017-09-01,,13.020.10,Z04,ISO 14004:2016,IDT,,
GB/T 23331-2020,能源管理体系,current,2020-11-19,2021-06-01,27.015; 03.100.70,F01,ISO 50001:2018,IDT,,
GB/T 19001-2016,质量管理体系,current,2016-12-30,2017-07-01,03.120.10,A00,ISO 9001:2015,MOD,,
GB/T 2900.99-2014,可信性,current,2014-07-10,2015-01-01,03.120.01,K04,IEC 60300-1:2014,IDT,,
GB/T 24050-2021,环境管理 术语,current,2021-05-01,,01.040.13,Z00,ISO 14050:2020,IDT,,
GB/T 24031-2021,环境绩效评价,current,2021-10-11,2022-05-01,13.020.10,Z00,ISO 14031:2013,NEQ,,
GB/Z 24072-2020,组织生命周期评价,current,2020-06-02,,13.020.60,Z04,ISO/TS 14072:2014,IDT,,
GB/T 24001-2004,环境管理体系(旧),superseded,2004-12-20,2005-05-15,13.020.10,Z04,ISO 14001:2004,IDT,,GB/T 24001-2016
GB/T 30000-2015,国家原创,current,2015-06-01,2016-01-01,13.020.10,Z00,,none,,
GB/T 31000-2019,无日期,current,,,,,ISO 9001:2015,IDT,,
T/CAS 123-2020,团体标准,current,2020-01-01,,13.020.10,Z04,ISO 14001:2015,IDT,,
"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory, run_in, store_backend):
    """One store for the module (the commands only read it)."""
    base = tmp_path_factory.mktemp("lag")
    (base / "intl.csv").write_text(INTL, encoding="utf-8")
    (base / "gb.csv").write_text(GB, encoding="utf-8")
    store = base / "store"
    assert run_in(store, "init", "--empty").exit_code == 0
    result = run_in(store, "import", base / "intl.csv", base / "gb.csv")
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def cmd(catalogue, run_in):
    def _cmd(*args):
        result = run_in(catalogue, *args)
        assert result.exit_code == 0, result.output
        return result

    return _cmd


def as_json(cmd, *args) -> dict:
    return json.loads(cmd(*args, "--json").stdout)


# -- whole months ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("a, b, months", [
    ("2015-09-15", "2016-10-13", 12),   # 13 < 15: the 13th month is not complete
    ("2016-03-01", "2017-09-01", 18),   # same day of month: complete
    ("2020-01-31", "2020-02-29", 0),    # 29 < 31: not a whole month even at the month's end
    ("2020-01-31", "2020-03-31", 2),
    ("2016-01-01", "2016-01-01", 0),
    ("2014-09-25", "2014-07-10", -2),   # national first: −(months from 07-10 to 09-25) = −(2 − 0)
    ("2016-03-15", "2016-01-20", -1),   # −(months from 01-20 to 03-15) = −(2 − 1 (15 < 20))
])
def test_months_between(a, b, months):
    assert months_between(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) == months


def test_summary_one_and_none():
    assert summary([7], mean=True) == {"n": 1, "median": 7, "q1": 7, "q3": 7, "mean": 7}
    assert summary([], mean=True) == {"n": 0, "median": None, "q1": None, "q3": None, "mean": None}


# -- lag -----------------------------------------------------------------------------------------------------------
def test_lag_pairs_default_rules(cmd):
    data = as_json(cmd, "lag")
    # IDT/MOD, national level, IS, ISO/IEC/joint: N1 N2 N3 N4 N5 N9 with both dates; N6 (no intl date) and
    # N11 (no national date) missing; N7 NEQ, N8 TS and G1 group level are not pairs. Sorted by national.
    got = [(p["national"], p["international"], p["degree"], p["lag_months"], p["lag_effective_months"])
           for p in data["pairs"]]
    assert got == [
        ("GB/T 19001-2016", "ISO 9001:2015", "MOD", 15, 21),
        ("GB/T 23331-2020", "ISO 50001:2018", "IDT", 26, 33),
        ("GB/T 24001-2004", "ISO 14001:2004", "IDT", 1, 6),
        ("GB/T 24001-2016", "ISO 14001:2015", "IDT", 12, 19),
        ("GB/T 24004-2017", "ISO 14004:2016", "IDT", 18, None),
        ("GB/T 2900.99-2014", "IEC 60300-1:2014", "IDT", -2, 3),
    ]
    assert data["missing_dates"] == 2
    first = data["pairs"][3]
    assert first["national_issued"] == "2016-10-13" and first["national_effective"] == "2017-05-01"
    assert first["international_issued"] == "2015-09-15" and first["committees"] == ["ISO/TC 207/SC 1"]
    assert data["rules"]["degrees"] == ["IDT", "MOD"] and "description" in data["rules"]


def test_lag_overall_even_count(cmd):
    # sorted lags −2 1 12 15 18 26 (n = 6, even): median (12 + 15)/2 = 13.5; mean 70/6 = 11.666667;
    # inclusive quartiles, m = n − 1 = 5: q1 at 5·1/4 = 1.25 → 1 + 0.25·(12 − 1) = 3.75,
    # q3 at 5·3/4 = 3.75 → 15 + 0.75·(18 − 15) = 17.25
    assert as_json(cmd, "lag")["overall"] == {"n": 6, "median": 13.5, "q1": 3.75, "q3": 17.25, "mean": 11.666667}


def test_lag_by_year(cmd):
    # year of national issue: 2004 [1], 2014 [−2], 2016 [12, 15], 2017 [18], 2020 [26].
    # Two values 12, 15: median 13.5; m = 1: q1 at 0.25 → 12 + 0.25·3 = 12.75, q3 at 0.75 → 14.25
    assert as_json(cmd, "lag")["by_year"] == [
        {"year": 2004, "n": 1, "median": 1, "q1": 1, "q3": 1},
        {"year": 2014, "n": 1, "median": -2, "q1": -2, "q3": -2},
        {"year": 2016, "n": 2, "median": 13.5, "q1": 12.75, "q3": 14.25},
        {"year": 2017, "n": 1, "median": 18, "q1": 18, "q3": 18},
        {"year": 2020, "n": 1, "median": 26, "q1": 26, "q3": 26},
    ]


def test_lag_by_committee_odd_count(cmd):
    # ISO/TC 207/SC 1: ISO 14001:2004 (1), ISO 14001:2015 (12), ISO 14004:2016 (18) → n = 3 (odd): median 12;
    # m = 2: q1 at 0.5 → 1 + 0.5·11 = 6.5, q3 at 1.5 → 12 + 0.5·6 = 15.
    # IEC 60300-1:2014 has no committee → "—", sorted after the letters.
    assert as_json(cmd, "lag")["by_committee"] == [
        {"committee": "ISO/TC 176/SC 2", "n": 1, "median": 15, "q1": 15, "q3": 15},
        {"committee": "ISO/TC 207/SC 1", "n": 3, "median": 12, "q1": 6.5, "q3": 15},
        {"committee": "ISO/TC 301", "n": 1, "median": 26, "q1": 26, "q3": 26},
        {"committee": "—", "n": 1, "median": -2, "q1": -2, "q3": -2},
    ]


def test_lag_quartiles_follow_python_statistics(cmd):
    # the same numbers by the library the contract names (a cross-check of the hand working above)
    values = [-2, 1, 12, 15, 18, 26]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    overall = as_json(cmd, "lag")["overall"]
    assert (overall["q1"], overall["median"], overall["q3"]) == (q1, statistics.median(values), q3)


def test_lag_neq_only_by_degree(cmd):
    # --degree NEQ: only NEQ counts, so the one NEQ pair N7 (98 months) and no missing dates
    data = as_json(cmd, "lag", "--degree", "NEQ")
    assert [(p["national"], p["international"], p["degree"], p["lag_months"], p["lag_effective_months"])
            for p in data["pairs"]] == [("GB/T 24031-2021", "ISO 14031:2013", "NEQ", 98, 105)]
    # effective: 2013-07-15 → 2022-05-01: (2022 − 2013)·12 = 108, + (5 − 7) = 106, − 1 (1 < 15) = 105
    assert data["missing_dates"] == 0


def test_lag_neq_added_to_defaults(cmd):
    data = as_json(cmd, "lag", "--degree", "IDT", "--degree", "MOD", "--degree", "NEQ")
    assert len(data["pairs"]) == 7 and data["missing_dates"] == 2
    # year 2021 now holds N7 alone
    assert {"year": 2021, "n": 1, "median": 98, "q1": 98, "q3": 98} in data["by_year"]


def test_lag_other_level_and_doc_type(cmd):
    # --level group: only T/CAS 123-2020 → ISO 14001:2015, 51 months
    data = as_json(cmd, "lag", "--level", "group")
    assert [(p["national"], p["lag_months"]) for p in data["pairs"]] == [("T/CAS 123-2020", 51)]
    # --doc-type TS: GB/Z 24072-2020 (2020-06-02) ← ISO/TS 14072:2014 (2014-12-01): 72 − 6 + 0 = 66 (2 ≥ 1)
    data = as_json(cmd, "lag", "--doc-type", "TS")
    assert [(p["national"], p["lag_months"]) for p in data["pairs"]] == [("GB/Z 24072-2020", 66)]


def test_lag_as_of(cmd):
    # national issue on or before 2016-12-31: N1 (2016-10-13), N4 (2016-12-30), N5 (2014), N9 (2004);
    # N11 has no national date: kept and counted missing; N6 (issued 2021) is out before its dates are looked at
    data = as_json(cmd, "lag", "--as-of", "2016-12-31")
    assert [p["national"] for p in data["pairs"]] == [
        "GB/T 19001-2016", "GB/T 24001-2004", "GB/T 24001-2016", "GB/T 2900.99-2014"]
    assert data["missing_dates"] == 1
    # lags 15, 1, 12, −2 → sorted −2 1 12 15: median 6.5; m = 3: q1 at 0.75 → −2 + 0.75·3 = 0.25,
    # q3 at 2.25 → 12 + 0.25·3 = 12.75; mean 26/4 = 6.5
    assert data["overall"] == {"n": 4, "median": 6.5, "q1": 0.25, "q3": 12.75, "mean": 6.5}
    assert data["rules"]["as_of"] == "2016-12-31"


def test_lag_scope(cmd):
    # --committee ISO/TC 207 covers its subcommittees: the three SC 1 pairs
    data = as_json(cmd, "lag", "--committee", "ISO/TC 207")
    assert [p["international"] for p in data["pairs"]] == ["ISO 14001:2004", "ISO 14001:2015", "ISO 14004:2016"]
    # ISO 14050:2020 is also TC 207 (no issue date) → one missing
    assert data["missing_dates"] == 1


def test_lag_csv_and_text(cmd):
    rows = list(csv.reader(io.StringIO(cmd("lag", "--csv").stdout)))
    assert rows[0] == ["national", "international", "degree", "national_issued", "national_effective",
                       "international_issued", "committees", "lag_months", "lag_effective_months"]
    assert len(rows) == 7
    assert rows[5] == ["GB/T 24004-2017", "ISO 14004:2016", "IDT", "2017-09-01", "", "2016-03-01",
                       "ISO/TC 207/SC 1", "18", ""]
    text = cmd("lag").stdout
    for words in ("中位数", "median", "By year of national issue", "按国家标准发布年份", "ISO/TC 301",
                  "缺少发布日期未计: 2", "国家标准早于国际标准发布: 1"):
        assert words in text


def test_lag_output_is_deterministic(cmd):
    assert cmd("lag", "--json").stdout == cmd("lag", "--json").stdout


# -- share -----------------------------------------------------------------------------------------------------------
# National standards in force as recorded (status current, national level; N9 superseded and the group
# standard G1 out): N1 N2 N3 N4 N5 N6 N7 N8 N10 N11 = 10.
# Adopting (IDT/MOD on an ISO, IEC or ISO/IEC standard, any document type): N1 N2 N3 N4 N5 N6 N8 N11 = 8
# (N7 is NEQ only, N10 adopts nothing). Share 8/10 = 0.8.
def test_share_totals(cmd):
    data = as_json(cmd, "share")
    assert (data["national"], data["adopting"], data["share"]) == (10, 8, 0.8)
    assert data["rules"]["levels"] == ["national"]


def test_share_by_ics_field(cmd):
    # ICS fields: 01 N6 (adopts); 03 N3 N4 N5 (all adopt); 13 N1 N2 N7 N8 N10 (N1 N2 N8 adopt: 3/5);
    # 27 N3; — N11 (no ICS). N3 is in 03 and 27: the rows add up to 11.
    rows = [(r["key"], r["national"], r["adopting"], r["share"]) for r in as_json(cmd, "share")["by_sector"]]
    assert rows == [("01", 1, 1, 1.0), ("03", 3, 3, 1.0), ("13", 5, 3, 0.6), ("27", 1, 1, 1.0), ("—", 1, 1, 1.0)]


def test_share_by_ccs_field(cmd):
    # CCS first letters: A N4; F N3; K N5; Z N1 N2 N6 N7 N8 N10 (adopting N1 N2 N6 N8: 4/6 = 0.666667); — N11
    data = as_json(cmd, "share", "--sector", "ccs")
    rows = [(r["key"], r["national"], r["adopting"], r["share"]) for r in data["by_sector"]]
    assert rows == [("A", 1, 1, 1.0), ("F", 1, 1, 1.0), ("K", 1, 1, 1.0), ("Z", 6, 4, 0.666667), ("—", 1, 1, 1.0)]
    assert data["by_sector"][3]["label"].startswith("环境保护")


def test_share_neq_counts_when_asked(cmd):
    # --degree NEQ alone: only N7 adopts at a counted degree → 1 of 10
    data = as_json(cmd, "share", "--degree", "NEQ")
    assert (data["national"], data["adopting"], data["share"]) == (10, 1, 0.1)


def test_share_body(cmd):
    # --body IEC: only N5 adopts an IEC standard
    data = as_json(cmd, "share", "--body", "IEC")
    assert (data["national"], data["adopting"]) == (10, 1)


def test_share_as_of(cmd):
    # in force on 2016-12-31 (start = implementation date, else issue date, else the designation year's end):
    #   N5 started 2015-01-01 (adopts), N10 started 2016-01-01 (adopts nothing), N9 started 2005-05-15 and its
    #   successor N1 starts only 2017-05-01 (adopts); N1 N4 start in 2017, the rest later; N11 (no dates) at
    #   2019-12-31. → 3 national, 2 adopting.
    data = as_json(cmd, "share", "--as-of", "2016-12-31")
    assert (data["national"], data["adopting"], data["share"]) == (3, 2, 0.666667)
    # on 2017-06-30: N1 has started (2017-05-01) and so replaced N9; N4 starts 2017-07-01, N2 2017-09-01
    #   → N1 N5 N10: 3 national, 2 adopting (N1, N5)
    data = as_json(cmd, "share", "--as-of", "2017-06-30")
    assert (data["national"], data["adopting"]) == (3, 2)
    assert [(r["key"], r["national"], r["adopting"]) for r in data["by_sector"]] == [("03", 1, 1), ("13", 2, 1)]


def test_share_csv(cmd):
    rows = list(csv.reader(io.StringIO(cmd("share", "--csv").stdout)))
    assert rows[0] == ["sector", "label", "national", "adopting", "share"]
    assert rows[1] == ["ALL", "all sectors", "10", "8", "0.800000"]
    assert rows[4] == ["13", "", "5", "3", "0.600000"]


def test_share_text(cmd):
    text = cmd("share").stdout
    assert "采标率: 80.0 %" in text and "(8 of 10" in text


# -- errors -------------------------------------------------------------------------------------------------------
def test_share_rejects_scope_switches(catalogue, run_in):
    result = run_in(catalogue, "share", "--ics", "13")
    assert result.exit_code == 2 and "do not apply" in result.output


@pytest.mark.parametrize("args", [("lag", "--json", "--csv"), ("share", "--sector", "xyz"),
                                  ("lag", "--as-of", "yesterday"), ("lag", "--degree", "ABC")])
def test_usage_errors(catalogue, run_in, args):
    assert run_in(catalogue, *args).exit_code == 2


def test_empty_store(empty_store, run):
    data = json.loads(run("lag", "--json").stdout)
    assert data["pairs"] == [] and data["overall"]["n"] == 0 and data["overall"]["median"] is None
    data = json.loads(run("share", "--json").stdout)
    assert (data["national"], data["adopting"], data["share"], data["by_sector"]) == (0, 0, 0.0, [])
