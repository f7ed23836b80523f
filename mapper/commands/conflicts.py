"""`stdmap conflicts` (docs/analytics.md): where sources disagree or the data contradicts itself."""

from __future__ import annotations

import sys

import click

from mapper.cli import _dump, _open, csv_text, store_option
from mapper.conflicts import KINDS


@click.command()
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only this kind of conflict (repeatable). Default: every kind.")
@click.option("--json", "as_json", is_flag=True, help="Print the conflicts as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the conflicts as CSV (one row per conflict).")
@store_option
def conflicts(kinds: tuple[str, ...], as_json: bool, as_csv: bool, store_location: str | None) -> None:
    """Pairs where sources disagree or the data contradicts itself.

    \b
    degree              two sources give one adoption pair different degrees (IDT/MOD/NEQ/EQV)
    adopts-withdrawn    a standard adopts an international standard already withdrawn or
                        replaced (successor issued) on or before its own issue date
    dated-before        a standard is issued before the international edition it adopts
    supersession-cycle  a chain of replacements (dcterms:replaces) returns to its start

    Exit code 1 when there is any conflict, 0 when there is none.
    """
    from mapper.conflicts import find_conflicts, summary, text_lines, to_json

    found = find_conflicts(_open(store_location), kinds or KINDS)
    if as_json:
        click.echo(_dump(to_json(found)))
    elif as_csv:
        rows = [["kind", "standards", "detail", "sources"]]
        for c in found:
            origins = dict.fromkeys(s["origin"] or s["graph"] for s in c.sources)
            rows.append([c.kind, " ; ".join(c.standards), c.detail, " ; ".join(origins)])
        click.echo(csv_text(rows), nl=False)
    else:
        for line in text_lines(found):
            click.echo(line)
        click.echo(summary(found))
    if found:
        sys.exit(1)


def register(main: click.Group) -> None:
    main.add_command(conflicts)
