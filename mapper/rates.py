"""Adoption (conversion) rates over the loaded graph, counted in SPARQL (queries/*.rq).

>>> from mapper.kg import open_kg
>>> result = compute_rate(open_kg(":memory:"))
>>> 0 <= result.rate <= 1
True
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Sequence

from mapper.rules import RANK, CountingRules
from mapper.store import Store

QUERIES = Path(__file__).resolve().parent / "queries"
RANK_NAMES = {4: "IDT", 3: "MOD", 2: "EQV", 1: "NEQ", 0: "unknown", None: "none"}
DOC_TYPE_IRIS = {"IS": "smdt:IS", "TS": "smdt:TS", "TR": "smdt:TR", "PAS": "smdt:PAS", "IWA": "smdt:IWA", "Guide": "smdt:Guide"}


def load_query(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _date(value: _dt.date) -> str:
    return f'"{value.isoformat()}"^^xsd:date'


#: the adopting standard ?n is in force on ?asof (see rate_items.rq). Start: implementation date, else
#: issue date, else the end of the year its designation carries (GB/T 24001-2016 → 2016-12-31).
NATIONAL_IN_FORCE_AS_OF = """OPTIONAL { ?n sm:effective ?neff } OPTIONAL { ?n dcterms:issued ?niss } OPTIONAL { ?n sm:year ?nyr }
    BIND(COALESCE(?neff, ?niss, STRDT(CONCAT(STR(?nyr), "-12-31"), xsd:date)) AS ?nstart)
    FILTER(BOUND(?nstart) && ?nstart <= ?asof)
    FILTER NOT EXISTS { ?n sm:withdrawn ?nwd . FILTER(?nwd <= ?asof) }
    FILTER NOT EXISTS { ?n dcterms:isReplacedBy ?nsucc .
                        OPTIONAL { ?nsucc sm:effective ?nseff } OPTIONAL { ?nsucc dcterms:issued ?nsiss }
                        FILTER(COALESCE(?nseff, ?nsiss) <= ?asof) }
    FILTER NOT EXISTS { ?n sm:status ?nst . FILTER(?nst IN (smst:withdrawn, smst:superseded))
                        FILTER NOT EXISTS { ?n sm:withdrawn ?nwd2 }
                        FILTER NOT EXISTS { ?n dcterms:isReplacedBy ?nsucc2 . ?nsucc2 sm:effective|dcterms:issued ?nsd2 } }"""

CANDIDATE_INTERVAL = """OPTIONAL { ?e sm:effective ?eff0 } OPTIONAL { ?e dcterms:issued ?iss0 } OPTIONAL { ?e sm:year ?yr0 }
      BIND(COALESCE(?eff0, ?iss0, STRDT(CONCAT(STR(?yr0), "-12-31"), xsd:date)) AS ?start0)
      OPTIONAL {
        { ?e sm:withdrawn ?end0 }
        UNION
        { ?e dcterms:isReplacedBy ?succ . OPTIONAL { ?succ sm:effective ?seff } OPTIONAL { ?succ dcterms:issued ?siss }
          BIND(COALESCE(?seff, ?siss) AS ?end0) }
      }
      OPTIONAL { ?e sm:status ?st0 }
      BIND(IF(BOUND(?st0) && ?st0 IN (smst:withdrawn, smst:superseded), 1, 0) AS ?lost0)"""


def scope_filter(rules: CountingRules, var: str = "?e", id_var: str = "?sid", work_var: str = "?wk0") -> str:
    """One FILTER: the standard matches any ICS prefix, committee or listed designation of the scope."""
    from mapper import ids

    tests = []
    for p in rules.scope_ics:
        tests.append(f"EXISTS {{ {var} sm:ics/skos:notation ?scope_ics . "
                     f"FILTER(STR(?scope_ics) = {_literal(p)} || STRSTARTS(STR(?scope_ics), {_literal(p + '.')})) }}")
    for c in rules.scope_committees:
        tests.append(f"EXISTS {{ {var} sm:committee/skos:notation ?scope_tc . "
                     f"FILTER(STR(?scope_tc) = {_literal(c)} || STRSTARTS(STR(?scope_tc), {_literal(c + '/')})) }}")
    dated, undated = [], []
    for text in rules.scope_standards:
        try:
            d = ids.parse(text)
        except ids.DesignationError as exc:
            raise ValueError(f"scope: cannot read the listed standard {text!r}: {exc.reason}") from exc
        (dated if d.year is not None or d.supplements else undated).append(d.normalized if d.year is not None else d.work)
    if dated:
        tests.append(f"{id_var} IN ({', '.join(_literal(x) for x in sorted(set(dated)))})")
    if undated:
        tests.append(f"EXISTS {{ {work_var} dcterms:identifier ?scope_work . "
                     f"FILTER(?scope_work IN ({', '.join(_literal(x) for x in sorted(set(undated)))})) }}")
    return f"FILTER({' || '.join(tests)})" if tests else ""


def items_query(rules: CountingRules, dates: Sequence[_dt.date] | None = None) -> str:
    """The rows of rate_items.rq under `rules`: per as-of date in `dates` (default: the rules' as-of
    date, or the recorded statuses when it has none)."""
    if dates is None and rules.as_of is not None:
        dates = [rules.as_of]
    as_of = bool(dates)
    if rules.editions == "current":
        unit_select, unit_group = "(?e AS ?s) ?work (SAMPLE(?id0) AS ?id)", "?e ?work"
        adopted = "?ad sm:adoptedStandard ?e ."
    else:  # one row per work, through its newest in-force edition
        unit_select, unit_group = "(MAX(?e) AS ?s) ?work (MAX(?id0) AS ?id)", "?work"
        adopted = "?ad sm:adoptedStandard ?adopted_edition . ?adopted_edition sm:isEditionOf ?work ."
    return Template(load_query("rate_items.rq")).substitute(
        unit_select=unit_select,
        unit_group=unit_group,
        bodies=", ".join(_literal(b) for b in rules.bodies),
        doc_types=" ".join(DOC_TYPE_IRIS[d] for d in rules.doc_types),
        levels=" ".join(f"smlv:{lv}" for lv in rules.levels),
        scope=scope_filter(rules),
        candidate_state=CANDIDATE_INTERVAL if as_of else "?e sm:status smst:current .",
        asof_values=f"VALUES ?asof {{ {' '.join(_date(d) for d in dates)} }}" if as_of else "",
        in_force=("FILTER(BOUND(?start) && ?start <= ?asof && (!BOUND(?end) || ?end > ?asof) && (BOUND(?end) || ?lost = 0))"
                  if as_of else ""),
        adopted_pattern=adopted,
        country=f"?np sm:jurisdiction {_literal(rules.country)} ." if rules.country else "",
        national_in_force=NATIONAL_IN_FORCE_AS_OF if as_of else "?n sm:status smst:current .",
    )


def _query(store: Store, name: str, rules: CountingRules) -> list[dict]:
    items = items_query(rules)
    # strip the comment header of the inner query: comments inside a sub-select are fine, but keep it short
    inner = "\n".join(line for line in items.splitlines() if not line.lstrip().startswith("#"))
    text = Template(load_query(name)).substitute(items=inner, counted=", ".join(map(str, rules.counted_ranks())))
    return store.query(text)


@dataclass
class FieldRate:
    field: str
    label: str
    denominator: int
    adopted: int

    @property
    def rate(self) -> float:
        return self.adopted / self.denominator if self.denominator else 0.0


@dataclass
class RateResult:
    rules: CountingRules
    denominator: int
    adopted: int
    neq: int
    eqv: int
    unknown: int
    by_degree: dict[str, int]
    by_ics_field: list[FieldRate] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.adopted / self.denominator if self.denominator else 0.0

    def to_json(self) -> dict:
        return {
            "denominator": self.denominator,
            "adopted": self.adopted,
            "rate": round(self.rate, 6),
            "neq": self.neq,
            "eqv": self.eqv,
            "degree_unknown": self.unknown,
            "not_adopted": self.denominator - self.adopted,
            "rules": self.rules.to_json(),
            "by_degree": self.by_degree,
            "by_ics_field": [
                {"field": f.field, "label": f.label, "denominator": f.denominator, "adopted": f.adopted,
                 "rate": round(f.rate, 6)}
                for f in self.by_ics_field
            ],
        }


def _int(value: object) -> int:
    return int(value) if value is not None else 0


def compute_rate(store: Store, rules: CountingRules | None = None) -> RateResult:
    rules = rules or CountingRules()
    totals = _query(store, "rate_totals.rq", rules)[0]
    by_degree = {name: 0 for name in ("IDT", "MOD", "EQV", "NEQ", "unknown", "none")}
    for row in _query(store, "rate_by_degree.rq", rules):
        best = row["best"]
        by_degree[RANK_NAMES[int(best) if best is not None else None]] = _int(row["n"])
    fields = [
        FieldRate(str(r["field"]), str(r["label"]) if r["label"] is not None else "", _int(r["denominator"]), _int(r["adopted"]))
        for r in _query(store, "rate_by_ics_field.rq", rules)
    ]
    return RateResult(
        rules=rules,
        denominator=_int(totals["denominator"]),
        adopted=_int(totals["adopted"]),
        neq=_int(totals["neq"]),
        eqv=_int(totals["eqv"]),
        unknown=_int(totals["unknown"]),
        by_degree=by_degree,
        by_ics_field=fields,
    )


__all__ = ["CountingRules", "FieldRate", "RateResult", "compute_rate", "items_query", "RANK"]
