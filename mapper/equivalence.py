"""Is A the same as B? The strongest relation between two standards and the path of evidence behind it.

The graph is built with networkx from Adoption claims and supersession links only (not the whole RDF
graph). Composition follows the weakest link:

* IDT∘IDT = IDT; a path with exactly one non-IDT adoption step takes that step's degree
  (IDT∘MOD = MOD, IDT∘NEQ = NEQ, IDT∘EQV = EQV);
* two or more non-IDT steps (MOD∘MOD …), a step whose degree is not established, or a replacement
  across different works gives `related` (not equivalent);
* an edition hop (two editions of one work, linked by supersession) keeps the degree but makes
  `edition_match` false — "A adopts an earlier edition of what B is".

A designation that is not in the graph is placed by what it states itself (`GB/T 19001-2016/ISO
9001:2015` → IDT ISO 9001:2015); an undated one resolves to the current edition of its work.

>>> from mapper.kg import open_kg
>>> equivalence(open_kg(":memory:"), "GB/T 24001-2016", "ISO 14001:2015").relation
'IDT'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import networkx as nx

from mapper import ids
from mapper.ingest.to_rdf import standard_iri
from mapper.match import plain, resolve, resolve_implied
from mapper.rates import load_query
from mapper.store import Store

RELATIONS = ("IDT", "MOD", "EQV", "NEQ", "related", "none")
STRENGTH = {"IDT": 5, "MOD": 4, "EQV": 3, "NEQ": 2, "related": 1, "none": 0}
MAX_STEPS = 8
MAX_PATHS = 20000


class EquivalenceError(ValueError):
    """An input is not a readable designation."""


@dataclass
class Step:
    source_id: str  # "from"
    target_id: str  # "to"
    kind: str  # adoption | edition | replacement
    degree: str | None  # adoption steps: IDT/MOD/NEQ/EQV or None (not established)
    direction: str  # "adopts", "is adopted by", "is replaced by", "replaces"
    sources: list[str] = field(default_factory=list)
    evidence: str = ""  # the source graph, or "designation" when the designation itself states it
    confidence: str = ""

    def to_json(self) -> dict:
        return {
            "from": self.source_id, "to": self.target_id, "kind": self.kind, "degree": self.degree,
            "direction": self.direction, "source": self.sources, "evidence": self.evidence,
            "confidence": self.confidence or None,
        }


@dataclass
class Equivalence:
    a: str
    b: str
    a_resolved: str | None
    b_resolved: str | None
    relation: str
    edition_match: bool
    path: list[Step]
    notes: list[str]

    def to_json(self) -> dict:
        return {
            "a": self.a, "b": self.b, "a_resolved": self.a_resolved, "b_resolved": self.b_resolved,
            "relation": self.relation, "edition_match": self.edition_match,
            "path": [s.to_json() for s in self.path], "notes": self.notes,
        }


class EquivalenceGraph:
    """Adoption and supersession edges of one store, as an undirected networkx multigraph."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.g = nx.MultiGraph()
        self.ids: dict[str, str] = {}  # IRI → identifier
        self.international: set[str] = set()
        for r in store.query(load_query("equivalence_edges.rq")):
            x, y = str(r["x"]), str(r["y"])
            self.ids[x], self.ids[y] = str(r["xid"]), str(r["yid"])
            if r["xint"] is not None and r["xint"].toPython():
                self.international.add(x)
            if r["yint"] is not None and r["yint"].toPython():
                self.international.add(y)
            if str(r["kind"]) == "adoption":
                deg = str(r["deg"]).rsplit("/", 1)[-1] if r["deg"] is not None else None
                self.g.add_edge(
                    x, y, kind="adoption", adopting=x, adopted=y, degree=deg,
                    sources=sorted(str(r["sources"]).split()) if r["sources"] else [],
                    evidence=str(r["graph"]).rsplit("/", 1)[-1], confidence=str(r["conf"] or ""),
                )
            else:
                same_work = r["xwork"] is not None and r["xwork"] == r["ywork"]
                if not self._has(x, y, "replaces"):
                    self.g.add_edge(x, y, kind="edition" if same_work else "replacement", newer=x, older=y,
                                    sources=[], evidence="", confidence="", degree=None, tag="replaces")

    def _has(self, x: str, y: str, tag: str) -> bool:
        data = self.g.get_edge_data(x, y) or {}
        return any(d.get("tag") == tag and d.get("newer") == x for d in data.values())

    # -- resolving inputs -----------------------------------------------------------------------------
    def resolve(self, text: str) -> tuple[ids.Designation, str | None, list[str]]:
        """The designation, the IRI it resolves to in the store (None if absent) and notes."""
        m = resolve(self.store, text)
        if m.error is not None or m.designation is None:
            raise EquivalenceError(m.error or f"{text!r} is not a designation")
        if m.best is None:
            return m.designation, None, list(m.notes)
        self.ids.setdefault(m.best.iri, m.best.identifier)
        return m.designation, m.best.iri, list(m.notes)

    def _place(self, g: nx.MultiGraph, d: ids.Designation, iri: str | None, top: bool = True) -> tuple[str, list[str]]:
        """Put a designation into a working copy of the graph, with the adoptions it states itself
        (nested ones too: BS EN ISO 14001:2015 → EN ISO 14001:2015 → ISO 14001:2015)."""
        notes: list[str] = []
        base = plain(d)
        node = iri or str(standard_iri(base.normalized))
        self.ids.setdefault(node, base.normalized)
        if iri is None and top and node not in self.g:
            notes.append(f"{base.normalized} is not in the graph")
        g.add_node(node)
        for imp in d.adopts:
            found, how = resolve_implied(self.store, imp)
            if found is not None and how.startswith("earlier edition"):
                self.ids.setdefault(found.iri, found.identifier)
                notes.append(f"{imp.ref.normalized}: {how}: {found.identifier}")
            target, sub_notes = self._place(g, imp.ref, found.iri if found is not None else None, top=False)
            existing = g.get_edge_data(node, target) or {}
            if not any(e.get("kind") == "adoption" and e.get("degree") == imp.degree for e in existing.values()):
                g.add_edge(node, target, kind="adoption", adopting=node, adopted=target, degree=imp.degree,
                           sources=[], evidence="designation", confidence="")
                notes.append(f"{base.normalized} placed by its designation: it states {imp.degree} {self.ids[target]}")
            notes += sub_notes
        return node, notes

    # -- the search -----------------------------------------------------------------------------------
    def compare(self, a_text: str, b_text: str) -> Equivalence:
        da, a_iri, notes_a = self.resolve(a_text)
        db, b_iri, notes_b = self.resolve(b_text)
        notes = notes_a + notes_b
        work = self.g
        if a_iri is None or b_iri is None or da.adopts or db.adopts:
            work = self.g.copy()
        a_node, n1 = self._place(work, da, a_iri)
        b_node, n2 = self._place(work, db, b_iri)
        notes += [n for n in n1 + n2 if n not in notes]
        a_id, b_id = self.ids.get(a_node), self.ids.get(b_node)
        result = Equivalence(a_text, b_text, a_id if a_iri or da.adopts else None,
                             b_id if b_iri or db.adopts else None, "none", False, [], notes)
        if a_node == b_node:
            result.relation, result.edition_match = "IDT", True
            result.notes.append("both designations name the same standard")
            return result
        if a_node not in work or b_node not in work or not nx.has_path(work, a_node, b_node):
            result.notes.append("no adoption or supersession path links them")
            return result
        best = None
        for edge_path in islice(nx.all_simple_edge_paths(work, a_node, b_node, cutoff=MAX_STEPS), MAX_PATHS):
            scored = self._score(work, a_node, edge_path)
            if best is None or scored[0] > best[0]:
                best = scored
        assert best is not None
        _, relation, edition_match, steps = best
        result.relation, result.edition_match, result.path = relation, edition_match, steps
        if not edition_match:
            hops = [s for s in steps if s.kind == "edition"]
            if hops:
                result.notes.append(
                    "edition hop: " + "; ".join(f"{s.source_id} {s.direction} {s.target_id}" for s in hops)
                )
        return result

    def _score(self, g: nx.MultiGraph, start: str, edge_path: list) -> tuple:
        steps: list[Step] = []
        here = start
        non_idt: list[str | None] = []
        weak = False
        edition_match = True
        virtual = 0
        national_hops = 0  # prefer "adopts the later edition of B" over "replaces a standard that adopts B"
        for u, v, key in edge_path:
            data = g.edges[u, v, key]
            there = v if u == here else u
            if data["kind"] == "adoption":
                forward = data["adopting"] == here
                deg = data["degree"]
                if deg != "IDT":
                    non_idt.append(deg)
                if data["evidence"] == "designation":
                    virtual += 1
                steps.append(Step(self.ids[here], self.ids[there], "adoption", deg,
                                  "adopts" if forward else "is adopted by", list(data["sources"]),
                                  data["evidence"], data["confidence"]))
            else:
                newer = data["newer"] == here
                edition_match = False
                if here not in self.international:
                    national_hops += 1
                if data["kind"] == "replacement":
                    weak = True
                steps.append(Step(self.ids[here], self.ids[there], data["kind"], None,
                                  "replaces" if newer else "is replaced by", [], "", ""))
            here = there
        adoption_steps = [s for s in steps if s.kind == "adoption"]
        if not adoption_steps or weak or len(non_idt) > 1 or (non_idt and non_idt[0] is None):
            relation = "related"
        elif not non_idt:
            relation = "IDT"
        else:
            relation = non_idt[0]  # type: ignore[assignment]
        # strongest relation, then same edition, then evidence from sources over designations, then
        # supersession on the international side, then the shortest path; ties go to the lexically
        # smallest path so the answer is stable from run to run
        key = (STRENGTH[relation], edition_match, -virtual, -national_hops, -len(steps),
               tuple(_invert(s.target_id) for s in steps))
        return key, relation, edition_match, steps


def _invert(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def equivalence(store: Store, a: str, b: str) -> Equivalence:
    return EquivalenceGraph(store).compare(a, b)
