"""The adoption overview: for a country and scope, the headline rate with its counting rules, every breakdown,
the rate by year, the degree mix, the lag by year, and the gaps and stale adoptions (the first `top` rows in
the page, all of them in the XLSX and CSV files). Every number comes from the analytics functions the
`rate`, `gaps`, `stale` and `lag` commands print, under the same rules.

>>> from mapper.kg import open_kg
>>> r = build_overview(open_kg(":memory:"))
>>> r.figures["rate"]["denominator"] > 0 and "gaps" in r.tables
True
"""

from __future__ import annotations

import datetime as _dt
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from mapper.coverage import find_gaps, find_stale, list_adoptions
from mapper.lag import compute_lag
from mapper.rates import DEGREE_KEYS, compute_rate, compute_series
from mapper.report import Chart, Column, Report, Table, base_meta
from mapper.rules import CountingRules
from mapper.store import Store

DEFAULT_TOP = 25
DEFAULT_YEARS = 15


def series_dates(rules: CountingRules, years: int = DEFAULT_YEARS, today: _dt.date | None = None) -> list[_dt.date]:
    """The points of the trend: the year ends before the as-of date (default today) of the last `years`
    years, then that date itself — never a day in the future."""
    end = rules.as_of or today or _dt.date.today()
    ends = [_dt.date(y, 12, 31) for y in range(end.year - years + 1, end.year + 1)]
    return [d for d in ends if d < end] + [end]


def point_label(day: _dt.date) -> str:
    """A year end as its year; another day (the as-of date) as its ISO date."""
    return str(day.year) if (day.month, day.day) == (12, 31) else day.isoformat()


def rate_columns(key_label: str, with_label: bool = True) -> list[Column]:
    cols = [Column("key", key_label, "code")]
    if with_label:
        cols.append(Column("label", "col.field", "title"))
    return cols + [Column("denominator", "col.in_scope", "int"), Column("adopted", "col.adopted", "int"),
                   Column("rate", "col.rate", "pct")]


def breakdown_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"key": r["key"], "label": {"en": r.get("label", ""), "zh": r.get("label_zh", "")},
             "denominator": r["denominator"], "adopted": r["adopted"], "rate": r["rate"]} for r in rows]


def rate_tables(rate: dict[str, Any], top: int) -> dict[str, Table]:
    """The breakdown tables of one rate result (shared with the comparison report)."""
    b = rate["breakdowns"]
    denominator = rate["denominator"]
    tables = {
        "by_degree": Table("by_degree", "overview.by_degree", [
            Column("key", "col.degree", "degree"), Column("label", "col.strongest", "label"),
            Column("standards", "col.standards", "int"), Column("share", "overview.col.share", "pct")],
            [{"key": k, "label": f"degree.{k}", "standards": rate["by_degree"][k],
              "share": round(rate["by_degree"][k] / denominator, 6) if denominator else 0.0} for k in DEGREE_KEYS],
            note="overview.by_degree.note"),
        "by_ics_field": Table("by_ics_field", "overview.by_ics_field", rate_columns("col.ics_field"),
                              breakdown_rows(b.get("ics_field", [])), note="overview.multi_ics.note"),
        "by_ics_group": Table("by_ics_group", "overview.by_ics_group", rate_columns("col.ics_group"),
                              breakdown_rows(b.get("ics_group", [])), limit=top),
        "by_committee": Table("by_committee", "overview.by_committee", rate_columns("col.committee", False),
                              breakdown_rows(b.get("committee", [])), limit=top),
        "by_doc_type": Table("by_doc_type", "overview.by_doc_type", rate_columns("col.doc_type", False),
                             breakdown_rows(b.get("doc_type", []))),
        "by_year": Table("by_year", "overview.by_year", rate_columns("col.year", False),
                         breakdown_rows(b.get("year", [])), note="overview.by_year.note"),
    }
    return tables


def degree_chart(key: str, by_degree: dict[str, int]) -> Chart:
    return Chart(key, "stacked", "overview.chart.degree_mix", "overview.chart.degree_mix.desc", value="int",
                 bars=[{"label": k, "label_key": f"degree.{k}", "value": by_degree[k], "css": f"deg-{k}"}
                       for k in DEGREE_KEYS])


def build_overview(store: Store, rules: CountingRules | None = None, *, top: int = DEFAULT_TOP,
                   years: int = DEFAULT_YEARS, today: _dt.date | None = None) -> Report:
    rules = rules or CountingRules()
    today = today or _dt.date.today()
    dates = series_dates(rules, years, today)
    # the analytics queries side by side: Oxigraph releases the GIL, so on the full catalogues the report takes
    # about the time of its slowest part (the gaps), not the sum
    with ThreadPoolExecutor(3) as pool:
        gaps_job = pool.submit(find_gaps, store, rules, sort="age", today=today)
        series_job = pool.submit(compute_series, store, rules, dates)
        stale_job = pool.submit(find_stale, store, rules, today=today)
        lag_job = pool.submit(compute_lag, store, rules)
        rate = compute_rate(store, rules).to_json()
        adoptions = [a.to_json() for a in list_adoptions(store)]
        series = [p.to_json() for p in series_job.result()]
        lag = lag_job.result()
        stale = sorted((s.to_json() for s in stale_job.result()),
                       key=lambda s: (-(s["months_behind"] or -1), s["national"], s["adopted"]))
        gaps = [g.to_json() for g in gaps_job.result()]

    tables = rate_tables(rate, top)
    tables["series"] = Table("series", "overview.series", [
        Column("date", "col.date", "date"), Column("denominator", "col.in_scope", "int"),
        Column("adopted", "col.adopted", "int"), Column("rate", "col.rate", "pct")], series,
        note="overview.series.note")
    lag_cols = [Column("n", "col.pairs", "int"), Column("median", "col.median", "months"),
                Column("q1", "col.q1", "months"), Column("q3", "col.q3", "months")]
    tables["lag_by_year"] = Table("lag_by_year", "overview.lag_by_year", [Column("year", "col.year", "code")]
                                  + lag_cols, lag["by_year"], note="overview.lag.note")
    tables["lag_by_committee"] = Table("lag_by_committee", "overview.lag_by_committee",
                                       [Column("committee", "col.committee", "code")] + lag_cols,
                                       lag["by_committee"], limit=top)
    tables["gaps"] = Table("gaps", "overview.gaps", [
        Column("standard", "col.international", "id"), Column("title_en", "col.title"),
        Column("issued", "col.issued", "date"), Column("committee", "col.committee"),
        Column("waiting_months", "col.waiting_months", "months"), Column("kind", "col.gap_kind", "gapkind"),
        Column("strongest", "col.strongest", "degree"), Column("older_editions_adopted", "col.older_editions", "list"),
        Column("pending", "col.pending", "list")], gaps, limit=top, note="overview.gaps.note")
    tables["stale"] = Table("stale", "overview.stale", [
        Column("national", "col.national", "id"), Column("national_title_zh", "col.title"),
        Column("adopted", "col.adopted_std", "id"), Column("degree", "col.degree", "degree"),
        Column("adopted_status", "col.adopted_status", "status"), Column("current", "col.current_edition", "id"),
        Column("editions_behind", "col.editions_behind", "int"), Column("months_behind", "col.months_behind", "months")],
        stale, limit=top, note="overview.stale.note")
    tables["adoptions"] = Table("adoptions", "overview.adoptions", [
        Column("adopting", "col.national", "id"), Column("title", "col.title", "title"),
        Column("adopting_status", "col.status", "status"), Column("adopted", "col.adopted_std", "id"),
        Column("degree", "col.degree", "degree"), Column("adopted_status", "col.adopted_status", "status"),
        Column("confidence", "col.confidence", "code"), Column("sources", "col.sources", "links")],
        [{**a, "title": {"zh": a["adopting_title_zh"], "en": a["adopting_title_en"]}} for a in adoptions],
        limit=max(top, 50), note="overview.adoptions.note")

    charts = {
        "trend": Chart("trend", "line", "overview.chart.trend", "overview.chart.trend.desc", value="pct",
                       x=[point_label(d) for d in dates],
                       series=[{"label": "rate.rate", "values": [p["rate"] if p["denominator"] else None
                                                                for p in series]}]),
        "degree_mix": degree_chart("degree_mix", rate["by_degree"]),
        "lag_trend": Chart("lag_trend", "line", "overview.chart.lag", "overview.chart.lag.desc", value="months",
                           x=[str(r["year"]) for r in lag["by_year"]],
                           series=[{"label": "col.median", "values": [r["median"] for r in lag["by_year"]]},
                                   {"label": "col.q3", "values": [r["q3"] for r in lag["by_year"]], "dashed": True}]),
        "ics": Chart("ics", "bar", "overview.chart.ics", "overview.chart.ics.desc", value="pct", y_max=1.0,
                     bars=[{"label": f"{r['key']} {r.get('label', '')}".strip(), "value": r["rate"]}
                           for r in sorted(rate["breakdowns"].get("ics_field", []),
                                           key=lambda r: (-r["denominator"], r["key"]))[:12]]),
    }
    figures = {
        "rate": {k: rate[k] for k in ("denominator", "adopted", "rate", "not_adopted", "neq", "eqv",
                                      "degree_unknown")},
        "lag": lag["overall"],
        "gaps": len(gaps),
        "revision_needed": sum(1 for g in gaps if g["kind"] == "revision needed"),
        "stale": len(stale),
        "adoptions": len(adoptions),
    }
    return Report(
        kind="overview", slug="overview",
        title={"en": "Adoption of international standards — overview", "zh": "国际标准采用情况概览"},
        subject={"en": rules.subject(), "zh": rules.subject(zh=True)},
        meta=base_meta(store, rules), figures=figures, tables=tables, charts=charts,
    )


__all__ = ["DEFAULT_TOP", "DEFAULT_YEARS", "breakdown_rows", "build_overview", "degree_chart", "point_label",
           "rate_tables", "series_dates"]
