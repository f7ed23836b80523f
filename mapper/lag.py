"""Adoption lag and 采标率 (share of national standards adopting international ones), docs/analytics.md.

The pairs and the counts come from SPARQL (queries/lag_pairs.rq, share*.rq, the rule in a comment above
each); Python turns dates into whole months and computes the medians and quartiles.

>>> import datetime as dt
>>> months_between(dt.date(2015, 9, 15), dt.date(2016, 10, 13))  # the 13th is before the 15th
12
>>> months_between(dt.date(2016, 3, 15), dt.date(2016, 1, 20))  # national first: negative
-1
>>> summary([3, 1, 2])
{'n': 3, 'median': 2, 'q1': 1.5, 'q3': 2.5}
"""

from __future__ import annotations

import statistics
from string import Template
from typing import Any

from mapper.rates import (
    DOC_TYPE_IRIS,
    _date,
    _literal,
    load_query,
    scope_filter,
    strip_comments,
)
from mapper.rules import RANK, CountingRules, day_of, months_between
from mapper.store import Store

NO_KEY = "—"
RANK_NAMES = {rank: name for name, rank in RANK.items()}
SECTORS = ("ics", "ccs")

#: CCS (中国标准文献分类法) first-level fields, by letter
CCS_FIELDS = {
    "A": "综合 General", "B": "农业、林业 Agriculture, forestry", "C": "医药、卫生、劳动保护 Medicine, health, labour protection",
    "D": "矿业 Mining", "E": "石油 Petroleum", "F": "能源、核技术 Energy, nuclear technology", "G": "化工 Chemicals",
    "H": "冶金 Metallurgy", "J": "机械 Machinery", "K": "电工 Electrical engineering",
    "L": "电子元器件与信息技术 Electronic components, information technology", "M": "通信、广播 Telecommunications, broadcasting",
    "N": "仪器、仪表 Instruments, meters", "P": "工程建设 Construction", "Q": "建材 Building materials",
    "R": "公路、水路运输 Road and waterway transport", "S": "铁路 Railways", "T": "车辆 Vehicles", "U": "船舶 Ships",
    "V": "航空、航天 Aeronautics, astronautics", "W": "纺织 Textiles", "X": "食品 Food",
    "Y": "轻工、文化与生活用品 Light industry, cultural and daily goods", "Z": "环境保护 Environmental protection",
}


class AnalyticsError(ValueError):
    """A request the counting rules cannot answer (the message says why)."""


# -- whole months and summaries -------------------------------------------------------------------------------
def _num(value: float) -> int | float:
    value = round(float(value), 6)
    return int(value) if value == int(value) else value


def summary(values: list[int], *, mean: bool = False) -> dict[str, Any]:
    """n, median, q1, q3 (statistics.median; statistics.quantiles(n=4, method="inclusive"); one value:
    all three equal it; none: null), and the mean when asked."""
    out: dict[str, Any] = {"n": len(values)}
    if not values:
        out.update(median=None, q1=None, q3=None)
    elif len(values) == 1:
        out.update(median=values[0], q1=values[0], q3=values[0])
    else:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        out.update(median=_num(statistics.median(values)), q1=_num(q1), q3=_num(q3))
    if mean:
        out["mean"] = _num(statistics.fmean(values)) if values else None
    return out


# -- query text -----------------------------------------------------------------------------------------------
def _degrees(rules: CountingRules) -> list[str]:
    return [d for d in ("IDT", "MOD", "EQV", "NEQ") if d in rules.degrees]


def _common(rules: CountingRules) -> dict[str, str]:
    return {
        "levels": " ".join(f"smlv:{lv}" for lv in rules.levels),
        "country": f"?np sm:jurisdiction {_literal(rules.country)} ." if rules.country else "",
        "bodies": ", ".join(_literal(b) for b in rules.bodies),
    }


def lag_query(rules: CountingRules) -> str:
    return Template(load_query("lag_pairs.rq")).substitute(
        _common(rules),
        degrees=" ".join(f"(smdeg:{d} {RANK[d]})" for d in _degrees(rules)),
        doc_types=", ".join(DOC_TYPE_IRIS[d] for d in rules.doc_types),
        scope=scope_filter(rules, var="?i", id_var="?iid0", work_var="?iwk"),
        as_of=(f"HAVING (COALESCE(MIN(?niss0) <= {_date(rules.as_of)}, true))" if rules.as_of else ""),
    )


#: per national standard (share_nationals.rq): its dates, the start of its earliest dated successor and
#: whether it is recorded as out of force; NATIONAL_IN_FORCE then reads mapper.rates.NATIONAL_IN_FORCE_AS_OF
#: off these aggregates
NATIONAL_DATES = """OPTIONAL { ?n sm:effective ?neff0 } OPTIONAL { ?n dcterms:issued ?niss0 } OPTIONAL { ?n sm:year ?nyr0 }
      OPTIONAL { ?n sm:withdrawn ?nwd0 }
      OPTIONAL { ?n dcterms:isReplacedBy ?nsucc . OPTIONAL { ?nsucc sm:effective ?nseff } OPTIONAL { ?nsucc dcterms:issued ?nsiss }
                 BIND(COALESCE(?nseff, ?nsiss) AS ?nsend0) }
      OPTIONAL { ?n sm:status ?nst }
      BIND(IF(BOUND(?nst) && ?nst IN (smst:withdrawn, smst:superseded), 1, 0) AS ?nlost0)"""
NATIONAL_IN_FORCE = """BIND(COALESCE(?neff, ?niss, STRDT(CONCAT(STR(?nyr), "-12-31"), xsd:date)) AS ?nstart)
  FILTER(BOUND(?nstart) && ?nstart <= ?asof)
  FILTER(!BOUND(?nwd) || ?nwd > ?asof)
  FILTER(!BOUND(?nsend) || ?nsend > ?asof)
  FILTER(?nlost = 0 || BOUND(?nwd) || BOUND(?nsend))"""


def nationals_query(rules: CountingRules) -> str:
    as_of = rules.as_of is not None
    return strip_comments(Template(load_query("share_nationals.rq")).substitute(
        _common(rules),
        degrees=" ".join(f"smdeg:{d}" for d in _degrees(rules)),
        asof_values=f"VALUES ?asof {{ {_date(rules.as_of)} }}" if as_of else "",
        national_state=NATIONAL_DATES if as_of else "?n sm:status smst:current .",
        in_force=NATIONAL_IN_FORCE if as_of else "",
    ))


def share_query(rules: CountingRules) -> str:
    return Template(load_query("share.rq")).substitute(nationals=nationals_query(rules))


def share_by_sector_query(rules: CountingRules, sector: str = "ics") -> str:
    if sector not in SECTORS:
        raise AnalyticsError(f"unknown sector {sector!r}; expected one of {', '.join(SECTORS)}")
    ics = sector == "ics"
    return Template(load_query("share_by_sector.rq")).substitute(
        nationals=nationals_query(rules),
        sector_path="sm:ics/skos:notation" if ics else "sm:ccs/skos:notation",
        key_length=2 if ics else 1,
        label=('OPTIONAL { ?f skos:inScheme smics:scheme ; skos:notation ?key ; skos:prefLabel ?label0 . '
               'FILTER(LANG(?label0) = "en") }') if ics else "",
    )


# -- lag ------------------------------------------------------------------------------------------------------
LAG_NOTE = ("Lag: pairs (adopting standard, international edition it adopts at a counted degree), whatever their "
            "status; the adopted edition is the unit (--editions does not change the pairs); with --as-of, pairs "
            "whose national issue date is after that day are left out.")
LAG_NOTE_ZH = "滞后：按（采用标准，以计入程度采用的国际标准版本）配对，不论现行与否；--as-of 时只计国家标准发布日期不晚于该日的配对。"


def compute_lag(store: Store, rules: CountingRules | None = None) -> dict[str, Any]:
    """The lag pairs and their summaries, in the JSON shape of docs/analytics.md (plus `missing_dates`)."""
    rules = rules or CountingRules()
    pairs: list[dict[str, Any]] = []
    missing = 0
    for row in store.query(lag_query(rules)):
        niss, iiss, neff = day_of(row["niss"]), day_of(row["iiss"]), day_of(row["neff"])
        if niss is None or iiss is None:
            missing += 1
            continue
        committees = sorted({c for c in str(row["committees"] or "").split("|") if c})
        pairs.append({
            "national": str(row["nid"]),
            "international": str(row["iid"]),
            "degree": RANK_NAMES[int(row["best"])],
            "national_issued": niss.isoformat(),
            "national_effective": neff.isoformat() if neff else None,
            "international_issued": iiss.isoformat(),
            "committees": committees,
            "lag_months": months_between(iiss, niss),
            "lag_effective_months": months_between(iiss, neff) if neff else None,
        })
    pairs.sort(key=lambda p: (p["national"], p["international"]))
    by_year: dict[int, list[int]] = {}
    by_committee: dict[str, list[int]] = {}
    for p in pairs:
        by_year.setdefault(int(p["national_issued"][:4]), []).append(p["lag_months"])
        for c in p["committees"] or [NO_KEY]:
            by_committee.setdefault(c, []).append(p["lag_months"])
    return {
        "rules": rules.with_note(LAG_NOTE, LAG_NOTE_ZH).to_json(),
        "pairs": pairs,
        "missing_dates": missing,
        "overall": summary([p["lag_months"] for p in pairs], mean=True),
        "by_year": [{"year": y, **summary(v)} for y, v in sorted(by_year.items())],
        "by_committee": [{"committee": c, **summary(v)} for c, v in sorted(by_committee.items())],
    }


# -- share ----------------------------------------------------------------------------------------------------
SHARE_NOTE = ("Share (采标率): national standards in force of the counted levels (supplements not counted "
              "apart); adopting = at least one Adoption claim of a counted degree on a standard of a counted body "
              "(any document type, in force or not). Document types, editions and scope switches do not apply.")
SHARE_NOTE_ZH = ("采标率：按计入层级的现行国家标准计（修改单等不单独计）；采标 = 至少有一条计入程度的采用关系，"
                 "所采用的是计入机构的标准（任何文件类型，现行与否均可）。文件类型、版本和范围选项不适用。")


def _int(value: Any) -> int:
    return int(value) if value is not None else 0


def _share(adopting: int, national: int) -> float:
    return round(adopting / national, 6) if national else 0.0


def compute_share(store: Store, rules: CountingRules | None = None, sector: str = "ics") -> dict[str, Any]:
    """采标率 in the JSON shape of docs/analytics.md (plus `sector`: ics or ccs)."""
    rules = rules or CountingRules()
    if sector not in SECTORS:
        raise AnalyticsError(f"unknown sector {sector!r}; expected one of {', '.join(SECTORS)}")
    if rules.scoped:
        raise AnalyticsError("share counts national standards; the scope switches (--ics, --committee, --standard, "
                             "--scope) select international standards and do not apply here — use --sector for a "
                             "breakdown by field")
    totals = store.query(share_query(rules))[0]
    national, adopting = _int(totals["national"]), _int(totals["adopting"])
    rows = []
    for r in store.query(share_by_sector_query(rules, sector)):
        key = str(r["key"])
        if sector == "ccs":
            label = CCS_FIELDS.get(key, "")
        else:
            label = str(r["label"]) if r["label"] is not None else ""
        n, a = _int(r["national"]), _int(r["adopting"])
        rows.append({"key": key, "label": label, "national": n, "adopting": a, "share": _share(a, n)})
    rows.sort(key=lambda r: r["key"])
    return {
        "rules": rules.with_note(SHARE_NOTE, SHARE_NOTE_ZH).to_json(),
        "national": national,
        "adopting": adopting,
        "share": _share(adopting, national),
        "sector": sector,
        "by_sector": rows,
    }


__all__ = [
    "AnalyticsError",
    "compute_lag",
    "compute_share",
    "lag_query",
    "months_between",
    "share_by_sector_query",
    "share_query",
    "summary",
]
