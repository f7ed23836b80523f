"""`stdmap rate`: the adoption (conversion) rate with its breakdowns, a series over dates, or the
explanation of one standard (docs/analytics.md)."""

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

TITLES = {
    "ics_field": "By ICS field 按 ICS 领域", "ics_group": "By ICS group 按 ICS 组", "committee": "By committee 按技术委员会",
    "doc_type": "By document type 按文件类型", "year": "By year of issue 按发布年份", "degree": "By degree 按一致性程度",
}


@click.command()
@rules_options
@click.option("--by", "by", default=None, metavar="LIST",
              help="Breakdowns to compute, comma-separated: ics_field, ics_group, committee, doc_type, year, "
                   "degree. Default: all.")
@click.option("--series", "series", default=None, metavar="FROM:TO",
              help="The rate at each year end FROM..TO (2011:2025); with --monthly at each month end "
                   "(2024-01:2025-06). One query computes every date.")
@click.option("--monthly", is_flag=True, help="With --series: months (YYYY-MM:YYYY-MM) instead of years.")
@click.option("--explain", "explain_id", default=None, metavar="ID",
              help="Say whether this standard is in the denominator and counted, and why; list each adoption "
                   "claim on it with whether it counts.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (docs/analytics.md).")
@click.option("--csv", "as_csv", is_flag=True,
              help="Print one CSV table: columns breakdown,key,label,denominator,adopted,rate; first the row "
                   "ALL (breakdown 'all', key 'ALL'), then every breakdown row, sorted by breakdown (in --by "
                   "order) and key. With --series: date,denominator,adopted,rate.")
@store_option
def rate(as_json: bool, as_csv: bool, by: str | None, series: str | None, monthly: bool, explain_id: str | None,
         store_location: str | None, **params: Any) -> None:
    """Adoption (conversion) rate of the international standards in scope, with breakdowns.

    The counting rules are printed with every result; see --help of each switch.
    """
    from mapper.rates import (
        BREAKDOWNS,
        compute_rate,
        compute_series,
        explain,
        series_dates,
    )

    rules = rules_from(params)
    if sum(x is not None for x in (series, explain_id)) > 1:
        raise click.UsageError("--series and --explain cannot be combined")
    if monthly and series is None:
        raise click.UsageError("--monthly goes with --series")
    wanted = None
    if by is not None:
        wanted = [b.strip() for b in by.split(",") if b.strip()]
        bad = [b for b in wanted if b not in BREAKDOWNS]
        if bad:
            raise click.UsageError(f"unknown breakdown {', '.join(bad)}; expected {', '.join(BREAKDOWNS)}")
    if series is not None:
        if rules.as_of is not None:
            raise click.UsageError("--series gives its own dates; leave out --as-of")
        try:
            dates = series_dates(series, monthly)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        points = compute_series(_open(store_location), rules, dates)
        if as_json:
            click.echo(_dump({"rules": rules.to_json(), "series": [p.to_json() for p in points]}))
        elif as_csv:
            click.echo(csv_text([["date", "denominator", "adopted", "rate"]] + [
                [p.date.isoformat(), p.denominator, p.adopted, f"{p.rate:.6f}"] for p in points]), nl=False)
        else:
            click.echo("Adoption rate over time 转化率变化:")
            for p in points:
                click.echo(f"  {p.date.isoformat()}  {100 * p.rate:5.1f} %  ({p.adopted} of {p.denominator})")
            echo_rules(rules)
        return
    if explain_id is not None:
        result = explain(_open(store_location), rules, explain_id)
        if as_json:
            click.echo(_dump(result))
            return
        if as_csv:
            click.echo(csv_text([["national", "adopted", "degree", "counts", "why"]] + [
                [a["national"], a["adopted"], a["degree"], a["counts"], a["why"]] for a in result["adoptions"]]), nl=False)
            return
        click.echo(f"{result['standard']} → {result['resolved'] or 'not found 未找到'}")
        click.echo(f"  in the denominator 计入分母: {'yes 是' if result['in_denominator'] else 'no 否'}   "
                   f"counted 计入分子: {'yes 是' if result['counted'] else 'no 否'}")
        for reason in result["reasons"]:
            click.echo(f"  - {reason}")
        click.echo("Adoption claims 采用声明:" if result["adoptions"] else "No adoption claim 无采用声明.")
        for a in result["adoptions"]:
            click.echo(f"  {a['national']} → {a['adopted']} {a['degree']}: "
                       f"{'counts 计入' if a['counts'] else 'does not count 不计入'} ({a['why']})")
        echo_rules(rules)
        return

    result = compute_rate(_open(store_location), rules, wanted)
    if as_json:
        click.echo(_dump(result.to_json()))
        return
    if as_csv:
        rows: list[list[Any]] = [["breakdown", "key", "label", "denominator", "adopted", "rate"],
                                 ["all", "ALL", "all 全部", result.denominator, result.adopted, f"{result.rate:.6f}"]]
        for dim, items in result.breakdowns.items():
            rows.extend([dim, f.field, f.label, f.denominator, f.adopted, f"{f.rate:.6f}"] for f in items)
        click.echo(csv_text(rows), nl=False)
        return
    when = f" on 截至 {rules.as_of.isoformat()}" if rules.as_of else ""
    click.echo(f"Adoption rate 转化率{when}: {100 * result.rate:.1f} %  ({result.adopted} of {result.denominator})")
    click.echo(f"  NEQ only 仅非等效: {result.neq}   EQV only 旧等效: {result.eqv}   "
               f"degree not established 程度未确定: {result.unknown}")
    click.echo("By degree 按程度: " + ", ".join(f"{k} {v}" for k, v in result.by_degree.items()))
    for dim, items in result.breakdowns.items():
        if dim == "degree":
            continue
        click.echo(f"{TITLES[dim]}:")
        for f in items:
            label = " · ".join(x for x in (f.label, f.label_zh) if x)
            click.echo(f"  {f.field:>8}  {f.adopted:>5} / {f.denominator:<5} {100 * f.rate:5.1f} %  {label}".rstrip())
    echo_rules(rules)



def register(main: click.Group) -> None:
    main.add_command(rate)
