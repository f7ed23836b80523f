"""Helpers shared by the test modules (imported as `support`; pytest puts tests/ on sys.path)."""

from __future__ import annotations

import gc
import os
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mapper.cli import main

#: the public data beside the project (../shared/data); tests that read it skip when it is absent
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ISO_FILES = [SHARED / "iso-open-data" / name for name in
             ("iso_deliverables_metadata.reconstructed.jsonl", "ICS.csv", "iso_technical_committees.jsonl")]
IEC_FILE = SHARED / "relaton-data-iec" / "iec_catalogue.jsonl"
FULL = [*ISO_FILES, IEC_FILE]
need_shared = pytest.mark.skipif(not all(p.is_file() for p in FULL),
                                 reason=f"the shared ISO Open Data / IEC catalogue files are not in {SHARED}")


# -- which kind of store the tests run on ---------------------------------------------------------------------------
#: set by the `store_backend` fixture (tests/conftest.py): "disk" (the store folder as given), "memory" (an
#: in-process `:memory:NAME` store per folder) or "sparql" (a namespace per folder on the test SPARQL server)
BACKEND: dict[str, str | None] = {"kind": "disk", "base": None}
#: store folders that stay on disk whatever the backend (the session's full-catalogue store)
PINNED: set[str] = set()


def location(store: object) -> str:
    """The `--store` location the current backend gives a test's store folder: each folder is one store."""
    import hashlib

    text = str(store)
    kind = BACKEND["kind"]
    if kind == "disk" or text in PINNED or text.startswith((":memory:", "http://", "https://")):
        return text
    tag = hashlib.sha1(text.encode()).hexdigest()[:16]
    return f":memory:{tag}" if kind == "memory" else f"{BACKEND['base']}#t{tag}"


def invoke(*args: object) -> Result:
    """Run `stdmap ARGS…` in-process and return click's Result.

    The CLI closes its store when a command ends; a command that ends in an exception still leaves its
    frames in the traceback the Result keeps, so clear them and collect before the next command opens
    the same on-disk store (Oxigraph holds a lock on the folder).
    """
    argv = [str(a) for a in args]
    for i, arg in enumerate(argv[:-1]):
        if arg == "--store":
            argv[i + 1] = location(argv[i + 1])
    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    if result.exc_info is not None and result.exc_info[2] is not None:
        traceback.clear_frames(result.exc_info[2])
    gc.collect()
    return result


# -- helpers of the report tests ------------------------------------------------------------------------------------
def make_store(where: Path, *catalogues: Path, empty: bool = False) -> str:
    """`stdmap init` (with the bundled knowledge base unless `empty`) into `where`, then import each catalogue."""
    store = str(where)
    result = invoke("init", *(["--empty"] if empty else []), "--store", store)
    assert result.exit_code == 0, result.output
    for cat in catalogues:
        result = invoke("import", "--store", store, str(cat))
        assert result.exit_code == 0, result.output
    return store


def command_json(store: str, *args: str) -> dict:
    """`stdmap ARGS --store STORE --json`, parsed."""
    import json

    result = invoke(*args, "--store", store, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def table_rows(tree, key: str) -> list[dict[str, str]]:
    """The rows of the report table `t-<key>` as {column key (data-col): raw value (data-sort)}; a row header
    cell (th) counts like a data cell."""
    return [{cell.get("data-col"): cell.get("data-sort") for cell in tr.xpath("./td | ./th")}
            for tr in tree.xpath(f'//table[@id="t-{key}"]/tbody/tr')]


def normalise_paths(md: str, folder: Path) -> str:
    """A report's source list names each imported file (its URL and the hash of its path); make that portable."""
    import re

    md = md.replace(folder.resolve().as_uri(), "file://<TMP>")
    return re.sub(r"`file-[0-9a-f]{16}`", "`file-<HASH>`", md)


def check_golden(text: str, golden: Path) -> None:
    """Compare with a golden file, or rewrite it (and skip) when STDMAP_UPDATE_GOLDEN=1 — review the diff."""
    import os

    if os.environ.get("STDMAP_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8", newline="\n")
        pytest.skip(f"golden file rewritten: {golden}")
    assert golden.is_file(), f"no golden file {golden.name} yet; run with STDMAP_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


# -- a real SPARQL server for the tests -----------------------------------------------------------------------------
SERVER_MISSING = "the oxigraph server is missing: pip install oxigraph (it is in stdmap's test extra)"


def oxigraph_binary() -> str | None:
    """The `oxigraph` command of the `oxigraph` package: beside this Python, else on PATH."""
    import shutil
    import sys

    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def start_oxigraph(log: Path):
    """`oxigraph serve` in memory on 127.0.0.1 and a free port: (base URL, process). Fails the test (under CI)
    or skips it when the binary is missing; retries when the free port is taken before the server binds it."""
    import socket
    import subprocess
    import time
    import urllib.request

    binary = oxigraph_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(SERVER_MISSING)
        pytest.skip(SERVER_MISSING)
    for _attempt in range(3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        with open(log, "ab") as out:
            proc = subprocess.Popen([binary, "serve", "--bind", base.removeprefix("http://")],
                                    stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
                return base, proc
            except OSError:
                time.sleep(0.05)
        proc.kill()
        proc.wait()
    pytest.fail(f"oxigraph serve did not start: {log.read_text(errors='replace')[-2000:]}")


def stop_oxigraph(proc) -> None:
    import subprocess

    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
