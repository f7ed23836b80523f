"""The standard dossier: everything known about one standard on one page — its record, the editions of its
work, every counterpart in every loaded country with the degree and the evidence path behind it, the
adoption lag, adoptions of the work's other editions and the conflicts between sources that touch it.

It answers an engineer's or a certifier's question such as "is GB/T 24001-2016 the same as ISO 14001:2015,
and who else adopts it?". Nothing is worked out twice: the record and the editions come from `mapper.show`,
the counterparts and every relation from the equivalence engine (`mapper.equivalence`), the lag from
`mapper.rules.months_between` (the definition of `stdmap lag`), conflicts from `mapper.conflicts`.

Decisions:

* **Resolving the input.** `mapper.match.resolve`, the resolver of `stdmap show` and `stdmap match`: any
  spelling of a designation; a dated one must be in the graph (else a LookupError naming the other editions
  of the work when there are some); an undated one is the current edition of its work — or, with an as-of
  date, the newest edition in force on that day — and the page says so in a note. A designation the graph
  does not hold is an error even when it states what it adopts: a dossier is about a standard in the graph.
* **As of a date.** Without one, statuses are as recorded and counterparts are the standards in force as
  recorded (the engine's rule). With `as_of`, counterparts are the engine's answer for that day and every
  status column says how the standard stood that day (in force, not yet in force, not yet published,
  superseded, withdrawn), from the engine's in-force rule (docs/analytics.md).
* **Editions.** Every edition and supplement of the work (`show`), oldest first, with what replaced what;
  the current edition (on the as-of day when given) is highlighted, and a column marks this dossier's own.
* **Counterparts** are `EquivalenceGraph.counterparts`, in its order (jurisdiction, then strongest relation,
  then designation). Each row carries its evidence path written out in both languages and the union of the
  steps' source URLs; a second table gives each step on its own line with its sources, its source graphs
  (listed with their origin at the foot of the page) and the claim's confidence.
* **Direct claims** are the adoption claims on the standard itself (`show`), both ways, whatever the status.
  For what the standard adopts, "same edition" says whether the adopted edition is the current edition of
  its work. For a standard that adopts another, the adopted standard's own counterparts are listed too
  (the engine again), so a national standard's page shows who else adopts what it adopts, even where the
  composed relation to this standard would only be "related".
* **Lag** (months, `months_between`, earliest recorded issue dates — as `stdmap lag`): one row per
  counterpart that is not international, measured from the international edition its path reaches first
  from its own end (the edition it adopts, directly or through a regional layer such as EN ISO); when this
  standard is not international, its own lag behind the international counterparts' editions too. Pairs
  without both issue dates are left out. The figure is the median of the rows; the chart shows each row.
* **Other editions.** The adoption claims on the work's other editions are listed apart, each marked older
  or newer, with the engine's relation of the other standard to this one (usually an "edition hop": same
  degree, different edition) and its path; a column says whether the standard is also a counterpart above.
* **Conflicts** are those of `find_conflicts` that name this standard, or that concern an adoption claim on
  one of the counterparts' paths (the engine then uses the weaker degree). Their statements are the
  conflicts module's own words.
* `today` (default: the system date) is used only for the age figure, months from publication to the as-of
  day or today.

>>> from mapper.kg import open_kg
>>> r = build_dossier(open_kg(":memory:"), "GB/T 24001-2016")
>>> r.slug, [c["standard"] for c in r.tables["counterparts"].rows]
('dossier-gb-t-24001-2016', ['ISO 14001:2015'])
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from mapper.conflicts import find_conflicts
from mapper.equivalence import EquivalenceGraph, Step, compose
from mapper.ingest.to_rdf import standard_iri
from mapper.labels import LANGS, Labels
from mapper.lag import summary
from mapper.match import editions, plain, resolve
from mapper.report import Chart, Column, Report, Table, base_meta, slugify
from mapper.rules import months_between
from mapper.show import NotFound, StandardRecord, find_iri, show
from mapper.store import Store

KIND = "dossier"
DEGREES = ("IDT", "MOD", "EQV", "NEQ")
_STEP_SEPARATOR = {"en": "; ", "zh": "；"}


@dataclass
class Resolved:
    """What the input named and how it was read."""

    input: str
    identifier: str
    iri: str
    how: str  # exact | current edition | edition in force


def _labels() -> dict[str, Labels]:
    return {lang: Labels(lang, KIND) for lang in LANGS}


def _title(rec: StandardRecord | None) -> dict[str, str]:
    """{"zh", "en"} of a record: the first title in each language as written (untagged titles count as en)."""
    if rec is None:
        return {"zh": "", "en": ""}
    titles = rec.titles
    return {"zh": (titles.get("zh") or [""])[0], "en": (titles.get("en") or titles.get("und") or [""])[0]}


def _both(t: dict[str, Labels], key: str, **values: Any) -> dict[str, str]:
    return {lang: t[lang](key, **values) for lang in LANGS}


def _jurisdiction(t: dict[str, Labels], code: str) -> dict[str, str]:
    """A jurisdiction's name in both languages (the code itself when no label names it)."""
    if not code:
        return _both(t, "dossier.country.unknown")
    key = f"country.{code}"
    return {lang: t[lang](key) if t[lang].has(key) else code for lang in LANGS}


def _step_text(step: Step, lang: str, t: Labels) -> str:
    a, b = step.source_id, step.target_id
    if step.kind == "adoption":
        degree = step.degree or t("degree.unknown")
        key = "dossier.path.adopts" if step.direction == "adopts" else "dossier.path.adopted_by"
        return t(key, a=a, b=b, degree=degree)
    newer = step.direction == "replaces"
    if step.kind == "edition":
        return t("dossier.path.edition_replaces" if newer else "dossier.path.edition_replaced_by", a=a, b=b)
    return t("dossier.path.replaces" if newer else "dossier.path.replaced_by", a=a, b=b)


def path_text(steps: list[Step], t: dict[str, Labels]) -> dict[str, str]:
    """An evidence path in words, in both languages (a `title` cell shows the reader's)."""
    return {lang: _STEP_SEPARATOR[lang].join(_step_text(s, lang, t[lang]) for s in steps) for lang in LANGS}


def _direction_label(direction: str) -> str:
    return {"adopts": "dossier.dir.adopts", "is adopted by": "dossier.dir.adopted_by", "replaces": "dossier.dir.replaces",
            "is replaced by": "dossier.dir.replaced_by"}.get(direction, "dossier.dir.adopts")


def _adopting_pair(step: Step) -> tuple[str, str]:
    """(adopting, adopted) of an adoption step, whichever way the path walks it."""
    return (step.source_id, step.target_id) if step.direction == "adopts" else (step.target_id, step.source_id)


def _sources(steps: list[Step]) -> list[str]:
    return sorted({u for s in steps for u in s.sources})


class _Dossier:
    """The readers a dossier needs, with a cache of `show` records (a standard appears in many rows)."""

    def __init__(self, store: Store, as_of: _dt.date | None) -> None:
        self.store, self.as_of = store, as_of
        # source graphs are named after where their file was imported from; lists of them are put in the order of
        # the files' names, so the page is the same whichever folder the files sat in
        self._origin = {str(i.graph).rsplit("/", 1)[-1]: (i.origin.rsplit("/", 1)[-1], str(i.graph))
                        for i in store.sources()}
        self.graph = EquivalenceGraph.for_store(store)
        self.records: dict[str, StandardRecord | None] = {}

    def graph_key(self, graph: str) -> tuple[str, str]:
        local = str(graph).rsplit("/", 1)[-1]
        return self._origin.get(local, (local, local))

    def graphs_in_order(self, joined: str) -> str:
        """A "; "-joined list of source graphs, in the order of their files' names."""
        return "; ".join(sorted((g for g in joined.split("; ") if g), key=self.graph_key))

    def record(self, identifier: str) -> StandardRecord | None:
        if identifier not in self.records:
            try:
                self.records[identifier] = show(self.store, identifier)
            except NotFound:
                self.records[identifier] = None
        return self.records[identifier]

    @staticmethod
    def iri(identifier: str) -> str:
        return str(standard_iri(identifier))

    def status(self, identifier: str, recorded: str | None = None) -> str:
        """As recorded, or how the standard stood on the as-of day."""
        if recorded is None:
            rec = self.record(identifier)
            recorded = rec.status if rec is not None else ""
        if self.as_of is None:
            return recorded
        iri = self.iri(identifier)
        fact = self.graph.fact(iri)
        if fact is None:
            return recorded
        if self.graph.in_force(iri, self.as_of)[0]:
            return "current"
        if fact.start is None:
            return "unknown"
        if fact.start > self.as_of:
            return "forthcoming" if fact.issued is not None and fact.issued <= self.as_of else "unpublished"
        end, how = self.graph.end(iri)
        if end is not None and end <= self.as_of:
            return "withdrawn" if how == "withdrawn" else "superseded"
        return recorded

    def in_force(self, identifier: str) -> bool:
        return self.as_of is None or self.graph.in_force(self.iri(identifier), self.as_of)[0]

    def country(self, identifier: str) -> str:
        return self.graph.country(self.iri(identifier))

    def issued(self, identifier: str) -> tuple[_dt.date | None, _dt.date | None]:
        """(earliest issue date, earliest implementation date), as `stdmap lag` reads them."""
        fact = self.graph.fact(self.iri(identifier))
        return (fact.issued, fact.effective) if fact is not None else (None, None)

    def current_edition(self, work: str) -> str | None:
        """The current edition of a work (supplements left out): as recorded, or the newest in force that day."""
        if not work:
            return None
        found = editions(self.store, work)
        if self.as_of is None:
            current = [c for c in found if c.status == "current"]
        else:
            current = sorted((c for c in found if self.in_force(c.identifier)),
                             key=lambda c: (-(c.year or 0), c.identifier))
        return current[0].identifier if current else None


# -- resolving ----------------------------------------------------------------------------------------------
def resolve_standard(store: Store, text: str, as_of: _dt.date | None = None,
                     graph: EquivalenceGraph | None = None) -> Resolved:
    """The standard `text` names (see the module docstring); LookupError with suggestions when none."""
    if not text or not text.strip():
        raise ValueError("no designation given: name a standard, e.g. \"ISO 14001:2015\"")
    m = resolve(store, text)
    if m.best is None:
        find_iri(store, text)  # raises NotFound (a LookupError) with the resolver's explanation and suggestions
        raise NotFound(f"{text!r} is not in the graph")
    best, how = m.best, m.how
    if how == "current edition" and as_of is not None and m.designation is not None:
        graph = graph or EquivalenceGraph.for_store(store)
        in_force = [c for c in editions(store, plain(m.designation).work)
                    if graph.in_force(c.iri, as_of)[0]]
        in_force.sort(key=lambda c: (-(c.year or 0), c.identifier))
        if in_force:
            best, how = in_force[0], "edition in force"
    return Resolved(text, best.identifier, best.iri, how)


# -- the tables ---------------------------------------------------------------------------------------------
def _record_rows(rec: StandardRecord, status: str, country: str) -> list[dict[str, Any]]:
    fields = [
        ("identifier", "col.standard", rec.identifier),
        ("title_zh", "dossier.field.title_zh", "; ".join(rec.titles.get("zh", []))),
        ("title_en", "dossier.field.title_en", "; ".join(rec.titles.get("en", []) + rec.titles.get("und", []))),
        ("status", "col.status", status),
        ("status_recorded", "dossier.field.status_recorded", rec.status),
        ("document_type", "col.doc_type", rec.document_type),
        ("publisher", "col.publisher", "; ".join(rec.publishers)),
        ("country", "col.country", country),
        ("work", "dossier.field.work", rec.work),
        ("issued", "col.issued", rec.issued),
        ("effective", "col.effective", rec.effective),
        ("withdrawn", "col.withdrawn", rec.withdrawn),
        ("committee", "col.committee", "; ".join(rec.committees)),
        ("ics", "col.ics", "; ".join(rec.ics)),
        ("ccs", "dossier.field.ccs", "; ".join(rec.ccs)),
        ("replaces", "col.replaces", "; ".join(rec.replaces)),
        ("replaced_by", "col.replaced_by", "; ".join(rec.replaced_by)),
        ("supplement_to", "dossier.field.supplement_to", rec.supplement_to),
        ("confidence", "col.confidence", rec.confidence),
        ("sources", "col.sources", "; ".join(rec.sources)),
    ]
    return [{"field": key, "name": label, "value": value} for key, label, value in fields]


def _editions_table(d: _Dossier, rec: StandardRecord, current: str | None) -> Table:
    rows = []
    for e in rec.editions:
        other = d.record(e.identifier)
        row = {
            "edition": e.identifier, "year": str(e.year) if e.year is not None else "",
            "status": d.status(e.identifier, e.status), "issued": e.issued,
            "effective": other.effective if other else "", "withdrawn": other.withdrawn if other else "",
            "replaces": other.replaces if other else [], "replaced_by": other.replaced_by if other else [],
            "supplement_to": other.supplement_to if other else "",
            "current": e.identifier == current, "this": e.identifier == rec.identifier,
        }
        if row["current"]:
            row["_class"] = "diff"
        rows.append(row)
    if not rows:  # a standard that is no edition of a work: itself
        rows.append({"edition": rec.identifier, "year": str(rec.year) if rec.year else "",
                     "status": d.status(rec.identifier, rec.status), "issued": rec.issued,
                     "effective": rec.effective, "withdrawn": rec.withdrawn, "replaces": rec.replaces,
                     "replaced_by": rec.replaced_by, "supplement_to": rec.supplement_to,
                     "current": False, "this": True})
    return Table("editions", "dossier.editions", [
        Column("edition", "col.edition", "id"), Column("year", "col.year", "code"),
        Column("status", "col.status", "status"), Column("issued", "col.issued", "date"),
        Column("effective", "col.effective", "date"), Column("withdrawn", "col.withdrawn", "date"),
        Column("replaces", "col.replaces", "list"), Column("replaced_by", "col.replaced_by", "list"),
        Column("supplement_to", "dossier.field.supplement_to", "id"),
        Column("current", "col.current_edition", "bool"), Column("this", "dossier.col.this", "bool")],
        rows, note="dossier.editions.note")


def _counterpart_tables(d: _Dossier, items: list, t: dict[str, Labels]) -> tuple[Table, Table]:
    rows, steps = [], []
    for c in items:
        rows.append({
            "country": c.country, "jurisdiction": _jurisdiction(t, c.country), "standard": c.standard,
            "title": _title(d.record(c.standard)), "relation": c.relation, "edition_match": c.edition_match,
            "status": d.status(c.standard), "path": path_text(c.path, t), "steps": len(c.path),
            "sources": _sources(c.path),
        })
        for n, s in enumerate(c.path, start=1):
            steps.append({
                "counterpart": c.standard, "step": n, "from": s.source_id, "direction": _direction_label(s.direction),
                "to": s.target_id, "kind": f"dossier.kind.{s.kind}",
                "degree": (s.degree or "unknown") if s.kind == "adoption" else "",
                "evidence": d.graphs_in_order(s.evidence), "confidence": s.confidence, "sources": list(s.sources),
            })
    counterparts = Table("counterparts", "dossier.counterparts", [
        Column("country", "dossier.col.code", "code"), Column("jurisdiction", "dossier.col.jurisdiction", "title"),
        Column("standard", "col.standard", "id"), Column("title", "col.title", "title"),
        Column("relation", "col.degree", "degree"), Column("edition_match", "dossier.col.edition_match", "bool"),
        Column("status", "col.status", "status"), Column("path", "col.evidence", "title"),
        Column("steps", "dossier.col.steps", "int"), Column("sources", "col.sources", "links")],
        rows, note="dossier.counterparts.note")
    evidence = Table("evidence", "dossier.evidence", [
        Column("counterpart", "dossier.col.counterpart", "id"), Column("step", "dossier.col.step", "int"),
        Column("from", "dossier.col.from", "id"), Column("direction", "col.relation", "label"),
        Column("to", "dossier.col.to", "id"), Column("kind", "dossier.col.kind", "label"),
        Column("degree", "col.degree", "degree"), Column("evidence", "dossier.col.graph", "text"),
        Column("confidence", "col.confidence", "code"), Column("sources", "col.sources", "links")],
        steps, note="dossier.evidence.note")
    return counterparts, evidence


def _claims_table(d: _Dossier, rec: StandardRecord) -> Table:
    rows = []
    for a in rec.adoptions:
        row: dict[str, Any] = {
            "role": "dossier.role.adopts" if a.role == "adopts" else "dossier.role.adopted_by",
            "other": a.other, "title": _title(d.record(a.other)), "other_status": d.status(a.other, a.other_status),
            "degree": a.degree or "unknown", "method": a.method, "confidence": a.confidence, "graph": a.graph,
            "sources": a.sources, "current_edition": "", "edition_match": None,
        }
        if a.role == "adopts":
            other = d.record(a.other)
            current = d.current_edition(other.work) if other is not None else None
            row["current_edition"] = current or ""
            row["edition_match"] = current == a.other if current else None
        rows.append(row)
    rows.sort(key=lambda r: (r["role"], r["other"], d.graph_key(r["graph"]), r["degree"]))
    return Table("claims", "dossier.claims", [
        Column("role", "col.relation", "label"), Column("other", "col.standard", "id"),
        Column("title", "col.title", "title"), Column("other_status", "col.status", "status"),
        Column("degree", "col.degree", "degree"), Column("method", "dossier.col.method", "code"),
        Column("confidence", "col.confidence", "code"), Column("current_edition", "col.current_edition", "id"),
        Column("edition_match", "dossier.col.adopts_current", "bool"), Column("graph", "dossier.col.graph", "text"),
        Column("sources", "col.sources", "links")], rows, note="dossier.claims.note")


def _adopted_counterparts(d: _Dossier, rec: StandardRecord, t: dict[str, Labels]) -> Table:
    rows = []
    for adopted in sorted({a.other for a in rec.adoptions if a.role == "adopts"}):
        found = d.graph.counterparts(adopted, as_of=d.as_of)
        for c in found.items:
            if c.standard == rec.identifier:
                continue
            rows.append({
                "via": adopted, "country": c.country, "jurisdiction": _jurisdiction(t, c.country),
                "standard": c.standard, "title": _title(d.record(c.standard)), "relation": c.relation,
                "edition_match": c.edition_match, "status": d.status(c.standard),
            })
    return Table("adopted_counterparts", "dossier.adopted_counterparts", [
        Column("via", "dossier.col.via", "id"), Column("country", "dossier.col.code", "code"),
        Column("jurisdiction", "dossier.col.jurisdiction", "title"), Column("standard", "col.standard", "id"),
        Column("title", "col.title", "title"), Column("relation", "dossier.col.relation_to_via", "degree"),
        Column("edition_match", "dossier.col.edition_match", "bool"), Column("status", "col.status", "status")],
        rows, note="dossier.adopted_counterparts.note")


def _lag_rows(d: _Dossier, subject: str, items: list) -> list[dict[str, Any]]:
    """One row per (national, international) pair of the counterparts (see the module docstring)."""
    subject_international = d.country(subject) == "INT"
    pairs: dict[tuple[str, str], str] = {}
    for c in items:
        nodes = [subject] + [s.target_id for s in c.path]  # this standard … the counterpart
        if c.country != "INT":
            start, order = len(nodes) - 1, range(len(nodes) - 2, -1, -1)  # from the counterpart back
        elif not subject_international:
            start, order = 0, range(1, len(nodes))  # this standard's own lag behind the international edition
        else:
            continue
        end = next((i for i in order if d.country(nodes[i]) == "INT"), None)
        if end is None:
            continue
        between = c.path[min(start, end):max(start, end)]
        relation = compose([s.degree for s in between if s.kind == "adoption"],
                           any(s.kind == "replacement" for s in between))
        pairs.setdefault((nodes[start], nodes[end]), relation)
    rows = []
    for (national, international), relation in sorted(pairs.items()):
        niss, neff = d.issued(national)
        iiss, _ = d.issued(international)
        if niss is None or iiss is None:
            continue
        rows.append({
            "national": national, "country": d.country(national), "international": international,
            "relation": relation, "international_issued": iiss.isoformat(), "national_issued": niss.isoformat(),
            "national_effective": neff.isoformat() if neff else None,
            "lag_months": months_between(iiss, niss),
            "lag_effective_months": months_between(iiss, neff) if neff else None,
        })
    return rows


def _lag_table(rows: list[dict[str, Any]]) -> Table:
    return Table("lag", "dossier.lag", [
        Column("national", "col.national", "id"), Column("country", "col.country", "code"),
        Column("international", "col.international", "id"), Column("relation", "col.degree", "degree"),
        Column("international_issued", "col.international_issued", "date"),
        Column("national_issued", "col.national_issued", "date"),
        Column("national_effective", "col.effective", "date"), Column("lag_months", "col.lag_months", "months"),
        Column("lag_effective_months", "col.lag_effective_months", "months")], rows, note="dossier.lag.note")


def _other_editions(d: _Dossier, rec: StandardRecord, counterparts: set[str], t: dict[str, Labels]) -> Table:
    own_year = rec.year or 0
    rows = []
    for e in rec.editions:
        if e.identifier == rec.identifier:
            continue
        other_rec = d.record(e.identifier)
        if other_rec is None:
            continue
        older = (e.year or 0, e.issued, e.identifier) < (own_year, rec.issued, rec.identifier)
        for a in other_rec.adoptions:
            eq = d.graph.compare(rec.identifier, a.other, d.as_of)
            rows.append({
                "edition": e.identifier, "position": "dossier.edition.older" if older else "dossier.edition.newer",
                "edition_status": d.status(e.identifier, e.status),
                "role": "dossier.role.adopts" if a.role == "adopts" else "dossier.role.adopted_by",
                "other": a.other, "other_status": d.status(a.other, a.other_status), "degree": a.degree or "unknown",
                "relation": eq.relation, "edition_match": eq.edition_match if eq.path else None,
                "path": path_text(eq.path, t), "counterpart": a.other in counterparts, "sources": a.sources,
            })
    rows.sort(key=lambda r: (r["edition"], r["role"], r["other"]))
    return Table("other_editions", "dossier.other_editions", [
        Column("edition", "col.edition", "id"), Column("position", "dossier.col.position", "label"),
        Column("edition_status", "col.status", "status"), Column("role", "col.relation", "label"),
        Column("other", "col.standard", "id"), Column("other_status", "dossier.col.other_status", "status"),
        Column("degree", "col.degree", "degree"), Column("relation", "dossier.col.relation_here", "degree"),
        Column("edition_match", "dossier.col.edition_match", "bool"), Column("path", "col.evidence", "title"),
        Column("counterpart", "dossier.col.is_counterpart", "bool"), Column("sources", "col.sources", "links")],
        rows, note="dossier.other_editions.note")


def _conflicts_table(store: Store, subject: str, items: list) -> Table:
    on_paths = {_adopting_pair(s) for c in items for s in c.path if s.kind == "adoption"}
    rows = []
    for c in find_conflicts(store):
        if subject in c.standards or (c.kind == "degree" and tuple(c.standards) in on_paths):
            rows.append({
                "kind": f"dossier.conflict.{c.kind}", "standards": list(c.standards),
                "statements": [f"{s['statement']} [{s['graph'].rsplit('/', 1)[-1]}]" for s in c.sources],
                "sources": sorted({u for s in c.sources for u in s["urls"]}),
            })
    return Table("conflicts", "dossier.conflicts", [
        Column("kind", "dossier.col.conflict", "label"), Column("standards", "dossier.col.standards", "list"),
        Column("statements", "dossier.col.statements", "list"), Column("sources", "col.sources", "links")],
        rows, note="dossier.conflicts.note")


# -- the report -----------------------------------------------------------------------------------------------
def build_dossier(store: Store, text: str, *, as_of: _dt.date | None = None,
                  today: _dt.date | None = None) -> Report:
    """The dossier of the standard `text` names. LookupError (unknown) or ValueError (unreadable) otherwise."""
    today = today or _dt.date.today()
    d = _Dossier(store, as_of)
    found = resolve_standard(store, text, as_of, d.graph)
    rec = show(store, found.identifier)
    d.records[rec.identifier] = rec
    t = _labels()
    subject = rec.identifier
    status = d.status(subject, rec.status)
    country = d.country(subject)

    answer = d.graph.counterparts(subject, as_of=as_of)
    items = answer.items
    current = d.current_edition(rec.work)
    counterparts, evidence = _counterpart_tables(d, items, t)
    lag_rows = _lag_rows(d, subject, items)
    lag = summary([r["lag_months"] for r in lag_rows])
    tables = {
        "record": Table("record", "dossier.record", [
            Column("field", "dossier.col.field", "code"), Column("name", "dossier.col.name", "label"),
            Column("value", "col.value", "text")], _record_rows(rec, status, country)),
        "editions": _editions_table(d, rec, current),
        "counterparts": counterparts,
        "evidence": evidence,
        "claims": _claims_table(d, rec),
        "adopted_counterparts": _adopted_counterparts(d, rec, t),
        "lag": _lag_table(lag_rows),
        "other_editions": _other_editions(d, rec, {c.standard for c in items}, t),
        "conflicts": _conflicts_table(store, subject, items),
    }
    by_degree = {k: sum(1 for c in items if c.relation == k) for k in DEGREES}
    jurisdictions = sorted({c.country for c in items if c.country and c.country != "INT"})
    issued = d.issued(subject)[0]
    figures: dict[str, Any] = {
        "input": found.input, "resolved": subject, "how": found.how,
        "status": status, "status_recorded": rec.status, "in_force": d.in_force(subject) if as_of else None,
        "country": country, "jurisdiction": _jurisdiction(t, country), "work": rec.work,
        "current_edition": current or "", "is_current": current == subject,
        "titles": {lang: titles for lang, titles in rec.titles.items()},
        "title": _title(rec), "publishers": rec.publishers, "document_type": rec.document_type,
        "issued": rec.issued, "effective": rec.effective, "withdrawn": rec.withdrawn,
        "committees": rec.committees, "ics": rec.ics, "ccs": rec.ccs, "replaces": rec.replaces,
        "replaced_by": rec.replaced_by, "supplement_to": rec.supplement_to, "confidence": rec.confidence,
        "notes": rec.notes, "sources": rec.sources, "national_original": rec.national_original,
        "counterparts": len(items), "by_degree": by_degree, "countries": jurisdictions,
        "lag": lag, "conflicts": len(tables["conflicts"].rows), "adopts": any(a.role == "adopts" for a in rec.adoptions),
        "age_months": months_between(issued, as_of or today) if issued else None,
    }
    charts = {
        "degree_mix": Chart("degree_mix", "stacked", "dossier.chart.degrees", "dossier.chart.degrees.desc",
                            value="int", bars=[{"label": k, "label_key": f"degree.{k}", "value": by_degree[k],
                                                "css": f"deg-{k}"} for k in DEGREES]),
        "lag": Chart("lag", "bar", "dossier.chart.lag", "dossier.chart.lag.desc", value="months",
                     bars=[{"label": f"{r['national']} ← {r['international']}", "value": r["lag_months"]}
                           for r in lag_rows]),
    }
    meta = base_meta(store)
    meta["as_of"] = as_of.isoformat() if as_of else None
    display = {lang: t[lang]("dossier.title", identifier=subject) for lang in LANGS}
    return Report(
        kind=KIND, slug=f"dossier-{slugify(subject)}", title=display,
        subject={lang: (_title(rec).get(lang) or _title(rec).get("en" if lang == "zh" else "zh") or subject)
                 for lang in LANGS},
        meta=meta, figures=figures, tables=tables, charts=charts,
    )


__all__ = ["Resolved", "build_dossier", "path_text", "resolve_standard"]
