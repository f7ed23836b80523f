"""Read RDF files: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

The syntax is told from the content (the extension only breaks ties): a JSON object or array with
`@context`, `@graph`, `@id` or `@type` is JSON-LD; an XML document whose root is `rdf:RDF` is RDF/XML;
text whose first statement has four terms is N-Quads; any other Turtle-family text (`@prefix`,
`PREFIX`, `<s> <p> <o> .`, `<g> { … }`) is read with the TriG parser, which reads N-Triples and Turtle
too. `stdmap import --format rdf` forces RDF with the same detection; `--format turtle|nt|nquads|
trig|jsonld|rdfxml` forces one syntax.

Parsing is pyoxigraph's (Rust, streaming): fast, and it never fetches anything. A JSON-LD file whose
`@context` is a remote URL is refused with an error naming the file and the URL — put the context
inline instead. Relative IRIs resolve against the file's own `file:` URL.

What goes into the store:

* The triples as written. Every named graph of a TriG, N-Quads or JSON-LD file goes into the file's one
  source graph with the default graph (the store keeps one graph per source; the graph names are
  dropped, as `stdmap export --format trig` writes one named graph per source).
* Blank nodes are relabelled `_:s<hash of the source graph>x<n>` in order of first appearance, so two
  files' `_:b0` stay two nodes and re-reading a file gives the same labels.
* A record is a triple: the record count is the number of distinct triples.

A file that does not parse is refused whole (CatalogError with the file, the line and the column the
parser reports); nothing of it is imported.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any, Iterator

import pyoxigraph as ox

from mapper.ingest.base import CatalogError, ReadResult, register

READER_VERSION = "rdf/1"

#: syntax name → (pyoxigraph format, label used in messages)
SYNTAXES: dict[str, tuple[ox.RdfFormat, str]] = {
    "turtle": (ox.RdfFormat.TRIG, "Turtle"),  # TriG reads Turtle (and N-Triples) alike
    "nt": (ox.RdfFormat.N_TRIPLES, "N-Triples"),
    "nquads": (ox.RdfFormat.N_QUADS, "N-Quads"),
    "trig": (ox.RdfFormat.TRIG, "TriG"),
    "jsonld": (ox.RdfFormat.JSON_LD, "JSON-LD"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "RDF/XML"),
}

_SUFFIXES = {
    ".ttl": "turtle", ".turtle": "turtle", ".n3": "turtle", ".nt": "nt", ".ntriples": "nt",
    ".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".jsonld": "jsonld", ".json-ld": "jsonld",
    ".rdf": "rdfxml", ".owl": "rdfxml", ".xml": "rdfxml",
}

_TERM = rb'(?:<[^>\s]*>|_:[^\s]+)'
_LITERAL = rb'"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>\s]*>)?'
_NQUAD = re.compile(rb"\s*" + _TERM + rb"\s+<[^>\s]*>\s+(?:" + _TERM + rb"|" + _LITERAL + rb")\s+" + _TERM + rb"\s*\.\s*(?:#.*)?$")
_TURTLE_START = re.compile(
    rb"\s*(?:@prefix\b|@base\b|(?i:prefix)\s+[\w.-]*:|(?i:base)\s+<|(?i:graph)\s+|" + _TERM + rb"\s*(?:<|\{|[\w-]*:|a\s))"
)
_JSON_KEYS = re.compile(rb'"@(?:context|graph|id|type)"\s*:')
_RDFXML_ROOT = re.compile(rb"<(?:[\w.-]+:)?RDF\b")
_RDF_NS = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _first_statement(head: bytes) -> bytes:
    """The first line that is not blank and not a comment (BOM dropped)."""
    for line in head.removeprefix(b"\xef\xbb\xbf").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            return stripped
    return b""


def syntax_of(path: Path, head: bytes) -> str | None:
    """The RDF syntax of a file from its opening bytes (extension as a tie-breaker), or None when the
    content does not look like RDF."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    suffix = _SUFFIXES.get(path.suffix.lower())
    if text[:1] in (b"{", b"["):
        return "jsonld" if _JSON_KEYS.search(text) or suffix == "jsonld" else None
    if text.startswith(b"<?xml") or text.startswith(b"<!") or _RDFXML_ROOT.match(text):
        return "rdfxml" if _RDFXML_ROOT.search(text) and (_RDF_NS in text or suffix == "rdfxml") else None
    first = _first_statement(head)
    if first and _NQUAD.match(first):
        return "nquads"
    if first and _TURTLE_START.match(first):
        if suffix == "nt" and first[:1] in (b"<", b"_"):
            return "nt"
        return suffix if suffix in ("turtle", "trig") else "trig"
    if suffix in ("turtle", "nt", "nquads", "trig"):
        return suffix  # a file named as RDF: let the parser say where it goes wrong
    return None


def _remote_contexts(data: bytes) -> list[str]:
    """`@context` (and `@import`) values that are URLs, anywhere in a JSON-LD document."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return []
    found: list[str] = []

    def walk(node: Any, key: str | None = None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("@context", "@import"):
            found.append(node)

    walk(doc)
    return list(dict.fromkeys(found))


class RdfReader:
    """RDF in any common syntax; one instance per --format name."""

    version = READER_VERSION

    def __init__(self, name: str, syntax: str | None, description: str) -> None:
        self.name = name
        self.syntax = syntax  # None: detect from the content
        self.description = description

    def sniff(self, path: Path, head: bytes) -> bool:
        return self.syntax is None and syntax_of(path, head) is not None

    def read(self, path: Path, data: bytes, sink, graph, progress=None) -> ReadResult:
        syntax = self.syntax or syntax_of(path, data[:65536])
        if syntax is None:
            raise CatalogError(path, "does not look like RDF (Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML); "
                                     "pass --format turtle|nt|nquads|trig|jsonld|rdfxml to insist")
        fmt, label = SYNTAXES[syntax]
        if syntax == "turtle" and path.suffix.lower() == ".trig":
            label = "TriG"
        if fmt == ox.RdfFormat.RDF_XML:
            _check_xml(path, data)
        before = len(sink) if hasattr(sink, "__len__") else 0
        quads = 0
        stream = io.BytesIO(data)  # its position tells how far the parser has read (progress in bytes)
        try:
            for quads, line in enumerate(_lines(stream, fmt, path, graph), start=1):
                _add(sink, line)
                if progress is not None and quads % 50000 == 0:
                    progress(stream.tell(), len(data))
        except SyntaxError as exc:
            raise CatalogError(path, _syntax_message(exc, label, data)) from exc
        except ValueError as exc:  # e.g. an invalid language tag or IRI pyoxigraph refuses
            raise CatalogError(path, f"not valid {label}: {exc}") from exc
        if progress is not None and quads >= 50000:  # a bar was started: finish it
            progress(len(data), len(data))
        records = len(sink) - before if hasattr(sink, "__len__") else quads
        notes = [] if quads else ["no triples in the file"]
        return ReadResult(records, [], quads, notes)


def _check_xml(path: Path, data: bytes) -> None:
    """pyoxigraph's RDF/XML parser reports no positions and takes a truncated document without a word;
    expat (no external entities are read) checks well-formedness first and says where it breaks."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise CatalogError(path, f"not valid RDF/XML: not well-formed XML: {expat.errors.messages[exc.code]} "
                                 f"(line {exc.lineno}, column {exc.offset + 1})") from exc


def _syntax_message(exc: SyntaxError, label: str, data: bytes) -> str:
    text = str(exc.msg or exc)
    if label == "JSON-LD" and ("remote context" in text or "LoadDocumentCallback" in text):
        urls = [u for u in _remote_contexts(data) if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", u)] or ["(a URL)"]
        return (f"the JSON-LD @context {', '.join(urls)} is a remote document, and stdmap never fetches "
                "anything from the network; put the context inline (a JSON object) or convert the file to Turtle")
    if exc.lineno and f"line {exc.lineno}" not in text:
        text += f" (line {exc.lineno}, column {exc.offset})"
    return f"not valid {label}: {text}"


def _lines(data: Any, fmt: ox.RdfFormat, path: Path, graph) -> Iterator[str]:
    """The file's triples as N-Triples lines, blank nodes relabelled for this source."""
    tag = "s" + hashlib.sha1(str(graph).encode("utf-8")).hexdigest()[:16] + "x"
    bnodes: dict[str, str] = {}

    def term(t: Any) -> str:
        if isinstance(t, ox.BlankNode):
            label = bnodes.get(t.value)
            if label is None:
                label = bnodes[t.value] = f"_:{tag}{len(bnodes)}"
            return label
        if isinstance(t, ox.Triple):  # an RDF 1.2 triple term
            return f"<<( {term(t.subject)} {term(t.predicate)} {term(t.object)} )>>"
        return str(t)

    try:
        base = path.resolve().as_uri()
    except ValueError:
        base = None
    for q in ox.parse(data, fmt, base_iri=base):
        yield f"{term(q.subject)} {str(q.predicate)} {term(q.object)} ."


def _add(sink, line: str) -> None:
    add_line = getattr(sink, "add_line", None)
    if add_line is not None:
        add_line(line)
        return
    from rdflib import Graph  # any other sink (an rdflib Graph): the slow path

    for triple in Graph().parse(data=line, format="nt"):
        sink.add(triple)


register(RdfReader("rdf", None, "RDF: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML (syntax detected; "
                                "named graphs merge into the file's source graph)"))
for _name, (_fmt, _label) in SYNTAXES.items():
    register(RdfReader(_name, _name, f"RDF in {_label} only (no detection)"))
