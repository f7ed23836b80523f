"""`stdmap report target`: progress against a goal (a rate or a count of standards by a date).

The count measure is checked on a small hand-made catalogue written below, with every number worked out by
hand in the comments; the rate measure against `stdmap rate --series --json` on the bundled knowledge base;
the shipped targets render from the bundled knowledge base in both languages, and the rate target from the
complete ISO + IEC catalogues. Markdown is compared with golden files (tests/golden/target_small.*.md);
regenerate them after an intended change with

    STDMAP_UPDATE_GOLDEN=1 pytest tests/test_report_target.py -k golden

and review the diff before committing it.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

import lxml.html
import pytest
from support import check_golden, command_json, invoke, normalise_paths, table_rows

from mapper.labels import LANGS, table
from mapper.report.target import (
    Goal,
    available_targets,
    load_target,
    parse_goal,
    trajectory,
)
from mapper.resources import resource_dir

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "<script>alert(1)</script> & 碳足迹 \"引号\" 'x'"

# -- the hand-made catalogue ----------------------------------------------------------------------------------
# Three international standards; ISO 14067:2018 and ISO 14064-1:2018 are classified under ICS 13.020.40.
INTERNATIONAL = """designation,title_en,status,issued,withdrawn,ics,committee,replaces,replaced_by,source,confidence,note
ISO 14067:2018,Greenhouse gases - Carbon footprint of products,current,2018-08-15,,13.020.40,ISO/TC 207/SC 7,,,https://example.org/stdmap-test,H,invented
ISO 14064-1:2018,Greenhouse gases - Part 1: Organization level,current,2018-12-15,,13.020.40,ISO/TC 207/SC 7,,,https://example.org/stdmap-test,H,invented
ISO 9001:2015,Quality management systems - Requirements,current,2015-09-15,,03.120.10,ISO/TC 176/SC 2,,,https://example.org/stdmap-test,H,invented
"""
# The scope of the count test: ICS 13.020.40, the work ISO 14067 (every edition) and the national standard
# GB/T 99001-2019 by name (--ics 13.020.40 --standard "ISO 14067" --standard "GB/T 99001-2019"), country CN.
# Each national standard, the interval in which it is in force ([start, end): start = implementation date,
# else issue date; end = withdrawal, or the successor's implementation date) and why it is (not) in scope:
#   90001-2019  [2019-12-01, –)           adopts ISO 14067:2018 IDT                 in scope (adoption)
#   90002-2020  [2020-07-01, 2021-06-30)  adopts ISO 14067:2018 NEQ                 in scope (adoption, any degree)
#   90003-2021  [2022-01-01, –)           ICS 13.020.40, hostile title              in scope (own ICS)
#   90004-2015  [2016-01-01, 2022-10-01)  ICS 13.020.40, replaced by 90004-2022     in scope (own ICS)
#   90004-2022  [2022-10-01, –)           ICS 13.020.40                             in scope (own ICS)
#   99001-2019  [2019-03-01, –)           no ICS, no adoption; issue date only      in scope (listed)
#   90005-2023  [2023-05-01, –)           adopts ISO 9001:2015 IDT, ICS 03.120.10   out of scope
#   90006-2024  [2025-03-01, –)           adopts ISO 14064-1:2018 MOD               in scope, not yet in force
#   90007-2018  never                     ICS 13.020.40, recorded superseded, no end date: never counted
#   90010-2024  [2024-07-01, –)           corresponds to ISO 14067:2018, degree not established: in scope
#   90011-2023  [2023-09-01, –)           ICS 13.020.40                             in scope (own ICS)
#   JIS Q 14067:2023 [2023-03-20, –)      adopts ISO 14067:2018 IDT                 Japan: not counted for CN
NATIONAL = """designation,title_zh,title_en,status,issued,effective,withdrawn,ics,committee,replaces,replaced_by,adopted,degree,source,confidence,note
GB/T 90001-2019,温室气体 产品碳足迹 量化要求,,current,2019-05-10,2019-12-01,,,,,,ISO 14067:2018,IDT,https://example.org/stdmap-test,H,invented
GB/T 90002-2020,产品碳足迹 电池,,withdrawn,2020-03-01,2020-07-01,2021-06-30,,,,,ISO 14067:2018,NEQ,https://example.org/stdmap-test,H,invented
GB/T 90003-2021,"<script>alert(1)</script> & 碳足迹 ""引号"" 'x'",,current,2021-06-01,2022-01-01,,13.020.40,,,,,none,https://example.org/stdmap-test,H,invented
GB/T 90004-2015,碳足迹 通则（旧版）,,superseded,2015-06-01,2016-01-01,,13.020.40,,,GB/T 90004-2022,,none,https://example.org/stdmap-test,H,invented
GB/T 90004-2022,碳足迹 通则,Carbon footprint - General rules,current,2022-03-01,2022-10-01,,13.020.40,,GB/T 90004-2015,,,none,https://example.org/stdmap-test,H,invented
GB/T 99001-2019,列入范围的标准,,current,2019-03-01,,,,,,,,none,https://example.org/stdmap-test,H,invented
GB/T 90005-2023,质量管理体系 要求,,current,2023-01-01,2023-05-01,,03.120.10,,,,ISO 9001:2015,IDT,https://example.org/stdmap-test,H,invented
GB/T 90006-2024,温室气体 组织层面,,forthcoming,2024-09-01,2025-03-01,,,,,,ISO 14064-1:2018,MOD,https://example.org/stdmap-test,H,invented
GB/T 90007-2018,碳足迹 已被代替（无日期）,,superseded,2018-03-01,2018-06-01,,13.020.40,,,,,none,https://example.org/stdmap-test,H,invented
GB/T 90010-2024,产品碳足迹 光伏组件,,current,2024-05-01,2024-07-01,,,,,,ISO 14067:2018,unknown,https://example.org/stdmap-test,H,invented
GB/T 90011-2023,温室气体 核算 通则,,current,2023-04-01,2023-09-01,,13.020.40,,,,,none,https://example.org/stdmap-test,H,invented
JIS Q 14067:2023,,Carbon footprint of products,current,2023-03-20,,,,,,,ISO 14067:2018,IDT,https://example.org/stdmap-test,H,invented
"""
SCOPE = ("--country", "CN", "--ics", "13.020.40", "--standard", "ISO 14067", "--standard", "GB/T 99001-2019")
# Counted at each year end (as of 2024-12-31, since 2018):
#   2018: 90004-2015                                                    = 1
#   2019: 90004-2015, 90001 (from 1 Dec), 99001 (from 1 Mar)            = 3
#   2020: + 90002 (from 1 Jul)                                          = 4
#   2021: 90002 withdrawn 30 Jun; 90003 only from 2022-01-01            = 3
#   2022: 90004-2015 replaced on 1 Oct by 90004-2022; + 90003           = 4  (90001, 90003, 90004-2022, 99001)
#   2023: + 90011 (from 1 Sep); 90005 is out of scope                   = 5
#   2024: + 90010 (from 1 Jul); 90006 starts only on 2025-03-01         = 6
SERIES = {2018: 1, 2019: 3, 2020: 4, 2021: 3, 2022: 4, 2023: 5, 2024: 6}
COUNTED = ["GB/T 90001-2019", "GB/T 90003-2021", "GB/T 90004-2022", "GB/T 90010-2024", "GB/T 90011-2023",
           "GB/T 99001-2019"]
# Goals, sorted by date. Current = 6 on 2024-12-31; pace = (6 − 3 on 2021-12-31) / 3 = 1.0 a year.
#   1: 6 by 2022-12-31: passed; the value on that day was 4 < 6                  → missed, gap 6 − 6 = 0
#   2: 5 by 2023-12-31: passed; the value on that day was 5 ≥ 5                  → met, gap 5 − 6 = −1
#   3: 6 by 2025-12-31: 12 months = 1 year left; current 6 ≥ 6 already           → met, gap 0, needed 0,
#                       projected 6 + 1 × 1 = 7
#   4: 8 by 2026-12-31: 2 years left; gap 2, needed 2 / 2 = 1 a year; projected 6 + 1 × 2 = 8 ≥ 8 → on track
#   5: 12 by 2027-12-31: 3 years left; gap 6, needed 6 / 3 = 2 a year; projected 6 + 1 × 3 = 9 < 12 → behind
GOALS = ("--goal", "6@2022-12-31", "--goal", "5@2023-12-31", "--goal", "6@2025-12-31", "--goal", "8@2026-12-31",
         "--goal", "12@2027-12-31")
EXPECTED_GOALS = [
    # n, goal, by, gap, years left, needed per year, projected, value on its date, status
    (1, 6, "2022-12-31", 0, None, None, None, 4, "missed"),
    (2, 5, "2023-12-31", -1, None, None, None, 5, "met"),
    (3, 6, "2025-12-31", 0, 1.0, 0.0, 7.0, None, "met"),
    (4, 8, "2026-12-31", 2, 2.0, 1.0, 8.0, None, "on_track"),
    (5, 12, "2027-12-31", 6, 3.0, 2.0, 9.0, None, "behind"),
]


def make_store(where: Path, *files: tuple[str, str], empty: bool = True) -> str:
    store = str(where / "store")
    result = invoke("init", *(["--empty"] if empty else []), "--store", store)
    assert result.exit_code == 0, result.output
    for name, text in files:
        path = where / name
        path.write_text(text, encoding="utf-8")
        result = invoke("import", "--store", store, str(path))
        assert result.exit_code == 0, result.output
    return store


def run_report(store: str, out: Path, *args: str, lang: str = "en", slug: str = "target-count") -> dict:
    result = invoke("report", "target", "--store", store, "--out", str(out), "--lang", lang, *args)
    assert result.exit_code == 0, result.output
    html = (out / f"{slug}.{lang}.html").read_text(encoding="utf-8")
    md = out / f"{slug}.{lang}.md"
    return {"html": html, "md": md.read_text(encoding="utf-8") if md.is_file() else None,
            "json": json.loads((out / f"{slug}.json").read_text(encoding="utf-8")),
            "tree": lxml.html.fromstring(html), "output": result.output}






def figure(tree, key: str, attr: str = "data-value") -> str:
    (node,) = tree.xpath(f'//*[@id="fig-{key}"]')
    return node.get(attr)


def num(text: str) -> float | None:
    return None if text == "" else float(text)


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    """The hand-made catalogue in a store of its own, and the count report as of 2024-12-31 in both languages."""
    base = tmp_path_factory.mktemp("target-hand")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        store = make_store(base, ("international.csv", INTERNATIONAL), ("national.csv", NATIONAL))
        args = ("--as-of", "2024-12-31", "--since", "2018", "--top", "4", *SCOPE, *GOALS)
        reports = {lang: run_report(store, base / "out", *args, lang=lang) for lang in LANGS}
    return {"store": store, "base": base, "args": args, **reports}


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    base = tmp_path_factory.mktemp("target-bundled")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(base / "guard-store"))
        store = make_store(base, empty=False)
    return {"store": store, "base": base}


# -- (1) the count measure, by hand ---------------------------------------------------------------------------
def test_count_series_by_hand(hand):
    tree = hand["en"]["tree"]
    rows = table_rows(tree, "series")
    assert [(r["date"], int(r["count"])) for r in rows] == [(f"{y}-12-31", n) for y, n in SERIES.items()]
    assert [r["change"] for r in rows] == ["", "2", "1", "-1", "1", "1", "1"]
    assert [p["count"] for p in hand["en"]["json"]["tables"]["series"]["rows"]] == list(SERIES.values())


def test_count_current_and_pace_by_hand(hand):
    tree = hand["en"]["tree"]
    assert figure(tree, "current") == "6" and figure(tree, "current", "data-date") == "2024-12-31"
    assert figure(tree, "current", "data-measure") == "count"
    assert num(figure(tree, "pace")) == 1.0
    assert figure(tree, "pace", "data-from") == "2021-12-31" and figure(tree, "pace", "data-from-value") == "3"
    f = hand["en"]["json"]["figures"]
    assert f["current"] == {"date": "2024-12-31", "value": 6}
    assert f["pace"] == {"value": 1.0, "from": "2021-12-31", "from_value": 3, "years": 3}
    assert f["statuses"] == {"met": 2, "on_track": 1, "behind": 1, "missed": 1}


def test_count_goals_by_hand(hand):
    tree = hand["en"]["tree"]
    rows = table_rows(tree, "goals")
    got = [(int(r["n"]), int(r["goal"]), r["by"], int(r["gap"]), num(r["years_left"]), num(r["needed_per_year"]),
            num(r["projected"]), None if r["value_on_date"] == "" else int(r["value_on_date"]), r["status"])
           for r in rows]
    assert got == EXPECTED_GOALS
    assert all(int(r["current"]) == 6 and num(r["pace"]) == 1.0 for r in rows)
    # behind and missed goals are highlighted rows
    classes = [tr.get("class") for tr in tree.xpath('//table[@id="t-goals"]/tbody/tr')]
    assert classes == ["diff", None, None, None, "diff"]
    for n, goal, by, gap, _years, needed, projected, _value, status in EXPECTED_GOALS:
        assert figure(tree, f"goal-{n}", "data-status") == status
        assert (int(figure(tree, f"goal-{n}", "data-goal")), figure(tree, f"goal-{n}", "data-by")) == (goal, by)
        assert int(figure(tree, f"goal-{n}", "data-gap")) == gap
        assert num(figure(tree, f"goal-{n}", "data-needed")) == needed
        assert num(figure(tree, f"goal-{n}", "data-projected")) == projected
    goals = hand["en"]["json"]["figures"]["goals"]
    assert [(g["n"], g["goal"], g["by"], g["gap"], g["years_left"], g["needed_per_year"], g["projected"],
             g["value_on_date"], g["status"]) for g in goals] == EXPECTED_GOALS


def test_counted_standards_on_the_as_of_date(hand, tmp_path):
    """The first --top rows in the page, all of them in the CSV and JSON; each with why it counts."""
    tree = hand["en"]["tree"]
    rows = table_rows(tree, "counted")
    assert [r["national"] for r in rows] == COUNTED[:4]
    assert int(figure(tree, "current")) == len(COUNTED)
    every = hand["en"]["json"]["tables"]["counted"]["rows"]
    assert [r["national"] for r in every] == COUNTED
    by_id = {r["national"]: r for r in every}
    assert by_id["GB/T 90001-2019"]["adopts"] == ["ISO 14067:2018 (IDT)"]
    assert by_id["GB/T 90010-2024"]["adopts"] == ["ISO 14067:2018 (?)"], "a correspondence of unknown degree counts"
    assert (by_id["GB/T 90001-2019"]["by_adoption"], by_id["GB/T 90001-2019"]["by_own"]) == (True, False)
    assert (by_id["GB/T 90003-2021"]["by_adoption"], by_id["GB/T 90003-2021"]["by_own"]) == (False, True)
    assert by_id["GB/T 99001-2019"]["by_own"] and by_id["GB/T 99001-2019"]["start"] == "2019-03-01"
    csv_text = (hand["base"] / "out" / "target-count-csv" / "counted.csv").read_text(encoding="utf-8")
    assert len(csv_text.strip().splitlines()) == 1 + len(COUNTED)
    assert "Showing the first 4 of 6 rows" in hand["en"]["md"]


def test_count_without_country_adds_the_japanese_standard(hand, tmp_path):
    """JIS Q 14067:2023 (in force from 2023-03-20) counts once the country is not fixed: 2023 → 6, 2024 → 7."""
    args = [a for a in SCOPE if a not in ("--country", "CN")]
    out = run_report(hand["store"], tmp_path, "--as-of", "2024-12-31", "--since", "2022", *args,
                     "--goal", "8@2026-12-31", "--format", "html", "--format", "json")
    assert [(r["date"], int(r["count"])) for r in table_rows(out["tree"], "series")] == \
        [("2022-12-31", 4), ("2023-12-31", 6), ("2024-12-31", 7)]


def test_count_without_scope_is_the_share_commands_national_count(bundled, tmp_path):
    """With no scope, every national standard in force counts: the `national` of `stdmap share --as-of`."""
    out = run_report(bundled["store"], tmp_path, "--country", "CN", "--as-of", "2024-06-30", "--since", "2021",
                     "--goal", "100@2030", "--format", "html", "--format", "json")
    rows = table_rows(out["tree"], "series")
    assert [r["date"] for r in rows] == ["2021-12-31", "2022-12-31", "2023-12-31", "2024-06-30"]
    for r in rows:
        share = command_json(bundled["store"], "share", "--country", "CN", "--as-of", r["date"])
        assert int(r["count"]) == share["national"], r["date"]


def test_chart_has_actual_needed_and_goal_markers(hand):
    chart = hand["en"]["json"]["charts"]["trajectory"]
    # year ends 2018–2024 (2024-12-31 is the as-of date), then on to the last goal's year
    assert chart["x"] == [str(y) for y in range(2018, 2028)]
    assert chart["series"][0]["values"] == [1, 3, 4, 3, 4, 5, 6, None, None, None]
    needed = {s["label_values"]["n"]: s["values"] for s in chart["series"][1:]}
    assert set(needed) == {3, 4, 5} and all(s["dashed"] for s in chart["series"][1:])
    # goal 5: from 6 at the end of 2024 to 12 at the end of 2027, 2 a year
    assert needed[5] == [None] * 6 + [6, 8.0, 10.0, 12]
    assert [(m["x"], m["value"]) for m in chart["markers"]] == [("2022", 6), ("2023", 5), ("2025", 6), ("2026", 8),
                                                                ("2027", 12)]
    svg = hand["en"]["tree"].xpath('//figure[@id="chart-trajectory"]//svg')
    assert svg and len(svg[0].xpath('.//*[contains(@class, "marker")]')) >= 5


# -- (4) each status, also for the rate measure ---------------------------------------------------------------
def test_trajectory_statuses():
    as_of = _dt.date(2024, 12, 31)
    rate = Goal(0.5, _dt.date(2026, 12, 31), "rate")
    assert trajectory(rate, 0.5, as_of, 0.0, None)["status"] == "met"
    assert trajectory(rate, 0.4, as_of, 0.05, None)["status"] == "on_track"  # 0.4 + 0.05 × 2 = 0.5
    assert trajectory(rate, 0.4, as_of, 0.04, None)["status"] == "behind"
    assert trajectory(rate, 0.4, as_of, None, None)["status"] == "behind", "no pace: no projection"
    passed = Goal(0.5, _dt.date(2023, 12, 31), "rate")
    assert trajectory(passed, 0.6, as_of, 0.1, 0.49)["status"] == "missed", "judged on its own date"
    assert trajectory(passed, 0.1, as_of, -0.1, 0.5)["status"] == "met"
    same_day = Goal(3, as_of, "count")
    assert trajectory(same_day, 3, as_of, 1.0, 3)["status"] == "met"


def test_rate_goal_on_the_bundled_knowledge_base_is_computed_from_the_rate_series(bundled, tmp_path):
    """(2) The series is `stdmap rate --series`; current, pace, needed and projection follow from it."""
    store = bundled["store"]
    out = run_report(store, tmp_path, "--country", "CN", "--as-of", "2024-12-31", "--since", "2014",
                     "--goal", "85%@2025-12-31", "--goal", "20%@2020-12-31", slug="target-rate")
    expected = command_json(store, "rate", "--country", "CN", "--series", "2014:2024")["series"]
    rows = table_rows(out["tree"], "series")
    assert [(r["date"], int(r["denominator"]), int(r["adopted"]), float(r["rate"])) for r in rows] == \
        [(p["date"], p["denominator"], p["adopted"], p["rate"]) for p in expected]
    by_date = {p["date"]: p["rate"] for p in expected}
    current, base = by_date["2024-12-31"], by_date["2021-12-31"]
    assert float(figure(out["tree"], "current")) == current
    assert int(figure(out["tree"], "current", "data-denominator")) == expected[-1]["denominator"]
    pace = (current - base) / 3
    assert float(figure(out["tree"], "pace")) == round(pace, 6)
    goals = {int(r["n"]): r for r in table_rows(out["tree"], "goals")}
    # goal 1: 20 % by 2020-12-31, judged on the value of that day
    assert float(goals[1]["value_on_date"]) == by_date["2020-12-31"]
    assert goals[1]["status"] == ("met" if by_date["2020-12-31"] >= 0.2 else "missed")
    # goal 2: 85 % by 2025-12-31, one year ahead
    assert float(goals[2]["gap"]) == round(0.85 - current, 6)
    assert float(goals[2]["needed_per_year"]) == round(0.85 - current, 6)
    assert float(goals[2]["projected"]) == round(current + pace, 6)
    assert goals[2]["status"] == "behind"
    assert out["json"]["charts"]["trajectory"]["x"][-1] == "2025"


# -- (3) the shipped targets -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["cn-carbon-footprint", "cn-conversion-rate"])
def test_shipped_targets_render_in_both_languages(bundled, tmp_path, name):
    target = load_target(name)
    pages = {lang: run_report(bundled["store"], tmp_path, "--target", name, "--as-of", "2026-06-30", lang=lang,
                              slug=f"target-{name}") for lang in LANGS}
    en, zh = pages["en"], pages["zh"]
    assert en["json"] == zh["json"], "one language-neutral context"
    assert en["tree"].xpath("//h1")[0].text_content() == f"Target tracking: {target.title_en}"
    assert zh["tree"].xpath("//h1")[0].text_content() == f"目标跟踪：{target.title_zh}"
    assert "Goals and progress" in en["md"] and "目标与进展" in zh["md"] and "Goals and progress" not in zh["md"]
    assert [g["by"] for g in en["json"]["figures"]["goals"]] == [g.by.isoformat() for g in target.goals]
    assert all(g["sources"] for g in en["json"]["figures"]["goals"]), "every goal carries its source"
    assert en["json"]["figures"]["target"]["name"] == name
    assert en["tree"].xpath('//*[@id="target-about"]//a'), "the target's sources are linked"
    rules = en["tree"].xpath('//ul[@id="rules-en"]/li')
    assert any("Trajectory" in li.text_content() for li in rules)
    if target.measure == "count":
        assert any("Counted:" in li.text_content() for li in rules)
        # GB/T 24067-2024 (ISO 14067:2018, degree not established) counts from its implementation date
        counted = [r["national"] for r in en["json"]["tables"]["counted"]["rows"]]
        assert "GB/T 24067-2024" in counted and "GB/T 24040-2008" in counted
        assert "GB/T 32151.5-2015" not in counted, "GHG accounting of enterprises is not a product footprint"
    else:
        assert "counted" not in en["json"]["tables"]


def test_shipped_targets_are_listed_and_carry_sources():
    assert {"cn-carbon-footprint", "cn-conversion-rate"} <= set(available_targets())
    for name in available_targets():
        target = load_target(name)
        assert target.goals and all(g.sources for g in target.goals) and target.title_zh
    rate = load_target("cn-conversion-rate")
    assert (rate.measure, [(g.value, g.by) for g in rate.goals]) == ("rate", [(0.85, _dt.date(2025, 12, 31))])
    cfp = load_target("cn-carbon-footprint")
    assert (cfp.measure, cfp.country, cfp.scope) == ("count", "CN", "carbon-footprint-ghg")
    assert [(g.value, g.by) for g in cfp.goals] == [(50, _dt.date(2025, 12, 31)), (200, _dt.date(2030, 12, 31))]
    result = invoke("report", "target", "--list")
    assert result.exit_code == 0, result.output
    assert "cn-conversion-rate\trate\t85%@2025-12-31" in result.output


# -- (5) errors -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "message"), [
    (("--goal", "85%@2025-13-01"), "not a date: '2025-13-01'"),
    (("--goal", "abc@2025-12-31"), "'abc' is neither a count"),
    (("--goal", "85%"), "expected VALUE@DATE"),
    (("--goal", "150%@2025"), "at most 100%"),
    (("--goal", "85%@2025", "--goal", "50@2030"), "must share one measure"),
    (("--target", "no-such-target"), "no target 'no-such-target'; shipped targets: cn-carbon-footprint"),
    (("--target", "cn-conversion-rate", "--goal", "50@2030"), "either --target or --goal"),
    (("--target", "cn-conversion-rate", "--country", "JP"), "leave out --country"),
    ((), "no goal"),
    (("--goal", "50@2030", "--as-of", "2024-12-31", "--since", "2025"), "--since 2025"),
])
def test_bad_input_exits_2_with_a_clear_message(tmp_path, args, message):
    result = invoke("report", "target", "--store", ":memory:", "--out", str(tmp_path), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir()), "nothing written"


def test_goal_parsing():
    assert parse_goal("85.5%@2025-06") == Goal(0.855, _dt.date(2025, 6, 30), "rate", (), "85.5%@2025-06")
    assert parse_goal(" 50 @ 2030 ").value == 50
    with pytest.raises(ValueError, match="at least 1"):
        parse_goal("0@2030")


# -- (6) golden Markdown, (7) escaping, stability ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_golden(hand, lang):
    md = normalise_paths(hand[lang]["md"], hand["base"])
    golden = GOLDEN / f"target_small.{lang}.md"
    check_golden(md, golden)


def test_html_escapes_titles(hand):
    for lang in LANGS:
        html, tree = hand[lang]["html"], hand[lang]["tree"]
        assert len(tree.xpath("//script")) == 1, "only the page's own script"
        text = tree.xpath('//table[@id="t-counted"]')[0].text_content()
        assert HOSTILE in text and "温室气体 产品碳足迹 量化要求" in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 碳足迹" in html
        assert "<script>alert" not in html


def test_markdown_keeps_titles_literally(hand):
    for lang in LANGS:
        md = hand[lang]["md"]
        assert f"| {HOSTILE} |" in md and "| 温室气体 产品碳足迹 量化要求 |" in md
        assert "&lt;" not in md and "&amp;" not in md


@pytest.mark.parametrize("name", ["target/target.html.j2", "target/target.md.j2"])
def test_every_label_the_templates_use_exists(name):
    """t("key") with a literal key resolves in both languages (a missing one would fail only when that part
    of the page renders, e.g. the target's sources)."""
    source = (resource_dir("reports") / name).read_text(encoding="utf-8")
    keys = set(re.findall(r"""\bt\(\s*["']([^"']+)["']\s*[,)]""", source))
    labels = table("target")
    assert keys and not sorted(k for k in keys if k not in labels)
    assert all(f"status.{s}" in labels for s in ("met", "on_track", "behind", "missed"))


def test_languages_differ_in_labels_not_numbers(hand):
    en, zh = hand["en"], hand["zh"]
    assert en["json"] == zh["json"]
    assert "Recent pace per year" in en["md"] and "近期每年变化" in zh["md"]
    assert "on track" in en["md"] and "按计划推进" in zh["md"] and "on track" not in zh["md"]
    assert table_rows(en["tree"], "goals") == table_rows(zh["tree"], "goals")
    assert "2024年12月31日" in zh["md"] and "31 Dec 2024" in en["md"]


def test_output_is_byte_stable(hand, tmp_path):
    again = tmp_path / "again"
    for lang in LANGS:
        result = invoke("report", "target", "--store", hand["store"], "--out", str(again), "--lang", lang,
                        *hand["args"])
        assert result.exit_code == 0, result.output
        for name in (f"target-count.{lang}.html", f"target-count.{lang}.md", f"target-count.{lang}.xlsx",
                     "target-count.json"):
            assert (again / name).read_bytes() == (hand["base"] / "out" / name).read_bytes(), name
    for path in (hand["base"] / "out" / "target-count-csv").iterdir():
        assert (again / "target-count-csv" / path.name).read_bytes() == path.read_bytes(), path.name


# -- (8) the full ISO and IEC catalogues -------------------------------------------------------------------------
def test_rate_target_on_the_full_catalogues(full_store, tmp_path):
    """The conversion-rate target renders from the complete ISO + IEC catalogues (with the bundled knowledge
    base); its current value is `stdmap rate --country CN --as-of` on the same day."""
    store = str(full_store[0])
    out = run_report(store, tmp_path, "--target", "cn-conversion-rate", "--as-of", "2025-12-31", "--since", "2020",
                     lang="zh", slug="target-cn-conversion-rate")
    rate = command_json(store, "rate", "--country", "CN", "--as-of", "2025-12-31", "--by", "doc_type")
    tree = out["tree"]
    assert int(figure(tree, "current", "data-denominator")) == rate["denominator"] > 25_000
    assert int(figure(tree, "current", "data-adopted")) == rate["adopted"]
    assert float(figure(tree, "current")) == rate["rate"]
    assert len(table_rows(tree, "series")) == 6
    assert figure(tree, "goal-1", "data-status") == "missed"
