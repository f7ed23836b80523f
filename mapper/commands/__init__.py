"""The analytics commands, one module each, added to the `stdmap` group by `register_all`."""

from __future__ import annotations

import click


def register_all(main: click.Group) -> None:
    from mapper.commands import conflicts, coverage, equiv, lag, rate, report, store

    for module in (rate, coverage, lag, conflicts, equiv, report, store):
        module.register(main)


# A command module imports mapper.cli for its shared options and helpers, and mapper.cli registers the command
# modules when it loads. Loading mapper.cli here, once register_all exists, lets either be imported first.
import mapper.cli  # noqa: F401
