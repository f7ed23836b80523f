"""Match what a user typed to the standards of a loaded catalogue.

Notation variants are removed by the parser (`IEC/TR 61000-3-6` and `IEC TR 61000-3-6`, `ISO IEC 27001`
and `ISO/IEC 27001` give one normalised form and so one IRI); this module then looks the form up:

* a dated designation matches that edition (or nothing — and the other editions of the work are offered);
* an undated one resolves to the current edition of its work, or to every edition on request;
* a designation that states an adoption (`BS EN ISO 14001:2015`) also reports the standards it names.

>>> from mapper.kg import open_kg
>>> m = resolve(open_kg(":memory:"), "iso 14001")
>>> m.how, [c.identifier for c in m.matches]
('current edition', ['ISO 14001:2015'])
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from rdflib import Literal

from mapper import ids
from mapper.ingest.to_rdf import standard_iri
from mapper.rates import load_query
from mapper.store import Store


@dataclass(frozen=True)
class Candidate:
    identifier: str
    iri: str
    status: str
    year: int | None
    issued: str

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Match:
    input: str
    normalized: str | None
    how: str  # exact | current edition | all editions | not found | unreadable
    matches: list[Candidate] = field(default_factory=list)
    suggestions: list[Candidate] = field(default_factory=list)
    implied: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    designation: ids.Designation | None = field(default=None, repr=False)

    @property
    def best(self) -> Candidate | None:
        return self.matches[0] if self.matches else None

    def to_json(self) -> dict:
        return {
            "input": self.input, "normalized": self.normalized, "how": self.how,
            "matches": [c.to_json() for c in self.matches],
            "suggestions": [c.to_json() for c in self.suggestions],
            "implied": self.implied, "notes": self.notes, "error": self.error,
        }


def _local(term: object) -> str:
    return str(term).rsplit("/", 1)[-1] if term is not None else ""


def editions(store: Store, work: str) -> list[Candidate]:
    """Every edition of a work, current ones first, then newest first."""
    rows = store.query(load_query("editions.rq"), {"work": Literal(work)})
    seen: dict[str, Candidate] = {}
    for r in rows:
        ident = str(r["id"])
        if ident not in seen:
            seen[ident] = Candidate(ident, str(r["s"]), _local(r["status"]),
                                    int(r["year"]) if r["year"] is not None else None, str(r["issued"] or ""))
    return sorted(seen.values(), key=lambda c: (c.status != "current", -(c.year or 0), c.identifier))


def lookup(store: Store, identifier: str) -> Candidate | None:
    """The standard whose normalised identifier is exactly `identifier`."""
    iri = standard_iri(identifier)
    rows = store.query(
        """SELECT ?status ?year ?issued WHERE { ?s dcterms:identifier ?id .
             OPTIONAL { ?s sm:status ?status } OPTIONAL { ?s sm:year ?year } OPTIONAL { ?s dcterms:issued ?issued } }""",
        {"s": iri},
    )
    if not rows:
        return None
    r = rows[0]
    return Candidate(identifier, str(iri), _local(r["status"]), int(r["year"]) if r["year"] is not None else None,
                     str(r["issued"] or ""))


def plain(d: ids.Designation) -> ids.Designation:
    """The designation without the adoptions it states (the standard itself)."""
    return dataclasses.replace(d, adopts=()) if d.adopts else d


def resolve(store: Store, text: str, *, all_editions: bool = False) -> Match:
    """Find `text` in the graph. Never raises on bad input: the Match says what went wrong."""
    try:
        d = ids.parse(text)
    except ids.DesignationError as exc:
        # identifiers that are not designations (a plan number) may still be in the graph verbatim
        direct = lookup(store, " ".join(text.split())) if text.strip() else None
        if direct is not None:
            return Match(text, direct.identifier, "exact", [direct])
        return Match(text, None, "unreadable", error=str(exc))
    own = plain(d)
    m = Match(text, own.normalized, "not found", designation=d)
    undated = own.year is None and not own.supplements
    exact = lookup(store, own.normalized)
    if exact is not None and not (undated and all_editions):
        m.how, m.matches = "exact", [exact]
    elif undated:
        found = editions(store, own.work)
        current = [c for c in found if c.status == "current"]
        if all_editions and found:
            m.how, m.matches = "all editions", found
            m.notes.append(f"{text!r} is undated: every edition of {own.work} in the graph")
        elif current:
            m.how, m.matches = "current edition", current[:1]
            m.notes.append(f"{text!r} is undated; resolved to the current edition {current[0].identifier}")
        elif found:
            m.suggestions = found
            m.notes.append(f"{text!r} is undated and no edition of {own.work} is in force in the graph")
    else:
        m.suggestions = [c for c in editions(store, own.work) if c.identifier != own.normalized]
        if m.suggestions:
            m.notes.append(f"{own.normalized} is not in the graph; other editions of {own.work} are")
    m.implied = _implied(store, d)
    return m


def _implied(store: Store, d: ids.Designation) -> list[dict]:
    """The adoptions a designation states, each looked up, layer by layer."""
    out = []
    for imp in d.adopts:
        found, how = resolve_implied(store, imp)
        entry = {"ref": imp.ref.normalized, "degree": imp.degree, "how": how,
                 "matches": [found.identifier] if found else []}
        nested = _implied(store, imp.ref)
        if nested:
            entry["implied"] = nested
        out.append(entry)
    return out


def resolve_implied(store: Store, imp: ids.Implied) -> tuple[Candidate | None, str]:
    """The standard an adoption stated by a designation points to.

    A year the designation carried over from its own (`BS EN ISO 21647:2009` → ISO 21647:2009) is the
    national or regional publication year, not always the international one: when that edition is not in
    the graph, the latest edition of the work published in or before that year is the one adopted.
    """
    sub = resolve(store, imp.ref.normalized)
    if sub.matches:
        return sub.matches[0], sub.how
    ref = plain(imp.ref)
    if not getattr(imp, "year_stated", True) and ref.year is not None:
        earlier = [c for c in editions(store, ref.work) if c.year is not None and c.year <= ref.year]
        if earlier:
            best = max(earlier, key=lambda c: (c.year or 0, c.identifier))
            return best, "earlier edition (year carried over from the designation)"
    return None, sub.how
