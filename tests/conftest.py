"""Shared fixtures: every test works on its own store in a temporary folder, never the user's.

* `store_path`  — a fresh (not yet created) store folder under tmp_path.
* `empty_store` — that folder made into a store with `stdmap init --empty` (vocabulary only).
* `run(*args)`  — invoke the CLI (`mapper.cli.main`) with `--store store_path`; returns the click Result
  (`exit_code`, `stdout`, `stderr`, `output`).
* `run_in(store, *args)` — the same on another store folder (or ":memory:"); session-scoped.
* `full_store` — (session) a store with the bundled knowledge base plus the complete ISO Open Data
  deliverables, ICS list, ISO committees and IEC catalogue from ../shared/data, imported once for every
  module that needs the real catalogues; `need_shared` skips a test when those files are absent.
* `open_store(path)` — a context manager giving the library `Store` of a store folder, closed afterwards
  so the next CLI call can take the on-disk lock again.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import support
from click.testing import Result
from support import FULL, SHARED


@pytest.fixture(autouse=True)
def _guard_default_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Whatever a test forgets, the default store is a throw-away folder, not the user's data folder —
    and a test that used it fails, because every test must name its own store."""
    guard = tmp_path_factory.mktemp("guard") / "store"
    monkeypatch.setenv("STDMAP_STORE", str(guard))
    # the equivalence graph's cache goes to the test's temporary folders, not the user's cache folder
    monkeypatch.setenv("STDMAP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    yield guard
    assert not guard.exists(), "a test used the default store instead of its own --store"


def invoke(store: Path | str, *args: object) -> Result:
    """Run `stdmap --store STORE ARGS…` in-process."""
    return support.invoke("--store", store, *args)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def run(store_path: Path) -> Callable[..., Result]:
    def _run(*args: object) -> Result:
        return invoke(store_path, *args)

    return _run


@pytest.fixture(scope="session")
def run_in() -> Callable[..., Result]:
    """`run_in(store, *args)`; session-scoped so module-scoped fixtures can use it too."""
    return invoke


@pytest.fixture
def empty_store(store_path: Path) -> Path:
    result = invoke(store_path, "init", "--empty")
    assert result.exit_code == 0, result.output
    assert "no bundled knowledge base" in result.stdout
    return store_path


@contextlib.contextmanager
def _open(path: Path | str) -> Iterator:
    from mapper.kg import open_store

    store = open_store(support.location(path))
    try:
        yield store
    finally:
        store.close()
        del store
        gc.collect()


@pytest.fixture
def open_store() -> Callable:
    return _open



@pytest.fixture(scope="session")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A fresh store with the bundled knowledge base, then the four shared files imported in one command
    (~15 s); returns the store folder and the import report per file name. Read-only for the tests."""
    if not all(p.is_file() for p in FULL):
        pytest.skip(f"the shared ISO Open Data / IEC catalogue files are not in {SHARED}")
    path = tmp_path_factory.mktemp("full") / "store"
    support.PINNED.add(str(path))  # one on-disk store for every module, whatever their store backend
    assert invoke(path, "init").exit_code == 0
    t = time.perf_counter()
    result = invoke(path, "import", "--json", *FULL)
    wall = time.perf_counter() - t
    assert result.exit_code in (0, 1), result.output  # 1: the IEC file has references mapper.ids cannot read
    print(f"\nfull import (ISO + ICS + committees + IEC): {wall:.1f} s wall")
    return path, {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}


# -- the same analytics and equivalence suites on every kind of store -------------------------------------------------
#: modules run three times: on the embedded on-disk store, an in-memory store and a SPARQL server
MULTI_STORE_MODULES = {"test_rate", "test_coverage", "test_lag", "test_analytics_catalogue", "test_conflicts",
                       "test_scopes", "test_equiv_engine", "test_equiv_cli"}
STORE_BACKENDS = ("disk", "memory", "sparql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_backend" in metafunc.fixturenames and metafunc.module.__name__ in MULTI_STORE_MODULES:
        metafunc.parametrize("store_backend", STORE_BACKENDS, indirect=True, scope="module")


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real SPARQL server for the tests: `oxigraph serve` (the `oxigraph` package of the test extra) on
    127.0.0.1 and a free port, in memory; stopped when the session ends."""
    base, proc = support.start_oxigraph(tmp_path_factory.mktemp("sparql-server") / "server.log")
    yield base
    support.stop_oxigraph(proc)


@pytest.fixture(scope="module", autouse=True)
def store_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """Which kind of store `--store <folder>` means in this module (see support.location)."""
    kind = getattr(request, "param", "disk")
    base = request.getfixturevalue("sparql_server") if kind == "sparql" else None
    support.BACKEND.update(kind=kind, base=base)
    try:
        yield kind
    finally:
        support.BACKEND.update(kind="disk", base=None)
        if kind == "memory":
            from mapper import kg

            kg._NAMED_MEMORY.clear()
