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

import contextlib
import datetime as _dt
import functools
import gc
import hashlib
import threading
from collections.abc import Callable, Iterable

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from mapper import ids
from mapper.ids import Designation
from mapper.ingest.tabular import CatalogRecord
from mapper.store import nt, nt_iri, nt_text, nt_typed, term_of_nt
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
    return URIRef(_quoted_url(url))


def _quoted_url(url: str) -> str:
    from urllib.parse import quote

    url = url.strip()
    if url.isascii():  # what quote() writes, one table lookup per character instead of a call
        return url.translate(_URL_ESCAPES)
    return quote(url, safe=_URL_SAFE)


# quote() keeps letters, digits, "_.-~" and the ASCII characters of `safe` (it drops the others from it)
_URL_KEPT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~") | {
    c for c in _URL_SAFE if c.isascii()}
_URL_ESCAPES = {c: f"%{c:02X}" for c in range(128) if chr(c) not in _URL_KEPT}


@functools.lru_cache(maxsize=4096)
def _url_nt(url: str) -> str:
    # a row's source URLs are written for the row and again for each of its adoption nodes
    return nt_iri(_quoted_url(url))


def doc_type_iri(doc_type: str) -> URIRef:
    """The document-type concept; a type the scheme lacks gets an IRI anyway and SHACL flags it."""
    return DOC_TYPES.get(doc_type) or URIRef(str(SMDT) + ids.iri_slug(doc_type))


@functools.lru_cache(maxsize=1024)
def _doc_type_nt(doc_type: str) -> str:
    return nt(doc_type_iri(doc_type))


def _once(g: object, key: object) -> bool:
    """True the first time `key` is described in this sink: a catalogue names the same work, SDO, ICS
    code and committee thousands of times, and their triples need writing once."""
    seen = _described(g)
    if key in seen:
        return False
    seen.add(key)
    return True


def _described(g: object) -> set:
    """The keys (`("std", normalized)`, `("work", …)`, `("ics", code)` …) already described in this sink."""
    return g.__dict__.setdefault("_stdmap_described", set())


@contextlib.contextmanager
def bulk_reading(threshold: int = 100_000):
    """Run Python's cyclic garbage collector less often while a reader turns a whole catalogue into
    triples (the thresholds are put back after, also on an error).

    Why: a reader keeps hundreds of thousands of objects alive (records, parsed designations) and
    allocates millions more; with the default threshold the collector ran ~1,200 times per catalogue and
    walked every live object in its full passes, a quarter of a reader's time. The objects a reader makes
    form almost no reference cycles, so collecting every `threshold` allocations instead of every 700
    frees the same memory.

    >>> with bulk_reading():
    ...     pass
    """
    global _bulk_readers, _saved_threshold
    with _bulk_lock:  # readers in several threads: the first one in raises it, the last one out restores it
        if _bulk_readers == 0:
            _saved_threshold = gc.get_threshold()
            gc.set_threshold(max(threshold, _saved_threshold[0]), *_saved_threshold[1:])
        _bulk_readers += 1
    try:
        yield
    finally:
        with _bulk_lock:
            _bulk_readers -= 1
            if _bulk_readers == 0:
                gc.set_threshold(*_saved_threshold)


_bulk_lock = threading.Lock()
_bulk_readers = 0
_saved_threshold: tuple[int, ...] = gc.get_threshold()


# -- writing -------------------------------------------------------------------------------------------
# The functions below write N-Triples terms (mapper.store.nt_iri / nt_text / nt_typed) straight into a
# TripleBuffer (`add_terms`): an import writes millions of triples, and building an rdflib term for
# each, then formatting it again as text, was most of a reader's time. Another sink (an rdflib Graph)
# gets the same triples as rdflib terms. The public add_* functions take and return rdflib terms.
Emit = Callable[[str, str, str], None]


def _emitter(g: object) -> Emit:
    add_terms = getattr(g, "add_terms", None)
    if add_terms is not None:
        return add_terms

    def emit(s: str, p: str, o: str) -> None:
        g.add((term_of_nt(s), term_of_nt(p), term_of_nt(o)))  # type: ignore[attr-defined]

    return emit


class _Terms:
    """The N-Triples form (`<iri>`) of a namespace's terms, each formatted once."""

    def __init__(self, ns: object) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        text = nt_iri(str(getattr(self._ns, name)))
        setattr(self, name, text)
        return text


_RDF, _SKOS, _DCT, _PROV = _Terms(RDF), _Terms(SKOS), _Terms(DCTERMS), _Terms(PROV)
_SM, _SMDT, _SMICS, _SMCCS = _Terms(SM), _Terms(SMDT), _Terms(SMICS), _Terms(SMCCS)
_TYPE = _RDF.type
_DEGREE_NT = {k: nt(v) for k, v in DEGREES.items()}
_STATUS_NT = {k: nt(v) for k, v in STATUSES.items()}
_METHOD_NT = {k: nt(v) for k, v in METHODS.items()}
_LEVEL_NT = {k: nt(v) for k, v in LEVELS.items()}
_XSD_INTEGER, _XSD_DATE, _XSD_BOOLEAN = str(XSD.integer), str(XSD.date), str(XSD.boolean)
_TRUE = nt_typed("true", _XSD_BOOLEAN)


#: nt() of the graph IRIs and other terms passed in again and again (one per imported file)
_node_nt = functools.lru_cache(maxsize=64)(nt)


def _literal_nt(value: object) -> str:
    """Any value as `nt(Literal(value))` (a str quickly)."""
    return nt_text(value) if type(value) is str else nt(Literal(value))


def _date_nt(value: _dt.date) -> str:
    return nt_typed(value.isoformat(), _XSD_DATE)


@functools.lru_cache(maxsize=65536)
def _lit(value: object) -> Literal:
    return Literal(value)


@functools.lru_cache(maxsize=65536)
def _standard_nt(normalized: str) -> str:
    return nt_iri(str(SMSTD) + ids.iri_slug(normalized))


@functools.lru_cache(maxsize=65536)
def _work_nt(undated: str) -> str:
    return nt_iri(str(SMWORK) + ids.iri_slug(undated))


@functools.lru_cache(maxsize=262144)
def standard_iri(normalized: str) -> URIRef:
    return URIRef(_standard_nt(normalized)[1:-1])


@functools.lru_cache(maxsize=262144)
def work_iri(undated: str) -> URIRef:
    return URIRef(_work_nt(undated)[1:-1])


def committee_iri(reference: str) -> URIRef:
    return URIRef(str(SMTC) + ids.iri_slug(" ".join(reference.split())))


@functools.lru_cache(maxsize=16384)
def _committee_nt(reference: str) -> str:
    return nt(committee_iri(reference))


@functools.lru_cache(maxsize=4096)
def org_iri(acronym: str) -> URIRef:
    return URIRef(str(SMORG) + ids.iri_slug(ORG_NAMES.get(acronym, acronym)))


@functools.lru_cache(maxsize=4096)
def _org_nt(acronym: str) -> str:
    return nt(org_iri(acronym))


@functools.lru_cache(maxsize=65536)
def ics_iri(code: str) -> URIRef:
    return URIRef(str(SMICS) + code)


@functools.lru_cache(maxsize=65536)
def _ics_nt(code: str) -> str:
    return nt(ics_iri(code))


def ccs_iri(code: str) -> URIRef:
    return URIRef(str(SMCCS) + code)


def adoption_iri(adopting: URIRef, adopted: URIRef, graph: URIRef) -> URIRef:
    digest = hashlib.sha1(f"{adopting}|{adopted}|{graph}".encode()).hexdigest()[:20]
    return URIRef(str(SMAD) + digest)


def _adoption_nt(adopting: str, adopted: str, graph: str) -> str:
    """`nt(adoption_iri(…))` for IRIs given in N-Triples form."""
    digest = hashlib.sha1(f"{adopting[1:-1]}|{adopted[1:-1]}|{graph[1:-1]}".encode()).hexdigest()[:20]
    return nt_iri(str(SMAD) + digest)


def ics_parents(code: str) -> list[str]:
    """'13.020.40' → ['13.020', '13']"""
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def add_ics(g: Graph, code: str) -> URIRef:
    _ics(_emitter(g), _described(g), code)
    return ics_iri(code)


def _ics(emit: Emit, seen: set, code: str) -> str:
    iri = _ics_nt(code)
    key = ("ics", code)
    if key in seen:
        return iri
    seen.add(key)
    chain = [code, *ics_parents(code)]
    for child, parent in zip(chain, chain[1:] + [None]):
        c = _ics_nt(child)
        emit(c, _TYPE, _SKOS.Concept)
        emit(c, _SKOS.notation, nt_text(child))
        emit(c, _SKOS.inScheme, _SMICS.scheme)
        if parent is not None:
            emit(c, _SKOS.broader, _ics_nt(parent))
        else:
            emit(c, _SKOS.topConceptOf, _SMICS.scheme)
    return iri


def add_ccs(g: Graph, code: str) -> URIRef:
    _ccs(_emitter(g), _described(g), code)
    return ccs_iri(code)


@functools.lru_cache(maxsize=4096)
def _ccs_nt(code: str) -> str:
    return nt(ccs_iri(code))


def _ccs(emit: Emit, seen: set, code: str) -> str:
    iri = _ccs_nt(code)
    key = ("ccs", code)
    if key in seen:
        return iri
    seen.add(key)
    emit(iri, _TYPE, _SKOS.Concept)
    emit(iri, _SKOS.notation, nt_text(code))
    emit(iri, _SKOS.inScheme, _SMCCS.scheme)
    return iri


@functools.lru_cache(maxsize=1)
def known_organizations() -> frozenset[str]:
    """IRIs of the SDOs described in ontology/organizations.ttl (level and jurisdiction come from there)."""
    from mapper.resources import resource_dir

    ont = Graph().parse(resource_dir("ontology") / "organizations.ttl", format="turtle")
    return frozenset(str(s) for s in ont.subjects(RDF.type, SM.Organization))


@functools.lru_cache(maxsize=1)
def _known_organization_nts() -> frozenset[str]:
    return frozenset(nt_iri(iri) for iri in known_organizations())


def add_org(g: Graph, acronym: str, level: str, jurisdiction: str) -> URIRef:
    """The publisher node. A known SDO is described by the vocabulary, so nothing is written about it
    here: a joint designation (AS/NZS, ANSI/IEEE) must not give a co-publisher its partner's country."""
    _org(_emitter(g), _described(g), acronym, (level, jurisdiction))
    return org_iri(acronym)


def _org(emit: Emit, seen: set, acronym: str, where: Designation | tuple[str, str]) -> str:
    """`where`: (level, jurisdiction), or the designation that tells them (asked only for an SDO the
    vocabulary does not describe)."""
    iri = _org_nt(acronym)
    if iri in _known_organization_nts():
        return iri
    key = ("org", acronym)
    if key in seen:
        return iri
    seen.add(key)
    level, jurisdiction = where if isinstance(where, tuple) else (where.level, where.jurisdiction)
    emit(iri, _TYPE, _SM.Organization)
    emit(iri, _SKOS.prefLabel, nt_text(acronym))
    emit(iri, _SM.level, _LEVEL_NT[level])
    emit(iri, _SM.jurisdiction, nt_text(jurisdiction))
    return iri


def add_committee(g: Graph, reference: str) -> URIRef:
    reference = " ".join(reference.split())
    _committee(_emitter(g), _described(g), reference)
    return committee_iri(reference)


def _committee(emit: Emit, seen: set, reference: str) -> str:
    reference = " ".join(reference.split())
    iri = _committee_nt(reference)
    key = ("tc", reference)
    if key in seen:
        return iri
    seen.add(key)
    emit(iri, _TYPE, _SM.Committee)
    label = nt_text(reference)
    emit(iri, _SKOS.prefLabel, label)
    emit(iri, _SKOS.notation, label)
    for acronym in committee_publishers(reference):
        emit(iri, _DCT.publisher, _org_nt(acronym))
    return iri


def committee_publishers(reference: str) -> list[str]:
    """'ISO/TC 207/SC 7' → ['ISO']; 'ISO/IEC JTC 1/SC 27' → ['ISO', 'IEC']; 'SAC/TC 548' → ['SAC']."""
    head = reference.split(" ", 1)[0].upper()
    known = ("ISO", "IEC", "SAC", "CEN", "CENELEC", "ITU")
    parts = [p for p in head.split("/") if p in known]
    return parts


def add_designation(g: Graph, d: Designation) -> URIRef:
    """Add what a designation alone tells (identity, work, publisher, type, year) and return its IRI."""
    _designation(_emitter(g), _described(g), d)
    return standard_iri(d.normalized)


def _designation(emit: Emit, seen: set, d: Designation) -> str:
    # the adoptions a designation states are not part of it: its canonical form, work, publishers and
    # type do not depend on them (the nodes they name are written by add_stated_adoptions)
    norm = d.normalized
    iri = _standard_nt(norm)
    key = ("std", norm)
    if key in seen:
        return iri
    seen.add(key)
    label = nt_text(norm)
    emit(iri, _TYPE, _SM.Standard)
    emit(iri, _DCT.identifier, label)
    emit(iri, _SKOS.prefLabel, label)
    work_id = d.work
    work = _work_nt(work_id)
    emit(iri, _SM.isEditionOf, work)
    work_key = ("work", work_id)
    new_work = work_key not in seen
    if new_work:
        seen.add(work_key)
        work_label = nt_text(work_id)
        emit(work, _TYPE, _SM.StandardWork)
        emit(work, _DCT.identifier, work_label)
        emit(work, _SKOS.prefLabel, work_label)
    for acronym in d.publishers:
        org = _org(emit, seen, acronym, d)
        emit(iri, _DCT.publisher, org)
        if new_work:
            emit(work, _DCT.publisher, org)
    supplements = d.supplements
    if supplements:
        last = supplements[-1]
        emit(iri, _SM.documentType, _doc_type_nt(last.kind))
        if last.kind in ("Amd", "Cor"):  # sm:supplementType is Amd or Cor; other kinds are document types only
            emit(iri, _SM.supplementType, nt_text(last.kind))
        base = _designation(emit, seen, d.base if len(supplements) == 1 else _drop_last_supplement(d))
        emit(iri, _SM.supplementTo, base)
    else:
        emit(iri, _SM.documentType, _doc_type_nt(d.doc_type))
    if d.year is not None:
        year = supplements[-1].year if supplements and supplements[-1].year else d.year
        emit(iri, _SM.year, nt_typed(str(year), _XSD_INTEGER))
    return iri


def _drop_last_supplement(d: Designation) -> Designation:
    return ids.copy_with(d, supplements=d.supplements[:-1], adopts=())


@functools.lru_cache(maxsize=65536)
def _date(value: _dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def record_iri(rec: CatalogRecord) -> URIRef:
    return standard_iri(rec.key)


def add_record(g: Graph, rec: CatalogRecord, graph: URIRef) -> URIRef:
    """All triples one catalogue row states, including its adoption claims."""
    _record(_emitter(g), _described(g), rec, _node_nt(graph))
    return standard_iri(rec.key)


def _record(emit: Emit, seen: set, rec: CatalogRecord, graph: str) -> str:
    if rec.designation is not None:
        iri = _designation(emit, seen, rec.designation)
        if rec.printed and rec.printed != rec.designation.normalized:
            emit(iri, _SKOS.altLabel, _literal_nt(rec.printed))
    else:  # a planned standard with no number yet: identified by its plan number
        key = rec.key
        iri = _standard_nt(key)
        label = nt_text(key)
        emit(iri, _TYPE, _SM.Standard)
        emit(iri, _DCT.identifier, label)
        emit(iri, _SKOS.prefLabel, label)
        work = _work_nt(key)
        emit(iri, _SM.isEditionOf, work)
        emit(work, _TYPE, _SM.StandardWork)
        emit(work, _DCT.identifier, label)
        emit(work, _SKOS.prefLabel, label)
        org = _org(emit, seen, "SAC", ("national", "CN"))
        emit(iri, _DCT.publisher, org)
        emit(work, _DCT.publisher, org)
        emit(iri, _SM.documentType, _SMDT.GBT)
    if rec.plan:
        emit(iri, _SM.planNumber, _literal_nt(rec.plan))
    if rec.title_zh:
        emit(iri, _DCT.title, nt_text(rec.title_zh, "zh"))
    if rec.title_en:
        emit(iri, _DCT.title, nt_text(rec.title_en, "en"))
    if rec.title_fr:
        emit(iri, _DCT.title, nt_text(rec.title_fr, "fr"))
    if rec.status:
        emit(iri, _SM.status, _STATUS_NT[rec.status])
    if rec.issued:
        emit(iri, _DCT.issued, _date_nt(rec.issued))
    if rec.effective:
        emit(iri, _SM.effective, _date_nt(rec.effective))
    if rec.withdrawn:
        emit(iri, _SM.withdrawn, _date_nt(rec.withdrawn))
    for code in rec.ics:
        emit(iri, _SM.ics, _ics(emit, seen, code))
    for code in rec.ccs:
        emit(iri, _SM.ccs, _ccs(emit, seen, code))
    for ref in rec.committees:
        emit(iri, _SM.committee, _committee(emit, seen, ref))
    for old in rec.replaces:
        o = _designation(emit, seen, old)
        emit(iri, _DCT.replaces, o)
        emit(o, _DCT.isReplacedBy, iri)
    for new in rec.replaced_by:
        n = _designation(emit, seen, new)
        emit(n, _DCT.replaces, iri)
        emit(iri, _DCT.isReplacedBy, n)
    if rec.national_original:
        emit(iri, _SM.nationalOriginal, _TRUE)
    sources = [_url_nt(url) for url in rec.sources]
    for url in sources:
        emit(iri, _DCT.source, url)
    confidence = _literal_nt(rec.confidence) if rec.confidence else None
    if confidence:
        emit(iri, _SM.confidence, confidence)
    if rec.note:
        emit(iri, _SM.note, _literal_nt(rec.note))
    for ref, degree, stated in rec.adopted:
        target = _designation(emit, seen, ref)
        _adoption(
            emit, _adoption_nt(iri, target, graph), iri, target, degree, graph,
            method=rec.method, sources=sources, confidence=confidence,
            stated=_literal_nt(stated) if stated else None,
            note=_literal_nt(rec.note) if rec.note and not degree else None,
        )
        _stated_adoptions(emit, seen, target, ref, graph, sources)
    if rec.designation is not None and rec.designation.adopts:
        # nested layers the designation states (BS EN ISO 14001 → EN ISO 14001 → ISO 14001)
        for imp in rec.designation.adopts:
            _stated_adoptions(emit, seen, _standard_nt(imp.ref.normalized), imp.ref, graph, sources)
    return iri


def add_stated_adoptions(g: Graph, node: URIRef, d: Designation, graph: URIRef, sources: Iterable[str] = ()) -> None:
    """Adoption claims a designation states about the standard it names, layer by layer."""
    _stated_adoptions(_emitter(g), _described(g), nt(node), d, nt(graph), [_url_nt(url) for url in sources])


def _stated_adoptions(emit: Emit, seen: set, node: str, d: Designation, graph: str, sources: list[str]) -> None:
    if not d.adopts:
        return
    stated = nt_text(d.normalized)
    for imp in d.adopts:
        target = _designation(emit, seen, imp.ref)
        _adoption(emit, _adoption_nt(node, target, graph), node, target, imp.degree, graph,
                  sources=sources, stated=stated)
        _stated_adoptions(emit, seen, target, imp.ref, graph, sources)


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
    _adoption(
        _emitter(g), nt(node), nt(adopting), nt(adopted), degree, nt(graph), method=method,
        sources=[_url_nt(url) for url in sources],
        confidence=_literal_nt(confidence) if confidence else None,
        stated=_literal_nt(stated) if stated else None, note=_literal_nt(note) if note else None,
    )
    return node


def _adoption(
    emit: Emit, node: str, adopting: str, adopted: str, degree: str | None, graph: str, *,
    method: str | None = None, sources: list[str] = (), confidence: str | None = None,  # type: ignore[assignment]
    stated: str | None = None, note: str | None = None,
) -> None:
    """`add_adoption` with every term already in N-Triples form (literals too)."""
    emit(node, _TYPE, _SM.Adoption)
    emit(node, _SM.adoptingStandard, adopting)
    emit(node, _SM.adoptedStandard, adopted)
    emit(node, _PROV.wasDerivedFrom, graph)
    if degree is not None:
        emit(node, _SM.degree, _DEGREE_NT[degree])
    if method:
        emit(node, _SM.method, _METHOD_NT[method])
    for url in sources:
        emit(node, _DCT.source, url)
    if confidence:
        emit(node, _SM.confidence, confidence)
    if stated:
        emit(node, _SM.statedAs, stated)
    if note:
        emit(node, _SM.note, note)
    # derived shortcuts (GB/T 1.2-2020 §4.1.1: only IDT and MOD are adoption)
    emit(adopting, _SM.correspondsTo, adopted)
    if degree in ("IDT", "MOD"):
        emit(adopting, _SM.adopts, adopted)
