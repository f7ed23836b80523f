"""`stdmap export`: RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads), SKOS mappings and SSSOM TSV.

One store is built per module (bundled knowledge base + two RDF files with blank nodes) and only read.
Expected counts come from `stdmap query`, not from mapper.export.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from mapper.kg import file_graph
from mapper.store import Store

DATA = Path(__file__).parent / "data"
RDF_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}


def _store(path: Path) -> Store:
    return Store(path)


def _close(store: Store) -> None:
    store.close()
    del store
    gc.collect()


@pytest.fixture(scope="module")
def kb(tmp_path_factory, run_in) -> Path:
    """The bundled knowledge base plus two RDF files with blank nodes."""
    path = tmp_path_factory.mktemp("export") / "store"
    assert run_in(path, "init").exit_code == 0
    result = run_in(path, "import", DATA / "rdf_blank_a.ttl", DATA / "rdf_sample.ttl")
    assert result.exit_code == 0, result.output
    return path


def export(run_in, store: Path, *args: object) -> str:
    result = run_in(store, "export", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def query(run_in, store: Path, sparql: str) -> list[dict]:
    result = run_in(store, "query", "--json", sparql)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def parse_export(text: str, fmt: str) -> Graph:
    """An export read by rdflib, named graphs merged."""
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=text, format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return Graph().parse(data=text, format=RDF_FORMATS[fmt])


# -- RDF -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_union_export_is_the_store(run_in, kb, fmt):
    text = export(run_in, kb, "--format", fmt)
    store = _store(kb)
    try:
        union = store.export_union()
    finally:
        _close(store)
    g = parse_export(text, fmt)
    assert len(g) == len(union) > 5000
    assert isomorphic(g, union)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig", "nquads"])
def test_round_trip_into_an_empty_store(run_in, kb, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    result = run_in(kb, "export", "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.output
    fresh = tmp_path / "fresh"
    assert run_in(fresh, "init", "--empty").exit_code == 0
    result = run_in(fresh, "import", "--json", out)  # no --format: detected from the content
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)["files"][0]
    assert item["reader"] == "rdf"
    store = _store(fresh)
    try:
        data_graph = store.data_graph(file_graph(out))
        imported = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": data_graph})
    finally:
        _close(store)
    exported = parse_export(out.read_text(encoding="utf-8"), fmt)
    assert item["imported"] == len(exported) == len(imported)
    assert isomorphic(imported, exported)


def test_trig_has_one_graph_per_source_and_provenance(run_in, kb):
    ds = Dataset()
    ds.parse(data=export(run_in, kb, "--format", "trig"), format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    bundled = "https://w3id.org/stdmap/graph/bundled"
    expected = {bundled, "https://w3id.org/stdmap/graph/ontology", str(file_graph(DATA / "rdf_blank_a.ttl")),
                str(file_graph(DATA / "rdf_sample.ttl")), "https://w3id.org/stdmap/graph/meta"}
    assert names == expected  # stable source IRIs, not the versioned data graphs
    meta = ds.graph(URIRef("https://w3id.org/stdmap/graph/meta"))
    preds = {str(p) for p in meta.predicates(URIRef(bundled), None)}
    assert "http://www.w3.org/ns/prov#wasDerivedFrom" in preds and "https://w3id.org/stdmap/ont#checksum" in preds
    assert "https://w3id.org/stdmap/ont#dataGraph" not in preds
    # the bundled graph holds exactly the bundled source's triples
    rows = query(run_in, kb, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                             "GRAPH smg:meta { smg:bundled sm:dataGraph ?g } }")
    assert len(ds.graph(URIRef(bundled))) == int(rows[0]["n"])


def test_source_option(run_in, kb):
    text = export(run_in, kb, "--format", "nt", "--source", "smg:bundled")
    rows = query(run_in, kb, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                             "GRAPH smg:meta { smg:bundled sm:dataGraph ?g } }")
    assert len(text.splitlines()) == int(rows[0]["n"])
    assert text == export(run_in, kb, "--format", "nt", "--source", "https://w3id.org/stdmap/graph/bundled")
    assert text == export(run_in, kb, "--format", "nt", "--source", "bundled")
    result = run_in(kb, "export", "--source", "smg:nothing")
    assert result.exit_code == 2
    assert "no source" in result.stderr and "smg:bundled" in result.stderr


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "jsonld", "trig", "skos", "sssom"])
def test_two_exports_are_byte_identical(run_in, kb, fmt):
    assert export(run_in, kb, "--format", fmt) == export(run_in, kb, "--format", fmt)


def test_turtle_uses_the_stdmap_prefixes(run_in, kb):
    text = export(run_in, kb)  # turtle is the default
    assert "@prefix smdeg: <https://w3id.org/stdmap/degree/> ." in text
    assert "sm:degree smdeg:IDT" in text


# -- SKOS ------------------------------------------------------------------------------------------------
def test_skos_mappings_follow_the_degree(run_in, kb):
    text = export(run_in, kb, "--format", "skos")
    g = Graph().parse(data=text, format="turtle")
    for degree, match in (("IDT", SKOS.exactMatch), ("MOD", SKOS.closeMatch), ("NEQ", SKOS.relatedMatch)):
        pairs = query(run_in, kb, f"SELECT DISTINCT ?a ?b WHERE {{ ?c a sm:Adoption ; sm:degree smdeg:{degree} ; "
                                  "sm:adoptingStandard ?a ; sm:adoptedStandard ?b }")
        assert {(URIRef(r["a"]), URIRef(r["b"])) for r in pairs} <= set(g.subject_objects(match))
    idt_claims = query(run_in, kb, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a sm:Adoption ; sm:degree smdeg:IDT }")
    assert len(set(g.subject_objects(SKOS.exactMatch))) == int(idt_claims[0]["n"]) > 30
    with_degree = query(run_in, kb, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a sm:Adoption ; sm:degree ?d }")
    assert len(g) == int(with_degree[0]["n"])  # bundled: no pair is claimed twice
    assert {str(p) for p in g.predicates()} <= {str(SKOS.exactMatch), str(SKOS.closeMatch), str(SKOS.relatedMatch)}


def test_skos_counts_claims_without_a_degree(run_in, kb):
    rows = query(run_in, kb, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a sm:Adoption FILTER NOT EXISTS { ?c sm:degree ?d } }")
    left_out = int(rows[0]["n"])
    assert left_out >= 1
    result = run_in(kb, "export", "--format", "skos")
    assert f"{left_out} claims without a degree left out" in result.stdout
    assert f"note: {left_out} adoption claims without a degree left out" in result.stderr


# -- SSSOM -----------------------------------------------------------------------------------------------
def read_sssom(text: str) -> tuple[dict, list[dict]]:
    header = [line[2:] if line.startswith("# ") else line[1:] for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return yaml.safe_load("\n".join(header)), list(csv.DictReader(io.StringIO(body), delimiter="\t"))


def test_sssom_has_one_row_per_claim(run_in, kb):
    meta, rows = read_sssom(export(run_in, kb, "--format", "sssom"))
    assert meta["mapping_set_id"].startswith("https://")
    assert meta["license"].startswith("https://")
    curie_map = meta["curie_map"]
    assert curie_map["smstd"] == "https://w3id.org/stdmap/std/"
    claims = query(run_in, kb, """SELECT ?a ?b ?d WHERE { ?c a sm:Adoption ; sm:degree ?d ;
        sm:adoptingStandard/dcterms:identifier ?a ; sm:adoptedStandard/dcterms:identifier ?b }""")
    assert len(rows) == len(claims) > 30
    match = {"IDT": "skos:exactMatch", "MOD": "skos:closeMatch", "NEQ": "skos:relatedMatch", "EQV": "skos:relatedMatch"}
    expected = sorted((r["a"], match[r["d"].rsplit("/", 1)[-1]], r["b"]) for r in claims)
    assert sorted((r["subject_label"], r["predicate_id"], r["object_label"]) for r in rows) == expected
    ids = {(r["s"], r["id"]) for r in query(run_in, kb, "SELECT ?s ?id WHERE { ?s a sm:Standard ; dcterms:identifier ?id }")}
    for r in rows:
        assert r["comment"].split(";")[0] in match and match[r["comment"].split(";")[0]] == r["predicate_id"]
        for column in ("subject_id", "object_id", "predicate_id", "mapping_justification", "mapping_source"):
            prefix = r[column].split(":", 1)[0]
            assert prefix in curie_map, (column, r[column])
        for side in ("subject", "object"):
            iri = curie_map["smstd"] + r[f"{side}_id"].split(":", 1)[1]
            assert (iri, r[f"{side}_label"]) in ids
        curated = r["mapping_source"] == "smg:bundled"  # the curated knowledge base
        assert r["mapping_justification"] == ("semapv:ManualMappingCuration" if curated else "semapv:UnspecifiedMatching")
        assert r["confidence"] in ("0.9", "0.7", "0.4", "")
    assert {r["mapping_source"] for r in rows} == {"smg:bundled", "smg:" + str(file_graph(DATA / "rdf_sample.ttl")).rsplit("/", 1)[-1]}
    assert [tuple(r.values()) for r in rows] == sorted(tuple(r.values()) for r in rows)


def test_sssom_of_an_imported_file(run_in, kb):
    meta, rows = read_sssom(export(run_in, kb, "--format", "sssom", "--source", file_graph(DATA / "rdf_sample.ttl")))
    assert meta["mapping_set_id"].endswith("/" + str(file_graph(DATA / "rdf_sample.ttl")).rsplit("/", 1)[-1])
    assert len(rows) == 1
    row = rows[0]
    assert (row["subject_id"], row["predicate_id"], row["object_id"]) == (
        "smstd:XX_100-2020", "skos:exactMatch", "smstd:ISO_14001:2015")
    assert row["subject_label"] == "XX 100-2020" and row["object_label"] == "ISO 14001:2015"  # label from bundled
    assert row["mapping_justification"] == "semapv:UnspecifiedMatching" and row["confidence"] == ""


# -- --out -----------------------------------------------------------------------------------------------
def test_out_writes_the_same_text_atomically(run_in, kb, tmp_path, monkeypatch):
    out = tmp_path / "mappings.sssom.tsv"
    result = run_in(kb, "export", "--format", "sssom", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == export(run_in, kb, "--format", "sssom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mappings.sssom.tsv"]  # no temporary file left

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run_in(kb, "export", "--format", "nt", "--out", out)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("# curie_map:")  # the old file, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mappings.sssom.tsv"]
