"""Is A the same as B? The strongest relation between two standards and the path of evidence behind it.

The graph holds adoption claims and supersession links only (not the whole RDF graph); it is built once
per store state and kept (in the process, and on disk for an on-disk store) until a source changes.
Composition follows the weakest link (docs/equivalence.md):

* one adoption step is its own degree (IDT, MOD, EQV, NEQ);
* IDT∘IDT = IDT; IDT∘MOD = MOD; IDT∘EQV = EQV (EQV is the legacy degree, composed like MOD);
* MOD∘MOD (two or more non-IDT steps), any path of two or more adoption steps with an NEQ step, a step
  whose degree is not established, or a replacement across different works give `related` (not equivalent);
* an edition hop (two editions of one work, linked by supersession) keeps the degree but makes
  `edition_match` false, and a note names the editions and their dates.

When sources disagree on the degree of one adoption, the weaker degree is used and the answer lists the
conflict. A designation that is not in the graph is placed by what it states itself (`GB/T 19001-2016/ISO
9001:2015` → IDT ISO 9001:2015); an undated one resolves to the current edition of its work. With an as-of
date only adoptions published by then count, and both standards must have been in force on that day.

>>> from mapper.kg import open_kg
>>> equivalence(open_kg(":memory:"), "GB/T 24001-2016", "ISO 14001:2015").relation
'IDT'
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import hashlib
import os
import pickle
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from urllib.parse import unquote

from rdflib.namespace import DCTERMS

from mapper import ids
from mapper.ingest.to_rdf import bulk_reading, standard_iri, work_iri
from mapper.rates import load_query, start_by_hash
from mapper.rules import day_of
from mapper.store import Store
from mapper.vocab import SM, SMSTD

RELATIONS = ("IDT", "MOD", "EQV", "NEQ", "related", "none")
STRENGTH = {"IDT": 5, "MOD": 4, "EQV": 3, "NEQ": 2, "related": 1, "none": 0}
DEGREE_STRENGTH = {"IDT": 4, "MOD": 3, "EQV": 2, "NEQ": 1}
MAX_STEPS = 8
MAX_PATHS = 20000
#: how far from the goal `_paths` measures distances to cut walks that cannot reach it in time
NEAR_GOAL = 3
CACHE_VERSION = 4  # 3: an adopting standard starts at its earliest start date; 4: works of linked standards only
_STD = str(SMSTD)
_LOST = {"withdrawn", "superseded"}
_FACT_PREDICATES = {  # what the engine reads of a standard: predicate IRI → name
    str(DCTERMS.identifier): "identifier", str(SM.status): "status", str(SM.effective): "effective",
    str(DCTERMS.issued): "issued", str(SM.year): "year", str(SM.withdrawn): "withdrawn",
    str(SM.isEditionOf): "work", str(DCTERMS.publisher): "publisher", str(SM.supplementTo): "supplementTo",
}
_IDENTIFIER = str(DCTERMS.identifier)
_INTERNATIONAL = ("ISO ", "ISO/", "IEC ", "IEC/", "ISO/IEC", "CISPR ", "IWA ", "ITU")


class EquivalenceError(ValueError):
    """An input is not a readable designation."""


# -- answers ------------------------------------------------------------------------------------------------
@dataclass
class Step:
    source_id: str  # "from"
    target_id: str  # "to"
    kind: str  # adoption | edition | replacement
    degree: str | None  # adoption steps: IDT/MOD/NEQ/EQV or None (not established)
    direction: str  # "adopts", "is adopted by", "is replaced by", "replaces"
    sources: list[str] = field(default_factory=list)
    evidence: str = ""  # the source graph(s), or "designation" when the designation itself states it
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
    as_of: _dt.date | None = None
    conflicts: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "a": self.a, "b": self.b, "a_resolved": self.a_resolved, "b_resolved": self.b_resolved,
            "relation": self.relation, "edition_match": self.edition_match,
            "path": [s.to_json() for s in self.path], "as_of": self.as_of.isoformat() if self.as_of else None,
            "notes": self.notes, "conflicts": self.conflicts,
        }


@dataclass
class Counterpart:
    country: str
    standard: str
    relation: str
    edition_match: bool
    path: list[Step]

    def to_json(self) -> dict:
        return {"country": self.country, "standard": self.standard, "relation": self.relation,
                "edition_match": self.edition_match, "path": [s.to_json() for s in self.path]}


@dataclass
class Counterparts:
    standard: str
    resolved: str | None
    country: str | None
    as_of: _dt.date | None
    items: list[Counterpart]
    notes: list[str]

    def to_json(self) -> dict:
        by_country: dict[str, dict[str, list[str]]] = {}
        for c in self.items:
            by_country.setdefault(c.country, {}).setdefault(c.relation, []).append(c.standard)
        return {"standard": self.standard, "resolved": self.resolved, "country": self.country,
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "counterparts": [c.to_json() for c in self.items], "by_country": by_country, "notes": self.notes}


# -- what is known of one standard ---------------------------------------------------------------------------
@dataclass
class Fact:
    identifier: str
    status: str = ""
    effective: _dt.date | None = None
    issued: _dt.date | None = None
    year: int | None = None
    withdrawn: _dt.date | None = None
    work: str | None = None
    publishers: tuple[str, ...] = ()
    supplement: bool = False

    @property
    def start(self) -> _dt.date | None:
        """Implementation date, else issue date, else 31 December of the designation's year."""
        if self.effective or self.issued:
            return self.effective or self.issued
        return _dt.date(self.year, 12, 31) if self.year else None


def _identifier(iri: str) -> str:
    """The identifier of a standard IRI (the slug is reversible: docs/model.md)."""
    return unquote(iri[len(_STD):]).replace("_", " ") if iri.startswith(_STD) else iri


def _earliest(values: list[str]) -> _dt.date | None:
    """The earliest of some date literals' values (those that are not dates left out)."""
    return min((d for d in map(day_of, values) if d), default=None)


def _query_text(name: str, graphs: Sequence[str] = ()) -> str:
    """queries/NAME, with equivalence_starts.rq's $start filled in (the rate's reading of a start date) and
    equivalence_edges.rq's $graph_key (numbering `graphs`, see `_graph_key`)."""
    text = load_query(name)
    if "$" not in text:
        return text
    return Template(text).substitute(start=start_by_hash("?x", "x", "  "), graph_key=_graph_key(graphs))


#: at most this many source graphs are numbered in equivalence_edges.rq (each row's graph is compared with
#: them in turn; a store of more sources reads the others' IRIs out)
_NUMBERED_GRAPHS = 64


def _graph_key(graphs: Sequence[str]) -> str:
    """The expression giving equivalence_edges.rq's ?graph: "#N" for the Nth of `graphs` (a short literal, kept
    inside the result), else the IRI ?graph0 as text."""
    numbered = list(graphs)[:_NUMBERED_GRAPHS]
    return "".join(f'IF(?graph0 = <{g}>, "#{i}", ' for i, g in enumerate(numbered)) + "STR(?graph0)" + ")" * len(numbered)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _is_international(identifier: str) -> bool:
    return identifier.startswith(_INTERNATIONAL)


# -- the graph ----------------------------------------------------------------------------------------------
class EquivalenceGraph:
    """Adoption and supersession edges of one store, as an undirected multigraph (adjacency lists).

    Nodes are standard IRIs. `adj[u]` lists (v, edge) pairs; an edge is a dict shared by both ends:
    kind "adoption" (adopting, adopted, degree, claims, conflict, sources, evidence, confidence) or
    "edition"/"replacement" (newer, older). Facts about nodes (dates, status, country) are read from the
    store when a question needs them, a few at a time.
    """

    def __init__(self, store: Store, *, _data: dict | None = None) -> None:
        self.store = store
        self.from_cache = _data is not None
        started = time.perf_counter()
        data = _data if _data is not None else self._read(store)
        self.adj: dict[str, list[tuple[str, dict]]] = data["adj"]
        self.orgs: dict[str, tuple[str, str]] = data["orgs"]  # org IRI → (jurisdiction, level)
        self.comp: dict[str, int] = data["comp"]  # node → its connected component
        self.build_seconds = time.perf_counter() - started
        self.facts: dict[str, Fact | None] = {}
        self.known: dict[str, str | None] = {}  # IRI → identifier (None: not in the graph)
        self.editions: dict[str, list[str]] = {}

    # -- building --------------------------------------------------------------------------------------
    @staticmethod
    def _read(store: Store) -> dict:
        # millions of rows and edges stay alive, and make almost no cycles: the collector's passes over all of
        # them took a third of the Python part at 10x (see bulk_reading)
        with bulk_reading():
            return EquivalenceGraph._read_rows(store)

    @staticmethod
    def _read_rows(store: Store) -> dict:
        graphs = sorted(g for (g,) in store.rows(_query_text("equivalence_graphs.rq")))
        names = ["equivalence_edges.rq", "equivalence_starts.rq", "equivalence_works.rq", "equivalence_replaces.rq",
                 "equivalence_orgs.rq"]
        with ThreadPoolExecutor(2) as pool:
            adoptions, start_rows, works, replaces, orgs = pool.map(lambda n: store.rows(_query_text(n, graphs)), names)
        work_of = dict(works)
        adj: dict[str, list[tuple[str, dict]]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for x, y in replaces:
            if (x, y) in seen or x == y:
                continue
            seen.add((x, y))
            same = work_of.get(x) is not None and work_of.get(x) == work_of.get(y)
            edge = {"kind": "edition" if same else "replacement", "newer": x, "older": y}
            adj[x].append((y, edge))
            adj[y].append((x, edge))
        # several start dates (stated in several sources): the earliest, as the rate's in-force test takes it
        # (MIN in rates.NATIONAL_INTERVAL) — not whichever row the store returned last
        starts: dict[str, _dt.date | None] = {}
        for x, xstart in start_rows:
            day = day_of(xstart)
            if day is not None and (starts.get(x) is None or day < starts[x]):  # type: ignore[operator]
                starts[x] = day
        claims: dict[tuple[str, str], dict[tuple, set[str]]] = {}
        keys: dict[tuple, tuple] = {}  # (degree, confidence, graph) as read → as kept: few distinct values
        for x, y, deg, conf, graph, src in adoptions:
            key = keys.get((deg, conf, graph))
            if key is None:
                # the graph numbered by equivalence_edges.rq
                named = graphs[int(graph[1:])] if graph and graph.startswith("#") else graph
                key = keys[(deg, conf, graph)] = (_local(deg) if deg else None, conf or "", _local(named) if named else "")
            found = claims.get((x, y))
            if found is None:
                found = claims[(x, y)] = {}
            bucket = found.get(key)
            if bucket is None:
                bucket = found[key] = set()
            if src:
                bucket.add(src)
        for (x, y), found in sorted(claims.items()):
            edge = _adoption_edge(x, y, [(deg, conf, graph, sorted(srcs)) for (deg, conf, graph), srcs in found.items()])
            edge["start"] = starts.get(x)
            adj[x].append((y, edge))
            adj[y].append((x, edge))
        for edges in adj.values():
            if len(edges) > 1:
                edges.sort(key=lambda ve: (ve[0], ve[1]["kind"]))
        return {"adj": dict(adj), "orgs": {o: (j or "", _local(lvl)) for o, j, lvl in orgs}, "comp": _components(adj)}

    @classmethod
    def for_store(cls, store: Store) -> EquivalenceGraph:
        """The graph of `store`, built only when the store changed since it was last built (kept in this
        process, and on disk next to the user's cache for an on-disk store)."""
        state = store.state()
        key = (id(store), state)
        hit = _MEMORY.get(key)
        if hit is not None and hit.store is store:
            return hit
        path = _cache_file(store)
        data = None
        if path is not None and path.is_file():
            try:
                with path.open("rb") as fh:
                    saved = pickle.load(fh)
                if saved.get("version") == CACHE_VERSION and saved.get("state") == state:
                    data = saved["data"]
            except Exception:  # noqa: BLE001 — a damaged or foreign cache file is rebuilt, never trusted
                data = None
        graph = cls(store, _data=data)
        if data is None and path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                with tmp.open("wb") as fh:
                    pickle.dump({"version": CACHE_VERSION, "state": state,
                                 "data": {"adj": graph.adj, "orgs": graph.orgs, "comp": graph.comp}}, fh,
                                protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except OSError:
                pass  # no cache, still correct
        _MEMORY.clear()
        _MEMORY[key] = graph
        return graph

    # -- facts, read on demand ----------------------------------------------------------------------------
    def _load_facts(self, iris: Iterable[str]) -> None:
        todo = sorted({i for i in iris if i not in self.facts})
        if not todo:
            return
        for iri, pairs in self.store.properties(todo, _FACT_PREDICATES).items():
            props: dict[str, list[str]] = {}
            for p, o in pairs:
                props.setdefault(_FACT_PREDICATES[p], []).append(o)
            if "identifier" not in props:
                self.facts[iri] = None
                continue
            years = sorted(int(v) for v in props.get("year", []) if v.lstrip("-").isdigit())
            self.facts[iri] = Fact(
                identifier=min(props["identifier"]), status=_local(min(props.get("status", [""]))),
                effective=_earliest(props.get("effective", [])), issued=_earliest(props.get("issued", [])),
                year=years[0] if years else None, withdrawn=_earliest(props.get("withdrawn", [])),
                work=min(props["work"]) if props.get("work") else None,
                publishers=tuple(sorted(props.get("publisher", []))), supplement="supplementTo" in props)

    def _load_editions(self, works: Iterable[str]) -> None:
        todo = sorted({w for w in works if w not in self.editions})
        if todo:
            found = self.store.subjects(str(SM.isEditionOf), todo)
            self.editions.update(found)
            self._load_facts(s for lst in found.values() for s in lst)

    def _load_known(self, iris: Iterable[str]) -> None:
        """Which of `iris` are in the graph, and their identifiers (one index lookup each)."""
        todo = [i for i in {*iris} if i not in self.known and i not in self.facts]
        if todo:
            for iri, pairs in self.store.properties(todo, [_IDENTIFIER]).items():
                self.known[iri] = min(o for _p, o in pairs) if pairs else None

    def exists(self, iri: str) -> bool:
        if iri in self.facts:
            return self.facts[iri] is not None
        self._load_known([iri])
        return self.known[iri] is not None

    def fact(self, iri: str) -> Fact | None:
        if iri not in self.facts:
            self._load_facts([iri])
        return self.facts[iri]

    def country(self, iri: str) -> str:
        f = self.fact(iri)
        if f is None:
            return ""
        found = sorted({self.orgs.get(p, ("", ""))[0] for p in f.publishers} - {""})
        return found[0] if len(found) == 1 else ("INT" if "INT" in found else (found[0] if found else ""))

    def identifier(self, iri: str) -> str:
        f = self.facts.get(iri)
        return f.identifier if f is not None else (self.known.get(iri) or _identifier(iri))

    def end(self, iri: str) -> tuple[_dt.date | None, str]:
        """When `iri` went out of force (withdrawal, or a successor's start) and how; (None, "") if it has not."""
        f = self.fact(iri)
        if f is None:
            return None, ""
        ends = [(f.withdrawn, "withdrawn")] if f.withdrawn else []
        newer = self._newer(iri)
        self._load_facts(newer)
        for n in newer:
            nf = self.facts.get(n)
            if nf is not None and nf.start is not None:
                ends.append((nf.start, f"replaced by {nf.identifier}"))
        return min(ends) if ends else (None, "")

    def _newer(self, iri: str) -> list[str]:
        """The standards that replace `iri` (newer editions, or other works)."""
        return [e["newer"] for _, e in self.adj.get(iri, []) if e["kind"] != "adoption" and e["older"] == iri]

    def in_force(self, iri: str, day: _dt.date) -> tuple[bool, str]:
        """Was `iri` in force on `day` (the definition of docs/analytics.md)? And if not, why."""
        f = self.fact(iri)
        if f is None:
            return False, "not in the graph"
        start = f.start
        if start is None:
            return False, "no date says when it came into force"
        if start > day:
            return False, f"it came into force only on {start.isoformat()}"
        end, how = self.end(iri)
        if end is not None and end <= day:
            return False, f"{how} on {end.isoformat()}"
        if end is None and f.status in _LOST:
            return False, f"recorded {f.status} with no date saying when"
        return True, ""

    # -- resolving inputs -----------------------------------------------------------------------------------
    def resolve(self, text: str) -> tuple[ids.Designation, str | None, list[str]]:
        """The designation, the IRI it resolves to in the graph (None if absent) and notes."""
        try:
            d = _parse(text)
        except ids.DesignationError as exc:
            raise EquivalenceError(f"{text!r} is not a designation: {exc}") from exc
        own = _plain(d)
        iri = str(standard_iri(own.normalized))
        undated = own.year is None and not own.supplements
        if self.exists(iri) and not (undated and self._current(str(work_iri(own.work))) is not None):
            return d, iri, []
        if undated:
            work = str(work_iri(own.work))
            current = self._current(work)
            if current is not None:
                return d, current, [f"{text!r} is undated; resolved to the current edition {self.identifier(current)}"]
            if self.editions.get(work):
                return d, None, [f"{text!r} is undated and no edition of {own.work} is in force in the graph"]
            return d, None, []
        work = str(work_iri(own.work))
        self._load_editions([work])
        others = sorted(self.identifier(s) for s in self.editions.get(work, []) if s != iri)
        if others:
            return d, None, [f"{own.normalized} is not in the graph; other editions of {own.work} are: {', '.join(others)}"]
        return d, None, []

    def _current(self, work: str) -> str | None:
        self._load_editions([work])
        found = [(s, self.facts[s]) for s in self.editions.get(work, []) if self.facts.get(s) is not None]
        found = [(s, f) for s, f in found if not f.supplement]  # type: ignore[union-attr]
        current = sorted((s for s, f in found if f.status == "current"),  # type: ignore[union-attr]
                         key=lambda s: (-(self.facts[s].year or 0), s))  # type: ignore[union-attr]
        return current[0] if current else None

    def _implied_target(self, imp: ids.Implied, year: int | None = None) -> tuple[str | None, str]:
        """The standard an adoption stated by a designation points to. An undated reference (DIN EN ISO
        13849-1:2008 → EN ISO 13849-1:2008 → ISO 13849-1) is the latest edition of the work published in or
        before the adopting designation's `year`, else the current edition; a year carried over from the
        adopting designation (BS EN ISO 21647:2009 → ISO 21647:2009), when that edition is absent, the
        latest edition published in or before it."""
        ref = _plain(imp.ref)
        iri = str(standard_iri(ref.normalized))
        undated = ref.year is None and not ref.supplements
        if self.exists(iri) and not undated:
            return iri, "exact"
        if undated:
            work = str(work_iri(ref.work))
            if year is not None:
                found = self._latest(work, year)
                if found is not None:
                    return found, f"latest edition published by {year}"
            cur = self._current(work)
            if cur is not None:
                return cur, "current edition"
            if self.exists(iri):
                return iri, "exact"
        if not getattr(imp, "year_stated", True) and ref.year is not None:
            found = self._latest(str(work_iri(ref.work)), ref.year)
            if found is not None:
                return found, "earlier edition (year carried over from the designation)"
        return None, "not found"

    def _latest(self, work: str, year: int) -> str | None:
        """The latest edition of `work` (not a supplement) whose designation year is `year` or earlier."""
        self._load_editions([work])
        found = [(f.year, f.identifier, s) for s in self.editions.get(work, [])
                 if (f := self.facts.get(s)) is not None and f.year is not None and f.year <= year and not f.supplement]
        return max(found)[2] if found else None

    def _place(self, extra: dict[str, list[tuple[str, dict]]], d: ids.Designation, iri: str | None,
               virtual: dict[str, ids.Designation], top: bool = True) -> tuple[str, list[str]]:
        """Put a designation into the overlay `extra`, with the adoptions it states itself (nested ones too:
        BS EN ISO 14001:2015 → EN ISO 14001:2015 → ISO 14001:2015)."""
        notes: list[str] = []
        base = _plain(d)
        node = iri or str(standard_iri(base.normalized))
        if iri is None:
            virtual[node] = base
            if top and node not in self.adj:
                notes.append(f"{base.normalized} is not in the graph")
        for imp in d.adopts:
            found, how = self._implied_target(imp, base.year)
            if found is not None and how.startswith(("earlier edition", "latest edition")):
                notes.append(f"{imp.ref.normalized}: {how}: {self.identifier(found)}")
            target, sub_notes = self._place(extra, imp.ref, found, virtual, top=False)
            existing = [e for v, e in self.adj.get(node, []) + extra.get(node, []) if v == target and e["kind"] == "adoption"]
            if not any(e["degree"] == imp.degree for e in existing):
                edge = _adoption_edge(node, target, [(imp.degree, "", "designation", [])])
                edge["start"] = None
                extra.setdefault(node, []).append((target, edge))
                extra.setdefault(target, []).append((node, edge))
                notes.append(f"{base.normalized} placed by its designation: it states {imp.degree} "
                             f"{self.identifier(target) if target not in virtual else virtual[target].normalized}")
            notes += sub_notes
        return node, notes

    def _name(self, iri: str, virtual: dict[str, ids.Designation]) -> str:
        return virtual[iri].normalized if iri in virtual else self.identifier(iri)

    # -- the search -----------------------------------------------------------------------------------------
    def _neighbours(self, extra: dict[str, list[tuple[str, dict]]], node: str) -> list[tuple[str, dict]]:
        base = self.adj.get(node, [])
        more = extra.get(node)
        return base + more if more else base

    def _usable(self, edge: dict, day: _dt.date | None, virtual: dict[str, ids.Designation]) -> bool:
        """Could the edge be used on `day`? An adoption once its adopting standard had started (a designation
        placed by what it states: from the end of its year); a supersession once the newer edition had."""
        if day is None:
            return True
        if edge["kind"] == "adoption":
            x = edge["adopting"]
            if x in virtual:
                y = virtual[x].year
                return y is None or _dt.date(y, 12, 31) <= day
            start = edge.get("start")
            if start is None:
                f = self.fact(x)
                start = f.start if f is not None else None
            return start is not None and start <= day
        f = self.fact(edge["newer"])
        return f is not None and f.start is not None and f.start <= day

    def _paths(self, extra: dict, start: str, day: _dt.date | None, virtual: dict,
               goal: str | None = None) -> Iterator[list[tuple[str, str, dict]]]:
        """Simple paths from `start` (to `goal`, or to every node when None) of at most MAX_STEPS edges, as
        lists of (from, to, edge); at most MAX_PATHS of them."""
        count = 0
        path: list[tuple[str, str, dict]] = []
        on_path = {start}
        # near the goal: the nodes within NEAR_GOAL edges of it, by their distance. With at most that many
        # steps left, a walk goes on only through a node close enough to arrive in time (a distance that
        # ignores dates and the nodes already on the path is never more than the walk's own). The paths are
        # the same, in the same order; only walks that cannot end at the goal are cut (10,000 pairs at 10x:
        # 14 million calls of walk before)
        near: dict[str, int] = {}
        if goal is not None:
            near, frontier = {goal: 0}, [goal]
            for d in range(1, NEAR_GOAL + 1):
                frontier = [v for u in frontier for v, _e in self._neighbours(extra, u) if v not in near]
                for v in frontier:
                    near.setdefault(v, d)

        def walk(node: str) -> Iterator[list[tuple[str, str, dict]]]:
            nonlocal count
            for nxt, edge in self._neighbours(extra, node):
                if count >= MAX_PATHS or nxt in on_path or not self._usable(edge, day, virtual):
                    continue
                path.append((node, nxt, edge))
                if goal is None or nxt == goal:
                    count += 1
                    yield list(path)
                left = MAX_STEPS - len(path)
                if nxt != goal and left > 0 and (goal is None or left > NEAR_GOAL or near.get(nxt, left + 1) <= left):
                    on_path.add(nxt)
                    yield from walk(nxt)
                    on_path.discard(nxt)
                path.pop()

        yield from walk(start)

    def _touches(self, extra: dict, node: str) -> set[int]:
        """The components a node reaches: its own, or through the overlay's edges those of what it states."""
        found, seen, todo = set(), {node}, [node]
        while todo:
            here = todo.pop()
            if here in self.comp:
                found.add(self.comp[here])
            for v, _e in extra.get(here, []):
                if v not in seen:
                    seen.add(v)
                    todo.append(v)
        return found

    def _may_meet(self, extra: dict, a: str, b: str) -> bool:
        ta = self._touches(extra, a)
        if ta & self._touches(extra, b):
            return True
        # two placed designations can meet through the overlay alone (both state the same absent standard)
        return bool(extra) and b in self._reachable_overlay(extra, a)

    @staticmethod
    def _reachable_overlay(extra: dict, start: str) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for v, _e in extra.get(todo.pop(), []):
                if v not in seen:
                    seen.add(v)
                    todo.append(v)
        return seen

    def _reachable(self, extra: dict, start: str) -> set[str]:
        seen, frontier = {start}, [start]
        for _ in range(MAX_STEPS):
            nxt = []
            for node in frontier:
                for v, _e in self._neighbours(extra, node):
                    if v not in seen:
                        seen.add(v)
                        nxt.append(v)
            frontier = nxt
        return seen

    def _score(self, steps_in: list[tuple[str, str, dict]], virtual: dict) -> tuple:
        steps: list[Step] = []
        degrees: list[str | None] = []
        weak = False
        edition_match = True
        by_designation = 0
        national_hops = 0  # prefer "adopts the later edition of B" over "replaces a standard that adopts B"
        for here, there, edge in steps_in:
            if edge["kind"] == "adoption":
                forward = edge["adopting"] == here
                degrees.append(edge["degree"])
                if edge["evidence"] == "designation":
                    by_designation += 1
                steps.append(Step(self._name(here, virtual), self._name(there, virtual), "adoption", edge["degree"],
                                  "adopts" if forward else "is adopted by", list(edge["sources"]), edge["evidence"],
                                  edge["confidence"]))
            else:
                edition_match = False
                if not _is_international(self._name(here, virtual)):
                    national_hops += 1
                if edge["kind"] == "replacement":
                    weak = True
                steps.append(Step(self._name(here, virtual), self._name(there, virtual), edge["kind"], None,
                                  "replaces" if edge["newer"] == here else "is replaced by", [], "", ""))
        relation = compose(degrees, weak)
        # strongest relation, then same edition, then evidence from sources over designations, then
        # supersession on the international side, then the shortest path; ties go to the lexically
        # smallest path so that the answer is stable from run to run
        key = (STRENGTH[relation], edition_match, -by_designation, -national_hops, -len(steps),
               tuple(_invert(s.target_id) for s in steps))
        return key, relation, edition_match, steps

    def compare(self, a_text: str, b_text: str, as_of: _dt.date | None = None) -> Equivalence:
        question = self._pose(a_text, b_text, as_of)
        if as_of is not None:
            self._load_facts(self._dated_facts(question))
        self._search(question)
        self._note_hops([question])
        return question.result

    def _pose(self, a_text: str, b_text: str, as_of: _dt.date | None) -> _Question:
        """Both inputs resolved and placed in the graph, and the answer as far as that goes."""
        da, a_iri, notes_a = self.resolve(a_text)
        db, b_iri, notes_b = self.resolve(b_text)
        notes = notes_a + [n for n in notes_b if n not in notes_a]
        extra: dict[str, list[tuple[str, dict]]] = {}
        virtual: dict[str, ids.Designation] = {}
        a_node, n1 = self._place(extra, da, a_iri, virtual)
        b_node, n2 = self._place(extra, db, b_iri, virtual)
        notes += [n for n in n1 + n2 if n not in notes]
        a_named = a_iri is not None or bool(da.adopts)
        b_named = b_iri is not None or bool(db.adopts)
        result = Equivalence(a_text, b_text, self._name(a_node, virtual) if a_named else None,
                             self._name(b_node, virtual) if b_named else None, "none", False, [], notes, as_of)
        return _Question(result, a_node, b_node, extra, virtual)

    def _dated_facts(self, question: _Question) -> set[str]:
        """The standards whose facts a dated question reads: all that A reaches (the paths' edges are usable
        from their adopting or newer standard's start), B and what replaces B (when B was in force)."""
        virtual = question.virtual
        found = self._reachable(question.extra, question.a_node) - set(virtual)
        if question.b_node not in virtual:
            found.add(question.b_node)
            found.update(self._newer(question.b_node))
        return found

    def _search(self, question: _Question) -> None:
        """The strongest path from A to B, into `question.result`; the edition hops on it go to
        `question.hops` (their note needs the editions' dates: `_note_hops`)."""
        result, a_node, b_node = question.result, question.a_node, question.b_node
        extra, virtual, as_of = question.extra, question.virtual, result.as_of
        if as_of is not None:
            gone = False
            for node in (a_node, b_node):
                if node in virtual:
                    y = virtual[node].year
                    if y is not None and _dt.date(y, 12, 31) > as_of:
                        result.notes.append(f"{virtual[node].normalized} was not in force on {as_of.isoformat()}: "
                                            f"its designation dates it {y}")
                        gone = True
                    continue
                ok, why = self.in_force(node, as_of)
                if not ok:
                    result.notes.append(f"{self._name(node, virtual)} was not in force on {as_of.isoformat()}: {why}")
                    gone = True
            if gone:
                return
        if a_node == b_node:
            result.relation, result.edition_match = "IDT", True
            result.notes.append("both designations name the same standard")
            return
        if not self._may_meet(extra, a_node, b_node):
            result.notes.append("no adoption or supersession path links them")
            return
        best = None
        for steps in self._paths(extra, a_node, as_of, virtual, goal=b_node):
            scored = self._score(steps, virtual)
            if best is None or scored[0] > best[0]:
                best = scored
                best_edges = steps
        if best is None:
            result.notes.append("no adoption or supersession path links them"
                                + (f" on {as_of.isoformat()}" if as_of else ""))
            return
        _, relation, edition_match, steps = best
        result.relation, result.edition_match, result.path = relation, edition_match, steps
        result.conflicts, conflict_notes = _conflicts(best_edges, virtual, self._name)
        result.notes += conflict_notes
        question.hops = [(h, t, e) for h, t, e in best_edges if e["kind"] == "edition"]

    def _note_hops(self, questions: Sequence[_Question]) -> None:
        """The last note of each answer whose path hops between editions, naming them with their dates (the
        dates of all the questions' editions read at once)."""
        self._load_facts(n for q in questions for h, t, _ in q.hops for n in (h, t) if n not in q.virtual)
        for q in questions:
            if q.hops:
                q.result.notes.append("edition hop: " + "; ".join(self._hop_note(h, t, e, q.virtual)
                                                                    for h, t, e in q.hops))

    def _hop_note(self, here: str, there: str, edge: dict, virtual: dict) -> str:
        def dated(iri: str) -> str:
            f = self.facts.get(iri)
            when = f.issued or f.start if f is not None else None
            return f"{self._name(iri, virtual)} ({when.isoformat()})" if when else self._name(iri, virtual)
        newer, older = edge["newer"], edge["older"]
        return f"{dated(older)} is an earlier edition of the same work as {dated(newer)}"

    def compare_many(self, pairs: Sequence[tuple[str, str]], as_of: _dt.date | Sequence[_dt.date | None] | None = None
                     ) -> list[Equivalence | EquivalenceError]:
        """`compare` for many pairs, reading what the answers need from the store in a few queries (a request
        each on a SPARQL server): the inputs and the editions of their works first, then the facts of what
        dated pairs reach, then the dates of the edition hops on the answers' paths. The answers are
        compare's. `as_of` is one date for all, or one per pair. Unreadable input gives an EquivalenceError
        in its place."""
        days = list(as_of) if isinstance(as_of, (list, tuple)) else [as_of] * len(pairs)
        refs: list[tuple[ids.Designation, bool]] = []  # (reference, are its work's editions read when it is absent)
        for a, b in pairs:
            for text in (a, b):
                try:
                    d = _parse(text)
                except ids.DesignationError:
                    continue
                refs.append((_plain(d), True))  # resolve() names the other editions of an absent standard
                for imp in _all_implied(d):  # _implied_target() looks for an earlier edition of a carried-over year
                    refs.append((_plain(imp.ref), not getattr(imp, "year_stated", True) and imp.ref.year is not None))
        self._load_known(str(standard_iri(ref.normalized)) for ref, _ in refs)
        works = set()
        for ref, if_absent in refs:
            undated = ref.year is None and not ref.supplements
            if undated or (if_absent and not self.exists(str(standard_iri(ref.normalized)))):
                works.add(str(work_iri(ref.work)))
        self._load_editions(works)
        posed: list[_Question | EquivalenceError] = []
        for (a, b), day in zip(pairs, days):
            try:
                posed.append(self._pose(a, b, day))
            except EquivalenceError as exc:
                posed.append(exc)
        questions = [q for q in posed if isinstance(q, _Question)]
        self._load_facts({n for q in questions if q.result.as_of is not None for n in self._dated_facts(q)})
        for q in questions:
            self._search(q)
        self._note_hops(questions)
        return [q.result if isinstance(q, _Question) else q for q in posed]

    def counterparts(self, text: str, country: str | None = None, as_of: _dt.date | None = None) -> Counterparts:
        """Every standard equivalent to `text` (IDT, MOD, EQV or NEQ by the best path to it), grouped by
        country and degree; `country` keeps one jurisdiction (CN, GB …; EU; INT)."""
        d, iri, notes = self.resolve(text)
        extra: dict[str, list[tuple[str, dict]]] = {}
        virtual: dict[str, ids.Designation] = {}
        node, more = self._place(extra, d, iri, virtual)
        notes += [n for n in more if n not in notes]
        resolved = self._name(node, virtual) if iri is not None or d.adopts else None
        reach = self._reachable(extra, node) - set(virtual)
        self._load_facts(reach)
        if as_of is not None and node not in virtual:
            ok, why = self.in_force(node, as_of)
            if not ok:
                notes.append(f"{self._name(node, virtual)} was not in force on {as_of.isoformat()}: {why}")
                return Counterparts(text, resolved, country, as_of, [], notes)
        best: dict[str, tuple] = {}
        for steps in self._paths(extra, node, as_of, virtual):
            target = steps[-1][1]
            scored = self._score(steps, virtual)
            if target not in best or scored[0] > best[target][0]:
                best[target] = scored
        items = []
        own = self.facts.get(node)
        for target, (_, relation, edition_match, steps) in best.items():
            if relation not in DEGREE_STRENGTH or target in virtual:
                continue
            f = self.facts.get(target)
            if f is None or (own is not None and own.work is not None and f.work == own.work):
                continue  # another edition of the same work is not a counterpart
            if as_of is not None:
                if not self.in_force(target, as_of)[0]:
                    continue
            elif f.status in _LOST:
                continue  # without a date: the standards in force as recorded
            where = self.country(target)
            if country is not None and where != country.upper():
                continue
            items.append(Counterpart(where, self._name(target, virtual), relation, edition_match, steps))
        items.sort(key=lambda c: (c.country, -STRENGTH[c.relation], c.standard))
        return Counterparts(text, resolved, country.upper() if country else None, as_of, items, notes)


@dataclass
class _Question:
    """One pair under way in `EquivalenceGraph.compare`: the answer so far, both inputs placed in the graph
    (`extra` holds the adoptions designations state themselves, `virtual` the standards only they name), and
    the edition hops of the answer's path, noted last."""
    result: Equivalence
    a_node: str
    b_node: str
    extra: dict[str, list[tuple[str, dict]]]
    virtual: dict[str, ids.Designation]
    hops: list[tuple[str, str, dict]] = field(default_factory=list)


_MEMORY: dict[tuple, EquivalenceGraph] = {}


def _cache_file(store: Store) -> Path | None:
    if store.identity is None:
        return None
    base = os.environ.get("STDMAP_CACHE_DIR")
    if base is None:
        import platformdirs

        base = platformdirs.user_cache_dir("stdmap", appauthor=False)
    digest = hashlib.sha256(store.identity.encode()).hexdigest()[:24]
    return Path(base) / "equivalence" / f"{digest}.pickle"


def _components(adj: dict[str, list[tuple[str, dict]]]) -> dict[str, int]:
    comp: dict[str, int] = {}
    for n, start in enumerate(sorted(adj)):
        if start in comp:
            continue
        comp[start], todo = n, [start]
        while todo:
            for v, _e in adj[todo.pop()]:
                if v not in comp:
                    comp[v] = n
                    todo.append(v)
    return comp


@functools.lru_cache(maxsize=65536)
def _parse(text: str) -> ids.Designation:
    return ids.parse(text)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _plain(d: ids.Designation) -> ids.Designation:
    """The designation without the adoptions it states (the standard itself)."""
    return dataclasses.replace(d, adopts=()) if d.adopts else d


def _all_implied(d: ids.Designation) -> list[ids.Implied]:
    out = []
    for imp in d.adopts:
        out.append(imp)
        out += _all_implied(imp.ref)
    return out


def _adoption_edge(x: str, y: str, claims: list[tuple[str | None, str, str, list[str]]]) -> dict:
    """One edge for every claim on the pair (x adopts y): the weakest claimed degree (a claim without a degree
    counts only when no claim has one); `conflict` lists the degrees when sources disagree."""
    if len(claims) == 1:  # most pairs: the same edge, without the sets and sorts
        deg, conf, graph, srcs = claims[0]
        return {"kind": "adoption", "adopting": x, "adopted": y, "degree": deg, "claims": claims, "conflict": [],
                "sources": srcs, "evidence": graph, "confidence": conf}
    degrees = sorted({c[0] for c in claims if c[0] is not None}, key=lambda g: -DEGREE_STRENGTH.get(g, 0))
    degree = degrees[-1] if degrees else None
    graphs = sorted({c[2] for c in claims if c[2]})
    return {
        "kind": "adoption", "adopting": x, "adopted": y, "degree": degree,
        "claims": sorted(claims, key=lambda c: (c[2], c[0] or "", c[1])),
        "conflict": degrees if len(degrees) > 1 else [],
        "sources": sorted({s for c in claims for s in c[3]}),
        "evidence": "; ".join(graphs),
        "confidence": "/".join(sorted({c[1] for c in claims if c[1]})),
    }


def _conflicts(edges: list[tuple[str, str, dict]], virtual: dict, name) -> tuple[list[dict], list[str]]:
    found, notes = [], []
    for _h, _t, e in edges:
        if e["kind"] == "adoption" and e["conflict"]:
            x, y = name(e["adopting"], virtual), name(e["adopted"], virtual)
            per = sorted({(c[0] or "?", c[2]) for c in e["claims"]})
            found.append({"adopting": x, "adopted": y, "degrees": sorted(e["conflict"]),
                          "claims": [{"degree": d, "evidence": g} for d, g in per],
                          "sources": list(e["sources"])})
            notes.append(f"sources disagree on {x} → {y}: " + ", ".join(f"{d} ({g})" for d, g in per)
                         + f"; the weaker, {e['degree']}, is used")
    return found, notes


def compose(degrees: list[str | None], weak: bool = False) -> str:
    """The relation of a path from its adoption steps' degrees (None = not established) — the weakest link."""
    if not degrees or weak or any(d is None for d in degrees):
        return "related"
    if len(degrees) == 1:
        return degrees[0]  # type: ignore[return-value]
    other = [d for d in degrees if d != "IDT"]
    if not other:
        return "IDT"
    if len(other) == 1 and other[0] in ("MOD", "EQV"):
        return other[0]  # type: ignore[return-value]
    return "related"


def _invert(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def equivalence(store: Store, a: str, b: str, as_of: _dt.date | None = None) -> Equivalence:
    return EquivalenceGraph.for_store(store).compare(a, b, as_of)
