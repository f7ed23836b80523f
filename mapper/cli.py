"""The `stdmap` command: a thin click layer over the library.

Library functions raise specific exceptions; this layer turns each into one clear line and an exit
code: 0 success, 1 the answer is "no" or some input rows were bad (validate: does not conform),
2 unreadable input or wrong usage.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mapper import __version__


class InputError(click.ClickException):
    """Unreadable input: exit code 2."""

    exit_code = 2


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def csv_text(rows: Any) -> str:
    """Rows (the header first) as CSV text for `--csv`: None → empty cell, a list → its items joined by "; "."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in rows:
        w.writerow(["; ".join(v) if isinstance(v, (list, tuple)) else v for v in row])
    return buf.getvalue()


def echo_rules(rules: Any) -> None:
    """Print the counting rules block (mapper.labels.rules_block) — the same layout for every command."""
    from mapper.labels import rules_block

    for line in rules_block(rules):
        click.echo(line)


def store_option(f: Callable) -> Callable:
    @click.option(
        "--store", "store_location", metavar="PATH",
        help="Store folder, or ':memory:'. Default: $STDMAP_STORE, else the per-user data folder.",
    )
    @functools.wraps(f)
    def wrapper(*args: Any, store_location: str | None = None, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        location = store_location or (ctx.obj or {}).get("store")
        return f(*args, store_location=location, **kwargs)

    return wrapper


def _open(location: str | None, *, empty: bool = False, write: bool = False):
    """The store for a command; `write` for commands that change it (a reading command opens a store
    another process is writing to read-only, as it stood before that process's import)."""
    from mapper.kg import KnowledgeBaseError, open_kg
    from mapper.store import StoreError

    try:
        store = open_kg(location, empty=empty, write=write)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    except KnowledgeBaseError as exc:
        raise click.ClickException(str(exc)) from exc
    # release the on-disk store (its RocksDB lock) when the command ends, however it ends
    click.get_current_context().call_on_close(store.close)
    return store


def rules_options(f: Callable) -> Callable:
    """The counting-rule switches shared by every analytics command (docs/analytics.md)."""
    options = [
        click.option("--body", "bodies", multiple=True, type=click.Choice(["ISO", "IEC", "ISO/IEC", "ITU"]),
                     help="Bodies in the denominator (repeatable; ISO/IEC = joint documents). "
                          "Default: ISO, IEC and ISO/IEC."),
        click.option("--doc-type", "doc_types", multiple=True,
                     type=click.Choice(["IS", "TS", "TR", "PAS", "IWA", "Guide"]),
                     help="Document types in the denominator (repeatable). Default: IS."),
        click.option("--degree", "degrees", multiple=True, type=click.Choice(["IDT", "MOD", "EQV", "NEQ"]),
                     help="Degrees that count as adoption (repeatable). Default: IDT and MOD."),
        click.option("--level", "levels", multiple=True,
                     type=click.Choice(["national", "regional", "industry", "local", "group"]),
                     help="Levels of the adopting standards that count (repeatable). Default: national."),
        click.option("--country", default=None, metavar="CC",
                     help="Count only adoptions by standards of this jurisdiction (ISO 3166 code, e.g. CN)."),
        click.option("--ics", "ics_prefixes", multiple=True, metavar="CODE",
                     help="Scope: ICS code or prefix (repeatable), e.g. 13.020 or 13.020.40."),
        click.option("--committee", "committees", multiple=True, metavar="REF",
                     help="Scope: committee and its subcommittees (repeatable), e.g. 'ISO/TC 207'."),
        click.option("--standard", "standards", multiple=True, metavar="ID",
                     help="Scope: a listed standard (repeatable; undated = every edition of the work)."),
        click.option("--scope", "scope_name", default=None, metavar="NAME|FILE",
                     help="Scope: a named scope (see `stdmap scopes`) or a scope TOML file."),
        click.option("--editions", type=click.Choice(["current", "any"]), default="current", show_default=True,
                     help="current: the in-force edition itself must be adopted; any: one entry per work, "
                          "adopting any edition counts."),
        click.option("--as-of", "as_of", default=None, metavar="DATE",
                     help="Statuses, editions and adoptions as they stood on this day (YYYY-MM-DD; YYYY = year end)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


RULE_PARAMS = ("bodies", "doc_types", "degrees", "levels", "country", "ics_prefixes", "committees", "standards",
               "scope_name", "editions", "as_of")


def rules_from(params: dict[str, Any]):
    """CountingRules from the values of `rules_options` (pops them from `params`)."""
    values = {k: params.pop(k) for k in RULE_PARAMS if k in params}
    return _rules(**values)


def _rules(bodies: tuple = (), doc_types: tuple = (), degrees: tuple = (), country: str | None = None,
           ics_prefixes: tuple = (), committees: tuple = (), levels: tuple = (), standards: tuple = (),
           scope_name: str | None = None, editions: str = "current", as_of: str | None = None):
    from mapper.rules import CountingRules, ScopeError, load_scope, parse_date

    kwargs: dict[str, Any] = {}
    if bodies:
        kwargs["bodies"] = tuple(dict.fromkeys(bodies))
    if doc_types:
        kwargs["doc_types"] = tuple(dict.fromkeys(doc_types))
    if degrees:
        kwargs["degrees"] = tuple(dict.fromkeys(degrees))
    if levels:
        kwargs["levels"] = tuple(dict.fromkeys(levels))
    try:
        if scope_name:
            kwargs["scope"] = load_scope(scope_name)
        if as_of:
            kwargs["as_of"] = parse_date(as_of)
        return CountingRules(country=country.upper() if country else None, ics_prefixes=tuple(ics_prefixes),
                             committees=tuple(committees), standards=tuple(standards), editions=editions, **kwargs)
    except ScopeError as exc:
        raise InputError(str(exc)) from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stdmap")
@click.option("--store", "store_location", metavar="PATH", envvar="STDMAP_STORE",
              help="Store folder, or ':memory:' (also $STDMAP_STORE). Default: the per-user data folder.")
@click.pass_context
def main(ctx: click.Context, store_location: str | None) -> None:
    """stdmap — which national standards adopt which international ones, and how closely.

    A knowledge graph of standards (GB, GB/T, ISO, IEC …), their editions and the adoptions between
    them, with the degree of correspondence (IDT, MOD, NEQ) and the source of every claim.
    """
    ctx.ensure_object(dict)
    ctx.obj["store"] = store_location


# -- init / import ---------------------------------------------------------------------------------------
@main.command()
@click.option("--empty", is_flag=True, help="Make a store without the bundled knowledge base.")
@store_option
def init(store_location: str | None, empty: bool) -> None:
    """Create the store (with the bundled knowledge base unless --empty) or bring it up to date."""
    from mapper.kg import BUNDLED_GRAPH, default_store_location

    store = _open(store_location, empty=empty, write=True)
    if empty:
        store.drop_source(BUNDLED_GRAPH)
        store.set_setting("bundled", "no")
    else:
        from mapper.kg import sync_bundled

        store.set_setting("bundled", "yes")
        sync_bundled(store)
    where = store_location or default_store_location()
    click.echo(f"store ready at {where}: {store.count_triples()} triples in {len(store.sources())} source graphs"
               + (" (no bundled knowledge base)" if empty else ""))


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", metavar="NAME", default=None,
              help="Reader to use (default: detected from the content). See `stdmap formats`.")
@click.option("--strict", is_flag=True, help="Import nothing if any record of any file is bad.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@store_option
def import_(files: tuple[Path, ...], fmt: str | None, strict: bool, as_json: bool, store_location: str | None) -> None:
    """Import source files: national catalogue exports (CSV/XLSX), ISO Open Data, IEC catalogues,
    Relaton YAML, NISO/ISO STS XML, RDF.

    Each file becomes one source graph; importing the same file again changes nothing, and a changed
    file replaces its earlier import in one step. Bad records are reported with file, row and column;
    the good ones are kept unless --strict. Exit code 1 when any record was bad, 2 when a file cannot
    be read at all.
    """
    from mapper.ingest.base import CatalogError
    from mapper.kg import import_files

    store = _open(store_location, write=True)
    bars: dict = {}

    def progress(path: Path, done: int, total: int) -> None:
        if not sys.stderr.isatty() or as_json or total < 20000:
            return
        bar = bars.get(path)
        if bar is None:
            bar = bars[path] = click.progressbar(length=total, label=path.name, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    try:
        report = import_files(store, list(files), strict=strict, fmt=fmt, progress=progress)
    except CatalogError as exc:
        raise InputError(str(exc)) from exc
    finally:
        for bar in bars.values():
            if not bar.finished:
                bar.__exit__(None, None, None)
    if as_json:
        click.echo(_dump({
            "files": [
                {"path": str(f.path), "graph": str(f.graph), "reader": f.reader, "rows": f.rows_read,
                 "imported": f.records if (f.written or not f.changed) and not report.strict_failed else 0,
                 "changed": f.changed, "ignored_columns": f.ignored, "notes": f.notes,
                 "unchanged_bad_rows": f.unchanged_errors,
                 "errors": [{"file": e.file, "row": e.row, "column": e.column, "value": e.value, "message": e.message}
                            for e in f.errors]}
                for f in report.files
            ],
            "strict_failed": report.strict_failed,
            "compacted": report.compacted,
        }))
    else:
        for e in report.errors:
            click.echo(f"error: {e}", err=True)
        for f in report.files:
            for note in f.notes:
                click.echo(f"{f.path}: {note}", err=True)
            if report.strict_failed:
                continue
            if not f.changed and not f.written:
                line = f"{f.path}: unchanged (already imported): {f.records} rows [{f.reader}]"
                if f.unchanged_errors:
                    line += f"; {f.unchanged_errors} bad rows were left out when it was imported (--strict re-reads and lists them)"
                click.echo(line)
                continue
            state = "imported" if f.changed else "unchanged (already imported)"
            bad = len({e.row for e in f.errors})
            click.echo(f"{f.path}: {state}: {f.records} of {f.rows_read} rows"
                       + (f"; {bad} bad rows left out" if bad else "") + f" [{f.reader}]")
        if report.strict_failed:
            click.echo(f"--strict: nothing imported ({len(report.errors)} errors)", err=True)
        if report.compacted:
            click.echo("store compacted after this large import (smaller on disk, faster to read)")
    if report.failed:
        sys.exit(1)


@main.command()
def formats() -> None:
    """List the source formats `stdmap import` reads, in the order content detection tries them."""
    import mapper.ingest.readers  # noqa: F401
    from mapper.ingest.base import _ORDER, READERS

    for name in _ORDER:
        r = READERS[name]
        click.echo(f"{name:<16} {r.version:<22} {r.description}")


# -- parse -------------------------------------------------------------------------------------------------
@main.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input, one per line.")
def parse(texts: tuple[str, ...], as_json: bool) -> None:
    """Read designations and print their parts and the adoption they state.

    \b
    Example:
      stdmap parse --json "GB/T 24001—2016/ISO 14001:2015"
    Exit code 1 when any input cannot be read.
    """
    from mapper import ids

    failed = False
    for text in texts:
        try:
            d = ids.parse(text)
        except ids.DesignationError as exc:
            failed = True
            if as_json:
                click.echo(json.dumps({"input": text, "error": exc.reason, "position": exc.position,
                                       "message": str(exc)}, ensure_ascii=False))
            else:
                click.echo(f"error: {exc}", err=True)
            continue
        if as_json:
            click.echo(json.dumps(d.to_json(), ensure_ascii=False))
        else:
            line = f"{text!r} → {d.normalized}  [{d.body} {d.doc_type}, number {d.number}"
            line += f", part {d.part}" if d.part else ""
            line += f", year {d.year}" if d.year else ", undated"
            line += "]"
            for imp in d.adopts:
                line += f"  states {imp.degree} {imp.ref.normalized}"
            click.echo(line)
    if failed:
        sys.exit(1)


# -- match -------------------------------------------------------------------------------------------------
@main.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--all-editions", is_flag=True, help="For an undated designation, list every edition, not only the current one.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input, one per line.")
@store_option
def match(texts: tuple[str, ...], all_editions: bool, as_json: bool, store_location: str | None) -> None:
    """Find designations in the loaded catalogue, written however they were written.

    An undated designation resolves to the current edition (all editions with --all-editions); notation
    variants (IEC/TR vs IEC TR, ISO IEC vs ISO/IEC, GBT vs GB/T) match. Exit code 1 when any input is
    not found, 2 when any cannot be read.

    \b
    Example:
      stdmap match "iso 14001" "GB/T 24001—2016" --all-editions
    """
    from mapper.match import resolve

    store = _open(store_location)
    worst = 0
    for text in texts:
        m = resolve(store, text, all_editions=all_editions)
        worst = max(worst, 2 if m.error else (1 if not m.matches else 0))
        if as_json:
            click.echo(json.dumps(m.to_json(), ensure_ascii=False))
            continue
        if m.error:
            click.echo(f"error: {m.error}", err=True)
            continue
        found = ", ".join(f"{c.identifier} ({c.status or 'status unknown'})" for c in m.matches) or "not found"
        click.echo(f"{text!r} → {m.normalized}: {found}")
        for c in m.suggestions:
            click.echo(f"  other edition: {c.identifier} ({c.status or 'status unknown'})")
        def stated(entries: list[dict], depth: int = 1) -> None:
            for imp in entries:
                where = ", ".join(imp["matches"]) or "not in the graph"
                extra = f" ({imp['how']})" if imp["how"].startswith("earlier") else ""
                click.echo(f"{'  ' * depth}states {imp['degree']} {imp['ref']}: {where}{extra}")
                stated(imp.get("implied", []), depth + 1)

        stated(m.implied)
        for note in m.notes:
            click.echo(f"  note: {note}")
    if worst:
        sys.exit(worst)


# -- show (equiv and counterparts: mapper/commands/equiv.py) ---------------------------------------------
@main.command()
@click.argument("designation")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@store_option
def show(designation: str, as_json: bool, store_location: str | None) -> None:
    """Everything known about one standard: record, adoptions both ways, editions, supersession."""
    from mapper.show import NotFound
    from mapper.show import show as show_record

    try:
        rec = show_record(_open(store_location), designation)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(_dump(rec.to_json()))
        return
    click.echo(rec.identifier)
    if rec.resolved_from:
        click.echo(f"  ({rec.resolved_from})")
    for lang, titles in rec.titles.items():
        for t in titles:
            click.echo(f"  title [{lang}]: {t}")
    for label, value in (
        ("status", rec.status), ("type", rec.document_type), ("publisher", ", ".join(rec.publishers)),
        ("issued", rec.issued), ("effective", rec.effective), ("withdrawn", rec.withdrawn),
        ("ICS", ", ".join(rec.ics)), ("CCS", ", ".join(rec.ccs)), ("committee", ", ".join(rec.committees)),
        ("replaces", ", ".join(rec.replaces)), ("replaced by", ", ".join(rec.replaced_by)),
        ("supplement to", rec.supplement_to), ("plan", rec.plan), ("confidence", rec.confidence),
    ):
        if value:
            click.echo(f"  {label}: {value}")
    if rec.national_original:
        click.echo("  adopts no international standard (national original)")
    for a in rec.adoptions:
        click.echo(f"  {a.role} {a.other} [{a.degree or 'degree not established'}]"
                   + (f" ({a.other_status})" if a.other_status else "")
                   + (f" — {' ; '.join(a.sources)}" if a.sources else f" — {a.graph}"))
    if len(rec.editions) > 1:
        click.echo("  editions: " + ", ".join(f"{e.identifier} ({e.status or '?'})" for e in rec.editions))
    for n in rec.notes:
        click.echo(f"  note: {n}")
    for s in rec.sources:
        click.echo(f"  source: {s}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the scopes as JSON.")
def scopes(as_json: bool) -> None:
    """The named scopes `--scope` accepts (standards/scopes/*.toml), with what each one covers."""
    from mapper.rules import available_scopes, load_scope

    items = [load_scope(name) for name in available_scopes()]
    if as_json:
        click.echo(_dump([{"name": s.name, "title_en": s.title_en, "title_zh": s.title_zh, "ics": list(s.ics),
                           "committees": list(s.committees), "standards": list(s.standards),
                           "sources": list(s.sources), "note": s.note} for s in items]))
        return
    for s in items:
        click.echo(f"{s.name}: {s.title_en}" + (f" / {s.title_zh}" if s.title_zh else ""))
        for label, values in (("ICS", s.ics), ("committees", s.committees), ("standards", s.standards)):
            if values:
                click.echo(f"  {label}: {', '.join(values)}")


# -- validate / sources ----------------------------------------------------------------------------
@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the violations (and the store's conflicts) as JSON.")
@store_option
def validate(files: tuple[Path, ...], as_json: bool, store_location: str | None) -> None:
    """Check the graph (or RDF FILES) against the SHACL shapes, and the graph for conflicts.

    On the store, the checks of `stdmap conflicts` also run (sources disagreeing on a degree, adoptions
    of standards already out of force, standards dated before what they adopt, supersession cycles);
    they are listed apart from the SHACL violations ("conflicts" in JSON). RDF FILES get SHACL only.

    Exit code 0 when it conforms and has no conflict, 1 when it does not conform or has a conflict
    (each violation: node, shape, message), 2 for unreadable input.
    """
    from mapper.validate import check_store, validate_files

    if files:
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise InputError(f"cannot read {', '.join(missing)}: no such file")
        try:
            result = validate_files(list(files))
        except ValueError as exc:
            raise InputError(str(exc)) from exc
    else:
        result = check_store(_open(store_location))
    conflicts = result.conflicts
    if as_json:
        out: dict[str, Any] = {"conforms": result.conforms, "triples": result.triples,
                               "violations": [v.to_json() for v in result.violations]}
        if conflicts is not None:
            out["conflicts"] = [c.to_json() for c in conflicts]
        click.echo(_dump(out))
    else:
        from mapper.conflicts import summary, text_lines

        for v in result.violations:
            click.echo(str(v))
        if conflicts is not None:
            for line in text_lines(conflicts):
                click.echo(line)
            click.echo(summary(conflicts))
        verdict = "conforms" if result.conforms else f"does not conform: {len(result.errors)} violations"
        click.echo(f"{result.triples} triples checked; {verdict}"
                   + (f", {len(result.warnings)} warnings" if result.warnings else "")
                   + (f"; {len(conflicts)} conflicts" if conflicts else ""))
    if not result.ok:
        sys.exit(1)


@main.command()
@click.argument("sparql")
@click.option("--json", "as_json", is_flag=True, help="Rows as a JSON list of objects.")
@click.option("--csv", "as_csv", is_flag=True, help="Rows as CSV.")
@store_option
def query(sparql: str, as_json: bool, as_csv: bool, store_location: str | None) -> None:
    """Run a SPARQL SELECT or ASK query over the whole graph (SPARQL text, or @FILE.rq).

    The prefixes sm:, smdeg:, smst:, smdt:, smlv:, smorg:, smics:, dcterms:, skos:, prov: are predeclared.

    \b
    Example:
      stdmap query "SELECT ?id WHERE { ?s sm:adopts ?i ; dcterms:identifier ?id } ORDER BY ?id"
    """
    if sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {sparql[1:]}: {exc.strerror or exc}") from exc
    try:
        result = _open(store_location).query(sparql, exact=True)
    except (SyntaxError, ValueError) as exc:  # pyoxigraph raises SyntaxError for bad SPARQL
        raise InputError(f"the query cannot be read: {exc}") from exc
    if isinstance(result, bool):
        click.echo(_dump(result) if as_json else ("true" if result else "false"))
        return
    if not isinstance(result, list):
        raise click.UsageError("only SELECT and ASK queries are supported here")
    names = list(result[0].keys()) if result else []
    rows = [{k: (str(v) if v is not None else None) for k, v in r.items()} for r in result]
    if as_json:
        click.echo(_dump(rows))
    elif as_csv:
        click.echo(csv_text([names] + [[r[n] for n in names] for r in rows]), nl=False)
    else:
        for r in rows:
            click.echo("\t".join("" if r[n] is None else r[n] for n in names))
        click.echo(f"({len(rows)} rows)", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "nt", "nquads", "jsonld", "trig", "skos", "sssom"]),
              default="turtle", show_default=True, help="What to write (see below).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE (atomically: a reader never sees half a file). Default: standard output.")
@click.option("--source", "source", metavar="GRAPH", default=None,
              help="Only this source: its IRI, smg:NAME or NAME (see `stdmap sources`).")
@store_option
def export(fmt: str, out_file: Path | None, source: str | None, store_location: str | None) -> None:
    """Write the graph out as RDF, SKOS mappings or SSSOM. Output is sorted: two exports of the same
    store are byte-identical.

    \b
    turtle, nt, jsonld  the union of all sources, stdmap prefixes
    trig, nquads        one named graph per source (its stable IRI) plus their provenance (smg:meta)
    skos                adoption claims as skos:exactMatch (IDT), closeMatch (MOD), relatedMatch (NEQ, EQV)
    sssom               SSSOM TSV: one row per adoption claim with a degree
    """
    from mapper.export import ExportError
    from mapper.export import export as run_export

    store = _open(store_location)
    try:
        result = run_export(store, fmt, source)
    except ExportError as exc:
        raise InputError(str(exc)) from exc
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if out_file is None:
        click.echo(result.text, nl=False)
        return
    from mapper.report import write_atomic

    try:
        write_atomic(out_file, result.text)
    except OSError as exc:
        raise InputError(f"cannot write {out_file}: {exc.strerror or exc}") from exc
    click.echo(f"{out_file}: {result.triples} {'rows' if fmt == 'sssom' else 'statements'} [{fmt}]")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@store_option
def sources(as_json: bool, store_location: str | None) -> None:
    """List the source graphs in the store, with their origin, checksum and record count."""
    store = _open(store_location)
    items = store.sources()
    if as_json:
        click.echo(_dump([{"graph": str(s.graph), "origin": s.origin, "checksum": s.checksum, "reader": s.reader,
                           "records": s.records, "loaded_at": s.loaded_at} for s in items]))
        return
    for s in items:
        click.echo(f"{s.graph}  {s.records:>6} records  {s.origin}  ({s.reader}, sha256 {s.checksum[:12]}…)")


# analytics commands live in mapper/commands/ (one module each; docs/analytics.md)
from mapper.commands import register_all

register_all(main)

if __name__ == "__main__":  # pragma: no cover  (after register_all: `python -m mapper.cli` has every command)
    main()
