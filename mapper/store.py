"""The persistent store: Oxigraph (embedded, in memory or on disk), one named graph per source.

Why Oxigraph: analytics are SPARQL, and on this machine Oxigraph ran the grouped adoption count ~80x
faster than rdflib's own Memory store and loaded ~10x faster (../shared/reference/engine-baseline.md).
`Store.dataset` gives the same data to rdflib code (oxrdflib); stdmap's own queries go to Oxigraph
directly so that they can name the graphs they read.

Sources and atomic replacement. Each source (the bundled knowledge base, each imported file) has a
stable IRI (`smg:bundled`, `smg:file-…`) that provenance and Adoption claims point to, and its triples
live in a *data graph* named after the source and the checksum of its content (`<source>/v/<sha>`).
Replacing a source loads the new data graph (one atomic load, invisible to queries), then switches the
source's entry in the meta graph to it (one atomic update), then drops the old data graph. Queries use
exactly the data graphs the meta graph names as their default graph, so a reader sees the old source or
the new one, never half of either — also after a crash, whose left-over graphs are dropped at the next
open. The same scheme works on any SPARQL 1.1 server (default-graph-uri).

>>> kg = Store(None)            # in memory
>>> kg.query("ASK { ?s ?p ?o }")
False
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import re
import threading
import time
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

META_GRAPH = URIRef("https://w3id.org/stdmap/graph/meta")
_SM = "https://w3id.org/stdmap/ont#"
_PROV = "http://www.w3.org/ns/prov#"

#: Prefixes every query may use without declaring them (a query may still redeclare them).
PREFIXES = """PREFIX sm: <https://w3id.org/stdmap/ont#>
PREFIX smdeg: <https://w3id.org/stdmap/degree/>
PREFIX smst: <https://w3id.org/stdmap/status/>
PREFIX smdt: <https://w3id.org/stdmap/doctype/>
PREFIX smlv: <https://w3id.org/stdmap/level/>
PREFIX smme: <https://w3id.org/stdmap/method/>
PREFIX smorg: <https://w3id.org/stdmap/org/>
PREFIX smics: <https://w3id.org/stdmap/ics/>
PREFIX smccs: <https://w3id.org/stdmap/ccs/>
PREFIX smg: <https://w3id.org/stdmap/graph/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


class StoreError(RuntimeError):
    """The store cannot be opened or written (locked, corrupt, not a store)."""


@dataclass(frozen=True)
class SourceInfo:
    """Provenance of one source, kept in the meta graph."""

    graph: URIRef  # the source's stable IRI
    origin: str  # file URL or "bundled:<id>"
    checksum: str  # sha256 of the source bytes (all files for a multi-file source)
    reader: str  # reader name and version, e.g. "tabular/1"
    records: int
    loaded_at: str = ""  # ISO 8601 UTC; set when written
    data_graph: str = ""  # the named graph holding the triples; set when written
    errors: int = 0  # bad records left out when it was read


@dataclass(frozen=True)
class LoadedGraph:
    """A data graph loaded by `Store.load`, not yet made any source's graph."""

    name: str
    triples: int
    stamp: _dt.datetime


class GraphLoad:
    """A data graph being loaded (see `Store.begin_load`)."""

    def __init__(self, store: "Store", name: str, stamp: _dt.datetime, executor: Executor | None) -> None:
        self.store, self.name, self.stamp, self._executor = store, name, stamp, executor
        self._pending: list[Future] = []
        self.triples = 0
        self._open = True
        store._loading += 1
        store._union_ok = None

    def _close(self) -> None:
        if self._open:
            self._open = False
            self.store._loading -= 1
            self.store._union_ok = None

    def feed(self, data: bytes, count: int) -> None:
        """Load one chunk of N-Triples (duplicates of earlier chunks are harmless: a graph is a set)."""
        self.triples += count
        if self._executor is None:
            self.store._bulk_load(data, self.name)
        else:
            self._pending.append(self._executor.submit(self.store._bulk_load, data, self.name))

    def result(self) -> LoadedGraph:
        """Wait for every chunk; raise the first loading error."""
        for future in self._pending:
            future.result()
        self._pending = []
        if self.triples == 0:
            self.store._ox.add_graph(_ox_named(self.name))
        self._close()  # loaded: from here the graph is an orphan until the switch names it
        return LoadedGraph(self.name, self.triples, self.stamp)

    def discard(self) -> None:
        for future in self._pending:
            future.exception()  # wait; the error, if any, does not matter any more
        self._pending = []
        self.store.discard(self.name)
        self._close()


@dataclass(frozen=True)
class ReplaceResult:
    graph: URIRef
    changed: bool
    triples: int


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


_XSD_STRING = str(XSD.string)
_NEVER = float("inf")


def nt(term: Node) -> str:
    """One term in N-Triples syntax (rdflib's n3() writes multi-line literals in Turtle's triple quotes)."""
    if isinstance(term, Literal):
        text = '"' + _escaped(str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        datatype = term.datatype
        if datatype is not None and datatype != _XSD_STRING:
            return f"{text}^^<{datatype}>"
        return text
    return term.n3()


# N-Triples terms written directly, without an rdflib term: each gives what `nt` gives for the
# corresponding URIRef / Literal (an IRI must already be valid, as the IRIs minted by to_rdf are).
def nt_iri(iri: str) -> str:
    """`<iri>`, as `nt(URIRef(iri))`."""
    return f"<{iri}>"


def _escaped(text: str) -> str:
    # str.translate visits every character through the table (slow on long non-ASCII titles); most
    # texts have nothing to escape, which four substring scans tell
    if '"' in text or "\\" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def nt_text(text: str, lang: str | None = None) -> str:
    """A plain or language-tagged literal, as `nt(Literal(text, lang=lang))`."""
    quoted = '"' + _escaped(text) + '"'
    return f"{quoted}@{lang}" if lang else quoted


def nt_typed(lexical: str, datatype: str) -> str:
    """A literal with a datatype IRI, as `nt(Literal(lexical, datatype=URIRef(datatype)))` for a lexical
    form that is already canonical (`2016-10-13` for xsd:date, `2015` for xsd:integer)."""
    return '"' + _escaped(lexical) + '"^^<' + datatype + ">"


_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r"}
_LITERAL_RE = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([^ ]+)|\^\^<([^>]*)>)?')


def term_of_nt(text: str) -> Node:
    """The rdflib term an `nt_*` string stands for (for sinks other than a TripleBuffer).

    >>> term_of_nt(nt_text('say "hi"', "en")) == Literal('say "hi"', lang="en")
    True
    """
    if text.startswith("<"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    m = _LITERAL_RE.fullmatch(text)
    if m is None:
        raise ValueError(f"not an N-Triples term: {text!r}")
    lexical = re.sub(r"\\[\\\"nr]", lambda e: _UNESCAPES[e.group(0)], m.group(1))
    if m.group(2):
        return Literal(lexical, lang=m.group(2))
    if m.group(3):
        return Literal(lexical, datatype=URIRef(m.group(3)))
    return Literal(lexical)


class TripleSink(Protocol):
    def add(self, triple: tuple[Node, Node, Node]) -> Any: ...


class TripleBuffer:
    """Collects triples as N-Triples lines: much cheaper than an rdflib Graph when the triples are only
    going to be loaded into the store (no indexes are built; duplicates are dropped).

    >>> b = TripleBuffer(); _ = b.add((URIRef("urn:a"), URIRef("urn:p"), Literal("x"))); len(b)
    1
    """

    def __init__(self) -> None:
        self._lines: dict[str, None] = {}
        self._iris: dict[Node, str] = {}  # IRIs repeat (predicates, classes, concepts): format each once
        self._sent = 0  # lines already handed to the stream callback
        self._stream: Callable[[bytes, int], None] | None = None
        self._every = 0
        self._send_at = _NEVER  # number of lines at which the next chunk is due

    def stream(self, send: Callable[[bytes, int], None], every: int = 200_000) -> None:
        """Hand every `every` new lines to `send(ntriples_bytes, count)` while triples are still being
        added (so a store can load them as the reader goes on); `flush` sends the rest."""
        self._stream, self._every = send, every
        self._send_at = self._sent + every

    def flush(self) -> None:
        """Send the lines not yet sent to the stream callback (no-op without one)."""
        if self._stream is None or len(self._lines) == self._sent:
            return
        fresh = list(itertools.islice(reversed(self._lines), len(self._lines) - self._sent))
        fresh.reverse()
        self._sent = len(self._lines)
        self._send_at = self._sent + self._every
        self._stream(("\n".join(fresh) + "\n").encode("utf-8"), len(fresh))

    def _iri(self, term: Node) -> str:
        text = self._iris.get(term)
        if text is None:
            text = self._iris[term] = term.n3()
        return text

    def add(self, triple: tuple[Node, Node, Node]) -> "TripleBuffer":
        s, p, o = triple
        iris = self._iris
        subj = iris.get(s) or self._iri(s)
        pred = iris.get(p) or self._iri(p)
        obj = nt(o) if isinstance(o, Literal) else (iris.get(o) or self._iri(o))
        lines = self._lines
        lines[f"{subj} {pred} {obj} ."] = None
        if len(lines) >= self._send_at:
            self.flush()
        return self

    def add_line(self, line: str) -> None:
        """Add one triple already written as an N-Triples line (`<s> <p> "o" .`, no newline): the fast
        path for readers whose parser yields N-Triples text (mapper.ingest.rdf); not checked here."""
        lines = self._lines
        lines[line] = None
        if len(lines) >= self._send_at:
            self.flush()

    def add_terms(self, s: str, p: str, o: str) -> None:
        """Add one triple whose terms are already in N-Triples syntax (`nt_iri`, `nt_text`, …): the fast
        path of mapper.ingest.to_rdf, which formats each IRI once and builds no rdflib terms; not
        checked here.

        >>> b = TripleBuffer(); b.add_terms("<urn:a>", "<urn:p>", nt_text("x")); b.ntriples()
        b'<urn:a> <urn:p> "x" .\\n'
        """
        lines = self._lines
        lines[f"{s} {p} {o} ."] = None
        if len(lines) >= self._send_at:
            self.flush()

    def __len__(self) -> int:
        return len(self._lines)

    def clear(self) -> None:
        """Forget the collected triples (frees their memory once they are loaded)."""
        self._lines = {}
        self._iris = {}
        self._sent = 0
        self._send_at = self._every if self._stream is not None else _NEVER

    def ntriples(self) -> bytes:
        return ("\n".join(self._lines) + "\n").encode("utf-8") if self._lines else b""

    def graph(self) -> Graph:
        return Graph().parse(data=self.ntriples().decode("utf-8"), format="nt")


def _ntriples(triples: Any) -> tuple[bytes, int]:
    if isinstance(triples, TripleBuffer):
        return triples.ntriples(), len(triples)
    lines = {f"{s.n3()} {p.n3()} {nt(o)} .": None for s, p, o in triples}
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b"", len(lines)


def substitute(sparql: str, bindings: dict[str, Node]) -> str:
    """Put RDF terms in place of variables, textually.

    Oxigraph's own substitution only accepts projected variables, and a trailing VALUES clause would
    be joined after the whole pattern is evaluated; writing the term into the pattern keeps the query
    selective on every engine. Only for queries written in this package: a bound variable must not be
    projected.
    """
    for name, term in bindings.items():
        sparql = re.sub(r"[?$]" + re.escape(name) + r"\b", lambda _m, t=term.n3(): t, sparql)
    return sparql


def _from_ox(t: Any) -> Node | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return BNode(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        dt = t.datatype.value
        return Literal(t.value) if dt == str(XSD.string) else Literal(t.value, datatype=URIRef(dt))
    raise TypeError(f"unexpected term {t!r}")


def _graph_stamp(graph: str) -> _dt.datetime | None:
    """The load time written in a data graph's name (`…/v/<sha16>-<YYYYmmddTHHMMSSffffff>`), UTC."""
    match = re.search(r"-(\d{8}T\d{12})$", graph)
    if not match:
        return None
    return _dt.datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=_dt.timezone.utc)


def _ox_named(iri: str | URIRef) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _vanished_file(exc: BaseException) -> bool:
    """RocksDB, read-only beside a writer, met a file the writer's compaction has deleted since the reader
    opened ("Corruption: … No such file or directory … .sst", or "IO error: No such file or directory: While
    open a file for random read: ….sst")."""
    return isinstance(exc, (OSError, RuntimeError)) and "No such file or directory" in str(exc)


def _snapshot_read(method: Callable[..., Any]) -> Callable[..., Any]:
    """A read of a read-only store (a reader beside a writer) that survives the writer's compaction: when
    RocksDB meets a file the writer has deleted since the store was opened, the store is opened again and the
    whole read made again, from scratch (nothing of the failed attempt was given to the caller). See `_reopen`
    for why the answer is still the one the reader first saw. Reads made inside another read (query → the
    union test → the data graphs) are retried by the outermost one only."""

    @functools.wraps(method)
    def read(self: "Store", *args: Any, **kwargs: Any) -> Any:
        reads = self._reads
        if not self.read_only or self.path is None or getattr(reads, "depth", 0):
            return method(self, *args, **kwargs)
        reads.depth = 1
        try:
            failed = None
            for attempt in itertools.count(1):
                try:
                    if failed is not None:  # opening again may meet a vanished file too
                        self._reopen(failed, attempt)
                    failed = self._ox
                    return method(self, *args, **kwargs)
                except (OSError, RuntimeError) as exc:
                    if isinstance(exc, StoreError) or not _vanished_file(exc) or attempt == 5:
                        raise
        finally:
            reads.depth = 0

    return read


class Store:
    """An embedded Oxigraph store. `path=None` keeps it in memory."""

    #: a store whose data other programs may change (a SPARQL server) is never read through the union
    #: of all graphs; see `_union_is_exact`
    shared = False
    #: `:memory:NAME` stores outlive each command that uses them (mapper.kg.open_store)
    keep_open = False

    def __init__(self, path: Path | None, *, read_only: bool = False, namespace: str = "") -> None:
        self.path = path
        self.read_only = read_only
        self._init_names(namespace)
        self._ox = self._open()
        self._init_state()

    def _open(self) -> ox.Store:
        path, read_only = self.path, self.read_only
        for attempt in range(5):
            try:
                if read_only and path is not None:
                    return ox.Store.read_only(str(path))
                return ox.Store(str(path)) if path is not None else ox.Store()
            except OSError as exc:  # RocksDB lock held by another process, or not a store
                raise StoreError(f"cannot open the store at {path}: {exc}") from exc
            except RuntimeError as exc:
                # read-only beside a writer: RocksDB may list a file the writer's compaction deletes a moment
                # later ("Corruption: … No such file"); opening again sees the new file list
                if not read_only or attempt == 4:
                    raise StoreError(f"cannot open the store at {path}: {exc}") from exc
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _init_names(self, namespace: str) -> None:
        """Several stores may share one SPARQL dataset, each under its own namespace: its meta graph and its
        data graphs carry the name, so neither sees (nor drops as orphans) the other's graphs."""
        if namespace and not re.fullmatch(r"[A-Za-z0-9_.-]+", namespace):
            raise StoreError(f"store namespace {namespace!r}: use letters, digits, '.', '_' and '-' only")
        self.namespace = namespace
        self.meta = URIRef(f"{META_GRAPH}/{namespace}") if namespace else META_GRAPH
        self._tag = f"{namespace}~" if namespace else ""  # in data graph names, after "/v/"

    def _init_state(self) -> None:
        self._active: list[ox.NamedNode] | None = None
        self._union_ok: bool | None = None  # see _union_is_exact; None = not checked since the last write
        self._loading = 0  # GraphLoads under way
        self._dataset = None
        self._reads = threading.local()  # see _snapshot_read
        self._reopening = threading.Lock()
        if not self.read_only and not self.shared:
            # on disk only one process writes, so a graph no source names is left from a killed import; on a
            # server another process may be loading it right now (see compact)
            self._drop_orphans()

    @property
    def identity(self) -> str | None:
        """What names this store across processes (for caches kept on disk); None for an in-memory store."""
        return str(Path(self.path).resolve()) if self.path is not None else None

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only (another process is writing to it); "
                             "try again when that process has finished")

    # -- reading -----------------------------------------------------------------------------------
    def _reopen(self, failed: ox.Store, attempt: int) -> None:
        """Open a read-only store again after a read met a file the writer deleted (see `_snapshot_read`).

        The reader goes on reading the data graphs it read before, by name: a committed data graph never
        changes (a source replaced gets a new graph), so the answer is the one it would have had, even if the
        writer has committed since — unless the writer dropped one of those graphs (it replaced or removed a
        source), which is then said. Threads of one command share the store: the first reopens it."""
        with self._reopening:
            if self._ox is not failed:  # another thread has already opened it again
                return
            time.sleep(0.05 * attempt)
            fresh = self._open()
            if self._active is not None:
                present = {g.value for g in fresh.named_graphs() if isinstance(g, ox.NamedNode)}
                gone = sorted(g.value for g in self._active if g.value not in present)
                if gone:
                    raise StoreError(f"the store at {self.path} changed while this command was reading it: another "
                                     f"process replaced or removed a source (its graph {gone[0]} is gone); run the "
                                     "command again")
            self._ox = fresh
            self._dataset = None
            self._union_ok = None  # the union now also holds what the writer committed: read the graphs by name

    @_snapshot_read
    def _data_graphs(self) -> list[ox.NamedNode]:
        if self._active is None:
            rows = self._ox.query(
                f"SELECT DISTINCT ?d WHERE {{ GRAPH <{self.meta}> {{ ?g <{_SM}dataGraph> ?d }} }}"
            )
            self._active = sorted((r["d"] for r in rows), key=lambda n: n.value)
        return self._active

    @_snapshot_read
    def query(self, sparql: str, bindings: dict[str, Node] | None = None, *, exact: bool = False) -> Any:
        """Run a SPARQL query over the committed source graphs (their merge is the default graph).

        SELECT returns a list of dicts (variable name → rdflib term or None); ASK returns a bool;
        CONSTRUCT/DESCRIBE return an rdflib Graph.

        Speed: naming the data graphs one by one makes Oxigraph look each pattern up in every graph
        (3–4× slower on the full ISO + IEC graph, and worse with more sources). When the store holds
        nothing but committed graphs — no load under way, no orphan — the union of all graphs is the
        same data plus the small meta graph, so the query runs over that union instead. Queries whose
        patterns could match provenance triples (`?s ?p ?o`, user SPARQL, validation) pass `exact`.
        """
        if bindings:
            sparql = substitute(sparql, bindings)
        result = self._run(sparql, exact)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            g = Graph()
            for t in result:
                g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
            return g
        names = [v.value for v in result.variables]
        return [{n: _from_ox(row[n]) for n in names} for row in result]

    def _run(self, sparql: str, exact: bool = False) -> Any:
        """Evaluate over the committed source graphs: their union when that is exact (see `query`), else
        each data graph named."""
        if not exact and self._union_is_exact():
            return self._ox.query(PREFIXES + sparql, use_default_graph_as_union=True)
        graphs = self._data_graphs()
        # an empty list would mean "the default graph"; an unused IRI makes the dataset empty instead
        return self._ox.query(PREFIXES + sparql, default_graph=graphs or [ox.NamedNode("urn:stdmap:no-source")],
                              named_graphs=graphs + [_ox_named(self.meta)])

    @_snapshot_read
    def rows(self, sparql: str) -> list[tuple[str | None, ...]]:
        """A SELECT query's rows as tuples of plain strings (IRIs and literals' lexical forms; None when
        unbound), in the order of the projected variables — for reading whole tables quickly (no rdflib
        terms are made: on 100,000 rows that is most of the time)."""
        return list(self._stream_rows(sparql))

    def iter_rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        """The rows of `rows`, one at a time as the store produces them (a caller can work on each row while
        the next is evaluated: Oxigraph releases the GIL meanwhile). A read-only store reads them all first:
        a read that meets a file deleted by the writer beside it is made again (`_snapshot_read`), and rows
        already given out could not be taken back."""
        if self.read_only and self.path is not None:
            yield from self.rows(sparql)
            return
        yield from self._stream_rows(sparql)

    def _stream_rows(self, sparql: str) -> Iterator[tuple[str | None, ...]]:
        result = self._run(sparql)
        try:
            n = len(result.variables)
            for row in result:
                yield tuple(None if (v := row[i]) is None else v.value for i in range(n))
        finally:
            # pyoxigraph's results may only be dropped by the thread that made them: not by whichever thread
            # happens to free the traceback of an error met while reading them
            del result

    @_snapshot_read
    def read_raw(self, read: Callable[[ox.Store], Any]) -> Any:
        """`read(the pyoxigraph store)`, for a caller that reads pyoxigraph terms itself (export), made again
        from scratch when a read-only store meets a file the writer beside it deleted (`_snapshot_read`):
        `read` must read everything it returns before returning."""
        return read(self._ox)

    @_snapshot_read
    def properties(self, subjects: Iterable[str], predicates: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """For each subject IRI, its (predicate IRI, object value) pairs among `predicates`, from the committed
        source graphs — direct index lookups, for reading a few hundred subjects at once (a SPARQL query
        with that many subjects in VALUES was planned as a scan of the whole graph)."""
        wanted = set(predicates)
        one = ox.NamedNode(next(iter(wanted))) if len(wanted) == 1 else None
        graphs = {g.value for g in self._data_graphs()}
        out: dict[str, list[tuple[str, str]]] = {}
        for s in subjects:
            found = out.setdefault(s, [])
            for q in self._ox.quads_for_pattern(ox.NamedNode(s), one, None):
                g = q.graph_name
                if isinstance(g, ox.NamedNode) and g.value in graphs and q.predicate.value in wanted:
                    found.append((q.predicate.value, q.object.value))
        return out

    @_snapshot_read
    def subjects(self, predicate: str, objects: Iterable[str]) -> dict[str, list[str]]:
        """For each object IRI, the subjects linked to it by `predicate` in the committed source graphs
        (index lookups, as `properties`)."""
        graphs = {g.value for g in self._data_graphs()}
        pred = ox.NamedNode(predicate)
        out: dict[str, list[str]] = {}
        for o in objects:
            out[o] = sorted({q.subject.value for q in self._ox.quads_for_pattern(None, pred, ox.NamedNode(o))
                             if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs})
        return out

    def state(self) -> tuple[str, ...]:
        """A key that changes whenever a source is added, replaced or dropped (each load writes a new data graph)."""
        return tuple(g.value for g in self._data_graphs())

    @_snapshot_read
    def _union_is_exact(self) -> bool:
        """No graph but the committed data graphs and the meta graph, nothing in the default graph and
        no load under way in this process (another process cannot write: the store is locked)."""
        if self._loading or self.shared:
            return False
        if self._union_ok is None:
            committed = {g.value for g in self._data_graphs()} | {str(self.meta)}
            names = {g.value if isinstance(g, ox.NamedNode) else "" for g in self._ox.named_graphs()}
            empty_default = not any(True for _ in self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))
            self._union_ok = names <= committed and empty_default
        return self._union_ok

    def looks_up_per_graph(self) -> bool:
        """Whether a triple pattern with a bound subject is looked up once per data graph (the default graph is
        the data graphs named one by one: always on a SPARQL server, on an embedded store while a load is under
        way) instead of once in the union. A query reading a property of many subjects may then prefer one scan
        joined by hash (compute_rate's facts: 41 s looked up, 9 s scanned over a server on the 10x benchmark
        data; 4.7 s looked up, 7.8 s scanned on the embedded store)."""
        return not self._union_is_exact()

    def count_triples(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", exact=True)
        return int(rows[0]["n"])

    def source(self, graph: URIRef) -> SourceInfo | None:
        rows = self._meta(graph)
        return rows[0] if rows else None

    @_snapshot_read
    def _meta(self, graph: URIRef | None = None) -> list[SourceInfo]:
        where = f"BIND(<{graph}> AS ?g)" if graph is not None else ""
        rows = self._ox.query(
            f"""SELECT ?g ?origin ?checksum ?reader ?records ?at ?d ?errors WHERE {{ {where} GRAPH <{self.meta}> {{
                 ?g <{_PROV}wasDerivedFrom> ?origin ; <{_SM}checksum> ?checksum ; <{_SM}readerVersion> ?reader ;
                    <{_SM}recordCount> ?records ; <{_PROV}generatedAtTime> ?at ; <{_SM}dataGraph> ?d .
                 OPTIONAL {{ ?g <{_SM}errorCount> ?errors }} }} }}
               ORDER BY ?g"""
        )
        return [
            SourceInfo(URIRef(r["g"].value), r["origin"].value, r["checksum"].value, r["reader"].value,
                       int(r["records"].value), r["at"].value, r["d"].value,
                       int(r["errors"].value) if r["errors"] is not None else 0)
            for r in rows
        ]

    def sources(self) -> list[SourceInfo]:
        return self._meta()

    def data_graph(self, source: URIRef) -> URIRef | None:
        """The named graph holding a source's triples now (for `GRAPH <…>` patterns)."""
        info = self.source(source)
        return URIRef(info.data_graph) if info is not None else None

    # -- writing -----------------------------------------------------------------------------------
    def replace_source(self, info: SourceInfo, triples: Any, *, force: bool = False) -> ReplaceResult:
        """Make the source `info.graph` hold exactly `triples` (an rdflib Graph, a TripleBuffer or any
        iterable of triples), atomically for readers. Re-importing the same source (same checksum and
        reader) changes nothing, not even the recorded import time, unless `force`."""
        self._writable()
        if not force and self.unchanged(info):
            return ReplaceResult(info.graph, False, len(triples))
        return self.switch(info, self.load(info, triples))

    def unchanged(self, info: SourceInfo) -> bool:
        """The store already holds this version of the source (same checksum, same reader version)."""
        old = self.source(info.graph)
        return old is not None and old.checksum == info.checksum and old.reader == info.reader

    def load(self, info: SourceInfo, triples: Any) -> "LoadedGraph":
        """First half of `replace_source`: load the triples into a new data graph that no query sees yet;
        `switch` then makes it the source's graph."""
        loading = self.begin_load(info)
        data, count = _ntriples(triples)
        if data:
            loading.feed(data, count)
        return loading.result()

    def begin_load(self, info: SourceInfo, executor: Executor | None = None) -> "GraphLoad":
        """A new data graph for `info`, filled chunk by chunk with `feed` — in the background when an
        executor is given (Oxigraph's bulk loader releases the GIL, so a reader goes on parsing while
        the triples it already produced are loaded)."""
        self._writable()
        stamp = _dt.datetime.now(_dt.timezone.utc)
        name = f"{info.graph}/v/{self._tag}{info.checksum[:16]}-{stamp.strftime('%Y%m%dT%H%M%S%f')}"
        return GraphLoad(self, name, stamp, executor)

    def _bulk_load(self, data: bytes, graph: str) -> None:
        # the graph is not yet named in the meta graph, so unseen by queries: the fast, non-transactional
        # bulk loader is safe here (a crash leaves an orphan graph that the next open drops)
        self._ox.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=_ox_named(graph))

    def discard(self, graph: str) -> None:
        """Remove a data graph that was loaded but will not be switched to (a failed import)."""
        self._ox.remove_graph(_ox_named(graph))
        self._union_ok = None

    def switch(self, info: SourceInfo, loaded: "LoadedGraph") -> ReplaceResult:
        """Second half of `replace_source`: one atomic update points the source at its new data graph;
        the old one is dropped after."""
        old = self.source(info.graph)
        data_graph = loaded.name
        now = Literal(loaded.stamp.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
        g = URIRef(info.graph).n3()
        meta = "\n".join([
            f"{g} <{_PROV}wasDerivedFrom> {nt(Literal(info.origin))} .",
            f"{g} <{_SM}checksum> {nt(Literal(info.checksum))} .",
            f"{g} <{_SM}readerVersion> {nt(Literal(info.reader))} .",
            f"{g} <{_SM}recordCount> {nt(Literal(info.records))} .",
            f"{g} <{_PROV}generatedAtTime> {nt(now)} .",
            f"{g} <{_SM}dataGraph> <{data_graph}> .",
            f"{g} <{_SM}errorCount> {nt(Literal(info.errors))} .",
        ])
        self._ox.update(
            f"DELETE WHERE {{ GRAPH <{self.meta}> {{ {g} ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{self.meta}> {{\n{meta}\n}} }}"
        )  # the switch: one atomic update
        self._active = None
        self._union_ok = None
        if old is not None and old.data_graph and old.data_graph != data_graph:
            self._ox.remove_graph(_ox_named(old.data_graph))
        return ReplaceResult(info.graph, True, loaded.triples)

    def drop_source(self, graph: URIRef) -> bool:
        self._writable()
        old = self.source(graph)
        self._ox.update(f"DELETE WHERE {{ GRAPH <{self.meta}> {{ <{graph}> ?p ?o }} }}")
        self._active = None
        self._union_ok = None
        if old is not None and old.data_graph:
            self._ox.remove_graph(_ox_named(old.data_graph))
        return old is not None

    def _drop_orphans(self, older_than: _dt.timedelta | None = None) -> None:
        """Data graphs no source points to: left by an import that was killed before its switch (with
        `older_than`: only those loaded at least that long ago, by the time in their name)."""
        keep = {g.value for g in self._data_graphs()} | {str(self.meta)}
        now = _dt.datetime.now(_dt.timezone.utc)
        for name in list(self._ox.named_graphs()):
            if isinstance(name, ox.NamedNode) and name.value not in keep and self._owns(name.value):
                if older_than is not None:
                    stamp = _graph_stamp(name.value)
                    if stamp is None or now - stamp < older_than:
                        continue
                self._ox.remove_graph(name)

    def _owns(self, graph: str) -> bool:
        """A data graph of this store's namespace (loaded by it, whether committed or not)."""
        _, sep, rest = graph.partition("/v/")
        if not sep:
            return False
        if self._tag:
            return rest.startswith(self._tag)
        return "~" not in rest

    def set_setting(self, name: str, value: str) -> None:
        self._writable()
        subject, pred = f"<{self.meta}store>", f"<{_SM}setting-{name}>"
        self._ox.update(
            f"DELETE WHERE {{ GRAPH <{self.meta}> {{ {subject} {pred} ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH <{self.meta}> {{ {subject} {pred} {nt(Literal(value))} }} }}"
        )

    @_snapshot_read
    def setting(self, name: str) -> str | None:
        rows = list(self._ox.query(
            f"SELECT ?o WHERE {{ GRAPH <{self.meta}> {{ <{self.meta}store> <{_SM}setting-{name}> ?o }} }}"
        ))
        return rows[0]["o"].value if rows else None

    #: on a shared store, a graph no source names is left over only once it is this old (an import under way
    #: elsewhere loads into such a graph for minutes)
    ORPHAN_GRACE = _dt.timedelta(hours=1)

    def compact(self, force: bool = False) -> None:
        """Drop left-over graphs (on a server: those older than ORPHAN_GRACE, unless `force`) and, on disk,
        let RocksDB reorganise its files (smaller, faster reads)."""
        self._writable()
        self._drop_orphans(older_than=self.ORPHAN_GRACE if self.shared and not force else None)
        if self.path is not None and hasattr(self._ox, "optimize"):
            self._ox.optimize()

    def settle(self) -> bool:
        """Compact an on-disk store after a large load; False where there is nothing to do (in memory, on a
        server, read-only).

        RocksDB merges bulk-loaded files in the background of a process that writes; an import's process ends
        right after loading, and readers open the store read-only, so the files would stay as loaded until
        the next write. Compacted, the 10x benchmark store took 2.6 GB instead of 4.7 GB and its rate
        4.4-4.5 s instead of 4.7-4.9 s (lookups consult fewer files); compacting it took 34 s."""
        if self.path is None or self.read_only:  # a server store has no path either
            return False
        self._ox.optimize()
        return True

    def clear(self) -> int:
        """Remove every source and setting of this store (on a server: of its namespace only); returns the
        number of sources removed. The next `open_kg` starts it anew."""
        self._writable()
        sources = self.sources()
        for info in sources:
            self.drop_source(info.graph)
        self._ox.update(f"DROP SILENT GRAPH <{self.meta}>")
        self._active = None
        self._union_ok = None
        self._drop_orphans()
        return len(sources)

    def iter_triples(self) -> Iterator[tuple[Node, Node, Node]]:
        """Every triple of the committed sources, once."""
        for t in self._ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                default_graph=self._data_graphs() or [ox.NamedNode("urn:stdmap:no-source")]):
            yield (_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object))  # type: ignore[misc]

    @_snapshot_read
    def export_union(self) -> Graph:
        """All triples of all committed sources as one in-memory rdflib Graph."""
        g = Graph()
        for t in self.iter_triples():
            g.add(t)
        return g

    @property
    def dataset(self):
        """The same store under rdflib's Dataset API (oxrdflib). Note: its default graph is the union of
        every named graph, including a data graph still being loaded; stdmap's queries use `query`."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore
            from rdflib import Dataset

            self._dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=True)
        return self._dataset

    def close(self) -> None:
        if self.keep_open:  # a named in-memory store lives as long as the process
            return
        self._dataset = None
        self._ox = None  # type: ignore[assignment]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_lines(triples: Iterable[tuple[Node, Node, Node]]) -> Iterable[str]:
    for s, p, o in triples:
        yield f"{s.n3()} {p.n3()} {nt(o)} ."
