"""Adoption (conversion) rates over the loaded graph, counted in SPARQL (queries/*.rq).

>>> from mapper.kg import open_kg
>>> result = compute_rate(open_kg(":memory:"))
>>> 0 <= result.rate <= 1
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from mapper.rules import RANK, CountingRules
from mapper.store import Store

QUERIES = Path(__file__).resolve().parent / "queries"
RANK_NAMES = {4: "IDT", 3: "MOD", 2: "EQV", 1: "NEQ", 0: "unknown", None: "none"}
BODY_IRIS = {"ISO": "smorg:ISO", "IEC": "smorg:IEC", "ITU": "smorg:ITU"}
DOC_TYPE_IRIS = {"IS": "smdt:IS", "TS": "smdt:TS", "TR": "smdt:TR", "PAS": "smdt:PAS", "IWA": "smdt:IWA", "Guide": "smdt:Guide"}


def load_query(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def items_query(rules: CountingRules) -> str:
    scope = []
    if rules.ics_prefixes:
        tests = " || ".join(
            f'?ics_code = {_literal(p)} || STRSTARTS(?ics_code, {_literal(p + ".")})' for p in rules.ics_prefixes
        )
        scope.append(f"FILTER EXISTS {{ ?s sm:ics/skos:notation ?ics_code0 . BIND(STR(?ics_code0) AS ?ics_code) FILTER({tests}) }}")
    if rules.committees:
        tests = " || ".join(
            f'?tc = {_literal(c)} || STRSTARTS(?tc, {_literal(c + "/")})' for c in rules.committees
        )
        scope.append(f"FILTER EXISTS {{ ?s sm:committee/skos:notation ?tc0 . BIND(STR(?tc0) AS ?tc) FILTER({tests}) }}")
    country = ""
    if rules.country:
        country = f"?np sm:jurisdiction {_literal(rules.country)} ."
    return Template(load_query("rate_items.rq")).substitute(
        bodies=" ".join(BODY_IRIS[b] for b in rules.bodies),
        doc_types=" ".join(DOC_TYPE_IRIS[d] for d in rules.doc_types),
        levels=" ".join(f"smlv:{lv}" for lv in rules.levels),
        scope="\n  ".join(scope),
        country=country,
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
