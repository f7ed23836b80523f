"""Equivalence over a SPARQL server: the same answers as on the embedded store, in a few requests per batch.

The hand-made catalogue of tests/data/equiv/ goes into an on-disk store and into a namespace of the test
SPARQL server. Every ordered pair of its designations (and of some it does not hold: undated works, absent
editions, designations that state what they adopt, a year carried over from the adopting designation, a
designation that cannot be read), each with one of four as-of dates, is answered by `compare` one pair at a
time on the disk store; `compare_many` on the server and on disk must give exactly those answers, and on the
server in a handful of requests (4 here, where reading the facts lazily took 39; on the 1x benchmark store
4,600 for 10,000 pairs).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from mapper.equivalence import (
    _FACT_PREDICATES,
    _IDENTIFIER,
    EquivalenceError,
    EquivalenceGraph,
)
from mapper.ingest.to_rdf import standard_iri, work_iri
from mapper.kg import open_kg
from mapper.remote import RemoteOx
from mapper.vocab import SM

DATA = Path(__file__).parent / "data" / "equiv"
FILES = ("intl.csv", "cn.csv", "regional.csv", "cn_second.csv")
NOT_HELD = (
    "ISO 14001", "ISO 72000", "ISO 50001", "GB/T 24001",  # undated: the current edition
    "ISO 14001:2009", "GB/T 99999-2020",  # absent (other editions are named for the first)
    "GB/T 19001-2016/ISO 9001:2015", "GB/T 99998-2030/ISO 72000:2018",  # absent, placed by what they state
    "DIN EN ISO 14001:2009",  # the year carried over to ISO 14001: the latest edition by 2009
    "xyz",  # not a designation
)
DAYS = (None, dt.date(2010, 1, 1), dt.date(2016, 6, 30), dt.date(2022, 1, 1))


def _designations() -> list[str]:
    found: dict[str, None] = {}
    for name in FILES:
        with (DATA / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for key in ("designation", "adopted", "replaces"):
                    if row.get(key):
                        found[row[key]] = None
    return [*found, *NOT_HELD]


DESIGNATIONS = _designations()
PAIRS = [(a, b) for a in DESIGNATIONS for b in DESIGNATIONS]
PAIR_DAYS = [DAYS[i % len(DAYS)] for i in range(len(PAIRS))]


@pytest.fixture(scope="module")
def stores(tmp_path_factory, run_in, sparql_server):
    """(the on-disk store's location, the server store's location), both holding the same four files."""
    disk = str(tmp_path_factory.mktemp("equiv-remote") / "store")
    server = f"{sparql_server}#equivremote"
    for location in (disk, server):
        result = run_in(location, "init", "--empty")
        assert result.exit_code == 0, result.output
        result = run_in(location, "import", *[DATA / f for f in FILES])
        assert result.exit_code == 0, result.output
    return disk, server


@pytest.fixture
def requests(monkeypatch):
    """The number of HTTP requests made to the server so far (a one-item list)."""
    count = [0]
    real = RemoteOx._request

    def counted(self, *args, **kwargs):
        count[0] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(RemoteOx, "_request", counted)
    return count


def _answer(outcome) -> object:
    return ("error", str(outcome)) if isinstance(outcome, EquivalenceError) else outcome.to_json()


def _one_by_one(graph: EquivalenceGraph, pairs, days) -> list:
    out = []
    for (a, b), day in zip(pairs, days):
        try:
            out.append(_answer(graph.compare(a, b, day)))
        except EquivalenceError as exc:
            out.append(_answer(exc))
    return out


@pytest.fixture(scope="module")
def expected(stores) -> list:
    """compare, one pair at a time, on the embedded store: the answers every other way must give."""
    store = open_kg(stores[0])
    try:
        return _one_by_one(EquivalenceGraph(store), PAIRS, PAIR_DAYS)
    finally:
        store.close()


def test_the_pairs_cover_every_kind_of_answer(expected) -> None:
    relations = {a["relation"] for a in expected if isinstance(a, dict)}
    assert relations == {"IDT", "MOD", "EQV", "NEQ", "related", "none"}
    notes = " | ".join(n for a in expected if isinstance(a, dict) for n in a["notes"])
    for part in ("edition hop:", "was not in force on", "placed by its designation", "is undated; resolved",
                 "other editions of", "latest edition published by 2009", "sources disagree"):
        assert part in notes, part
    assert any(isinstance(a, tuple) for a in expected)


def test_batch_on_the_server_gives_the_embedded_answers_in_a_few_requests(stores, expected, requests) -> None:
    store = open_kg(stores[1])
    try:
        graph = EquivalenceGraph(store)
        before = requests[0]
        answers = [_answer(o) for o in graph.compare_many(PAIRS, PAIR_DAYS)]
        used = requests[0] - before
    finally:
        store.close()
    assert answers == expected
    # the inputs, their works' editions (and those editions' facts), what the dated pairs reach, the edition
    # hops' dates: a few queries each, not one per pair
    assert used <= 8, f"{used} requests for {len(PAIRS)} pairs"


def test_batch_on_disk_gives_the_one_by_one_answers(stores, expected) -> None:
    store = open_kg(stores[0])
    try:
        answers = [_answer(o) for o in EquivalenceGraph(store).compare_many(PAIRS, PAIR_DAYS)]
    finally:
        store.close()
    assert answers == expected


def test_one_pair_at_a_time_on_the_server(stores, expected) -> None:
    """compare's own lookups (no batch to read ahead for) give the same answers on the server."""
    step = 7  # a spread of the pairs: every date, every kind of input
    store = open_kg(stores[1])
    try:
        answers = _one_by_one(EquivalenceGraph(store), PAIRS[::step], PAIR_DAYS[::step])
    finally:
        store.close()
    assert answers == expected[::step]


def test_server_lookups_match_the_embedded_store(stores) -> None:
    """RemoteStore.properties/subjects (SPARQL with VALUES) give what Store's index lookups give."""
    iris = [str(standard_iri(d)) for d in DESIGNATIONS if d != "xyz"]
    works = sorted({str(work_iri(d.split(":")[0])) for d in DESIGNATIONS if d.startswith("ISO")})
    found = []
    for location in stores:
        store = open_kg(location)
        try:
            props = store.properties(iris, _FACT_PREDICATES)
            found.append(({s: sorted(v) for s, v in props.items()},
                          store.properties(iris, [_IDENTIFIER]),
                          store.subjects(str(SM.isEditionOf), works)))
        finally:
            store.close()
    assert found[0] == found[1]
    assert any(found[0][0].values()) and any(not v for v in found[0][0].values())
    assert any(found[0][2].values())


def test_edges_come_from_committed_sources_only(tmp_path, sparql_server) -> None:
    """equivalence_edges.rq reads the claims of the committed sources only: on every kind of store the graph
    built from the four files is the same, and a claim in a data graph still loading, or loaded but never
    switched to (what a killed import leaves), is no edge until its source is switched to it."""
    from rdflib import URIRef

    from mapper.ingest.to_rdf import adoption_iri
    from mapper.kg import import_files
    from mapper.store import SourceInfo

    source = URIRef("https://w3id.org/stdmap/graph/test-uncommitted")
    x, y = standard_iri("GB/T 99990-2020"), standard_iri("ISO 71000:2020")
    ad, sm, prov = adoption_iri(x, y, source), str(SM), "http://www.w3.org/ns/prov#"
    claim = "".join(f"{s} {p} {o} .\n" for s, p, o in [
        (f"<{ad}>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{sm}Adoption>"),
        (f"<{ad}>", f"<{sm}adoptingStandard>", f"<{x}>"), (f"<{ad}>", f"<{sm}adoptedStandard>", f"<{y}>"),
        (f"<{ad}>", f"<{prov}wasDerivedFrom>", f"<{source}>"),
        (f"<{ad}>", f"<{sm}degree>", "<https://w3id.org/stdmap/degree/IDT>")]).encode()
    info = SourceInfo(source, "test:uncommitted", "0" * 64, "test/1", 1)
    built = {}
    for kind, location in (("disk", str(tmp_path / "store")), ("memory", ":memory:"),
                           ("server", f"{sparql_server}#uncommitted")):
        store = open_kg(location, empty=True)
        try:
            import_files(store, [DATA / f for f in FILES])
            built[kind] = before = EquivalenceGraph._read(store)
            assert str(x) not in before["adj"]
            loading = store.begin_load(info)
            loading.feed(claim, 5)  # loading (on an embedded store: queries leave the union default graph)
            assert EquivalenceGraph._read(store) == before, kind
            loaded = loading.result()  # loaded, not switched to: an orphan
            assert EquivalenceGraph._read(store) == before, kind
            store.switch(info, loaded)
            after = EquivalenceGraph._read(store)
            assert [v for v, _edge in after["adj"][str(x)]] == [str(y)], kind
            store.drop_source(source)
            assert EquivalenceGraph._read(store) == before, kind
        finally:
            store.close()
    assert built["disk"] == built["memory"] == built["server"]
