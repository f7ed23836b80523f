"""The vocabulary: Turtle files parse, mapper.vocab matches them, and the SHACL shapes catch what they should.

The shapes are exercised on one small valid graph (a GB/T standard adopting an ISO standard) and on
variants of it that each break one rule; every variant must fail with the named shape and its message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, SH, SKOS

from mapper import vocab
from mapper.vocab import SM, SMDEG, SMDT, SMLV, SMME, SMST, SMSH

ONTOLOGY = Path(__file__).parents[1] / "ontology"
ALL_FILES = (*vocab.ONTOLOGY_FILES, vocab.SHAPES_FILE)
SCHEMES = {SMDEG: "degree", SMST: "status", SMDT: "doctype", SMLV: "level", SMME: "method"}


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {name: Graph().parse(ONTOLOGY / name, format="turtle") for name in ALL_FILES}


@pytest.fixture(scope="module")
def ontology(graphs) -> Graph:
    """stdmap.ttl + schemes.ttl + organizations.ttl: what is loaded beside the data when validating."""
    g = Graph()
    for name in vocab.ONTOLOGY_FILES:
        g += graphs[name]
    return g


@pytest.fixture(scope="module")
def shapes(graphs) -> Graph:
    return graphs[vocab.SHAPES_FILE]


# --- files and vocabulary --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_FILES)
def test_file_parses_and_is_not_empty(graphs, name):
    assert (ONTOLOGY / name).is_file()
    assert len(graphs[name]) > 20


def _declared_in(g: Graph, namespace: str) -> set[str]:
    return {str(s)[len(namespace):] for s in set(g.subjects()) if isinstance(s, URIRef) and str(s).startswith(namespace)}


def _attributes(ns) -> set[str]:
    return {str(term)[len(str(ns)):] for term in dir(ns)} | set(getattr(ns, "_extras", ()))


def test_sm_namespace_matches_stdmap_ttl(graphs):
    declared = _declared_in(graphs["stdmap.ttl"], str(SM))
    assert declared == _attributes(SM)


def test_every_sm_term_used_in_any_file_is_declared(graphs):
    used = set()
    for g in graphs.values():
        for triple in g:
            used |= {str(t)[len(str(SM)):] for t in triple if isinstance(t, URIRef) and str(t).startswith(str(SM))}
    assert used <= _attributes(SM)


@pytest.mark.parametrize("ns", list(SCHEMES), ids=list(SCHEMES.values()))
def test_scheme_namespace_matches_schemes_ttl(graphs, ns):
    declared = _declared_in(graphs["schemes.ttl"], str(ns))
    assert declared == _attributes(ns)
    scheme = ns.scheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graphs["schemes.ttl"]
    concepts = set(graphs["schemes.ttl"].subjects(SKOS.inScheme, scheme))
    assert concepts == {ns[name] for name in declared - {"scheme"}}
    assert concepts == set(graphs["schemes.ttl"].objects(scheme, SKOS.hasTopConcept))


def test_vocab_fails_on_a_misspelt_term():
    with pytest.raises(AttributeError):
        SM.adopt  # noqa: B018
    with pytest.raises(AttributeError):
        SMDT.GB_T  # noqa: B018


def test_bind_prefixes():
    g = vocab.bind_prefixes(Graph())
    bound = {p: str(n) for p, n in g.namespaces()}
    for prefix in ("sm smdeg smst smdt smlv smme smorg smics smccs smtc smstd smwork smad smg dcterms skos prov xsd").split():
        assert bound[prefix] == vocab.PREFIXES[prefix]


def test_every_sm_term_has_labels_domain_range_comment(graphs):
    g = graphs["stdmap.ttl"]
    for name in _attributes(SM):
        term = SM[name]
        langs = {lbl.language for lbl in g.objects(term, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
        assert {"en", "zh"} <= langs, name
        comments = list(g.objects(term, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")))
        assert comments and all(c.language == "en" for c in comments), name
        if (term, RDF.type, OWL.Class) not in g:
            for axis in ("domain", "range"):
                assert g.value(term, URIRef(f"http://www.w3.org/2000/01/rdf-schema#{axis}")) is not None, (name, axis)


def test_every_concept_has_labels_definition_notation(ontology):
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    # degrees + statuses + document types (+8 BSI/CSA products, +5 supplement kinds) + levels + methods
    assert len(concepts) == 4 + 6 + (15 + 20 + 8 + 5) + 7 + 5
    for c in concepts:
        langs = [lbl.language for lbl in ontology.objects(c, SKOS.prefLabel)]
        assert sorted(langs) == ["en", "zh"], c
        assert any(d.language == "en" for d in ontology.objects(c, SKOS.definition)), c
        assert ontology.value(c, SKOS.notation) is not None, c


def test_counts_as_adoption_and_in_force(ontology):
    flags = {c: ontology.value(c, SM.countsAsAdoption).toPython() for c in ontology.subjects(SKOS.inScheme, SMDEG.scheme)}
    assert flags == {SMDEG.IDT: True, SMDEG.MOD: True, SMDEG.NEQ: False, SMDEG.EQV: False}
    in_force = {c for c in ontology.subjects(SKOS.inScheme, SMST.scheme) if ontology.value(c, SM.inForce).toPython()}
    assert in_force == {SMST.current}
    assert str(ontology.value(SMDT.GBT, SKOS.notation)) == "GB/T"
    assert Literal("等同采用", lang="zh") in set(ontology.objects(SMDEG.IDT, SKOS.altLabel))


def test_organizations(ontology):
    org = Namespace("https://w3id.org/stdmap/org/")
    orgs = set(ontology.subjects(RDF.type, SM.Organization))
    assert {org.ISO, org.IEC, org.SAC, org.CEN, org.BSI, org.Rosstandart} <= orgs
    assert ontology.value(org.SAC, SM.jurisdiction) == Literal("CN")
    assert ontology.value(org.ISO, SM.level) == SMLV.international
    assert str(ontology.value(org.Rosstandart, SKOS.prefLabel)) == "GOST R"
    assert Literal("国家标准化管理委员会", lang="zh") in set(ontology.objects(org.SAC, SKOS.altLabel))


def test_every_shape_has_name_and_message(shapes):
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    shape_nodes |= set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.node))
    assert len(shape_nodes) > 50
    for shape in shape_nodes:
        assert shapes.value(shape, SH.name) is not None, shape
        assert shapes.value(shape, SH.message) is not None, shape
    # SPARQL constraints carry no message of their own: the shape's (templated) message is reported once
    for shape, constraint in shapes.subject_objects(SH.sparql):
        assert shapes.value(constraint, SH.message) is None, shape
        assert "{?value}" in str(shapes.value(shape, SH.message)), shape


# --- shapes ----------------------------------------------------------------------------------------

VALID = """
@prefix sm: <https://w3id.org/stdmap/ont#> .
@prefix smdeg: <https://w3id.org/stdmap/degree/> .
@prefix smst: <https://w3id.org/stdmap/status/> .
@prefix smdt: <https://w3id.org/stdmap/doctype/> .
@prefix smme: <https://w3id.org/stdmap/method/> .
@prefix smorg: <https://w3id.org/stdmap/org/> .
@prefix smstd: <https://w3id.org/stdmap/std/> .
@prefix smwork: <https://w3id.org/stdmap/work/> .
@prefix smad: <https://w3id.org/stdmap/adoption/> .
@prefix smg: <https://w3id.org/stdmap/graph/> .
@prefix smtc: <https://w3id.org/stdmap/committee/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/stdmap/ics/13.020.10> a skos:Concept ;
    skos:inScheme <https://w3id.org/stdmap/ics/scheme> ;
    skos:notation "13.020.10" ;
    skos:prefLabel "Environmental management"@en , "环境管理"@zh .

smtc:SAC%2FTC_207 a sm:Committee ;
    skos:prefLabel "SAC/TC 207" ; skos:notation "SAC/TC 207" ;
    dcterms:title "全国环境管理标准化技术委员会"@zh ;
    dcterms:publisher smorg:SAC .

smwork:ISO_14001 a sm:StandardWork ;
    dcterms:identifier "ISO 14001" ; skos:prefLabel "ISO 14001" ; dcterms:publisher smorg:ISO .

smwork:GB%2FT_24001 a sm:StandardWork ;
    dcterms:identifier "GB/T 24001" ; skos:prefLabel "GB/T 24001" ; dcterms:publisher smorg:SAC .

smstd:ISO_14001:2015 a sm:Standard ;
    dcterms:identifier "ISO 14001:2015" ; skos:prefLabel "ISO 14001:2015" ;
    dcterms:title "Environmental management systems — Requirements with guidance for use"@en ;
    sm:isEditionOf smwork:ISO_14001 ; sm:year 2015 ;
    dcterms:issued "2015-09-15"^^xsd:date ;
    sm:status smst:current ; dcterms:publisher smorg:ISO ; sm:documentType smdt:IS ;
    sm:ics <https://w3id.org/stdmap/ics/13.020.10> ;
    dcterms:replaces smstd:ISO_14001:2004 .

smstd:ISO_14001:2004 a sm:Standard ;
    dcterms:identifier "ISO 14001:2004" ; skos:prefLabel "ISO 14001:2004" ;
    sm:isEditionOf smwork:ISO_14001 ; sm:year 2004 ;
    sm:status smst:superseded ; dcterms:publisher smorg:ISO ; sm:documentType smdt:IS ;
    dcterms:isReplacedBy smstd:ISO_14001:2015 .

smstd:GB%2FT_24001-2016 a sm:Standard ;
    dcterms:identifier "GB/T 24001-2016" ; skos:prefLabel "GB/T 24001-2016" ;
    skos:altLabel "GB/T 24001—2016/ISO 14001:2015" ;
    dcterms:title "环境管理体系 要求及使用指南"@zh ;
    sm:isEditionOf smwork:GB%2FT_24001 ; sm:year 2016 ;
    dcterms:issued "2016-10-13"^^xsd:date ; sm:effective "2017-05-01"^^xsd:date ;
    sm:status smst:current ; dcterms:publisher smorg:SAC ; sm:documentType smdt:GBT ;
    sm:ics <https://w3id.org/stdmap/ics/13.020.10> ; sm:committee smtc:SAC%2FTC_207 ;
    sm:confidence "H" ; dcterms:source <https://openstd.samr.gov.cn/> ;
    sm:adopts smstd:ISO_14001:2015 ; sm:correspondsTo smstd:ISO_14001:2015 .

smad:0123456789abcdef0123 a sm:Adoption ;
    sm:adoptingStandard smstd:GB%2FT_24001-2016 ;
    sm:adoptedStandard smstd:ISO_14001:2015 ;
    sm:degree smdeg:IDT ; sm:statedAs "IDT" ; sm:method smme:translation ;
    dcterms:source <https://openstd.samr.gov.cn/> ;
    sm:confidence "H" ;
    prov:wasDerivedFrom smg:bundled .
"""

GBT = URIRef("https://w3id.org/stdmap/std/GB%2FT_24001-2016")
ISO = URIRef("https://w3id.org/stdmap/std/ISO_14001:2015")
ADOPTION = URIRef("https://w3id.org/stdmap/adoption/0123456789abcdef0123")
PREFIXES = "\n".join(line for line in VALID.splitlines() if line.startswith("@prefix"))


def _run(ontology: Graph, shapes: Graph, data: Graph):
    conforms, report, _ = validate(
        data + ontology, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False
    )
    results = []
    # top-level results only: pySHACL also nests the results of sh:node checks under sh:detail
    for r in report.objects(report.value(predicate=RDF.type, object=SH.ValidationReport), SH.result):
        results.append(
            {
                "shape": report.value(r, SH.sourceShape),
                "focus": report.value(r, SH.focusNode),
                "message": " ".join(str(m) for m in report.objects(r, SH.resultMessage)),
                "severity": report.value(r, SH.resultSeverity),
                "value": report.value(r, SH.value),
            }
        )
    return conforms, results


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def test_valid_graph_conforms(ontology, shapes, valid):
    conforms, results = _run(ontology, shapes, valid)
    assert results == [] and conforms


def _variant(valid: Graph, remove=(), add="") -> Graph:
    g = Graph()
    g += valid
    for triple in remove:
        g.remove(triple)
    if add:
        g.parse(data=PREFIXES + "\n" + add, format="turtle")
    return g


INVALID = {
    "two degrees": (
        [],
        "smad:0123456789abcdef0123 sm:degree smdeg:MOD .",
        SMSH["Adoption-degree"],
        "Guide 21-1 clause 4: one degree of correspondence per adoption",
    ),
    "adoption missing adopted standard": (
        [(ADOPTION, SM.adoptedStandard, ISO)],
        "",
        SMSH["Adoption-adoptedStandard"],
        "exactly one sm:adoptedStandard",
    ),
    "standard replaces itself": (
        [],
        "smstd:GB%2FT_24001-2016 dcterms:replaces smstd:GB%2FT_24001-2016 .",
        SMSH["Standard-notReplacingItself"],
        "replaces itself",
    ),
    "shortcut without an adoption": (
        [],
        "smstd:GB%2FT_24001-2016 sm:adopts smstd:ISO_14001:2004 ; sm:correspondsTo smstd:ISO_14001:2004 .",
        SMSH.UnderivedAdoptsShape,
        "never written by hand",
    ),
    "degree outside the scheme": (
        [(ADOPTION, SM.degree, SMDEG.IDT)],
        "smad:0123456789abcdef0123 sm:degree <https://w3id.org/stdmap/degree/identical> .",
        SMSH["Adoption-degreeInScheme"],
        "concept of smdeg:scheme",
    ),
    "status as a plain literal": (
        [(GBT, SM.status, SMST.current)],
        'smstd:GB%2FT_24001-2016 sm:status "现行" .',
        SMSH["Standard-status"],
        "not a literal",
    ),
    "adopting itself": (
        [(ADOPTION, SM.adoptedStandard, ISO)],
        "smad:0123456789abcdef0123 sm:adoptedStandard smstd:GB%2FT_24001-2016 .",
        SMSH["Adoption-distinct"],
        "cannot adopt itself",
    ),
    "conflicting degrees in one source": (
        [],
        """smad:ffffffffffffffffffff a sm:Adoption ;
            sm:adoptingStandard smstd:GB%2FT_24001-2016 ; sm:adoptedStandard smstd:ISO_14001:2015 ;
            sm:degree smdeg:NEQ ; dcterms:source <https://example.org/> ; prov:wasDerivedFrom smg:bundled .""",
        SMSH.ConflictingDegreeShape,
        "one degree of correspondence per adoption",
    ),
    "adopts shortcut for an NEQ claim": (
        [(ADOPTION, SM.degree, SMDEG.IDT)],
        "smad:0123456789abcdef0123 sm:degree smdeg:NEQ .",
        SMSH.UnderivedAdoptsShape,
        "IDT or MOD",
    ),
    "title without language": (
        [],
        'smstd:GB%2FT_24001-2016 dcterms:title "Environmental management systems" .',
        SMSH["Standard-title"],
        "language tag",
    ),
    "confidence out of range": (
        [],
        'smad:0123456789abcdef0123 sm:confidence "X" .',
        SMSH["Adoption-confidence"],
        '"H", "M", "L"',
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_variant_fails_with_its_shape(ontology, shapes, valid, case):
    remove, add, shape, message = INVALID[case]
    conforms, results = _run(ontology, shapes, _variant(valid, remove, add))
    assert not conforms
    hits = [r for r in results if r["shape"] == shape]
    assert hits, f"{case}: expected {shape}, got {[(str(r['shape']), r['message']) for r in results]}"
    assert any(message in r["message"] for r in hits), [r["message"] for r in hits]
    assert all(r["severity"] == SH.Violation for r in hits)


def test_missing_source_and_degree_are_only_warnings(ontology, shapes, valid):
    g = _variant(
        valid,
        remove=[
            (ADOPTION, SM.degree, SMDEG.IDT),
            (ADOPTION, URIRef("http://purl.org/dc/terms/source"), URIRef("https://openstd.samr.gov.cn/")),
            (GBT, SM.adopts, ISO),
        ],
    )
    conforms, results = _run(ontology, shapes, g)
    assert not conforms
    assert {r["shape"] for r in results} == {SMSH["Adoption-degreeMissing"], SMSH["Adoption-sourceMissing"]}
    assert {r["severity"] for r in results} == {SH.Warning}
    conforms, _, _ = validate(g + ontology, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms


def test_missing_shortcut_is_a_warning(ontology, shapes, valid):
    conforms, results = _run(ontology, shapes, _variant(valid, remove=[(GBT, SM.adopts, ISO)]))
    assert [(r["shape"], r["severity"]) for r in results] == [(SMSH.MissingAdoptsShape, SH.Warning)]
    assert results[0]["value"] == ADOPTION
    assert str(GBT) in results[0]["message"] and "sm:adopts" in results[0]["message"]


def test_correspondence_without_adoption(ontology, shapes, valid):
    g = _variant(valid, add="smstd:GB%2FT_24001-2016 sm:correspondsTo smstd:ISO_14001:2004 .")
    conforms, results = _run(ontology, shapes, g)
    assert [(r["shape"], r["focus"], r["value"]) for r in results] == [
        (SMSH["Standard-correspondenceDerived"], GBT, URIRef(str(ISO)[:-4] + "2004"))
    ]
    assert "never written by hand" in results[0]["message"]


def test_ontology_files_alone_conform(ontology, shapes):
    conforms, results = _run(ontology, shapes, Graph())
    assert results == [] and conforms


def test_blank_adoption_node_is_still_checked(ontology, shapes, valid):
    """An Adoption need not have a minted IRI to be validated; the shapes target the class."""
    g = _variant(valid)
    node = BNode()
    g.add((node, RDF.type, SM.Adoption))
    conforms, results = _run(ontology, shapes, g)
    assert not conforms
    assert {SMSH["Adoption-adoptingStandard"], SMSH["Adoption-adoptedStandard"]} <= {r["shape"] for r in results}


def test_disagreeing_sources_are_warnings(ontology, shapes, valid):
    """A source saying "adopts nothing" beside an IDT claim, and a one-sided dcterms:replaces, are reported softly."""
    g = _variant(valid, add="smstd:GB%2FT_24001-2016 sm:nationalOriginal true ; dcterms:replaces smstd:ISO_14001:2004 .")
    conforms, results = _run(ontology, shapes, g)
    assert {(r["shape"], r["severity"]) for r in results} == {
        (SMSH.NationalOriginalConflictShape, SH.Warning),
        (SMSH["Standard-replacementInverse"], SH.Warning),
    }
    conforms, _, _ = validate(g + ontology, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms


def test_supersession_cycle_is_a_violation(ontology, shapes, valid):
    g = _variant(
        valid,
        add="""smstd:ISO_14001:2004 dcterms:replaces smstd:ISO_14001:2015 .
               smstd:ISO_14001:2015 dcterms:isReplacedBy smstd:ISO_14001:2004 .""",
    )
    conforms, results = _run(ontology, shapes, g)
    assert not conforms
    assert {r["shape"] for r in results} == {SMSH["Standard-notReplacingItself"], SMSH["Standard-notReplacedByItself"]}


def test_joint_publishers_and_unlabelled_classification_codes(ontology, shapes, valid):
    """ISO/IEC standards name both publishers (docs/model.md: 1..n); a CCS code met only in a source has
    no label yet, which is worth a warning but is not an error."""
    g = _variant(
        valid,
        add="""smstd:ISO_14001:2015 dcterms:publisher smorg:IEC .
               smwork:ISO_14001 dcterms:publisher smorg:IEC .
               <https://w3id.org/stdmap/ccs/Z00> a skos:Concept ; skos:notation "Z00" ;
                   skos:inScheme <https://w3id.org/stdmap/ccs/scheme> .
               smstd:GB%2FT_24001-2016 sm:ccs <https://w3id.org/stdmap/ccs/Z00> .""",
    )
    conforms, results = _run(ontology, shapes, g)
    assert [(r["shape"], r["severity"]) for r in results] == [(SMSH["Concept-prefLabelMissing"], SH.Warning)]
