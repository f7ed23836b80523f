"""`stdmap report`: the overview (also when no report is named), comparison, dossier and target reports.

Each report writes `<name>.<lang>.html` and `.md`, `<name>.<lang>.xlsx`, `<name>.json` and one CSV per table in
`<name>-csv/`, into `--out` (default `./stdmap-report`, printed). `--lang` picks the reader's language (default:
$STDMAP_LANG, else the locale, else English); `--open` opens the HTML page in the default browser.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mapper.cli import InputError, _open, rules_from, rules_options, store_option

#: report commands in modules of their own (mapper/commands/report_<name>.py, each with register(group))
EXTRA_REPORTS = ("comparison", "dossier", "target")


def output_options(f: Callable) -> Callable:
    """--out, --lang, --format, --open: where and how every report is written."""
    from mapper.labels import LANGS
    from mapper.report import DEFAULT_OUT, FORMATS

    options = [
        click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
                     show_default=True, help="Folder to write the report into (created when missing)."),
        click.option("--lang", type=click.Choice(LANGS), default=None,
                     help="Language of every label, number and date. Default: $STDMAP_LANG, else zh for a "
                          "Chinese locale, else en. Titles are shown as written."),
        click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
                     help="Write only these (repeatable). Default: html, md, xlsx, csv and json."),
        click.option("--open", "open_page", is_flag=True, help="Open the HTML page when written."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def emit(report: Any, out_dir: Path, lang: str | None, formats: tuple[str, ...], open_page: bool) -> None:
    """Write `report` and print the folder and every file (CSV files as their folder)."""
    from mapper.labels import default_lang
    from mapper.report import FORMATS, file_names, write_report

    lang = lang or default_lang()
    formats = formats or FORMATS
    if open_page and "html" not in formats:
        formats = ("html", *formats)
    written = write_report(report, out_dir, lang, formats)
    folder = out_dir.resolve()
    click.echo(f"report folder: {folder}")
    csv_dir = folder / file_names(report, lang)["csv"]
    csv_count = sum(1 for p in written if p.resolve().parent == csv_dir)
    for path in written:
        if path.resolve().parent != csv_dir:
            click.echo(f"wrote {path.resolve()}")
    if csv_count:
        click.echo(f"wrote {csv_dir}/ ({csv_count} CSV files)")
    if open_page:
        html = next(p for p in written if p.suffix == ".html")
        click.launch(str(html.resolve()))


def _overview_options(f: Callable) -> Callable:
    from mapper.report.overview import DEFAULT_TOP, DEFAULT_YEARS

    f = click.option("--years", type=click.IntRange(1, 100), default=DEFAULT_YEARS, show_default=True,
                     help="Years in the trend chart, ending with the as-of year (default this year).")(f)
    f = click.option("--top", type=click.IntRange(1), default=DEFAULT_TOP, show_default=True,
                     help="Rows of long tables (gaps, stale, committees) shown in the page; files have all.")(f)
    return f


def _run_overview(store_location: str | None, out_dir: Path, lang: str | None, formats: tuple[str, ...],
                  open_page: bool, top: int, years: int, params: dict[str, Any]) -> None:
    from mapper.report.overview import build_overview

    rules = rules_from(params)
    emit(build_overview(_open(store_location), rules, top=top, years=years), out_dir, lang, formats, open_page)


def _explicit(ctx: click.Context) -> list[str]:
    return sorted(name for name in ctx.params
                  if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE)


@click.group(invoke_without_command=True)
@output_options
@_overview_options
@rules_options
@store_option
@click.pass_context
def report(ctx: click.Context, store_location: str | None, out_dir: Path, lang: str | None,
           formats: tuple[str, ...], open_page: bool, top: int, years: int, **params: Any) -> None:
    """Write a report: HTML (one self-contained page with charts), Markdown, XLSX, CSV and JSON.

    With no report named, the adoption overview: headline rate with its counting rules, breakdowns, the
    rate by year, degree mix, lag, gaps and outdated adoptions. The counting-rule switches are those of
    `stdmap rate` (--country, --scope, --committee, --as-of …).

    \b
    stdmap report                                  # overview of the whole graph
    stdmap report overview --country CN --scope carbon-footprint-ghg --lang zh
    stdmap report comparison --committee "ISO/TC 207" --committee "ISO/TC 301"
    stdmap report dossier "ISO 14001:2015"
    stdmap report target --goal 85%@2025-12-31
    """
    if ctx.invoked_subcommand is not None:
        given = [name for name in _explicit(ctx) if name != "store_location"]
        if given:
            raise click.UsageError(f"put the options after the report name (stdmap report "
                                   f"{ctx.invoked_subcommand} …): {', '.join('--' + g.replace('_', '-') for g in given)}")
        if store_location:  # `stdmap report --store X dossier …`: the named report reads that store
            ctx.ensure_object(dict)["store"] = store_location
        return
    _run_overview(store_location, out_dir, lang, formats, open_page, top, years, params)


@report.command("overview")
@output_options
@_overview_options
@rules_options
@store_option
def overview(store_location: str | None, out_dir: Path, lang: str | None, formats: tuple[str, ...],
             open_page: bool, top: int, years: int, **params: Any) -> None:
    """Adoption overview for a country and scope (the default report)."""
    _run_overview(store_location, out_dir, lang, formats, open_page, top, years, params)


def report_command(f: Callable) -> Callable:
    """Turn InputError-worthy ValueErrors of a report builder into a clear exit 2."""
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except (ValueError, LookupError) as exc:
            raise InputError(str(exc)) from exc

    return wrapper


def register(main: click.Group) -> None:
    for name in EXTRA_REPORTS:
        module_name = f"mapper.commands.report_{name}"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).register(report)
    main.add_command(report)


__all__ = ["emit", "output_options", "register", "report", "report_command"]
