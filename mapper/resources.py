"""Locate the data folders (`ontology/`, `standards/`, `reports/`) in a checkout and in a wheel.

In a source checkout they sit beside the `mapper` package; in an installed wheel the build copies them
into `mapper/_data/` (see `[tool.hatch.build.targets.wheel.force-include]` in pyproject.toml). Looking in
both places lets the same code run from `pip install -e .`, from a wheel, and from a bare checkout.

>>> resource_dir("ontology").joinpath("stdmap.ttl").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_NAMES = ("ontology", "standards", "reports")


class ResourceNotFound(FileNotFoundError):
    """A data folder is missing from both the wheel layout and the checkout layout."""


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
