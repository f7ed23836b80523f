"""`stdmap report target`: progress against a goal — a rate or a count of standards by a date — with the
trajectory needed to reach it (mapper/report/target.py says what is counted and how)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mapper.cli import _open, rules_from, rules_options, store_option
from mapper.commands.report import emit, output_options, report_command


@click.command("target")
@click.option("--goal", "goal_texts", multiple=True, metavar="VALUE@DATE",
              help="A goal (repeatable): 85%@2025-12-31 is a rate, 50@2025-12-31 a count of national standards "
                   "in scope (no %). All goals share one measure. DATE may also be YYYY or YYYY-MM.")
@click.option("--target", "target_name", default=None, metavar="NAME|FILE",
              help="A named target (standards/targets/NAME.toml, see --list) or a target TOML file: its goals, "
                   "sources, country and scope.")
@click.option("--list", "list_targets", is_flag=True, help="List the shipped targets and exit.")
@click.option("--since", type=click.IntRange(1900, 9999), default=None, metavar="YEAR",
              help="First year end of the series. Default: 10 years before the as-of year.")
@click.option("--top", type=click.IntRange(1), default=25, show_default=True,
              help="Rows of the counted-standards table shown in the page; the files have all.")
@output_options
@rules_options
@store_option
@report_command
def target(goal_texts: tuple[str, ...], target_name: str | None, list_targets: bool, since: int | None, top: int,
           store_location: str | None, out_dir: Path, lang: str | None, formats: tuple[str, ...], open_page: bool,
           **params: Any) -> None:
    """Progress towards a goal, with the pace needed to reach it.

    \b
    stdmap report target --target cn-conversion-rate
    stdmap report target --target cn-carbon-footprint --lang zh
    stdmap report target --goal 85%@2025-12-31 --country CN
    stdmap report target --goal 50@2025-12-31 --goal 200@2030-12-31 --country CN --scope carbon-footprint-ghg

    The as-of date (--as-of, default today) is the last point; the series starts at --since. The
    counting-rule switches are those of `stdmap rate`.
    """
    from mapper.report.target import (
        available_targets,
        build_target,
        load_target,
        parse_goal,
        target_rules,
    )

    if list_targets:
        for name in available_targets():
            t = load_target(name)
            goals = ", ".join(g.text for g in t.goals)
            click.echo(f"{name}\t{t.measure}\t{goals}\t{t.title_en} · {t.title_zh}")
        return
    named = None
    if target_name:
        if goal_texts:
            raise click.UsageError("--target brings its own goals; give either --target or --goal, not both")
        clashes = [f"--{k.replace('_name', '')}" for k in ("country", "scope_name") if params.get(k)]
        named = load_target(target_name)
        if clashes:
            raise click.UsageError(f"--target {named.name} sets the country and scope; leave out {', '.join(clashes)}")
        goals = list(named.goals)
    else:
        goals = [parse_goal(text) for text in goal_texts]
    rules = rules_from(params)
    if named is not None:
        rules = target_rules(named, rules)
    report = build_target(_open(store_location), goals, rules, target=named, since=since, top=top)
    emit(report, out_dir, lang, formats, open_page)


def register(group: click.Group) -> None:
    group.add_command(target)


__all__ = ["register", "target"]
