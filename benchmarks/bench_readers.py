"""Time the import readers alone (reader → TripleBuffer, no store) and fingerprint what they produce.

Why: `stdmap import` loads in a background thread, so the readers' Python work sets the import time.
Speeding a reader up must not change a single triple or error message; this script records, per file,
the number of N-Triples lines, a sha256 of the sorted lines and a sha256 of the reader's report (records,
rows, errors, notes, ignored fields), so that a run after a change can be compared with one before.

Each file is read in a fresh process (per-process caches stay cold, as in a real import). Times are
wall-clock and CPU seconds of the reader alone; on a busy machine compare CPU seconds, or run the old
code beside the new with --code (a checkout, e.g. from `git archive`).

    python benchmarks/bench_readers.py --save /tmp/readers-before.json        # all cases
    python benchmarks/bench_readers.py --compare /tmp/readers-before.json     # same hashes?
    python benchmarks/bench_readers.py --only synthetic-cn --repeat 3         # timing of one file
    python benchmarks/bench_readers.py --only iso --code /tmp/old --save /tmp/old.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else ROOT
sys.path.insert(0, str(CODE))

SHARED = ROOT / ".." / "shared" / "data"
TESTS = ROOT / "tests" / "data"

#: (label, reader name or "bundled", path); missing files are skipped
CASES: list[tuple[str, str, Path]] = [
    ("iso-deliverables", "iso-open-data", SHARED / "iso-open-data" / "iso_deliverables_metadata.reconstructed.jsonl"),
    ("iso-ics", "iso-ics", SHARED / "iso-open-data" / "ICS.csv"),
    ("iso-committees", "iso-committees", SHARED / "iso-open-data" / "iso_technical_committees.jsonl"),
    ("iec-catalogue", "iec-catalogue", SHARED / "relaton-data-iec" / "iec_catalogue.jsonl"),
    ("synthetic-cn", "tabular", Path("/tmp/syn1/synthetic-cn.csv")),
    *[(f"synthetic-{c}", "tabular", Path(f"/tmp/syn10/synthetic-{c}.csv"))
      for c in ("de", "jp", "kr", "gb", "fr", "ru", "au", "ca", "us")],
    ("bundled", "bundled", Path("-")),
    *[(f"test-{p.stem}", "tabular", p) for p in sorted(TESTS.glob("*.csv"))
      if p.stem.startswith(("catalog", "match", "equiv"))],
    *[(f"test-equiv-{p.stem}", "tabular", p) for p in sorted((TESTS / "equiv").glob("*.csv"))],
    *[(f"test-analytics-{p.stem}", "tabular", p) for p in sorted((TESTS / "analytics").glob("*.csv"))],
    ("test-iso-deliverables-jsonl", "iso-open-data", TESTS / "iso_deliverables.jsonl"),
    ("test-iso-deliverables-csv", "iso-open-data", TESTS / "iso_deliverables.csv"),
    ("test-iso-ics", "iso-ics", TESTS / "iso_ics.csv"),
    ("test-iso-committees", "iso-committees", TESTS / "iso_committees.jsonl"),
    ("test-iec", "iec-catalogue", TESTS / "iec_catalogue.jsonl"),
    *[(f"test-{p.stem}", "relaton-yaml", p) for p in sorted(TESTS.glob("relaton_*.yaml"))],
    *[(f"test-{p.stem}", "sts-xml", p) for p in sorted(TESTS.glob("sts_*.xml"))],
    *[(f"test-{p.name}", "rdf", p) for p in sorted(TESTS.glob("rdf_*.*"))],
]


def run_one(reader_name: str, path: Path) -> dict:
    """Read one file in this process; return the fingerprint and the reader's time."""
    from rdflib import URIRef

    from mapper.ingest.base import READERS, CatalogError
    from mapper.store import TripleBuffer

    if reader_name == "bundled":
        from mapper.kg import bundled_graph

        t, c = time.perf_counter(), time.process_time()
        sink, info = bundled_graph()
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
        report = f"records={info.records}"
    else:
        import mapper.kg  # noqa: F401  (registers every reader)

        data = path.read_bytes()
        sink = TripleBuffer()
        graph = URIRef("https://w3id.org/stdmap/graph/file-bench")
        t, c = time.perf_counter(), time.process_time()
        try:
            result = READERS[reader_name].read(path, data, sink, graph)
        except CatalogError as exc:
            seconds, cpu = time.perf_counter() - t, time.process_time() - c
            report = f"CatalogError: {exc}"
        else:
            seconds, cpu = time.perf_counter() - t, time.process_time() - c
            report = "\n".join([
                f"records={result.records} rows={result.rows_read}",
                *(str(e) for e in result.errors), "--notes", *result.notes, "--ignored", *result.ignored,
            ])
    lines = sorted(line for line in sink.ntriples().split(b"\n") if line)
    return {
        "seconds": round(seconds, 3),
        "cpu": round(cpu, 3),
        "triples": len(lines),
        "triples_sha256": hashlib.sha256(b"\n".join(lines)).hexdigest(),
        "report_sha256": hashlib.sha256(report.encode()).hexdigest(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--save", type=Path, help="write the results as JSON")
    ap.add_argument("--compare", type=Path, help="compare triples and reports with a saved run")
    ap.add_argument("--only", action="append", help="labels to run (substring match); repeatable")
    ap.add_argument("--repeat", type=int, default=1, help="runs per file; the best time is kept")
    ap.add_argument("--code", type=Path, help="run the readers of this checkout instead of this one")
    ap.add_argument("--one", nargs=2, metavar=("READER", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], Path(args.one[1]))))
        return 0
    before = json.loads(args.compare.read_text()) if args.compare else {}
    results: dict[str, dict] = {}
    failed = False
    for label, reader, path in CASES:
        if args.only and not any(o in label for o in args.only):
            continue
        if reader != "bundled" and not path.exists():
            continue
        runs = []
        for _ in range(args.repeat):
            extra = ["--code", str(args.code)] if args.code else []
            out = subprocess.run([sys.executable, __file__, "--one", reader, str(path), *extra],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout))
        res = min(runs, key=lambda r: r["cpu"])
        results[label] = res
        line = f"{label:32} {res['triples']:>9} triples {res['seconds']:8.3f} s {res['cpu']:8.3f} s CPU"
        old = before.get(label)
        if old is not None:
            same = (old["triples_sha256"], old["report_sha256"]) == (res["triples_sha256"], res["report_sha256"])
            failed |= not same
            if "cpu" in old:
                line += f"   before {old['cpu']:8.3f} s CPU  x{old['cpu'] / max(res['cpu'], 1e-9):4.2f}  "
            else:
                line += f"   before {old['seconds']:8.3f} s  x{old['seconds'] / max(res['seconds'], 1e-9):4.2f}  "
            line += "same" if same else "DIFFERENT " + ("triples" if old["triples_sha256"] != res["triples_sha256"]
                                                        else "report")
        print(line, flush=True)
        if args.save:  # after each file, so that an interrupted run keeps what it measured
            args.save.write_text(json.dumps(results, indent=1) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
