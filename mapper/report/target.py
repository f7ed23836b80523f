"""The target tracking report: progress against a stated goal, with the trajectory needed to reach it.

A goal is a value to reach by a date (`Goal(value, by)`). One report tracks one **measure**, shared by
all its goals (mixing them is an error):

* ``rate`` — the adoption (conversion) rate under the counting rules, a fraction (CLI ``--goal 85%@2025-12-31``).
  Its values are those of `mapper.rates.compute_series` — the numbers `stdmap rate --series` prints —
  every date answered by one query.
* ``count`` — how many national standards are in force on a date and belong to the scope (CLI
  ``--goal 50@2025-12-31``: a goal without ``%`` is a count). The rule is the SPARQL of
  ``queries/target_count.rq`` (its comment is the definition, `COUNT_RULE` says it in words): a national
  standard of the counted levels and country belongs to the scope when an Adoption claim says it adopts an
  in-scope international standard — whatever the claim's degree, NEQ and "not established" included,
  because the claim tells what the standard is about, not whether it is an adoption — or when it is
  classified under the scope's ICS prefixes or committees or listed in the scope itself; with no scope,
  every national standard counts. "In force on a date" is the rule of docs/analytics.md, word for word the
  one the rate applies to adopting standards (mapper.rates.NATIONAL_IN_FORCE_TEST is substituted in).
  The denominator switches (--body, --doc-type, --degree, --editions) do not apply to a count.

Named targets live in ``standards/targets/NAME.toml`` (`load_target`): measure, country, scope, titles, a
note and the goals, each with the sources it comes from. Two ship: ``cn-conversion-rate`` (the 85 % of the
2021 national standardization outline) and ``cn-carbon-footprint`` (about 50 national product
carbon-footprint accounting rules and standards by 2025, about 200 by 2030 — figures of the November 2023
Opinions on a product carbon-footprint management system, 发改环资〔2023〕1529号, not of the June 2024
implementation plan, which sets no counts; read in reprints, the issuers' own pages not reached). The carbon-footprint target
counts in the scope ``carbon-footprint-ghg`` (ISO/TC 207/SC 7 and the footprint/LCA standards): a national
standard counts when it adopts or corresponds to one of them. ``cfp-pilot-2024`` was not chosen: its ICS
codes and committees stand for whole product fields (tyres, cement, steel …), so every national tyre or
cement standard would count as a carbon-footprint standard.

Trajectory (decisions):

* Actual values at every year end from ``since`` (default: 10 years before the as-of year) up to the as-of
  date (default today), whose own value is the last point — the **current** value.
* Years between two dates = whole months between them (docs/analytics.md, `mapper.rules.months_between`)
  divided by 12, so 2023-12-31 → 2025-12-31 is exactly 2 years.
* For each goal: **gap** = goal − current; **needed per year** = gap / years left (none once the date has
  come); **pace** = the average yearly change over the last 3 years = (current − value on the same day
  three years before the as-of date) / 3 (29 Feb → 28 Feb); **projected** = current + pace × years left.
  For a rate these are fractions (percentage points when written); derived numbers are rounded to 6 decimals.
* **Status**: a goal whose date is on or before the as-of date is *met* when the value on its date reached
  it, else *missed*; a later goal is *met* when the current value reaches it already, *on track* when the
  projection reaches it, else *behind*. "Reaches" = ≥ (the outline's "85%以上", "about 50").
* The values on the pace's base date and on passed goal dates come from the same single query as the series.
* Chart: the actual series, one dashed "needed" line per goal still ahead (from the current point to the
  goal, straight), and a marker per goal; the x axis runs on to the last goal's year. A point is labelled
  by its year when it is a year end, else by its ISO date.
* Tables: the goals; the yearly series; for a count, the national standards counted on the as-of date
  (the first `top` in the page, all in the files).

>>> parse_goal("85%@2025-12-31")
Goal(value=0.85, by=datetime.date(2025, 12, 31), measure='rate', sources=(), text='85%@2025-12-31')
>>> parse_goal("50@2025").value, parse_goal("50@2025").by
(50, datetime.date(2025, 12, 31))
>>> years_between(_dt.date(2023, 12, 31), _dt.date(2025, 12, 31))
2.0
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from mapper.labels import Labels
from mapper.rates import (
    NATIONAL_IN_FORCE_TEST,
    _date,
    _literal,
    compute_series,
    load_query,
    scope_filter,
    strip_comments,
)
from mapper.report import Chart, Column, Report, Table, base_meta, slugify
from mapper.report.overview import point_label
from mapper.resources import named_toml
from mapper.rules import (
    CountingRules,
    ScopeError,
    load_scope,
    months_between,
    parse_date,
)
from mapper.store import Store

MEASURES = ("rate", "count")
STATUSES = ("met", "on_track", "behind", "missed")
DEFAULT_TOP = 25
DEFAULT_SPAN = 10  # years of history before the as-of year
PACE_YEARS = 3
_DIGITS = 6


@dataclass(frozen=True)
class Goal:
    """A value to reach by a date: a fraction for the rate measure, a whole number for a count."""

    value: float | int
    by: _dt.date
    measure: str
    sources: tuple[str, ...] = ()
    text: str = ""  # as written (CLI or target file), for messages


_NUMBER = re.compile(r"^\d+(\.\d+)?$")


def parse_goal(text: str, sources: Sequence[str] = ()) -> Goal:
    """`85%@2025-12-31` (a rate) or `50@2025-12-31` (a count); the date may also be `2025` or `2025-12`."""
    value_text, sep, date_text = str(text).strip().partition("@")
    if not sep or not value_text.strip() or not date_text.strip():
        raise ValueError(f"goal {text!r}: expected VALUE@DATE, e.g. 85%@2025-12-31 (a rate) or 50@2025-12-31 (a count)")
    value_text = value_text.strip()
    try:
        by = parse_date(date_text)
    except ValueError as exc:
        raise ValueError(f"goal {text!r}: {exc}") from None
    if value_text.endswith("%"):
        number = value_text[:-1].strip()
        if not _NUMBER.match(number):
            raise ValueError(f"goal {text!r}: {value_text!r} is not a percentage (e.g. 85% or 85.5%)")
        value = round(float(number) / 100, _DIGITS)
        if not 0 < value <= 1:
            raise ValueError(f"goal {text!r}: a rate goal must be above 0% and at most 100%")
        return Goal(value, by, "rate", tuple(sources), str(text).strip())
    if not value_text.isdigit():
        raise ValueError(f"goal {text!r}: {value_text!r} is neither a count (a whole number, e.g. 50) "
                         "nor a percentage (e.g. 85%)")
    if int(value_text) <= 0:
        raise ValueError(f"goal {text!r}: a count goal must be at least 1")
    return Goal(int(value_text), by, "count", tuple(sources), str(text).strip())


def check_goals(goals: Sequence[Goal]) -> tuple[str, list[Goal]]:
    """The one measure of `goals` and the goals sorted by date, then value; mixing measures is an error."""
    if not goals:
        raise ValueError("no goal: give --goal VALUE@DATE (85%@2025-12-31 or 50@2025-12-31) or --target NAME")
    measures = sorted({g.measure for g in goals})
    if len(measures) > 1:
        rate = next(g.text for g in goals if g.measure == "rate")
        count = next(g.text for g in goals if g.measure == "count")
        raise ValueError(f"all goals of one report must share one measure: {rate!r} is a rate (it has %), "
                         f"{count!r} a count (no %)")
    return measures[0], sorted(goals, key=lambda g: (g.by, g.value))


# -- named targets -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    name: str
    measure: str
    goals: tuple[Goal, ...]
    title_en: str
    title_zh: str
    country: str | None = None
    scope: str | None = None
    note_en: str = ""
    note_zh: str = ""
    sources: tuple[str, ...] = ()


def target_dir() -> Path:
    from mapper.resources import resource_dir

    return resource_dir("standards") / "targets"


def available_targets() -> list[str]:
    """Names of the shipped targets (standards/targets/*.toml), sorted."""
    folder = target_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{where} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def load_target(spec: str) -> Target:
    """A shipped target by name (`cn-conversion-rate`) or a target TOML file by path."""
    path, data = named_toml(spec, target_dir(), "target", available_targets)
    known = {"measure", "title_en", "title_zh", "country", "scope", "note_en", "note_zh", "sources", "goals"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"{path}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}")
    measure = data.get("measure")
    if measure not in MEASURES:
        raise ValueError(f"{path}: measure must be one of {', '.join(MEASURES)}")
    for key in ("title_en", "title_zh"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ValueError(f"{path}: {key} is required")
    raw_goals = data.get("goals")
    if not isinstance(raw_goals, list) or not raw_goals:
        raise ValueError(f"{path}: at least one [[goals]] table is required")
    goals = []
    for i, g in enumerate(raw_goals, 1):
        where = f"{path}: goal {i}"
        if not isinstance(g, dict) or set(g) - {"value", "by", "sources"}:
            raise ValueError(f"{where}: expected the keys value, by and sources")
        if not isinstance(g.get("value"), str) or not isinstance(g.get("by"), str):
            # a ValueError, not a TypeError: a bad target file is bad input (exit 2), like any other
            raise ValueError(f"{where}: value (\"85%\" or \"50\") and by (\"2025-12-31\") are required strings")  # noqa: TRY004
        sources = _strings(g.get("sources"), f"{where}: sources")
        if not sources:
            raise ValueError(f"{where}: every goal needs its source")
        goal = parse_goal(f"{g['value']}@{g['by']}", sources)
        if goal.measure != measure:
            raise ValueError(f"{where}: {g['value']!r} is a {goal.measure} goal but the target's measure is {measure}")
        goals.append(goal)
    return Target(
        name=path.stem, measure=measure, goals=tuple(goals), title_en=data["title_en"].strip(),
        title_zh=data["title_zh"].strip(), country=(str(data["country"]).upper() if data.get("country") else None),
        scope=data.get("scope") or None, note_en=str(data.get("note_en", "")).strip(),
        note_zh=str(data.get("note_zh", "")).strip(), sources=_strings(data.get("sources", []), f"{path}: sources"),
    )


def target_rules(target: Target, rules: CountingRules) -> CountingRules:
    """`rules` with the target's country and scope."""
    changes: dict[str, Any] = {}
    if target.country:
        changes["country"] = target.country
    if target.scope:
        try:
            changes["scope"] = load_scope(target.scope)
        except ScopeError as exc:
            raise ValueError(f"target {target.name}: {exc}") from exc
    return dataclasses.replace(rules, **changes)


# -- dates and arithmetic ----------------------------------------------------------------------------------
def years_between(a: _dt.date, b: _dt.date) -> float:
    """Whole months from a to b, in years (negative when b is before a)."""
    return months_between(a, b) / 12


def years_before(day: _dt.date, years: int) -> _dt.date:
    """The same day `years` years earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _DIGITS)


def trajectory(goal: Goal, current: float, as_of: _dt.date, pace: float | None,
               value_on_date: float | None) -> dict[str, Any]:
    """Gap, years left, needed per year, projection and status of one goal (see the module docstring).
    `value_on_date` is the measure on the goal's date when that date is on or before `as_of`."""
    gap = goal.value - current
    eps = 1e-9
    if goal.by <= as_of:
        reached = value_on_date is not None and value_on_date >= goal.value - eps
        return {"gap": _round(gap), "years_left": None, "needed_per_year": None, "projected": None,
                "value_on_date": value_on_date, "status": "met" if reached else "missed"}
    years = years_between(as_of, goal.by)
    projected = None if pace is None else current + pace * years
    if current >= goal.value - eps:
        status = "met"
    elif projected is not None and projected >= goal.value - eps:
        status = "on_track"
    else:
        status = "behind"
    return {"gap": _round(gap), "years_left": _round(years), "needed_per_year": _round(gap / years) if years else None,
            "projected": _round(projected), "value_on_date": None, "status": status}


# -- the count measure -------------------------------------------------------------------------------------
def count_rows_query(rules: CountingRules, dates: Sequence[_dt.date]) -> str:
    """queries/target_count.rq under `rules` for `dates`: one row per date and counted national standard."""
    if rules.scoped:
        members = (f"{{ {scope_filter(rules, var='?n')} BIND(0 AS ?adopt0) BIND(1 AS ?own0) }} UNION "
                   f"{{ ?ad sm:adoptingStandard ?n ; sm:adoptedStandard ?i . {scope_filter(rules, var='?i')} "
                   "BIND(1 AS ?adopt0) BIND(0 AS ?own0) }")
    else:
        members = "?n a sm:Standard . BIND(0 AS ?adopt0) BIND(0 AS ?own0)"
    return Template(load_query("target_count.rq")).substitute(
        members=members,
        levels=" ".join(f"smlv:{lv}" for lv in rules.levels),
        country=f"?np sm:jurisdiction {_literal(rules.country)} ." if rules.country else "",
        dates=" ".join(_date(d) for d in sorted(set(dates))),
        in_force=NATIONAL_IN_FORCE_TEST,
    )


def count_series(store: Store, rules: CountingRules, dates: Sequence[_dt.date]) -> dict[_dt.date, int]:
    """The count on each date (queries/target_count_series.rq), all dates in one query."""
    rows = strip_comments(count_rows_query(rules, dates))
    found = {_dt.date.fromisoformat(str(r["asof"])): int(r["count"])
             for r in store.query(Template(load_query("target_count_series.rq")).substitute(rows=rows))}
    return {d: found.get(d, 0) for d in sorted(set(dates))}


def counted_standards(store: Store, rules: CountingRules, day: _dt.date) -> list[dict[str, Any]]:
    """The national standards counted on `day` (queries/target_count_list.rq), sorted by identifier."""
    rows = strip_comments(count_rows_query(rules, [day]))
    text = Template(load_query("target_count_list.rq")).substitute(
        rows=rows, intl_scope=scope_filter(rules, var="?i") if rules.scoped else "")
    out = []
    for r in store.query(text):
        adopted = []
        for item in sorted({a for a in str(r["adopted"] or "").split("\n") if a}):
            iid, _, degree = item.partition("|")
            adopted.append(f"{iid} ({degree or '?'})")
        out.append({
            "national": str(r["id"]),
            "title": {"zh": str(r["title_zh"] or ""), "en": str(r["title_en"] or "")},
            "status": str(r["status"]).rsplit("/", 1)[-1] if r["status"] is not None else "",
            "start": str(r["start"])[:10] if r["start"] is not None else None,
            "adopts": adopted,
            "by_adoption": bool(int(r["by_adoption"] or 0)),
            "by_own": bool(int(r["by_own"] or 0)),
        })
    return sorted(out, key=lambda row: row["national"])


# -- rules in words ----------------------------------------------------------------------------------------
def count_rule_lines(rules: CountingRules) -> dict[str, list[str]]:
    """The count's rule in both languages, for the report's rules block."""
    levels_en = "/".join(rules.levels)
    levels_zh = "国家" if rules.levels == ("national",) else "/".join(rules.levels)
    country_en = f" of {rules.country}" if rules.country else ""
    country_zh = f"（{rules.country}）" if rules.country else ""
    if rules.scoped:
        what_en = ("that belong to the scope: an adoption claim (of any degree — IDT, MOD, EQV, NEQ or not "
                   "established) says they adopt an international standard in the scope, or they are themselves "
                   "classified under its ICS codes or committees, or listed in it.")
        what_zh = ("且属于范围：有采用关系（任何一致性程度，含 IDT、MOD、EQV、NEQ 及未确定）表明其采用范围内的国际标准，"
                   "或其本身归入范围的 ICS 分类或技术委员会，或被范围列出。")
    else:
        what_en = "(no scope: every one counts)."
        what_zh = "（未限定范围：全部计入）。"
    return {
        "en": [
            f"Counted: {levels_en} standards{country_en} in force on each date {what_en}",
            f"Scope: {rules._scope_words()}.",
            ("In force on a date: from the implementation date (else the issue date, else 31 December of the "
             "designation's year) until withdrawn or replaced by a standard that has come into force; one recorded "
             "as withdrawn or superseded with no date for it, and plans or drafts without dates, never count."),
            "The denominator switches (body, document type, degree, editions) do not apply to a count.",
        ],
        "zh": [
            f"计数：各日期有效的{levels_zh}标准{country_zh}，{what_zh}",
            f"范围：{rules._scope_words(zh=True)}。",
            ("某日有效：自实施日期（无则发布日期，再无则标准号年份的 12 月 31 日）起，至废止或被已实施的标准代替之日止；"
             "记为废止或被代替但无日期者，以及无日期的计划项目和征求意见稿，均不计入。"),
            "分母相关的选项（发布机构、文件类型、一致性程度、版本）不适用于计数。",
        ],
    }


TRAJECTORY_LINES = {
    "en": [
        ("Trajectory: gap = goal − current value; needed per year = gap ÷ years left (whole months ÷ 12); "
         f"recent pace = (current value − value {PACE_YEARS} years earlier) ÷ {PACE_YEARS}; projected = current "
         "value + pace × years left. For a rate, changes are in percentage points."),
        ("Status: met = reached on the goal's date (or already reached for a goal ahead); on track = the "
         "projection reaches the goal; behind = it does not; missed = the goal's date has passed without it."),
    ],
    "zh": [
        ("轨迹：差距 = 目标 − 当前值；每年所需 = 差距 ÷ 剩余年数（整月数 ÷ 12）；"
         f"近期速度 = （当前值 − {PACE_YEARS} 年前的值）÷ {PACE_YEARS}；预计值 = 当前值 + 速度 × 剩余年数。转化率的变化以百分点计。"),
        ("状态：已实现 = 在目标日期已达到（未到期的目标则为现已达到）；按计划推进 = 预计值可达到目标；"
         "落后 = 预计值达不到目标；未实现 = 目标日期已过而未达到。"),
    ],
}


# -- the report --------------------------------------------------------------------------------------------
def _goal_table(measure: str, rows: list[dict[str, Any]]) -> Table:
    value = "pct" if measure == "rate" else "int"
    change = "pct" if measure == "rate" else "num"
    return Table("goals", "target.goals", [
        Column("n", "target.col.n", "int"), Column("goal", "target.col.goal", value),
        Column("by", "target.col.by", "date"), Column("current", "target.col.current", value),
        Column("gap", "target.col.gap", value), Column("years_left", "target.col.years_left", "num"),
        Column("needed_per_year", "target.col.needed", change), Column("pace", "target.col.pace", change),
        Column("projected", "target.col.projected", change), Column("value_on_date", "target.col.value_on_date", value),
        Column("status", "target.col.status", "status"), Column("sources", "col.sources", "links"),
    ], rows, note="target.goals.note")


def build_target(store: Store, goals: Sequence[Goal], rules: CountingRules | None = None, *,
                 target: Target | None = None, since: int | None = None, top: int = DEFAULT_TOP,
                 today: _dt.date | None = None) -> Report:
    """The report for `goals` (all of one measure) under `rules`, as of `rules.as_of` (default `today`)."""
    measure, goals = check_goals(goals)
    rules = rules or CountingRules()
    as_of = rules.as_of or today or _dt.date.today()
    rules = rules.at(as_of)
    first = as_of.year - DEFAULT_SPAN if since is None else since
    if not 1900 <= first <= as_of.year:
        raise ValueError(f"--since {first}: expected a year from 1900 to the as-of year ({as_of.year})")
    shown = [_dt.date(y, 12, 31) for y in range(first, as_of.year)] + [as_of]
    pace_from = years_before(as_of, PACE_YEARS)
    passed = [g.by for g in goals if g.by <= as_of]
    dates = sorted(set(shown + [pace_from] + passed))

    # every value of the report, from one query
    points: dict[_dt.date, dict[str, Any]] = {}
    if measure == "rate":
        for p in compute_series(store, rules, dates):
            points[p.date] = p.to_json()
        value = {d: p["rate"] for d, p in points.items()}
        known = {d: p["denominator"] > 0 for d, p in points.items()}
    else:
        counts = count_series(store, rules, dates)
        points = {d: {"date": d.isoformat(), "count": c} for d, c in counts.items()}
        value = dict(counts)
        known = {d: True for d in counts}

    current = value[as_of]
    pace_raw = (current - value[pace_from]) / PACE_YEARS if known[pace_from] and known[as_of] else None
    pace = _round(pace_raw)
    goal_rows = []
    for n, g in enumerate(goals, 1):
        traj = trajectory(g, current, as_of, pace_raw, value.get(g.by) if g.by <= as_of else None)
        goal_rows.append({"n": n, "goal": g.value, "by": g.by.isoformat(), "current": current, "pace": pace,
                          **traj, "sources": list(g.sources),
                          **({"_class": "diff"} if traj["status"] in ("behind", "missed") else {})})

    # the yearly series
    series_rows = []
    previous = None
    for d in shown:
        row = dict(points[d])
        if measure == "count":
            row["change"] = None if previous is None else row["count"] - previous
            previous = row["count"]
        series_rows.append(row)
    if measure == "rate":
        series_cols = [Column("date", "col.date", "date"), Column("denominator", "col.in_scope", "int"),
                       Column("adopted", "col.adopted", "int"), Column("rate", "col.rate", "pct")]
    else:
        series_cols = [Column("date", "col.date", "date"), Column("count", "target.col.count", "int"),
                       Column("change", "target.col.change", "int")]
    tables = {"goals": _goal_table(measure, goal_rows),
              "series": Table("series", "target.series", series_cols, series_rows,
                              note="target.series.note." + measure)}
    counted: list[dict[str, Any]] = []
    if measure == "count":
        counted = counted_standards(store, rules, as_of)
        tables["counted"] = Table("counted", "target.counted", [
            Column("national", "col.national", "id"), Column("title", "col.title", "title"),
            Column("status", "col.status", "status"), Column("start", "target.col.start", "date"),
            Column("adopts", "target.col.adopts", "list"), Column("by_own", "target.col.by_own", "bool"),
        ], counted, limit=top, note="target.counted.note")

    # the chart: actual values, the needed lines, the goal markers
    axis = sorted(set(shown + passed + [g.by for g in goals]
                      + [_dt.date(y, 12, 31) for y in range(as_of.year, max(g.by.year for g in goals) + 1)
                         if _dt.date(y, 12, 31) > as_of]))
    actual = [value[d] if d <= as_of and d in value and known[d] else None for d in axis]
    series = [{"label": "target.actual", "values": actual, "css": "actual"}]
    for row, g in zip(goal_rows, goals):
        if g.by <= as_of:
            continue
        line = []
        for d in axis:
            if d < as_of or d > g.by:
                line.append(None)
            elif d == g.by:
                line.append(g.value)
            else:
                line.append(_round(current + (g.value - current) * months_between(as_of, d) / months_between(as_of, g.by)))
        series.append({"label": "target.needed", "label_values": {"n": row["n"]}, "values": line,
                       "css": "needed", "dashed": True})
    markers = [{"x": point_label(g.by), "value": g.value, "label": "target.marker", "label_values": {"n": row["n"]}}
               for row, g in zip(goal_rows, goals)]
    charts = {"trajectory": Chart("trajectory", "line", "target.chart", "target.chart.desc." + measure,
                                  value="pct" if measure == "rate" else "int", x=[point_label(d) for d in axis],
                                  series=series, markers=markers)}

    label = {lang: Labels(lang, "target") for lang in ("en", "zh")}
    name = {"en": target.title_en, "zh": target.title_zh} if target else \
        {lang: label[lang](f"target.measure.{measure}") for lang in ("en", "zh")}
    figures: dict[str, Any] = {
        "measure": measure,
        "as_of": as_of.isoformat(),
        "since": first,
        "current": {"date": as_of.isoformat(), "value": current, **({k: points[as_of][k] for k in ("denominator", "adopted")}
                                                                   if measure == "rate" else {})},
        "pace": {"value": pace, "from": pace_from.isoformat(), "from_value": value[pace_from] if known[pace_from] else None,
                 "years": PACE_YEARS},
        "goals": [{k: v for k, v in row.items() if k != "_class"} for row in goal_rows],
        "statuses": {s: sum(1 for r in goal_rows if r["status"] == s) for s in STATUSES},
        "counted": len(counted) if measure == "count" else None,
        "target": None if target is None else {
            "name": target.name, "title": {"en": target.title_en, "zh": target.title_zh},
            "note": {"en": target.note_en, "zh": target.note_zh}, "sources": list(target.sources)},
    }
    meta = base_meta(store, rules)
    if measure == "count":
        meta["rules"] = count_rule_lines(rules)
    else:
        meta["rules"] = {"en": rules.describe() + ["Each point of the series applies these rules on its own date."],
                         "zh": rules.describe_zh() + ["序列中每一点均按当日适用上述规则。"]}
    for lang in ("en", "zh"):
        meta["rules"][lang] = meta["rules"][lang] + TRAJECTORY_LINES[lang]
    subject = {"en": rules.subject(), "zh": rules.subject(zh=True)}
    return Report(
        kind="target", slug=f"target-{slugify(target.name if target else measure)}",
        title={lang: label[lang]("target.title", name=name[lang]) for lang in ("en", "zh")},
        subject=subject, meta=meta, figures=figures, tables=tables, charts=charts,
    )


__all__ = [
    "DEFAULT_TOP",
    "MEASURES",
    "STATUSES",
    "Goal",
    "Target",
    "available_targets",
    "build_target",
    "check_goals",
    "count_rows_query",
    "count_series",
    "counted_standards",
    "load_target",
    "parse_goal",
    "target_rules",
    "trajectory",
    "years_between",
]
