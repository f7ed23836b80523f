"""Open the knowledge graph a command works on, keep the bundled knowledge base in it, import files.

A store is a folder (Oxigraph on disk) or `:memory:`. Where it lives: `--store PATH`, else the
`STDMAP_STORE` variable, else the per-user data folder (`platformdirs.user_data_dir("stdmap")/store`).
A new store starts with the bundled knowledge base (`standards/`) and the vocabulary (`ontology/`);
`stdmap init --empty` makes one without the knowledge base. When a later stdmap ships a changed
knowledge base, the next command refreshes that one source graph (its checksum differs) and leaves
imported sources alone.

>>> kg = open_kg(":memory:")
>>> bool(kg.query("ASK { ?s a sm:Adoption }"))
True
"""

from __future__ import annotations

import csv
import hashlib
import os
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from mapper.ingest import tabular
from mapper.ingest.base import CatalogError, RowError
from mapper.ingest.to_rdf import add_committee, add_ics, add_record, url_ref
import mapper.ingest.readers  # noqa: F401  (registers every reader)
from mapper.resources import resource_dir
from mapper.store import GraphLoad, SourceInfo, Store, StoreError, TripleBuffer
from mapper.vocab import SMG, ONTOLOGY_FILES

BUNDLED_GRAPH = URIRef(str(SMG) + "bundled")
ONTOLOGY_GRAPH = URIRef(str(SMG) + "ontology")
BUNDLED_READER = "bundled/1+" + tabular.READER_VERSION
MEMORY = ":memory:"


class KnowledgeBaseError(RuntimeError):
    """The bundled knowledge base itself is broken (a packaging or data bug, not a user error)."""


def config_settings(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The `[store]` table of the config file: $STDMAP_CONFIG, else `config.toml` in the per-user config
    folder (e.g. ~/.config/stdmap/config.toml). Keys: location, query_url, update_url, data_url, namespace."""
    env = os.environ if environ is None else environ
    if env.get("STDMAP_CONFIG"):
        path = Path(env["STDMAP_CONFIG"]).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_config_dir("stdmap", appauthor=False)) / "config.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"{path}: cannot read the config file ({exc})") from exc
    table = data.get("store", {})
    if not isinstance(table, dict) or any(not isinstance(v, str) for v in table.values()):
        raise StoreError(f"{path}: [store] must be a table of strings (location, query_url, update_url, "
                         "data_url, namespace)")
    return dict(table)


def default_store_location(environ: Mapping[str, str] | None = None) -> str:
    """$STDMAP_STORE, else the config file's `location`, else the per-user data folder."""
    env = os.environ if environ is None else environ
    if env.get("STDMAP_STORE"):
        return env["STDMAP_STORE"]
    configured = config_settings(env).get("location")
    if configured:
        return configured
    import platformdirs

    return str(Path(platformdirs.user_data_dir("stdmap", appauthor=False)) / "store")


#: in-process stores named `:memory:NAME` (kept for the life of the process: tests, embedding)
_NAMED_MEMORY: dict[str, Store] = {}


def open_store(location: str, *, write: bool = True) -> Store:
    """The store at `location`: `:memory:` (a new in-memory store), `:memory:NAME` (one in-memory store per
    name in this process), `http(s)://…` (a SPARQL server, see mapper/remote.py) or a folder (the embedded
    on-disk store). A folder another process is writing to opens read-only for a reader (`write=False`)."""
    if location == MEMORY:
        return Store(None)
    if location.startswith(MEMORY):
        name = location[len(MEMORY):]
        store = _NAMED_MEMORY.get(name)
        if store is None:
            store = _NAMED_MEMORY[name] = Store(None)
            store.keep_open = True
        return store
    from mapper.remote import RemoteStore, endpoint_from, is_endpoint

    if is_endpoint(location):
        return RemoteStore(endpoint_from(location, config_settings()))
    path = Path(location).expanduser()
    if not write and (path / "CURRENT").is_file():
        # a reader reads a snapshot without taking the lock, so it never makes a writer wait (open_kg reopens
        # for writing when the vocabulary or the knowledge base must be brought up to date)
        return Store(path, read_only=True)
    path.mkdir(parents=True, exist_ok=True)
    wait = float(os.environ.get("STDMAP_LOCK_WAIT", "60"))
    deadline = time.monotonic() + wait
    while True:
        try:
            return Store(path)
        except StoreError as exc:
            if "lock" not in str(exc).lower():
                raise
            if not write:
                return Store(path, read_only=True)
            if time.monotonic() >= deadline:
                raise StoreError(f"another process is writing to the store at {path}; waited {wait:g} s for it "
                                 "to finish (STDMAP_LOCK_WAIT sets how long)") from exc
            time.sleep(0.2)


def writer_active(location: str) -> bool | None:
    """Whether some process holds the on-disk store's write lock (RocksDB's LOCK file) — read from the
    kernel's lock table (/proc/locks), so asking takes no lock; None where that table does not exist."""
    lock = Path(location).expanduser() / "LOCK"
    table = Path("/proc/locks")
    if not lock.is_file() or not table.is_file():
        return None if not table.is_file() else False
    st = lock.stat()
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in table.read_text().splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[5] == wanted:
            return True
    return False


def _up_to_date(store: Store) -> bool:
    """The store has been set up and holds this version's vocabulary and (unless left out) knowledge base."""
    bundled = store.setting("bundled")
    if bundled is None:
        return False
    vocab = store.source(ONTOLOGY_GRAPH)
    if vocab is None or vocab.checksum != _vocabulary_checksum():
        return False
    if bundled == "no":
        return True
    kb = store.source(BUNDLED_GRAPH)
    return kb is not None and kb.checksum == _bundled_checksum() and kb.reader == BUNDLED_READER


def open_kg(location: str | None = None, *, empty: bool = False, write: bool = True) -> Store:
    """Open (creating if needed) the store at `location` and bring its vocabulary and bundled
    knowledge base up to date. `empty=True` on a new store leaves the knowledge base out for good.
    `write=False`: the caller only reads, so a store another process is writing to opens read-only (as it
    was when that process's current import began; the vocabulary is not brought up to date then)."""
    location = location or default_store_location()
    store = open_store(location, write=write)
    if store.read_only:
        if _up_to_date(store):
            return store
        store.close()
        try:
            store = Store(Path(location).expanduser())
        except StoreError:  # another process is writing: read what is there
            return Store(Path(location).expanduser(), read_only=True)
    if store.setting("bundled") is None:  # a new store
        store.set_setting("bundled", "no" if empty else "yes")
    sync_vocabulary(store)
    if store.setting("bundled") != "no":
        sync_bundled(store)
    return store


# -- the vocabulary ----------------------------------------------------------------------------------
def _files_checksum(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def _vocabulary_files() -> list[Path]:
    folder = resource_dir("ontology")
    return [folder / name for name in ONTOLOGY_FILES]


def _vocabulary_checksum() -> str:
    return _files_checksum(_vocabulary_files())


def _bundled_checksum() -> str:
    manifest = load_manifest()
    return _files_checksum([resource_dir("standards") / "manifest.toml"] + [p for p, _ in manifest.files])


def sync_vocabulary(store: Store) -> bool:
    files = _vocabulary_files()
    info = SourceInfo(ONTOLOGY_GRAPH, "bundled:ontology", _files_checksum(files), "turtle/1", len(files))
    old = store.source(ONTOLOGY_GRAPH)
    if old is not None and old.checksum == info.checksum:
        return False
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return store.replace_source(info, g).changed


# -- the bundled knowledge base ------------------------------------------------------------------------
@dataclass
class Manifest:
    id: str
    version: str
    title_en: str
    title_zh: str
    country: str
    scope_en: str
    scope_zh: str
    files: list[tuple[Path, str]] = field(default_factory=list)


def load_manifest() -> Manifest:
    folder = resource_dir("standards")
    with open(folder / "manifest.toml", "rb") as fh:
        data = tomllib.load(fh)
    return Manifest(
        id=data["id"], version=str(data["version"]), title_en=data.get("title_en", ""),
        title_zh=data.get("title_zh", ""), country=data.get("country", ""),
        scope_en=data.get("scope_en", "").strip(), scope_zh=data.get("scope_zh", "").strip(),
        files=[(folder / f["path"], f["role"]) for f in data.get("files", [])],
    )


def bundled_graph() -> tuple[TripleBuffer, SourceInfo]:
    """Build the bundled knowledge base's triples. Raises KnowledgeBaseError on any bad row."""
    manifest = load_manifest()
    g = TripleBuffer()
    records = 0
    for path, role in manifest.files:
        if role in ("international", "national"):
            result = tabular.read_catalog(path)
            if result.errors:
                raise KnowledgeBaseError(
                    "the bundled knowledge base has bad rows:\n" + "\n".join(str(e) for e in result.errors)
                )
            for rec in result.records:
                add_record(g, rec, BUNDLED_GRAPH)
            records += len(result.records)
        elif role == "ics":
            records += _add_ics_labels(g, path)
        elif role == "committees":
            records += _add_committees(g, path)
        else:
            raise KnowledgeBaseError(f"{path}: unknown role {role!r} in standards/manifest.toml")
    files = [resource_dir("standards") / "manifest.toml"] + [p for p, _ in manifest.files]
    info = SourceInfo(
        BUNDLED_GRAPH, f"bundled:{manifest.id}@{manifest.version}", _files_checksum(files), BUNDLED_READER, records
    )
    return g, info


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _add_ics_labels(g: TripleBuffer, path: Path) -> int:
    rows = _rows(path)
    for row in rows:
        iri = add_ics(g, row["notation"].strip())
        if row.get("title_en"):
            g.add((iri, SKOS.prefLabel, Literal(row["title_en"].strip(), lang="en")))
        if row.get("title_zh"):
            g.add((iri, SKOS.prefLabel, Literal(row["title_zh"].strip(), lang="zh")))
        for url in (row.get("source") or "").replace(";", " ").split():
            g.add((iri, DCTERMS.source, url_ref(url)))
    return len(rows)


def _add_committees(g: TripleBuffer, path: Path) -> int:
    from mapper.vocab import SM

    rows = _rows(path)
    for row in rows:
        iri = add_committee(g, row["reference"])
        if row.get("title_en"):
            g.add((iri, DCTERMS.title, Literal(row["title_en"].strip(), lang="en")))
        if row.get("title_zh"):
            g.add((iri, DCTERMS.title, Literal(row["title_zh"].strip(), lang="zh")))
        if row.get("parent"):
            g.add((iri, SM.parentCommittee, add_committee(g, row["parent"])))
        for url in (row.get("source") or "").replace(";", " ").split():
            g.add((iri, DCTERMS.source, url_ref(url)))
    return len(rows)


def sync_bundled(store: Store, *, force: bool = False) -> bool:
    checksum = _bundled_checksum()
    old = store.source(BUNDLED_GRAPH)
    if not force and old is not None and old.checksum == checksum and old.reader == BUNDLED_READER:
        return False
    g, info = bundled_graph()
    return store.replace_source(info, g, force=force).changed


# -- importing files -----------------------------------------------------------------------------------
def file_graph(path: Path) -> URIRef:
    digest = hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]
    return URIRef(f"{SMG}file-{digest}")


@dataclass
class FileImport:
    path: Path
    graph: URIRef
    reader: str
    rows_read: int
    records: int
    errors: list[RowError]
    notes: list[str]
    ignored: list[str] = field(default_factory=list)
    unchanged_errors: int = 0  # bad rows reported when this unchanged file was imported
    changed: bool = False
    written: bool = False


@dataclass
class ImportReport:
    files: list[FileImport]
    strict_failed: bool = False
    compacted: bool = False  # the store was compacted after the import (COMPACT_AFTER)

    @property
    def errors(self) -> list[RowError]:
        return [e for f in self.files for e in f.errors]

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(f.unchanged_errors for f in self.files)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise CatalogError(path, "is a folder, not a file") from exc
    except OSError as exc:
        raise CatalogError(path, f"cannot read the file ({exc.strerror or exc})") from exc


#: an import that writes at least this many triples compacts an on-disk store after (Store.settle). It pays on
#: a large store: ten national catalogues with ISO and IEC (16 M triples) took 2.6 GB instead of 4.7 GB and read
#: faster, for 34 s of compaction. On one catalogue (3 M) it gained nothing (837 → 891 MB, the same rate) and
#: cost 13 s, half again the import's own time; a user's file of a few thousand rows never waits for it.
COMPACT_AFTER = 5_000_000


def import_files(
    store: Store, paths: list[Path], *, strict: bool = False, fmt: str | None = None,
    progress: Callable[[Path, int, int], None] | None = None,
) -> ImportReport:
    """Import source files, one source graph each, with the reader `fmt` or the one their content
    calls for. With `strict`, any bad record in any file means nothing is written; otherwise good
    records are kept and bad ones reported. An unchanged file (same checksum, same reader version) is
    not read again. Raises CatalogError when a file cannot be read at all (before anything is written)."""
    from mapper.ingest.base import READERS, detect

    if fmt is not None and fmt not in READERS:
        raise CatalogError(fmt, f"unknown format; expected one of {', '.join(sorted(READERS))}")
    loaded = []
    for p in paths:
        path = Path(p)
        data = _read_bytes(path)
        loaded.append((path, data, READERS[fmt] if fmt else detect(path, data)))
    report = ImportReport([])
    pending: list[tuple[FileImport, SourceInfo, TripleBuffer]] = []
    loads: list[tuple[FileImport, SourceInfo, GraphLoad]] = []
    # Oxigraph's bulk loader releases the GIL: triples load in the background, in chunks, while the
    # reader goes on (and while the next file is read). Queries see nothing until each source's switch.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stdmap-load") as loader:
        try:
            for path, data, reader in loaded:
                graph = file_graph(path)
                checksum = hashlib.sha256(data).hexdigest()
                old = store.source(graph)
                if (old is not None and old.checksum == checksum and old.reader == reader.version
                        and not (strict and old.errors)):
                    # imported before and unchanged: nothing to read. Its bad rows, if any, were reported
                    # then and still count (exit 1); --strict reads it again so that it can refuse the file.
                    report.files.append(FileImport(path, graph, reader.name, old.records + old.errors,
                                                   old.records, [], [], unchanged_errors=old.errors))
                    continue
                sink = TripleBuffer()
                info = SourceInfo(graph, path.resolve().as_uri(), checksum, reader.version, 0)
                # --strict writes nothing until every file has been read without error
                loading = None if strict else store.begin_load(info, loader)
                if loading is not None:
                    sink.stream(loading.feed)
                    loads.append((None, info, loading))  # type: ignore[arg-type]  (set below)
                tick = (lambda done, total, _p=path: progress(_p, done, total)) if progress else None
                result = reader.read(path, data, sink, graph, tick)
                item = FileImport(path, graph, reader.name, result.rows_read, result.records, result.errors,
                                  result.notes, result.ignored)
                report.files.append(item)
                info = replace(info, records=result.records, errors=len({e.row for e in result.errors}))
                if loading is not None:
                    sink.flush()
                    loads[-1] = (item, info, loading)
                else:
                    pending.append((item, info, sink))
            if strict and report.errors:
                report.strict_failed = True
                return report
            for item, info, sink in pending:
                if store.unchanged(info):  # --strict re-read an unchanged file: nothing to write
                    item.written = True
                    continue
                loading = store.begin_load(info, loader)
                data_nt, count = sink.ntriples(), len(sink)
                sink.clear()
                if data_nt:
                    loading.feed(data_nt, count)
                loads.append((item, info, loading))
            written = 0
            for item, info, loading in loads:  # switch in file order, each as soon as its load is done
                switched = store.switch(info, loading.result())
                item.changed, item.written = switched.changed, True
                written += switched.triples
        except BaseException:
            for item, _info, loading in loads:
                if item is None or not item.written:
                    loading.discard()
            raise
    if written >= COMPACT_AFTER:
        report.compacted = store.settle()
    return report

__all__ = [
    "BUNDLED_GRAPH", "CatalogError", "FileImport", "ImportReport", "KnowledgeBaseError", "MEMORY",
    "Manifest", "default_store_location", "import_files", "load_manifest", "open_kg", "sync_bundled",
]
