"""Analytics benchmark on the full ISO + IEC graph: `stdmap rate` with every breakdown, a 15-year series
and the gaps list, each timed (wall clock) on one open store.

By default it builds a store first (in a temporary folder) by importing the ISO open data (deliverables,
ICS, committees) and the IEC catalogue from ../shared/data; give `--store PATH` to time an existing store
instead (it must not be in use by another process: Oxigraph locks it). Figures only, no targets asserted
(issue "Analytics": rate with all breakdowns under 2 s, a 15-year series under 10 s, on a 2-core machine).
Also timed: gaps and stale, as recorded and as of 2020-12-31.

    python benchmarks/bench_analytics.py [--store PATH] [--shared ../shared/data] [--repeat 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(store_dir: Path, shared: Path):
    from mapper.kg import import_files, open_kg

    iso = shared / "iso-open-data"
    files = [iso / "iso_deliverables_metadata.reconstructed.jsonl", iso / "ICS.csv",
             iso / "iso_technical_committees.jsonl", shared / "relaton-data-iec" / "iec_catalogue.jsonl"]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"shared data not found: {', '.join(missing)}")
    store = open_kg(str(store_dir))
    report = import_files(store, files)
    if report.failed:
        print(f"note: the import reported {len(report.errors)} bad records (left out)", file=sys.stderr)
    return store


def timed(label: str, fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="an existing store folder (default: build one from --shared)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--repeat", type=int, default=2, help="runs per figure; the best is printed (default 2)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()

    from mapper.kg import open_kg
    from mapper.rates import compute_rate, compute_series, items_query
    from mapper.rules import CountingRules

    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store = open_kg(str(args.store))
        else:
            t = time.perf_counter()
            store = build(Path(tmp) / "store", args.shared)
            print(f"built the store in {time.perf_counter() - t:.1f} s")
        rules = CountingRules()
        dates = [dt.date(y, 12, 31) for y in range(2011, 2026)]
        figures: dict = {}

        secs, rows = timed("items", lambda: store.query(items_query(rules)), args.repeat)
        figures["items_status"] = {"wall_s": round(secs, 2), "rows": len(rows)}
        secs, rows = timed("items as-of", lambda: store.query(items_query(rules.at(dt.date(2020, 12, 31)))), args.repeat)
        figures["items_as_of"] = {"wall_s": round(secs, 2), "rows": len(rows)}
        secs, res = timed("rate", lambda: compute_rate(store, rules), args.repeat)
        figures["rate_all_breakdowns"] = {"wall_s": round(secs, 2), "denominator": res.denominator,
                                          "adopted": res.adopted,
                                          "breakdown_rows": sum(len(v) for v in res.breakdowns.values())}
        secs, pts = timed("series", lambda: compute_series(store, rules, dates), args.repeat)
        figures["series_2011_2025"] = {"wall_s": round(secs, 2), "dates": len(pts)}
        from mapper.coverage import find_gaps, find_stale

        past = rules.at(dt.date(2020, 12, 31))
        secs, gaps = timed("gaps", lambda: find_gaps(store, rules), args.repeat)
        figures["gaps"] = {"wall_s": round(secs, 2), "gaps": len(gaps)}
        secs, gaps = timed("gaps as-of", lambda: find_gaps(store, past), args.repeat)
        figures["gaps_as_of"] = {"wall_s": round(secs, 2), "gaps": len(gaps)}
        secs, stale = timed("stale", lambda: find_stale(store, rules), args.repeat)
        figures["stale"] = {"wall_s": round(secs, 2), "stale": len(stale)}
        secs, stale = timed("stale as-of", lambda: find_stale(store, past), args.repeat)
        figures["stale_as_of"] = {"wall_s": round(secs, 2), "stale": len(stale)}
        store.close()

    for name, f in figures.items():
        print(f"{name:<22} " + "  ".join(f"{k} {v}" for k, v in f.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
