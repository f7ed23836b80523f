"""Parse 100,000 designations and report throughput and per-call latency.

A realistic mix: ISO and IEC catalogue references, the pubid national identifiers (BSI, CEN, CSA,
ANSI, GOST, GB) and printed variants of them (lower case, full-width, em dashes, extra spaces),
cycled to 100,000.  Without the shared data (``../shared/data`` next to the project) it uses
built-in samples.  No assertions on speed.

    python benchmarks/bench_parse.py [N]
"""

from __future__ import annotations

import csv
import itertools
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapper.ids import DesignationError, parse  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
ISO = DATA / "iso-open-data" / "iso_deliverables_metadata.reconstructed.jsonl"
IEC = DATA / "relaton-data-iec" / "iec_catalogue.jsonl"
PUBID = DATA / "pubid-national-identifiers" / "pubid_national_identifiers.tsv"

BUILT_IN = [
    "ISO 14001:2015", "ISO/IEC 27001:2013/Amd 1:2024", "IEC 60335-1:2010+AMD1:2013+AMD2:2016 CSV",
    "GB/T 24001—2016/ISO 14001:2015", "BS EN ISO 14001:2015", "DIN EN ISO 13849-1:2008-12",
    "ГОСТ Р ИСО 9001-2015", "CAN/CSA-ISO 14001-16", "KS Q ISO 9001:2015", "AS/NZS ISO 14001:2016",
    "IS/ISO 9001 : 2015", "JIS Q 14001:2015", "HJ 2.1-2019", "DB11/T 1234-2020", "T/CECS 10001-2019",
    "EN IEC 62368-1:2020+A11:2020", "CAN/CSA-C22.2 NO. 60335-2-45:14 (R2023)", "ITU-T X.509 (10/2019)",
]


def _variants(text: str, rnd: random.Random) -> str:
    how = rnd.choice(["lower", "fullwidth", "dash", "spaces"])
    if how == "lower":
        return text.lower()
    if how == "fullwidth":
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    if how == "dash":
        return text.replace("-", "\u2014")
    return "  " + text.replace(" ", "  ") + " "


def sample(n_catalogue: int = 30000) -> list[str]:
    rnd = random.Random(42)
    texts: list[str] = []
    for path in (ISO, IEC):
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                refs = [json.loads(line)["reference"] for line in fh]
            texts += rnd.sample(refs, min(len(refs), n_catalogue // 2))
    if PUBID.exists():
        with PUBID.open(encoding="utf-8", newline="") as fh:
            texts += [row["identifier"] for row in csv.DictReader(fh, delimiter="\t")]
    if not texts:
        texts = list(BUILT_IN)
    texts += [_variants(t, rnd) for t in rnd.sample(texts, len(texts) // 4)]
    rnd.shuffle(texts)
    return texts


def main(n: int = 100_000) -> None:
    texts = sample()
    timings: list[float] = []
    ok = 0
    clock = time.perf_counter
    start = clock()
    for text in itertools.islice(itertools.cycle(texts), n):
        t0 = clock()
        try:
            parse(text)
            ok += 1
        except DesignationError:
            pass
        timings.append(clock() - t0)
    total = clock() - start
    timings.sort()
    print(f"parsed {n} designations ({len(texts)} distinct, {ok / n:.1%} readable) in {total:.2f} s")
    print(f"throughput: {n / total:,.0f} designations/s")
    print(f"latency: median {statistics.median(timings) * 1e6:.1f} µs, "
          f"p99 {timings[int(len(timings) * 0.99)] * 1e6:.1f} µs, max {timings[-1] * 1e3:.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
