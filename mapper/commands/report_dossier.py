"""`stdmap report dossier ID`: everything about one standard on one page (mapper/report/dossier.py)."""

from __future__ import annotations

from pathlib import Path

import click

from mapper.cli import _open, store_option
from mapper.commands.report import emit, output_options, report_command


@click.command("dossier")
@click.argument("standard")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Counterparts and statuses as they stood on this day (YYYY-MM-DD; YYYY-MM, YYYY = period end); "
                   "an undated designation then names the edition in force that day.")
@output_options
@store_option
@report_command
def dossier(standard: str, as_of: str | None, out_dir: Path, lang: str | None, formats: tuple[str, ...],
            open_page: bool, store_location: str | None) -> None:
    """Dossier of one standard: its record, the editions of its work, every counterpart in every loaded
    country with the degree and the evidence path (each step with its sources), the adoption lag,
    adoptions of its other editions and conflicts between sources.

    STANDARD is a designation written any usual way; an undated one names the current edition.

    \b
    stdmap report dossier "ISO 14001:2015"
    stdmap report dossier "GB/T 24001-2016" --lang zh
    stdmap report dossier "ISO 50001" --as-of 2021-07-01
    """
    from mapper.commands.equiv import parse_as_of
    from mapper.report.dossier import build_dossier

    when = parse_as_of(as_of)
    emit(build_dossier(_open(store_location), standard, as_of=when), out_dir, lang, formats, open_page)


def register(group: click.Group) -> None:
    group.add_command(dossier)
