"""The three kinds of store give the same answers; the SPARQL server store's locations, namespaces,
credentials and errors; the config file. (The analytics and equivalence suites also run on every kind of
store: tests/conftest.py MULTI_STORE_MODULES.)"""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from support import invoke

from mapper.kg import config_settings, default_store_location, open_kg
from mapper.remote import endpoint_from
from mapper.store import StoreError

DATA = Path(__file__).parent / "data"
CATALOGUE = [DATA / "analytics" / "international.csv", DATA / "analytics" / "national.csv"]
EQUIV = [DATA / "equiv" / name for name in ("intl.csv", "regional.csv", "cn.csv", "cn_second.csv")]


def raw(*args: object):
    """The CLI with the location exactly as given (no test backend mapping)."""
    from click.testing import CliRunner

    from mapper.cli import main

    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def answers(location: str) -> dict:
    """Import the hand-built catalogues and ask every analytics question and a few equivalence ones."""
    out = {}
    for files in (CATALOGUE, EQUIV):
        result = raw("--store", location, "import", *files)
        assert result.exit_code == 0, result.output
    for name, args in {"rate": ["rate", "--by", "ics_field,committee,degree,year"],
                       "series": ["rate", "--series", "2015:2022"], "gaps": ["gaps"], "stale": ["stale"],
                       "lag": ["lag"], "share": ["share"], "asof": ["rate", "--as-of", "2020-12-31"]}.items():
        result = raw("--store", location, *args, "--json")
        assert result.exit_code == 0, result.output
        out[name] = json.loads(result.stdout)
    for a, b in (("GB/T 24001-2016", "ISO 14001:2015"), ("BS EN ISO 50001:2018", "GB/T 23331-2020")):
        result = raw("--store", location, "equiv", a, b, "--json")
        assert result.exit_code in (0, 1), result.output
        out[f"equiv {a} {b}"] = json.loads(result.stdout)
    # the adoption claims as mappings (read through the store's own meta graph: a namespace has its own)
    for fmt in ("skos", "sssom"):
        result = raw("--store", location, "export", "--format", fmt)
        assert result.exit_code == 0, result.output
        out[fmt] = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    return out


def test_same_answers_on_every_store(tmp_path, sparql_server):
    disk = answers(str(tmp_path / "disk"))
    memory = answers(":memory:same-answers")
    server = answers(f"{sparql_server}#same-answers")
    assert disk["rate"]["denominator"] > 0 and disk["gaps"]["gaps"]
    assert sum("skos:exactMatch" in line for line in disk["skos"]) > 0 and len(disk["sssom"]) > 1
    assert memory == disk
    assert server == disk


def test_server_store_is_really_on_the_server(sparql_server):
    """The data lives in the server: a plain SPARQL request names the namespace's meta graph and finds the
    bundled knowledge base's sources in it."""
    result = raw("--store", f"{sparql_server}#visible", "init")
    assert result.exit_code == 0, result.output
    query = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/stdmap/graph/meta/visible> "
             "{ ?g <https://w3id.org/stdmap/ont#dataGraph> ?d } }")
    url = f"{sparql_server}/query?{urllib.parse.urlencode({'query': query})}"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})) as r:
        n = int(json.load(r)["results"]["bindings"][0]["n"]["value"])
    assert n == 2  # the vocabulary and the bundled knowledge base


def test_namespaces_on_one_server_do_not_mix(sparql_server, tmp_path):
    a, b = f"{sparql_server}#ns-a", f"{sparql_server}#ns-b"
    assert raw("--store", a, "init", "--empty").exit_code == 0
    assert raw("--store", b, "init").exit_code == 0
    assert raw("--store", a, "import", *CATALOGUE).exit_code == 0
    rate_a = json.loads(raw("--store", a, "rate", "--json").stdout)
    rate_b = json.loads(raw("--store", b, "rate", "--json").stdout)
    assert rate_a["denominator"] != rate_b["denominator"]
    # each open of one namespace drops that namespace's left-over graphs, never the other's
    before = json.loads(raw("--store", b, "sources", "--json").stdout)
    assert raw("--store", a, "sources").exit_code == 0
    assert json.loads(raw("--store", b, "sources", "--json").stdout) == before
    assert json.loads(raw("--store", b, "rate", "--json").stdout) == rate_b


def test_unreachable_server_is_a_clear_error():
    result = raw("--store", "http://127.0.0.1:9", "rate")
    assert result.exit_code == 1
    assert "cannot reach the SPARQL endpoint http://127.0.0.1:9/query" in result.output
    assert "Traceback" not in result.output


def test_endpoint_urls_default_under_the_location_and_can_be_set_apart():
    e = endpoint_from("http://db.example:3030/ds/", environ={})
    assert (e.query_url, e.update_url, e.data_url) == (
        "http://db.example:3030/ds/query", "http://db.example:3030/ds/update", "http://db.example:3030/ds/store")
    fuseki = endpoint_from("http://db.example:3030/ds", environ={"STDMAP_DATA_URL": "http://db.example:3030/ds/data"})
    assert fuseki.data_url == "http://db.example:3030/ds/data"
    graphdb = endpoint_from("http://gdb:7200/repositories/std", {"query_url": "http://gdb:7200/repositories/std",
                                                                 "update_url": "http://gdb:7200/repositories/std/statements",
                                                                 "data_url": "none"}, environ={})
    assert (graphdb.query_url, graphdb.update_url, graphdb.data_url) == (
        "http://gdb:7200/repositories/std", "http://gdb:7200/repositories/std/statements", "")
    assert endpoint_from("http://h:1#team", environ={}).namespace == "team"
    with pytest.raises(StoreError, match="not a SPARQL endpoint"):
        endpoint_from("ftp://h/x", environ={})


def test_credentials_come_from_the_environment_or_netrc(tmp_path):
    env = {"STDMAP_SPARQL_USER": "ana", "STDMAP_SPARQL_PASSWORD": "s3cret"}
    e = endpoint_from("http://db.example:7878", environ=env)
    assert e.authorization == "Basic " + base64.b64encode(b"ana:s3cret").decode()
    assert "s3cret" not in e.describe() and "authenticated" in e.describe()
    netrc_file = tmp_path / "netrc"
    netrc_file.write_text("machine db.example login bo password pw2\n", encoding="utf-8")
    netrc_file.chmod(0o600)
    e = endpoint_from("http://db.example:7878", environ={"NETRC": str(netrc_file)})
    assert e.authorization == "Basic " + base64.b64encode(b"bo:pw2").decode()
    assert endpoint_from("http://other.example", environ={"NETRC": str(netrc_file)}).authorization is None
    assert endpoint_from("http://x", environ={"STDMAP_SPARQL_TOKEN": "t0k"}).authorization == "Bearer t0k"


def test_no_credentials_on_the_command_line():
    result = raw("--help")
    assert "password" not in result.output.lower() and "--user" not in result.output


class _Recorder:
    """A stand-in SPARQL server on 127.0.0.1 that answers every POST (ASK: true) under the given `Server`
    header and records each request's path and query string."""

    def __init__(self, server_header: str) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def version_string(self) -> str:
                return server_header

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen.append(self.path)
                body = b'{"head":{},"boolean":true}' if self.path.startswith("/query") else b""
                self.send_response(200 if body else 204)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _bulk_posts(server_header: str, data_server_header: str | None = None) -> list[str]:
    """The Graph Store requests of two bulk loads after one query, to a server answering as `server_header`
    (with `data_server_header`: the Graph Store endpoint is another server, answering as that)."""
    import pyoxigraph as ox

    from mapper.remote import RemoteOx

    server = _Recorder(server_header)
    data = _Recorder(data_server_header) if data_server_header is not None else server
    try:
        remote = RemoteOx(endpoint_from(server.base, environ={"STDMAP_DATA_URL": f"{data.base}/store"}))
        assert remote.query("ASK {}")  # opening a store queries first
        for _ in range(2):
            remote.bulk_load(b'<urn:s> <urn:p> "o" .\n', to_graph=ox.NamedNode("urn:g:1"))
        return [urllib.parse.unquote(p) for p in data.requests if not p.startswith("/query")]
    finally:
        server.close()
        data.close()


def test_bulk_loads_skip_the_transaction_on_oxigraph_only():
    """Oxigraph's Graph Store POST takes `no_transaction` (its bulk loader: safe, since no query sees the
    graph being loaded); any other server — Fuseki, GraphDB, an unknown one — gets the plain POST."""
    plain, bulk = "/store?graph=urn:g:1", "/store?graph=urn:g:1&no_transaction="
    assert _bulk_posts("Oxigraph/0.5.13") == [bulk, bulk]
    for other in ("Apache Jena Fuseki (5.1.0)", "GraphDB/10.6", ""):
        assert _bulk_posts(other) == [plain, plain], other
    # what counts is the Graph Store endpoint's own server: one on another origin is not taken for the query
    # server, and until it has answered once it gets the plain POST
    assert _bulk_posts("Oxigraph/0.5.13", "Apache Jena Fuseki (5.1.0)") == [plain, plain]
    assert _bulk_posts("Apache Jena Fuseki (5.1.0)", "Oxigraph/0.5.13") == [plain, bulk]


def test_a_real_oxigraph_server_is_recognised(sparql_server):
    """`oxigraph serve` says who it is, so that imports into it go through its bulk loader."""
    store = open_kg(f"{sparql_server}#recognised")
    try:
        assert store._ox._bulk_loader_ok()
    finally:
        store.close()


def test_config_file_names_the_store(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nlocation = "{tmp_path / "configured"}"\nnamespace = "x"\n', encoding="utf-8")
    env = {"STDMAP_CONFIG": str(config)}
    assert config_settings(env) == {"location": str(tmp_path / "configured"), "namespace": "x"}
    assert default_store_location(env) == str(tmp_path / "configured")
    assert default_store_location({**env, "STDMAP_STORE": "/elsewhere"}) == "/elsewhere"
    monkeypatch.setenv("STDMAP_CONFIG", str(config))
    monkeypatch.delenv("STDMAP_STORE")
    result = raw("init")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "configured").is_dir()
    config.write_text("[store]\nlocation = 3\n", encoding="utf-8")
    with pytest.raises(StoreError, match="must be a table of strings"):
        config_settings(env)


def test_named_memory_store_lives_across_commands_in_one_process():
    assert raw("--store", ":memory:kept", "init", "--empty").exit_code == 0
    assert raw("--store", ":memory:kept", "import", *CATALOGUE).exit_code == 0
    kept = json.loads(raw("--store", ":memory:kept", "rate", "--json").stdout)
    fresh = json.loads(raw("--store", ":memory:", "rate", "--json").stdout)
    assert kept["denominator"] != fresh["denominator"]


def test_a_reader_opens_a_store_another_process_is_writing(tmp_path):
    """While one process holds the on-disk store (as an import does), a reading command still answers,
    from the store as it was; a second writer is told to wait."""
    import subprocess
    import sys

    store = tmp_path / "store"
    assert raw("--store", store, "init").exit_code == 0
    holder = open_kg(str(store))  # this process holds the lock, like a running import
    try:
        run = [sys.executable, "-c", "from mapper.cli import main; main()", "--store", str(store)]
        reader = subprocess.run([*run, "rate", "--json"], capture_output=True, text=True, timeout=120, check=False)
        assert reader.returncode == 0, reader.stderr
        assert json.loads(reader.stdout)["denominator"] > 0
        writer = subprocess.run([*run, "import", str(CATALOGUE[0])], capture_output=True, text=True, timeout=120, check=False)
        assert writer.returncode == 1
        assert "another process is writing to the store" in writer.stderr
        assert "Traceback" not in writer.stderr
    finally:
        holder.close()


def test_invoke_maps_store_folders_for_the_backend(store_backend, tmp_path):
    """The test machinery itself: on the disk backend a folder stays a folder."""
    from support import location

    assert store_backend == "disk" and location(tmp_path) == str(tmp_path)
    assert invoke("--store", tmp_path / "s", "init", "--empty").exit_code == 0
    assert (tmp_path / "s").is_dir()
