"""Write the store out: RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads), SKOS mappings and SSSOM TSV.

Every output is sorted and has no time stamp of its own, so two exports of the same store are
byte-identical (`stdmap export` twice, then `cmp`).

* `turtle`, `nt`, `jsonld` — the union of all sources (or of one, `source=`), with the stdmap prefixes.
* `trig`, `nquads` — one named graph per source, named by the source's stable IRI (`smg:bundled`,
  `smg:file-…`, not the versioned data graph), plus the graph `smg:meta` with each exported source's
  provenance (origin, checksum, reader, record count, import time; not the internal `sm:dataGraph`).
* `skos` — one triple per adoption claim, in Turtle: adopting `skos:exactMatch` (IDT),
  `skos:closeMatch` (MOD) or `skos:relatedMatch` (NEQ, EQV) adopted. Claims without a degree are left
  out and counted in the header comment. The same pair stated by two sources is one triple.
* `sssom` — SSSOM TSV (https://mapping-commons.github.io/sssom/): a `#` YAML metadata block, then one
  row per adoption claim (claims without a degree left out, as for `skos`), sorted. Columns:
  `subject_id` / `subject_label` (the adopting standard), `predicate_id` (as for `skos`), `object_id` /
  `object_label` (the adopted standard), `mapping_justification` (`semapv:ManualMappingCuration` for
  claims of the curated bundled knowledge base, `semapv:UnspecifiedMatching` for claims of imported
  files, whose curation stdmap cannot vouch for), `confidence` (the claim's `sm:confidence` H/M/L as
  0.9/0.7/0.4; empty when the claim has none), `mapping_source` (the source graph as a CURIE),
  `see_also` (the claim's `dcterms:source` documents, `|`-separated), `comment` (the degree and, when
  the source wrote it otherwise, the degree as stated).

A JSON-LD or Turtle export read back with `stdmap import` gives an isomorphic graph (blank nodes
included); so does TriG/N-Quads, whose named graphs the import merges into one source graph.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import pyoxigraph as ox
from rdflib import URIRef

from mapper.store import META_GRAPH, SourceInfo, Store
from mapper.vocab import PREFIXES as STDMAP_PREFIXES

RDF_FORMATS = ("turtle", "nt", "nquads", "jsonld", "trig")
FORMATS = RDF_FORMATS + ("skos", "sssom")

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SM = "https://w3id.org/stdmap/ont#"
_SMG = STDMAP_PREFIXES["smg"]
SEMAPV = "https://w3id.org/semapv/vocab/"

#: prefixes of RDF exports: stdmap's own (mapper.vocab) and the W3C ones the ontology uses
PREFIXES: dict[str, str] = dict(sorted({
    **STDMAP_PREFIXES,
    "rdf": _RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}.items()))

#: degree → SKOS mapping property
SKOS_MATCH: dict[str, str] = {"IDT": "exactMatch", "MOD": "closeMatch", "NEQ": "relatedMatch", "EQV": "relatedMatch"}
#: sm:confidence → SSSOM confidence
CONFIDENCE: dict[str, str] = {"H": "0.9", "M": "0.7", "L": "0.4"}
#: sources whose claims were curated by hand (mapping_justification semapv:ManualMappingCuration)
CURATED_SOURCES: frozenset[str] = frozenset({_SMG + "bundled"})
MAPPING_SET_ID = "https://w3id.org/stdmap/mappings/adoptions"
SSSOM_LICENSE = "https://w3id.org/sssom/license/unspecified"  # SSSOM's value when no licence is stated

#: the meta-graph properties exported with a source (the data graph's IRI is internal)
_META_KEEP = ("http://www.w3.org/ns/prov#wasDerivedFrom", _SM + "checksum", _SM + "readerVersion",
              _SM + "recordCount", "http://www.w3.org/ns/prov#generatedAtTime", _SM + "errorCount")


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


class ExportError(ValueError):
    """The export cannot be made (unknown format or source)."""


@dataclass
class ExportResult:
    text: str
    triples: int = 0  # RDF statements (or SSSOM rows) written
    notes: list[str] = field(default_factory=list)  # e.g. claims left out


# -- selecting -----------------------------------------------------------------------------------------
def resolve_source(store: Store, name: str) -> SourceInfo:
    """A source by its IRI, its `smg:` CURIE or its local name (`bundled`, `file-…`)."""
    candidates = [name]
    if name.startswith("smg:"):
        candidates.append(_SMG + name[4:])
    elif "://" not in name:
        candidates.append(_SMG + name)
    for c in candidates:
        if not _IRI.match(c):
            continue
        info = store.source(URIRef(c))
        if info is not None:
            return info
    known = ", ".join("smg:" + s.graph[len(_SMG):] if s.graph.startswith(_SMG) else str(s.graph)
                      for s in store.sources())
    raise ExportError(f"no source {name!r} in the store; the sources are: {known or '(none)'}")


def _sources(store: Store, source: str | None) -> list[SourceInfo]:
    return [resolve_source(store, source)] if source else store.sources()


def _key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _lines(store: Store, info: SourceInfo) -> set[str]:
    """A source's triples as N-Triples lines (no newline). Strings sort and compare far faster than
    term objects; the Turtle, TriG and JSON-LD writers read the sorted lines back with pyoxigraph."""
    # pyoxigraph terms are read straight from the store: converting every term to rdflib and back would cost
    # more than the serialisation itself on a full catalogue
    return store.read_raw(lambda oxs: {f"{q.subject} {q.predicate} {q.object} ."
                                       for q in oxs.quads_for_pattern(None, None, None, ox.NamedNode(info.data_graph))})


def _union(store: Store, sources: list[SourceInfo]) -> list[str]:
    lines: set[str] = set()
    for info in sources:
        lines |= _lines(store, info)
    return sorted(lines)


def _parse_lines(lines: list[str], fmt: ox.RdfFormat) -> Iterator[ox.Quad]:
    return ox.parse(("\n".join(lines) + "\n").encode("utf-8"), fmt) if lines else iter(())


def _with_prefixes(data: bytes, prefixes: dict[str, str]) -> str:
    """pyoxigraph's Turtle/TriG with its @prefix lines replaced by a sorted block (its own order is not
    promised to be stable)."""
    lines = data.decode("utf-8").split("\n")
    body = [ln for ln in lines if not ln.startswith("@prefix ")]
    head = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(prefixes.items())]
    return "\n".join(head + body)


# -- RDF ----------------------------------------------------------------------------------------------
def export_rdf(store: Store, fmt: str, source: str | None = None) -> ExportResult:
    sources = _sources(store, source)
    if fmt in ("turtle", "nt", "jsonld"):
        lines = _union(store, sources)
        if fmt == "nt":
            text = "".join(line + "\n" for line in lines)
        else:
            triples = (q.triple for q in _parse_lines(lines, ox.RdfFormat.N_TRIPLES))
            if fmt == "turtle":
                text = _with_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES), PREFIXES)
            else:
                text = jsonld(triples, PREFIXES)
        return ExportResult(text, len(lines))
    if fmt in ("trig", "nquads"):
        lines = _quad_lines(store, sources)
        if fmt == "nquads":
            text = "".join(line + "\n" for line in lines)
        else:
            quads = _parse_lines(lines, ox.RdfFormat.N_QUADS)
            text = _with_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES), PREFIXES)
        return ExportResult(text, len(lines))
    raise ExportError(f"unknown RDF format {fmt!r}; expected one of {', '.join(RDF_FORMATS)}")


def _quad_lines(store: Store, sources: list[SourceInfo]) -> list[str]:
    """N-Quads lines: each source's triples in a graph named by its stable IRI, then smg:meta with their
    provenance; graphs in IRI order, triples sorted within each."""
    graphs: dict[str, set[str]] = {}
    meta = ox.NamedNode(str(store.meta))
    for info in sources:
        graphs[str(info.graph)] = _lines(store, info)
        for p in _META_KEEP:
            graphs.setdefault(str(META_GRAPH), set()).update(store.read_raw(lambda oxs: [
                f"{q.subject} {q.predicate} {q.object} ."
                for q in oxs.quads_for_pattern(ox.NamedNode(str(info.graph)), ox.NamedNode(p), None, meta)]))
    return [f"{line[:-1]}<{g}> ." for g in sorted(graphs) for line in sorted(graphs[g])]


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    """A CURIE where one of `prefixes` fits and the rest cannot be misread, else the IRI itself."""
    best = ""
    for p, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            best = p
    if best:
        local = iri[len(prefixes[best]):]
        if not local.startswith("//"):
            return f"{best}:{local}"
    return iri


def jsonld(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> str:
    """Flattened JSON-LD: an inline `@context` of prefixes (nothing remote) and one node per subject,
    in the order of the sorted triples; values keep their datatype and language exactly."""
    ctx = {p: ns for p, ns in sorted(prefixes.items())}
    nodes: dict[str, dict[str, Any]] = {}

    memo: dict[str, str] = {}

    def compact(iri: str) -> str:
        text = memo.get(iri)
        if text is None:
            text = memo[iri] = _compact(iri, prefixes)
        return text

    def ref(t: Any) -> str:
        return f"_:{t.value}" if isinstance(t, ox.BlankNode) else compact(t.value)

    for t in triples:
        s = ref(t.subject)
        node = nodes.setdefault(s, {"@id": s})
        p, o = t.predicate.value, t.object
        if p == _RDF + "type" and isinstance(o, ox.NamedNode):
            node.setdefault("@type", []).append(compact(o.value))
            continue
        if isinstance(o, ox.Literal):
            value: dict[str, Any] = {"@value": o.value}
            if o.language:
                value["@language"] = o.language
            elif o.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                value["@type"] = compact(o.datatype.value)
        elif isinstance(o, (ox.NamedNode, ox.BlankNode)):
            value = {"@id": ref(o)}
        else:
            raise ExportError(f"JSON-LD export cannot write the term {o}")
        node.setdefault(compact(p), []).append(value)
    context = json.dumps(ctx, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    graph = ",\n    ".join(json.dumps(n, ensure_ascii=False) for n in nodes.values())
    return f'{{\n  "@context": {context},\n  "@graph": [\n    {graph}\n  ]\n}}\n'  # one node a line


# -- adoption claims ------------------------------------------------------------------------------------
@dataclass
class Claim:
    iri: str
    adopting: str
    adopted: str
    degree: str | None
    source: str
    confidence: str | None = None
    #: the degree as the source wrote it; a source that states one claim twice (two rows naming the same two
    #: standards) may write it two ways: every way, sorted
    stated: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def claims(store: Store, source: str | None = None) -> list[Claim]:
    """Every adoption claim (of one source, or of all), sorted by adopting, adopted, source. A claim
    belongs to the source whose graph states it (the same claim IRI in two sources is two claims)."""
    scope = f"BIND(<{resolve_source(store, source).data_graph}> AS ?dg)" if source else ""
    rows = store.query(f"""SELECT ?c ?src ?a ?b ?d ?conf ?st ?doc WHERE {{ {scope}
        GRAPH <{store.meta}> {{ ?src sm:dataGraph ?dg }}
        GRAPH ?dg {{ ?c a sm:Adoption ; sm:adoptingStandard ?a ; sm:adoptedStandard ?b .
          OPTIONAL {{ ?c sm:degree ?d }} OPTIONAL {{ ?c sm:confidence ?conf }} OPTIONAL {{ ?c sm:statedAs ?st }}
          OPTIONAL {{ ?c dcterms:source ?doc }} }} }}""")
    found: dict[tuple[str, str], Claim] = {}
    for r in rows:
        key = (str(r["c"]), str(r["src"]))
        claim = found.get(key)
        if claim is None:
            degree = str(r["d"]).rsplit("/", 1)[-1] if r["d"] is not None else None
            claim = found[key] = Claim(key[0], str(r["a"]), str(r["b"]), degree, key[1],
                                       str(r["conf"]) if r["conf"] is not None else None)
        if r["st"] is not None and str(r["st"]) not in claim.stated:
            claim.stated.append(str(r["st"]))
        if r["doc"] is not None and str(r["doc"]) not in claim.documents:
            claim.documents.append(str(r["doc"]))
    for claim in found.values():
        claim.documents.sort()
        claim.stated.sort()
    return sorted(found.values(), key=lambda c: (c.adopting, c.adopted, c.source, c.iri))


def export_skos(store: Store, source: str | None = None) -> ExportResult:
    all_claims = claims(store, source)
    mapped = [c for c in all_claims if c.degree in SKOS_MATCH]
    skipped = len(all_claims) - len(mapped)
    triples = sorted({ox.Triple(ox.NamedNode(c.adopting), ox.NamedNode(_SKOS + SKOS_MATCH[c.degree]),
                                ox.NamedNode(c.adopted)) for c in mapped}, key=_key)
    counts = {m: sum(1 for t in triples if t.predicate.value == _SKOS + m) for m in ("exactMatch", "closeMatch", "relatedMatch")}
    prefixes = _used_prefixes([c.adopting for c in mapped] + [c.adopted for c in mapped], {"skos": _SKOS})
    header = [
        "# stdmap adoption claims as SKOS mappings: adopting standard → adopted standard.",
        "# IDT → skos:exactMatch, MOD → skos:closeMatch, NEQ and EQV → skos:relatedMatch.",
        f"# {len(all_claims)} claims; {counts['exactMatch']} exactMatch, {counts['closeMatch']} closeMatch, "
        f"{counts['relatedMatch']} relatedMatch; {skipped} claims without a degree left out.",
    ]
    body = _with_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes), prefixes)
    notes = [f"{skipped} adoption claims without a degree left out"] if skipped else []
    return ExportResult("\n".join(header) + "\n" + body, len(triples), notes)


def _used_prefixes(iris: Iterable[str], extra: dict[str, str]) -> dict[str, str]:
    """The stdmap prefixes the IRIs use, plus `extra`, plus `ns1`, `ns2` … for namespaces stdmap does
    not know (numbered in sorted order, so stable)."""
    known = dict(PREFIXES)
    used: dict[str, str] = dict(extra)
    unknown: set[str] = set()
    for iri in iris:
        curie = _compact(iri, known)
        if curie == iri:
            cut = max(iri.rfind("/"), iri.rfind("#"))
            unknown.add(iri[: cut + 1])
        else:
            p = curie.split(":", 1)[0]
            used[p] = known[p]
    for n, ns in enumerate(sorted(unknown), start=1):
        used[f"ns{n}"] = ns
    return dict(sorted(used.items()))


def _labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    wanted = set(iris)
    rows = store.query("SELECT ?s ?id WHERE { ?c a sm:Adoption ; sm:adoptingStandard|sm:adoptedStandard ?s . "
                       "{ ?s dcterms:identifier ?id } UNION { ?s skos:prefLabel ?id } }")
    labels: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: str(r["id"])):
        s = str(r["s"])
        if s in wanted:
            labels.setdefault(s, str(r["id"]))
    return labels


SSSOM_COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
                 "confidence", "mapping_source", "see_also", "comment")


def export_sssom(store: Store, source: str | None = None) -> ExportResult:
    import yaml

    all_claims = claims(store, source)
    mapped = [c for c in all_claims if c.degree in SKOS_MATCH]
    skipped = len(all_claims) - len(mapped)
    curie_map = _used_prefixes([c.adopting for c in mapped] + [c.adopted for c in mapped]
                               + [c.source for c in mapped],
                               {"skos": _SKOS, "semapv": SEMAPV})
    labels = _labels(store, [c.adopting for c in mapped] + [c.adopted for c in mapped])

    def clean(text: str) -> str:
        return " ".join(text.split())  # no tab or newline may reach a TSV cell

    rows = []
    for c in mapped:
        comment = c.degree or ""
        other = [s for s in c.stated if s != c.degree]
        if other:
            comment += f"; stated as {' | '.join(other)}"
        rows.append((
            _compact(c.adopting, curie_map), clean(labels.get(c.adopting, "")), "skos:" + SKOS_MATCH[c.degree],
            _compact(c.adopted, curie_map), clean(labels.get(c.adopted, "")),
            "semapv:ManualMappingCuration" if c.source in CURATED_SOURCES else "semapv:UnspecifiedMatching",
            CONFIDENCE.get(c.confidence or "", ""), _compact(c.source, curie_map),
            "|".join(clean(d) for d in c.documents), clean(comment),
        ))
    rows.sort()
    set_id = MAPPING_SET_ID
    if source:
        graph = str(resolve_source(store, source).graph)
        set_id += "/" + (graph[len(_SMG):] if graph.startswith(_SMG) else hashlib.sha1(graph.encode()).hexdigest()[:16])
    meta = {
        "curie_map": curie_map,
        "mapping_set_id": set_id,
        "mapping_set_title": "stdmap adoption claims: national standards and the international standards they adopt",
        "mapping_set_description": ("One mapping per adoption claim with a degree of correspondence (ISO/IEC Guide 21-1): "
                                    "IDT → skos:exactMatch, MOD → skos:closeMatch, NEQ and EQV → skos:relatedMatch. "
                                    "Subject: the adopting standard; object: the adopted standard."),
        "license": SSSOM_LICENSE,
    }
    head = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    buf = io.StringIO()
    for line in head.splitlines():
        buf.write(f"# {line}\n")
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(SSSOM_COLUMNS)
    w.writerows(rows)
    notes = [f"{skipped} adoption claims without a degree left out"] if skipped else []
    return ExportResult(buf.getvalue(), len(rows), notes)


def export(store: Store, fmt: str, source: str | None = None) -> ExportResult:
    """The store (or one source) in `fmt` (one of FORMATS)."""
    if fmt == "skos":
        return export_skos(store, source)
    if fmt == "sssom":
        return export_sssom(store, source)
    return export_rdf(store, fmt, source)
