"""A report's tables for machines and spreadsheets: one CSV per table, one XLSX workbook per language.

CSV is for programs: headers are the column keys, values raw (ISO dates, rates as fractions, lists joined with
"; "), the same whatever the language. XLSX is for people: a first sheet with the title, subject, rules and
sources, then one sheet per table with headers in the reader's language, typed cells (numbers, dates,
percentages) and every row — the page shows only the first rows of long tables.
"""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any, Iterator

from mapper.labels import Fmt, Labels
from mapper.report import Cells, Column, Report, Table, title_in


def _raw(value: Any, column: Column) -> Any:
    if value is None:
        return ""
    if column.kind == "title":
        if isinstance(value, dict):
            return " / ".join(v for v in (value.get("zh"), value.get("en")) if v)
        return value
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_files(report: Report) -> Iterator[tuple[str, str]]:
    """(file name, CSV text) for each table, all rows."""
    from mapper.cli import csv_text

    for table in report.tables.values():
        keys = [c.key for c in table.columns]
        rows = [[_raw(row.get(c.key), c) for c in table.columns] for row in table.rows]
        yield f"{table.key}.csv", csv_text([keys] + rows)


def _sheet_name(table: Table, used: set[str]) -> str:
    name = table.key[:31]
    n = 2
    while name in used:
        suffix = f"~{n}"
        name, n = table.key[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def sheet_names(report: Report) -> dict[str, str]:
    used = {"about"}
    return {t.key: _sheet_name(t, used) for t in report.tables.values()}


def xlsx_bytes(report: Report, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    t, fmt = Labels(lang, report.kind), Fmt(lang)
    cells = Cells(t, fmt)
    wb = Workbook()
    fixed = _dt.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "stdmap"
    about = wb.active
    about.title = "about"
    lines: list[str] = [report.title[lang], report.subject[lang], ""]
    meta = report.meta
    if meta.get("as_of"):
        lines.append(t("meta.as_of", date=fmt.date(meta["as_of"])))
    if meta.get("rules"):
        lines += [t("rules.title")] + [f"- {line}" for line in meta["rules"][lang]] + [""]
    lines.append(t("meta.sources"))
    lines += [f"- {s['origin']} ({t('meta.records', n=fmt.num(s['records']))})" for s in meta["sources"]]
    lines.append(t("meta.generated_by", version=meta["stdmap_version"]))
    for i, line in enumerate(lines, start=1):
        about.cell(row=i, column=1, value=line)
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 120
    names = sheet_names(report)
    for table in report.tables.values():
        ws = wb.create_sheet(names[table.key])
        ws.append([c.heading(t) for c in table.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([_typed(row.get(c.key), c, cells) for c in table.columns])
        for j, column in enumerate(table.columns, start=1):
            letter = get_column_letter(j)
            if column.kind == "pct":
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = "0.0%"
            elif column.kind == "date":
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = "yyyy-mm-dd"
            width = max([len(column.heading(t))] + [len(str(_typed(r.get(column.key), column, cells) or ""))
                                                   for r in table.rows[:200]])
            ws.column_dimensions[letter].width = min(60, max(8, width + 2))
        ws.freeze_panes = "A2"
        if table.rows:
            ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _typed(value: Any, column: Column, cells: Cells) -> Any:
    """A cell value for the spreadsheet: numbers and dates typed, codes in the reader's words."""
    if value is None or value == "" or value == []:
        return None
    if column.kind in ("int", "months"):
        return int(value) if float(value).is_integer() else float(value)
    if column.kind in ("pct", "num"):
        return float(value)
    if column.kind == "date" and len(str(value)) >= 10:
        return _dt.date.fromisoformat(str(value)[:10])
    if column.kind == "title":
        return title_in(value, cells.t.lang)
    return cells.text(value, column.kind)


__all__ = ["csv_files", "sheet_names", "xlsx_bytes"]
