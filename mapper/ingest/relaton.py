"""Read Relaton YAML: the bibliographic records of the Metanorma/Relaton tool chain (relaton-data-iso,
relaton-data-iec …), one bibitem per file or a collection of them.

Each bibitem names one standard (an edition or a supplement). Every IRI comes from the normalised
designation, so files that name the same standard (as a record of its own or as a relation's target)
converge on the same nodes.

| Relaton field | becomes |
|---|---|
| `docid` with `primary: true` (else the first that is not a URN / `iso-reference`) | the designation (`mapper.ids.parse`; ISO's `DAmd` spelling is read as `DAM`) |
| `title` of type `main` per language (else `title-intro` — `title-main` — `title-part`) | `dcterms:title@lang` |
| `date` `published` (or `issued`) whose year is the designation's (a consolidated version: that year or later); else `updated` with that year — ISO supplements carry the base's year under `published` | `dcterms:issued` (`YYYY-MM` → day 01; a bare year is not a date) |
| `date` `implemented` / `obsoleted` | `sm:effective` / `sm:withdrawn` |
| `docstatus` | `sm:status`, below |
| `ext.ics` / `ics` `code` | `sm:ics` |
| `ext.editorialgroup.technical_committee` / `editorialgroup…`: `identifier` (`ISO/TC 207/SC 1`), else publisher + `TC`/`SC` + `number` or a `name` like `TC 70` | `sm:committee` (a name that is not a committee reference, such as `IULTCS`, is left out) |
| `link` of type `src` | `dcterms:source` (and the source of the record's adoption claims) |
| `relation`, below | `dcterms:replaces`, supplements, adoption claims |

Status (`docstatus.stage`, ISO harmonized stage codes or IEC words):

| stage | status |
|---|---|
| 00–50 (any substage), or a draft designation (`ISO/DIS`, `/DAM`, `/CD Amd`) | **not imported**: a draft is not an edition (note) |
| 60.00 (under publication) | underDevelopment |
| 60.60, 90.xx, 95.20, 95.60; IEC `PUBLISHED` | current |
| 95.99; IEC `WITHDRAWN` | superseded when the record names its successor (a later edition it "updates", or `obsoletedBy`), else withdrawn |
| IEC `REVISED` | superseded |

A record whose designation has no year (`ISO 14071`, `ISO 14001:2015/Amd 1`: the repository's record
of a standard before its year is known) names a work, not an edition: not imported (note); the dated
record of the same standard has its own file.

Relations (the target's designation decides the meaning; relaton-data-iso writes ISO's "Revised by"
and "Corrigenda / Amendments" both as `updates`):

| relation | target | recorded |
|---|---|---|
| any | a draft or undated designation | nothing (note) |
| `obsoletes` | an earlier edition of the same work, or an edition of another work (`ISO 19011:2002` obsoletes `ISO 14010:1996`) | this `dcterms:replaces` target |
| `obsoletes` | the record's own edition or one of its supplements; a supplement of another edition; a later edition | nothing: supersession links editions, older to newer |
| `obsoletedBy` | as `obsoletes`, reversed | target `dcterms:replaces` this |
| `updates` / `updatedBy` | a supplement of the record's own edition (`ISO 14001:2015` → `/Amd 1:2024`) | the supplement, attached to its base (`sm:supplementTo`) |
| `updates` / `updatedBy` | the record is a supplement and the target its base | (the supplement is attached by its designation) |
| `updates` / `updatedBy` | another edition, neither a supplement, different years | the later one `dcterms:replaces` the earlier |
| `adoptedFrom` | the adopted standard | an adoption claim: degree from the relation's `description` (`IDT`, `identical`, `MOD`, `modified`, `NEQ` …), else the degree the record's own designation states for it, else open |
| `adoptedAs` | the adopting standard | the same claim, reversed |
| `instanceOf`, `hasDraft`, `draftOf`, `partOf`, `hasPart`, `complements`, … | | nothing (counted in a note) |

The record's designation may itself state adoptions (`BS EN ISO 14001:2015`); they are recorded as the
tabular reader records them, merged into one claim with an `adoptedFrom` naming the same standard.

Bad records: a primary docid `mapper.ids` cannot read is a RowError (the record is left out); so is a
relation target that cannot be read (only that relation is left out). The line is 1 for a one-record
file, the item's first line in a collection. Malformed YAML is a CatalogError naming the line.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import yaml
from rdflib import Literal
from rdflib.namespace import DCTERMS

from mapper import ids
from mapper.ids import Designation, DesignationError
from mapper.ingest.base import CatalogError, ReadResult, RowError, register

READER_VERSION = "relaton-yaml/1"

_ICS_RE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_COMMITTEE_RE = re.compile(r"^(ISO|IEC|ISO/IEC|CEN|CENELEC|ITU|ISO/IEC JTC|SAC)\b.*?(TC|SC|JTC|PC|WG)\s*\d", re.IGNORECASE)
_SKIP_DOCID_TYPES = {"urn", "iso-reference", "iso-undated", "iec-reference", "doi", "isbn", "issn"}


# --------------------------------------------------------------------------------------------
# YAML
# --------------------------------------------------------------------------------------------

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loading with every scalar a string except null: ICS codes such as 13.110 must not become
    floats, dates stay text, `no` stays a word."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag == "tag:yaml.org,2002:null"]
    for k, v in _Base.yaml_implicit_resolvers.items()
}


def load_items(path: Path, data: bytes) -> list[tuple[dict, int]]:
    """The bibitems of a file with the line each starts on: one record, a list of records, a
    `{root: {items: […]}}` / `{items: […]}` collection, a `bibdata:` wrapper or several YAML documents."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(path, f"not UTF-8 text (byte {exc.start})") from None
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CatalogError(path, f"{line}not valid YAML: {problem}") from None
    constructor = _Loader("")
    items: list[tuple[dict, int]] = []

    def build(node) -> Any:
        return constructor.construct_document(node)

    def take(node, single_line: int | None) -> None:
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                take(child, None)
            return
        if not isinstance(node, yaml.MappingNode):
            raise CatalogError(path, f"line {node.start_mark.line + 1}: expected a bibitem (a mapping with docid), found {node.tag.rsplit(':', 1)[-1]}")
        keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if "docid" not in keys:
            for wrapper in ("bibdata", "root", "items", "bibitem"):
                if wrapper in keys:
                    take(keys[wrapper], single_line)
                    return
            raise CatalogError(path, f"line {node.start_mark.line + 1}: not a Relaton bibitem (no docid)")
        items.append((build(node), single_line if single_line is not None else node.start_mark.line + 1))

    if not nodes:
        raise CatalogError(path, "empty YAML file")
    single = len(nodes) == 1 and isinstance(nodes[0], yaml.MappingNode)
    for node in nodes:
        take(node, 1 if single else None)
    return items


# --------------------------------------------------------------------------------------------
# field helpers
# --------------------------------------------------------------------------------------------


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _content(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("content", value.get("value", ""))
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


_DAMD_RE = re.compile(r"/(F?D)Amd\b")


def parse_docid(text: str) -> Designation:
    """`mapper.ids.parse`, reading ISO's new draft-amendment spelling `DAmd 2` / `FDAmd 2` as `DAM 2`."""
    try:
        return ids.parse(text)
    except DesignationError:
        fixed = _DAMD_RE.sub(lambda m: f"/{m.group(1)}AM", text)
        if fixed != text:
            return ids.parse(fixed)
        raise


def primary_docid(item: dict) -> str:
    docids = [d for d in _as_list(item.get("docid")) if isinstance(d, dict) and d.get("id")]
    for d in docids:
        if str(d.get("primary", "")).lower() in ("true", "yes"):
            return str(d["id"]).strip()
    for d in docids:
        if str(d.get("type", "")).lower() not in _SKIP_DOCID_TYPES and not str(d["id"]).lower().startswith("urn:"):
            return str(d["id"]).strip()
    ref = item.get("formattedref")
    return _content(ref) if ref else ""


def _year(d: Designation) -> int | None:
    if d.supplements:
        return d.supplements[-1].year
    return d.year


def _dated(d: Designation) -> bool:
    return d.year is not None and all(s.year is not None for s in d.supplements)


def _parse_date(raw: Any) -> _dt.date | None:
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?\s*", str(raw or ""))
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _titles(item: dict) -> list[tuple[str, str]]:
    by_lang: dict[str, dict[str, str]] = {}
    raw = item.get("title")
    if isinstance(raw, str):
        return [(" ".join(raw.split()), "en")]
    for t in _as_list(raw):
        if not isinstance(t, dict):
            continue
        text = _content(t)
        langs = _as_list(t.get("language")) or ["en"]
        if text:
            by_lang.setdefault(str(langs[0]).lower(), {}).setdefault(str(t.get("type") or "main"), text)
    out = []
    for lang, parts in by_lang.items():
        title = parts.get("main") or " — ".join(parts[k] for k in ("title-intro", "title-main", "title-part") if k in parts)
        if title:
            out.append((title, lang))
    return out


def _status(item: dict) -> tuple[str | None, bool, str]:
    """(status or None, is draft, the stage as written)."""
    ds = item.get("docstatus") or {}
    stage = ds.get("stage") if isinstance(ds, dict) else ds
    stage = _content(stage) if isinstance(stage, (dict, list)) else str(stage or "")
    sub = ds.get("substage") if isinstance(ds, dict) else None
    sub = _content(sub) if isinstance(sub, (dict, list)) else str(sub or "")
    m = re.fullmatch(r"(\d{2})(?:\.(\d{2}))?", stage.strip())
    shown = f"{stage}.{sub}" if sub and m and not m.group(2) else stage
    if m:
        major, minor = int(m.group(1)), m.group(2) or sub
        if major < 60:
            return "underDevelopment", True, shown
        if major == 60:
            return ("current" if minor == "60" else "underDevelopment"), False, shown
        if major == 95 and minor == "99":
            return "withdrawn", False, shown
        return "current", False, shown
    word = stage.strip().lower()
    return {"published": "current", "revised": "superseded", "withdrawn": "withdrawn", "deleted": "withdrawn",
            "confirmed": "current", "replaced": "superseded"}.get(word), False, shown


def _dates(item: dict) -> dict[str, list[_dt.date]]:
    out: dict[str, list[_dt.date]] = {}
    for d in _as_list(item.get("date")):
        if not isinstance(d, dict):
            continue
        value = d.get("value") or d.get("on") or (d.get("from") if isinstance(d.get("from"), str) else None)
        parsed = _parse_date(value)
        if parsed:
            out.setdefault(str(d.get("type") or ""), []).append(parsed)
    return out


def _issued(d: Designation, dates: dict[str, list[_dt.date]]) -> _dt.date | None:
    year = _year(d)
    if year is None:
        return None
    consolidated = any(s.consolidated for s in d.supplements) or (d.variant or "").upper() == "CSV"
    for kind in ("published", "issued"):
        for v in dates.get(kind, []):
            if v.year == year or (consolidated and v.year > year):
                return v
    for v in dates.get("updated", []):
        if v.year == year:
            return v
    return None


def _committees(item: dict, d: Designation) -> list[str]:
    ext = item.get("ext") if isinstance(item.get("ext"), dict) else {}
    group = item.get("editorialgroup") or ext.get("editorialgroup") or {}
    out: list[str] = []
    for tc in _as_list(group.get("technical_committee") if isinstance(group, dict) else None):
        if not isinstance(tc, dict):
            continue
        ident = _content(tc.get("identifier"))
        name = _content(tc.get("name"))
        number = _content(tc.get("number"))
        kind = _content(tc.get("type")).lower()
        ref = None
        if ident and _COMMITTEE_RE.match(ident):
            ref = ident
        elif re.fullmatch(r"(TC|SC|PC|JTC)\s*\d+[A-Z]?(/SC\s*\d+[A-Z]?)?", name, re.IGNORECASE) and d.publishers:
            ref = f"{d.publishers[0]}/{name.upper()}"
        elif number.isdigit() and kind in ("tc", "technicalcommittee", "technical-committee") and d.publishers:
            ref = f"{'/'.join(d.publishers[:1])}/TC {number}"
        if ref and ref not in out:
            out.append(ref)
    return out


def _ics(item: dict) -> list[str]:
    ext = item.get("ext") if isinstance(item.get("ext"), dict) else {}
    out = []
    for i in _as_list(item.get("ics") or ext.get("ics")):
        code = _content(i.get("code")) if isinstance(i, dict) else _content(i)
        if code and code not in out:
            out.append(code)
    return out


def _description_degree(rel: dict) -> tuple[str | None, str | None]:
    text = _content(rel.get("description"))
    if not text:
        return None, None
    try:
        deg = ids.parse_degree(text)
        if deg in ("IDT", "MOD", "NEQ", "EQV"):
            return deg, text
    except ValueError:
        pass
    for word, deg in (("identical", "IDT"), ("modified", "MOD"), ("not equivalent", "NEQ"), ("non-equivalent", "NEQ"),
                      ("nonequivalent", "NEQ"), ("equivalent", "EQV")):
        if word in text.lower():
            return deg, text
    m = re.search(r"\b(IDT|MOD|NEQ|EQV)\b", text, re.IGNORECASE)
    return (m.group(1).upper(), text) if m else (None, text)


# --------------------------------------------------------------------------------------------
# the reader
# --------------------------------------------------------------------------------------------

_REPLACES = {"obsoletes", "supersedes", "replaces"}
_REPLACED_BY = {"obsoletedby", "supersededby", "replacedby"}
_UPDATES = {"updates", "updatedby", "revises", "revisedby"}
_ADOPTS = {"adoptedfrom"}
_ADOPTED_BY = {"adoptedas"}


class RelatonReader:
    """Relaton YAML bibitems (relaton-data-iso, relaton-data-iec …)."""

    name = "relaton-yaml"
    version = READER_VERSION
    description = "Relaton YAML bibliographic records (Metanorma), one bibitem per file or a collection"

    def sniff(self, path: Path, head: bytes) -> bool:
        if path.suffix.lower() not in (".yaml", ".yml"):
            return False
        return (re.search(rb"^[ \t-]*docid[ \t]*:", head, re.MULTILINE) is not None
                and re.search(rb"^[ \t-]*(title|id|docnumber|type)[ \t]*:", head, re.MULTILINE) is not None)

    def read(self, path: Path, data: bytes, sink, graph, progress=None) -> ReadResult:
        items = load_items(path, data)
        result = ReadResult(0)
        skipped: dict[str, int] = {}
        for n, (item, line) in enumerate(items, 1):
            result.rows_read += 1
            if self._read_item(path, item, line, sink, graph, result, skipped):
                result.records += 1
            if progress and n % 1000 == 0:
                progress(n, len(items))
        if progress:
            progress(len(items), len(items))
        result.notes.extend(f"{what}: {count}" if count > 1 else what for what, count in skipped.items())
        return result

    def _read_item(self, path: Path, item: dict, line: int, sink, graph, result: ReadResult,
                   skipped: dict[str, int]) -> bool:
        from mapper.ingest import to_rdf

        file = str(path)
        text = primary_docid(item)
        if not text:
            result.errors.append(RowError(file, line, "docid", "", "the record has no docid"))
            return False
        try:
            d = parse_docid(text)
        except DesignationError as exc:
            result.errors.append(RowError(file, line, "docid", text, f"cannot read the designation: {exc.reason}"))
            return False
        status, draft, stage = _status(item)
        if draft or d.is_draft:
            skipped[f"{d.normalized}: a draft (stage {stage or '?'}) is not an edition; not imported"] = 1
            return False
        if not _dated(d):
            skipped[f"{d.normalized}: an undated record names a work, not an edition; not imported"] = 1
            return False

        iri = to_rdf.add_designation(sink, d)
        if text != d.normalized:
            sink.add((iri, to_rdf.SKOS.altLabel, Literal(text)))
        for title, lang in _titles(item):
            sink.add((iri, DCTERMS.title, Literal(title, lang=lang)))
        dates = _dates(item)
        issued = _issued(d, dates)
        if issued:
            sink.add((iri, DCTERMS.issued, to_rdf._date(issued)))
        for kind, prop in (("implemented", to_rdf.SM.effective), ("obsoleted", to_rdf.SM.withdrawn)):
            if dates.get(kind):
                sink.add((iri, prop, to_rdf._date(dates[kind][0])))
        for code in _ics(item):
            if _ICS_RE.match(code):
                sink.add((iri, to_rdf.SM.ics, to_rdf.add_ics(sink, code)))
            else:
                result.errors.append(RowError(file, line, "ics", code, "not an ICS code; expected NN, NN.NNN or NN.NNN.NN"))
        for ref in _committees(item, d):
            sink.add((iri, to_rdf.SM.committee, to_rdf.add_committee(sink, ref)))
        sources = [_content(link) for link in _as_list(item.get("link"))
                   if isinstance(link, dict) and str(link.get("type") or "src") == "src" and _content(link).startswith(("http://", "https://"))]
        for url in sources:
            sink.add((iri, DCTERMS.source, to_rdf.url_ref(url)))

        successor = self._relations(path, item, line, d, iri, sink, graph, result, skipped, sources)
        if status == "withdrawn" and successor:
            status = "superseded"
        if status:
            sink.add((iri, to_rdf.SM.status, to_rdf.STATUSES[status]))
        return True

    def _relations(self, path, item, line, d, iri, sink, graph, result, skipped, sources) -> bool:
        """Add what the relations state; True when a successor of this record is named."""
        from mapper.ingest import to_rdf

        file = str(path)
        successor = False
        claims: dict[str, list] = {}  # adopted/adopting normalized → [adopting, adopted, degree, stated, note]
        for i, rel in enumerate(_as_list(item.get("relation"))):
            if not isinstance(rel, dict):
                continue
            rtype = str(rel.get("type") or "")
            key = rtype.replace("-", "").replace("_", "").lower()
            if key not in _REPLACES | _REPLACED_BY | _UPDATES | _ADOPTS | _ADOPTED_BY:
                skipped[f"relations not read ({rtype})"] = skipped.get(f"relations not read ({rtype})", 0) + 1
                continue
            bib = rel.get("bibitem") or {}
            ttext = primary_docid(bib) if isinstance(bib, dict) else ""
            if not ttext:
                continue
            try:
                t = parse_docid(ttext)
            except DesignationError as exc:
                result.errors.append(RowError(file, line, f"relation[{i}] {rtype}", ttext,
                                              f"cannot read the designation: {exc.reason}"))
                continue
            if t.is_draft or not _dated(t):
                what = "relations to drafts or undated designations not recorded"
                skipped[what] = skipped.get(what, 0) + 1
                continue
            same_edition = t.base.normalized == d.base.normalized
            if key in _ADOPTS | _ADOPTED_BY:
                degree, stated = _description_degree(rel)
                target = to_rdf.add_designation(sink, t)
                adopting, adopted = (iri, target) if key in _ADOPTS else (target, iri)
                note = None if degree else "the relation states no degree of correspondence"
                claims[str(adopting) + "|" + str(adopted)] = [adopting, adopted, degree, stated, note, t if key in _ADOPTS else None]
                continue
            if key in _UPDATES:
                if same_edition:
                    if t.supplements and not d.supplements:
                        to_rdf.add_designation(sink, t)  # the supplement, attached to its base by its designation
                    continue
                if d.supplements or t.supplements or _year(t) == _year(d):
                    what = "supersession between a supplement and another edition not recorded"
                    skipped[what] = skipped.get(what, 0) + 1
                    continue
                newer_is_target = (_year(t) or 0) > (_year(d) or 0)
            else:
                if same_edition or d.supplements or t.supplements:
                    what = "'obsoletes' between an edition and supplements not recorded as supersession"
                    skipped[what] = skipped.get(what, 0) + 1
                    continue
                newer_is_target = key in _REPLACED_BY
                if t.work == d.work and ((_year(t) or 0) > (_year(d) or 0)) != newer_is_target:
                    what = "relations contradicting the editions' years not recorded"
                    skipped[what] = skipped.get(what, 0) + 1
                    continue
            other = to_rdf.add_designation(sink, t)
            new, old = (other, iri) if newer_is_target else (iri, other)
            sink.add((new, DCTERMS.replaces, old))
            sink.add((old, DCTERMS.isReplacedBy, new))
            successor = successor or newer_is_target

        # adoptions the designation itself states, merged with an adoptedFrom naming the same standard:
        # the relation's stated degree first, then the designation's
        for imp in d.adopts:
            target = to_rdf.add_designation(sink, imp.ref)
            k = str(iri) + "|" + str(target)
            c = claims.get(k)
            if c is None:
                claims[k] = [iri, target, imp.degree, d.normalized, None, None]
            elif c[2] is None:
                c[2], c[3], c[4] = imp.degree, d.normalized, "degree stated by the designation; the relation states none"
            elif c[2] != imp.degree:
                c[4] = f"the designation {d.normalized} states {imp.degree}; the relation's description says {c[2]}, which is taken"
            to_rdf.add_stated_adoptions(sink, target, imp.ref, graph, sources)
        for adopting, adopted, degree, stated, note, _t in claims.values():
            to_rdf.add_adoption(sink, adopting, adopted, degree, graph, sources=sources, stated=stated, note=note)
        return successor


register(RelatonReader())
