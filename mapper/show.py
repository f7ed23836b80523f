"""Everything known about one standard: its record, its adoptions both ways, editions and supersession.

>>> from mapper.kg import open_kg
>>> show(open_kg(":memory:"), "GB/T 24001-2016").identifier
'GB/T 24001-2016'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS

from mapper.match import resolve
from mapper.rates import load_query
from mapper.store import Store
from mapper.vocab import SM


class NotFound(LookupError):
    """The standard is not in the graph."""


@dataclass
class AdoptionLink:
    role: str  # "adopts" or "adopted by"
    other: str
    other_status: str
    degree: str
    method: str
    confidence: str
    sources: list[str]
    graph: str
    notes: str


@dataclass
class Edition:
    identifier: str
    year: int | None
    status: str
    issued: str


@dataclass
class StandardRecord:
    identifier: str
    iri: str
    labels: list[str] = field(default_factory=list)
    titles: dict[str, list[str]] = field(default_factory=dict)
    status: str = ""
    document_type: str = ""
    publishers: list[str] = field(default_factory=list)
    work: str = ""
    year: int | None = None
    issued: str = ""
    effective: str = ""
    withdrawn: str = ""
    ics: list[str] = field(default_factory=list)
    ccs: list[str] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    replaced_by: list[str] = field(default_factory=list)
    supplement_to: str = ""
    plan: str = ""
    national_original: bool = False
    confidence: str = ""
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    adoptions: list[AdoptionLink] = field(default_factory=list)
    editions: list[Edition] = field(default_factory=list)
    resolved_from: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def _local(term: object) -> str:
    return str(term).rsplit("/", 1)[-1] if term is not None else ""


def find_iri(store: Store, text: str) -> tuple[str, str]:
    """(IRI, note) of the standard a designation names; undated → the current edition."""
    m = resolve(store, text)
    if m.best is not None:
        return m.best.iri, "; ".join(m.notes)
    if m.error is not None:
        raise NotFound(f"{text!r} is neither a readable designation nor an identifier in the graph.\n{m.error}")
    hint = f"; editions in the graph: {', '.join(c.identifier for c in m.suggestions)}" if m.suggestions else ""
    raise NotFound(f"{text!r} ({m.normalized}) is not in the graph{hint}")


def show(store: Store, text: str) -> StandardRecord:
    iri, note = find_iri(store, text)
    s = URIRef(iri)
    rec = StandardRecord(identifier="", iri=iri, resolved_from=note)
    for r in store.query(load_query("show.rq"), {"s": s}):
        p, o = r["p"], r["o"]
        label = str(r["olabel"]) if r["olabel"] is not None else _local(o)
        if p == DCTERMS.identifier:
            rec.identifier = str(o)
        elif p == SKOS.altLabel:
            rec.labels.append(str(o))
        elif p == DCTERMS.title:
            rec.titles.setdefault(str(r["lang"]) or "und", []).append(str(o))
        elif p == SM.status:
            rec.status = _local(o)
        elif p == SM.documentType:
            rec.document_type = str(r["onotation"]) if r["onotation"] is not None else _local(o)
        elif p == DCTERMS.publisher:
            rec.publishers.append(label)
        elif p == SM.isEditionOf:
            rec.work = label
        elif p == SM.year:
            rec.year = int(o)
        elif p == DCTERMS.issued:
            rec.issued = str(o)
        elif p == SM.effective:
            rec.effective = str(o)
        elif p == SM.withdrawn:
            rec.withdrawn = str(o)
        elif p == SM.ics:
            rec.ics.append(str(r["onotation"] or _local(o)))
        elif p == SM.ccs:
            rec.ccs.append(str(r["onotation"] or _local(o)))
        elif p == SM.committee:
            rec.committees.append(str(r["onotation"] or label))
        elif p == DCTERMS.replaces:
            rec.replaces.append(label)
        elif p == DCTERMS.isReplacedBy:
            rec.replaced_by.append(label)
        elif p == SM.supplementTo:
            rec.supplement_to = label
        elif p == SM.planNumber:
            rec.plan = str(o)
        elif p == SM.nationalOriginal:
            rec.national_original = bool(o.toPython())
        elif p == SM.confidence:
            rec.confidence = str(o)
        elif p == SM.note:
            rec.notes.append(str(o))
        elif p == DCTERMS.source:
            rec.sources.append(str(o))
    for r in store.query(load_query("show_adoptions.rq"), {"s": s}):
        rec.adoptions.append(AdoptionLink(
            role=str(r["role"]), other=str(r["otherid"]), other_status=_local(r["ostatus"]),
            degree=_local(r["deg"]), method=_local(r["method"]), confidence=str(r["conf"] or ""),
            sources=sorted(str(r["sources"]).split()) if r["sources"] else [], graph=_local(r["graph"]),
            notes=str(r["notes"] or ""),
        ))
    seen = set()
    for r in store.query(load_query("show_editions.rq"), {"s": s}):
        ident = str(r["id"])
        if ident in seen:
            continue
        seen.add(ident)
        rec.editions.append(Edition(ident, int(r["year"]) if r["year"] is not None else None,
                                    _local(r["status"]), str(r["issued"] or "")))
    for name in ("labels", "publishers", "ics", "ccs", "committees", "replaces", "replaced_by", "notes", "sources"):
        setattr(rec, name, sorted(set(getattr(rec, name))))
    rec.titles = {k: sorted(set(v)) for k, v in sorted(rec.titles.items())}
    rec.adoptions.sort(key=lambda a: (a.role, a.other, a.graph))
    rec.editions.sort(key=lambda e: (e.year or 0, e.identifier))
    return rec


