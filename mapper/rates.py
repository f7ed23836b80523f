"""Adoption (conversion) rates over the loaded graph, counted in SPARQL (queries/*.rq).

>>> from mapper.kg import open_kg
>>> result = compute_rate(open_kg(":memory:"))
>>> 0 <= result.rate <= 1
True
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import unquote

from mapper.rules import RANK, CountingRules, day_of
from mapper.store import Store
from mapper.vocab import SMDT, SMICS, SMTC

QUERIES = Path(__file__).resolve().parent / "queries"
RANK_NAMES = {4: "IDT", 3: "MOD", 2: "EQV", 1: "NEQ", 0: "unknown", None: "none"}
DOC_TYPE_IRIS = {"IS": "smdt:IS", "TS": "smdt:TS", "TR": "smdt:TR", "PAS": "smdt:PAS", "IWA": "smdt:IWA", "Guide": "smdt:Guide"}


def load_query(name: str) -> str:
    return (QUERIES / name).read_text(encoding="utf-8")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _date(value: _dt.date) -> str:
    return f'"{value.isoformat()}"^^xsd:date'


#: the adopting standard ?n is in force on ?asof (see rate_items.rq), on the same terms as the candidates:
#: start = implementation date, else issue date, else the end of the year its designation carries
#: (GB/T 24001-2016 → 2016-12-31); end = withdrawal, or the successor's start; recorded withdrawn or
#: superseded with no such date = never in force on a date. Read once per adopting standard (few).
NATIONAL_INTERVAL = """{ SELECT ?n (MIN(?nstart0) AS ?nstart) (MIN(?nend0) AS ?nend) (MAX(?nlost0) AS ?nlost) WHERE {
        { SELECT DISTINCT ?n WHERE { ?ad0 sm:adoptingStandard ?n } }
        OPTIONAL { ?n sm:effective ?neff } OPTIONAL { ?n dcterms:issued ?niss } OPTIONAL { ?n sm:year ?nyr }
        BIND(COALESCE(?neff, ?niss, STRDT(CONCAT(STR(?nyr), "-12-31"), xsd:date)) AS ?nstart0)
        OPTIONAL {
          { ?n sm:withdrawn ?nend0 }
          UNION
          { ?n dcterms:isReplacedBy ?nsucc . OPTIONAL { ?nsucc sm:effective ?nseff } OPTIONAL { ?nsucc dcterms:issued ?nsiss }
            BIND(COALESCE(?nseff, ?nsiss) AS ?nend0) }
        }
        OPTIONAL { ?n sm:status ?nst0 FILTER(?nst0 IN (smst:withdrawn, smst:superseded)) BIND(1 AS ?nlost0) }
      } GROUP BY ?n }"""
NATIONAL_IN_FORCE_TEST = ("BOUND(?nstart) && ?nstart <= ?asof && (!BOUND(?nend) || ?nend > ?asof) "
                          "&& (BOUND(?nend) || COALESCE(?nlost, 0) = 0)")
NATIONAL_IN_FORCE_AS_OF = NATIONAL_INTERVAL + f"\n      FILTER({NATIONAL_IN_FORCE_TEST})"

def _interval_by_hash(s: str, prefix: str, indent: str) -> str:
    """The patterns that read a standard `s`'s start (?{p}start0: implementation date, else issue date, else
    the end of its designation's year), end (?{p}end0: withdrawal, or its successor's start) and whether it
    is recorded as withdrawn/superseded (?{p}lost0), variables prefixed `prefix`: each property read by one
    scan (sub-select) and joined by hash — as plain OPTIONAL patterns they were looked up once per standard,
    300,000 adopting standards with ten national catalogues; the successors' dates too (a 3-date series at
    10x: 74 → 25 s over a SPARQL server, where each lookup is made once per graph; 25 → 23 s on disk)."""
    p = prefix
    return f"""{start_by_hash(s, prefix, indent)}
{indent}OPTIONAL {{ SELECT {s} ?{p}end0 WHERE {{
{indent}  {{ {s} sm:withdrawn ?{p}end0 }}
{indent}  UNION
{indent}  {{ {s} dcterms:isReplacedBy ?{p}succ .
{indent}    OPTIONAL {{ SELECT ?{p}succ ?{p}seff WHERE {{ ?{p}succ sm:effective ?{p}seff }} }}
{indent}    OPTIONAL {{ SELECT ?{p}succ ?{p}siss WHERE {{ ?{p}succ dcterms:issued ?{p}siss }} }}
{indent}    BIND(COALESCE(?{p}seff, ?{p}siss) AS ?{p}end0) }}
{indent}}} }}
{indent}OPTIONAL {{ SELECT {s} ?{p}lost0 WHERE {{ {s} sm:status ?{p}st0 FILTER(?{p}st0 IN (smst:withdrawn, smst:superseded)) BIND(1 AS ?{p}lost0) }} }}"""


def start_by_hash(s: str, prefix: str, indent: str) -> str:
    """The start part of `_interval_by_hash`: ?{prefix}start0, a standard `s`'s implementation date, else its
    issue date, else the end of its designation's year — one row per value found."""
    p = prefix
    return f"""OPTIONAL {{ SELECT {s} ?{p}eff WHERE {{ {s} sm:effective ?{p}eff }} }}
{indent}OPTIONAL {{ SELECT {s} ?{p}iss WHERE {{ {s} dcterms:issued ?{p}iss }} }}
{indent}OPTIONAL {{ SELECT {s} ?{p}yr WHERE {{ {s} sm:year ?{p}yr }} }}
{indent}BIND(COALESCE(?{p}eff, ?{p}iss, STRDT(CONCAT(STR(?{p}yr), "-12-31"), xsd:date)) AS ?{p}start0)"""


#: the candidate ?e's interval (see _interval_by_hash), variables ?start0, ?end0, ?lost0
CANDIDATE_INTERVAL = _interval_by_hash("?e", "", "      ")

#: NATIONAL_INTERVAL for the adopting standards of rate_items.rq: the same dates and the same reading, each
#: property joined by hash (see _interval_by_hash)
NATIONAL_INTERVAL_BY_HASH = f"""{{ SELECT ?n (MIN(?nstart0) AS ?nstart) (MIN(?nend0) AS ?nend) (MAX(?nlost0) AS ?nlost) WHERE {{
            {{ SELECT DISTINCT ?n WHERE {{ ?ad0 sm:adoptingStandard ?n }} }}
            {_interval_by_hash("?n", "n", "            ")}
          }} GROUP BY ?n }}"""

#: editions=any: the claims on any edition of a work, per work (the adopted edition's work read by one scan;
#: an adopted edition's work is repeated in every catalogue that adopts it, hence DISTINCT)
ADOPTED_WORK = ("{ SELECT DISTINCT ?ad ?work WHERE { { SELECT ?ad ?adopted_edition WHERE { ?ad sm:adoptedStandard ?adopted_edition } } "
                "{ SELECT ?adopted_edition ?work WHERE { ?adopted_edition sm:isEditionOf ?work } } } }")


def scope_filter(rules: CountingRules, var: str = "?e", id_var: str = "?sid", work_var: str = "?wk0") -> str:
    """A pattern keeping the standards `var` that match any ICS prefix, committee or listed designation of
    the scope ("" when there is no scope). The standards in scope are found by one sub-select (a union of
    lookups from the ICS codes, committees and designations named), joined by hash — not tested one by one."""
    from mapper import ids

    parts = []
    ics = [f"STR(?scope_ics) = {_literal(p)} || STRSTARTS(STR(?scope_ics), {_literal(p + '.')})" for p in rules.scope_ics]
    if ics:
        parts.append(f"{{ ?scope_c skos:notation ?scope_ics . FILTER({' || '.join(ics)}) {var} sm:ics ?scope_c }}")
    tcs = [f"STR(?scope_tc) = {_literal(c)} || STRSTARTS(STR(?scope_tc), {_literal(c + '/')})" for c in rules.scope_committees]
    if tcs:
        parts.append(f"{{ ?scope_t skos:notation ?scope_tc . FILTER({' || '.join(tcs)}) {var} sm:committee ?scope_t }}")
    dated, undated = [], []
    for text in rules.scope_standards:
        try:
            d = ids.parse(text)
        except ids.DesignationError as exc:
            raise ValueError(f"scope: cannot read the listed standard {text!r}: {exc.reason}") from exc
        (dated if d.year is not None or d.supplements else undated).append(d.normalized if d.year is not None else d.work)
    if dated:
        parts.append(f"{{ VALUES ?scope_id {{ {' '.join(_literal(x) for x in sorted(set(dated)))} }} "
                     f"{var} dcterms:identifier ?scope_id }}")
    if undated:
        parts.append(f"{{ VALUES ?scope_work {{ {' '.join(_literal(x) for x in sorted(set(undated)))} }} "
                     f"?scope_w dcterms:identifier ?scope_work . {var} sm:isEditionOf ?scope_w }}")
    if not parts:
        return ""
    return f"{{ SELECT DISTINCT {var} WHERE {{ {' UNION '.join(parts)} }} }}"


def _item_parts(rules: CountingRules, dates: Sequence[_dt.date] | None) -> dict[str, str]:
    """The substitutions of rate_items.rq, rate_candidates.rq and rate_claims.rq under `rules`, with
    `candidates` and `claims` (the two sub-selects) filled in."""
    if dates is None and rules.as_of is not None:
        dates = [rules.as_of]
    as_of = bool(dates)
    asof_values = f"VALUES ?asof {{ {' '.join(_date(d) for d in dates)} }}" if as_of else ""
    if rules.editions == "current":
        # ?e is one row per as-of date already: no grouping needed
        unit_select, unit_group = "(?e AS ?s) ?work (?id0 AS ?id) (?best0 AS ?best)", ""
        adopted, claim_vars = "{ SELECT ?ad ?e WHERE { ?ad sm:adoptedStandard ?e } }", "?e"
    else:  # one row per work, through its newest in-force edition
        unit_select = "(MAX(?e) AS ?s0) ?work (MAX(?id0) AS ?id) (MAX(?best0) AS ?best)"
        unit_group = "GROUP BY ?asof ?work"
        adopted = ADOPTED_WORK
        claim_vars = "?work"
    parts = dict(
        unit_select=unit_select,
        unit_group=unit_group,
        bodies=", ".join(_literal(b) for b in rules.bodies),
        doc_types=" ".join(DOC_TYPE_IRIS[d] for d in rules.doc_types),
        levels=" ".join(f"smlv:{lv}" for lv in rules.levels),
        scope=scope_filter(rules),
        candidate_status="" if as_of else "{ SELECT ?e WHERE { ?e sm:status smst:current } }",
        candidate_state=CANDIDATE_INTERVAL if as_of else "",
        candidate_select=("(SAMPLE(?wk0) AS ?work0) (SAMPLE(?sid) AS ?id0) (MIN(?start0) AS ?start) (MIN(?end0) AS ?end) "
                          "(MAX(?lost0) AS ?lost)" if as_of else "(?wk0 AS ?work) (?sid AS ?id0)"),
        # a SAMPLE may be unbound as far as Oxigraph knows: the COALESCE (never taking its second value: every
        # group has a work) lets it join the claims on ?work by hash instead of comparing every pair
        candidate_work="BIND(COALESCE(?work0, sm:noWork) AS ?work)" if as_of else "",
        candidate_group="GROUP BY ?e" if as_of else "",
        asof_values=asof_values,
        in_force=("FILTER(BOUND(?start) && ?start <= ?asof && (!BOUND(?end) || ?end > ?asof) && (BOUND(?end) || COALESCE(?lost, 0) = 0))"
                  if as_of else ""),
        adopted_pattern=adopted,
        claim_vars=("?asof " if as_of else "") + claim_vars,
        adopter_vars="?asof ?n" if as_of else "?n",
        country=f"?np sm:jurisdiction {_literal(rules.country)} ." if rules.country else "",
        national_in_force=(f"{NATIONAL_INTERVAL_BY_HASH}\n          {asof_values}\n          FILTER({NATIONAL_IN_FORCE_TEST})"
                           if as_of else "{ SELECT ?n WHERE { ?n sm:status smst:current } }"),
    )
    for name in ("candidates", "claims"):
        parts[name] = strip_comments(Template(load_query(f"rate_{name}.rq")).substitute(parts))
    return parts


def items_query(rules: CountingRules, dates: Sequence[_dt.date] | None = None) -> str:
    """The rows of rate_items.rq under `rules`: per as-of date in `dates` (default: the rules' as-of
    date, or the recorded statuses when it has none)."""
    text = Template(load_query("rate_items.rq")).substitute(_item_parts(rules, dates))
    if rules.editions == "current":
        return text
    # the newest edition, a MAX, may be unbound as far as Oxigraph knows, and a query joining these rows on ?s
    # then compares every pair (minutes); the COALESCE (whose second value is never taken: every work has an
    # edition) tells it ?s is bound
    return f"SELECT ?asof ?s ?work ?id ?best WHERE {{\n{{ {strip_comments(text)} }}\nBIND(COALESCE(?s0, sm:noUnit) AS ?s)\n}}"


def strip_comments(query: str) -> str:
    """The query without its comment lines (to embed it as a sub-select)."""
    return "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("#"))


def _counted(rules: CountingRules) -> str:
    return ", ".join(map(str, rules.counted_ranks()))


def _query(store: Store, name: str, rules: CountingRules, dates: Sequence[_dt.date] | None = None,
           **extra: str) -> list[dict]:
    """Run queries/NAME with the rows of `items_query(rules, dates)` as `$items`."""
    text = Template(load_query(name)).substitute(items=strip_comments(items_query(rules, dates)), counted=_counted(rules),
                                                 **extra)
    return store.query(text)


#: the breakdowns of `stdmap rate`, in output order (see compute_rate for their counting rules)
BREAKDOWNS = ("ics_field", "ics_group", "committee", "doc_type", "year", "degree")
DEGREE_KEYS = ("IDT", "MOD", "EQV", "NEQ", "unknown", "none")


@dataclass
class FieldRate:
    """One row of a breakdown: a key (ICS field, committee, year …), its label, denominator and numerator."""

    field: str
    label: str
    denominator: int
    adopted: int
    label_zh: str = ""

    @property
    def key(self) -> str:
        return self.field

    @property
    def rate(self) -> float:
        return self.adopted / self.denominator if self.denominator else 0.0

    def to_json(self) -> dict:
        out = {"key": self.field}
        if self.label or self.label_zh:
            out["label"] = self.label
        if self.label_zh:
            out["label_zh"] = self.label_zh
        out.update(denominator=self.denominator, adopted=self.adopted, rate=round(self.rate, 6))
        return out


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
    breakdowns: dict[str, list[FieldRate]] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.adopted / self.denominator if self.denominator else 0.0

    def to_json(self) -> dict:
        return {
            "as_of": self.rules.as_of.isoformat() if self.rules.as_of else None,
            "rules": self.rules.to_json(),
            "denominator": self.denominator,
            "adopted": self.adopted,
            "rate": round(self.rate, 6),
            "neq": self.neq,
            "eqv": self.eqv,
            "degree_unknown": self.unknown,
            "not_adopted": self.denominator - self.adopted,
            "by_degree": self.by_degree,
            "breakdowns": {dim: [r.to_json() for r in rows] for dim, rows in self.breakdowns.items()},
            "by_ics_field": [
                {"field": f.field, "label": f.label, "denominator": f.denominator, "adopted": f.adopted,
                 "rate": round(f.rate, 6)}
                for f in self.by_ics_field
            ],
        }


def _int(value: object) -> int:
    return int(value) if value is not None else 0


def _facet_key(dim: str, key: Any) -> str:
    """The printed key of a breakdown row: committee and document type IRIs as their codes."""
    text = str(key)
    if dim == "committee" and text.startswith(str(SMTC)):
        return unquote(text[len(str(SMTC)):]).replace("_", " ")
    if dim == "doc_type" and text.startswith(str(SMDT._NS)):
        return text[len(str(SMDT._NS)):]
    return text


#: the fact of the candidate editions each breakdown reads (rate_units.rq), and the property it is read from;
#: the document type last: it is repeated in every graph that mentions the edition, and a lookup placed
#: before the others multiplies the rows they are looked up for (10.6 s instead of 6 s at 10x)
_FACT_OF = {"ics_field": "ics", "ics_group": "ics", "committee": "tc", "year": "iss", "doc_type": "dt"}
_FACT_PROPERTY = {"ics": "sm:ics", "tc": "sm:committee", "iss": "dcterms:issued", "dt": "sm:documentType"}
#: the document type read as its code when it is one of DOC_TYPE_IRIS (an IRI compared in the store is not
#: read out of it; its text is only for another type)
_FACT_PATTERN = {"dt": "?e sm:documentType ?dt0 BIND("
                       + "".join(f"IF(?dt0 = {iri}, {_literal(code)}, " for code, iri in DOC_TYPE_IRIS.items())
                       + "STR(?dt0)" + ")" * len(DOC_TYPE_IRIS) + " AS ?dt)"}


def _fact_optional(fact: str, by_hash: bool) -> str:
    """The OPTIONAL reading one fact of the candidates ?e: looked up per candidate, or (`by_hash`, when the
    store looks each pattern up once per graph: Store.looks_up_per_graph) read by one scan joined by hash."""
    pattern = _FACT_PATTERN.get(fact, f"?e {_FACT_PROPERTY[fact]} ?{fact}")
    return f"OPTIONAL {{ SELECT ?e ?{fact} WHERE {{ {pattern} }} }}" if by_hash else f"OPTIONAL {{ {pattern} }}"


_ICS_DIMS = ("ics_field", "ics_group")
_YEAR_IN_ID = re.compile(r"[^:]*:([0-9]{4})")
_ICS = str(SMICS)


def compute_rate(store: Store, rules: CountingRules | None = None, by: Sequence[str] | None = None) -> RateResult:
    """The rate under `rules` with the breakdowns named in `by` (default: all of BREAKDOWNS).

    The rows of rate_items.rq are read in their two halves, side by side (Oxigraph releases the GIL, and on
    two cores the rate takes the time of the slower half): the candidates with the facts the breakdowns
    group by (rate_units.rq), and the strongest correspondence per adopted edition or work
    (rate_claims.rq). They are joined here exactly as rate_items.rq joins them, and grouped here: on the
    on-disk store reading a term out of a result costs more than the grouping, and the facts are read
    once per edition instead of once per breakdown query (the previous two queries each evaluated the
    items: 12.5 s for the whole rate at 10x; 5.3 s now, 6.4 s on a first run — benchmarks/results/stores.md).

    Counting rule of a breakdown row (dimension, key): denominator = distinct units with that key; adopted =
    those whose strongest correspondence is a counted degree (IDT and MOD by default).
      all       — one row, key "ALL": the headline figures;
      degree    — the unit's strongest correspondence: IDT, MOD, EQV, NEQ, unknown (a claim without an
                  established degree), none (no claim);
      ics_field — the first two characters of each ICS code of the unit (13.020.10 → 13);
      ics_group — its first six (13.020.10 → 13.020; a coarser code stays itself);
      committee — each owning committee as recorded (a subcommittee is its own row);
      doc_type  — each document type of the unit (IS, TS …);
      year      — the year of each issue date, else the year in the designation (ISO 14001:2015 → 2015).
    A unit with several keys in a dimension counts once under each, so the rows of a dimension can add up
    to more than the denominator; a unit with none is counted under "—"."""
    rules = rules or CountingRules()
    wanted = list(BREAKDOWNS) if by is None else [b for b in BREAKDOWNS if b in set(by)]
    unknown = sorted(set(by or ()) - set(BREAKDOWNS))
    if unknown:
        raise ValueError(f"unknown breakdown {', '.join(unknown)}; expected one of {', '.join(BREAKDOWNS)}")
    parts = _item_parts(rules, None)
    needed = {_FACT_OF[d] for d in wanted if d != "degree"}
    facts = [f for f in _FACT_PROPERTY if f in needed]
    per_work = rules.editions != "current"
    units_text = Template(load_query("rate_units.rq")).substitute(
        parts, work="?work" if per_work else "", facts=" ".join(f"?{f}" for f in facts),
        optionals="\n  ".join(_fact_optional(f, store.looks_up_per_graph()) for f in facts))
    # the claims on editions limited by the candidates' own status test (the current editions, without an
    # as-of date): a claim on another edition never meets a candidate, and is not read out of the store (a
    # term read costs more than the join); per work the claims are keyed by work, not edition
    current = "" if per_work else parts["candidate_status"]
    claims_text = f"SELECT {parts['claim_vars']} ?best0 WHERE {{ {{ {parts['claims']} }} {current} }}"
    # each half is read into its table by its own thread as the store produces the rows
    with ThreadPoolExecutor(3) as pool:
        units_job = pool.submit(_read_units, store, units_text, per_work, len(facts))
        claims_job = pool.submit(_read_claims, store, claims_text)
        labels_job = pool.submit(_ics_labels, store) if set(_ICS_DIMS) & set(wanted) else None
        by_edition, best_of = units_job.result(), claims_job.result()
        labels = labels_job.result() if labels_job else {}
    if not per_work:
        units = [(u, best_of.get(e)) for e, u in by_edition.items()]
    else:  # one unit per work, through its newest edition in force (as rate_items.rq: the greatest IRI)
        newest: dict[str, str] = {}
        for e, u in by_edition.items():
            if u[0] not in newest or e > newest[u[0]]:
                newest[u[0]] = e
        units = [(by_edition[e], best_of.get(w)) for w, e in newest.items()]
    counted = set(rules.counted_ranks())
    slot = {f: 2 + i for i, f in enumerate(facts)}
    faceted = [(d, slot[_FACT_OF[d]], {}) for d in wanted if d != "degree"]
    counts: dict[str, dict[str, list[int]]] = {d: {} for d in ("all", "degree", *(d for d, _, _ in faceted))}

    def tally(dim: str, key: str, adopted: bool) -> None:
        row = counts[dim].get(key)
        if row is None:
            row = counts[dim][key] = [0, 0]
        row[0] += 1
        row[1] += adopted

    for unit, best in units:
        adopted = best in counted
        tally("all", "ALL", adopted)
        tally("degree", RANK_NAMES.get(best, "unknown"), adopted)
        for dim, i, key_of in faceted:  # key_of: each distinct fact value's key, computed once
            keys = set()
            for value in unit[i]:
                key = key_of.get(value)
                if key is None:
                    key = key_of[value] = _fact_key(dim, value)
                keys.add(key)
            if dim == "year":  # a unit without an issue date that is a date: the year in its designation
                if "" in keys or not keys:
                    keys.discard("")
                    keys.add(_year_in_designation(unit[1]))
            elif not keys:
                keys.add("—")
            for key in keys:
                tally(dim, key, adopted)
    groups: dict[str, list[FieldRate]] = {}
    for dim, rows in counts.items():
        groups[dim] = []
        for key, (denominator, adopted) in sorted(rows.items()):
            en, zh = labels.get(key, ("", "")) if dim in _ICS_DIMS else ("", "")
            groups[dim].append(FieldRate(key, en, denominator, adopted, zh))
    total = groups["all"][0] if groups["all"] else FieldRate("ALL", "", 0, 0)
    by_degree = {k: 0 for k in DEGREE_KEYS}
    for f in groups["degree"]:
        by_degree[f.field] = f.denominator
    return RateResult(
        rules=rules,
        denominator=total.denominator,
        adopted=total.adopted,
        neq=by_degree["NEQ"],
        eqv=by_degree["EQV"],
        unknown=by_degree["unknown"],
        by_degree=by_degree,
        by_ics_field=groups.get("ics_field", []),
        breakdowns={d: groups[d] for d in wanted},
    )


def _read_units(store: Store, text: str, per_work: bool, n_facts: int) -> dict[str, list[Any]]:
    """The rows of rate_units.rq per candidate edition: [work (editions=any, else None), designation, the set
    of each fact's values]."""
    lead = 3 if per_work else 2
    width = lead + n_facts
    by_edition: dict[str, list[Any]] = {}
    for row in store.iter_rows(text):
        unit = by_edition.get(row[0])  # type: ignore[arg-type]
        if unit is None:
            unit = by_edition[row[0]] = [row[1] if per_work else None, row[lead - 1],  # type: ignore[index]
                                         *(set() for _ in range(n_facts))]
        for i in range(lead, width):
            if row[i] is not None:
                unit[i - lead + 2].add(row[i])
    return by_edition


def _read_claims(store: Store, text: str) -> dict[str, int]:
    """The claims keyed as rate_items.rq joins them: on the edition (or the work); one as-of date at most."""
    return {r[-2]: int(r[-1]) for r in store.iter_rows(text) if r[-1] is not None}  # type: ignore[misc]


def _fact_key(dim: str, value: str) -> str:
    """The key of one fact value of a unit in a breakdown (see compute_rate); for the year, "" when the issue
    date is not a date (the year in the designation is counted instead)."""
    if dim in _ICS_DIMS:
        # a code outside the ICS namespace has no field: "" is counted under "—"
        return (value[len(_ICS):] if value.startswith(_ICS) else "")[:2 if dim == "ics_field" else 6] or "—"
    if dim == "year":
        day = day_of(value)
        return str(day.year) if day else ""
    return _facet_key(dim, value)


def _year_in_designation(identifier: str | None) -> str:
    """The year a designation carries right after its first colon (ISO 14001:2015 → "2015"), else "—"."""
    m = _YEAR_IN_ID.match(identifier or "")
    return str(int(m.group(1))) if m else "—"


def _ics_labels(store: Store) -> dict[str, tuple[str, str]]:
    """Code → (English, Chinese) label of the ICS concepts of two levels or fewer."""
    found: dict[str, dict[str, str]] = {}
    for code, lang, label in sorted(store.rows(load_query("rate_ics_labels.rq"))):
        per = found.setdefault(code, {})
        for want in ("en", "zh"):
            if (lang or "").lower().split("-")[0] == want and want not in per:
                per[want] = label
    return {code: (per.get("en", ""), per.get("zh", "")) for code, per in found.items()}


# -- series ---------------------------------------------------------------------------------------------------
def series_dates(spec: str, monthly: bool = False) -> list[_dt.date]:
    """`2011:2025` → each year end; with `monthly`, `2024-01:2025-06` → each month end."""
    from mapper.rules import month_end

    start, sep, end = spec.partition(":")
    if not sep:
        raise ValueError(f"not a series {spec!r}; expected FROM:TO, e.g. 2011:2025 (or 2024-01:2025-06 with --monthly)")
    try:
        if monthly:
            y0, m0 = (int(x) for x in start.strip().split("-"))
            y1, m1 = (int(x) for x in end.strip().split("-"))
            if not (1 <= m0 <= 12 and 1 <= m1 <= 12):
                raise ValueError
            out, (y, m) = [], (y0, m0)
            while (y, m) <= (y1, m1):
                out.append(month_end(y, m))
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            y0, y1 = int(start), int(end)
            out = [_dt.date(y, 12, 31) for y in range(y0, y1 + 1)]
    except ValueError as exc:
        raise ValueError(f"not a series {spec!r}; expected " + ("YYYY-MM:YYYY-MM" if monthly else "YYYY:YYYY")) from exc
    if not out:
        raise ValueError(f"empty series {spec!r}: FROM is after TO")
    if len(out) > 600:
        raise ValueError(f"series {spec!r} has {len(out)} dates; at most 600")
    return out


@dataclass
class SeriesPoint:
    date: _dt.date
    denominator: int
    adopted: int

    @property
    def rate(self) -> float:
        return self.adopted / self.denominator if self.denominator else 0.0

    def to_json(self) -> dict:
        return {"date": self.date.isoformat(), "denominator": self.denominator, "adopted": self.adopted,
                "rate": round(self.rate, 6)}


def compute_series(store: Store, rules: CountingRules, dates: Sequence[_dt.date]) -> list[SeriesPoint]:
    """The rate at each date (rate_series.rq over items_query(rules, dates)): the dates in two queries run side
    by side, alternate dates each (Oxigraph releases the GIL; each date's rows are counted on their own, so
    the split changes nothing but the time on two cores: 27.9 → 25.3 s for 15 dates at 10x on disk, the same
    over a server at 1x)."""
    dates = sorted(set(dates))
    found = {}
    halves = [dates[i::2] for i in range(2) if dates[i::2]]
    with ThreadPoolExecutor(len(halves) or 1) as pool:
        for rows in pool.map(lambda part: _query(store, "rate_series.rq", rules, part), halves):
            for r in rows:
                found[_dt.date.fromisoformat(str(r["asof"]))] = (_int(r["denominator"]), _int(r["adopted"]))
    return [SeriesPoint(d, *found.get(d, (0, 0))) for d in dates]


# -- explain --------------------------------------------------------------------------------------------------
SUPPLEMENT_TYPES = {"Amd", "Cor", "Add", "Suppl", "Ext"}


def _body(identifier: str) -> str:
    """The publishing body as rate_items.rq tells it (same tests, same order)."""
    if identifier.startswith("ISO/IEC"):
        return "ISO/IEC"
    if identifier.startswith(("ISO ", "ISO/", "IWA ")):
        return "ISO"
    if identifier.startswith(("IEC", "CISPR ")):
        return "IEC"
    if identifier.startswith("ITU"):
        return "ITU"
    return "other"


def explain(store: Store, rules: CountingRules, text: str) -> dict:
    """Why one standard is or is not in the denominator and counted, and each adoption claim on it.

    The yes/no (in_denominator, counted) comes from the items rows of the rate itself (rate_explain_unit.rq);
    the reasons are read from the same facts the items query tests (rate_explain_facts.rq)."""
    from mapper.match import resolve

    m = resolve(store, text)
    out: dict = {"standard": text, "resolved": m.best.identifier if m.best else None, "in_denominator": False,
                 "counted": False, "strongest": None, "reasons": [], "adoptions": [],
                 "as_of": rules.as_of.isoformat() if rules.as_of else None, "rules": rules.to_json()}
    if m.best is None:
        out["reasons"].append(f"{text!r} is not in the graph" + (f" ({m.error})" if m.error else "")
                              + ("; " + "; ".join(m.notes) if m.notes else ""))
        return out
    target = f"<{m.best.iri}>"
    if rules.editions == "current":
        match = f"?s = {target}"
    else:
        match = f"EXISTS {{ {target} sm:isEditionOf ?w0 . FILTER(?w0 = ?work) }}"
    unit = _query(store, "rate_explain_unit.rq", rules, target=target, match=match)
    if unit:
        row = unit[0]
        out["in_denominator"] = True
        out["counted"] = bool(row["counted"].toPython()) if row["counted"] is not None else False
        best = int(row["best"]) if row["best"] is not None else None
        out["strongest"] = RANK_NAMES[best]
        if rules.editions == "any" and str(row["s"]) != m.best.iri:
            out["reasons"].append(f"editions=any: its work is counted once, through {row['id']}")
        out["reasons"].append("in the denominator: " + ("counted, strongest correspondence "
                              f"{RANK_NAMES[best]} is a counted degree ({', '.join(rules.degrees)})"
                              if out["counted"] else
                              f"not counted: strongest correspondence is {RANK_NAMES[best]}"
                              + ("" if best is None else f", not one of {', '.join(rules.degrees)}")))
    else:
        out["reasons"].extend(_why_not(store, rules, target, m.best.identifier))
    out["adoptions"] = _claims(store, rules, target)
    if not out["in_denominator"]:
        for a in out["adoptions"]:
            if a["counts"]:
                a["counts"], a["why"] = False, "the standard itself is not in the denominator (the claim qualifies)"
    return out


def _why_not(store: Store, rules: CountingRules, target: str, identifier: str) -> list[str]:
    scope = scope_filter(rules)
    flag = f"OPTIONAL {{ {scope} FILTER(?e = {target}) BIND(true AS ?inscope0) }} BIND(COALESCE(?inscope0, false) AS ?inscope)" \
        if scope else "BIND(true AS ?inscope)"
    rows = store.query(Template(load_query("rate_explain_facts.rq")).substitute(target=target, scope_flag=flag))
    reasons = ["not in the denominator:"]
    if not rows:
        return reasons + ["no identifier recorded"]
    r = rows[0]
    body = _body(identifier)
    if body not in rules.bodies:
        reasons.append(f"body {body} is not counted ({', '.join(rules.bodies)})")
    dt = str(r["dt"]).rsplit("/", 1)[-1] if r["dt"] is not None else None
    if dt in SUPPLEMENT_TYPES:
        reasons.append(f"it is a supplement ({dt}); amendments and corrigenda are never units of their own")
    elif dt not in rules.doc_types:
        reasons.append(f"document type {dt or 'unknown'} is not counted ({', '.join(rules.doc_types)})")
    status = str(r["status"]).rsplit("/", 1)[-1] if r["status"] is not None else None
    if rules.as_of is None:
        if status != "current":
            reasons.append(f"recorded status is {status or 'unknown'}, not current")
    else:
        d = rules.as_of
        start = _dt.date.fromisoformat(str(r["start"])) if r["start"] is not None else None
        end = _dt.date.fromisoformat(str(r["end"])) if r["end"] is not None else None
        if start is None:
            reasons.append("no start date (implementation, issue date or designation year)")
        elif start > d:
            reasons.append(f"not yet in force on {d}: starts {start}")
        if end is not None and end <= d:
            reasons.append(f"no longer in force on {d}: withdrawn or replaced from {end}")
        if end is None and status in ("withdrawn", "superseded"):
            reasons.append(f"recorded {status} with no date saying when: left out of every as-of count")
    if not (r["inscope"] is not None and r["inscope"].toPython()):
        reasons.append("outside the scope: " + rules._scope_words())
    if len(reasons) == 1:
        reasons.append("it does not meet the rules (see rules)")
    return reasons


def _claims(store: Store, rules: CountingRules, target: str) -> list[dict]:
    as_of = rules.as_of is not None
    if rules.editions == "current":
        adopted = f"BIND({target} AS ?adopted_edition) ?ad sm:adoptedStandard ?adopted_edition ."
    else:
        adopted = (f"{target} sm:isEditionOf ?work . ?adopted_edition sm:isEditionOf ?work . "
                   "?ad sm:adoptedStandard ?adopted_edition .")
    text = Template(load_query("rate_explain_claims.rq")).substitute(
        asof_values=f"VALUES ?asof {{ {_date(rules.as_of)} }}" if as_of else "",
        adopted_pattern=adopted,
        target=target,
        levels=" ".join(f"smlv:{lv}" for lv in rules.levels),
        country_test=(f"EXISTS {{ ?n dcterms:publisher/sm:jurisdiction {_literal(rules.country)} }}"
                      if rules.country else "true"),
        national_state=f"OPTIONAL {NATIONAL_INTERVAL}" if as_of else "",
        national_test=NATIONAL_IN_FORCE_TEST if as_of else "EXISTS { ?n sm:status smst:current }",
        counted=_counted(rules),
    )
    claims: dict[tuple[str, str], dict] = {}
    for r in store.query(text):
        rank = int(r["rank"])
        deg = RANK_NAMES[rank]
        why = []
        if not r["level_ok"].toPython():
            lvl = str(r["lvl"]).rsplit("/", 1)[-1] if r["lvl"] is not None else "unknown"
            why.append(f"adopter's level {lvl} is not counted ({', '.join(rules.levels)})")
        if not r["country_ok"].toPython():
            why.append(f"adopter is not of {rules.country}")
        if not r["in_force"].toPython():
            why.append("adopter not in force" + (f" on {rules.as_of}" if as_of else " (recorded status)"))
        if not r["degree_ok"].toPython():
            why.append(f"degree {deg} not counted ({', '.join(rules.degrees)})")
        counts = bool(r["counts"].toPython())
        entry = {"national": str(r["nid"]), "adopted": str(r["adopted_id"]), "degree": deg, "counts": counts,
                 "why": f"counts: {deg}, adopter in force" if counts else "; ".join(why)}
        claims[(entry["national"], entry["adopted"])] = entry if (entry["national"], entry["adopted"]) not in claims \
            or counts else claims[(entry["national"], entry["adopted"])]
    return [claims[k] for k in sorted(claims)]


__all__ = ["BREAKDOWNS", "CountingRules", "FieldRate", "RateResult", "SeriesPoint", "compute_rate",
           "compute_series", "explain", "items_query", "series_dates", "RANK"]
