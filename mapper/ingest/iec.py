"""IEC catalogue records (webstore.iec.ch metadata as Relaton holds it), one JSON object per line.

Registered as ``iec-catalogue``; recognised by the first record's fields: ``reference``, ``doctype`` and a
``status`` of PUBLISHED, REVISED, REPLACED or WITHDRAWN. Fields read: ``reference``, ``title_en``,
``publication_date``, ``obsoleted_date``, ``status``, ``committee``, ``ics``; ``edition`` orders editions
published on one day. ``year`` is what the reference says; ``stable_until``, ``doctype`` (the reference
states it) and ``project_number`` are not part of the model.

The decisions
-------------

The source has no replaces/replacedBy links, so supersession is derived. The *editions* of a work are the
records whose reference has no supplement and no variant and whose ``mapper.ids.parse(reference).work``
is the same; they are ordered by publication date (then edition number).

==========  ===============================================  ===========================================
status      ``sm:status``                                    supersession
==========  ===============================================  ===========================================
PUBLISHED   ``current``                                      none
REVISED     ``superseded``                                   replaced by the next edition, if any
REPLACED    ``superseded`` (often by another number, which   replaced by the next edition, if any
            the source does not name)
WITHDRAWN   ``superseded`` if a next edition exists, else    replaced by the next edition, if any
            ``withdrawn``
==========  ===============================================  ===========================================

* Amendments, corrigenda, interpretation sheets and fragments (``IEC 60529:1989/AMD1:1999``) get the
  status of their own record (WITHDRAWN → ``superseded`` when the work has an edition newer than their
  base) and attach to their base edition through the parsed reference (``to_rdf`` writes
  ``sm:supplementTo`` and creates the base node); no supersession is derived for them.
* ``obsoleted_date`` → ``sm:withdrawn`` when the status says the document is no longer in force
  (REVISED, REPLACED, WITHDRAWN) and the date is not before the publication date (a few interpretation
  sheets carry their base's date; those are counted in the notes, not written).
  ``publication_date`` → ``dcterms:issued``.
* Consolidated versions (``IEC 60335-1:2010+AMD1:2013 CSV``), redlines (``RLV``) and the other
  publication variants (``CMV`` commented, ``EXV`` extended, ``SER`` series, ``DB`` database) are the
  same text as an edition and its amendments, not documents of their own: they are not imported, and
  counted in the notes by variant. So are undated references (``IEC 60417``: a database, not an edition)
  and drafts.
* Joint documents led by ISO (``ISO/IEC 27001:2013``, ``ISO 8000-…``, ``ISO/IEC/IEEE …``) are ISO's to
  describe: this reader writes their identity, title, ICS and committee but no status, dates or
  supersession, since ISO Open Data states those (to the month, where IEC states the day) and
  ``sm:status`` / ``dcterms:issued`` are single-valued. ``mapper.ingest.iso_open_data`` does the same
  for IEC-led references. IRIs agree between the two catalogues because ``mapper.ids`` writes each
  reference in its lead publisher's spelling (``IEC 60601-1-10:2007/AMD1:2013`` in both).
* No ``dcterms:source`` is written: the webstore's publication URLs use an id the records lack.
* A reference ``mapper.ids`` cannot read, an unknown status or a bad date or ICS code is a ``RowError``
  (line number, field, value) and the record is left out; the others are kept.

>>> from pathlib import Path
>>> READERS["iec-catalogue"].sniff(Path("c.jsonl"), b'{"reference": "IEC 60529:1989", "status": "REVISED", "doctype": "international-standard"}')
True
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from mapper import ids
from mapper.ids import Designation, DesignationError
from mapper.ingest.base import READERS, ReadResult, register
from mapper.ingest.iso_open_data import Records, as_list, first_json_record, ics_codes, iter_jsonl, lead_body, parse_date
from mapper.ingest.tabular import CatalogRecord

READER_VERSION = "iec-catalogue/1"
STATUSES = ("PUBLISHED", "REVISED", "REPLACED", "WITHDRAWN")
_READ_FIELDS = {"reference", "title_en", "publication_date", "obsoleted_date", "status", "committee", "ics",
                "edition", "year", "doctype"}


def _edition_number(value: Any) -> float:
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return 0.0


class IecCatalogueReader:
    name = "iec-catalogue"
    version = READER_VERSION
    description = "IEC catalogue records (JSON Lines: reference, status PUBLISHED/REVISED/REPLACED/WITHDRAWN, dates)"

    def sniff(self, path: Path, head: bytes) -> bool:
        rec = first_json_record(head)
        return rec is not None and "reference" in rec and "doctype" in rec and rec.get("status") in STATUSES

    def read(self, path, data, sink, graph, progress=None) -> ReadResult:
        from mapper.ingest.to_rdf import bulk_reading

        with bulk_reading():
            return self._read(path, data, sink, graph, progress)

    def _read(self, path, data, sink, graph, progress) -> ReadResult:
        from mapper.ingest.to_rdf import add_record

        records_in = Records(path, data, iter_jsonl(path, data), progress)
        errors = records_in.errors
        notes: Counter[str] = Counter()
        entries: list[tuple[CatalogRecord, Designation, str, Any]] = []
        for line, rec, errs, err in records_in:
            reference = " ".join(str(rec.get("reference") or "").split())
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
            status = str(rec.get("status") or "").strip().upper()
            if status not in STATUSES:
                err("status", rec.get("status"), "unknown status; expected PUBLISHED, REVISED, REPLACED or WITHDRAWN")
            issued = withdrawn = None
            try:
                issued = parse_date(rec.get("publication_date"))
            except ValueError as exc:
                err("publication_date", rec.get("publication_date"), str(exc))
            try:
                withdrawn = parse_date(rec.get("obsoleted_date"))
            except ValueError as exc:
                err("obsoleted_date", rec.get("obsoleted_date"), str(exc))
            ics = ics_codes(as_list(rec.get("ics")), err)
            if errs:
                errors.extend(errs)
                continue
            if d.variant:
                notes[f"variant {d.variant}"] += 1
                continue
            if d.is_draft:
                notes["draft"] += 1
                continue
            if d.year is None:
                notes["undated"] += 1
                continue
            cat = CatalogRecord(row=line, designation=d, printed=reference)
            title = rec.get("title_en")
            cat.title_en = " ".join(str(title).split()) if title else None
            cat.ics = ics
            committee = rec.get("committee")
            if committee and str(committee).strip():
                cat.committees = [" ".join(str(committee).split())]
            if lead_body(d) == "ISO":
                notes["iso-led"] += 1
                entries.append((cat, d, "", None))
                continue
            cat.issued = issued
            if status != "PUBLISHED" and withdrawn is not None:
                if issued is not None and withdrawn < issued:
                    notes["obsoleted-before-issued"] += 1
                else:
                    cat.withdrawn = withdrawn
            entries.append((cat, d, status, rec.get("edition")))

        # editions of each IEC-led work, oldest first
        editions: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
        for i, (cat, d, status, edition) in enumerate(entries):
            if status and not d.supplements:
                issued = cat.issued.isoformat() if cat.issued else f"{d.year:04d}"
                editions[d.work].append((issued, _edition_number(edition), i))
        successor: dict[int, int] = {}
        newest_year: dict[str, int] = {}
        for work, eds in editions.items():
            eds.sort()
            for (_a, _b, i), (_c, _e, j) in zip(eds, eds[1:]):
                successor[i] = j
            newest_year[work] = max(entries[i][1].year or 0 for _x, _y, i in eds)
        for i, (cat, d, status, _edition) in enumerate(entries):
            if not status:  # ISO-led: identity, title, ICS, committee only
                continue
            if status == "PUBLISHED":
                cat.status = "current"
            elif d.supplements:
                newer = newest_year.get(d.work, 0) > (d.year or 0)
                cat.status = "withdrawn" if status == "WITHDRAWN" and not newer else "superseded"
            else:
                nxt = successor.get(i)
                if nxt is not None:
                    cat.replaced_by = [entries[nxt][1]]
                cat.status = "withdrawn" if status == "WITHDRAWN" and nxt is None else "superseded"
        for cat, _d, _s, _e in entries:
            add_record(sink, cat, graph)
        records_in.done()
        ignored = sorted(f for f in records_in.seen if f not in _READ_FIELDS)
        return ReadResult(len(entries), errors, records_in.count, _notes(notes), ignored)


def _notes(notes: Counter[str]) -> list[str]:
    out = []
    variants = sorted(k for k in notes if k.startswith("variant "))
    if variants:
        out.append("publication variants not imported (the same text as an edition): "
                   + ", ".join(f"{notes[k]} {k.split(' ', 1)[1]}" for k in variants))
    if notes["undated"]:
        out.append(f"{notes['undated']} undated references (databases, collections) not imported")
    if notes["draft"]:
        out.append(f"{notes['draft']} drafts not imported")
    if notes["iso-led"]:
        out.append(f"{notes['iso-led']} ISO-led references: status, dates and supersession left to ISO's catalogue")
    if notes["obsoleted-before-issued"]:
        out.append(f"{notes['obsoleted-before-issued']} obsoleted dates before the publication date not recorded")
    return out


register(IecCatalogueReader())

__all__ = ["IecCatalogueReader", "STATUSES"]
