"""The stdmap vocabulary as Python names, mirroring ontology/stdmap.ttl and ontology/schemes.ttl.

Each closed vocabulary is an rdflib `DefinedNamespace` with `_fail = True`, so a misspelt term fails
where it is used (``SM.adopt`` raises AttributeError) instead of minting a new IRI that no query will
ever match. tests/test_ontology.py checks that these classes and the Turtle files declare the same terms.
The open namespaces (organizations, ICS/CCS fields, committees, standards, adoptions, graphs) are plain
`Namespace` objects because their members come with the data.

>>> from mapper.vocab import SM, SMDEG
>>> str(SM.adoptedStandard), str(SMDEG.IDT)
('https://w3id.org/stdmap/ont#adoptedStandard', 'https://w3id.org/stdmap/degree/IDT')
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD, DefinedNamespace

__all__ = [
    "SM",
    "SMDEG",
    "SMST",
    "SMDT",
    "SMLV",
    "SMME",
    "SMORG",
    "SMICS",
    "SMCCS",
    "SMTC",
    "SMSTD",
    "SMWORK",
    "SMAD",
    "SMG",
    "SMSH",
    "ONTOLOGY_FILES",
    "SHAPES_FILE",
    "PREFIXES",
    "bind_prefixes",
]

#: Turtle files of the vocabulary, in ontology/ (mapper.resources locates the folder).
ONTOLOGY_FILES: tuple[str, ...] = ("stdmap.ttl", "schemes.ttl", "organizations.ttl")
#: SHACL shapes, in the same folder.
SHAPES_FILE: str = "shapes.ttl"


class SM(DefinedNamespace):
    """Classes and properties of the stdmap ontology (ontology/stdmap.ttl)."""

    _NS = Namespace("https://w3id.org/stdmap/ont#")
    _fail = True

    # classes
    Standard: URIRef  # one edition or supplement
    StandardWork: URIRef  # the undated designation
    Organization: URIRef  # an SDO
    Committee: URIRef  # a technical committee
    Adoption: URIRef  # one claim that a standard adopts / corresponds to another

    # standard edition
    isEditionOf: URIRef
    supplementTo: URIRef
    supplementType: URIRef
    year: URIRef
    effective: URIRef
    withdrawn: URIRef
    status: URIRef
    documentType: URIRef
    ics: URIRef
    ccs: URIRef
    committee: URIRef
    planNumber: URIRef
    nationalOriginal: URIRef
    adopts: URIRef  # derived only: IDT/MOD
    correspondsTo: URIRef  # derived only: every degree

    # adoption claim
    adoptingStandard: URIRef
    adoptedStandard: URIRef
    degree: URIRef
    method: URIRef
    statedAs: URIRef

    # standards and adoption claims
    confidence: URIRef
    note: URIRef

    # organizations and committees
    level: URIRef
    jurisdiction: URIRef
    parentCommittee: URIRef

    # concept annotations
    countsAsAdoption: URIRef
    inForce: URIRef

    # provenance of source graphs (smg:meta)
    checksum: URIRef
    readerVersion: URIRef
    recordCount: URIRef
    dataGraph: URIRef
    errorCount: URIRef


class SMDEG(DefinedNamespace):
    """Degrees of correspondence (ISO/IEC Guide 21-1:2005 clause 4, plus legacy EQV)."""

    _NS = Namespace("https://w3id.org/stdmap/degree/")
    _fail = True

    scheme: URIRef
    IDT: URIRef
    MOD: URIRef
    NEQ: URIRef
    EQV: URIRef


class SMST(DefinedNamespace):
    """Statuses of an edition; only `current` is in force."""

    _NS = Namespace("https://w3id.org/stdmap/status/")
    _fail = True

    scheme: URIRef
    current: URIRef
    forthcoming: URIRef
    superseded: URIRef
    withdrawn: URIRef
    underDevelopment: URIRef
    unknown: URIRef


class SMDT(DefinedNamespace):
    """Document types (ISO/IEC deliverables, China's GB / GB/T / GB/Z, supplements; docs/model.md)."""

    _NS = Namespace("https://w3id.org/stdmap/doctype/")
    _fail = True

    scheme: URIRef
    IS: URIRef
    TS: URIRef
    TR: URIRef
    PAS: URIRef
    IWA: URIRef
    Guide: URIRef
    ISP: URIRef  # International Standardized Profile (ISO/IEC JTC 1)
    TTA: URIRef  # Technology Trends Assessment
    R: URIRef  # ISO Recommendation, before 1972
    DATA: URIRef
    GB: URIRef
    GBT: URIRef
    GBZ: URIRef
    Amd: URIRef
    Cor: URIRef
    Add: URIRef  # addendum (old ISO, BSI)
    Ext: URIRef  # extension (old ISO)
    Suppl: URIRef  # supplement (BSI)
    ISH: URIRef  # IEC interpretation sheet
    FRAG: URIRef  # IEC/BSI fragment
    SRD: URIRef
    ACEE: URIRef
    CA: URIRef
    WT: URIRef
    STD: URIRef
    PD: URIRef
    DD: URIRef
    HD: URIRef
    ENV: URIRef
    CR: URIRef
    CWA: URIRef
    ES: URIRef
    Rec: URIRef
    HB: URIRef  # BSI Handbook
    NA: URIRef  # UK National Annex
    EP: URIRef  # BSI electronic publication
    PP: URIRef  # BSI practical guide publication
    Flex: URIRef  # BSI Flex
    DC: URIRef  # BSI draft for public comment
    IR: URIRef  # CSA America Interim Requirement

    # China's industry, local and group standards, BSI amendment slips (not Python identifiers:
    # SMDT["CN-IND"], SMDT["BS-AMD"])
    _extras = ['CN-IND', 'CN-IND-T', 'CN-IND-Z', 'CN-DB', 'CN-DB-T', 'CN-DB-Z', 'CN-T', 'BS-AMD']


class SMLV(DefinedNamespace):
    """Levels of standards organizations."""

    _NS = Namespace("https://w3id.org/stdmap/level/")
    _fail = True

    scheme: URIRef
    international: URIRef
    regional: URIRef
    national: URIRef
    industry: URIRef
    local: URIRef
    group: URIRef
    consortium: URIRef


class SMME(DefinedNamespace):
    """Methods of adoption (ISO/IEC Guide 21-1:2005 clause 5)."""

    _NS = Namespace("https://w3id.org/stdmap/method/")
    _fail = True

    scheme: URIRef
    translation: URIRef
    redraft: URIRef
    endorsement: URIRef
    coverSheet: URIRef
    reprint: URIRef


SMORG = Namespace("https://w3id.org/stdmap/org/")
SMICS = Namespace("https://w3id.org/stdmap/ics/")
SMCCS = Namespace("https://w3id.org/stdmap/ccs/")
SMTC = Namespace("https://w3id.org/stdmap/committee/")
SMSTD = Namespace("https://w3id.org/stdmap/std/")
SMWORK = Namespace("https://w3id.org/stdmap/work/")
SMAD = Namespace("https://w3id.org/stdmap/adoption/")
SMG = Namespace("https://w3id.org/stdmap/graph/")
SMSH = Namespace("https://w3id.org/stdmap/shapes#")

#: prefix → namespace, as bound by `bind_prefixes` (docs/model.md, "Namespaces and IRIs").
PREFIXES: dict[str, str] = {
    "sm": str(SM),
    "smdeg": str(SMDEG),
    "smst": str(SMST),
    "smdt": str(SMDT),
    "smlv": str(SMLV),
    "smme": str(SMME),
    "smorg": str(SMORG),
    "smics": str(SMICS),
    "smccs": str(SMCCS),
    "smtc": str(SMTC),
    "smstd": str(SMSTD),
    "smwork": str(SMWORK),
    "smad": str(SMAD),
    "smg": str(SMG),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the stdmap prefixes on `graph` (replacing any other binding of the same prefix) and return it.

    Serialisations then read ``smdeg:IDT`` rather than full IRIs.

    >>> g = bind_prefixes(Graph())
    >>> dict(g.namespaces())["smdeg"]
    rdflib.term.URIRef('https://w3id.org/stdmap/degree/')
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
