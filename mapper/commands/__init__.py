"""The analytics commands, one module each, added to the `stdmap` group by `register_all`."""

from __future__ import annotations

import click


def register_all(main: click.Group) -> None:
    from mapper.commands import conflicts, coverage, equiv, lag, rate

    for module in (rate, coverage, lag, conflicts, equiv):
        module.register(main)
