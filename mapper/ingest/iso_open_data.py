"""ISO Open Data (https://www.iso.org/open-data.html): deliverables, the ICS list, technical committees.

Three readers, each registered at import:

* ``iso-open-data`` — ``iso_deliverables_metadata`` as ISO publishes it, JSON Lines or CSV. Recognised by
  the field names of the first record (JSON) or of the header (CSV): ``reference`` with ``deliverableType``
  or ``currentStage``. ISO's CSV flattens nested fields with dots (``title.en``, ``title.fr``,
  ``pages.en``) and writes lists as ``[a, b]``; both spellings are read (``;`` and ``|`` separate list
  items too).
* ``iso-ics`` — ``ICS.csv`` (UTF-8 with a BOM; header ``identifier,parent,titleEn,titleFr,scopeEn,
  scopeFr``) as the SKOS scheme ``smics:scheme``: each code is ``smics:<code>`` with ``skos:notation``,
  ``skos:prefLabel`` @en/@fr, ``skos:scopeNote`` @en/@fr when given, ``skos:broader`` its parent (the
  ``parent`` column, and the parent its notation implies, which agree) and ``skos:topConceptOf`` for the
  40 fields.
* ``iso-committees`` — ``iso_technical_committees.jsonl``: ``sm:Committee`` nodes (``to_rdf.add_committee``:
  prefLabel, notation and the SDOs of the reference prefix as ``dcterms:publisher``) with ``dcterms:title``
  @en, ``sm:parentCommittee`` (``parent`` reference, or ``parentId`` resolved within the file),
  ``dcterms:created`` and ``dcterms:source`` ``https://www.iso.org/committee/<id>.html``; the ISO status
  (Active, Suspended) is kept as an ``sm:note``. Secretariat and member lists are not part of the model
  (reported as ignored fields).

Deliverables: the decisions
---------------------------

Status comes from the harmonized stage code ``currentStage`` (``9093`` = 90.93; ``"90.93"`` is read too):

=====================================  ==========================================================
stage                                  ``sm:status``
=====================================  ==========================================================
00.00 – 60.00 (proposal … publishing)  not imported: a draft (counted in the notes, see below)
60.60 published                        ``current``
90.xx review, confirmed, to be revised  ``current`` (90.20, 90.60, 90.92, 90.93, 90.99 …)
95.20, 95.60 withdrawal ballot         ``current`` (still in force until 95.99)
95.99 withdrawn, with a successor      ``superseded``: ``replacedBy`` names an imported record, or
                                       the file holds a newer edition of the same work (for an
                                       amendment or corrigendum: newer than its base edition)
95.99 withdrawn, no successor          ``withdrawn``
=====================================  ==========================================================

* Drafts (stage below 60.60, and references that name a draft such as ``ISO/DIS 1234`` or
  ``IEC/PWI 61966-2-1/Amd 1:2003``) are not imported: their references carry no year or a draft stage,
  so as editions they would stand for the work itself, and ISO's catalogue numbers them again when they
  are published. They are counted in the notes, as are the links to them. The file has no withdrawal
  dates, so no ``sm:withdrawn`` is written (none is invented).
* ``publicationDate`` ``YYYY-MM`` becomes ``dcterms:issued`` on the first of the month (docs/model.md);
  ``YYYY-MM-DD`` is taken as it is; a bare year (``2021``, seen on some corrigenda) is no date and is left
  out (the year is in the reference).
* Amendments, corrigenda, addenda and supplements attach to their base edition through the parsed
  reference (``to_rdf`` writes ``sm:supplementTo`` and creates the base node when the file lacks it).
* Supersession: ``replaces`` and ``replacedBy`` hold catalogue ids; each id is resolved within the file to
  that record's reference and written as ``dcterms:replaces`` / ``dcterms:isReplacedBy`` (both directions,
  always). An id names the published record that carries it (a draft of the same project may share
  it). Ids the file lacks, ids of drafts, ids that several published records share (4 in the shared
  reconstructed file, which has no real catalogue number for some; those records also get no source
  URL) and a record naming itself (87 there) are dropped and counted in the notes, never errors.
* Titles: ``title.en`` @en, ``title.fr`` @fr. ``icsCode`` → ``sm:ics``; ``ownerCommittee`` →
  ``sm:committee``. Each record's ``dcterms:source`` is ``https://www.iso.org/standard/<id>.html``.
* Joint documents led by IEC (``IEC 31010:2019``, ``IEC 80000-13:2008``) appear in ISO's catalogue and in
  IEC's; their dates and status in the two differ (IEC dates to the day, ISO to the month) while
  ``dcterms:issued`` and ``sm:status`` are single-valued. So the catalogue of the leading publisher (the
  first body of the reference) states them: this reader writes no status and no publication date for
  IEC-led references (counted in the notes); ``mapper.ingest.iec`` likewise leaves ISO-led ones to ISO.
  Identity, titles, ICS, committee, source and supersession links are written for every record.
* ``edition``, ``languages``, ``pages`` and ``scope`` are not part of the model (reported as ignored);
  ``deliverableType`` and ``supplementType`` are what the reference states already.
* A record whose reference ``mapper.ids`` cannot read, or with a bad stage, date or ICS code, is reported
  as a ``RowError`` (line number; for CSV the spreadsheet row, header = 1) and left out whole.

>>> from pathlib import Path
>>> READERS["iso-open-data"].sniff(Path("x.jsonl"), b'{"id": 1, "deliverableType": "IS", "reference": "ISO 1:2002"}')
True
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rdflib import XSD, Literal
from rdflib.namespace import DCTERMS, SKOS

from mapper import ids
from mapper.ids import Designation, DesignationError
from mapper.ingest.base import READERS, CatalogError, ReadResult, RowError, register
from mapper.ingest.tabular import CatalogRecord

DELIVERABLES_VERSION = "iso-open-data/1"
ICS_VERSION = "iso-ics/1"
COMMITTEES_VERSION = "iso-committees/1"

PROGRESS_EVERY = 5000
_ICS_RE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_STAGE_RE = re.compile(r"(\d{2})\.(\d{2})")

#: fields of a deliverable record that are read
_DELIVERABLE_FIELDS = {
    "id", "reference", "currentStage", "publicationDate", "icsCode", "ownerCommittee", "replaces",
    "replacedBy", "title", "title.en", "title.fr", "deliverableType", "supplementType",
}


# -- shared helpers (also used by mapper.ingest.iec) ----------------------------------------------------
def first_json_record(head: bytes) -> dict | None:
    """The first JSON Lines record of a file's opening bytes, or None. A first line longer than `head`
    is checked by its field names only (returned as a dict of those names)."""
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if not text.startswith("{"):
        return None
    line = text.split("\n", 1)[0].strip()
    try:
        obj = json.loads(line)
    except ValueError:
        if "\n" in text:  # a complete line that is not JSON
            return None
        return {k: None for k in re.findall(r'"([A-Za-z_.]+)"\s*:', line)}
    return obj if isinstance(obj, dict) else None


_JSON = json.JSONDecoder()


def iter_jsonl(path: Path, data: bytes) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, record, error message) for each non-blank line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    scan = _JSON.scan_once
    for n, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        try:  # json.loads without its wrappers when the line is one JSON value and nothing else
            obj, end = scan(line, 0)
            if end != len(line):
                raise ValueError
        except (ValueError, StopIteration):
            try:  # the error json.loads gives, in its own words
                obj = json.loads(line)
            except ValueError as exc:
                yield n, None, f"not a JSON object ({exc})"
                continue
        if not isinstance(obj, dict):
            yield n, None, "not a JSON object"
            continue
        yield n, obj, None


def parse_date(value: Any) -> _dt.date | None:
    """``YYYY-MM-DD`` as is, ``YYYY-MM`` → the first of the month, a bare year → None.
    Raises ValueError for anything else."""
    if value is None:
        return None
    if type(value) is str:
        return _date_of_text(value)
    return _date_of(value)


@functools.lru_cache(maxsize=8192)
def _date_of_text(text: str) -> _dt.date | None:
    return _date_of(text)  # catalogue dates recur (one publication day, many documents); errors are not kept


def _date_of(value: Any) -> _dt.date | None:
    text = str(value).strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError("not a date; expected YYYY-MM-DD or YYYY-MM")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None:
        return None
    return _dt.date(int(year), int(month), int(day) if day else 1)


def as_list(value: Any) -> list[str]:
    """A JSON list, or ISO's CSV spelling ``[a, b]`` (also ``a;b``, ``a|b``), as strings; null → []."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value if v is not None]
    else:
        text = str(value).strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        items = [t.strip().strip('"').strip("'") for t in re.split(r"[,;|]", text)]
    return [t for t in items if t and t.lower() not in ("null", "none")]


def lead_body(d: Designation) -> str:
    """The leading publisher of a reference: ``ISO/IEC 27001`` → ISO, ``IEC/IEEE 62582`` → IEC."""
    lead = d.body.split("/", 1)[0]
    return "IEC" if lead == "CISPR" else lead


def ics_codes(values: list[str], err) -> list[str]:
    out = []
    for code in values:
        if _ICS_RE.match(code):
            out.append(code)
        else:
            err("icsCode", code, "not an ICS code; expected NN, NN.NNN or NN.NNN.NN (e.g. 13.020.40)")
    return out


def _tick(progress, done: int, total: int) -> None:
    if progress is not None and done % PROGRESS_EVERY == 0:
        progress(done, total)


class Records:
    """The records of one file, read one by one for a reader: ticks the progress bar, counts the rows,
    reports an unreadable record in `errors` and collects the field names seen. Each readable record comes
    as (line, record, errs, err): its own error list and `err(column, value, message)` adding to it."""

    def __init__(self, path: Path, data: bytes, rows: Iterable[tuple[int, dict | None, str | None]], progress) -> None:
        self.fname, self._rows, self.progress = str(path), rows, progress
        self.total = data.count(b"\n") or 1
        self.errors: list[RowError] = []
        self.seen: set[str] = set()
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, dict, list[RowError], Callable[[str, Any, str], None]]]:
        for n, (line, rec, problem) in enumerate(self._rows, start=1):
            _tick(self.progress, n, self.total)
            self.count = n
            if rec is None:
                self.errors.append(RowError(self.fname, line, None, "", problem or "unreadable record"))
                continue
            self.seen.update(rec)
            errs: list[RowError] = []

            def err(column: str, value: Any, message: str, _line: int = line, _errs: list[RowError] = errs) -> None:
                _errs.append(RowError(self.fname, _line, column, "" if value is None else str(value), message))

            yield line, rec, errs, err

    def done(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def _date_literal(value: _dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


# -- deliverables ---------------------------------------------------------------------------------------
def _stage_code(value: Any) -> int:
    """9093, "9093", "90.93" → 9093. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        code = value
    else:
        text = str(value).strip()
        m = _STAGE_RE.fullmatch(text)
        code = int(m.group(1) + m.group(2)) if m else int(text)
    if not 0 <= code <= 9599 or code % 100 > 99:
        raise ValueError
    return code


def stage_status(code: int, has_successor: bool) -> str | None:
    """The status a harmonized stage code means; None for a draft (not imported)."""
    if code < 6060:
        return None
    if code >= 9599:
        return "superseded" if has_successor else "withdrawn"
    return "current"


def _csv_records(path: Path, data: bytes) -> Iterator[tuple[int, dict | None, str | None]]:
    """ISO's CSV layout as the JSON layout: ``title.en`` → title.en (kept flat), lists as strings."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        rec = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
        yield reader.line_num, {k: (v if v.strip() else None) for k, v in rec.items()}, None


def _title(rec: dict, lang: str) -> str | None:
    t = rec.get("title")
    value = t.get(lang) if isinstance(t, dict) else (t if lang == "en" and isinstance(t, str) else None)
    value = value or rec.get(f"title.{lang}") or rec.get(f"title_{lang}")
    return " ".join(str(value).split()) if value else None


class IsoDeliverablesReader:
    name = "iso-open-data"
    version = DELIVERABLES_VERSION
    description = "ISO Open Data deliverables metadata (iso_deliverables_metadata, JSON Lines or CSV)"

    def sniff(self, path: Path, head: bytes) -> bool:
        rec = first_json_record(head)
        if rec is not None:
            keys = set(rec)
        else:
            first = head.decode("utf-8-sig", errors="replace").split("\n", 1)[0]
            keys = {k.strip().strip('"') for k in first.split(",")}
        return "reference" in keys and bool(keys & {"deliverableType", "currentStage"})

    def read(self, path, data, sink, graph, progress=None) -> ReadResult:
        from mapper.ingest.to_rdf import bulk_reading

        with bulk_reading():
            return self._read(path, data, sink, graph, progress)

    def _read(self, path, data, sink, graph, progress) -> ReadResult:
        from mapper.ingest.to_rdf import add_record

        is_json = first_json_record(data[:65536]) is not None
        records_in = Records(path, data, iter_jsonl(path, data) if is_json else _csv_records(path, data), progress)
        errors = records_in.errors
        notes: Counter[str] = Counter()
        # pass 1: read every record; decide drafts; parse references
        entries: list[tuple[int, dict, Any, Designation, int, list[RowError], Callable[[str, Any, str], None]]] = []
        by_id: dict[str, Designation] = {}
        draft_ids: set[str] = set()
        all_ids: set[str] = set()
        ambiguous: set[str] = set()
        for line, rec, errs, err in records_in:
            rid = str(rec.get("id") or "").strip()
            if rid:
                all_ids.add(rid)
            try:
                stage = _stage_code(rec.get("currentStage"))
            except (TypeError, ValueError):
                err("currentStage", rec.get("currentStage"), "not a harmonized stage code (e.g. 9093 or 90.93)")
                errors.extend(errs)
                continue
            if stage < 6060:
                notes["draft"] += 1
                if rid:
                    draft_ids.add(rid)
                continue
            reference = str(rec.get("reference") or "").strip()
            if not reference:
                err("reference", "", "the reference is missing")
                errors.extend(errs)
                continue
            try:
                d = ids.parse(reference)
            except DesignationError as exc:
                err("reference", reference, f"cannot read the reference: {exc.reason}")
                errors.extend(errs)
                continue
            if d.is_draft or d.year is None:
                notes["draft"] += 1
                if rid:
                    draft_ids.add(rid)
                continue
            if errs:
                errors.extend(errs)
                continue
            entries.append((line, rec, rid, d, stage, errs, err))
            if rid:
                if rid in by_id:
                    ambiguous.add(rid)
                by_id[rid] = d
        for rid in ambiguous:  # one id, several published records: links to it cannot be resolved
            del by_id[rid]
        # newest edition of each work (for 95.99: withdrawn or superseded)
        newest: dict[str, int] = defaultdict(int)
        for _line, _rec, _rid, d, _stage, _e, _err in entries:
            if not d.supplements:
                newest[d.work] = max(newest[d.work], d.year or 0)
        # pass 2: records
        records = 0
        for line, rec, rid, d, stage, errs, err in entries:
            links: dict[str, list[Designation]] = {"replaces": [], "replacedBy": []}
            for key in ("replaces", "replacedBy"):
                for other in as_list(rec.get(key)):
                    if other == rid:
                        notes["self"] += 1
                    elif other in by_id:
                        links[key].append(by_id[other])
                    elif other in ambiguous:
                        notes["ambiguous"] += 1
                    elif other in draft_ids:
                        notes["to-draft"] += 1
                    elif other in all_ids:
                        notes["to-bad"] += 1
                    else:
                        notes["unknown"] += 1
            base_year = d.year or 0
            has_successor = bool(links["replacedBy"]) or newest.get(d.work, 0) > base_year
            status = stage_status(stage, has_successor)
            issued = None
            try:
                issued = parse_date(rec.get("publicationDate"))
            except ValueError as exc:
                err("publicationDate", rec.get("publicationDate"), str(exc))
            ics = ics_codes(as_list(rec.get("icsCode")), err)
            if errs:
                errors.extend(errs)
                continue
            cat = CatalogRecord(row=line, designation=d, printed=str(rec.get("reference")).strip())
            cat.title_en = _title(rec, "en")
            if lead_body(d) == "IEC":
                notes["iec-led"] += 1
            else:
                cat.status = status
                cat.issued = issued
            cat.ics = ics
            committee = rec.get("ownerCommittee")
            if committee and str(committee).strip():
                cat.committees = [str(committee).strip()]
            cat.replaces = links["replaces"]
            cat.replaced_by = links["replacedBy"]
            if rid and rid not in ambiguous:
                cat.sources = [f"https://www.iso.org/standard/{rid}.html"]
            cat.title_fr = _title(rec, "fr")
            add_record(sink, cat, graph)
            records += 1
        records_in.done()
        ignored = sorted(f for f in records_in.seen if f not in _DELIVERABLE_FIELDS and not f.startswith("title"))
        return ReadResult(records, errors, records_in.count, _deliverable_notes(notes), ignored)


def _deliverable_notes(notes: Counter[str]) -> list[str]:
    out = []
    if notes["draft"]:
        out.append(f"{notes['draft']} drafts (stage below 60.60 or a draft reference) not imported")
    if notes["iec-led"]:
        out.append(f"{notes['iec-led']} IEC-led references: status and publication date left to IEC's catalogue")
    if notes["to-draft"]:
        out.append(f"{notes['to-draft']} replaces/replacedBy links to drafts dropped")
    if notes["ambiguous"]:
        out.append(f"{notes['ambiguous']} replaces/replacedBy links to ids that several records share dropped"
                   " (those records get no source URL)")
    if notes["to-bad"]:
        out.append(f"{notes['to-bad']} replaces/replacedBy links to records with errors dropped")
    if notes["unknown"]:
        out.append(f"{notes['unknown']} replaces/replacedBy ids not in the file dropped")
    if notes["self"]:
        out.append(f"{notes['self']} records naming themselves in replaces/replacedBy (link dropped)")
    return out


# -- ICS ------------------------------------------------------------------------------------------------
class IsoIcsReader:
    name = "iso-ics"
    version = ICS_VERSION
    description = "ISO Open Data ICS list (ICS.csv: identifier, parent, titleEn, titleFr, scopeEn, scopeFr)"

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.decode("utf-8-sig", errors="replace").split("\n", 1)[0]
        keys = [k.strip().strip('"') for k in first.split(",")]
        return keys[:3] == ["identifier", "parent", "titleEn"]

    def read(self, path, data, sink, graph, progress=None) -> ReadResult:
        from mapper.ingest.to_rdf import add_ics
        from mapper.vocab import SMICS

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "identifier" not in reader.fieldnames:
            raise CatalogError(path, "no 'identifier' column; expected ISO's ICS.csv")
        known = {"identifier", "parent", "titleEn", "titleFr", "scopeEn", "scopeFr"}
        ignored = [f for f in reader.fieldnames if f not in known]
        errors: list[RowError] = []
        records = rows = 0
        for row in reader:
            rows += 1
            line = reader.line_num
            code = (row.get("identifier") or "").strip()
            parent = (row.get("parent") or "").strip()
            bad = False
            for column, value in (("identifier", code), ("parent", parent)):
                if (value or column == "identifier") and not _ICS_RE.match(value):
                    errors.append(RowError(str(path), line, column, value,
                                           "not an ICS code; expected NN, NN.NNN or NN.NNN.NN (e.g. 13.020.40)"))
                    bad = True
            if bad:
                continue
            iri = add_ics(sink, code)
            if parent:
                sink.add((iri, SKOS.broader, add_ics(sink, parent)))
            else:
                sink.add((iri, SKOS.topConceptOf, SMICS.scheme))
            for column, prop, lang in (("titleEn", SKOS.prefLabel, "en"), ("titleFr", SKOS.prefLabel, "fr"),
                                       ("scopeEn", SKOS.scopeNote, "en"), ("scopeFr", SKOS.scopeNote, "fr")):
                value = " ".join((row.get(column) or "").split())
                if value:
                    sink.add((iri, prop, Literal(value, lang=lang)))
            records += 1
        return ReadResult(records, errors, rows, [], ignored)


# -- technical committees -------------------------------------------------------------------------------
_COMMITTEE_FIELDS = {"id", "reference", "title_en", "title", "title.en", "status", "creation_date",
                     "creationDate", "parent", "parentId"}


class IsoCommitteesReader:
    name = "iso-committees"
    version = COMMITTEES_VERSION
    description = "ISO Open Data technical committees (iso_technical_committees, JSON Lines)"

    def sniff(self, path: Path, head: bytes) -> bool:
        rec = first_json_record(head)
        if rec is None:
            return False
        keys = set(rec)
        return ("reference" in keys and bool(keys & {"title_en", "title", "title.en"})
                and bool(keys & {"secretariat", "p_members", "pMembers", "o_members", "oMembers",
                                 "creation_date", "creationDate", "parentId"}))

    def read(self, path, data, sink, graph, progress=None) -> ReadResult:
        from mapper.ingest.to_rdf import add_committee, url_ref
        from mapper.vocab import SM

        fname = str(path)
        errors: list[RowError] = []
        good: list[tuple[int, dict, str]] = []
        refs_by_id: dict[str, str] = {}
        seen: set[str] = set()
        rows = 0
        for line, rec, problem in iter_jsonl(path, data):
            rows += 1
            if rec is None:
                errors.append(RowError(fname, line, None, "", problem or "unreadable record"))
                continue
            seen.update(rec)
            ref = " ".join(str(rec.get("reference") or "").split())
            if not ref:
                errors.append(RowError(fname, line, "reference", "", "the committee reference is missing"))
                continue
            created = rec.get("creation_date", rec.get("creationDate"))
            try:
                parse_date(created)
            except ValueError as exc:
                errors.append(RowError(fname, line, "creation_date", str(created), str(exc)))
                continue
            good.append((line, rec, ref))
            if rec.get("id") is not None:
                refs_by_id[str(rec["id"])] = ref
        for line, rec, ref in good:
            iri = add_committee(sink, ref)
            title = _title(rec, "en")
            if title:
                sink.add((iri, DCTERMS.title, Literal(title, lang="en")))
            parent = rec.get("parent")
            if not parent and rec.get("parentId") is not None:
                parent = refs_by_id.get(str(rec["parentId"]))
            if parent and " ".join(str(parent).split()) != ref:
                sink.add((iri, SM.parentCommittee, add_committee(sink, str(parent))))
            created = parse_date(rec.get("creation_date", rec.get("creationDate")))
            if created:
                sink.add((iri, DCTERMS.created, _date_literal(created)))
            if rec.get("status"):
                sink.add((iri, SM.note, Literal(f"ISO committee status: {rec['status']}")))
            if rec.get("id") is not None:
                sink.add((iri, DCTERMS.source, url_ref(f"https://www.iso.org/committee/{rec['id']}.html")))
        ignored = sorted(f for f in seen if f not in _COMMITTEE_FIELDS)
        return ReadResult(len(good), errors, rows, [], ignored)


register(IsoDeliverablesReader())
register(IsoIcsReader())
register(IsoCommitteesReader())

__all__ = ["IsoCommitteesReader", "IsoDeliverablesReader", "IsoIcsReader", "as_list", "first_json_record",
           "iter_jsonl", "lead_body", "parse_date", "stage_status"]
