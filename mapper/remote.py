"""A store on any SPARQL 1.1 server: Oxigraph server, Apache Jena Fuseki, GraphDB …

`--store http://host:port[/path][#namespace]` reads through the SPARQL 1.1 Protocol (query URL, default
`<location>/query`) and writes through SPARQL 1.1 Update (`<location>/update`) and, for bulk loads, the
Graph Store HTTP Protocol (`<location>/store`, Oxigraph's; Fuseki calls it `/<dataset>/data`, GraphDB
`/repositories/<id>/rdf-graphs/service`; an Oxigraph server loads through its bulk loader, see
`RemoteOx._bulk_loader_ok`). Each URL can be set on its own (STDMAP_QUERY_URL, STDMAP_UPDATE_URL,
STDMAP_DATA_URL, or the config file); STDMAP_DATA_URL=none loads with INSERT DATA instead.
Credentials never come from the command line: STDMAP_SPARQL_TOKEN (a bearer token), else
STDMAP_SPARQL_USER and STDMAP_SPARQL_PASSWORD, else the `machine` entry of the netrc file ($NETRC or
~/.netrc) for the server's host — sent as HTTP Basic authentication.

`RemoteOx` speaks for the few pyoxigraph.Store methods `mapper.store.Store` uses (query with named default
graphs, update, bulk load into one graph, graph removal, pattern lookups), so the same Store code — one data
graph per source, loaded under a fresh name and switched to in one update — gives the same answers and the
same atomicity on a server: each SPARQL update request is one transaction there. Queries always name the
committed data graphs (`default-graph-uri`), never the union of the server's graphs, which other programs
(or other stdmap stores under other namespaces) may share.
"""

from __future__ import annotations

import base64
import netrc
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from mapper.store import Store, StoreError

#: chunk size when a server has no Graph Store endpoint and triples go in INSERT DATA requests
INSERT_CHUNK = 20_000
#: IRIs per VALUES block of RemoteStore.properties/subjects, and blocks sent to the server side by side
VALUES_BLOCK = 500
VALUES_PARALLEL = 2


@dataclass(frozen=True)
class Endpoint:
    location: str  # as given, without the namespace
    query_url: str
    update_url: str
    data_url: str  # "" = no Graph Store endpoint: INSERT DATA
    namespace: str
    authorization: str | None  # the Authorization header value, or None

    def describe(self) -> str:
        return (f"SPARQL endpoint {self.location} (query {self.query_url}, update {self.update_url}, "
                f"{'graph store ' + self.data_url if self.data_url else 'no graph store: INSERT DATA'}"
                f"{', namespace ' + self.namespace if self.namespace else ''}"
                f"{', authenticated' if self.authorization else ''})")


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_endpoint(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def _credentials(url: str, environ: Mapping[str, str]) -> str | None:
    if environ.get("STDMAP_SPARQL_TOKEN"):
        return f"Bearer {environ['STDMAP_SPARQL_TOKEN']}"
    user, password = environ.get("STDMAP_SPARQL_USER"), environ.get("STDMAP_SPARQL_PASSWORD")
    if not user:
        host = urllib.parse.urlsplit(url).hostname or ""
        try:
            entry = netrc.netrc(environ.get("NETRC") or None).authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError, OSError):
            entry = None
        if entry:
            user, _account, password = entry
    if not user:
        return None
    token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
    return f"Basic {token}"


def endpoint_from(location: str, settings: Mapping[str, str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Endpoint:
    """The endpoint a `--store http://…` location names; `settings` (the config file's) and the environment
    may set each URL apart. A `#name` fragment is the namespace (several stores on one server)."""
    env = os.environ if environ is None else environ
    settings = settings or {}
    base, _, namespace = location.partition("#")
    base = base.rstrip("/")
    parts = urllib.parse.urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not a SPARQL endpoint location: {location!r} (expected http://host:port[/path])")

    def pick(name: str, default: str) -> str:
        return env.get(f"STDMAP_{name.upper()}") or settings.get(name) or default

    data = pick("data_url", f"{base}/store")
    return Endpoint(base, pick("query_url", f"{base}/query"), pick("update_url", f"{base}/update"),
                    "" if data.lower() == "none" else data, namespace or settings.get("namespace", ""),
                    _credentials(base, env))


class RemoteOx:
    """The part of pyoxigraph.Store's interface that mapper.store.Store uses, over HTTP."""

    def __init__(self, endpoint: Endpoint, timeout: float = 600.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        #: the `Server` header last answered from each origin (scheme://host:port), see `_bulk_loader_ok`
        self._servers: dict[str, str] = {}

    # -- HTTP ----------------------------------------------------------------------------------------
    def _request(self, url: str, body: bytes, content_type: str, accept: str = "*/*") -> bytes:
        headers = {"Content-Type": content_type, "Accept": accept, "User-Agent": "stdmap"}
        if self.endpoint.authorization:
            headers["Authorization"] = self.endpoint.authorization
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                self._servers[_origin(url)] = response.headers.get("Server") or ""
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:400].decode("utf-8", "replace").strip()
            hint = " (check the credentials: STDMAP_SPARQL_USER/PASSWORD or netrc)" if exc.code in (401, 403) else ""
            raise StoreError(f"{self.endpoint.location}: {url} answered {exc.code} {exc.reason}{hint}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from exc

    # -- pyoxigraph.Store's methods ---------------------------------------------------------------------
    def query(self, sparql: str, *, default_graph: Iterable[Any] | None = None,
              named_graphs: Iterable[Any] | None = None, use_default_graph_as_union: bool = False) -> Any:
        form: list[tuple[str, str]] = [("query", sparql)]
        form += [("default-graph-uri", g.value) for g in default_graph or ()]
        form += [("named-graph-uri", g.value) for g in named_graphs or ()]
        if use_default_graph_as_union:  # Oxigraph's extension; Store never asks for it on a shared store
            form.append(("union-default-graph", ""))
        body = urllib.parse.urlencode(form).encode()
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        data = self._request(self.endpoint.query_url, body, "application/x-www-form-urlencoded", accept)
        stripped = data.lstrip()
        if stripped.startswith(b"{"):
            return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return list(ox.parse(data, ox.RdfFormat.N_TRIPLES))

    def update(self, sparql: str) -> None:
        self._request(self.endpoint.update_url, sparql.encode("utf-8"), "application/sparql-update")

    def bulk_load(self, data: bytes, fmt: Any = None, *, to_graph: Any) -> None:
        """Add N-Triples to a graph no query sees yet (Store._bulk_load): a Graph Store POST, through the
        server's bulk loader when it has one (`_bulk_loader_ok`), else in INSERT DATA requests."""
        graph = to_graph.value
        if self.endpoint.data_url:
            params = {"graph": graph}
            if self._bulk_loader_ok():
                params["no_transaction"] = ""
            url = f"{self.endpoint.data_url}?{urllib.parse.urlencode(params)}"
            self._request(url, data, "application/n-triples")
            return
        lines = data.decode("utf-8").splitlines()
        for i in range(0, len(lines), INSERT_CHUNK):
            chunk = "\n".join(lines[i:i + INSERT_CHUNK])
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{chunk}\n}} }}")

    def _bulk_loader_ok(self) -> bool:
        """The Graph Store endpoint is an Oxigraph server (its `Server: Oxigraph/…` header, seen on an
        earlier answer from the same origin — opening a store queries its meta graph first): POST
        `/store?graph=…&no_transaction` then loads through Oxigraph's bulk loader, not one transaction
        (the 1x benchmark import: 89-97 s of server CPU before, 36-44 s with it, on up to two cores). Safe for the same reason as the embedded store's
        bulk loader: the graph is a fresh one no query sees until the switch, and a load cut short (a
        killed import, a parse error) leaves at most an orphan that compact drops. Any other server, or an
        origin not heard from yet, gets the plain POST of the Graph Store Protocol."""
        return self._servers.get(_origin(self.endpoint.data_url), "").lower().startswith("oxigraph/")

    def add_graph(self, graph: Any) -> None:
        self.update(f"CREATE SILENT GRAPH <{graph.value}>")

    def remove_graph(self, graph: Any) -> None:
        self.update(f"DROP SILENT GRAPH <{graph.value}>")

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for row in result:
            yield row["g"]

    def quads_for_pattern(self, s: Any, p: Any, o: Any, g: Any = None) -> Iterator[ox.Quad]:
        def term(t: Any, var: str) -> str:
            return var if t is None else str(t)

        if g is None:
            where = f"GRAPH ?g {{ {term(s, '?s')} {term(p, '?p')} {term(o, '?o')} }}"
        elif isinstance(g, ox.DefaultGraph):
            where = f"{term(s, '?s')} {term(p, '?p')} {term(o, '?o')}"
        else:
            where = f"GRAPH {g} {{ {term(s, '?s')} {term(p, '?p')} {term(o, '?o')} }}"
        rows = self.query(f"SELECT * WHERE {{ {where} }}")
        for row in rows:
            graph = g if g is not None else row["g"]
            yield ox.Quad(s if s is not None else row["s"], p if p is not None else row["p"],
                          o if o is not None else row["o"], graph)


class RemoteStore(Store):
    """mapper.store.Store on a SPARQL server (see the module docstring)."""

    shared = True

    def __init__(self, endpoint: Endpoint) -> None:  # not super().__init__: that opens an embedded store
        self.path = None
        self.read_only = False
        self.endpoint = endpoint
        self._init_names(endpoint.namespace)
        self._ox = RemoteOx(endpoint)  # type: ignore[assignment]
        self._init_state()

    def properties(self, subjects: Iterable[str], predicates: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """As Store.properties, in one query per few hundred subjects (a server has no index lookups)."""
        subjects, wanted = list(dict.fromkeys(subjects)), sorted(set(predicates))
        out: dict[str, list[tuple[str, str]]] = {s: [] for s in subjects}
        # the predicates go in a FILTER, not a second VALUES block: Oxigraph (0.5) plans `VALUES ?s … VALUES ?p
        # … ?s ?p ?o` as a scan of every triple with one of the predicates (5-12 s for 200-400 subjects on the
        # 1x benchmark store); with the FILTER it looks each subject up (0.04-0.07 s)
        preds = ", ".join(f"<{p}>" for p in wanted)
        for rows in self._values_blocks(subjects, lambda block: (
                f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {block} }} ?s ?p ?o FILTER(?p IN ({preds})) }}")):
            for s, p, o in rows:
                out[s].append((p, o))  # type: ignore[index]
        return out

    def subjects(self, predicate: str, objects: Iterable[str]) -> dict[str, list[str]]:
        objects = list(dict.fromkeys(objects))
        out: dict[str, set[str]] = {o: set() for o in objects}
        for rows in self._values_blocks(objects, lambda block: (
                f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {block} }} ?s <{predicate}> ?o }}")):
            for s, o in rows:
                out[o].add(s)  # type: ignore[index]
        return {o: sorted(v) for o, v in out.items()}

    def _values_blocks(self, iris: list[str], query: Callable[[str], str]) -> Iterator[list[tuple[str | None, ...]]]:
        """The rows of `query(block)` for each block of at most VALUES_BLOCK IRIs, in order. Blocks go to the
        server VALUES_PARALLEL at a time: each takes it tens of milliseconds, during which this process waits."""
        size = min(VALUES_BLOCK, max(100, -(-len(iris) // VALUES_PARALLEL)))
        blocks = [" ".join(f"<{i}>" for i in iris[n:n + size]) for n in range(0, len(iris), size)]
        if len(blocks) <= 1:
            yield from (self.rows(query(b)) for b in blocks)
            return
        with ThreadPoolExecutor(VALUES_PARALLEL) as pool:
            yield from pool.map(lambda b: self.rows(query(b)), blocks)

    @property
    def dataset(self):
        raise StoreError("the rdflib Dataset view needs the embedded store; on a SPARQL server use SPARQL")

    def describe(self) -> str:
        return self.endpoint.describe()

    @property
    def identity(self) -> str | None:
        return f"{self.endpoint.query_url}#{self.namespace}"


__all__ = ["Endpoint", "RemoteOx", "RemoteStore", "endpoint_from", "is_endpoint"]
