"""`stdmap equiv` (one pair, or a CSV file of pairs with --batch) and `stdmap counterparts`
(docs/equivalence.md).

The batch is split into plain functions — `read_pairs` (the input file, checked row by row),
`answer_pairs` (every pair against one graph, in input order) and `batch_csv` / `batch_json` (the
output) — so that benchmarks/bench_equiv.py times exactly what `equiv --batch` runs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from mapper.cli import InputError, _dump, _open, csv_text, store_option

#: the relations, strongest first, with the Chinese term used in the other commands' text output
RELATION_ZH = {"IDT": "等同", "MOD": "修改", "EQV": "等效", "NEQ": "非等效", "related": "相关", "none": "无对应"}
#: the jurisdictions that are not countries, as the engine names them
REGION_LABEL = {"INT": "INT international 国际", "EU": "EU European 欧洲"}

BATCH_COLUMNS = ("a", "b", "a_resolved", "b_resolved", "relation", "edition_match", "path", "notes", "error")
COUNTERPART_COLUMNS = ("standard", "resolved", "country", "counterpart", "relation", "edition_match", "path")
AS_OF_NAMES = ("as_of", "as-of", "asof")
CHUNK = 512  # pairs per compare_many call: the progress bar moves after each


# -- shared helpers ------------------------------------------------------------------------------------------
def parse_as_of(text: str | None) -> dt.date | None:
    """--as-of: the date syntax of the analytics commands (YYYY-MM-DD; YYYY-MM = month end; YYYY = year end)."""
    from mapper.rules import parse_date

    if text is None or not text.strip():
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise click.UsageError(f"--as-of: {exc}") from exc


def graph_for(store):
    """The equivalence graph of the store (built once per store state, then read from the cache)."""
    from mapper.equivalence import EquivalenceGraph

    return EquivalenceGraph.for_store(store)


def step_text(step: dict) -> str:
    """One step of an evidence path as words: `GB/T 24001-2016 adopts IDT ISO 14001:2015`."""
    if step.get("kind") == "adoption":
        return f"{step['from']} {step['direction']} {step.get('degree') or '(degree not established)'} {step['to']}"
    return f"{step['from']} {step['direction']} {step['to']}"


def path_text(path: Iterable[dict]) -> str:
    """A whole path on one line, steps separated by "; "."""
    return "; ".join(step_text(s) for s in path)


def _bool(value: Any) -> str:
    return "" if value is None else ("true" if value else "false")


def _emit(text: str, out: Path | None, summary: str) -> None:
    """Print `text`, or write it atomically to `out` and say so."""
    if out is None:
        click.echo(text, nl=False)
        return
    from mapper.report import write_atomic

    try:
        write_atomic(out, text)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from exc
    click.echo(f"{out}: {summary}")


# -- batch input ---------------------------------------------------------------------------------------------
class BatchFileError(ValueError):
    """The pairs file as a whole cannot be read (missing, undecodable, no usable header)."""


@dataclass
class PairRow:
    """One data row of a pairs file: its line number (first line of the record), the two designations,
    the row's own as-of date (None: the command's --as-of) and what is wrong with it, if anything."""

    line: int
    a: str
    b: str
    as_of: dt.date | None = None
    error: str | None = None


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BatchFileError(f"{name}: cannot decode the file: not UTF-8 or GB18030")


def looks_like_designation(text: str) -> bool:
    from mapper import ids

    try:
        ids.parse(text)
    except ids.DesignationError:
        return False
    return True


def _columns(header: list[str], name: str) -> tuple[int, int, int | None]:
    """Positions of a, b and as_of in the header (docs/equivalence.md, "Batch input")."""
    names = [h.strip().lower() for h in header]
    for wanted in ("a", "b"):
        if names.count(wanted) > 1:
            raise BatchFileError(f"{name}:1: column {wanted!r} appears more than once in the header")
    as_of = next((i for i, n in enumerate(names) if n in AS_OF_NAMES), None)
    if "a" in names and "b" in names:
        return names.index("a"), names.index("b"), as_of
    others = [i for i in range(len(names)) if i != as_of]
    if len(others) == 2 and not ("a" in names or "b" in names):
        if all(looks_like_designation(header[i]) for i in others):
            raise BatchFileError(f"{name}:1: no header line: the first line is a pair of designations; "
                                 "add a first line naming the columns, e.g. a,b")
        return others[0], others[1], as_of
    found = ", ".join(repr(h) for h in header) or "nothing"
    raise BatchFileError(f"{name}:1: the header must name the columns a and b (or have exactly two columns "
                         f"besides as_of); found {found}")


def read_pairs(source: str | Path, text: str | None = None) -> tuple[str, list[PairRow]]:
    """Read a pairs file (CSV, or TSV when the header has tabs and no commas; "-" = standard input).

    Returns the name used in messages and one PairRow per non-blank data row, in file order; rows with
    a missing cell or an unreadable as_of date carry their `error`. Raises BatchFileError when the file
    as a whole cannot be used.
    """
    name = "<stdin>" if str(source) == "-" else str(source)
    if text is None:
        try:
            data = sys.stdin.buffer.read() if str(source) == "-" else Path(source).read_bytes()
        except OSError as exc:
            raise BatchFileError(f"cannot read {name}: {exc.strerror or exc}") from exc
        text = _decode(data, name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            raise BatchFileError(f"{name}: empty file: expected a header line naming the columns a and b")
        ia, ib, iwhen = _columns(header, name)
        rows: list[PairRow] = []
        previous_end = reader.line_num
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            rows.append(_row(cells, line, ia, ib, iwhen))
    except csv.Error as exc:
        raise BatchFileError(f"{name}:{reader.line_num}: cannot read the CSV: {exc}") from exc
    return name, rows


def _row(cells: list[str], line: int, ia: int, ib: int, iwhen: int | None) -> PairRow:
    from mapper.rules import parse_date

    def cell(i: int | None) -> str:
        return cells[i].strip() if i is not None and i < len(cells) else ""

    row = PairRow(line, cell(ia), cell(ib))
    missing = [col for col, value in (("a", row.a), ("b", row.b)) if not value]
    if missing:
        row.error = f"missing {' and '.join(missing)}"
        return row
    when = cell(iwhen)
    if when:
        try:
            row.as_of = parse_date(when)
        except ValueError as exc:
            row.error = f"as_of: {exc}"
    return row


# -- answering ----------------------------------------------------------------------------------------------
def answer_pairs(graph, rows: list[PairRow], as_of: dt.date | None = None,
                 progress: Callable[[int], None] | None = None) -> list[dict]:
    """One record per row, in input order: the answer's to_json(), or {"a", "b", "error", "line"} for a bad
    row (a row that arrived with an error, or whose designation the graph cannot read; its `error` is set).

    Each distinct pair (a, b, date) is answered once, through the graph's compare_many in chunks (it reads
    the facts of a whole chunk from the store at once; the answers are compare's). `progress(n)` is called
    with the number of rows answered so far."""
    from mapper.equivalence import EquivalenceError

    keys = [(r.a, r.b, r.as_of or as_of) if r.error is None else None for r in rows]
    todo = list(dict.fromkeys(k for k in keys if k is not None))
    done: dict[tuple, dict] = {}
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start:start + CHUNK]
        answers = graph.compare_many([(a, b) for a, b, _ in chunk], [when for _, _, when in chunk])
        for key, answer in zip(chunk, answers):
            done[key] = {"error": _first_line(answer)} if isinstance(answer, EquivalenceError) else answer.to_json()
        if progress is not None:
            progress(len(rows) * (start + len(chunk)) // len(todo))
    out: list[dict] = []
    for row, key in zip(rows, keys):
        record = done[key] if key is not None else None
        if record is not None and "error" in record:
            row.error = record["error"]
        if row.error is not None:
            out.append({"a": row.a, "b": row.b, "error": row.error, "line": row.line})
        else:
            out.append(record)  # type: ignore[arg-type]
    if progress is not None:
        progress(len(rows))
    return out


def _first_line(exc: Exception) -> str:
    """The reason of an error without the caret drawing a DesignationError appends."""
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def batch_row(record: dict) -> list[Any]:
    """A batch output record as a CSV row in BATCH_COLUMNS order."""
    if "error" in record:
        return [record["a"], record["b"], None, None, None, None, None, None, record["error"]]
    return [record["a"], record["b"], record.get("a_resolved"), record.get("b_resolved"), record["relation"],
            _bool(record.get("edition_match")), path_text(record.get("path") or []),
            "; ".join(record.get("notes") or []), None]


def batch_csv(records: list[dict]) -> str:
    return csv_text([list(BATCH_COLUMNS)] + [batch_row(r) for r in records])


def batch_json(records: list[dict]) -> str:
    return _dump(records) + "\n"


def run_batch(graph, source: str | Path, as_of: dt.date | None = None,
              progress: Callable[[int, int], None] | None = None) -> tuple[str, list[PairRow], list[dict]]:
    """Read a pairs file and answer every good row: (name, rows, records). Afterwards each bad row —
    a missing cell, a bad date, or a designation the graph cannot read — has its `error` set.
    Raises BatchFileError when the file as a whole cannot be used."""
    name, rows = read_pairs(source)
    tick = (lambda n: progress(n, len(rows))) if progress is not None else None
    return name, rows, answer_pairs(graph, rows, as_of, tick)


# -- stdmap equiv -------------------------------------------------------------------------------------------
@click.command()
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option("--batch", "batch", metavar="FILE", default=None,
              help="Answer every pair of a CSV file (columns a, b, optional as_of; '-' = standard input).")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Standards and adoptions as they stood on this day (YYYY-MM-DD; YYYY-MM, YYYY = period end).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (--batch: a list, in input order).")
@click.option("--csv", "as_csv", is_flag=True, help="Print the answer as CSV (the default with --batch).")
@click.option("--strict", is_flag=True, help="--batch: write nothing if any row is bad (exit code 2).")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the output to FILE (atomically) instead of standard output.")
@store_option
def equiv(a: str | None, b: str | None, batch: str | None, as_of: str | None, as_json: bool, as_csv: bool,
          strict: bool, out: Path | None, store_location: str | None) -> None:
    """Is standard A equivalent to standard B? The strongest relation (IDT, MOD, EQV, NEQ, related,
    none), whether the editions match, and every step of the evidence path.

    With --batch FILE, every pair of a CSV file (header naming the columns a and b, optional as_of
    per row), answered in input order as CSV (default) or JSON. A bad row (missing cell, unreadable
    designation or date) is reported on standard error as FILE:LINE and in the output's error
    column; the other rows are still answered and the exit code is 1. With --strict nothing is
    written when any row is bad, exit code 2. docs/equivalence.md has the formats.

    \b
    Examples:
      stdmap equiv "GB/T 24001-2016" "ISO 14001:2015"
      stdmap equiv "GB/T 24001-2016" "ISO 14001:2004" --as-of 2010 --json
      stdmap equiv --batch pairs.csv -o answers.csv
    """
    if as_json and as_csv:
        raise click.UsageError("--json and --csv are exclusive")
    when = parse_as_of(as_of)
    if batch is not None:
        if a is not None or b is not None:
            raise click.UsageError("give either A and B or --batch FILE, not both")
        _equiv_batch(batch, when, as_json, strict, out, store_location)
        return
    if a is None or b is None:
        raise click.UsageError("give two standards A and B, or --batch FILE")
    if strict:
        raise click.UsageError("--strict applies to --batch only")
    from mapper.equivalence import EquivalenceError

    graph = graph_for(_open(store_location))
    try:
        data = graph.compare(a, b, as_of=when).to_json()
    except EquivalenceError as exc:
        raise InputError(str(exc)) from exc
    if as_json:
        _emit(_dump(data) + "\n", out, "1 pair [json]")
    elif as_csv:
        _emit(batch_csv([data]), out, "1 pair [csv]")
    else:
        _emit("\n".join(_equiv_lines(data, a, b)) + "\n", out, "1 pair [text]")


def _equiv_lines(data: dict, a: str, b: str) -> list[str]:
    relation, edition_match = data["relation"], data["edition_match"]
    edition = "same edition" if edition_match else "different editions"
    head = f"{data.get('a_resolved') or a}  ~  {data.get('b_resolved') or b}: {relation}"
    if relation != "none" and (relation != "related" or not edition_match):
        head += f" ({edition})"
    if data.get("as_of"):
        head += f"  [as of {data['as_of']}]"
    lines = [head]
    for step in data.get("path") or []:
        evidence = ", ".join(step.get("source") or []) or step.get("evidence") or ""
        lines.append(f"  {step_text(step)}" + (f"   [{evidence}]" if evidence else ""))
    lines += [f"  note: {n}" for n in data.get("notes") or []]  # a conflict between sources is a note too
    return lines


def _equiv_batch(source: str, as_of: dt.date | None, as_json: bool, strict: bool, out: Path | None,
                 store_location: str | None) -> None:
    if source != "-" and not Path(source).is_file():
        raise InputError(f"cannot read {source}: no such file")
    store = _open(store_location)
    graph = graph_for(store)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not sys.stderr.isatty():
            return
        if bar is None:
            bar = click.progressbar(length=total, label=Path(source).name if source != "-" else "<stdin>",
                                    file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        name, rows, records = run_batch(graph, source, as_of, progress=progress)
    except BatchFileError as exc:
        raise InputError(str(exc)) from exc
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    bad = [r for r in rows if r.error is not None]
    for r in bad:
        click.echo(f"{name}:{r.line}: {r.error}", err=True)
    if strict and bad:
        click.echo(f"--strict: nothing written ({len(bad)} bad of {len(rows)} rows)", err=True)
        sys.exit(2)
    text = batch_json(records) if as_json else batch_csv(records)
    _emit(text, out, f"{len(rows) - len(bad)} pairs answered" + (f", {len(bad)} bad rows" if bad else "")
          + f" [{'json' if as_json else 'csv'}]")
    if bad:
        click.echo(f"{len(bad)} of {len(rows)} rows bad (listed above); the others answered", err=True)
        sys.exit(1)


# -- stdmap counterparts ------------------------------------------------------------------------------------
@click.command()
@click.argument("standard")
@click.option("--country", default=None, metavar="CC", help="Only counterparts of this jurisdiction (ISO 3166 code, e.g. CN).")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Standards and adoptions as they stood on this day (YYYY-MM-DD; YYYY-MM, YYYY = period end).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV row per counterpart.")
@store_option
def counterparts(standard: str, country: str | None, as_of: str | None, as_json: bool, as_csv: bool,
                 store_location: str | None) -> None:
    """The standards in force that correspond to one standard at IDT, MOD, EQV or NEQ, grouped by country
    and degree (对应标准, 按国家和对应程度): for an international standard its national and regional
    adoptions, for a national one what it adopts and the other adoptions of that. Other editions of the
    same work are left out; with --as-of, standards in force on that day.

    \b
    Example:
      stdmap counterparts "ISO 14001:2015" --country CN
    """
    from mapper.equivalence import EquivalenceError

    if as_json and as_csv:
        raise click.UsageError("--json and --csv are exclusive")
    when = parse_as_of(as_of)
    cc = country.strip().upper() if country else None
    graph = graph_for(_open(store_location))
    try:
        data = graph.counterparts(standard, country=cc, as_of=when).to_json()
    except EquivalenceError as exc:
        raise InputError(str(exc)) from exc
    if as_json:
        click.echo(_dump(data))
        return
    items = data.get("counterparts") or []
    if as_csv:
        rows = [list(COUNTERPART_COLUMNS)]
        rows += [[data.get("standard"), data.get("resolved"), c.get("country"), c.get("standard"), c.get("relation"),
                  _bool(c.get("edition_match")), path_text(c.get("path") or [])] for c in items]
        click.echo(csv_text(rows), nl=False)
        return
    for line in counterpart_lines(data):
        click.echo(line)


def counterpart_lines(data: dict) -> list[str]:
    """Text output: by country (alphabetical, no country last), then by relation, strongest first."""
    items = data.get("counterparts") or []
    name = data.get("resolved") or data.get("standard")
    when = (f"as of {data['as_of']} · 截至 {data['as_of']}" if data.get("as_of") else "as recorded · 按记录状态")
    scope = f", {data['country']}" if data.get("country") else ""
    lines = [f"{name} — counterparts 对应标准: {len(items)}  ({when}{scope})"]
    by_country: dict[str, list[dict]] = {}
    for c in items:
        by_country.setdefault(c.get("country") or "", []).append(c)
    for cc in sorted(by_country, key=lambda k: (k == "", k)):
        lines.append(REGION_LABEL.get(cc, cc) or "jurisdiction unknown 国别不详")
        group = by_country[cc]
        for relation in sorted({c.get("relation") for c in group}, key=_relation_rank):
            lines.append(f"  {relation} {RELATION_ZH.get(relation, '')}".rstrip())
            for c in (c for c in group if c.get("relation") == relation):  # the engine's order
                line = f"    {c.get('standard')}"
                if c.get("edition_match") is False:
                    line += "  (different edition 版本不同: " + path_text(c.get("path") or []) + ")"
                lines.append(line)
    if not items:
        lines.append("  (none 无)")
    lines += [f"  note: {n}" for n in data.get("notes") or []]
    return lines


def _relation_rank(relation: str | None) -> int:
    from mapper.equivalence import RELATIONS  # strongest first

    return RELATIONS.index(relation) if relation in RELATIONS else len(RELATIONS)


def register(main: click.Group) -> None:
    """Add this module's commands to `main`."""
    main.add_command(equiv)
    main.add_command(counterparts)
