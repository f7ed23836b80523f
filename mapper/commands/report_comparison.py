"""`stdmap report comparison`: two or more countries, committees, scopes or ICS codes side by side.

The counting-rule switches are those of `stdmap rate`, except that --country and --scope may be repeated too:
the one switch given two or more times is the comparison axis, every other switch is a rule all subjects
share (so `--country CN --committee A --committee B` compares two committees by their adoption in China).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mapper.cli import _open, rules_from, rules_options, store_option
from mapper.commands.report import emit, output_options, report_command
from mapper.report.overview import DEFAULT_TOP, DEFAULT_YEARS

#: the repeatable switches that can be the comparison axis: axis name → (option, parameter name)
AXIS_OPTIONS = {"country": ("--country", "country"), "committee": ("--committee", "committees"),
                "scope": ("--scope", "scope_name"), "ics": ("--ics", "ics_prefixes")}


def comparison_rules_options(f: Callable) -> Callable:
    """`rules_options` with --country and --scope repeatable (each may be the comparison axis)."""
    f = rules_options(f)
    repeatable = {
        "country": click.Option(["--country", "country"], multiple=True, metavar="CC",
                                help="Adopting jurisdiction (ISO 3166 code, e.g. CN). Repeat to compare countries; "
                                     "given once, every subject counts only its adoptions."),
        "scope_name": click.Option(["--scope", "scope_name"], multiple=True, metavar="NAME|FILE",
                                   help="Named scope (see `stdmap scopes`) or scope TOML file. Repeat to compare "
                                        "scopes."),
    }
    f.__click_params__ = [repeatable.get(p.name, p) for p in f.__click_params__]  # type: ignore[attr-defined]
    return f


def split_axis(params: dict[str, Any]) -> tuple[str, list[str]]:
    """The comparison axis and its values from the parsed switches; leaves the shared rules in `params`
    (single --country / --scope as plain values)."""
    given = {axis: tuple(params.get(name) or ()) for axis, (_, name) in AXIS_OPTIONS.items()}
    several = [axis for axis, values in given.items() if len(values) >= 2]
    if len(several) > 1:
        named = "; ".join(f"{AXIS_OPTIONS[a][0]} {', '.join(given[a])}" for a in several)
        raise click.UsageError(f"compare along one dimension only; several values were given for more than one: "
                               f"{named}")
    if not several:
        once = [f"{AXIS_OPTIONS[a][0]} {v[0]}" for a, v in given.items() if v]
        raise click.UsageError(
            "name at least two subjects to compare by repeating one of --country, --committee, --scope or --ics, "
            "e.g. --committee 'ISO/TC 207' --committee 'ISO/TC 301'"
            + (f"; given only one value: {', '.join(once)}" if once else ""))
    axis = several[0]
    name = AXIS_OPTIONS[axis][1]
    params[name] = () if axis in ("committee", "ics") else None
    for other in ("country", "scope_name"):
        if other != name:
            params[other] = params[other][0] if params.get(other) else None
    return axis, list(given[axis])


@click.command("comparison")
@output_options
@click.option("--years", type=click.IntRange(1, 100), default=DEFAULT_YEARS, show_default=True,
              help="Years in the rate-by-year table and chart, ending with the as-of year (default this year).")
@click.option("--top", type=click.IntRange(1), default=DEFAULT_TOP, show_default=True,
              help="Rows of the standard-by-standard table shown in the page; files have all.")
@comparison_rules_options
@store_option
@report_command
def comparison(store_location: str | None, out_dir: Path, lang: str | None, formats: tuple[str, ...],
               open_page: bool, top: int, years: int, **params: Any) -> None:
    """Two or more countries, committees, scopes or ICS codes side by side, the differences highlighted.

    Repeat one of --country, --committee, --scope or --ics (two to eight values): each value is a column,
    counted under the other switches (shared by all). The page has a side-by-side summary (rate, gaps,
    outdated adoptions, lag …) with the rows that differ highlighted and the best values marked, the rate
    per ICS field and per year, the degree mix, and, comparing countries, each standard's strongest
    correspondence in each country.

    \b
    stdmap report comparison --committee "ISO/TC 207" --committee "ISO/TC 301"
    stdmap report comparison --country CN --country JP --scope carbon-footprint-ghg
    stdmap report comparison --scope cfp-pilot-2024/steel --scope cfp-pilot-2024/cement --country CN
    """
    from mapper.report.comparison import build_comparison

    axis, values = split_axis(params)
    rules = rules_from(params)
    report = build_comparison(_open(store_location), rules, axis, values, top=top, years=years)
    emit(report, out_dir, lang, formats, open_page)


def register(group: click.Group) -> None:
    group.add_command(comparison)


__all__ = ["comparison", "comparison_rules_options", "register", "split_axis"]
