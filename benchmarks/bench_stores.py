"""Store benchmark: the full ISO + IEC catalogues plus synthetic national catalogues (benchmarks/synthetic.py)
in each kind of store, at 1× (China only) and 10× (ten countries).

For each scale and store kind — the embedded on-disk store (a folder, the default), the in-memory store
(`:memory:`; import and queries in one process, since it does not outlive it) and a SPARQL server (an
`oxigraph serve` started on 127.0.0.1 with its own temporary --location, stopped afterwards) — it measures:

* the import (wall) of ISO Open Data deliverables + ICS + committees + the IEC catalogue + the synthetic
  catalogues, with the bad-row count (must be 0);
* peak memory of each stdmap process — the import, the analytics (rate and series), the equivalence batch,
  each a fresh process as a user's `stdmap import`, `stdmap rate`, `stdmap equiv --batch` would be (one
  process for all of them in memory) — and of the server for the SPARQL store;
* disk size: the store folder, or the server's --location;
* `rate` with every breakdown (compute_rate; best of two and the first run), the rate at 15 year ends
  (2011–2025) and China's own rate (the generator's stated coverage, as a check);
* 10,000 `equiv` pairs through `stdmap equiv --batch`'s code path (benchmarks/bench_equiv.py's mix), with
  the equivalence graph's cold build; the pairs are drawn once per scale and every store kind answers the
  same ones;
* at 1×, Oxigraph's own bulk loader on disk for the same data, twice: every quad the import wrote, in
  the same named graphs (the store dumped as N-Quads) — the comparison the target is checked against,
  since it is exactly the work of the import's load — and, for reference, the union of the sources as
  N-Triples into the default graph (as benchmarks/bench_import.py does; about as many triples, but a
  default-graph triple is written to three indexes and a named-graph quad to six, so it loads ~2× faster).

Every step runs in a fresh process (its peak memory is its own), under a timeout: a step that fails or
hangs is recorded with its message and the benchmark goes on. Figures are printed with their targets (met /
not met), written to --out (JSON, merged with what is there: a later `--scale 10` run keeps the 1× figures)
and to the same name with .md (the table); --readme rewrites README.md between
`<!-- bench:stores:start -->` and `<!-- bench:stores:end -->`.

    python benchmarks/bench_stores.py [--scale 1|10 ...] [--stores disk,memory,sparql]
                                      [--out benchmarks/results/stores.json] [--readme] [--report-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
for _p in (str(ROOT), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

STORES = ("disk", "memory", "sparql")
SCALES = (1, 10)
MARK_START, MARK_END = "<!-- bench:stores:start -->", "<!-- bench:stores:end -->"
SERIES_YEARS = range(2011, 2026)

#: targets (issue "Store benchmark"); the bulk-loader ratio is checked at 1×, the others at 10× on disk
TARGETS = {
    "import_s_10x_disk": 300.0,
    "peak_mb_10x_disk": 4096.0,
    "rate_s_10x_disk": 5.0,
    "whole_s_10x": 900.0,
    "bulk_ratio_1x": 2.0,
}


# -- the measured steps (each in a child process: `bench_stores.py --child STEP …`) ------------------------------
def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _emit(step: str, **figures: object) -> None:
    """One JSON line per finished step, flushed at once: a step killed later leaves the earlier ones."""
    print(json.dumps({"step": step, **figures, "peak_rss_mb": _peak_mb()}), flush=True)


def child_import(store, international: list[Path], national: list[Path]) -> None:
    from mapper.kg import import_files

    t = time.perf_counter()
    first = import_files(store, international)
    # China's file has Chinese headers: named by --format, since content detection reads only the first
    # 64 KiB and a multi-byte character cut at that boundary makes the header unreadable to the sniffer
    second = import_files(store, national, fmt="tabular")
    secs = time.perf_counter() - t
    files = first.files + second.files
    # the real catalogues have a few records stdmap's readers refuse (reported by bench_import too); the
    # synthetic catalogues must have none
    _emit("import", in_process_s=round(secs, 2), triples=store.count_triples(),
          records=sum(f.records for f in files), bad_records=len(second.errors),
          bad_international=len(first.errors), synthetic_records=sum(f.records for f in second.files),
          bad_examples=[str(e) for e in second.errors[:5]])


class DatedAdoptions:
    """The store as bench_equiv.make_pairs sees it, less the adoption claims on undated designations.

    A national designation that names an undated IS (ГОСТ Р ИСО 12345-2019, AS ISO 12345:2019,
    CAN/CSA-ISO 12345:19) gives its row a claim on `ISO 12345` beside the dated one of its adopted
    column; make_pairs files both under the work ISO 12345 and finds "two adopters" that are one standard
    (it raised IndexError then; it now falls through to the pair itself). The pairs are drawn from the dated
    claims only, as they always were here, so that every run draws the same pairs."""

    def __init__(self, store) -> None:
        self.store = store

    def rows(self, sparql: str):
        import re

        from bench_equiv import ADOPTIONS

        rows = self.store.rows(sparql)
        if sparql is not ADOPTIONS:
            return rows
        dated = re.compile(r":\d{4}\b")
        return [r for r in rows if dated.search(r[1])]  # (?nid, ?iid)


def child_analytics(store) -> None:
    """`stdmap rate` with every breakdown (twice: the first run and the best), China's own rate, and the rate
    at 15 year ends."""
    from mapper.rates import compute_rate, compute_series
    from mapper.rules import CountingRules

    rules = CountingRules()
    times = []
    for _ in range(2):
        t = time.perf_counter()
        result = compute_rate(store, rules)
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    china = compute_rate(store, CountingRules(country="CN"), by=())
    cn_s = time.perf_counter() - t
    _emit("rate", best_s=round(min(times), 2), first_s=round(times[0], 2), denominator=result.denominator,
          adopted=result.adopted, rate=round(result.rate, 4),
          breakdown_rows=sum(len(v) for v in result.breakdowns.values()),
          cn_rate=round(china.rate, 4), cn_adopted=china.adopted, cn_s=round(cn_s, 2))
    dates = [dt.date(y, 12, 31) for y in SERIES_YEARS]
    t = time.perf_counter()
    points = compute_series(store, rules, dates)
    _emit("series", wall_s=round(time.perf_counter() - t, 2), dates=len(points),
          first=round(points[0].rate, 4) if points else None, last=round(points[-1].rate, 4) if points else None)


def child_equiv(store, cache: Path, pairs: int, seed: int, pairs_file: Path | None = None) -> None:
    """The equivalence graph's cold build, then `pairs` pairs through `stdmap equiv --batch`'s code path.

    The pairs are drawn from the store once per scale and kept in `pairs_file`: every store kind then
    answers the same pairs (the same data and seed draw the same pairs anyway), and drawing them — three
    whole-graph queries, slow over a server that is sent every data graph by name — is not timed again."""
    from bench_equiv import make_pairs, write_pairs

    from mapper.commands.equiv import batch_csv, run_batch
    from mapper.equivalence import EquivalenceGraph

    cache.mkdir(parents=True, exist_ok=True)
    os.environ["STDMAP_CACHE_DIR"] = str(cache)  # a cold build, never the user's cache
    t = time.perf_counter()
    graph = EquivalenceGraph.for_store(store)
    build = time.perf_counter() - t
    pairs_csv = pairs_file or cache / "pairs.csv"
    t = time.perf_counter()
    if not (pairs_file and pairs_file.is_file()):
        rows, _pools = make_pairs(DatedAdoptions(store), pairs, seed)
        write_pairs(pairs_csv, rows)
    drawn = time.perf_counter() - t
    t = time.perf_counter()
    _name, parsed, records = run_batch(graph, pairs_csv)
    batch_csv(records)
    secs = time.perf_counter() - t
    _emit("equiv", graph_build_s=round(build, 2), pairs=len(parsed), wall_s=round(secs, 2), drawn_s=round(drawn, 2),
          pairs_per_s=round(len(parsed) / secs, 1) if secs else None,
          bad_rows=sum(1 for r in parsed if r.error))


def child_main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(prog="bench_stores.py --child")
    ap.add_argument("step", choices=("import", "analytics", "equiv", "all"))
    ap.add_argument("--location", required=True)
    ap.add_argument("--international", type=Path, nargs="*", default=[])
    ap.add_argument("--national", type=Path, nargs="*", default=[])
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--pairs-file", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    from mapper.kg import open_kg

    t = time.perf_counter()
    # the analytics and the equivalence batch only read: they open the store as `stdmap rate` and `stdmap
    # equiv` do (read-only on disk: no lock, no background compaction of the import's files in that process)
    store = open_kg(args.location, write=args.step in ("import", "all"))
    _emit("open", wall_s=round(time.perf_counter() - t, 2))
    try:
        if args.step in ("import", "all"):
            child_import(store, args.international, args.national)
        if args.step in ("analytics", "all"):
            child_analytics(store)
        if args.step in ("equiv", "all"):
            child_equiv(store, args.cache, args.pairs, args.seed, args.pairs_file)
    finally:
        store.close()


# -- the parent: processes, the server, timeouts ----------------------------------------------------------------
class StepFailed(RuntimeError):
    pass


def vm_hwm_mb(pid: int) -> float | None:
    """The peak resident set size of a running process (Linux: VmHWM in /proc/PID/status), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        return None
    return None


class PeakWatch:
    """Polls a child's VmHWM while it runs, so its peak is known even when it fails or is killed."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        import threading

        self.pid, self.every, self.peak_mb = pid, every, 0.0
        self.max_load = os.getloadavg()[0]  # other processes share the machine: how busy it was
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            value = vm_hwm_mb(self.pid)
            if value:
                self.peak_mb = max(self.peak_mb, value)
            self.max_load = max(self.max_load, os.getloadavg()[0])
            self._done.wait(self.every)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def run_child(args: list[str], timeout: float) -> tuple[dict[str, dict], float, str | None]:
    """Run `bench_stores.py --child ARGS` in a fresh process: (figures per step, wall seconds, error or None)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH)])}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
                            start_new_session=True)
    watch = PeakWatch(proc.pid)
    error = None
    try:
        out, err = proc.communicate(timeout=timeout)
        if proc.returncode != 0:
            tail = "\n".join(err.strip().splitlines()[-6:])
            error = f"exited with {proc.returncode}: {tail}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        error = f"timed out after {timeout:.0f} s (killed)"
    wall = time.perf_counter() - t
    watch.stop()
    steps: dict[str, dict] = {"process": {"peak_rss_mb": watch.peak_mb, "max_load_1m": round(watch.max_load, 2)}}
    for line in (out or "").splitlines():
        if line.startswith("{"):
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            steps[item.pop("step")] = item
    return steps, wall, error


def folder_mb(path: Path) -> float:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(dirpath, name))
            except OSError:
                pass
    return round(total / 2**20, 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`oxigraph serve` on 127.0.0.1 with its own --location; its peak RSS read from /proc (VmHWM)."""

    def __init__(self, location: Path, timeout: float = 60.0) -> None:
        exe = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        if not Path(exe).is_file():
            raise StepFailed("the oxigraph server CLI is not installed (pip install oxigraph)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.location = location
        self.log = open(location.parent / "oxigraph-server.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise StepFailed(f"oxigraph serve exited with {self.proc.returncode} at start (log: {self.log.name})")
            try:
                query = urllib.request.Request(f"{self.url}/query", data=b"query=ASK%7B%7D",
                                               headers={"Content-Type": "application/x-www-form-urlencoded"})
                with urllib.request.urlopen(query, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise StepFailed(f"oxigraph serve did not answer on {self.url} within {timeout:.0f} s") from None
                time.sleep(0.2)

    def peak_mb(self) -> float | None:
        return vm_hwm_mb(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def international_files(shared: Path) -> list[Path]:
    iso = shared / "iso-open-data"
    files = [iso / "iso_deliverables_metadata.reconstructed.jsonl", iso / "ICS.csv",
             iso / "iso_technical_committees.jsonl", shared / "relaton-data-iec" / "iec_catalogue.jsonl"]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise SystemExit(f"shared data not found: {', '.join(missing)}")
    return files


def _step_args(step: str, location: str, intl: list[Path], national: list[Path], cache: Path, pairs: int) -> list[str]:
    # the equivalence pairs, drawn by the first store kind and answered by every kind (see child_equiv)
    args = [step, "--location", location, "--cache", str(cache), "--pairs", str(pairs),
            "--pairs-file", str(cache.parent.parent / "equiv-pairs.csv")]
    if step in ("import", "all"):
        args += ["--international", *map(str, intl), "--national", *map(str, national)]
    return args


def bench_store(kind: str, work: Path, intl: list[Path], national: list[Path], pairs: int, timeout: float,
                bulk: bool) -> dict:
    """Import and queries on one store kind; every failure is recorded, never raised."""
    result: dict = {"errors": []}
    cache = work / f"cache-{kind}"
    t0 = time.perf_counter()

    def record(name: str, steps: dict, wall: float, error: str | None) -> None:
        if "open" in steps:
            result["open_s"] = steps["open"]["wall_s"]
        if "import" in steps:
            result["import"] = {"wall_s": round(wall, 1), **steps["import"]}
        for key in ("rate", "series", "equiv"):
            if key in steps:
                result[key] = steps[key]
        peaks = [s.get("peak_rss_mb") or 0 for s in steps.values()]
        if any(peaks):
            result.setdefault("peak_rss_mb", {})[name] = max(peaks)
        if "process" in steps:  # the machine's 1-minute load average at its highest while the step ran
            result.setdefault("max_load_1m", {})[name] = steps["process"]["max_load_1m"]
        if error:
            result["errors"].append(f"{name}: {error}")

    try:
        if kind == "disk":
            folder = work / "store-disk"
            record("import", *run_child(_step_args("import", str(folder), intl, national, cache, pairs), timeout))
            result["disk_mb"] = folder_mb(folder)
            if "import" in result:
                for step in ("analytics", "equiv"):  # `stdmap rate …` and `stdmap equiv …`: one process each
                    record(step, *run_child(_step_args(step, str(folder), intl, national, cache, pairs), timeout))
                if bulk:
                    result["bulk_load"] = bulk_load(folder, work, timeout)
        elif kind == "memory":
            record("all", *run_child(_step_args("all", ":memory:", intl, national, cache, pairs), timeout))
            if "import" in result:  # the import's own time: the child's wall includes the queries
                result["import"]["wall_s"] = round(result["import"]["in_process_s"]
                                                   + result.get("open_s", 0), 1)
        elif kind == "sparql":
            location = work / "server-location"
            location.mkdir()
            server = Server(location)
            try:
                record("import", *run_child(_step_args("import", server.url, intl, national, cache, pairs), timeout))
                result["server_peak_rss_mb_after_import"] = server.peak_mb()
                if "import" in result:
                    for step in ("analytics", "equiv"):
                        record(step, *run_child(_step_args(step, server.url, intl, national, cache, pairs), timeout))
                result["server_peak_rss_mb"] = server.peak_mb()
            finally:
                server.stop()
            result["disk_mb"] = folder_mb(location)
    except StepFailed as exc:
        result["errors"].append(str(exc))
    result["wall_s"] = round(time.perf_counter() - t0, 1)
    return result


#: the store's quads, every graph, as N-Quads (Oxigraph's own writer)
DUMP_QUADS = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
store.dump(sys.argv[2], ox.RdfFormat.N_QUADS)
print(len(store))
"""

#: Oxigraph's bulk loader for an N-Quads file into a new on-disk store (seconds printed)
BULK_QUADS = """
import sys, time
import pyoxigraph as ox
t = time.perf_counter()
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS)
store.flush()
print(f"{time.perf_counter() - t:.3f}")
"""


def bulk_load(folder: Path, work: Path, timeout: float) -> dict:
    """Oxigraph's own bulk loader for the same data: the store's quads in their named graphs (`quads`, the
    target's comparison) and the union as N-Triples into the default graph (benchmarks/bench_import.py's
    DUMP and BULK steps)."""
    out = _bulk_run(folder, work, timeout, "quads")
    out["union_triples"] = _bulk_run(folder, work, timeout, "triples")
    return out


def _bulk_run(folder: Path, work: Path, timeout: float, kind: str) -> dict:
    from bench_import import BULK, DUMP

    dump, load = (DUMP_QUADS, BULK_QUADS) if kind == "quads" else (DUMP, BULK)
    nt = work / ("all.nq" if kind == "quads" else "all.nt")
    out: dict = {}
    for name, code, args in (("dump", dump, [str(folder), str(nt)]), ("load", load, [str(work / "bulk"), str(nt)])):
        t = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True,
                                  cwd=ROOT,
                                  env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=timeout)
        except subprocess.TimeoutExpired:
            out["error"] = f"{name} timed out after {timeout:.0f} s"
            break
        if proc.returncode != 0:
            out["error"] = f"{name} failed: {proc.stderr.strip().splitlines()[-1:]}"
            break
        if name == "dump" and kind == "quads":
            out["quads"] = int(proc.stdout.strip())
        if name == "load":
            out.update(wall_s=round(time.perf_counter() - t, 2), load_s=float(proc.stdout.strip()),
                       file_mb=round(nt.stat().st_size / 2**20), disk_mb=folder_mb(work / "bulk"))
    nt.unlink(missing_ok=True)
    shutil.rmtree(work / "bulk", ignore_errors=True)
    return out


def run_scale(scale: int, kinds: list[str], shared: Path, rows: int, seed: int, pairs: int, timeout: float,
              keep: Path | None) -> dict:
    import synthetic

    t0 = time.perf_counter()
    intl = international_files(shared)
    base = keep or Path(tempfile.mkdtemp(prefix=f"stdmap-bench-{scale}x-"))
    base.mkdir(parents=True, exist_ok=True)
    (base / "equiv-pairs.csv").unlink(missing_ok=True)  # drawn again from this run's data
    out: dict = {"countries": scale, "rows_per_country": rows, "stores": {}}
    try:
        t = time.perf_counter()
        model = synthetic.generate(base / "catalogues", countries=scale, rows=rows, seed=seed, shared=shared)
        out["generate_s"] = round(time.perf_counter() - t, 1)
        out["synthetic_rows"] = sum(c["rows"] for c in model["countries"])
        out["cn_stated_coverage"] = model["countries"][0]["coverage"]
        national = [base / "catalogues" / c["file"] for c in model["countries"]]
        digest = hashlib.sha256()
        for path in national:
            digest.update(path.read_bytes())
        out["catalogue_sha256"] = digest.hexdigest()
        print(f"\n== {scale}x: {out['synthetic_rows']:,} synthetic rows ({scale} countries) generated in "
              f"{out['generate_s']} s", flush=True)
        for kind in kinds:
            work = base / kind
            work.mkdir(parents=True, exist_ok=True)
            res = bench_store(kind, work, intl, national, pairs, timeout, bulk=(scale == 1 and kind == "disk"))
            out["stores"][kind] = res
            print_store(scale, kind, res)
            if not keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    out["total_wall_s"] = round(time.perf_counter() - t0, 1)
    return out


# -- reporting ------------------------------------------------------------------------------------------------
def _mark(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "NOT met")


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 60:.1f} min" if value >= 120 else f"{value:.1f} s"


def _fmt_mb(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1024:.2f} GB" if value >= 1024 else f"{value:.0f} MB"


def check_targets(figures: dict) -> list[dict]:
    """The targets with their measured values and whether each is met (None: not measured)."""
    ten = figures.get("scales", {}).get("10", {})
    one = figures.get("scales", {}).get("1", {})
    disk10 = ten.get("stores", {}).get("disk", {})
    disk1 = one.get("stores", {}).get("disk", {})
    imp = disk10.get("import", {}).get("wall_s")
    peaks = disk10.get("peak_rss_mb") or {}
    peak = max(peaks.values()) if peaks else None
    rate = disk10.get("rate", {}).get("best_s")
    runs = ten.get("runs") or ([{"stores": list(ten.get("stores", {})), "total_wall_s": ten["total_wall_s"]}]
                               if ten.get("total_wall_s") else [])
    whole = runs[-1]["total_wall_s"] if runs else None
    whole_stores = ", ".join(runs[-1]["stores"]) if runs else ""
    bulk = _bulk_s(disk1.get("bulk_load") or {})
    imp1 = disk1.get("import", {}).get("wall_s")
    ratio = round(imp1 / bulk, 2) if imp1 and bulk else None

    def row(name: str, value, limit, shown: str) -> dict:
        return {"target": name, "measured": shown, "met": None if value is None else value < limit}

    return [
        row("10× on disk: import < 5 min", imp, TARGETS["import_s_10x_disk"], _fmt_s(imp)),
        row("10× on disk: peak memory < 4 GB", peak, TARGETS["peak_mb_10x_disk"], _fmt_mb(peak)),
        row("10× on disk: full rate breakdown < 5 s", rate, TARGETS["rate_s_10x_disk"], _fmt_s(rate)),
        row("whole benchmark at 10× < 15 min", whole, TARGETS["whole_s_10x"],
            f"{_fmt_s(whole)} ({whole_stores})" if whole else "—"),
        row("1× on disk: import within 2× of Oxigraph's bulk loader (the same quads)", ratio,
            TARGETS["bulk_ratio_1x"] + 1e-9, f"{ratio}× ({_fmt_s(imp1)} vs {_fmt_s(bulk)})" if ratio else "—"),
    ]


def _bulk_s(bulk: dict) -> float | None:
    """The bulk loader's time for the same quads as the import (None for figures measured before it was
    measured: they loaded the union N-Triples only)."""
    return bulk.get("wall_s") if "union_triples" in bulk else None


def print_store(scale: int, kind: str, res: dict) -> None:
    imp, rate, series, equiv = (res.get(k, {}) for k in ("import", "rate", "series", "equiv"))
    peaks = res.get("peak_rss_mb") or {}
    print(f"-- {scale}x {kind}: import {_fmt_s(imp.get('wall_s'))} ({imp.get('triples', 0):,} triples, "
          f"{imp.get('bad_records', '?')} bad synthetic rows, {imp.get('bad_international', '?')} bad records in "
          f"the real catalogues), peak "
          + ", ".join(f"{k} {_fmt_mb(v)}" for k, v in peaks.items())
          + (f", server {_fmt_mb(res.get('server_peak_rss_mb'))}" if kind == "sparql" else "")
          + f", disk {_fmt_mb(res.get('disk_mb'))}", flush=True)
    if rate:
        print(f"   rate (all breakdowns) {rate['best_s']} s (first {rate['first_s']} s): {rate['rate']:.1%} of "
              f"{rate['denominator']:,}; China alone {rate['cn_rate']:.1%}")
    if series:
        print(f"   15-year series {series['wall_s']} s")
    if equiv:
        print(f"   equiv: graph {equiv['graph_build_s']} s, {equiv['pairs']:,} pairs in {equiv['wall_s']} s "
              f"({equiv['pairs_per_s']:.0f}/s), {equiv['bad_rows']} bad rows")
    if res.get("bulk_load"):
        b = res["bulk_load"]
        u = b.get("union_triples") or {}
        print(f"   Oxigraph bulk_load of the same {b.get('quads', 0):,} quads ({b.get('file_mb')} MB N-Quads): "
              f"{_fmt_s(b.get('wall_s'))} {b.get('error', '')}; of the union as N-Triples into the default graph "
              f"({u.get('file_mb')} MB): {_fmt_s(u.get('wall_s'))} {u.get('error', '')}")
    if res.get("max_load_1m"):
        print("   machine load (1-minute average, highest; 2 cores = fully busy): "
              + ", ".join(f"{k} {v}" for k, v in res["max_load_1m"].items()))
    for e in res.get("errors", []):
        print(f"   ERROR {e}")
    print(f"   ({_fmt_s(res.get('wall_s'))} for this store kind)", flush=True)


def table(figures: dict) -> str:
    """The Markdown table of every measured scale and store, then the targets."""
    header = ("| scale | store | import | peak memory | disk | rate, all breakdowns | 15-year series | "
              "equiv batch |")
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for scale in ("1", "10"):
        entry = figures.get("scales", {}).get(scale)
        if not entry:
            continue
        for kind in STORES:
            res = entry["stores"].get(kind)
            if res is None:
                continue
            imp, rate, series, equiv = (res.get(k, {}) for k in ("import", "rate", "series", "equiv"))
            peaks = res.get("peak_rss_mb") or {}
            mem = " · ".join(f"{'rate' if k == 'analytics' else k} {_fmt_mb(v)}" for k, v in peaks.items()) or "—"
            if kind == "sparql":
                mem += f" + server {_fmt_mb(res.get('server_peak_rss_mb'))}"
            imp_text = (f"{_fmt_s(imp['wall_s'])}, {imp['triples'] / 1e6:.1f} M triples, {imp['bad_records']} bad rows"
                        if imp else "failed")
            eq = (f"{equiv['pairs']:,} pairs {equiv['wall_s']:.1f} s ({equiv['pairs_per_s']:.0f}/s; graph "
                  f"{equiv['graph_build_s']:.1f} s)" if equiv else "—")
            rate_text = f"{rate['best_s']:.1f} s ({rate['rate']:.1%}, CN {rate['cn_rate']:.1%})" if rate else "—"
            lines.append(f"| {scale}× | {kind} | {imp_text} | {mem} | "
                         f"{_fmt_mb(res.get('disk_mb')) if kind != 'memory' else '—'} | {rate_text} | "
                         f"{_fmt_s(series.get('wall_s')) if series else '—'} | {eq} |")
            if res.get("errors"):
                lines.append(f"| | | errors: {'; '.join(res['errors'])} | | | | | |")
    one = figures.get("scales", {}).get("1", {})
    bulk = one.get("stores", {}).get("disk", {}).get("bulk_load")
    out = "\n".join(lines) + "\n"
    if bulk and "wall_s" in bulk and "union_triples" in bulk:
        union = bulk["union_triples"]
        out += (f"\nOxigraph's own bulk loader into a new on-disk store, the same 1× data: the {bulk['quads']:,} quads "
                f"the import wrote, in their named graphs ({bulk['file_mb']} MB N-Quads), {_fmt_s(bulk['wall_s'])} "
                f"(the target's comparison); their union as N-Triples into the default graph ({union.get('file_mb')} MB; "
                f"three indexes per triple instead of six), {_fmt_s(union.get('wall_s'))}.\n")
    out += "\n| target | measured | |\n|---|---|---|\n"
    for t in check_targets(figures):
        out += f"| {t['target']} | {t['measured']} | {_mark(t['met'])} |\n"
    for scale in ("1", "10"):
        entry = figures.get("scales", {}).get(scale)
        if entry:
            runs = "; ".join(
                f"{', '.join(r['stores'])} {_fmt_s(r['total_wall_s'])}"
                + (" (import " + ", ".join(f"{k} {_fmt_s(v)}" for k, v in r["import_s"].items() if v) + ")"
                   if r.get("import_s") else "")
                for r in entry.get("runs", []))
            out += (f"\n{scale}×: {entry['synthetic_rows']:,} synthetic rows in {entry['countries']} "
                    f"{'country' if entry['countries'] == 1 else 'countries'}, generated in {_fmt_s(entry['generate_s'])}; "
                    f"runs (generation included): {runs}.")
    loads = [f"{scale}× {kind} {', '.join(f'{k} {v}' for k, v in res['max_load_1m'].items())}"
             for scale, entry in sorted(figures.get("scales", {}).items(), key=lambda kv: int(kv[0]))
             for kind, res in entry["stores"].items() if res.get("max_load_1m")]
    if loads:
        out += ("\n\nOther processes share the machine: its 1-minute load average at its highest during each step "
                f"(this benchmark's own process counts; {os.cpu_count()} cores): " + "; ".join(loads) + ".")
    machine = figures.get("machine", {})
    if machine:
        out += (f"\n\nMeasured {figures.get('date', '')} on {machine.get('cores')} cores, "
                f"{machine.get('memory_gb')} GB RAM, Python {machine.get('python')}, pyoxigraph "
                f"{machine.get('pyoxigraph')}, oxigraph server {machine.get('oxigraph_server')}.\n")
    return out


def rewrite_readme(readme: Path, text: str) -> bool:
    content = readme.read_text(encoding="utf-8")
    if MARK_START not in content or MARK_END not in content:
        return False
    head, rest = content.split(MARK_START, 1)
    _old, tail = rest.split(MARK_END, 1)
    readme.write_text(f"{head}{MARK_START}\n{text.rstrip()}\n{MARK_END}{tail}", encoding="utf-8")
    return True


def machine() -> dict:
    import pyoxigraph

    try:
        server = subprocess.run([shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph")),
                                 "--version"], check=False, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        server = "not installed"
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "memory_gb": round(mem, 1), "python": platform.python_version(),
            "pyoxigraph": pyoxigraph.__version__, "oxigraph_server": server}


def merge(scales: dict, scale: str, new: dict) -> None:
    """Put one run's figures in: store kinds measured before on the same catalogues are kept (a later
    `--stores memory` run adds to an earlier `--stores disk` one); other catalogues start afresh."""
    old = scales.get(scale) or {}
    if old.get("catalogue_sha256") != new["catalogue_sha256"]:
        old = {}
    run = {"date": dt.date.today().isoformat(), "stores": list(new["stores"]), "generate_s": new["generate_s"],
           "total_wall_s": new["total_wall_s"],
           "import_s": {k: v.get("import", {}).get("wall_s") for k, v in new["stores"].items()},
           "rate_s": {k: v.get("rate", {}).get("best_s") for k, v in new["stores"].items()}}
    stores = {**old.get("stores", {}), **new["stores"]}
    scales[scale] = {**new, "stores": {k: stores[k] for k in STORES if k in stores},
                     "runs": [*old.get("runs", []), run]}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, action="append", choices=SCALES,
                    help="1 (China only) or 10 (ten countries); repeatable (default: both)")
    ap.add_argument("--stores", default=",".join(STORES), help="comma-separated: disk, memory, sparql (default all)")
    ap.add_argument("--out", type=Path, default=BENCH / "results" / "stores.json",
                    help="the figures (JSON; the table goes to the same name with .md)")
    ap.add_argument("--readme", action="store_true", help="rewrite the table between the bench:stores markers in README.md")
    ap.add_argument("--report-only", action="store_true", help="measure nothing: the table from --out")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--rows", type=int, default=45_000, help="synthetic rows per country (default 45000)")
    ap.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    ap.add_argument("--pairs", type=int, default=10_000, help="equiv pairs (default 10000)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds each step may take (default 1800)")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (stores, catalogues, server log)")
    args = ap.parse_args(argv)
    kinds = [k.strip() for k in args.stores.split(",") if k.strip()]
    unknown = sorted(set(kinds) - set(STORES))
    if unknown:
        ap.error(f"unknown store kind {', '.join(unknown)}; expected disk, memory, sparql")

    figures: dict = {}
    if args.out.is_file():
        try:
            figures = json.loads(args.out.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            figures = {}
    if not args.report_only:
        figures.update(date=dt.date.today().isoformat(), machine=machine(), targets=TARGETS)
        for scale in sorted(set(args.scale or SCALES)):
            keep = args.keep / f"{scale}x" if args.keep else None
            new = run_scale(scale, kinds, args.shared, args.rows, args.seed, args.pairs, args.timeout, keep)
            merge(figures.setdefault("scales", {}), str(scale), new)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not figures.get("scales"):
        raise SystemExit(f"no figures in {args.out}: run the benchmark first")
    figures["target_checks"] = check_targets(figures)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = table(figures)
    args.out.with_suffix(".md").write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"figures: {args.out}; table: {args.out.with_suffix('.md')}")
    if args.readme:
        if rewrite_readme(ROOT / "README.md", text):
            print("README.md: the table between the bench:stores markers rewritten")
        else:
            print(f"README.md has no {MARK_START} … {MARK_END} markers: the table is printed above, "
                  "README.md left as it is")


if __name__ == "__main__":
    main()
