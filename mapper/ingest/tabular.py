"""Read national catalogue exports (CSV, XLSX) in the column layout of China's standards platform.

Headers may be Chinese (标准号, 采用国际标准号, 采用程度 …) or English (designation, adopted, degree …);
see docs/model.md "Tabular catalogue layout". Each row becomes a `CatalogRecord` or one or more
`RowError`s that name the file, the row (spreadsheet numbering: the header is row 1) and the column.
A row with any error is left out whole, so a half-read row never reaches the graph.

>>> result = read_catalog(Path("tests/data/small_catalog.csv"))   # doctest: +SKIP
>>> result.records[0].designation.normalized
'GB/T 24001-2016'
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from mapper import ids
from mapper.ids import Designation, DesignationError
from mapper.ingest.base import CatalogError, ReadResult, RowError, register

READER_VERSION = "tabular/1"

#: canonical column → accepted header spellings (compared after `_header_key`)
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "designation": ("designation", "standard no", "standard number", "std no", "标准号", "标准编号", "国家标准号"),
    "plan": ("plan", "plan number", "计划号", "计划编号"),
    "title_zh": ("title_zh", "title zh", "chinese title", "中文标准名称", "标准名称", "中文名称"),
    "title_en": ("title_en", "title en", "english title", "title", "英文标准名称", "英文名称"),
    "status": ("status", "标准状态", "状态"),
    "issued": ("issued", "issue date", "publication date", "published", "发布日期"),
    "effective": ("effective", "implementation date", "execute date", "实施日期"),
    "withdrawn": ("withdrawn", "withdrawal date", "abolished", "废止日期", "废止时间"),
    "ics": ("ics", "国际标准分类号", "ics分类号"),
    "ccs": ("ccs", "中国标准分类号", "中标分类号", "ccs分类号"),
    "committee": ("committee", "technical committee", "tc", "归口单位", "技术委员会", "归口"),
    "replaces": ("replaces", "replaced standard", "代替标准", "代替国标号", "代替标准号"),
    "replaced_by": ("replaced_by", "replaced by", "被代替标准", "被代替国标号", "被代替标准号"),
    "adopted": ("adopted", "adopted international standard", "采用国际标准号", "采用国际标准", "采标号"),
    "degree": ("degree", "application degree", "degree of correspondence", "采用程度", "一致性程度", "采标程度"),
    "method": ("method", "adoption method", "采用方法"),
    "source": ("source", "sources", "来源"),
    "confidence": ("confidence", "可信度"),
    "note": ("note", "notes", "remark", "备注"),
}

STATUS_WORDS: dict[str, str] = {
    "现行": "current", "有效": "current", "current": "current", "in force": "current", "active": "current",
    "published": "current", "即将实施": "forthcoming", "forthcoming": "forthcoming",
    "not yet in force": "forthcoming", "被代替": "superseded", "superseded": "superseded",
    "replaced": "superseded", "revised": "superseded", "废止": "withdrawn", "作废": "withdrawn",
    "withdrawn": "withdrawn", "abolished": "withdrawn", "under development": "underDevelopment",
    "underdevelopment": "underDevelopment", "制定中": "underDevelopment", "计划": "underDevelopment",
    "plan": "underDevelopment", "draft": "underDevelopment", "征求意见稿": "underDevelopment",
    "unknown": "unknown", "未知": "unknown",
}

METHOD_WORDS: dict[str, str] = {
    "translation": "translation", "翻译法": "translation", "翻译": "translation",
    "redraft": "redraft", "redrafting": "redraft", "重新起草法": "redraft", "重新起草": "redraft",
    "endorsement": "endorsement", "认可法": "endorsement", "cover sheet": "coverSheet",
    "coversheet": "coverSheet", "封面法": "coverSheet", "reprint": "reprint", "重印法": "reprint",
}

_ICS_RE = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_CCS_RE = re.compile(r"^[A-Z]\d{2}$")
_LIST_SPLIT = re.compile(r"\s*[;；,，、\n]\s*|\s+")
_URL_RE = re.compile(r"https?://\S+")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*(?:月)?(?:[ T]00:00(:00)?)?")
_DESIGNATIONS_SPLIT = re.compile(r"\s*[;；，、\n]\s*|\s*,\s*(?=[A-Za-zＡ-Ｚ])")
_COMMITTEES_SPLIT = re.compile(r"\s*[;；\n]\s*")


@dataclass
class CatalogRecord:
    """One good row: a standard and what the row says about it."""

    row: int
    designation: Designation | None
    printed: str
    plan: str | None = None
    title_zh: str | None = None
    title_en: str | None = None
    status: str | None = None
    issued: _dt.date | None = None
    effective: _dt.date | None = None
    withdrawn: _dt.date | None = None
    ics: list[str] = field(default_factory=list)
    ccs: list[str] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    replaces: list[Designation] = field(default_factory=list)
    replaced_by: list[Designation] = field(default_factory=list)
    #: (adopted standard, degree IDT/MOD/NEQ/EQV or None when not established, degree as written)
    adopted: list[tuple[Designation, str | None, str | None]] = field(default_factory=list)
    national_original: bool = False
    method: str | None = None
    sources: list[str] = field(default_factory=list)
    confidence: str | None = None
    note: str | None = None
    title_fr: str | None = None  # ISO Open Data's French title (no column of this layout)

    @property
    def key(self) -> str:
        """The identifier the graph uses for this standard."""
        if self.designation is not None:
            return self.designation.normalized
        return f"plan {self.plan}"


@dataclass
class TableResult:
    path: Path
    checksum: str
    records: list[CatalogRecord]
    errors: list[RowError]
    ignored_columns: list[str]
    rows_read: int


def _header_key(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    t = re.sub(r"[\s_/()（）:：.\-]+", " ", t).strip()
    return t


_ALIAS_INDEX = {_header_key(a): canon for canon, aliases in HEADER_ALIASES.items() for a in aliases}


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.datetime, _dt.date)):
        d = value.date() if isinstance(value, _dt.datetime) else value
        return d.isoformat()
    return unicodedata.normalize("NFKC", str(value)).strip() if not isinstance(value, float) else repr(value)


def _free_text(value: Any) -> str:
    """A title or note as written: stripped, but not NFKC-folded (that would turn 全角 punctuation and
    Ⅲ型 in official Chinese titles into ASCII)."""
    if value is None or isinstance(value, (_dt.datetime, _dt.date, float)):
        return _cell_text(value)
    return str(value).strip()


#: columns that hold free text rather than codes
_FREE_TEXT_COLUMNS = ("title_zh", "title_en", "note")


def _read_rows(path: Path, data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """Yield (spreadsheet row number, cells) for every row, header included."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            import openpyxl

            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a corrupt file
            raise CatalogError(path, f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc})") from exc
        ws = wb.worksheets[0]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, list(row)
        wb.close()
        return
    if suffix not in (".csv", ".tsv", ".txt"):
        raise CatalogError(path, f"unsupported file type {suffix!r}; expected .csv, .tsv or .xlsx")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise CatalogError(path, "cannot decode the file as UTF-8 or GB18030")
    delimiter = "\t" if suffix == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row_number = 0
    try:
        for cells in reader:
            row_number += 1
            yield row_number, cells
    except csv.Error as exc:
        raise CatalogError(path, f"row {row_number + 1}: malformed CSV ({exc})") from exc


def parse_date(text: str) -> _dt.date:
    """Read the date forms national catalogues use: 2016-10-13, 2016/10/13, 2016.10.13, 2016年10月13日,
    2016-10 (→ the first of the month)."""
    if type(text) is str:
        return _date_of_text(text)
    return _parse_date(text)


@functools.lru_cache(maxsize=8192)
def _date_of_text(text: str) -> _dt.date:
    return _parse_date(text)  # dates recur (many standards are issued on one day); errors are not kept


def _parse_date(text: str) -> _dt.date:
    t = text.strip()
    m = _DATE_RE.fullmatch(t)
    if not m:
        raise ValueError("not a date; expected YYYY-MM-DD (or YYYY-MM, YYYY/MM/DD, YYYY年MM月DD日)")
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
    return _dt.date(year, month, day)


def _split_list(text: str) -> list[str]:
    return [p for p in _LIST_SPLIT.split(text) if p]


def _split_designations(text: str) -> list[str]:
    # designations contain spaces, so split on list separators only
    return [p.strip() for p in _DESIGNATIONS_SPLIT.split(text) if p.strip()]


def _ics_value(raw: Any) -> str:
    if isinstance(raw, float):  # Excel turned "13.020" into 13.02
        return f"{raw:06.3f}"
    return _cell_text(raw)


def read_catalog(path: Path, data: bytes | None = None) -> TableResult:
    """Read one CSV/XLSX catalogue file. Raises CatalogError when the file itself is unreadable."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CatalogError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    checksum = hashlib.sha256(data).hexdigest()
    rows = _read_rows(path, data)
    header: list[str] | None = None
    columns: dict[int, str] = {}
    ignored: list[str] = []
    records: list[CatalogRecord] = []
    errors: list[RowError] = []
    read = 0
    name = str(path)
    col_items: list[tuple[int, str]] = []
    col_label: dict[str, str] = {}
    for number, cells in rows:
        if header is None:
            if not any(_cell_text(c) for c in cells):
                continue
            header = [_cell_text(c) for c in cells]
            for i, h in enumerate(header):
                canon = _ALIAS_INDEX.get(_header_key(h))
                if canon is None:
                    if h:
                        ignored.append(h)
                elif canon in columns.values():
                    raise CatalogError(path, f"row {number}: column {h!r} repeats the {canon} column")
                else:
                    columns[i] = canon
            if "designation" not in columns.values() and "plan" not in columns.values():
                raise CatalogError(
                    path,
                    f"row {number}: no designation column (expected a header such as 标准号 or designation; "
                    f"found {', '.join(repr(h) for h in header if h) or 'nothing'})",
                )
            col_items = list(columns.items())
            col_label = {canon: header[i] for i, canon in col_items}
            continue
        text, blank = _row_text(cells, col_items)
        if blank:
            continue  # blank line
        read += 1
        record, row_errors = _read_record(name, number, text, col_label)
        if row_errors:
            errors.extend(row_errors)
        elif record is not None:
            records.append(record)
    if header is None:
        raise CatalogError(path, "the file is empty (no header row)")
    return TableResult(path, checksum, records, errors, ignored, read)


_NFKC = functools.partial(unicodedata.normalize, "NFKC")


def _row_text(cells: list[Any], col_items: list[tuple[int, str]]) -> tuple[dict[str, str], bool]:
    """Each read column's cell as text (codes NFKC-folded, free text as written), and whether the row is
    blank (every cell empty once folded)."""
    text: dict[str, str] = {}
    blank = True
    n = len(cells)
    for i, canon in col_items:
        v = cells[i] if i < n else None
        if type(v) is str:  # every CSV cell: `_cell_text`, `_free_text` and `_ics_value` inlined
            folded = _NFKC(v).strip()
            if folded:
                blank = False
            text[canon] = v.strip() if canon in _FREE_TEXT_COLUMNS else folded
        else:
            if _cell_text(v):
                blank = False
            text[canon] = (_ics_value(v) if canon in ("ics", "ccs")
                           else _free_text(v) if canon in _FREE_TEXT_COLUMNS else _cell_text(v))
    return text, blank


def _read_record(
    name: str, number: int, text: dict[str, str], col_label: dict[str, str]
) -> tuple[CatalogRecord | None, list[RowError]]:
    errs: list[RowError] = []

    def err(column: str | None, value: str, message: str) -> None:
        errs.append(RowError(name, number, col_label.get(column, column) if column else None, value, message))

    printed = text.get("designation", "")
    plan = text.get("plan") or None
    designation: Designation | None = None
    if printed:
        try:
            designation = ids.parse(printed)
        except DesignationError as exc:
            err("designation", printed, f"cannot read the designation: {exc.reason} at character {exc.position + 1}")
    elif not plan:
        err("designation", "", "the designation is empty (and no plan number is given)")
    if designation is not None and designation.year is None and not plan and designation.level == "national":
        pass  # an undated national designation is allowed (a standard in preparation)

    rec = CatalogRecord(row=number, designation=designation, printed=printed, plan=plan)
    rec.title_zh = text.get("title_zh") or None
    rec.title_en = text.get("title_en") or None

    status = text.get("status", "")
    if status:
        key = status.strip().lower()
        if key not in STATUS_WORDS:
            err("status", status, "unknown status; expected 现行, 即将实施, 废止, 被代替 (or current, forthcoming, withdrawn, superseded, under development, unknown)")
        else:
            rec.status = STATUS_WORDS[key]
    for column in ("issued", "effective", "withdrawn"):
        raw = text.get(column, "")
        if raw:
            try:
                setattr(rec, column, parse_date(raw))
            except ValueError as exc:
                err(column, raw, str(exc))
    for code in _split_list(text.get("ics", "")):
        if _ICS_RE.match(code):
            rec.ics.append(code)
        else:
            err("ics", code, "not an ICS code; expected NN, NN.NNN or NN.NNN.NN (e.g. 13.020.40)")
    for code in _split_list(text.get("ccs", "")):
        code_u = code.upper()
        if _CCS_RE.match(code_u):
            rec.ccs.append(code_u)
        else:
            err("ccs", code, "not a CCS code; expected a letter and two digits (e.g. Z00)")
    if text.get("committee"):
        rec.committees = [c for c in _COMMITTEES_SPLIT.split(text["committee"]) if c]
    for column in ("replaces", "replaced_by"):
        for item in _split_designations(text.get(column, "")):
            try:
                getattr(rec, column).append(ids.parse(item).base)
            except DesignationError as exc:
                err(column, item, f"cannot read the designation: {exc.reason}")

    # degree and adopted standards
    degree_text = text.get("degree", "")
    row_degree: str | None = None
    if degree_text:
        try:
            row_degree = ids.parse_degree(degree_text)
        except ValueError:
            err("degree", degree_text, "unknown degree of correspondence; expected IDT, MOD, NEQ, EQV (or idt, eqv, neq, 等同采用, 修改采用, 非等效采用), none or unknown")
    adopted_text = text.get("adopted", "")
    items: list[tuple[Designation, str | None]] = []
    if adopted_text:
        try:
            items = ids.parse_adopted_list(adopted_text)
        except DesignationError as exc:
            err("adopted", adopted_text, f"cannot read the adopted standard: {exc.reason} at character {exc.position + 1}")
    implied = list(designation.adopts) if designation is not None else []
    if row_degree == "none":
        if items or implied:
            err("degree", degree_text, "degree says 'none' (adopts nothing) but an adopted standard is given")
        rec.national_original = True
    elif row_degree in ("IDT", "MOD", "NEQ", "EQV") and not items and not implied:
        err("degree", degree_text, f"degree {row_degree} is given but no adopted standard (column adopted/采用国际标准号 is empty)")
    seen: dict[str, int] = {}
    stated = degree_text or None
    for ref, inline in items:
        degree = inline or (row_degree if row_degree in ("IDT", "MOD", "NEQ", "EQV") else None)
        if inline and row_degree in ("IDT", "MOD", "NEQ", "EQV") and inline != row_degree:
            err("degree", degree_text, f"the adopted column says {inline} for {ref.normalized} but the degree column says {row_degree}")
        seen[ref.base.normalized] = len(rec.adopted)
        rec.adopted.append((ref.base, degree, stated if not inline else inline))
    for imp in implied:
        key = imp.ref.base.normalized
        if key in seen:
            i = seen[key]
            ref, degree, st = rec.adopted[i]
            if degree is not None and degree != imp.degree:
                err("degree", degree_text, f"the designation {printed!r} states {imp.degree} for {key} but the row says {degree}")
            elif degree is None:
                rec.adopted[i] = (ref, imp.degree, st)
        else:
            if row_degree in ("IDT", "MOD", "NEQ", "EQV") and row_degree != imp.degree and not items:
                err("degree", degree_text, f"the designation {printed!r} states {imp.degree} for {key} but the degree column says {row_degree}")
            seen[key] = len(rec.adopted)
            # keep what the adopted reference states in turn (BS EN ISO → EN ISO → ISO)
            rec.adopted.append((ids.copy_with(imp.ref.base, adopts=imp.ref.adopts), imp.degree, printed))

    method = text.get("method", "")
    if method:
        key = method.strip().lower()
        if key not in METHOD_WORDS:
            err("method", method, "unknown adoption method; expected translation (翻译法) or redraft (重新起草法), endorsement, cover sheet, reprint")
        else:
            rec.method = METHOD_WORDS[key]
    src = text.get("source", "")
    if src:
        urls = _URL_RE.findall(src)
        rest = _URL_RE.sub(" ", src).replace(";", " ").strip()
        if not urls or rest:
            err("source", src, "expected one or more URLs (http:// or https://) separated by ' ; '")
        rec.sources = [u.rstrip(";,") for u in urls]
    conf = text.get("confidence", "")
    if conf:
        if conf.upper() not in ("H", "M", "L"):
            err("confidence", conf, "expected H, M or L")
        else:
            rec.confidence = conf.upper()
    rec.note = text.get("note") or None
    return (None if errs else rec), errs


class TabularReader:
    """CSV, TSV and XLSX catalogue exports (China's platform layout, Chinese or English headers)."""

    name = "tabular"
    version = READER_VERSION
    description = "CSV/TSV/XLSX catalogue export with Chinese or English headers (docs/model.md)"

    def sniff(self, path: Path, head: bytes) -> bool:
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            return head.startswith(b"PK")
        if suffix not in (".csv", ".tsv", ".txt"):
            return False
        try:
            first = head.decode("utf-8-sig", errors="strict").splitlines()[0] if head else ""
        except UnicodeDecodeError:
            first = head.decode("gb18030", errors="replace").splitlines()[0] if head else ""
        keys = {_header_key(h) for h in re.split(r"[,\t]", first)}
        return bool(keys & {_header_key(a) for a in HEADER_ALIASES["designation"] + HEADER_ALIASES["plan"]})

    def read(self, path: Path, data: bytes, sink, graph, progress=None) -> ReadResult:
        from mapper.ingest.to_rdf import add_record, bulk_reading

        with bulk_reading():
            result = read_catalog(path, data)
            for rec in result.records:
                add_record(sink, rec, graph)
        notes = [f"ignored columns: {', '.join(result.ignored_columns)}"] if result.ignored_columns else []
        return ReadResult(len(result.records), result.errors, result.rows_read, notes, list(result.ignored_columns))


register(TabularReader())
