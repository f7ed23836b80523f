"""Equivalence benchmark on the full ISO + IEC graph plus the bundled knowledge base: the time to build the
equivalence graph (cold), to load it from the cache, and pairs per second through `stdmap equiv --batch`'s
own code path (mapper.commands.equiv.run_batch then batch_csv), with a histogram of the relations found.

By default it builds a store first (in a temporary folder) by importing the ISO open data (deliverables,
ICS, committees) and the IEC catalogue from ../shared/data, as benchmarks/bench_analytics.py does; give
`--store PATH` to use an existing store instead (Oxigraph lets one process open a store folder: copy a
store another process is using with `cp -r` first).

The pairs (default 10,000; fixed seed, so the same store gives the same file) are a realistic mix:

    adopted   a national standard of the bundled knowledge base and the international one it adopts
              (either order), or that international standard's other edition, or another national
              standard adopting an edition of the same work
    editions  two editions of one work linked by supersession
    undated   an undated designation (resolved to the current edition) and an edition of that work
    unrelated two international standards drawn at random
    absent    designations not in the graph: "BS EN ISO 14001:2015", "DIN EN 60204-1:2018",
              "GB/T 99999-2030/ISO 9001:2015" … against what they state, or against a random standard

With --as-of-share F, that fraction of the rows gets its own as_of date (a year end from 2000 to 2025).
The graph cache goes to a temporary folder ($STDMAP_CACHE_DIR), so the first open is a cold build.

Figures only (targets printed next to them, never asserted): graph built < 2 s, > 2000 pairs/s.

    python benchmarks/bench_equiv.py [--store PATH] [--shared ../shared/data] [--pairs 10000] [--seed 7]
                                     [--as-of-share 0] [--keep-pairs FILE] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_analytics import build  # noqa: E402  (the same store as the analytics benchmark)

TARGET_BUILD_S = 2.0
TARGET_PAIRS_PER_S = 2000.0

#: the share of each kind of pair in the mix
MIX = {"adopted": 0.20, "editions": 0.20, "undated": 0.15, "unrelated": 0.30, "absent": 0.15}

# Each property is read by one scan and joined by hash (sub-selects), then the rows made DISTINCT: as plain
# patterns Oxigraph looked each one up per row, which took two minutes on the 10x store (see
# mapper/queries/rate_items.rq, "Speed"). Same rows either way.
ADOPTIONS = """
SELECT DISTINCT ?nid ?iid WHERE {
  { SELECT DISTINCT ?n ?i WHERE {
      { SELECT ?ad WHERE { ?ad a sm:Adoption } }
      { SELECT ?ad ?n WHERE { ?ad sm:adoptingStandard ?n } }
      { SELECT ?ad ?i WHERE { ?ad sm:adoptedStandard ?i } }
  } }
  { SELECT ?n ?nid WHERE { ?n dcterms:identifier ?nid } }
  { SELECT ?i ?iid WHERE { ?i dcterms:identifier ?iid } }
}"""

EDITIONS = """
SELECT DISTINCT ?newid ?oldid WHERE {
  { SELECT DISTINCT ?new ?old WHERE {
      { SELECT ?new ?old WHERE { ?new dcterms:replaces ?old } }
      { SELECT ?new ?work WHERE { ?new sm:isEditionOf ?work } }
      { SELECT ?old ?work WHERE { ?old sm:isEditionOf ?work } }
  } }
  { SELECT ?new ?newid WHERE { ?new dcterms:identifier ?newid } }
  { SELECT ?old ?oldid WHERE { ?old dcterms:identifier ?oldid } }
}"""

INTERNATIONAL = """
SELECT DISTINCT ?id WHERE {
  { SELECT DISTINCT ?s WHERE {
      { SELECT ?p WHERE { ?p sm:level smlv:international } }
      { SELECT ?s ?p WHERE { ?s dcterms:publisher ?p } }
  } }
  { SELECT ?s ?id WHERE { ?s dcterms:identifier ?id } }
}"""


def _strings(store, query: str) -> list[tuple[str, ...]]:
    """The rows of a query (its projected variables in order) as sorted tuples of strings, leaving out
    identifiers that are not designations (a plan number such as `plan 20251281-T-469`): the mix is of
    designations a user would type. Read as plain strings (Store.rows), each distinct string tested once, by
    two processes: at 10x the rdflib terms and the repeated parses were 85 of the 117 s make_pairs took."""
    found = set(store.rows(query))
    values = sorted({v for t in found for v in t})
    ok = dict(zip(values, _designations(values)))
    return sorted(t for t in found if all(ok[v] for v in t))


def _designations(values: list[str]) -> list[bool]:
    """looks_like_designation of each value; many values are parsed in two fresh processes (spawned: the
    caller has a store open) — half a million national designations take ~45 s in one."""
    from mapper.commands.equiv import looks_like_designation

    if len(values) < 20_000 or (os.cpu_count() or 1) < 2:
        return [looks_like_designation(v) for v in values]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(looks_like_designation, values, chunksize=5_000))


@functools.lru_cache(maxsize=None)
def _undated(identifier: str) -> str | None:
    from mapper import ids

    try:
        d = ids.parse(identifier)
    except ids.DesignationError:
        return None
    if d.year is None or d.supplements or d.adopts:
        return None
    return d.work


def make_pairs(store, n: int, seed: int, as_of_share: float = 0.0) -> tuple[list[tuple[str, str, str, str]], dict]:
    """(a, b, kind, as_of) rows in a fixed order for a given store and seed, plus the pool sizes drawn from."""
    rng = random.Random(seed)
    adoptions = _strings(store, ADOPTIONS)  # (nid, iid)
    editions = _strings(store, EDITIONS)  # (newid, oldid)
    international = [i for (i,) in _strings(store, INTERNATIONAL)]
    if not (adoptions and editions and international):
        raise SystemExit("the store has no adoptions, editions or international standards to draw pairs from")
    works: dict[str, list[str]] = {}
    for ident in international:
        work = _undated(ident)
        if work:
            works.setdefault(work, []).append(ident)
    dated_works = sorted(works)
    adopters: dict[str, list[str]] = {}
    for nid, iid in adoptions:
        work = _undated(iid) or iid
        adopters.setdefault(work, []).append(nid)
    iso_like = [i for i in international if i.startswith(("ISO ", "IEC ", "ISO/IEC "))
                and ":" in i and "/" not in i.split(" ", 1)[1]]
    national_prefixes = ("BS EN ", "DIN EN ", "NF EN ", "EN ")

    def adopted() -> tuple[str, str]:
        nid, iid = rng.choice(adoptions)
        roll = rng.random()
        work = _undated(iid)
        if roll < 0.5:
            pair = (nid, iid)
        elif roll < 0.75 and work and len(works.get(work, [])) > 1:
            pair = (nid, rng.choice([e for e in works[work] if e != iid]))
        elif work and (others := [x for x in adopters.get(work, []) if x != nid]):
            # (a national standard adopting two editions of the work is listed twice: no other adopter then)
            pair = (nid, rng.choice(others))
        else:
            pair = (nid, iid)
        return pair if rng.random() < 0.5 else (pair[1], pair[0])

    def edition_pair() -> tuple[str, str]:
        new, old = rng.choice(editions)
        return (new, old) if rng.random() < 0.5 else (old, new)

    def undated() -> tuple[str, str]:
        if rng.random() < 0.3:
            nid, iid = rng.choice(adoptions)
            work = _undated(iid)
            if work:
                return work, nid
        work = rng.choice(dated_works)
        return work, rng.choice(works[work])

    def unrelated() -> tuple[str, str]:
        return rng.choice(international), rng.choice(international)

    def absent() -> tuple[str, str]:
        roll = rng.random()
        if roll < 0.25:
            nid, iid = rng.choice(adoptions)
            if iid.startswith("ISO") and ":" in iid:
                return f"GB/T 9{rng.randrange(1000, 9999)}-2030/{iid}", rng.choice([iid, nid])
        iid = rng.choice(iso_like)
        outside = rng.choice(national_prefixes) + iid
        return (outside, iid) if roll < 0.75 else (outside, rng.choice(international))

    makers = {"adopted": adopted, "editions": edition_pair, "undated": undated, "unrelated": unrelated,
              "absent": absent}
    kinds = [k for k, share in MIX.items() for _ in range(round(share * n))]
    kinds = (kinds + ["unrelated"] * n)[:n]
    rng.shuffle(kinds)
    pairs = [(*makers[k](), k) for k in kinds]
    dated = random.Random(seed + 1)
    pairs = [(a, b, k, f"{dated.randrange(2000, 2026)}" if dated.random() < as_of_share else "")
             for a, b, k in pairs]
    pools = {"adoptions": len(adoptions), "edition_links": len(editions), "international": len(international)}
    return pairs, pools


def write_pairs(path: Path, pairs: list[tuple[str, str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["a", "b", "kind", "as_of"])
        w.writerows(pairs)


def _cache_load_in_fresh_process(store_dir: Path) -> dict:
    """Open the store in a new process and time EquivalenceGraph.for_store there: what a second
    `stdmap equiv` pays when the graph was built before."""
    code = (
        "import json, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from mapper.kg import open_kg\n"
        "from mapper.equivalence import EquivalenceGraph\n"
        f"store = open_kg({str(store_dir)!r})\n"
        "t = time.perf_counter(); g = EquivalenceGraph.for_store(store); s = time.perf_counter() - t\n"
        "print(json.dumps({'wall_s': s, 'from_cache': bool(getattr(g, 'from_cache', False)),"
        " 'build_seconds': getattr(g, 'build_seconds', None)}))\n"
        "store.close()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="an existing store folder (default: build one from --shared)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--pairs", type=int, default=10_000, help="number of pairs (default 10000)")
    ap.add_argument("--seed", type=int, default=7, help="random seed of the pair mix (default 7)")
    ap.add_argument("--as-of-share", type=float, default=0.0, help="fraction of rows with an as_of date (default 0)")
    ap.add_argument("--keep-pairs", type=Path, help="also write the pairs CSV here (to replay with `stdmap equiv --batch`)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()

    from mapper.commands.equiv import batch_csv, run_batch
    from mapper.equivalence import EquivalenceGraph
    from mapper.kg import open_kg

    figures: dict = {"targets": {"graph_build_s": f"< {TARGET_BUILD_S}", "pairs_per_s": f"> {TARGET_PAIRS_PER_S:.0f}"}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        os.environ["STDMAP_CACHE_DIR"] = str(tmp_dir / "cache")  # a cold first build; the new process reads it
        if args.store:
            store_dir = args.store
            store = open_kg(str(store_dir))
        else:
            store_dir = tmp_dir / "store"
            t = time.perf_counter()
            store = build(store_dir, args.shared)
            figures["store_build_s"] = round(time.perf_counter() - t, 1)
            print(f"built the store in {figures['store_build_s']} s")
        figures["triples"] = store.count_triples()

        t = time.perf_counter()
        graph = EquivalenceGraph.for_store(store)
        cold = time.perf_counter() - t
        figures["graph_first_open"] = {"wall_s": round(cold, 3), "from_cache": bool(graph.from_cache),
                                       "build_seconds": round(float(graph.build_seconds), 3)}
        t = time.perf_counter()
        again = EquivalenceGraph.for_store(store)
        figures["graph_second_open_same_process"] = {"wall_s": round(time.perf_counter() - t, 4),
                                                     "same_object": again is graph}

        pairs, pools = make_pairs(store, args.pairs, args.seed, args.as_of_share)
        figures["pools"] = pools
        pairs_csv = args.keep_pairs or tmp_dir / "pairs.csv"
        write_pairs(pairs_csv, pairs)

        t = time.perf_counter()
        _name, rows, records = run_batch(again, pairs_csv)
        text = batch_csv(records)
        secs = time.perf_counter() - t
        store.close()
        del store, graph, again

        figures["cache_load_fresh_process"] = _cache_load_in_fresh_process(store_dir)
        figures["cache_load_fresh_process"]["wall_s"] = round(figures["cache_load_fresh_process"]["wall_s"], 3)

    kinds = [p[2] for p in pairs]
    relation_by_kind: dict[str, Counter] = {}
    for kind, record in zip(kinds, records):
        relation_by_kind.setdefault(kind, Counter())[record.get("relation", "error")] += 1
    histogram = Counter(r.get("relation", "error") for r in records)
    figures["batch"] = {"pairs": len(rows), "distinct_pairs": len({(r.a, r.b, r.as_of) for r in rows}),
                        "rows_with_as_of": sum(1 for r in rows if r.as_of),
                        "wall_s": round(secs, 3), "pairs_per_s": round(len(rows) / secs, 1),
                        "output_bytes": len(text.encode("utf-8")), "bad_rows": sum(1 for r in rows if r.error)}
    figures["relations"] = dict(sorted(histogram.items(), key=lambda kv: -kv[1]))
    figures["relations_by_kind"] = {k: dict(sorted(c.items(), key=lambda kv: -kv[1]))
                                    for k, c in sorted(relation_by_kind.items())}

    first = figures["graph_first_open"]
    fresh = figures["cache_load_fresh_process"]
    batch = figures["batch"]
    print(f"triples in the store        {figures['triples']}")
    print(f"graph, first open           {first['wall_s']:.3f} s (build_seconds {first['build_seconds']:.3f}, "
          f"from_cache {first['from_cache']})   target: built < {TARGET_BUILD_S:g} s")
    print(f"graph, again (same process) {figures['graph_second_open_same_process']['wall_s']:.4f} s "
          f"(same object {figures['graph_second_open_same_process']['same_object']})")
    print(f"graph, new process          {fresh['wall_s']:.3f} s (from_cache {fresh['from_cache']}: "
          f"the load from the cache file)")
    print(f"batch                       {batch['pairs']} pairs ({batch['distinct_pairs']} distinct) in "
          f"{batch['wall_s']:.2f} s = {batch['pairs_per_s']:.0f} pairs/s   target: > {TARGET_PAIRS_PER_S:.0f} pairs/s")
    print(f"bad rows                    {batch['bad_rows']}")
    print("relations                   " + "  ".join(f"{k} {v}" for k, v in figures["relations"].items()))
    for kind, counts in figures["relations_by_kind"].items():
        print(f"  {kind:<25} " + "  ".join(f"{k} {v}" for k, v in counts.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
