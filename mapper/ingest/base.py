"""What every reader is: it recognises its format and turns one source file into triples.

Readers are registered by name (`register`) and feed `stdmap import --format`; with no format given the
first reader whose `sniff` accepts the file's opening bytes reads it. A reader never writes to the store:
it adds triples to a sink (`mapper.store.TripleBuffer`) and reports bad records as `RowError`s that name
the file, the record (row or line) and the field, so that `stdmap import` can keep the good records (or,
with --strict, none) and the store is replaced in one step.

>>> sorted(READERS)[:2]   # doctest: +SKIP
['iec-catalogue', 'iso-committees']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

#: progress(done, total): records handled so far and in all (total 0 when unknown)
Progress = Callable[[int, int], None]

from rdflib import URIRef

from mapper.store import TripleSink


class CatalogError(Exception):
    """The file as a whole cannot be read (missing, wrong format, no designation column)."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


@dataclass(frozen=True)
class RowError:
    """One problem in one record (row, line, element) of a source file."""

    file: str
    row: int  # spreadsheet row (header = 1), or line number of a JSON Lines / XML / YAML record
    column: str | None  # column header as written, or the field / element name
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column}"
        shown = f" (value {self.value!r})" if self.value else ""
        return f"{where}: {self.message}{shown}"


@dataclass
class ReadResult:
    """What a reader did with one file. `records` counts the good records whose triples were added."""

    records: int
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0  # records seen, good or bad
    notes: list[str] = field(default_factory=list)  # e.g. skipped drafts
    ignored: list[str] = field(default_factory=list)  # columns / fields present but not read


class Reader(Protocol):
    name: str  # registry key and --format value, e.g. "iso-open-data"
    version: str  # recorded as sm:readerVersion; bump it when the triples a file yields change
    description: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """Does this file look like this reader's format? `head` is the first 64 KiB."""
        ...

    def read(self, path: Path, data: bytes, sink: TripleSink, graph: URIRef,
             progress: Progress | None = None) -> ReadResult:
        """Add the file's triples to `sink`; Adoption claims are derived from `graph` (the source IRI).
        Call `progress` now and then on long files. Raise CatalogError when the file as a whole is
        unreadable; report bad records as RowErrors and go on."""
        ...


READERS: dict[str, Reader] = {}
_ORDER: list[str] = []


def register(reader: Reader) -> Reader:
    """Add a reader. Sniffing tries readers in registration order, so register specific formats first."""
    READERS[reader.name] = reader
    if reader.name not in _ORDER:
        _ORDER.append(reader.name)
    return reader


def detect(path: Path, data: bytes) -> Reader:
    head = data[:65536]
    for name in _ORDER:
        if READERS[name].sniff(path, head):
            return READERS[name]
    raise CatalogError(
        path, "cannot tell the format from the file's content; pass --format (one of " + ", ".join(sorted(READERS)) + ")"
    )
