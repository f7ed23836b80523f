"""`stdmap gaps` and `stdmap stale` (docs/analytics.md)."""

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

KIND_ZH = {"never adopted": "从未采用", "revision needed": "需修订"}


def _csv(header: list[str], rows: list[dict]) -> str:
    return csv_text([header] + [[row[h] for h in header] for row in rows])


def _when(rules) -> str:
    return (f"as of {rules.as_of.isoformat()} · 截至 {rules.as_of.isoformat()}" if rules.as_of
            else "status as recorded · 按记录状态")



@click.command()
@rules_options
@click.option("--sort", type=click.Choice(["id", "age", "committee", "ics"]), default="id", show_default=True,
              help="id: by designation; age: longest waiting first; committee; ics: by first ICS code.")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N", help="Show only the first N gaps.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the gaps as CSV.")
@store_option
def gaps(sort: str, limit: int | None, as_json: bool, as_csv: bool, store_location: str | None, **params: Any) -> None:
    """International standards in scope not adopted at a counted degree (尚未转化的国际标准).

    "revision needed": an earlier edition of the same work is adopted by a national standard in force;
    "never adopted": no edition is. waiting_months counts from the standard's start to the as-of date (today).
    """
    from mapper.coverage import find_gaps

    rules = rules_from(params)
    found = find_gaps(_open(store_location), rules, sort=sort)
    if limit is not None:
        found = found[:limit]
    rows = [g.to_json() for g in found]
    if as_json:
        click.echo(_dump({"as_of": rules.as_of.isoformat() if rules.as_of else None, "rules": rules.to_json(),
                          "gaps": rows}))
        return
    if as_csv:
        header = ["standard", "title_en", "issued", "committee", "ics", "waiting_months", "strongest", "kind",
                  "older_editions_adopted", "older_adopters", "pending"]
        click.echo(_csv(header, rows), nl=False)
        return
    click.echo(f"Not yet adopted · 尚未转化的国际标准: {len(rows)}  ({_when(rules)})")
    for g in rows:
        parts = [g["standard"], f"{g['kind']} · {KIND_ZH[g['kind']]}", f"strongest 最强对应 {g['strongest']}"]
        if g["waiting_months"] is not None:
            parts.append(f"waiting 等待 {g['waiting_months']} months 个月")
        if g["committee"]:
            parts.append(g["committee"])
        if g["older_editions_adopted"]:
            parts.append(f"older adopted 已采用旧版 {', '.join(g['older_editions_adopted'])} "
                         f"({', '.join(g['older_adopters'])})")
        if g["pending"]:
            parts.append(f"pending 制定中 {', '.join(g['pending'])}")
        if g["title_en"]:
            parts.append(g["title_en"])
        click.echo("  " + "  |  ".join(parts))
    echo_rules(rules)


@click.command()
@rules_options
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the stale adoptions as CSV.")
@store_option
def stale(as_json: bool, as_csv: bool, store_location: str | None, **params: Any) -> None:
    """National standards in force that adopt an international edition no longer in force (采用已被替代版本).

    current = the in-force edition reached through replacement links; editions_behind = replacement steps;
    months_behind = whole months from the current edition's start to the as-of date (today).
    """
    from mapper.coverage import find_stale

    rules = rules_from(params)
    found = find_stale(_open(store_location), rules)
    rows = [s.to_json() for s in found]
    if as_json:
        click.echo(_dump({"as_of": rules.as_of.isoformat() if rules.as_of else None, "rules": rules.to_json(),
                          "stale": rows}))
        return
    if as_csv:
        header = ["national", "national_title_zh", "adopted", "adopted_status", "degree", "current",
                  "current_issued", "editions_behind", "months_behind"]
        click.echo(_csv(header, rows), nl=False)
        return
    click.echo(f"Adoptions of editions no longer in force · 采用已不再有效版本的标准: {len(rows)}  ({_when(rules)})")
    for s in rows:
        if s["current"]:
            behind = (f"current 现行 {s['current']} ({s['current_issued'] or '?'}), "
                      f"{s['editions_behind']} edition(s) behind 落后版次"
                      + (f", {s['months_behind']} months 个月" if s["months_behind"] is not None else ""))
        else:
            behind = "no edition in force · 无现行版本"
        click.echo(f"  {s['national']}  adopts 采用 {s['adopted']} [{s['degree'] or '?'}, {s['adopted_status'] or '?'}]"
                   f"  →  {behind}" + (f"  |  {s['national_title_zh']}" if s["national_title_zh"] else ""))
    echo_rules(rules)


def register(main: click.Group) -> None:
    """Add this module's commands to `main`."""
    main.add_command(gaps)
    main.add_command(stale)
