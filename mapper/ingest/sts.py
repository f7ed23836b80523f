"""Read NISO STS and ISO STS XML: the metadata layers of one document and the adoption chain they form.

A national adoption of an International Standard is published as one XML document with one metadata
layer per publisher. Each layer becomes an `sm:Standard`; each step of the chain becomes one
`sm:Adoption` node (one per adopting/adopted pair and source file).

Layers, outermost (adopting) first:

| document | layers, in chain order |
|---|---|
| NISO STS `<adoption>` | `adoption/adoption-front/std-meta` (national), then the nested `<adoption>`'s `std-meta` (regional) …, then `standard/front/std-meta` (international); each `<adoption>` adopts what it wraps |
| ISO STS 1.x `<standard><front>` | `nat-meta` → `reg-meta` → `iso-meta` (also `std-meta`), siblings in one `front` |
| a `<standard>` with one layer | one standard, no adoption |

A level holding several layers that name different standards (two `reg-meta`) is ambiguous: its
standards are recorded but no adoption is drawn to or from it. An empty layer (the ISO STS "meta
mixes" samples) names no standard and is skipped with a note; no adoption skips over it.

Per layer:

| element | becomes |
|---|---|
| `std-ref[@type='dated']`, then any `std-ref`, then `std-ref[@type='undated']` + year of the release date, then `std-ident` (`originator` `doc-type` `doc-number`-`part-number`) | the designation (`mapper.ids.parse`); a month or language suffix ISO/CEN designations do not carry (`ISO 13849-1:2006-11`, `ISO 123456:2009(en)`) is dropped; the printed form is kept as `skos:altLabel` |
| `title-wrap[@xml:lang]`: `intro` — `main` — `compl` (else `full`) | `dcterms:title@lang` (language from `xml:lang`, inherited, else `content-language`) |
| `pub-date`, else `release-date` (`YYYY-MM` → day 01) | `dcterms:issued` |
| `meta-note` "takes effect on YYYY-MM-DD" | `sm:effective` |
| `ics` | `sm:ics` |
| `comm-ref` naming an ISO/IEC/CEN/CENELEC/ITU committee | `sm:committee` |
| `std-xref[@type]` `supersedes` `replaces` `revises` `obsoletes` | `dcterms:replaces` (drafts and the standard itself excepted) |
| `std-xref[@type]` `superseded-by` `replaced-by` `revised-by` (also `is-…`) | `dcterms:isReplacedBy` |
| `std-xref[@type]` `adopts` `adopted-from` `identical` `idt` `modified` `mod` `equivalent` `eqv` `not-equivalent` `neq` | an adoption claim (degree from the type; `adopts`/`adopted-from` leave it open) |
| `originator`, other `std-xref` types, forewords, reference lists | not read (the publisher comes from the designation) |

Degree of one step (A adopts B), first that applies:

| evidence | degree | `sm:statedAs` |
|---|---|---|
| a sentence of A's endorsement notice (`sec[@sec-type='endorsement']`) or of A's `meta-note`/`notes` naming both A's and B's works: "… approved … as … without any modification" (also "sans aucune modification", "ohne … Abänderung", "identical") | IDT | the sentence |
| such a sentence saying "with (common) modifications" / "modified" | MOD | the sentence |
| a `std-xref` of A with a degree type pointing at B | its degree | the type |
| A's designation states the adoption of B's work (`DIN EN ISO 13849-1:2008-12` → `EN ISO 13849-1`): a national number over the regional/international number is an identical republication (CEN/CENELEC Internal Regulations Part 2; `mapper.ids` `adopts`) | that degree (IDT) | the designation |
| nothing | none (open; `sm:note` says so) | — |

The text wins over the designation; when they disagree the note says so. The designation's implied
*targets* are not added when the document has the layer itself: `DIN EN ISO 13849-1:2008-12` implies
`ISO 13849-1:2008` (year carried over), but the document names the edition it adopts
(`ISO 13849-1:2006`), so only the document's three standards form the chain. A layer whose designation
states adoptions the document has no layer for (a one-layer `BS EN ISO …` document) gets them as the
tabular reader records them.

Safety: the XML is parsed with lxml, `resolve_entities=False, no_network=True, load_dtd=False`, no
huge trees, and a resolver that refuses every external resource: no DTD and no external entity is ever
loaded. STS documents use the DTD's named character entities (`&mdash;`, `&Eacute;`); before parsing,
each reference to a name the document does not declare itself and that HTML5/MathML defines
(`html.entities.html5`, a superset of the ISO entity sets the STS DTDs use) is rewritten to numeric
character references (never inside the internal DTD subset, CDATA, comments or processing
instructions). Entities the document declares stay as they are: an internal one's text is used, an
external one (`SYSTEM`/`PUBLIC`) is never fetched and reads as nothing. libxml2's amplification limit
stops entity bombs; that, like any malformed XML, is a CatalogError naming the file and line.
"""

from __future__ import annotations

import datetime as _dt
import html.entities
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from mapper import ids
from mapper.ids import Designation, DesignationError
from mapper.ingest.base import CatalogError, ReadResult, RowError, register

READER_VERSION = "sts-xml/1"

META_TAGS = ("std-meta", "iso-meta", "reg-meta", "nat-meta")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ICS_RE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_XML_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})

# --------------------------------------------------------------------------------------------
# safe parsing
# --------------------------------------------------------------------------------------------


class _RefuseAll(etree.Resolver):
    """Every external resource (DTD, entity, XInclude) resolves to nothing, never to a file or URL."""

    def resolve(self, url, pubid, context):
        return self.resolve_string("", context)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=False, remove_pis=False,
    )
    parser.resolvers.add(_RefuseAll())
    return parser


_HTML5 = {name[:-1]: value for name, value in html.entities.html5.items() if name.endswith(";")}
_DOCTYPE_RE = re.compile(rb"<!DOCTYPE\b")
_SKIP_RE = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<\?.*?\?>", re.DOTALL)
_ENTREF_RE = re.compile(rb"&([A-Za-z_][A-Za-z0-9._-]*);")
_ENTITY_DECL_RE = re.compile(rb"<!ENTITY\s+(%\s+)?([A-Za-z_][A-Za-z0-9._:-]*)\s")


def _doctype_span(data: bytes) -> tuple[int, int] | None:
    """(start, end) of the DOCTYPE declaration including its internal subset, quotes respected."""
    m = _DOCTYPE_RE.search(data)
    if not m:
        return None
    i, n, depth, quote = m.end(), len(data), 0, None
    while i < n:
        c = data[i:i + 1]
        if quote:
            if c == quote:
                quote = None
        elif c in (b'"', b"'"):
            quote = c
        elif c == b"[":
            depth += 1
        elif c == b"]":
            depth -= 1
        elif c == b">" and depth <= 0:
            return m.start(), i + 1
        i += 1
    return m.start(), n


def rewrite_entities(data: bytes) -> tuple[bytes, set[str]]:
    """Named character references the document does not declare → numeric references.

    Returns the new bytes and the names left alone because nobody defines them. Works on the bytes of
    an ASCII-compatible encoding (UTF-8, Latin-1 …); the internal subset, CDATA sections, comments and
    processing instructions are copied unchanged."""
    span = _doctype_span(data)
    declared: set[str] = set()
    if span:
        declared = {m.group(2).decode("ascii", "replace") for m in _ENTITY_DECL_RE.finditer(data[span[0]:span[1]])}
    unknown: set[str] = set()

    def fix(chunk: bytes) -> bytes:
        def sub(m: re.Match[bytes]) -> bytes:
            name = m.group(1).decode("ascii")
            if name in _XML_PREDEFINED or name in declared:
                return m.group(0)
            value = _HTML5.get(name)
            if value is None:
                unknown.add(name)
                return m.group(0)
            return "".join(f"&#{ord(c)};" for c in value).encode("ascii")

        return _ENTREF_RE.sub(sub, chunk)

    out: list[bytes] = []
    pos = 0
    if span:
        out.append(fix_outside(data[:span[0]], fix))
        out.append(data[span[0]:span[1]])
        pos = span[1]
    out.append(fix_outside(data[pos:], fix))
    return b"".join(out), unknown


def fix_outside(chunk: bytes, fix) -> bytes:
    """Apply `fix` to the parts of `chunk` that are not CDATA, comments or processing instructions."""
    out, pos = [], 0
    for m in _SKIP_RE.finditer(chunk):
        out.append(fix(chunk[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fix(chunk[pos:]))
    return b"".join(out)


def parse_xml(path: Path, data: bytes) -> tuple[etree._Element, set[str]]:
    """The document's root element, parsed safely (see the module docstring), and unknown entity names."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: rewrite on the decoded text
        text = data.decode("utf-16")
        text = re.sub(r"^<\?xml[^>]*\?>", '<?xml version="1.0" encoding="UTF-8"?>', text)
        data = text.encode("utf-8")
    fixed, unknown = rewrite_entities(data)
    try:
        root = etree.fromstring(fixed, _parser(), base_url=None)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else 0)
        raise CatalogError(path, f"line {line}: not well-formed XML: {exc.msg}") from None
    if root is None:
        raise CatalogError(path, "no XML document element")
    return root, unknown


# --------------------------------------------------------------------------------------------
# tree helpers
# --------------------------------------------------------------------------------------------


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(el, *names: str) -> list:
    return [c for c in el if _local(c) in names]


def _child(el, name: str):
    for c in el:
        if _local(c) == name:
            return c
    return None


def _descendants(el, *names: str) -> list:
    return [c for c in el.iter(etree.Element) if _local(c) in names and c is not el]


_NO_PROSE = ("std-id-group", "std-id", "label")


def text_of(el) -> str:
    """The element's text with whitespace collapsed; identifiers in `std-id-group` are left out, a
    declared internal entity reads as its value and an external (never loaded) one as nothing."""
    parts: list[str] = []

    def walk(e) -> None:
        if e.text:
            parts.append(e.text)
        for c in e:
            if isinstance(c, etree._Entity):
                parts.append(_internal_entities(c.getroottree()).get(c.name, ""))
            elif isinstance(c, etree._Element) and isinstance(c.tag, str) and _local(c) not in _NO_PROSE:
                walk(c)
            if c.tail:
                parts.append(c.tail)

    walk(el)
    return " ".join("".join(parts).split())


def _internal_entities(tree) -> dict[str, str]:
    """Internal general entities the document declares with a plain value (character references
    allowed, no nested entity references); an external entity is not among them and reads as nothing."""
    out: dict[str, str] = {}
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return out
    for ent in dtd.iterentities():
        if ent.system_url is None and ent.content is not None and "&" not in ent.content and "%" not in ent.content:
            out[ent.name] = ent.content
    return out


# --------------------------------------------------------------------------------------------
# layers
# --------------------------------------------------------------------------------------------


@dataclass
class Layer:
    meta: etree._Element
    kind: str  # std-meta / iso-meta / reg-meta / nat-meta
    scope: etree._Element  # where statements about this layer's adoption are (adoption-front / front)
    designation: Designation | None = None
    printed: str = ""
    iri: URIRef | None = None


@dataclass
class Level:
    layers: list[Layer] = field(default_factory=list)

    def single(self) -> Layer | None:
        named = [la for la in self.layers if la.designation is not None]
        if not named:
            return None
        keys = {la.designation.normalized for la in named}
        return named[0] if len(keys) == 1 else None


def levels_of(root) -> list[Level]:
    """The document's levels, adopting first (see the table in the module docstring)."""
    out: list[Level] = []
    el = root
    seen = 0
    while el is not None and seen < 64:  # nesting depth is bounded; a deeper chain is not a real document
        seen += 1
        name = _local(el)
        if name == "adoption":
            front = _child(el, "adoption-front")
            if front is not None:
                metas = _children(front, *META_TAGS)
                if metas:
                    out.append(Level([Layer(m, _local(m), front) for m in metas]))
            inner = None
            for c in el:
                if _local(c) in ("adoption", "standard"):
                    inner = c
                    break
            el = inner
        elif name == "standard":
            front = _child(el, "front")
            if front is None:
                break
            for kinds in (("nat-meta",), ("reg-meta",), ("iso-meta", "std-meta")):
                metas = _children(front, *kinds)
                if metas:
                    out.append(Level([Layer(m, _local(m), front) for m in metas]))
            el = None
        else:  # a bare metadata element, or an unknown wrapper: take its metadata layers in order
            metas = _descendants(el, *META_TAGS)
            for m in metas:
                out.append(Level([Layer(m, _local(m), m.getparent() if m.getparent() is not None else m)]))
            el = None
    return out


_DOC_TYPE_WORDS = {"ts": "TS", "tr": "TR", "pas": "PAS", "guide": "Guide", "iwa": "IWA"}
_TRAILING_MONTH = re.compile(r"^(?P<d>.*:\s*\d{4})-\d{2}(?:-\d{2})?$")
_TRAILING_LANG = re.compile(r"^(?P<d>.*?)\s*\((?:[a-z]{2}(?:,\s*[a-z]{2})*)\)$", re.IGNORECASE)


def _parse_ref(text: str) -> Designation:
    """`mapper.ids.parse`, dropping a release month or a language suffix the designation does not take."""
    try:
        return ids.parse(text)
    except DesignationError:
        for rx in (_TRAILING_LANG, _TRAILING_MONTH):
            m = rx.match(text)
            if m:
                try:
                    return _parse_ref(m.group("d"))
                except DesignationError:
                    pass
        raise


def _year_of(meta) -> int | None:
    for name in ("pub-date", "release-date"):
        el = _child(meta, name)
        if el is not None:
            raw = el.get("iso-8601-date") or text_of(el)
            m = re.match(r"(\d{4})", raw or "")
            if m:
                return int(m.group(1))
    return None


def layer_designation(meta, file: str) -> tuple[Designation | None, str, RowError | None, bool]:
    """(designation, printed form, error, empty): see the table in the module docstring."""
    refs = _children(meta, "std-ref")
    ordered = ([r for r in refs if r.get("type") == "dated"] + [r for r in refs if r.get("type") not in ("dated", "undated")]
               + [r for r in refs if r.get("type") == "undated"])
    first_error: RowError | None = None
    undated: tuple[Designation, str, etree._Element] | None = None
    for r in ordered:
        text = text_of(r)
        if not text:
            continue
        try:
            d = _parse_ref(text)
        except DesignationError as exc:
            first_error = first_error or RowError(file, r.sourceline or 0, "std-ref", text, f"cannot read the designation: {exc.reason}")
            continue
        if d.year is not None or d.supplements and d.supplements[-1].year:
            return d, text, None, False
        undated = undated or (d, text, r)
    year = _year_of(meta)
    if undated is not None and year is not None:
        d, text, r = undated
        try:
            return ids.parse(f"{d.normalized}:{year}"), text, None, False
        except DesignationError:
            pass
    ident = _child(meta, "std-ident")
    if ident is not None:
        orig = text_of(_child(ident, "originator")) if _child(ident, "originator") is not None else ""
        number = text_of(_child(ident, "doc-number")) if _child(ident, "doc-number") is not None else ""
        part = text_of(_child(ident, "part-number")) if _child(ident, "part-number") is not None else ""
        dtype = text_of(_child(ident, "doc-type")).lower() if _child(ident, "doc-type") is not None else ""
        if orig and number and first_error is None and undated is None:
            text = f"{orig} {_DOC_TYPE_WORDS[dtype] + ' ' if dtype in _DOC_TYPE_WORDS else ''}{number}"
            text += f"-{part}" if part else ""
            text += f":{year}" if year else ""
            try:
                return ids.parse(text), text, None, False
            except DesignationError as exc:
                first_error = RowError(file, ident.sourceline or 0, "std-ident", text, f"cannot read the designation: {exc.reason}")
    if undated is not None:
        return undated[0], undated[1], None, False
    if first_error is not None:
        return None, "", first_error, False
    return None, "", None, True


# --------------------------------------------------------------------------------------------
# statements of degree
# --------------------------------------------------------------------------------------------

_IDT_RE = re.compile(
    r"without\s+(?:any\s+)?(?:modifications?|changes?)|sans\s+(?:aucune\s+)?modifications?"
    r"|ohne\s+(?:jede|irgendeine|irgendwelche)?\s*Abänderung(?:en)?|\bidentical\b|\bunverändert\b",
    re.IGNORECASE)
_MOD_RE = re.compile(
    r"\bwith\s+(?:common\s+)?modifications\b|avec\s+(?:des\s+)?modifications|mit\s+(?:gemeinsamen\s+)?Abänderungen"
    r"|\bmodified\b",
    re.IGNORECASE)
_XREF_DEGREE = {
    "identical": "IDT", "idt": "IDT", "is-identical-to": "IDT", "modified": "MOD", "mod": "MOD",
    "is-modified-from": "MOD", "equivalent": "EQV", "eqv": "EQV", "not-equivalent": "NEQ",
    "non-equivalent": "NEQ", "neq": "NEQ",
}
_XREF_ADOPTS = {"adopts", "adopted-from", "is-adoption-of", "endorses", "implements"}
_XREF_REPLACES = {"supersedes", "replaces", "revises", "obsoletes"}
_XREF_REPLACED_BY = {"superseded-by", "is-superseded-by", "replaced-by", "is-replaced-by", "revised-by",
                     "is-revised-by", "obsoleted-by", "is-obsoleted-by"}


def _mentions(sentence: str, work: str) -> bool:
    """Does the sentence name this undated designation (as a whole word sequence)?"""
    pattern = r"(?<![\w/-])" + r"\s*".join(re.escape(p) for p in work.split()) + r"(?![\w-])"
    return re.search(pattern, sentence) is not None


def statement_sentences(layer: Layer) -> list[str]:
    """Paragraphs that may state the degree of the layer's adoption: its endorsement notice(s) and
    the notes of its own metadata element."""
    paras: list = []
    scope = layer.scope
    for sec in _descendants(scope, "sec"):  # a nested layer's sections are outside this scope
        title = _child(sec, "title")
        is_notice = (sec.get("sec-type") or "").lower() == "endorsement" or (
            title is not None and "endorsement" in text_of(title).lower())
        if is_notice:
            paras.extend(_descendants(sec, "p"))
    for note in _descendants(layer.meta, "meta-note", "notes", "note"):
        paras.extend(_descendants(note, "p") or [note])
    return [t for t in (text_of(p) for p in paras) if t]


def stated_degree(sentences: list[str], adopting: Designation, adopted: Designation) -> tuple[str | None, str | None]:
    """(degree, sentence) from the first sentence naming both works and stating IDT or MOD."""
    for s in sentences:
        if not (_mentions(s, adopted.work) and _mentions(s, adopting.work)):
            continue
        if _MOD_RE.search(s):
            return "MOD", s
        if _IDT_RE.search(s):
            return "IDT", s
    return None, None


@dataclass
class Claim:
    """One adoption claim being assembled; emitted once per (adopting, adopted) pair."""

    adopting: URIRef
    adopted: URIRef
    degree: str | None = None
    stated: str | None = None
    notes: list[str] = field(default_factory=list)


def combine(text: tuple[str | None, str | None], xref: tuple[str | None, str | None],
            designation: tuple[str | None, str | None], step: str) -> tuple[str | None, str | None, list[str]]:
    """Pick the degree of one step: the document's text, then a typed cross-reference, then what the
    adopting designation states; record a disagreement and where the degree came from."""
    notes: list[str] = []
    chosen = next(((d, s, why) for (d, s), why in ((text, "text"), (xref, "xref"), (designation, "designation")) if d),
                  (None, None, None))
    degree, stated, why = chosen
    if why == "text":
        notes.append(f"degree stated by the document's text ({step})")
    elif why == "xref":
        notes.append(f"degree stated by a typed cross-reference (std-xref type {stated!r}) ({step})")
    elif why == "designation":
        notes.append(f"degree stated by the designation {stated} (a national or regional number over the adopted "
                     f"number is an identical republication); the document's text states no degree for this step ({step})")
    else:
        notes.append(f"the document states no degree of correspondence for this step ({step})")
    for (d, s), what in ((xref, "a cross-reference"), (designation, "the designation")):
        if d and degree and d != degree:
            notes.append(f"{what} ({s}) says {d}, the document's text says {degree}; the text is taken")
    return degree, stated, notes


# --------------------------------------------------------------------------------------------
# the reader
# --------------------------------------------------------------------------------------------


def _date(raw: str) -> _dt.date | None:
    m = re.fullmatch(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?\s*", raw or "")
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _issued(meta) -> _dt.date | None:
    for name in ("pub-date", "release-date"):
        el = _child(meta, name)
        if el is not None:
            d = _date(el.get("iso-8601-date") or text_of(el))
            if d:
                return d
    return None


_EFFECTIVE_RE = re.compile(r"takes effect (?:on|from) (\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def _titles(layer: Layer, root) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    content_lang = text_of(_child(layer.meta, "content-language")) if _child(layer.meta, "content-language") is not None else ""
    seen: set[str] = set()
    for tw in _children(layer.meta, "title-wrap"):
        lang = tw.get(XML_LANG)
        if not lang:
            for a in tw.iterancestors():
                if a.get(XML_LANG):
                    lang = a.get(XML_LANG)
                    break
        lang = (lang or content_lang or "").strip().lower()
        if not lang or lang in seen:
            continue
        parts = {n: text_of(_child(tw, n)) for n in ("intro", "main", "compl") if _child(tw, n) is not None}
        title = " — ".join(p for p in parts.values() if p) if parts.get("main") else ""
        if not title and _child(tw, "full") is not None:
            title = text_of(_child(tw, "full"))
        if title:
            seen.add(lang)
            out.append((title, lang))
    return out


class StsReader:
    """NISO STS / ISO STS XML: the metadata layers of an adoption and the chain they form."""

    name = "sts-xml"
    version = READER_VERSION
    description = "NISO STS / ISO STS XML: national → regional → international metadata layers as an adoption chain"

    def sniff(self, path: Path, head: bytes) -> bool:
        h = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not h.startswith(b"<"):
            return False
        body = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", b"", h, flags=re.DOTALL)
        m = re.search(rb"<([A-Za-z_][\w.:-]*)", body)
        root = m.group(1).split(b":")[-1] if m else b""
        if root in (b"standard", b"adoption"):
            return True
        return any(t in head for t in (b"<std-meta", b"<iso-meta", b"<nat-meta", b"<reg-meta"))

    def read(self, path: Path, data: bytes, sink, graph, progress=None) -> ReadResult:
        from mapper.ingest import to_rdf

        file = str(path)
        root, unknown = parse_xml(path, data)
        errors: list[RowError] = []
        notes: list[str] = []
        if unknown:
            notes.append("undefined entities left out: " + ", ".join(f"&{n};" for n in sorted(unknown)))
        if _local(root) not in ("standard", "adoption") and not _descendants(root, *META_TAGS):
            raise CatalogError(path, f"not an STS document: root element <{_local(root)}> has no std-meta/iso-meta/reg-meta/nat-meta")
        levels = levels_of(root)
        seen = 0
        records = 0
        empty = 0
        for level in levels:
            for layer in level.layers:
                d, printed, err, is_empty = layer_designation(layer.meta, file)
                if is_empty:
                    empty += 1
                    continue
                seen += 1
                if err is not None:
                    errors.append(err)
                    continue
                layer.designation, layer.printed = d, printed
        if empty:
            notes.append(f"{empty} metadata layer(s) name no standard (empty std-ref and std-ident); skipped")

        described: set[str] = set()
        for level in levels:
            for layer in level.layers:
                if layer.designation is None:
                    continue
                layer.iri = self._describe(sink, layer, root, errors, notes, graph, file, described, to_rdf)
                records += 1 if layer.designation.normalized not in described else 0
                described.add(layer.designation.normalized)

        # the chain
        claims: dict[tuple[str, str], Claim] = {}
        named = [lv for lv in levels if any(la.designation is not None for la in lv.layers)]
        for outer, inner in itertools.pairwise(named):
            a, b = outer.single(), inner.single()
            if a is None or b is None:
                notes.append("several different standards at one level of the document; no adoption drawn between "
                             + " / ".join(la.designation.normalized for la in outer.layers + inner.layers if la.designation))
                continue
            if a.designation.normalized == b.designation.normalized:
                continue
            step = f"{a.designation.normalized} → {b.designation.normalized}"
            text = stated_degree(statement_sentences(a), a.designation, b.designation)
            xref = self._xref_degree(a, b)
            implied = next(((imp.degree, a.designation.normalized) for imp in a.designation.adopts
                            if imp.ref.work == b.designation.work), (None, None))
            degree, stated, why = combine(text, xref, implied, step)
            claims[(a.designation.normalized, b.designation.normalized)] = Claim(a.iri, b.iri, degree, stated, why)
        # what the designations state beyond the document's own layers, and typed cross-references
        for i, level in enumerate(named):
            nxt = named[i + 1].single() if i + 1 < len(named) else None
            for layer in level.layers:
                if layer.designation is None:
                    continue
                for imp in layer.designation.adopts:
                    if nxt is not None and imp.ref.work == nxt.designation.work:
                        continue
                    target = to_rdf.add_designation(sink, imp.ref)
                    key = (layer.designation.normalized, imp.ref.base.normalized)
                    if key not in claims:
                        claims[key] = Claim(layer.iri, target, imp.degree, layer.designation.normalized,
                                            ["degree stated by the designation; the document has no layer for the adopted standard"])
                        to_rdf.add_stated_adoptions(sink, target, imp.ref, graph, [path.resolve().as_uri()])
                for x, d, degree, typ in self._xref_adoptions(layer, errors, file):
                    if nxt is not None and d.base.normalized == nxt.designation.normalized:
                        continue  # already the step to the next layer
                    key = (layer.designation.normalized, d.base.normalized)
                    if key in claims:
                        continue
                    target = to_rdf.add_designation(sink, d)
                    claims[key] = Claim(layer.iri, target, degree, typ if degree else None,
                                        [f"std-xref type {typ!r}" + ("" if degree else "; the document states no degree")])
        source = [path.resolve().as_uri()]  # the claims' evidence is this document
        for claim in claims.values():
            to_rdf.add_adoption(sink, claim.adopting, claim.adopted, claim.degree, graph, sources=source,
                                stated=claim.stated, note="; ".join(claim.notes) or None)
        if progress:
            progress(seen, seen)
        return ReadResult(records, errors, seen, notes)

    # -- per layer ---------------------------------------------------------------------------

    def _describe(self, sink, layer: Layer, root, errors, notes, graph, file, described, to_rdf) -> URIRef:
        d = layer.designation
        iri = to_rdf.add_designation(sink, d)
        if d.normalized in described:
            return iri
        meta = layer.meta
        if layer.printed and layer.printed != d.normalized:
            sink.add((iri, SKOS.altLabel, Literal(layer.printed)))
        for title, lang in _titles(layer, root):
            sink.add((iri, DCTERMS.title, Literal(title, lang=lang)))
        issued = _issued(meta)
        if issued:
            sink.add((iri, DCTERMS.issued, to_rdf._date(issued)))
        for note in _descendants(meta, "meta-note"):
            m = _EFFECTIVE_RE.search(text_of(note))
            if m and _date(m.group(1)):
                sink.add((iri, to_rdf.SM.effective, to_rdf._date(_date(m.group(1)))))
                break
        for ics in _children(meta, "ics") + [i for w in _children(meta, "ics-wrap") for i in _descendants(w, "ics")]:
            code = text_of(ics)
            if not code:
                continue
            if _ICS_RE.match(code):
                sink.add((iri, to_rdf.SM.ics, to_rdf.add_ics(sink, code)))
            else:
                errors.append(RowError(file, ics.sourceline or 0, "ics", code,
                                       "not an ICS code; expected NN, NN.NNN or NN.NNN.NN (e.g. 13.110)"))
        for comm in _children(meta, "comm-ref"):
            ref = text_of(comm)
            if ref and to_rdf.committee_publishers(ref):
                sink.add((iri, to_rdf.SM.committee, to_rdf.add_committee(sink, ref)))
        for xref in _children(meta, "std-xref"):
            typ = (xref.get("type") or "").strip().lower()
            if typ not in _XREF_REPLACES and typ not in _XREF_REPLACED_BY:
                continue
            other = self._xref_target(xref, errors, file)
            if other is None or other.is_draft or other.base.normalized == d.base.normalized:
                continue
            o = to_rdf.add_designation(sink, other.base)
            old, new = (o, iri) if typ in _XREF_REPLACES else (iri, o)
            sink.add((new, DCTERMS.replaces, old))
            sink.add((old, DCTERMS.isReplacedBy, new))
        return iri

    @staticmethod
    def _xref_target(xref, errors, file) -> Designation | None:
        ref = _child(xref, "std-ref")
        el = ref if ref is not None else xref
        text = text_of(el)
        if not text:
            return None
        try:
            return _parse_ref(text)
        except DesignationError as exc:
            errors.append(RowError(file, el.sourceline or 0, f"std-xref[@type='{xref.get('type') or ''}']", text,
                                   f"cannot read the designation: {exc.reason}"))
            return None

    def _xref_adoptions(self, layer: Layer, errors, file):
        for xref in _children(layer.meta, "std-xref"):
            typ = (xref.get("type") or "").strip().lower()
            if typ not in _XREF_DEGREE and typ not in _XREF_ADOPTS:
                continue
            d = self._xref_target(xref, errors, file)
            if d is not None and not d.is_draft:
                yield xref, d, _XREF_DEGREE.get(typ), typ

    def _xref_degree(self, a: Layer, b: Layer) -> tuple[str | None, str | None]:
        for xref in _children(a.meta, "std-xref"):
            typ = (xref.get("type") or "").strip().lower()
            if typ not in _XREF_DEGREE:
                continue
            ref = _child(xref, "std-ref")
            text = text_of(ref if ref is not None else xref)
            try:
                d = _parse_ref(text)
            except DesignationError:
                continue
            if d.work == b.designation.work:
                return _XREF_DEGREE[typ], typ
        return None, None


register(StsReader())
