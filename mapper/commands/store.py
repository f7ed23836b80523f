"""`stdmap store`: look at the store a command works on (info), tidy it (compact), empty it (clear).

The store is the one every other command uses: `--store`, else $STDMAP_STORE, else the config file's
`[store] location`, else the per-user data folder (mapper.kg.default_store_location).
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from mapper import __version__
from mapper.cli import InputError, store_option

#: userinfo in a URL (`//user:password@host`): never printed
_USERINFO = re.compile(r"(?<=//)[^/@\s]*@")


def _hide_userinfo(text: str) -> str:
    return _USERINFO.sub("", text)


def _config_file() -> Path:
    """The config file mapper.kg.config_settings reads."""
    if os.environ.get("STDMAP_CONFIG"):
        return Path(os.environ["STDMAP_CONFIG"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("stdmap", appauthor=False)) / "config.toml"


def _resolve(store_location: str | None) -> tuple[str, str]:
    """The location the command works on and where it comes from: --store, $STDMAP_STORE, the config file
    or the default per-user folder."""
    from mapper.kg import config_settings, default_store_location
    from mapper.store import StoreError

    ctx = click.get_current_context()
    if store_location:
        if ctx.get_parameter_source("store_location") == ParameterSource.COMMANDLINE:
            return store_location, "--store"
        root = ctx.find_root().get_parameter_source("store_location")
        return store_location, "$STDMAP_STORE" if root == ParameterSource.ENVIRONMENT else "--store"
    if os.environ.get("STDMAP_STORE"):
        return os.environ["STDMAP_STORE"], "$STDMAP_STORE"
    try:
        configured = config_settings().get("location")
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if configured:
        return configured, f"config file {_config_file()}"
    return default_store_location(), "default (per-user data folder)"


def _kind(location: str) -> str:
    from mapper.kg import MEMORY
    from mapper.remote import is_endpoint

    if location.startswith(MEMORY):
        return "memory"
    return "sparql" if is_endpoint(location) else "disk"


def _shown(location: str, kind: str) -> str:
    """The location as printed: a folder resolved to its absolute path, a URL without credentials."""
    if kind == "disk":
        return str(Path(location).expanduser().resolve())
    return _hide_userinfo(location)


def disk_bytes(folder: Path) -> int:
    """The sum of the sizes of the files under `folder` (files that vanish meanwhile count 0)."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def _open_plain(location: str, *, write: bool):
    """The store without bringing its vocabulary and knowledge base up to date (for compact and clear)."""
    from mapper.kg import open_store
    from mapper.store import StoreError

    try:
        store = open_store(location, write=write)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.get_current_context().call_on_close(store.close)
    return store


def _graphs(store: Any) -> tuple[int, int]:
    """(data graphs of this store present, of which no source points to) — the second are left-overs of an
    import that did not finish, dropped when the store is next opened for writing."""
    import pyoxigraph as ox

    committed = set(store.state())
    owned = {g.value for g in store._ox.named_graphs() if isinstance(g, ox.NamedNode) and store._owns(g.value)}
    return len(owned), len(owned - committed)


def _size(n: int) -> str:
    value, unit = float(n), "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            break
        value /= 1024
    return f"{n:,} bytes" + (f" ({value:.1f} {unit})" if unit != "B" else "")


def _interactive() -> bool:
    return sys.stdin.isatty()


@click.group("store")
def store_group() -> None:
    """The store itself: what it is and holds (info), tidy it (compact), empty it (clear)."""


@store_group.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (sorted keys).")
@store_option
def info(as_json: bool, store_location: str | None) -> None:
    """What the store is and holds: location and where it comes from, kind (memory, disk, sparql),
    namespace, whether another process is writing to it, its sources, triples, data graphs, disk size."""
    from mapper.cli import _open
    from mapper.kg import writer_active

    location, origin = _resolve(store_location)
    kind = _kind(location)
    store = _open(location, write=False)
    endpoint = None
    if kind == "sparql":
        ep = store.endpoint
        endpoint = {"description": _hide_userinfo(store.describe()), "query_url": _hide_userinfo(ep.query_url),
                    "update_url": _hide_userinfo(ep.update_url), "data_url": _hide_userinfo(ep.data_url) or None,
                    "authenticated": ep.authorization is not None}
    sources = store.sources()
    data_graphs, orphans = _graphs(store)
    data = {
        "location": _shown(location, kind),
        "location_from": origin,
        "kind": kind,
        "endpoint": endpoint,
        "namespace": store.namespace,
        "read_only": bool(store.read_only),
        "writer_active": writer_active(location) if kind == "disk" else None,
        "source_count": len(sources),
        "sources": [{"graph": str(s.graph), "origin": _hide_userinfo(s.origin), "records": s.records,
                     "loaded_at": s.loaded_at} for s in sorted(sources, key=lambda s: str(s.graph))],
        "triples": store.count_triples(),
        "data_graphs": data_graphs,
        "orphan_graphs": orphans,
        "disk_bytes": disk_bytes(Path(store.path)) if kind == "disk" else None,
        "version": __version__,
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return
    described = {"memory": "memory: in this process only",
                 "disk": "disk: Oxigraph (RocksDB) folder",
                 "sparql": f"sparql: {endpoint['description'] if endpoint else ''}"}[kind]
    lines = [
        ("location", f"{data['location']}  (from {origin})"),
        ("kind", described),
        ("namespace", data["namespace"] or "(none)"),
        ("being written", "yes: another process is importing; shown as it was before that import began"
         if data["writer_active"] else "no" if data["writer_active"] is False else "unknown"),
        ("sources", str(len(sources))),
    ]
    width = 12
    for label, value in lines:
        click.echo(f"{label:<{width}} {value}")
    if sources:
        gwidth = max(len(s["graph"]) for s in data["sources"])
        for s in data["sources"]:
            click.echo(f"  {s['graph']:<{gwidth}}  {s['records']:>7} records  {s['origin']}  loaded {s['loaded_at']}")
    click.echo(f"{'triples':<{width}} {data['triples']:,}")
    click.echo(f"{'data graphs':<{width}} {data_graphs}" + (f" ({orphans} left over from an unfinished import)"
                                                           if orphans else ""))
    if data["disk_bytes"] is not None:
        click.echo(f"{'disk size':<{width}} {_size(data['disk_bytes'])}")
    click.echo(f"{'version':<{width}} stdmap {__version__}")


@store_group.command()
@click.option("--force", is_flag=True, help="On a SPARQL server, also drop left-over graphs less than an hour "
              "old (only when no import into this store is running).")
@store_option
def compact(force: bool, store_location: str | None) -> None:
    """Drop graphs left over by imports that did not finish and, for a folder, let the database rewrite
    its files (smaller, faster to read). The answers do not change. On a SPARQL server a left-over graph
    is dropped once it is an hour old (an import elsewhere may still be loading it), or at once with --force."""
    location, _origin = _resolve(store_location)
    kind = _kind(location)
    shown = _shown(location, kind)
    folder = Path(shown) if kind == "disk" else None
    before = disk_bytes(folder) if folder is not None and folder.is_dir() else None
    store = _open_plain(location, write=True)
    store.compact(force=force)
    store.close()  # release the database before measuring (a no-op for a named in-memory store)
    if folder is None:
        click.echo(f"compacted the store at {shown}: left-over graphs dropped")
        return
    after = disk_bytes(folder)
    click.echo(f"compacted the store at {shown}: {_size(before or 0)} before, {_size(after)} after")


@store_group.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (needed when not run from a terminal).")
@store_option
def clear(yes: bool, store_location: str | None) -> None:
    """Remove every source from the store (on a server: of its namespace only). The next command starts
    it anew, as a new store: the vocabulary and the bundled knowledge base come back, imports do not."""
    location, _origin = _resolve(store_location)
    kind = _kind(location)
    shown = _shown(location, kind)
    if not yes and not _interactive():
        raise InputError(f"not clearing the store at {shown}: standard input is not a terminal, so there is no "
                         "one to confirm; pass --yes to clear it")
    store = _open_plain(location, write=True)
    if not yes:
        n = len(store.sources())
        click.confirm(f"Remove all {n} sources from the store at {shown}?", abort=True)
    removed = store.clear()
    click.echo(f"cleared the store at {shown}: {removed} sources removed; the next command starts it anew "
               "(vocabulary and bundled knowledge base)")
    if kind == "disk":
        click.echo("`stdmap store compact` gives the disk space back")


def register(main: click.Group) -> None:
    main.add_command(store_group)
