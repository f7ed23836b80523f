"""SHACL validation at catalogue scale: the SPARQL engine (mapper.shacl_sparql) against pySHACL.

Builds a store from the ISO deliverables file of the shared data (each record a CatalogRecord written by
mapper.ingest.to_rdf.add_record, on top of the bundled knowledge base), then prints:

* the SPARQL engine on all records (~750k triples): compile time, query time, the slowest checks;
* pySHACL on a subset (default 20,000 records) and the SPARQL engine on the same subset, and whether
  the two gave the same results.

No assertions on speed. Figures depend on the machine; run it on an idle one.

    python benchmarks/bench_validate.py [--records N] [--pyshacl-records M] [--no-pyshacl]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import URIRef

from mapper import ids
from mapper.ingest.tabular import CatalogRecord
from mapper.ingest.to_rdf import add_record
from mapper.kg import open_kg
from mapper.shacl_sparql import compile_shapes, run_checks
from mapper.store import SourceInfo, Store, TripleBuffer
from mapper.validate import shapes_graph, validate_store

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
ISO = DATA / "iso-open-data" / "iso_deliverables_metadata.reconstructed.jsonl"
GRAPH = URIRef("https://w3id.org/stdmap/graph/iso-bench")


def build(records: list[dict]) -> Store:
    buffer = TripleBuffer()
    for r in records:
        try:
            designation = ids.parse(r["reference"])
        except ids.DesignationError:
            continue
        rec = CatalogRecord(row=0, designation=designation, printed=r["reference"], title_en=(r.get("title") or {}).get("en"),
                            status="current", ics=list(r.get("icsCode") or []),
                            committees=[r["ownerCommittee"]] if r.get("ownerCommittee") else [])
        add_record(buffer, rec, GRAPH)
    store = open_kg(":memory:")
    store.replace_source(SourceInfo(GRAPH, "bench:iso", f"bench-{len(records)}", "bench/1", len(records)), buffer)
    return store


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sparql_run(store: Store, top: int = 0) -> tuple[object, float]:
    shapes = shapes_graph()
    t = time.perf_counter()
    checks = compile_shapes(shapes)
    compiled = time.perf_counter() - t
    t = time.perf_counter()
    result = validate_store(store, "sparql", shapes=shapes)
    total = time.perf_counter() - t
    print(f"  {len(checks)} checks, compiled in {compiled:.2f} s; validate_store(engine='sparql') {total:.2f} s")
    if top:
        timings = []
        t = time.perf_counter()
        for c in checks:
            t1 = time.perf_counter()
            run_checks(store, [c], batch=False)
            timings.append((time.perf_counter() - t1, c.shape_label, c.component))
        print(f"  each check's own query, one after the other (run_checks(batch=False)): "
              f"{time.perf_counter() - t:.2f} s; slowest:")
        for secs, shape, comp in sorted(timings, reverse=True)[:top]:
            print(f"    {secs:6.3f} s  {shape} {comp}")
    return result, total


def summary(result) -> str:
    by = Counter(v.severity for v in result.violations)
    return f"conforms={result.conforms}; " + ", ".join(f"{n:,} {s}" for s, n in sorted(by.items())) if by else \
        f"conforms={result.conforms}; no results"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=0, help="ISO records for the SPARQL run (default: all)")
    ap.add_argument("--pyshacl-records", type=int, default=20000)
    ap.add_argument("--no-pyshacl", action="store_true")
    args = ap.parse_args()
    if not ISO.is_file():
        sys.exit(f"{ISO} not found (the shared data folder next to the project)")
    records = [json.loads(line) for line in ISO.open(encoding="utf-8")]
    if args.records:
        records = records[:args.records]

    t = time.perf_counter()
    store = build(records)
    print(f"SPARQL engine, {len(records):,} ISO records + bundled knowledge base: "
          f"{store.count_triples():,} triples (built in {time.perf_counter() - t:.1f} s)")
    result, _ = sparql_run(store, top=8)
    print(f"  {summary(result)}; peak RSS so far {peak_mb():,.0f} MB")
    del store

    if args.no_pyshacl:
        return
    subset = records[:args.pyshacl_records]
    store = build(subset)
    print(f"\nSubset: {len(subset):,} records, {store.count_triples():,} triples")
    fast, fast_secs = sparql_run(store)
    print(f"  SPARQL: {fast_secs:.2f} s; {summary(fast)}")
    t = time.perf_counter()
    slow = validate_store(store, "pyshacl")
    slow_secs = time.perf_counter() - t
    print(f"  pySHACL: {slow_secs:.1f} s (export to rdflib included); {summary(slow)}; "
          f"peak RSS {peak_mb():,.0f} MB")
    same = Counter((v.severity, v.node, v.shape, v.path, v.value) for v in fast.violations) == \
        Counter((v.severity, v.node, v.shape, v.path, v.value) for v in slow.violations)
    print(f"  same results: {same}; speed-up x{slow_secs / fast_secs:.0f}")


if __name__ == "__main__":
    main()
