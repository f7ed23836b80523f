"""Turn catalogue records into triples: standards, works, adoptions and their derived shortcuts.

Every IRI is minted from a normalised designation (`mapper.ids.iri_slug`), so the same standard met in
two sources is one node and importing the same file twice yields the same triples. Adoption nodes are
one per claim and per source graph; the `sm:adopts` / `sm:correspondsTo` shortcuts are derived here
from each Adoption node and never written by hand.

>>> g = Graph(); iri = add_designation(g, ids.parse("ISO 14001:2015"))
>>> str(iri)
'https://w3id.org/stdmap/std/ISO_14001:2015'
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
from typing import Iterable

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from mapper import ids
from mapper.ids import Designation
from mapper.ingest.tabular import CatalogRecord
from mapper.vocab import SM, SMCCS, SMDEG, SMDT, SMICS, SMLV, SMME, SMORG, SMST, SMSTD, SMTC, SMWORK, SMAD

class _Resolved:
    """A namespace whose terms are looked up once: rdflib's DefinedNamespace checks every attribute
    access against its term list, and a full catalogue import asks for SM.x / RDF.type millions of times."""

    def __init__(self, ns: object) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._ns, name)
        setattr(self, name, term)
        return term

    def __str__(self) -> str:
        return str(self._ns)


RDF, SKOS, DCTERMS, PROV = _Resolved(RDF), _Resolved(SKOS), _Resolved(DCTERMS), _Resolved(PROV)
SM, SMDT, SMDEG, SMST, SMME, SMLV, SMICS = (_Resolved(n) for n in (SM, SMDT, SMDEG, SMST, SMME, SMLV, SMICS))

DOC_TYPES = {
    "IS": SMDT.IS, "TS": SMDT.TS, "TR": SMDT.TR, "PAS": SMDT.PAS, "IWA": SMDT.IWA, "Guide": SMDT.Guide,
    "GB": SMDT.GB, "GB/T": SMDT.GBT, "GB/Z": SMDT.GBZ,
    # supplement kinds (mapper.ids.Supplement.kind)
    "Amd": SMDT.Amd, "Cor": SMDT.Cor, "Add": SMDT.Add, "Ext": SMDT.Ext, "Suppl": SMDT.Suppl,
    "ISH": SMDT.ISH, "FRAG": SMDT.FRAG,
}
DEGREES = {"IDT": SMDEG.IDT, "MOD": SMDEG.MOD, "NEQ": SMDEG.NEQ, "EQV": SMDEG.EQV}
STATUSES = {
    "current": SMST.current, "forthcoming": SMST.forthcoming, "superseded": SMST.superseded,
    "withdrawn": SMST.withdrawn, "underDevelopment": SMST.underDevelopment, "unknown": SMST.unknown,
}
METHODS = {
    "translation": SMME.translation, "redraft": SMME.redraft, "endorsement": SMME.endorsement,
    "coverSheet": SMME.coverSheet, "reprint": SMME.reprint,
}
LEVELS = {
    "international": SMLV.international, "regional": SMLV.regional, "national": SMLV.national,
    "industry": SMLV.industry, "local": SMLV.local, "group": SMLV.group, "consortium": SMLV.consortium,
}
#: designation publisher acronym → organisation IRI local name (organizations.ttl)
ORG_NAMES = {"SAC": "SAC", "ISO": "ISO", "IEC": "IEC"}


#: what url_ref leaves as it is: IRI delimiters, '%' (already encoded) and Latin letters beyond ASCII
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._" + "".join(chr(c) for c in range(0x80, 0x250))


def url_ref(url: str) -> URIRef:
    """A source URL as an IRI, with the characters IRIs forbid (space, <>"{}|\\^`) percent-encoded."""
    from urllib.parse import quote

    return URIRef(quote(url.strip(), safe=_URL_SAFE))


def doc_type_iri(doc_type: str) -> URIRef:
    """The document-type concept; a type the scheme lacks gets an IRI anyway and SHACL flags it."""
    return DOC_TYPES.get(doc_type) or URIRef(str(SMDT) + ids.iri_slug(doc_type))


def _once(g: object, key: object) -> bool:
    """True the first time `key` is described in this sink: a catalogue names the same work, SDO, ICS
    code and committee thousands of times, and their triples need writing once."""
    seen = g.__dict__.setdefault("_stdmap_described", set())
    if key in seen:
        return False
    seen.add(key)
    return True


@functools.lru_cache(maxsize=65536)
def _lit(value: object) -> Literal:
    return Literal(value)


@functools.lru_cache(maxsize=262144)
def standard_iri(normalized: str) -> URIRef:
    return URIRef(str(SMSTD) + ids.iri_slug(normalized))


@functools.lru_cache(maxsize=262144)
def work_iri(undated: str) -> URIRef:
    return URIRef(str(SMWORK) + ids.iri_slug(undated))


def committee_iri(reference: str) -> URIRef:
    return URIRef(str(SMTC) + ids.iri_slug(" ".join(reference.split())))


@functools.lru_cache(maxsize=4096)
def org_iri(acronym: str) -> URIRef:
    return URIRef(str(SMORG) + ids.iri_slug(ORG_NAMES.get(acronym, acronym)))


@functools.lru_cache(maxsize=65536)
def ics_iri(code: str) -> URIRef:
    return URIRef(str(SMICS) + code)


def ccs_iri(code: str) -> URIRef:
    return URIRef(str(SMCCS) + code)


def adoption_iri(adopting: URIRef, adopted: URIRef, graph: URIRef) -> URIRef:
    digest = hashlib.sha1(f"{adopting}|{adopted}|{graph}".encode()).hexdigest()[:20]
    return URIRef(str(SMAD) + digest)


def ics_parents(code: str) -> list[str]:
    """'13.020.40' → ['13.020', '13']"""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def add_ics(g: Graph, code: str) -> URIRef:
    iri = ics_iri(code)
    if not _once(g, ("ics", code)):
        return iri
    chain = [code, *ics_parents(code)]
    for child, parent in zip(chain, chain[1:] + [None]):
        c = ics_iri(child)
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.notation, _lit(child)))
        g.add((c, SKOS.inScheme, SMICS.scheme))
        if parent is not None:
            g.add((c, SKOS.broader, ics_iri(parent)))
        else:
            g.add((c, SKOS.topConceptOf, SMICS.scheme))
    return iri


def add_ccs(g: Graph, code: str) -> URIRef:
    iri = ccs_iri(code)
    if not _once(g, ("ccs", code)):
        return iri
    g.add((iri, RDF.type, SKOS.Concept))
    g.add((iri, SKOS.notation, Literal(code)))
    g.add((iri, SKOS.inScheme, SMCCS.scheme))
    return iri


@functools.lru_cache(maxsize=1)
def known_organizations() -> frozenset[str]:
    """IRIs of the SDOs described in ontology/organizations.ttl (level and jurisdiction come from there)."""
    from mapper.resources import resource_dir

    ont = Graph().parse(resource_dir("ontology") / "organizations.ttl", format="turtle")
    return frozenset(str(s) for s in ont.subjects(RDF.type, SM.Organization))


def add_org(g: Graph, acronym: str, level: str, jurisdiction: str) -> URIRef:
    """The publisher node. A known SDO is described by the vocabulary, so nothing is written about it
    here: a joint designation (AS/NZS, ANSI/IEEE) must not give a co-publisher its partner's country."""
    iri = org_iri(acronym)
    if str(iri) in known_organizations() or not _once(g, ("org", acronym)):
        return iri
    g.add((iri, RDF.type, SM.Organization))
    g.add((iri, SKOS.prefLabel, Literal(acronym)))
    g.add((iri, SM.level, LEVELS[level]))
    g.add((iri, SM.jurisdiction, Literal(jurisdiction)))
    return iri


def add_committee(g: Graph, reference: str) -> URIRef:
    reference = " ".join(reference.split())
    iri = committee_iri(reference)
    if not _once(g, ("tc", reference)):
        return iri
    g.add((iri, RDF.type, SM.Committee))
    g.add((iri, SKOS.prefLabel, Literal(reference)))
    g.add((iri, SKOS.notation, Literal(reference)))
    for acronym in committee_publishers(reference):
        g.add((iri, DCTERMS.publisher, org_iri(acronym)))
    return iri


def committee_publishers(reference: str) -> list[str]:
    """'ISO/TC 207/SC 7' → ['ISO']; 'ISO/IEC JTC 1/SC 27' → ['ISO', 'IEC']; 'SAC/TC 548' → ['SAC']."""
    head = reference.split(" ", 1)[0].upper()
    known = ("ISO", "IEC", "SAC", "CEN", "CENELEC", "ITU")
    parts = [p for p in head.split("/") if p in known]
    return parts


def add_designation(g: Graph, d: Designation) -> URIRef:
    """Add what a designation alone tells (identity, work, publisher, type, year) and return its IRI."""
    if d.adopts:
        d = _without_adopts(d)
    norm = d.normalized
    iri = standard_iri(norm)
    if not _once(g, ("std", norm)):
        return iri
    g.add((iri, RDF.type, SM.Standard))
    g.add((iri, DCTERMS.identifier, _lit(norm)))
    g.add((iri, SKOS.prefLabel, _lit(norm)))
    work_id = d.work
    work = work_iri(work_id)
    g.add((iri, SM.isEditionOf, work))
    new_work = _once(g, ("work", work_id))
    if new_work:
        g.add((work, RDF.type, SM.StandardWork))
        g.add((work, DCTERMS.identifier, _lit(work_id)))
        g.add((work, SKOS.prefLabel, _lit(work_id)))
    for acronym in d.publishers:
        org = add_org(g, acronym, d.level, d.jurisdiction)
        g.add((iri, DCTERMS.publisher, org))
        if new_work:
            g.add((work, DCTERMS.publisher, org))
    if d.supplements:
        last = d.supplements[-1]
        g.add((iri, SM.documentType, doc_type_iri(last.kind)))
        if last.kind in ("Amd", "Cor"):  # sm:supplementType is Amd or Cor; other kinds are document types only
            g.add((iri, SM.supplementType, Literal(last.kind)))
        base = add_designation(g, d.base) if len(d.supplements) == 1 else add_designation(g, _drop_last_supplement(d))
        g.add((iri, SM.supplementTo, base))
    else:
        g.add((iri, SM.documentType, doc_type_iri(d.doc_type)))
    if d.year is not None:
        g.add((iri, SM.year, _lit(d.supplements[-1].year if d.supplements and d.supplements[-1].year else d.year)))
    return iri


def _drop_last_supplement(d: Designation) -> Designation:
    import dataclasses

    return dataclasses.replace(d, supplements=d.supplements[:-1], adopts=())


@functools.lru_cache(maxsize=65536)
def _date(value: _dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def record_iri(rec: CatalogRecord) -> URIRef:
    return standard_iri(rec.key)


def add_record(g: Graph, rec: CatalogRecord, graph: URIRef) -> URIRef:
    """All triples one catalogue row states, including its adoption claims."""
    if rec.designation is not None:
        iri = add_designation(g, rec.designation)
        if rec.printed and rec.printed != rec.designation.normalized:
            g.add((iri, SKOS.altLabel, Literal(rec.printed)))
    else:  # a planned standard with no number yet: identified by its plan number
        iri = standard_iri(rec.key)
        g.add((iri, RDF.type, SM.Standard))
        g.add((iri, DCTERMS.identifier, Literal(rec.key)))
        g.add((iri, SKOS.prefLabel, Literal(rec.key)))
        work = work_iri(rec.key)
        g.add((iri, SM.isEditionOf, work))
        g.add((work, RDF.type, SM.StandardWork))
        g.add((work, DCTERMS.identifier, Literal(rec.key)))
        g.add((work, SKOS.prefLabel, Literal(rec.key)))
        org = add_org(g, "SAC", "national", "CN")
        g.add((iri, DCTERMS.publisher, org))
        g.add((work, DCTERMS.publisher, org))
        g.add((iri, SM.documentType, SMDT.GBT))
    if rec.plan:
        g.add((iri, SM.planNumber, Literal(rec.plan)))
    if rec.title_zh:
        g.add((iri, DCTERMS.title, Literal(rec.title_zh, lang="zh")))
    if rec.title_en:
        g.add((iri, DCTERMS.title, Literal(rec.title_en, lang="en")))
    if rec.status:
        g.add((iri, SM.status, STATUSES[rec.status]))
    if rec.issued:
        g.add((iri, DCTERMS.issued, _date(rec.issued)))
    if rec.effective:
        g.add((iri, SM.effective, _date(rec.effective)))
    if rec.withdrawn:
        g.add((iri, SM.withdrawn, _date(rec.withdrawn)))
    for code in rec.ics:
        g.add((iri, SM.ics, add_ics(g, code)))
    for code in rec.ccs:
        g.add((iri, SM.ccs, add_ccs(g, code)))
    for ref in rec.committees:
        g.add((iri, SM.committee, add_committee(g, ref)))
    for old in rec.replaces:
        o = add_designation(g, old)
        g.add((iri, DCTERMS.replaces, o))
        g.add((o, DCTERMS.isReplacedBy, iri))
    for new in rec.replaced_by:
        n = add_designation(g, new)
        g.add((n, DCTERMS.replaces, iri))
        g.add((iri, DCTERMS.isReplacedBy, n))
    if rec.national_original:
        g.add((iri, SM.nationalOriginal, Literal(True)))
    for url in rec.sources:
        g.add((iri, DCTERMS.source, url_ref(url)))
    if rec.confidence:
        g.add((iri, SM.confidence, Literal(rec.confidence)))
    if rec.note:
        g.add((iri, SM.note, Literal(rec.note)))
    for ref, degree, stated in rec.adopted:
        target = add_designation(g, ref)
        add_adoption(
            g, iri, target, degree, graph,
            method=rec.method, sources=rec.sources, confidence=rec.confidence,
            stated=stated, note=None if degree else rec.note,
        )
        add_stated_adoptions(g, target, ref, graph, rec.sources)
    if rec.designation is not None and rec.designation.adopts:
        # nested layers the designation states (BS EN ISO 14001 → EN ISO 14001 → ISO 14001)
        for imp in rec.designation.adopts:
            add_stated_adoptions(g, standard_iri(_without_adopts(imp.ref).normalized), imp.ref, graph, rec.sources)
    return iri


def add_stated_adoptions(g: Graph, node: URIRef, d: Designation, graph: URIRef, sources: Iterable[str] = ()) -> None:
    """Adoption claims a designation states about the standard it names, layer by layer."""
    for imp in d.adopts:
        target = add_designation(g, imp.ref)
        add_adoption(g, node, target, imp.degree, graph, sources=sources, stated=d.normalized)
        add_stated_adoptions(g, target, imp.ref, graph, sources)


def _without_adopts(d: Designation) -> Designation:
    import dataclasses

    return dataclasses.replace(d, adopts=())


def add_adoption(
    g: Graph,
    adopting: URIRef,
    adopted: URIRef,
    degree: str | None,
    graph: URIRef,
    *,
    method: str | None = None,
    sources: Iterable[str] = (),
    confidence: str | None = None,
    stated: str | None = None,
    note: str | None = None,
) -> URIRef:
    """One adoption claim plus its derived shortcut triples."""
    node = adoption_iri(adopting, adopted, graph)
    g.add((node, RDF.type, SM.Adoption))
    g.add((node, SM.adoptingStandard, adopting))
    g.add((node, SM.adoptedStandard, adopted))
    g.add((node, PROV.wasDerivedFrom, graph))
    if degree is not None:
        g.add((node, SM.degree, DEGREES[degree]))
    if method:
        g.add((node, SM.method, METHODS[method]))
    for url in sources:
        g.add((node, DCTERMS.source, url_ref(url)))
    if confidence:
        g.add((node, SM.confidence, Literal(confidence)))
    if stated:
        g.add((node, SM.statedAs, Literal(stated)))
    if note:
        g.add((node, SM.note, Literal(note)))
    # derived shortcuts (GB/T 1.2-2020 §4.1.1: only IDT and MOD are adoption)
    g.add((adopting, SM.correspondsTo, adopted))
    if degree in ("IDT", "MOD"):
        g.add((adopting, SM.adopts, adopted))
    return node
