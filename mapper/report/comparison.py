"""The comparison report: two or more countries, committees, scopes or ICS codes side by side, with the
differences highlighted.

Each compared subject is counted with the shared counting rules plus its own value on the comparison axis
(`dataclasses.replace` on one dimension), and every number comes from the analytics functions behind
`stdmap rate`, `rate --series`, `gaps`, `stale` and `lag` under those rules — the report only puts them
side by side.

Decisions:

* Axis and values. The axis is one of `country`, `committee`, `scope` (a shipped scope name or a scope TOML
  file, read by `mapper.rules.load_scope`) or `ics`; the values replace that dimension of the base rules.
  Between 2 and `MAX_SUBJECTS` (8) values, no value twice (countries compared upper-case, the others as
  written without surrounding blanks); anything else is a ValueError saying what is wrong. More than eight
  columns per measure would not be readable.
* Scope axes stand alone. The scope switches of the counting rules (ICS prefixes, committees, listed
  standards, named scope) are united — a standard is in scope when it matches any of them — so a shared
  `--ics 13` beside a comparison by committee would add every ICS 13 standard to each committee, not
  narrow it down. A comparison by committee, scope or ICS therefore refuses other scope switches
  (ValueError); a comparison by country takes any shared scope.
* Materially different ("diff" rows, highlighted, and `differs` = true in the files): counts that are not
  all equal; rates (and shares) `RATE_GAP` (5 percentage points) or more apart; median lags `LAG_GAP`
  (6 months) or more apart, or known for some subjects and not for others.
* Best value: the highest rate and adopted count; the fewest gaps, standards needing revision, outdated
  (stale) adoptions, NEQ-only standards and standards whose degree is not established; the shortest median
  lag. "In scope" has no best. Ties are all best; when every subject has the same value, none is. Counts
  are not normalised by the size of the scope: the rate row is the fair comparison.
* Stale adoptions: those `stdmap stale` lists under the subject's rules (the adopted edition in its scope).
* Per ICS field: one row per field any subject has standards in; a subject without standards in the field
  shows none (—); the row differs when the rates of the subjects with standards there are 5 points apart.
  The chart shows the 12 fields with the most standards in scope (largest subject first, then code).
* Per standard (country axis only): the units of the rate denominator (the rows of the rate's own items
  query, the same for every country since only the adopting country changes) that at least one country has
  any in-force correspondence with — counted or not, so NEQ and "degree not established" show too — with
  each country's strongest degree ("none" when it has none). Rows where the countries differ come first,
  then by designation; the page shows the first `top`, the files all.
* Files: a column per subject and measure. Column keys are the subject value (`ISO/TC 207`) or the value and
  the measure (`ISO/TC 207:rate`), so the CSV headers say what they hold; the spreadsheet headers name the
  measure and the subject ("Rate — ISO/TC 207", `Column.header`). The page and the Markdown head each
  column with the subject's name.
* Title "Comparison: A · B" / "对比：A · B" (countries by name in each language); slug
  `comparison-<slugify(values joined with -vs-)>`.
* Counting rules in the footer: each line of the rules' description once when every subject has it, else
  once per subject, prefixed with the subject's name, in the same place.
* The summary's rows are measures of different kinds, so its page table is not sortable; the other
  side-by-side tables are. A subject may not be named like a fixed column (`best`, `difference` …).

>>> from mapper.kg import open_kg
>>> r = build_comparison(open_kg(":memory:"), None, "committee", ["ISO/TC 207", "ISO/TC 176"])
>>> r.slug, [s["value"] for s in r.figures["subjects"]]
('comparison-iso-tc-207-vs-iso-tc-176', ['ISO/TC 207', 'ISO/TC 176'])
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import Any

from mapper.coverage import find_gaps, find_stale
from mapper.labels import Labels
from mapper.lag import compute_lag
from mapper.rates import (
    DEGREE_KEYS,
    RANK_NAMES,
    compute_rate,
    compute_series,
    items_query,
    strip_comments,
)
from mapper.report import Chart, Column, Report, Table, base_meta, slugify
from mapper.report.overview import DEFAULT_TOP, DEFAULT_YEARS, point_label, series_dates
from mapper.rules import CountingRules, load_scope
from mapper.store import Store

AXES = ("country", "committee", "scope", "ics")
MAX_SUBJECTS = 8
RATE_GAP = 0.05  # rates and shares this far apart (5 percentage points) differ materially
LAG_GAP = 6  # median lags this many months apart differ materially
ICS_CHART_FIELDS = 12
#: column keys of the side-by-side tables that a subject value must not take
RESERVED = {"metric", "key", "label", "difference", "best", "differs", "standard", "title", "date", "kind"}

#: the rows of the side-by-side summary: (key, label key, kind, which value is best: max, min or none)
METRICS = (
    ("denominator", "rate.denominator", "int", None),
    ("adopted", "rate.adopted", "int", "max"),
    ("rate", "rate.rate", "pct", "max"),
    ("neq", "rate.neq", "int", "min"),
    ("degree_unknown", "rate.degree_unknown", "int", "min"),
    ("gaps", "comparison.metric.gaps", "int", "min"),
    ("revision_needed", "comparison.metric.revision_needed", "int", "min"),
    ("stale", "comparison.metric.stale", "int", "min"),
    ("lag_median", "comparison.metric.lag", "months", "min"),
)


@dataclass(frozen=True)
class Subject:
    """One compared country, committee, scope or ICS code and the rules it is counted with."""

    index: int  # 1-based: its place in the comparison (the `subjects` table)
    value: str
    name: dict[str, str]  # {"en": …, "zh": …}
    label: str  # a label key naming it (countries), else ""
    rules: CountingRules

    def series(self) -> dict[str, Any]:
        """How a chart names it: by label (in the reader's language) when there is one."""
        return {"label": self.label} if self.label else {"name": self.value}


# -- subjects -------------------------------------------------------------------------------------------------
def _words(lang: str) -> Labels:
    return Labels(lang, "comparison")


def _normalise(axis: str, values: Sequence[str]) -> list[str]:
    if axis not in AXES:
        raise ValueError(f"unknown comparison axis {axis!r}; expected one of {', '.join(AXES)}")
    out: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        if not text:
            raise ValueError(f"an empty {axis} cannot be compared")
        text = text.upper() if axis == "country" else text
        if text in out:
            raise ValueError(f"{axis} {text!r} is named twice; name each {axis} to compare once")
        if text.lower() in RESERVED:
            raise ValueError(f"{axis} {text!r} cannot be compared: the name is reserved for a column of the report")
        out.append(text)
    if len(out) < 2:
        raise ValueError(f"a comparison needs at least two values of {axis}; got {len(out)}"
                         + (f" ({out[0]})" if out else ""))
    if len(out) > MAX_SUBJECTS:
        raise ValueError(f"at most {MAX_SUBJECTS} values can be compared side by side; got {len(out)} of {axis}")
    return out


def _without_axis(rules: CountingRules, axis: str) -> CountingRules:
    if axis == "country":
        return replace(rules, country=None)
    if axis == "committee":
        return replace(rules, committees=())
    if axis == "ics":
        return replace(rules, ics_prefixes=())
    return replace(rules, scope=None)


def make_subjects(base: CountingRules, axis: str, values: Sequence[str]) -> list[Subject]:
    """The subjects of a comparison: the base rules with the axis dimension set to each value."""
    values = _normalise(axis, values)
    shared = _without_axis(base, axis)
    if axis != "country" and shared.scoped:
        raise ValueError(
            f"a comparison by {axis} takes no other scope switch (--ics, --committee, --standard, --scope): "
            f"scopes are united, so it would add the same standards to every {axis}; compare by one of them, "
            f"or compare countries within a scope")
    en, zh = _words("en"), _words("zh")
    out = []
    for i, value in enumerate(values, start=1):
        label = ""
        name = {"en": value, "zh": value}
        if axis == "country":
            rules = replace(shared, country=value)
            if en.has(f"country.{value}"):
                label = f"country.{value}"
                name = {"en": en(label), "zh": zh(label)}
        elif axis == "committee":
            rules = replace(shared, committees=(value,))
        elif axis == "ics":
            rules = replace(shared, ics_prefixes=(value,))
        else:
            rules = replace(shared, scope=load_scope(value))
        out.append(Subject(i, value, name, label, rules))
    return out


# -- differences ----------------------------------------------------------------------------------------------
def spread(values: Sequence[float | int | None]) -> float | int | None:
    """max − min of the known values (None when fewer than two are known).

    >>> spread([0.5, None, 0.25]), spread([3, None])
    (0.25, None)
    """
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return None
    diff = max(known) - min(known)
    return round(diff, 6) if isinstance(diff, float) else diff


def differs(values: Sequence[float | int | None], kind: str) -> bool:
    """Whether the values differ materially (see the module docstring).

    >>> differs([0.30, 0.349], "pct"), differs([0.30, 0.35], "pct"), differs([3, 4], "int")
    (False, True, True)
    >>> differs([12, 17.5], "months"), differs([12, None], "months"), differs([None, None], "months")
    (False, True, False)
    """
    known = [v for v in values if v is not None]
    if kind == "months" and known and len(known) < len(values):
        return True
    gap = spread(values)
    if gap is None:
        return False
    if kind == "pct":
        return round(gap * 100, 6) >= RATE_GAP * 100
    if kind == "months":
        return gap >= LAG_GAP
    return gap != 0


def best_of(values: Sequence[float | int | None], better: str | None) -> list[int]:
    """Indexes of the best values (none when there is no best or all known values are equal).

    >>> best_of([0.5, 0.75, 0.75], "max"), best_of([3, 3], "min"), best_of([None, 2, 5], "min")
    ([1, 2], [], [1])
    """
    known = [v for v in values if v is not None]
    if better is None or len(set(known)) < 2:
        return []
    target = max(known) if better == "max" else min(known)
    return [i for i, v in enumerate(values) if v is not None and v == target]


def _mark(row: dict[str, Any], is_diff: bool) -> dict[str, Any]:
    row["differs"] = is_diff
    if is_diff:
        row["_class"] = "diff"
    return row


# -- what each subject's numbers are --------------------------------------------------------------------------
def _unit_degrees(store: Store, rules: CountingRules) -> dict[str, dict[str, Any]]:
    """Per unit of the rate denominator (its designation): the strongest correspondence and the titles, from
    the rows of the rate's own items query (mapper.rates.items_query)."""
    query = (
        "SELECT ?id (MAX(?best) AS ?rank) (MIN(STR(?ten)) AS ?title_en) (MIN(STR(?tzh)) AS ?title_zh) WHERE {\n"
        f"  {{ {strip_comments(items_query(rules))} }}\n"
        '  OPTIONAL { ?s dcterms:title ?ten . FILTER(LANG(?ten) = "en") }\n'
        '  OPTIONAL { ?s dcterms:title ?tzh . FILTER(LANG(?tzh) = "zh") }\n'
        "} GROUP BY ?id"
    )
    out = {}
    for r in store.query(query):
        rank = int(r["rank"]) if r["rank"] is not None else None
        out[str(r["id"])] = {"degree": RANK_NAMES[rank], "title": {"en": str(r["title_en"] or ""),
                                                                   "zh": str(r["title_zh"] or "")}}
    return out


def _measure(store: Store, subject: Subject, dates: list[_dt.date], today: _dt.date) -> dict[str, Any]:
    rules = subject.rules
    rate = compute_rate(store, rules).to_json()
    series = [p.to_json() for p in compute_series(store, rules, dates)]
    lag = compute_lag(store, rules)
    gaps = find_gaps(store, rules, today=today)
    stale = [s.to_json() for s in find_stale(store, rules, today=today)]
    values = {k: rate[k] for k in ("denominator", "adopted", "rate", "neq", "eqv", "degree_unknown", "not_adopted")}
    values.update(gaps=len(gaps), revision_needed=sum(1 for g in gaps if g.kind == "revision needed"),
                  stale=len(stale), lag_median=lag["overall"]["median"], lag_pairs=lag["overall"]["n"])
    return {"values": values, "rate": rate, "series": series, "lag": lag["overall"],
            "stale": sorted(f"{s['national']} → {s['adopted']}" for s in stale)}


# -- tables ---------------------------------------------------------------------------------------------------
def _key(subject: Subject, measure: str = "") -> str:
    return f"{subject.value}:{measure}" if measure else subject.value


def _header(subject: Subject, label: str) -> dict[str, str]:
    """A subject's column heading in both languages, e.g. "Rate — ISO/TC 207" (spreadsheet and CSV readers)."""
    return {lang: f"{_words(lang)(label)} — {subject.name[lang]}" for lang in ("en", "zh")}


def _head(subject: Subject, label: str = "") -> dict[str, Any]:
    return {"subject": subject.value, "index": subject.index, "name": subject.name, "label": label}


def _summary(subjects: list[Subject], measured: list[dict[str, Any]]) -> tuple[Table, dict[str, Any]]:
    columns = [Column("metric", "comparison.col.metric", "label")]
    columns += [Column(_key(s), "comparison.col.value", "num", header=dict(s.name)) for s in subjects]
    columns += [Column("difference", "comparison.col.difference", "num"), Column("best", "comparison.col.best", "list"),
                Column("differs", "comparison.col.differs", "bool")]
    rows = []
    for key, label, kind, better in METRICS:
        values = [m["values"][key] for m in measured]
        best = best_of(values, better)
        row: dict[str, Any] = {"metric": label, "key": key, "kind": kind}
        row.update({_key(s): v for s, v in zip(subjects, values)})
        row.update(difference=spread(values), best=[subjects[i].value for i in best])
        rows.append(_mark(row, differs(values, kind)))
    heads = {_key(s): _head(s) for s in subjects}
    return Table("summary", "comparison.summary", columns, rows, note="comparison.summary.note"), heads


def _side_columns(subjects: list[Subject], measures: Sequence[tuple[str, str, str]]) -> tuple[list[Column], dict]:
    """Per subject, one column per (measure, label key, kind); and how the page heads them."""
    columns, heads = [], {}
    for s in subjects:
        for measure, label, kind in measures:
            key = _key(s, measure)
            columns.append(Column(key, label, kind, header=_header(s, label)))
            heads[key] = _head(s, label)
    return columns, heads


RATE_MEASURES = (("in_scope", "col.in_scope", "int"), ("adopted", "col.adopted", "int"), ("rate", "col.rate", "pct"))


def _by_ics_field(subjects: list[Subject], measured: list[dict[str, Any]]) -> tuple[Table, dict, list[dict]]:
    per = [{r["key"]: r for r in m["rate"]["breakdowns"].get("ics_field", [])} for m in measured]
    keys = sorted(set().union(*per))
    columns, heads = _side_columns(subjects, RATE_MEASURES)
    columns = [Column("key", "col.ics_field", "code"), Column("label", "col.field", "title")] + columns
    columns.append(Column("differs", "comparison.col.differs", "bool"))
    rows = []
    for key in keys:
        found = [p.get(key) for p in per]
        first = next(f for f in found if f)
        row: dict[str, Any] = {"key": key, "label": {"en": first.get("label", ""), "zh": first.get("label_zh", "")}}
        for s, f in zip(subjects, found):
            row[_key(s, "in_scope")] = f["denominator"] if f else None
            row[_key(s, "adopted")] = f["adopted"] if f else None
            row[_key(s, "rate")] = f["rate"] if f else None
        rows.append(_mark(row, differs([row[_key(s, "rate")] for s in subjects], "pct")))
    table = Table("by_ics_field", "comparison.by_ics_field", columns, rows, note="comparison.by_ics_field.note")
    return table, heads, rows


def _series(subjects: list[Subject], measured: list[dict[str, Any]], points: list[str]) -> tuple[Table, dict]:
    columns, heads = _side_columns(subjects, RATE_MEASURES)
    columns = [Column("date", "col.date", "date")] + columns + [Column("differs", "comparison.col.differs", "bool")]
    rows = []
    for i, _point in enumerate(points):
        row: dict[str, Any] = {"date": measured[0]["series"][i]["date"]}
        for s, m in zip(subjects, measured):
            p = m["series"][i]
            row[_key(s, "in_scope")] = p["denominator"]
            row[_key(s, "adopted")] = p["adopted"]
            row[_key(s, "rate")] = p["rate"] if p["denominator"] else None
        rows.append(_mark(row, differs([row[_key(s, "rate")] for s in subjects], "pct")))
    return Table("series", "comparison.series", columns, rows, note="comparison.series.note"), heads


def _by_degree(subjects: list[Subject], measured: list[dict[str, Any]]) -> tuple[Table, dict]:
    columns, heads = _side_columns(subjects, (("standards", "col.standards", "int"),
                                              ("share", "comparison.col.share", "pct")))
    columns = ([Column("key", "col.degree", "degree"), Column("label", "col.strongest", "label")] + columns
               + [Column("differs", "comparison.col.differs", "bool")])
    rows = []
    for key in DEGREE_KEYS:
        row: dict[str, Any] = {"key": key, "label": f"degree.{key}"}
        for s, m in zip(subjects, measured):
            n, total = m["rate"]["by_degree"][key], m["rate"]["denominator"]
            row[_key(s, "standards")] = n
            row[_key(s, "share")] = round(n / total, 6) if total else None
        rows.append(_mark(row, differs([row[_key(s, "share")] for s in subjects], "pct")))
    return Table("by_degree", "comparison.by_degree", columns, rows, note="comparison.by_degree.note"), heads


def _standards(store: Store, subjects: list[Subject], top: int) -> tuple[Table, dict]:
    units = [_unit_degrees(store, s.rules) for s in subjects]
    ids = sorted({i for u in units for i, d in u.items() if d["degree"] != "none"})
    columns, heads = _side_columns(subjects, (("degree", "col.strongest", "degree"),))
    columns = ([Column("standard", "col.international", "id"), Column("title", "col.title", "title")] + columns
               + [Column("differs", "comparison.col.differs", "bool")])
    rows = []
    for sid in ids:
        degrees = [u.get(sid, {}).get("degree", "none") for u in units]
        title = next(u[sid]["title"] for u in units if sid in u)
        row: dict[str, Any] = {"standard": sid, "title": title}
        row.update({_key(s, "degree"): d for s, d in zip(subjects, degrees)})
        rows.append(_mark(row, len(set(degrees)) > 1))
    rows.sort(key=lambda r: (not r["differs"], r["standard"]))
    return Table("standards", "comparison.standards", columns, rows, limit=top, note="comparison.standards.note"), heads


def _subjects_table(subjects: list[Subject], measured: list[dict[str, Any]]) -> Table:
    return Table("subjects", "comparison.subjects", [
        Column("index", "comparison.col.index", "int"), Column("value", "comparison.col.subject", "code"),
        Column("name", "comparison.col.name", "title"), Column("counted", "comparison.col.counted", "title"),
        Column("denominator", "col.in_scope", "int"), Column("adopted", "col.adopted", "int"),
        Column("rate", "col.rate", "pct")],
        [{"index": s.index, "value": s.value, "name": s.name,
          "counted": {"en": s.rules.subject(), "zh": s.rules.subject(zh=True)},
          "denominator": m["values"]["denominator"], "adopted": m["values"]["adopted"], "rate": m["values"]["rate"]}
         for s, m in zip(subjects, measured)], note="comparison.subjects.note")


# -- charts ---------------------------------------------------------------------------------------------------
def _charts(subjects: list[Subject], measured: list[dict[str, Any]], ics_rows: list[dict[str, Any]],
            points: list[str]) -> dict[str, Chart]:
    def size(row: dict[str, Any]) -> int:
        return max(row[_key(s, "in_scope")] or 0 for s in subjects)

    largest = sorted(ics_rows, key=lambda r: (-size(r), r["key"]))[:ICS_CHART_FIELDS]
    largest.sort(key=lambda r: r["key"])
    return {
        "ics": Chart("ics", "grouped", "comparison.chart.ics", "comparison.chart.ics.desc", value="pct", y_max=1.0,
                     x=[r["key"] for r in largest],
                     series=[{**s.series(), "values": [r[_key(s, "rate")] for r in largest]} for s in subjects]),
        "trend": Chart("trend", "line", "comparison.chart.trend", "comparison.chart.trend.desc", value="pct",
                       x=list(points),
                       series=[{**s.series(), "values": [p["rate"] if p["denominator"] else None for p in m["series"]]}
                               for s, m in zip(subjects, measured)]),
        "degree_mix": Chart("degree_mix", "grouped", "comparison.chart.degree_mix", "comparison.chart.degree_mix.desc",
                            value="pct", x=[s.value for s in subjects],
                            series=[{"label": f"degree.{k}", "css": f"deg-{k}",
                                     "values": [round(m["rate"]["by_degree"][k] / m["rate"]["denominator"], 6)
                                                if m["rate"]["denominator"] else None for m in measured]}
                                    for k in DEGREE_KEYS]),
    }


# -- words ----------------------------------------------------------------------------------------------------
def _rules_lines(subjects: list[Subject], lang: str) -> list[str]:
    """The counting rules: lines every subject shares once, the others once per subject with its name."""
    lists = [s.rules.describe() if lang == "en" else s.rules.describe_zh() for s in subjects]
    sep = ": " if lang == "en" else "："
    out: list[str] = []
    for lines in zip_longest(*lists, fillvalue=""):
        if len(set(lines)) == 1:
            out.append(lines[0])
        else:
            out.extend(f"{s.name[lang]}{sep}{line}" for s, line in zip(subjects, lines) if line)
    return out


def _subject_line(base: CountingRules, axis: str, subjects: list[Subject], lang: str) -> str:
    t = _words(lang)
    names = " · ".join(s.name[lang] for s in subjects)
    if axis == "country":
        shared = replace(base, country=None).subject(zh=lang == "zh")
    elif base.country:
        key = f"country.{base.country}"
        shared = t("comparison.adopting_country", country=t(key) if t.has(key) else base.country)
    else:
        shared = t("comparison.every_country")
    return t("comparison.subject_line", axis=t(f"comparison.axis.{axis}"), names=names, shared=shared)


# -- the report -----------------------------------------------------------------------------------------------
def build_comparison(store: Store, base_rules: CountingRules | None, axis: str, values: Sequence[str], *,
                     top: int = DEFAULT_TOP, years: int = DEFAULT_YEARS, today: _dt.date | None = None) -> Report:
    """The comparison of `values` along `axis` (country, committee, scope or ics) under `base_rules`."""
    base = base_rules or CountingRules()
    today = today or _dt.date.today()
    subjects = make_subjects(base, axis, values)
    dates = series_dates(base, years, today)
    points = [point_label(d) for d in dates]
    measured = [_measure(store, s, dates, today) for s in subjects]

    summary, summary_heads = _summary(subjects, measured)
    ics, ics_heads, ics_rows = _by_ics_field(subjects, measured)
    series, series_heads = _series(subjects, measured, points)
    degrees, degree_heads = _by_degree(subjects, measured)
    tables = {"summary": summary, "by_ics_field": ics, "series": series, "by_degree": degrees}
    heads = {"summary": summary_heads, "by_ics_field": ics_heads, "series": series_heads, "by_degree": degree_heads}
    if axis == "country":
        tables["standards"], heads["standards"] = _standards(store, subjects, top)
    tables["subjects"] = _subjects_table(subjects, measured)

    figures = {
        "axis": axis,
        "subjects": [{"index": s.index, "value": s.value, "name": s.name, "label": s.label,
                      **m["values"], "lag": m["lag"], "stale_pairs": m["stale"]}
                     for s, m in zip(subjects, measured)],
        "differing": [r["key"] for r in summary.rows if r["differs"]],
        "columns": heads,
    }
    meta = base_meta(store, base)
    meta["rules"] = {lang: _rules_lines(subjects, lang) for lang in ("en", "zh")}
    return Report(
        kind="comparison",
        slug="comparison-" + slugify("-vs-".join(s.value for s in subjects)),
        title={"en": _words("en")("comparison.title", names=" · ".join(s.name["en"] for s in subjects)),
               "zh": _words("zh")("comparison.title", names=" · ".join(s.name["zh"] for s in subjects))},
        subject={lang: _subject_line(base, axis, subjects, lang) for lang in ("en", "zh")},
        meta=meta, figures=figures, tables=tables, charts=_charts(subjects, measured, ics_rows, points),
    )


__all__ = ["AXES", "LAG_GAP", "MAX_SUBJECTS", "METRICS", "RATE_GAP", "Subject", "best_of", "build_comparison",
           "differs", "make_subjects", "spread"]
