"""Full-scale import benchmark: the complete ISO and IEC catalogues plus the bundled knowledge base.

Prints, for the default (on-disk) store: wall time and peak memory of the full import, the time of a
re-import of the unchanged sources, and — for comparison — the time Oxigraph's own bulk loader takes for
the same triples written as N-Triples. Each step runs in a fresh process so peak memory is its own.
Targets (issue "Real sources in", 2-core machine): import under 20 s and 1.5 GB; re-import under 3 s.

    python benchmarks/bench_import.py [--shared ../shared/data] [--json results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

IMPORT = """
import sys, time
from pathlib import Path
from mapper.kg import open_kg, import_files
t = time.perf_counter()
store = open_kg(sys.argv[1])
files = [Path(p) for p in sys.argv[2:]]
report = import_files(store, files)
n = store.count_triples()
print(f"{time.perf_counter() - t:.3f} {n} {sum(f.records for f in report.files)} {len(report.errors)} "
      f"{sum(1 for f in report.files if f.changed)}")
"""

DUMP = """
import sys
from mapper.kg import open_kg
from mapper.store import nt
store = open_kg(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for s, p, o in store.iter_triples():
        out.write(f"{s.n3()} {p.n3()} {nt(o)} .\\n")
"""

BULK = """
import sys, time
import pyoxigraph as ox
t = time.perf_counter()
store = ox.Store(sys.argv[1]) if sys.argv[1] != ":memory:" else ox.Store()
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES)
store.flush() if hasattr(store, "flush") else None
print(f"{time.perf_counter() - t:.3f}")
"""


def run(code: str, *args: str) -> tuple[str, float, float]:
    """(stdout, wall seconds, peak RSS MB of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"step failed:\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return proc.stdout.strip(), wall, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    iso = args.shared / "iso-open-data"
    files = [iso / "iso_deliverables_metadata.reconstructed.jsonl", iso / "ICS.csv",
             iso / "iso_technical_committees.jsonl", args.shared / "relaton-data-iec" / "iec_catalogue.jsonl"]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"shared data not found: {', '.join(missing)}")
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        out, wall, peak = run(IMPORT, store, *map(str, files))
        secs, triples, records, errors, changed = out.split()
        figures["full_import"] = {"wall_s": round(wall, 2), "in_process_s": float(secs), "peak_rss_mb": round(peak),
                                  "triples": int(triples), "records": int(records), "bad_records": int(errors)}
        out, wall, peak2 = run(IMPORT, store, *map(str, files))
        figures["reimport_unchanged"] = {"wall_s": round(wall, 2), "in_process_s": float(out.split()[0]),
                                         "changed_sources": int(out.split()[4])}
        dump = str(Path(tmp) / "all.nt")
        run(DUMP, store, dump)
        size = Path(dump).stat().st_size
        out, wall, peak3 = run(BULK, str(Path(tmp) / "bulk"), dump)
        figures["oxigraph_bulk_load_disk"] = {"wall_s": round(wall, 2), "load_s": float(out), "nt_mb": round(size / 2**20)}
        out, wall, peak4 = run(BULK, ":memory:", dump)
        figures["oxigraph_bulk_load_memory"] = {"wall_s": round(wall, 2), "load_s": float(out)}
    print("full import (ISO deliverables + ICS + committees + IEC + bundled KB, on-disk store):")
    f = figures["full_import"]
    print(f"  wall {f['wall_s']} s (in process {f['in_process_s']} s), peak RSS {f['peak_rss_mb']} MB, "
          f"{f['triples']:,} triples from {f['records']:,} records, {f['bad_records']} bad records")
    r = figures["reimport_unchanged"]
    print(f"re-import of unchanged sources: wall {r['wall_s']} s (in process {r['in_process_s']} s), "
          f"{r['changed_sources']} sources changed")
    b, m = figures["oxigraph_bulk_load_disk"], figures["oxigraph_bulk_load_memory"]
    print(f"Oxigraph bulk_load of the same triples as N-Triples ({b['nt_mb']} MB): on disk {b['load_s']} s, "
          f"in memory {m['load_s']} s")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
