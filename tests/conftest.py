"""Shared fixtures: every test works on its own store in a temporary folder, never the user's.

* `store_path`  — a fresh (not yet created) store folder under tmp_path.
* `empty_store` — that folder made into a store with `stdmap init --empty` (vocabulary only).
* `run(*args)`  — invoke the CLI (`mapper.cli.main`) with `--store store_path`; returns the click Result
  (`exit_code`, `stdout`, `stderr`, `output`).
* `run_in(store, *args)` — the same on another store folder (or ":memory:"); session-scoped.
* `open_store(path)` — a context manager giving the library `Store` of a store folder, closed afterwards
  so the next CLI call can take the on-disk lock again.
"""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import Result

import support



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
    from mapper.store import Store

    store = Store(Path(path))
    try:
        yield store
    finally:
        store.close()
        del store
        gc.collect()


@pytest.fixture
def open_store() -> Callable:
    return _open

