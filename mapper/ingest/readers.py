"""Import every reader module so that each registers itself.

The order is the order in which content detection tries them: the most specific formats first
(XML, YAML, the JSON Lines catalogues, RDF), the tabular reader last.
"""

from __future__ import annotations

import importlib

MODULES = ("sts", "relaton", "iso_open_data", "iec", "rdf", "tabular")

for _name in MODULES:
    try:
        importlib.import_module(f"mapper.ingest.{_name}")
    except ModuleNotFoundError as _exc:  # a reader still being written; the others still work
        if _exc.name != f"mapper.ingest.{_name}":
            raise
