"""`stdmap equiv` and `mapper.equivalence.equivalence`: the strongest relation between two standards.

Two graphs: the bundled knowledge base (real adoptions such as GB/T 24001-2016 IDT ISO 14001:2015) and
a hand-made catalogue (tests/data/equiv_compose.csv) built so that each composition rule has exactly one
path to exercise: a star of national standards around ISO 70001:2020, one per degree, plus a work with
two editions (ISO 70003) adopted in its old edition.

Read-only stores are built once per module in a tmp folder; tests that import write to their own store.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from support import invoke
from mapper.equivalence import RELATIONS, EquivalenceError, EquivalenceGraph, equivalence
from mapper.kg import open_kg

DATA = Path(__file__).parent / "data"
COMPOSE = DATA / "equiv_compose.csv"
SECOND_ADOPTER = DATA / "equiv_second_adopter.csv"


# -- fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory) -> str:
    where = tmp_path_factory.mktemp("equiv-bundled") / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(where.parent / "guard-store"))
        result = invoke("init", "--store", str(where))
    assert result.exit_code == 0, result.output
    return str(where)


@pytest.fixture(scope="module")
def compose_store(tmp_path_factory) -> str:
    where = tmp_path_factory.mktemp("equiv-compose") / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(where.parent / "guard-store"))
        assert invoke("init", "--empty", "--store", str(where)).exit_code == 0
        result = invoke("import", "--store", str(where), str(COMPOSE))
    assert result.exit_code == 0, result.output
    return str(where)


@pytest.fixture(scope="module")
def compose_graph() -> EquivalenceGraph:
    """The library view of the same catalogue, built once (in memory, so no lock on the folder)."""
    store = open_kg(":memory:", empty=True)
    from mapper.kg import import_files

    report = import_files(store, [COMPOSE])
    assert not report.errors
    return EquivalenceGraph(store)


def equiv_json(store: str, a: str, b: str) -> dict:
    result = invoke("equiv", "--store", store, a, b, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def steps(data: dict) -> list[tuple]:
    return [(s["from"], s["to"], s["kind"], s["degree"]) for s in data["path"]]


# -- the bundled knowledge base ------------------------------------------------------------------------------
def test_json_has_the_documented_fields(bundled_store):
    data = equiv_json(bundled_store, "GB/T 24001-2016", "ISO 14001:2015")
    assert {"a", "b", "relation", "edition_match", "path"} <= set(data)
    assert data["a"] == "GB/T 24001-2016" and data["b"] == "ISO 14001:2015"
    for step in data["path"]:
        assert {"from", "to", "degree", "source"} <= set(step)


def test_identical_adoption_same_edition(bundled_store):
    data = equiv_json(bundled_store, "GB/T 24001-2016", "ISO 14001:2015")
    assert data["relation"] == "IDT"
    assert data["edition_match"] is True
    assert len(data["path"]) == 1
    step = data["path"][0]
    assert (step["from"], step["to"], step["degree"]) == ("GB/T 24001-2016", "ISO 14001:2015", "IDT")
    assert step["source"], "the adoption step cites its source URLs"
    assert all(u.startswith("http") for u in step["source"])


def test_identical_adoption_of_a_later_edition(bundled_store):
    data = equiv_json(bundled_store, "GB/T 24001-2016", "ISO 14001:2004")
    assert data["relation"] == "IDT"
    assert data["edition_match"] is False
    kinds = [s["kind"] for s in data["path"]]
    assert "edition" in kinds
    edition = next(s for s in data["path"] if s["kind"] == "edition")
    assert {edition["from"], edition["to"]} == {"ISO 14001:2015", "ISO 14001:2004"}


def test_modified_adoption(bundled_store):
    data = equiv_json(bundled_store, "GB/T 20000.2-2009", "ISO/IEC Guide 21-1:2005")
    assert data["relation"] == "MOD"
    assert steps(data) == [("GB/T 20000.2-2009", "ISO/IEC Guide 21-1:2005", "adoption", "MOD")]


def test_no_relation(bundled_store):
    data = equiv_json(bundled_store, "GB/T 32150-2015", "ISO 14064-1:2018")
    assert data["relation"] == "none"
    assert data["path"] == []


def test_no_relation_text_output(bundled_store):
    result = invoke("equiv", "--store", bundled_store, "GB/T 32150-2015", "ISO 14064-1:2018")
    assert result.exit_code == 0
    assert ": none" in result.output


def test_same_standard_by_its_dual_number(bundled_store):
    data = equiv_json(bundled_store, "GB/T 24001-2016", "GB/T 24001-2016/ISO 14001:2015")
    assert data["relation"] == "IDT"
    assert data["edition_match"] is True
    assert data["path"] == []


def test_unknown_standard_placed_by_its_designation(bundled_store):
    data = equiv_json(bundled_store, "GB/T 99999-2030/ISO 14001:2015", "ISO 14001:2015")
    assert data["relation"] == "IDT"
    assert data["edition_match"] is True
    assert steps(data) == [("GB/T 99999-2030", "ISO 14001:2015", "adoption", "IDT")]
    assert data["path"][0]["evidence"] == "designation"
    assert any("not in the graph" in n for n in data["notes"])


def test_unknown_standard_reaches_a_national_one_through_the_international(bundled_store):
    data = equiv_json(bundled_store, "GB/T 99999-2030/ISO 14001:2015", "GB/T 24001-2016")
    assert data["relation"] == "IDT"
    assert steps(data) == [
        ("GB/T 99999-2030", "ISO 14001:2015", "adoption", "IDT"),
        ("ISO 14001:2015", "GB/T 24001-2016", "adoption", "IDT"),
    ]


def test_two_national_standards_adopting_the_same_international_one(tmp_path):
    store = str(tmp_path / "store")
    assert invoke("init", "--store", store).exit_code == 0
    assert invoke("import", "--store", store, str(SECOND_ADOPTER)).exit_code == 0
    data = equiv_json(store, "GB/T 24001-2016", "GB/T 99001-2020")
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert steps(data) == [
        ("GB/T 24001-2016", "ISO 14001:2015", "adoption", "IDT"),
        ("ISO 14001:2015", "GB/T 99001-2020", "adoption", "IDT"),
    ]
    assert data["path"][1]["source"] == ["https://example.org/gb/99001"]
    assert equiv_json(store, "GB/T 24001-2016", "GB/T 99002-2020")["relation"] == "MOD"


def test_library_matches_cli(bundled_store):
    gc.collect()  # release the CLI's handle on the folder
    store = open_kg(bundled_store)
    try:
        result = equivalence(store, "GB/T 24001-2016", "ISO 14001:2015")
    finally:
        store.close()
    assert result.relation == "IDT"
    assert result.edition_match is True
    assert result.to_json()["path"][0]["from"] == "GB/T 24001-2016"


# -- composition rules on the hand-made catalogue --------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b", "relation", "degrees"),
    [
        pytest.param("GB/T 80001-2021", "GB/T 80006-2021", "IDT", ["IDT", "IDT"], id="IDT.IDT=IDT"),
        pytest.param("GB/T 80001-2021", "GB/T 80002-2021", "MOD", ["IDT", "MOD"], id="IDT.MOD=MOD"),
        pytest.param("GB/T 80002-2021", "GB/T 80005-2021", "related", ["MOD", "MOD"], id="MOD.MOD=related"),
        pytest.param("GB/T 80001-2021", "GB/T 80003-2021", "related", ["IDT", "NEQ"], id="IDT.NEQ=related"),
        pytest.param("GB/T 80002-2021", "GB/T 80003-2021", "related", ["MOD", "NEQ"], id="MOD.NEQ=related"),
        pytest.param("GB/T 80003-2021", "GB/T 80007-2021", "related", ["NEQ", "EQV"], id="NEQ.EQV=related"),
        pytest.param("GB/T 80003-2021", "GB/T 80004-2021", "related", ["NEQ", None], id="NEQ.unknown=related"),
        pytest.param("GB/T 80003-2021", "ISO 70001:2020", "NEQ", ["NEQ"], id="NEQ"),
        pytest.param("GB/T 80007-2021", "ISO 70001:2020", "EQV", ["EQV"], id="EQV"),
        pytest.param("GB/T 80001-2021", "GB/T 80007-2021", "EQV", ["IDT", "EQV"], id="IDT.EQV=EQV"),
        pytest.param("GB/T 80004-2021", "ISO 70001:2020", "related", [None], id="degree-not-established"),
        pytest.param("GB/T 80001-2021", "GB/T 80004-2021", "related", ["IDT", None], id="IDT.unknown=related"),
    ],
)
def test_composition(compose_store, a, b, relation, degrees):
    data = equiv_json(compose_store, a, b)
    assert data["relation"] == relation
    assert data["edition_match"] is True
    assert [s["degree"] for s in data["path"]] == degrees
    assert all(s["kind"] == "adoption" for s in data["path"])


def test_no_path_is_none(compose_store):
    data = equiv_json(compose_store, "GB/T 80001-2021", "ISO 70002:2020")
    assert data["relation"] == "none"
    assert data["edition_match"] is False
    assert data["path"] == []
    assert any("no adoption or supersession path" in n for n in data["notes"])


def test_undated_resolves_to_the_current_edition(compose_store):
    data = equiv_json(compose_store, "ISO 70003", "GB/T 80008-2012")
    assert data["a_resolved"] == "ISO 70003:2019"
    assert any("undated" in n and "ISO 70003:2019" in n for n in data["notes"])
    assert data["relation"] == "IDT"
    assert data["edition_match"] is False  # GB/T 80008-2012 adopts the 2010 edition
    assert steps(data) == [
        ("ISO 70003:2019", "ISO 70003:2010", "edition", None),
        ("ISO 70003:2010", "GB/T 80008-2012", "adoption", "IDT"),
    ]


def test_undated_text_output_says_so(compose_store):
    result = invoke("equiv", "--store", compose_store, "ISO 70003", "GB/T 80008-2012")
    assert result.exit_code == 0
    assert "note: 'ISO 70003' is undated; resolved to the current edition ISO 70003:2019" in result.output


@pytest.mark.parametrize("bad", ["not a standard", "GB/T", "ISO :2015"])
def test_unreadable_designation_exits_2(compose_store, bad):
    result = invoke("equiv", "--store", compose_store, bad, "ISO 70001:2020")
    assert result.exit_code == 2
    assert "cannot read designation" in result.output
    assert "Traceback" not in result.output


def test_unreadable_designation_in_the_library(compose_graph):
    with pytest.raises(EquivalenceError, match="cannot read designation"):
        compose_graph.compare("ISO 70001:2020", "xyz")


def test_relation_is_symmetric(compose_graph):
    names = ["GB/T 80001-2021", "GB/T 80002-2021", "GB/T 80003-2021", "GB/T 80004-2021", "GB/T 80005-2021",
             "GB/T 80006-2021", "GB/T 80007-2021", "ISO 70001:2020", "ISO 70002:2020"]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            ab, ba = compose_graph.compare(a, b), compose_graph.compare(b, a)
            assert ab.relation == ba.relation, (a, b)
            assert ab.relation in RELATIONS
            assert [(s.source_id, s.target_id) for s in ab.path] == \
                [(s.target_id, s.source_id) for s in reversed(ba.path)], (a, b)


def test_undated_layer_resolves_to_the_edition_of_its_year(tmp_path):
    # DIN EN ISO 13849-1:2008 states EN ISO 13849-1:2008, which states ISO 13849-1 with no year (DIN's year rule,
    # mapper/ids.py). The edition meant is the latest published by 2008 — ISO 13849-1:2006 — not the current
    # ISO 13849-1:2023; neither DIN nor EN is in the graph.
    src = tmp_path / "intl.csv"
    src.write_text("designation,title_en,status,issued,replaces\n"
                   "ISO 13849-1:2006,Safety of machinery,superseded,2006-11-01,\n"
                   "ISO 13849-1:2015,Safety of machinery,superseded,2015-12-01,ISO 13849-1:2006\n"
                   "ISO 13849-1:2023,Safety of machinery,current,2023-04-01,ISO 13849-1:2015\n", encoding="utf-8")
    store = open_kg(":memory:", empty=True)
    from mapper.kg import import_files

    assert not import_files(store, [src]).errors
    g = EquivalenceGraph(store)
    same = g.compare("DIN EN ISO 13849-1:2008", "ISO 13849-1:2006")
    assert (same.relation, same.edition_match) == ("IDT", True)
    assert [s.target_id for s in same.path] == ["EN ISO 13849-1:2008", "ISO 13849-1:2006"]
    later = g.compare("DIN EN ISO 13849-1:2008", "ISO 13849-1:2023")
    assert later.edition_match is False and later.relation == "IDT"
    assert any("ISO 13849-1:2006" in n and "ISO 13849-1:2015" in n for n in later.notes)


def test_graph_is_cached_until_the_store_changes(tmp_path, monkeypatch):
    from mapper import equivalence as eq
    from mapper.kg import import_files

    monkeypatch.setenv("STDMAP_CACHE_DIR", str(tmp_path / "cache"))
    intl = tmp_path / "intl.csv"
    intl.write_text("designation,title_en,status,issued\nISO 70001:2020,Widgets,current,2020-01-01\n", encoding="utf-8")
    store = open_kg(str(tmp_path / "store"), empty=True)
    try:
        assert not import_files(store, [intl]).errors
        first = EquivalenceGraph.for_store(store)
        assert first.from_cache is False
        assert EquivalenceGraph.for_store(store) is first  # same process, same state: the same object
        eq._MEMORY.clear()  # as a new process would: read back from the file
        again = EquivalenceGraph.for_store(store)
        assert again.from_cache is True and again.adj == first.adj
        assert again.compare("GB/T 70001-2021", "ISO 70001:2020").relation == "none"
        # a new source changes the state: the graph is rebuilt and sees the new adoption
        national = tmp_path / "cn.csv"
        national.write_text("designation,title_zh,status,issued,adopted,degree\n"
                            "GB/T 70001-2021,部件,current,2021-01-01,ISO 70001:2020,MOD\n", encoding="utf-8")
        assert not import_files(store, [national]).errors
        rebuilt = EquivalenceGraph.for_store(store)
        assert rebuilt.from_cache is False
        assert rebuilt.compare("GB/T 70001-2021", "ISO 70001:2020").relation == "MOD"
        # a damaged cache file is not trusted: rebuilt, same answer
        eq._MEMORY.clear()
        for f in (tmp_path / "cache").rglob("*.pickle"):
            f.write_bytes(b"not a pickle")
        damaged = EquivalenceGraph.for_store(store)
        assert damaged.from_cache is False and damaged.adj == rebuilt.adj
    finally:
        store.close()


class _Rows:
    """A store as EquivalenceGraph._read sees it: the rows of each equivalence query, in a given order."""

    def __init__(self, adoptions: list[tuple], starts: list[tuple]) -> None:
        self.adoptions, self.starts = adoptions, starts

    def rows(self, query: str) -> list[tuple]:
        if "?xstart" in query:
            return self.starts
        return self.adoptions if "sm:adoptedStandard" in query else []


@pytest.mark.parametrize("order", [1, -1])
def test_an_adopting_standard_with_two_start_dates_starts_at_the_earlier(order):
    """Two sources give the adopting standard different issue dates: `equiv --as-of` reads the earlier one,
    as the rate's in-force test does, whatever order the store returns the rows in."""
    sm = "https://w3id.org/stdmap/"
    x = f"{sm}std/GB_T_1-2016"
    claims = [(x, f"{sm}std/ISO_1:2015", f"{sm}degree/IDT", None, f"{sm}graph/{g}", None) for g in "ab"]
    starts = [(x, day) for day in ("2016-06-01", "2017-01-01", None)][::order]
    data = EquivalenceGraph._read(_Rows(claims, starts))
    (_other, edge), = data["adj"][f"{sm}std/GB_T_1-2016"]
    assert str(edge["start"]) == "2016-06-01"
