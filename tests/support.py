"""Helpers shared by the test modules (imported as `support`; pytest puts tests/ on sys.path)."""

from __future__ import annotations

import gc
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mapper.cli import main

#: the public data beside the project (../shared/data); tests that read it skip when it is absent
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ISO_FILES = [SHARED / "iso-open-data" / name for name in
             ("iso_deliverables_metadata.reconstructed.jsonl", "ICS.csv", "iso_technical_committees.jsonl")]
IEC_FILE = SHARED / "relaton-data-iec" / "iec_catalogue.jsonl"
FULL = [*ISO_FILES, IEC_FILE]
need_shared = pytest.mark.skipif(not all(p.is_file() for p in FULL),
                                 reason=f"the shared ISO Open Data / IEC catalogue files are not in {SHARED}")


def invoke(*args: object) -> Result:
    """Run `stdmap ARGS…` in-process and return click's Result.

    The CLI closes its store when a command ends; a command that ends in an exception still leaves its
    frames in the traceback the Result keeps, so clear them and collect before the next command opens
    the same on-disk store (Oxigraph holds a lock on the folder).
    """
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    if result.exc_info is not None and result.exc_info[2] is not None:
        traceback.clear_frames(result.exc_info[2])
    gc.collect()
    return result
