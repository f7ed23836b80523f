"""`stdmap lag` and `stdmap share` (docs/analytics.md)."""

from __future__ import annotations

from typing import Any

import click

from mapper.cli import (
    _dump,
    _open,
    csv_text,
    echo_rules,
    rules_from,
    rules_options,
    store_option,
)


def _fmt(value: Any) -> str:
    return "—" if value is None else str(value)


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    return csv_text([header] + rows)



def _table(rows: list[dict], key: str, title: str) -> None:
    click.echo(title)
    if not rows:
        click.echo("  (none 无)")
        return
    width = max(len(str(r[key])) for r in rows)
    width = max(width, 4)
    click.echo(f"  {'':<{width}}  {'n':>5}  {'median 中位数':>13}  {'q1':>7}  {'q3':>7}")
    for r in rows:
        click.echo(f"  {r[key]!s:<{width}}  {r['n']:>5}  {_fmt(r['median']):>13}  {_fmt(r['q1']):>7}  {_fmt(r['q3']):>7}")


@click.command()
@rules_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the pairs as CSV.")
@store_option
def lag(as_json: bool, as_csv: bool, store_location: str | None, **params: Any) -> None:
    """Adoption lag 采标滞后: whole months from an international standard's issue date to the issue date
    (and implementation date) of the national standard adopting it.

    One pair per (national standard, international edition it adopts at a counted degree); pairs
    without either issue date are left out and counted. Median and quartiles overall, per year of
    national issue and per committee of the international standard.
    """
    from mapper.lag import AnalyticsError, compute_lag

    if as_json and as_csv:
        raise click.UsageError("--json and --csv are exclusive")
    rules = rules_from(params)
    try:
        result = compute_lag(_open(store_location), rules)
    except AnalyticsError as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        click.echo(_dump(result))
        return
    if as_csv:
        click.echo(_csv(
            ["national", "international", "degree", "national_issued", "national_effective", "international_issued",
             "committees", "lag_months", "lag_effective_months"],
            [[p["national"], p["international"], p["degree"], p["national_issued"], p["national_effective"],
              p["international_issued"], "; ".join(p["committees"]), p["lag_months"], p["lag_effective_months"]]
             for p in result["pairs"]]), nl=False)
        return
    o = result["overall"]
    click.echo("Adoption lag, international issue → national issue, in whole months · 采标滞后（国际标准发布至国家标准发布，整月）")
    click.echo(f"  pairs 配对: {o['n']}   median 中位数: {_fmt(o['median'])}   q1: {_fmt(o['q1'])}   "
               f"q3: {_fmt(o['q3'])}   mean 平均: {_fmt(o['mean'])}")
    negative = sum(1 for p in result["pairs"] if p["lag_months"] < 0)
    if negative:
        click.echo(f"  national issued before the international edition 国家标准早于国际标准发布: {negative} "
                   "(see `stdmap conflicts`)")
    if result["missing_dates"]:
        click.echo(f"  left out, an issue date unknown 缺少发布日期未计: {result['missing_dates']}")
    _table(result["by_year"], "year", "By year of national issue 按国家标准发布年份:")
    _table(result["by_committee"], "committee", "By committee of the international standard 按国际标准技术委员会:")
    echo_rules(result["rules"])


@click.command()
@rules_options
@click.option("--sector", type=click.Choice(["ics", "ccs"]), default="ics", show_default=True,
              help="Breakdown by ICS field (2 digits) or CCS field (first letter).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the sector table as CSV (first row: all sectors).")
@store_option
def share(sector: str, as_json: bool, as_csv: bool, store_location: str | None, **params: Any) -> None:
    """采标率: the share of national standards in force that adopt at least one international standard
    at a counted degree, overall and per sector (a standard in several sectors counts in each)."""
    from mapper.lag import AnalyticsError, compute_share

    if as_json and as_csv:
        raise click.UsageError("--json and --csv are exclusive")
    rules = rules_from(params)
    try:
        result = compute_share(_open(store_location), rules, sector)
    except AnalyticsError as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        click.echo(_dump(result))
        return
    if as_csv:
        rows = [["ALL", "all sectors", result["national"], result["adopting"], f"{result['share']:.6f}"]]
        rows += [[r["key"], r["label"], r["national"], r["adopting"], f"{r['share']:.6f}"] for r in result["by_sector"]]
        click.echo(_csv(["sector", "label", "national", "adopting", "share"], rows), nl=False)
        return
    click.echo(f"Share adopting international standards 采标率: {100 * result['share']:.1f} %  "
               f"({result['adopting']} of {result['national']} national standards in force 现行国家标准)")
    click.echo("By ICS field 按 ICS 领域:" if sector == "ics" else "By CCS field 按中国标准分类一级类目:")
    for r in result["by_sector"]:
        click.echo(f"  {r['key']:>2}  {r['adopting']:>6} / {r['national']:<6} {100 * r['share']:5.1f} %  {r['label']}")
    echo_rules(result["rules"])


def register(main: click.Group) -> None:
    """Add this module's commands to `main`."""
    main.add_command(lag)
    main.add_command(share)
