"""Conflicts: where sources disagree, or the data contradicts itself (docs/analytics.md, `stdmap conflicts`).

Four kinds, each found by one SPARQL query in `mapper/queries/conflicts_<kind>.rq` (the rule is written in
a comment above the query); this module only groups the query's rows into conflicts:

* `degree` — two Adoption claims on one (adopting, adopted) pair, from different source graphs, state
  different established degrees;
* `adopts-withdrawn` — a standard adopts an international standard that was already out of force when it
  was issued (withdrawn on or before that day, or replaced by a successor issued on or before it);
* `dated-before` — a standard is issued before the international edition it adopts;
* `supersession-cycle` — a chain of `dcterms:replaces` that returns to its start (reported once per
  cycle, members sorted).

Every conflict names its standards, a one-line detail and its sources: the Adoption claims involved
(`role` "claim": source graph, that graph's origin from the meta graph, degree, the claim's
`dcterms:source` URLs) and, for the date and cycle kinds, the records whose facts collide (`role`
"record": the graph stating the fact, its origin, the record's URLs in that graph).

>>> from mapper.kg import open_kg
>>> find_conflicts(open_kg(":memory:", empty=True))
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from mapper.store import Store

QUERIES = Path(__file__).resolve().parent / "queries"

#: every kind, in the order of the contract
KINDS = ("degree", "adopts-withdrawn", "dated-before", "supersession-cycle")

#: kind → (English label, Chinese label) for text output
LABELS = {
    "degree": ("sources disagree on the degree", "采用程度不一致"),
    "adopts-withdrawn": ("adopts a standard already out of force", "采用时国际标准已废止或被代替"),
    "dated-before": ("issued before the edition it adopts", "发布早于所采用的国际标准版本"),
    "supersession-cycle": ("supersession cycle", "代替关系成环"),
}


@dataclass(frozen=True)
class Conflict:
    kind: str
    standards: tuple[str, ...]
    detail: str
    sources: tuple[dict, ...]

    def to_json(self) -> dict:
        return {"kind": self.kind, "standards": list(self.standards), "detail": self.detail,
                "sources": [dict(s) for s in self.sources]}

    @property
    def label(self) -> str:
        en, zh = LABELS[self.kind]
        return f"{en} · {zh}"

    def sort_key(self) -> tuple:
        return (self.kind, self.standards, self.detail)


def load_query(kind: str) -> str:
    return (QUERIES / f"conflicts_{kind}.rq").read_text(encoding="utf-8")


def _s(term: Any) -> str | None:
    return None if term is None else str(term)


def _degree(term: Any) -> str | None:
    return None if term is None else str(term).rsplit("/", 1)[-1]


class _Sources:
    """Collects the source entries of one conflict: claims by Adoption node, records by (standard, graph, fact)."""

    def __init__(self, origins: dict[str, str], graph_of: dict[str, str]) -> None:
        self.origins, self.graph_of = origins, graph_of
        self.claims: dict[str, dict] = {}
        self.records: dict[tuple, dict] = {}

    def claim(self, ad: Any, graph: Any, statement: str, degree: str | None, url: Any) -> None:
        g = str(graph)
        entry = self.claims.setdefault(str(ad), {
            "role": "claim", "graph": g, "origin": self.origins.get(g), "statement": statement,
            "degree": degree, "urls": []})
        if url is not None and str(url) not in entry["urls"]:
            entry["urls"].append(str(url))

    def record(self, data_graph: Any, statement: str, url: Any) -> None:
        """A fact about a standard as stated in one data graph (mapped back to its source graph)."""
        dg = str(data_graph)
        g = self.graph_of.get(dg, dg)
        entry = self.records.setdefault((statement, g), {
            "role": "record", "graph": g, "origin": self.origins.get(g), "statement": statement,
            "degree": None, "urls": []})
        if url is not None and str(url) not in entry["urls"]:
            entry["urls"].append(str(url))

    def entries(self) -> tuple[dict, ...]:
        out = sorted(self.claims.values(), key=lambda e: (e["origin"] or e["graph"], e["statement"]))
        out += sorted(self.records.values(), key=lambda e: (e["statement"], e["origin"] or e["graph"]))
        for e in out:
            e["urls"].sort()
        return tuple(out)


class _Finder:
    def __init__(self, store: Store) -> None:
        self.store = store
        infos = store.sources()
        self.origins = {str(s.graph): s.origin for s in infos}
        self.graph_of = {s.data_graph: str(s.graph) for s in infos}

    def sources(self) -> _Sources:
        return _Sources(self.origins, self.graph_of)

    def rows(self, kind: str) -> list[dict]:
        return self.store.query(load_query(kind))

    # -- degree ------------------------------------------------------------------------------------
    def degree(self) -> list[Conflict]:
        pairs: dict[tuple[str, str], tuple[str, str, _Sources]] = {}
        for r in self.rows("degree"):
            nid, iid = str(r["nid"]), str(r["iid"])
            _, _, src = pairs.setdefault((str(r["n"]), str(r["i"])), (nid, iid, self.sources()))
            deg = _degree(r["deg"])
            src.claim(r["ad"], r["g"], f"{nid} {deg} {iid}", deg, r["url"])
        out = []
        for nid, iid, src in pairs.values():
            entries = src.entries()
            by_degree: dict[str, list[str]] = {}
            for e in entries:
                by_degree.setdefault(e["degree"], []).append(e["origin"] or e["graph"])
            detail = f"{nid} adopts {iid} as " + " vs ".join(
                f"{deg} ({', '.join(sorted(where))})" for deg, where in sorted(by_degree.items()))
            out.append(Conflict("degree", (nid, iid), detail, entries))
        return out

    # -- adopts-withdrawn --------------------------------------------------------------------------
    def adopts_withdrawn(self) -> list[Conflict]:
        pairs: dict[tuple[str, str], dict] = {}
        for r in self.rows("adopts-withdrawn"):
            nid, iid = str(r["nid"]), str(r["iid"])
            p = pairs.setdefault((str(r["n"]), str(r["i"])),
                                 {"nid": nid, "iid": iid, "facts": set(), "issued": set(), "src": self.sources()})
            nd, when = str(r["nd"]), str(r["when"])
            p["issued"].add(nd)
            if r["why"] is not None and str(r["why"]) == "withdrawn":
                fact = record = f"{iid} withdrawn {when}"
            else:
                succ = _s(r["succid"]) or _s(r["succ"])
                fact, record = f"{iid} replaced by {succ}, issued {when}", f"{succ} issued {when}"
            p["facts"].add(fact)
            src: _Sources = p["src"]
            src.claim(r["ad"], r["g"], f"{nid} {_degree(r['deg']) or 'corresponds to'} {iid}", _degree(r["deg"]),
                      r["url"])
            src.record(r["ndg"], f"{nid} issued {nd}", r["nurl"])
            src.record(r["wdg"], record, r["wurl"])
        out = []
        for p in pairs.values():
            detail = (f"{p['nid']} (issued {', '.join(sorted(p['issued']))}) adopts {p['iid']}, "
                      f"already out of force: {'; '.join(sorted(p['facts']))}")
            out.append(Conflict("adopts-withdrawn", (p["nid"], p["iid"]), detail, p["src"].entries()))
        return out

    # -- dated-before ------------------------------------------------------------------------------
    def dated_before(self) -> list[Conflict]:
        pairs: dict[tuple[str, str], dict] = {}
        for r in self.rows("dated-before"):
            nid, iid = str(r["nid"]), str(r["iid"])
            p = pairs.setdefault((str(r["n"]), str(r["i"])),
                                 {"nid": nid, "iid": iid, "nd": set(), "id": set(), "src": self.sources()})
            nd, idate = str(r["nd"]), str(r["idate"])
            p["nd"].add(nd)
            p["id"].add(idate)
            src: _Sources = p["src"]
            src.claim(r["ad"], r["g"], f"{nid} {_degree(r['deg']) or 'corresponds to'} {iid}", _degree(r["deg"]),
                      r["url"])
            src.record(r["ndg"], f"{nid} issued {nd}", r["nurl"])
            src.record(r["idg"], f"{iid} issued {idate}", r["iurl"])
        out = []
        for p in pairs.values():
            detail = (f"{p['nid']} issued {', '.join(sorted(p['nd']))}, before {p['iid']} "
                      f"(issued {', '.join(sorted(p['id']))}), which it adopts")
            out.append(Conflict("dated-before", (p["nid"], p["iid"]), detail, p["src"].entries()))
        return out

    # -- supersession-cycle ------------------------------------------------------------------------
    def supersession_cycle(self) -> list[Conflict]:
        rows = self.rows("supersession-cycle")
        ids: dict[str, str] = {}
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for r in rows:
            s, t = str(r["s"]), str(r["t"])
            ids[s], ids[t] = str(r["sid"]), str(r["tid"])
            parent[find(s)] = find(t)  # every edge lies on a cycle: joined edges = one strongly connected component
        cycles: dict[str, dict] = {}
        for r in rows:
            s, t = str(r["s"]), str(r["t"])
            c = cycles.setdefault(find(s), {"members": set(), "edges": set(), "src": self.sources()})
            c["members"] |= {ids[s], ids[t]}
            edge = f"{ids[s]} replaces {ids[t]}"
            c["edges"].add(edge)
            c["src"].record(r["dg"], edge, r["url"])
        out = []
        for c in cycles.values():
            members = tuple(sorted(c["members"]))
            detail = "replacements return to their start: " + "; ".join(sorted(c["edges"]))
            out.append(Conflict("supersession-cycle", members, detail, c["src"].entries()))
        return out


_METHODS = {"degree": "degree", "adopts-withdrawn": "adopts_withdrawn", "dated-before": "dated_before",
            "supersession-cycle": "supersession_cycle"}


def find_conflicts(store: Store, kinds: Iterable[str] = KINDS) -> list[Conflict]:
    """Every conflict of the given kinds in the store's committed sources, sorted by kind, then standards."""
    finder = _Finder(store)
    out: list[Conflict] = []
    for kind in dict.fromkeys(kinds):
        if kind not in _METHODS:
            raise ValueError(f"unknown conflict kind {kind!r}; expected one of {', '.join(KINDS)}")
        out.extend(getattr(finder, _METHODS[kind])())
    out.sort(key=Conflict.sort_key)
    return out


def to_json(conflicts: list[Conflict]) -> dict:
    return {"conflicts": [c.to_json() for c in conflicts]}


def text_lines(conflicts: list[Conflict]) -> list[str]:
    """Bilingual text: one line per conflict, then its sources indented."""
    lines = []
    for c in conflicts:
        joiner = " ↔ " if c.kind != "supersession-cycle" else ", "
        lines.append(f"[{c.kind}] {c.label}: {joiner.join(c.standards)}")
        lines.append(f"    {c.detail}")
        for s in c.sources:
            where = s["origin"] or s["graph"]
            urls = f" — {' ; '.join(s['urls'])}" if s["urls"] else ""
            lines.append(f"    {s['role']}: {s['statement']} [{where}]{urls}")
    return lines


def summary(conflicts: list[Conflict]) -> str:
    if not conflicts:
        return "no conflicts · 无冲突"
    counts: dict[str, int] = {}
    for c in conflicts:
        counts[c.kind] = counts.get(c.kind, 0) + 1
    per_kind = ", ".join(f"{k} {counts[k]}" for k in KINDS if k in counts)
    return f"{len(conflicts)} conflicts · 冲突 {len(conflicts)} 项 ({per_kind})"
