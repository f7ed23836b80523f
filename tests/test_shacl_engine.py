"""The SPARQL validation engine (mapper.shacl_sparql) against pySHACL: identical results.

Both engines see the same store: the SPARQL engine queries it, pySHACL validates `store.export_union()`
(the same triples, blank nodes included). Results are compared as multisets of
(severity, node, shape, path, value) and, where the shape has an sh:message, of messages too.
Graphs: the bundled knowledge base, every valid and invalid graph of test_ontology.py and
test_validate.py, a hand-made graph with violations and non-violations of every constraint type,
extra shapes for the constructs ontology/shapes.ttl does not use, and hypothesis-generated graphs.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
import test_ontology as onto
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from mapper.kg import open_kg
from mapper.shacl_sparql import ShaclCompileError, compile_shapes, run_checks
from mapper.store import SourceInfo, Store
from mapper.validate import (
    ValidationResult,
    ontology_graph,
    report_namespaces,
    shape_label,
    shapes_graph,
    validate_files,
    validate_graph,
    validate_store,
)
from mapper.vocab import SM, SMDEG, SMST

DATA = Path(__file__).parent / "data"
SHAPES = shapes_graph()
ONTOLOGY = ontology_graph()
NS = "https://example.org/t/"
EX = lambda name: URIRef(NS + name)


def load(graph: Graph, store: Store | None = None) -> Store:
    store = store or Store(None)
    data = graph.serialize(format="nt").encode()
    info = SourceInfo(URIRef("https://w3id.org/stdmap/graph/test"), "test", hashlib.sha256(data).hexdigest(), "t/1", 0)
    store.replace_source(info, graph)
    return store


def results(result, shapes: Graph):
    ns = report_namespaces(shapes)
    with_message = {shape_label(s, shapes, ns) for s in shapes.subjects(SH.message, None)}
    # A SPARQL constraint reporting SAMPLE(…) as ?value may report any member of its group (both engines
    # are right); for those shapes the value, and the message that names it, are masked.
    # GROUP_CONCAT lists in no set order, so their messages are masked too.
    sampled = {shape_label(s, shapes, ns) for s, c in shapes.subject_objects(SH.sparql)
               if re.search(r"SAMPLE\(|GROUP_CONCAT", str(shapes.value(c, SH.select)), re.IGNORECASE)}
    rows = [(v.severity, v.node, v.shape, v.path, v.value, v.message) if v.shape not in sampled else
            (v.severity, v.node, v.shape, v.path, "<sample>", "<sample>")
            for v in result.violations]
    return (Counter(r[:5] for r in rows), Counter(r for r in rows if r[2] in with_message))


def _incomparable_range(row: tuple) -> bool:
    """sh:minInclusive/maxInclusive on a value that is not a number (a date in sm:year): SHACL counts the
    failed comparison as a violation, and the SPARQL engine reports it; pySHACL sometimes does not. Our
    data never puts a non-integer in sm:year (sm:year's datatype check reports it either way), so these
    rows are left out of the comparison of generated graphs."""
    return row[2] == "smsh:Standard-year" and not str(row[4]).lstrip("-").isdigit()


def assert_same(store: Store, shapes: Graph = SHAPES, *, messages: bool = True, unbatched: bool = False,
                generated: bool = False) -> list:
    """Both engines agree on the store; `unbatched`: so does the SPARQL engine running each check's own
    query (run_checks(batch=False)) instead of one query per path."""
    sparql = validate_store(store, "sparql", shapes=shapes)
    reference = validate_store(store, "pyshacl", shapes=shapes)
    a, b = results(sparql, shapes), results(reference, shapes)
    if generated:
        a = (Counter({k: v for k, v in a[0].items() if not _incomparable_range(k)}), a[1])
        b = (Counter({k: v for k, v in b[0].items() if not _incomparable_range(k)}), b[1])
    missing, extra = b[0] - a[0], a[0] - b[0]
    assert not missing and not extra, f"pySHACL only: {sorted(missing)}\nSPARQL only: {sorted(extra)}"
    if messages:
        assert a[1] == b[1]
    assert sparql.conforms == reference.conforms
    if len(store.sources()) == 1:  # the store counts a triple held by two sources twice
        assert sparql.triples == reference.triples
    if unbatched:
        one_by_one = run_checks(store, compile_shapes(shapes), report_namespaces(shapes), batch=False)
        assert results(ValidationResult(True, one_by_one, 0), shapes) == a
    return reference.violations


# -- the bundled knowledge base and the graphs of the other test modules -------------------------------------
def test_bundled_knowledge_base():
    store = open_kg(":memory:")
    violations = assert_same(store, unbatched=True)
    assert violations  # it has warnings, so the comparison is not vacuous


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(data=onto.VALID, format="turtle")


def _with_ontology(g: Graph) -> Graph:
    out = Graph()
    out += ONTOLOGY
    out += g
    return out


def test_valid_graph_of_test_ontology(valid):
    assert assert_same(load(_with_ontology(valid))) == []


@pytest.mark.parametrize("case", list(onto.INVALID))
def test_invalid_variants_of_test_ontology(valid, case):
    remove, add, _shape, _message = onto.INVALID[case]
    violations = assert_same(load(_with_ontology(onto._variant(valid, remove, add))))
    assert violations


def _other_variants(valid):
    dcsource = URIRef("http://purl.org/dc/terms/source")
    yield "missing source and degree", onto._variant(valid, remove=[
        (onto.ADOPTION, SM.degree, SMDEG.IDT), (onto.ADOPTION, dcsource, URIRef("https://openstd.samr.gov.cn/")),
        (onto.GBT, SM.adopts, onto.ISO)])
    yield "missing shortcut", onto._variant(valid, remove=[(onto.GBT, SM.adopts, onto.ISO)])
    yield "correspondence without adoption", onto._variant(
        valid, add="smstd:GB%2FT_24001-2016 sm:correspondsTo smstd:ISO_14001:2004 .")
    g = onto._variant(valid)
    g.add((BNode(), RDF.type, SM.Adoption))
    yield "blank adoption", g
    yield "disagreeing sources", onto._variant(
        valid, add="smstd:GB%2FT_24001-2016 sm:nationalOriginal true ; dcterms:replaces smstd:ISO_14001:2004 .")
    yield "supersession cycle", onto._variant(valid, add="""smstd:ISO_14001:2004 dcterms:replaces smstd:ISO_14001:2015 .
               smstd:ISO_14001:2015 dcterms:isReplacedBy smstd:ISO_14001:2004 .""")
    yield "joint publishers", onto._variant(valid, add="""smstd:ISO_14001:2015 dcterms:publisher smorg:IEC .
               smwork:ISO_14001 dcterms:publisher smorg:IEC .
               <https://w3id.org/stdmap/ccs/Z00> a skos:Concept ; skos:notation "Z00" ;
                   skos:inScheme <https://w3id.org/stdmap/ccs/scheme> .
               smstd:GB%2FT_24001-2016 sm:ccs <https://w3id.org/stdmap/ccs/Z00> .""")
    yield "ontology alone", Graph()


def test_other_variants_of_test_ontology(valid):
    for name, g in _other_variants(valid):
        assert_same(load(_with_ontology(g))), name


@pytest.mark.parametrize("name", ["valid.ttl", "invalid_two_degrees.ttl", "invalid_no_adopted.ttl",
                                  "invalid_self_replacement.ttl"])
def test_files_of_test_validate(name):
    g = _with_ontology(Graph().parse(DATA / name, format="turtle"))
    violations = assert_same(load(g))
    assert bool(violations) == name.startswith("invalid")
    by_files = validate_files([DATA / name], engine="sparql")
    assert [v for v in by_files.violations] == [v for v in validate_files([DATA / name]).violations]


def test_validate_graph_engines_agree_without_blank_nodes():
    g = _with_ontology(Graph().parse(DATA / "invalid_self_replacement.ttl", format="turtle"))
    assert validate_graph(g, engine="sparql").violations == validate_graph(g).violations


# -- a hand-made graph: every constraint of ontology/shapes.ttl broken and kept ------------------------------
HAND = """
@prefix sm: <https://w3id.org/stdmap/ont#> .
@prefix smdeg: <https://w3id.org/stdmap/degree/> .
@prefix smst: <https://w3id.org/stdmap/status/> .
@prefix smdt: <https://w3id.org/stdmap/doctype/> .
@prefix smlv: <https://w3id.org/stdmap/level/> .
@prefix smme: <https://w3id.org/stdmap/method/> .
@prefix smorg: <https://w3id.org/stdmap/org/> .
@prefix smg: <https://w3id.org/stdmap/graph/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix t: <https://example.org/t/> .

t:work a sm:StandardWork ; dcterms:identifier "W" ; skos:prefLabel "W" ; dcterms:publisher smorg:ISO .
t:work2 a sm:StandardWork ; dcterms:identifier "W2", "W2b" ; skos:prefLabel "W2"@en ; dcterms:publisher "ISO" .

# datatype, minCount, maxCount, equals, pattern, range, nodeKind, class, node, disjoint, lessThanOrEquals
t:s1 a sm:Standard ; dcterms:identifier "S1" ; skos:prefLabel "S1" ; sm:isEditionOf t:work ;
    dcterms:publisher smorg:ISO ; sm:documentType smdt:IS ; sm:status smst:current ;
    sm:year 1899 ; dcterms:issued "2020-01-02"^^xsd:date ; sm:effective "2020-01-01"^^xsd:date ;
    sm:withdrawn "2019"^^xsd:gYear ; sm:supplementType "Amd\\n" ; sm:confidence "h" ;
    dcterms:title "no language" ; skos:altLabel t:iri ; dcterms:source "literal" ; sm:note t:iri ;
    sm:ics t:notics ; sm:ccs smdeg:IDT ; sm:committee t:work ; dcterms:replaces t:s1 ;
    dcterms:isReplacedBy t:s2 ; sm:planNumber 12 ; sm:nationalOriginal "yes" ; sm:adopts t:work .
t:s2 a sm:Standard ; dcterms:identifier "S2", "S2b" ; skos:prefLabel "S2x", "S2y" ; sm:isEditionOf t:work, t:work2 ;
    dcterms:publisher smorg:ISO, t:work ; sm:documentType smdt:IS, smdt:GBT ; sm:status smst:current, "现行" ;
    sm:year "2001"^^xsd:decimal, 2150 ; dcterms:issued "2020-01-01"^^xsd:date, "2020-01-01"^^xsd:dateTime ;
    sm:effective "2020-01-01"^^xsd:date, "soon" , 5 ; sm:withdrawn "2018-05-01"^^xsd:date ;
    sm:supplementType "Amd", "Cor" ; sm:confidence "L", "M" ; sm:year "abc"^^xsd:integer ;
    dcterms:title "a"@en, "b"@fr ; sm:supplementTo t:s1, t:s3 ; sm:correspondsTo t:s1 ;
    dcterms:replaces t:s1 .
t:s3 a sm:Standard ; dcterms:identifier "S3"@en ; skos:prefLabel "S3"@en ; sm:isEditionOf t:work ;
    dcterms:publisher smorg:ISO ; sm:documentType t:unknown ; sm:year 2100 ; sm:year 1900 ;
    dcterms:issued "2020-13-45"^^xsd:date ; sm:effective "2021-01-01"^^xsd:date ;
    sm:nationalOriginal true, false .
t:s4 a sm:Standard ; sm:year "1950"^^xsd:gYear ; sm:year "12:00:00"^^xsd:time ; sm:year 1950.5 ;
    sm:year "1e3"^^xsd:double ; sm:year true ; sm:year "NaN"^^xsd:double ;
    dcterms:issued "2020-01-01T10:00:00"^^xsd:dateTime ; sm:effective "2020-01-01T09:00:00Z"^^xsd:dateTime ;
    sm:withdrawn "2020-01-01T11:00:00"^^xsd:dateTime, t:iri, "x"@en ;
    sm:nationalOriginal true .
t:s5 a sm:Standard ; dcterms:identifier "S5" ; skos:prefLabel "S5" ; sm:nationalOriginal "1"^^xsd:boolean .

# adoptions: blank-node values, self adoption, two degrees, degrees out of scheme, sources
t:a1 a sm:Adoption ; sm:adoptingStandard t:s1 ; sm:adoptedStandard t:s1 ; sm:degree smdeg:IDT, smdeg:NEQ ;
    sm:method smme:translation, smme:redraft ; dcterms:source _:b1 ; prov:wasDerivedFrom smg:bundled, "g" ;
    sm:confidence "HH" ; sm:note _:b2 ; sm:statedAs "IDT", t:iri .
t:a2 a sm:Adoption ; sm:adoptingStandard t:s5 ; sm:adoptedStandard t:s2 ; sm:degree smdeg:MOD ;
    sm:method t:iri ; prov:wasDerivedFrom <https://example.org/other-graph> ; dcterms:source <https://example.org/src> .
t:a3 a sm:Adoption ; sm:adoptingStandard t:s5 ; sm:adoptedStandard t:s2 ; sm:degree smdeg:NEQ ;
    prov:wasDerivedFrom <https://example.org/other-graph> ; dcterms:source <https://example.org/src> .
t:a4 a sm:Adoption ; sm:adoptingStandard t:s3 ; sm:adoptedStandard t:s2 ; sm:degree t:deg .
t:s3 sm:adopts t:s2 .

# organizations, committees, concepts, provenance
t:org a sm:Organization ; skos:prefLabel "ORG", "ORG2" ; sm:level smlv:national ; sm:jurisdiction "cn" .
t:org2 a sm:Organization ; sm:level t:notalevel, smlv:national ; sm:jurisdiction "EU" .
t:tc a sm:Committee ; skos:prefLabel "TC" ; skos:notation "a", "b" ; dcterms:title "x" ;
    sm:parentCommittee t:tc2 , t:work ; dcterms:publisher t:work .
t:tc2 a sm:Committee ; skos:prefLabel "TC2" ; sm:parentCommittee t:tc .
t:c1 a skos:Concept ; skos:inScheme t:work ; skos:prefLabel "a"@en, "b"@EN, "c"@fr, "d" ; skos:notation t:iri .
t:c2 a skos:Concept .
t:src sm:checksum "ABC" ; sm:readerVersion 1 ; sm:recordCount -1 ; prov:generatedAtTime "2020-01-01"^^xsd:date .
t:src2 sm:checksum "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ; sm:recordCount 0 ;
    sm:readerVersion "r/1" ; prov:generatedAtTime "2020-01-01T00:00:00Z"^^xsd:dateTime .
smdeg:EQV sm:countsAsAdoption "no" .
smst:current sm:inForce true, false .
"""


def test_hand_made_graph_every_constraint():
    g = _with_ontology(Graph().parse(data=HAND, format="turtle"))
    violations = assert_same(load(g), unbatched=True)
    shapes = {v.shape for v in violations}
    # every constraint-bearing shape of ontology/shapes.ttl is broken at least once
    expected = {"smsh:Standard-year", "smsh:Standard-issuedBeforeEffective", "smsh:Standard-issuedBeforeWithdrawn",
                "smsh:Standard-supplementType", "smsh:Standard-status", "smsh:Standard-ics", "smsh:Standard-ccs",
                "smsh:Standard-prefLabel", "smsh:Standard-title", "smsh:Standard-notReplacingItself",
                "smsh:Standard-replacementInverse", "smsh:Standard-correspondenceDerived",
                "smsh:NationalOriginalConflictShape", "smsh:UnderivedAdoptsShape", "smsh:MissingAdoptsShape",
                "smsh:ConflictingDegreeShape", "smsh:Concept-prefLabel", "smsh:Adoption-distinct",
                "smsh:Adoption-wasDerivedFrom", "smsh:Committee-notOwnParent", "smsh:Organization-jurisdiction",
                "smsh:SourceGraphShape[sm:checksum]", "smsh:SourceGraphShape[sm:recordCount]",
                "smsh:DegreeConceptShape[sm:countsAsAdoption]", "smsh:StatusConceptShape[sm:inForce]"}
    assert expected <= shapes, expected - shapes


# -- shapes for the constructs ontology/shapes.ttl does not use --------------------------------------------
EXTRA_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix t: <https://example.org/t/> .
@prefix ts: <https://example.org/shapes#> .

<https://example.org/shapes> sh:declare [ sh:prefix "t" ; sh:namespace "https://example.org/t/"^^xsd:anyURI ] .

ts:Thing a sh:NodeShape ; sh:targetClass t:Thing ; sh:targetNode t:lonely ; sh:targetObjectsOf t:points ;
    sh:nodeKind sh:IRI ; sh:class t:Thing ; sh:message "thing" ;
    sh:property ts:Thing-in , ts:Thing-lt , ts:Thing-range , ts:Thing-alt , ts:Thing-star , ts:Thing-flags ,
        ts:Thing-off , ts:Thing-nested , ts:Thing-sparql , ts:Thing-seq .
ts:Thing-in sh:path t:colour ; sh:in ( t:red "green" 3 ) ; sh:message "in" .
ts:Thing-lt sh:path t:low ; sh:lessThan t:high ; sh:message "lt" .
ts:Thing-range sh:path t:n ; sh:minExclusive 0 ; sh:maxExclusive 10 ; sh:severity sh:Info ; sh:message "range" .
ts:Thing-alt sh:path [ sh:alternativePath ( t:a t:b ) ] ; sh:maxCount 1 ; sh:message "alt" .
ts:Thing-star sh:path [ sh:oneOrMorePath t:next ] ; sh:class t:Thing ; sh:message "star" .
ts:Thing-flags sh:path t:code ; sh:pattern "^ab$" ; sh:flags "i" ; sh:message "flags" .
ts:Thing-off sh:path t:code ; sh:minCount 5 ; sh:deactivated true ; sh:message "off" .
ts:Thing-nested sh:path t:part ; sh:node ts:Part ; sh:message "nested" .
ts:Thing-seq sh:path ( t:part t:part ) ; sh:minCount 2 ; sh:hasValue t:lonely ; sh:message "seq" .
ts:Part a sh:NodeShape ; sh:not [ sh:hasValue t:bad ] ; sh:property [ sh:path t:w ; sh:datatype xsd:integer ; sh:minInclusive 1 ] ;
    sh:node ts:Labelled .
ts:Labelled a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:uniqueLang true ] .
ts:Thing-sparql sh:path t:n ; sh:message "{$this} has n {?value} ({?other})" ;
    sh:sparql [ sh:prefixes <https://example.org/shapes> ;
        sh:select "SELECT $this ?value ?other WHERE { $this $PATH ?value . OPTIONAL { $this t:other ?other } FILTER (isNumeric(?value) && ?value > 5) }" ] .
ts:Counted a sh:NodeShape ; sh:targetClass t:Thing ; sh:message "counted {?n}" ;
    sh:sparql [ sh:prefixes <https://example.org/shapes> ;
        sh:select "SELECT $this (COUNT(?p) AS ?n) (SAMPLE(?p) AS ?value) WHERE { $this t:part ?p } GROUP BY $this HAVING (COUNT(?p) > 1)" ] .
"""

EXTRA_DATA = """
@prefix t: <https://example.org/t/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
t:x a t:Thing ; t:colour t:red, "green", t:blue, "3"^^xsd:integer, 3.0 ; t:low 1, "a", 5 ; t:high 5, "b" ;
    t:n 0, 5, 10, 7, "7" ; t:other "o" ; t:a 1 ; t:b 2 ; t:next t:y ; t:code "AB", "abc", "xab\\n" ;
    t:part t:p1, t:p2 .
t:y t:next t:z . t:z a t:Thing .
t:p1 rdfs:label "p"@en ; t:w 3 ; t:part t:lonely .
t:p2 rdfs:label "p"@en, "q"@en ; t:w 0, "x" ; t:part t:bad .
t:bad rdfs:label "bad" .
t:q t:points t:x, t:lonely, "literal" .
t:lonely t:a 1 .
"""


def test_extra_shapes_every_construct():
    shapes = Graph().parse(data=EXTRA_SHAPES, format="turtle")
    violations = assert_same(load(Graph().parse(data=EXTRA_DATA, format="turtle")), shapes, unbatched=True)
    components = {v.shape for v in violations}
    assert {"ts:Thing", "ts:Thing-in", "ts:Thing-lt", "ts:Thing-range", "ts:Thing-alt", "ts:Thing-star",
            "ts:Thing-flags", "ts:Thing-nested", "ts:Thing-seq", "ts:Thing-sparql", "ts:Counted"} <= components
    assert "ts:Thing-off" not in components


def test_untranslatable_construct_is_named():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix t: <https://example.org/t/> .
        t:S a sh:NodeShape ; sh:targetClass t:Thing ; sh:or ( [ sh:class t:A ] [ sh:class t:B ] ) .""", format="turtle")
    with pytest.raises(ShaclCompileError, match=r"t:S.*sh:or"):
        compile_shapes(shapes)
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix t: <https://example.org/t/> .
        t:S a sh:NodeShape ; sh:targetClass t:Thing ; sh:property [ sh:path t:p ; sh:pattern "(?<=a)b" ] .""",
                           format="turtle")
    with pytest.raises(ShaclCompileError, match=r"t:S\[t:p\].*sh:pattern"):
        compile_shapes(shapes)
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix t: <https://example.org/t/> .
        t:S a sh:NodeShape ; sh:targetNode t:n ; sh:property [ sh:path [ sh:zeroOrMorePath t:p ] ; sh:minCount 1 ] .""",
                           format="turtle")
    with pytest.raises(ShaclCompileError, match=r"zeroOrMorePath"):
        compile_shapes(shapes)


def test_our_shapes_compile_to_one_query_per_constraint():
    checks = compile_shapes(SHAPES)
    assert len(checks) > 90
    assert all(c.query.lstrip().upper().startswith(("SELECT", "PREFIX")) for c in checks)


# -- generated graphs ---------------------------------------------------------------------------------------
_NODES = [EX(f"n{i}") for i in range(5)] + [SMDEG.IDT, SMDEG.NEQ, SMST.current]
_CLASSES = [SM.Standard, SM.StandardWork, SM.Adoption, SM.Organization, SM.Committee,
            URIRef("http://www.w3.org/2004/02/skos/core#Concept")]
_PREDICATES = [
    URIRef("http://purl.org/dc/terms/identifier"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
    URIRef("http://purl.org/dc/terms/replaces"), URIRef("http://purl.org/dc/terms/isReplacedBy"),
    URIRef("http://purl.org/dc/terms/issued"), SM.effective, SM.year, SM.confidence, SM.status,
    SM.adoptingStandard, SM.adoptedStandard, SM.degree, SM.adopts, SM.correspondsTo, SM.nationalOriginal,
    SM.countsAsAdoption, SM.parentCommittee, SM.checksum, URIRef("http://www.w3.org/2004/02/skos/core#inScheme"),
    URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
]
_LITERALS = [
    Literal(1899), Literal(1900), Literal(2000), Literal("2000", datatype=XSD.decimal), Literal(1e3),
    Literal("abc", datatype=XSD.integer), Literal("x"), Literal("H"), Literal("x", lang="en"),
    Literal("y", lang="en"), Literal("2020-01-01", datatype=XSD.date), Literal("2021-06-30", datatype=XSD.date),
    Literal("2020-01-01T00:00:00", datatype=XSD.dateTime), Literal("2019", datatype=XSD.gYear), Literal(True),
    Literal(False), Literal("a" * 64), Literal("0" * 64),
]
_OBJECTS = st.sampled_from(_NODES + _LITERALS)


@st.composite
def graphs(draw):
    g = Graph()
    for node in _NODES[:5]:
        for cls in draw(st.lists(st.sampled_from(_CLASSES), max_size=2)):
            g.add((node, RDF.type, cls))
    for s, p, o in draw(st.lists(st.tuples(st.sampled_from(_NODES), st.sampled_from(_PREDICATES), _OBJECTS),
                                 max_size=40)):
        g.add((s, p, o))
    return g


# Examples are derandomised: a random run once found the engines disagreeing on a non-integer sm:year (an
# xsd:date) under sh:minInclusive — SHACL counts a failed comparison as a violation and the SPARQL engine
# reports it, pySHACL does not; such rows are left out of this comparison (see _incomparable_range).
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_generated_graphs(g):
    assert_same(load(_with_ontology(g)), unbatched=True, generated=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([EX("x"), EX("y"), EX("p1"), EX("p2"), EX("lonely")]),
                          st.sampled_from([EX(p) for p in ("colour", "low", "high", "n", "a", "b", "next", "code",
                                                           "part", "w", "other", "points")] + [RDF.type]),
                          st.sampled_from([EX("x"), EX("y"), EX("Thing"), EX("red"), EX("bad"), EX("lonely"),
                                           Literal(0), Literal(3), Literal(7), Literal(12), Literal("green"),
                                           Literal("ab"), Literal("AB\n"), Literal("b"), Literal(2.5),
                                           Literal("p", lang="en")])),
                max_size=30))
def test_generated_graphs_extra_shapes(triples):
    shapes = Graph().parse(data=EXTRA_SHAPES, format="turtle")
    g = Graph()
    for t in triples:
        g.add(t)
    assert_same(load(g), shapes, unbatched=True)
