"""`stdmap import` of RDF files (mapper/ingest/rdf.py): Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML.

Each expectation is the file's own triples, read independently with rdflib (tests/data/rdf_*), or a count
written by hand next to the test.
"""

from __future__ import annotations

import json
import shutil
import socket
import urllib.request
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from mapper.ingest.rdf import syntax_of
from mapper.kg import file_graph

DATA = Path(__file__).parent / "data"


def stored_graph(open_store, store_path: Path, path: Path) -> Graph:
    """The triples the store holds for one imported file (its source graph)."""
    graph = file_graph(path)
    with open_store(store_path) as store:
        return store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": store.data_graph(graph)})


def rdflib_triples(path: Path, fmt: str) -> Graph:
    """The file read by rdflib, every named graph merged (what stdmap keeps of it)."""
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(path, format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return Graph().parse(path, format=fmt)


def import_ok(run, *files: Path, fmt: str | None = None) -> dict:
    args = ["import", "--json", *files] + (["--format", fmt] if fmt else [])
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("name", "rdflib_format", "triples"), [
    ("rdf_sample.ttl", "turtle", 12),  # standard: type, identifier, label, 2 titles; claim: 6; blank node: 1
    ("rdf_sample.nt", "nt", 4),
    ("rdf_sample.jsonld", "json-ld", 5),  # XX 300: type, identifier, title; XX 301: type, identifier
    ("rdf_two_graphs.trig", "trig", 5),  # default graph 1, graph 1: 1, graph 2: 3 (one in a blank node)
    ("rdf_sample.nq", "nquads", 3),
    ("rdf_sample.rdf", "xml", 5),  # type, identifier, title, note → blank node, its identifier
])
def test_each_syntax_imports_the_files_triples(run, empty_store, open_store, name, rdflib_format, triples):
    path = DATA / name
    expected = rdflib_triples(path, rdflib_format)
    assert len(expected) == triples
    report = import_ok(run, path)
    item = report["files"][0]
    assert item["reader"] == "rdf"  # detected, no --format
    assert item["imported"] == triples  # a record is a triple
    got = stored_graph(open_store, empty_store, path)
    assert len(got) == triples
    assert isomorphic(got, expected)


def test_named_graphs_merge_into_the_files_source_graph(run, empty_store, open_store):
    path = DATA / "rdf_two_graphs.trig"
    import_ok(run, path)
    with open_store(empty_store) as store:
        rows = store.query("SELECT ?id WHERE { ?s <http://purl.org/dc/terms/identifier> ?id }")
        sources = store.sources()
    assert {str(r["id"]) for r in rows} >= {"in the default graph", "in graph 1", "in graph 2", "a blank node in graph 2"}
    assert file_graph(path) in {s.graph for s in sources}
    assert len([s for s in sources if s.reader == "rdf/1"]) == 1  # one source graph for the whole file


@pytest.mark.parametrize("name", ["rdf_sample.ttl", "rdf_sample.nt", "rdf_sample.jsonld", "rdf_two_graphs.trig",
                                  "rdf_sample.nq", "rdf_sample.rdf"])
def test_detection_ignores_the_extension(run, empty_store, open_store, tmp_path, name):
    copy = tmp_path / "download.dat"
    shutil.copy(DATA / name, copy)
    report = import_ok(run, copy)
    assert report["files"][0]["reader"] == "rdf"
    assert report["files"][0]["imported"] > 0


def test_syntax_of():
    p = Path("x.dat")
    assert syntax_of(p, b"@prefix ex: <http://e/> .\nex:a ex:b ex:c .") == "trig"
    assert syntax_of(Path("x.ttl"), b"PREFIX ex: <http://e/>\nex:a ex:b ex:c .") == "turtle"
    assert syntax_of(p, b"# c\n<http://a> <http://b> \"x\"@en .\n") == "trig"
    assert syntax_of(Path("x.nt"), b"<http://a> <http://b> <http://c> .\n") == "nt"
    assert syntax_of(p, b"<http://a> <http://b> \"x\" <http://g> .\n") == "nquads"
    assert syntax_of(p, b'{"@context": {}, "@id": "http://a"}') == "jsonld"
    assert syntax_of(p, b'[{"@id": "http://a"}]') == "jsonld"
    assert syntax_of(p, b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>') == "rdfxml"
    # not RDF: left to the other readers
    assert syntax_of(Path("c.csv"), "designation,title\nGB/T 1-2020,x\n".encode()) is None
    assert syntax_of(p, b'{"designation": "ISO 1"}\n') is None
    assert syntax_of(p, b'<?xml version="1.0"?>\n<standard><front/></standard>') is None


def test_explicit_format(run, empty_store, open_store, tmp_path):
    copy = tmp_path / "data.txt"
    shutil.copy(DATA / "rdf_sample.nt", copy)
    report = import_ok(run, copy, fmt="nt")
    assert report["files"][0]["reader"] == "nt" and report["files"][0]["imported"] == 4
    result = run("import", "--format", "jsonld", DATA / "rdf_sample.ttl")
    assert result.exit_code == 2
    assert "rdf_sample.ttl" in result.output and "not valid JSON-LD" in result.output


def test_remote_jsonld_context_is_refused_without_fetching(run, empty_store, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("stdmap tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    result = run("import", DATA / "rdf_remote_context.jsonld")
    assert result.exit_code == 2, result.output
    assert "rdf_remote_context.jsonld" in result.stderr
    assert "https://example.invalid/stdmap-context.jsonld" in result.stderr
    assert "remote" in result.stderr and "inline" in result.stderr


def test_malformed_file_names_the_file_and_position(run, empty_store, open_store):
    result = run("import", DATA / "rdf_bad.ttl")
    assert result.exit_code == 2
    assert "rdf_bad.ttl" in result.stderr
    assert "line 3 column" in result.stderr  # the unterminated string on line 3
    assert "Traceback" not in result.output
    with open_store(empty_store) as store:
        assert store.source(file_graph(DATA / "rdf_bad.ttl")) is None  # nothing of it imported


@pytest.mark.parametrize("data", [b'{"@context": {}, "@id": "http://a", ', b'<?xml version="1.0"?><rdf:RDF '
                                  b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>'])
def test_malformed_jsonld_and_rdfxml(run, empty_store, tmp_path, data):
    bad = tmp_path / "bad.data"
    bad.write_bytes(data)
    result = run("import", bad)
    assert result.exit_code == 2
    assert "bad.data" in result.stderr and "line 1" in result.stderr


def test_blank_nodes_of_two_files_stay_distinct(run, empty_store, open_store):
    a, b = DATA / "rdf_blank_a.ttl", DATA / "rdf_blank_b.ttl"
    import_ok(run, a, b)
    with open_store(empty_store) as store:
        rows = store.query("""SELECT ?file ?label WHERE {
            ?file <https://example.org/rdf-test/has> ?n . ?n <https://example.org/rdf-test/label> ?label }""")
    pairs = {(str(r["file"]).rsplit("/", 1)[-1], str(r["label"])) for r in rows}
    assert pairs == {("fileA", "blank node of file A"), ("fileB", "blank node of file B")}  # no cross pairs


def test_reimport_is_stable(run, empty_store, open_store):
    path = DATA / "rdf_sample.ttl"
    import_ok(run, path)
    first = stored_graph(open_store, empty_store, path)
    result = run("import", "--json", path)
    assert json.loads(result.stdout)["files"][0]["changed"] is False
    assert isomorphic(first, stored_graph(open_store, empty_store, path))


def test_blank_nodes_are_relabelled_per_source(tmp_path):
    from mapper.ingest.rdf import RdfReader
    from mapper.store import TripleBuffer

    reader = RdfReader("rdf", None, "")
    data = (DATA / "rdf_blank_a.ttl").read_bytes()
    outs = []
    for graph in ("https://w3id.org/stdmap/graph/file-1", "https://w3id.org/stdmap/graph/file-2"):
        sink = TripleBuffer()
        result = reader.read(DATA / "rdf_blank_a.ttl", data, sink, URIRef(graph))
        assert result.records == 2
        outs.append(sink.ntriples().decode())
    labels = [{w for w in text.split() if w.startswith("_:")} for text in outs]
    assert all(len(ls) == 1 for ls in labels) and labels[0] != labels[1]
    assert "_:b0" not in outs[0]
    # the same file and source give the same labels every time
    again = TripleBuffer()
    reader.read(DATA / "rdf_blank_a.ttl", data, again, URIRef("https://w3id.org/stdmap/graph/file-1"))
    assert again.ntriples().decode() == outs[0]


def test_other_sinks_get_rdflib_terms():
    from mapper.ingest.rdf import RdfReader

    g = Graph()
    RdfReader("rdf", None, "").read(DATA / "rdf_sample.nt", (DATA / "rdf_sample.nt").read_bytes(), g,
                                    URIRef("https://w3id.org/stdmap/graph/file-x"))
    assert len(g) == 4 and any(isinstance(s, BNode) for s, _, _ in g)
