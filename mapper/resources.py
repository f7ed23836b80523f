"""Locate the data folders (`ontology/`, `standards/`, `reports/`) in a checkout and in a wheel.

In a source checkout they sit beside the `mapper` package; in an installed wheel the build copies them
into `mapper/_data/` (see `[tool.hatch.build.targets.wheel.force-include]` in pyproject.toml). Looking in
both places lets the same code run from `pip install -e .`, from a wheel, and from a bare checkout.

>>> resource_dir("ontology").joinpath("stdmap.ttl").is_file()
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_NAMES = ("ontology", "standards", "reports")


class ResourceNotFound(FileNotFoundError):
    """A data folder is missing from both the wheel layout and the checkout layout."""


def named_toml(spec: str, folder: Path, what: str, available: Callable[[], list[str]], *,
               missing: type[Exception] = LookupError, bad: type[Exception] = ValueError) -> tuple[Path, dict]:
    """A shipped TOML file by name (`folder/NAME.toml`) or any TOML file by path (`spec` ending in .toml), read.
    Raises `missing` naming the shipped ones (`available()`) when there is no such file, `bad` when it cannot be read."""
    import tomllib

    path = Path(spec) if spec.endswith(".toml") else folder / f"{spec}.toml"
    if not path.is_file():
        raise missing(f"no {what} {spec!r}; shipped {what}s: {', '.join(available()) or 'none'}")
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise bad(f"{path}: cannot read the {what} file ({exc})") from exc


def resource_dir(name: str) -> Path:
    """Return the folder `name` (one of ontology, standards, reports)."""
    if name not in _NAMES:
        raise ValueError(f"unknown resource folder {name!r}; expected one of {', '.join(_NAMES)}")
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise ResourceNotFound(
        f"cannot find the {name}/ folder next to the mapper package ({_PACKAGE_DIR}); "
        "reinstall stdmap or run it from a complete checkout"
    )
