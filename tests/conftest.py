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
import traceback
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner, Result

from mapper.cli import main



@pytest.fixture(autouse=True)
def _guard_default_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Whatever a test forgets, the default store is a throw-away folder, not the user's data folder."""
    guard = tmp_path_factory.mktemp("guard") / "store"
    monkeypatch.setenv("STDMAP_STORE", str(guard))
    return guard


def invoke(store: Path | str, *args: object) -> Result:
    """Run `stdmap --store STORE ARGS…` in-process."""
    result = CliRunner().invoke(main, ["--store", str(store), *map(str, args)], catch_exceptions=False)
    # A command that ends with sys.exit / a click error leaves its frames (and its open Store) in the
    # traceback the Result keeps; clear them and collect, so the on-disk lock is free for the next call.
    if result.exc_info is not None and result.exc_info[2] is not None:
        traceback.clear_frames(result.exc_info[2])
    gc.collect()
    return result


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

