"""`stdmap rate`: the adoption (conversion) rate with its breakdowns (docs/analytics.md)."""

from __future__ import annotations

import csv
import io
from typing import Any

import click

from mapper.cli import _dump, _open, rules_from, rules_options, store_option


@click.command()
@rules_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the ICS-field breakdown as CSV.")
@store_option
def rate(as_json: bool, as_csv: bool, store_location: str | None, **params: Any) -> None:
    """Adoption (conversion) rate of the international standards in scope, with breakdowns.

    The counting rules are printed with every result; see --help of each switch.
    """
    from mapper.rates import compute_rate

    rules = rules_from(params)
    result = compute_rate(_open(store_location), rules)
    if as_json:
        click.echo(_dump(result.to_json()))
        return
    if as_csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["ics_field", "label", "denominator", "adopted", "rate"])
        w.writerow(["ALL", "all fields", result.denominator, result.adopted, f"{result.rate:.6f}"])
        for f in result.by_ics_field:
            w.writerow([f.field, f.label, f.denominator, f.adopted, f"{f.rate:.6f}"])
        click.echo(buf.getvalue(), nl=False)
        return
    click.echo(f"Adoption rate 转化率: {100 * result.rate:.1f} %  ({result.adopted} of {result.denominator})")
    click.echo(f"  NEQ only 仅非等效: {result.neq}   EQV only 旧等效: {result.eqv}   "
               f"degree not established 程度未确定: {result.unknown}")
    click.echo("By degree 按程度: " + ", ".join(f"{k} {v}" for k, v in result.by_degree.items()))
    click.echo("By ICS field 按 ICS 领域:")
    for f in result.by_ics_field:
        click.echo(f"  {f.field:>2}  {f.adopted:>4} / {f.denominator:<4} {100 * f.rate:5.1f} %  {f.label}")
    click.echo("Counting rules 计数规则:")
    for line in rules.describe():
        click.echo(f"  - {line}")


def register(main: click.Group) -> None:
    main.add_command(rate)
