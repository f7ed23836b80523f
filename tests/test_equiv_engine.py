"""Acceptance tests for the equivalence engine (issue 6), black-box through the CLI.

`stdmap equiv A B [--as-of D] --json` and `stdmap counterparts ID [--country CC] [--as-of D] --json` on the
hand-made catalogue in tests/data/equiv/. Every expected value below is worked out by hand in
tests/data/equiv/README.md (the path and why the relation is what it is); none was produced by running
the code.

Two module-scoped stores:
* `base`: intl.csv + cn.csv (no European/British catalogue, one source per pair);
* `full`: base + regional.csv (EN, BS, JIS) + cn_second.csv (a second source that contradicts cn.csv on
  GB/T 86001-2020 and agrees with it on GB/T 86002-2021).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "equiv"
BASE_FILES = ("intl.csv", "cn.csv")
FULL_FILES = BASE_FILES + ("regional.csv", "cn_second.csv")

EQUIV_KEYS = {"a", "b", "a_resolved", "b_resolved", "relation", "edition_match", "path", "as_of", "notes",
              "conflicts"}
STEP_KEYS = {"from", "to", "kind", "degree", "direction", "source", "evidence", "confidence"}
CONFLICT_KEYS = {"adopting", "adopted", "degrees", "sources"}
COUNTERPARTS_KEYS = {"standard", "resolved", "country", "as_of", "counterparts", "by_country", "notes"}
COUNTERPART_KEYS = {"country", "standard", "relation", "edition_match", "path"}

H = "ISO 71000:2020"  # the composition hub


# -- stores and helpers ---------------------------------------------------------------------------------------
def _build(tmp_path_factory, run_in, name: str, files: tuple[str, ...]) -> Path:
    store = tmp_path_factory.mktemp(name) / "store"
    result = run_in(store, "init", "--empty")
    assert result.exit_code == 0, result.output
    result = run_in(store, "import", *[DATA / f for f in files])
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def full(tmp_path_factory, run_in, store_backend) -> Path:
    return _build(tmp_path_factory, run_in, "equiv-engine-full", FULL_FILES)


@pytest.fixture(scope="module")
def base(tmp_path_factory, run_in, store_backend) -> Path:
    return _build(tmp_path_factory, run_in, "equiv-engine-base", BASE_FILES)


def equiv(run_in, store: Path, a: str, b: str, *extra: str) -> dict:
    result = run_in(store, "equiv", a, b, *extra, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert EQUIV_KEYS <= set(data), sorted(EQUIV_KEYS - set(data))
    for step in data["path"]:
        assert STEP_KEYS <= set(step), sorted(STEP_KEYS - set(step))
    for conflict in data["conflicts"]:
        assert CONFLICT_KEYS <= set(conflict), sorted(CONFLICT_KEYS - set(conflict))
    return data


def counterparts(run_in, store: Path, ident: str, *extra: str) -> dict:
    result = run_in(store, "counterparts", ident, *extra, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert COUNTERPARTS_KEYS <= set(data), sorted(COUNTERPARTS_KEYS - set(data))
    for c in data["counterparts"]:
        assert COUNTERPART_KEYS <= set(c), sorted(COUNTERPART_KEYS - set(c))
    return data


def steps(data: dict) -> list[tuple]:
    """(from, to, kind, degree, direction) of each step of the path."""
    return [(s["from"], s["to"], s["kind"], s["degree"], s["direction"]) for s in data["path"]]


def listed(data: dict) -> list[tuple]:
    return [(c["country"], c["standard"], c["relation"], c["edition_match"]) for c in data["counterparts"]]


def by_country(data: dict) -> dict:
    """by_country without empty relation lists (the spec does not say whether they are printed)."""
    return {cc: {rel: names for rel, names in rels.items() if names} for cc, rels in data["by_country"].items()}


def notes_naming(data: dict, *names: str) -> list[str]:
    return [n for n in data["notes"] if all(name in n for name in names)]


def reverse(path: list[tuple]) -> list[tuple]:
    """The same steps walked from B to A: from/to swapped and each direction turned round."""
    turn = {"adopts": "is adopted by", "is adopted by": "adopts", "replaces": "is replaced by",
            "is replaced by": "replaces"}
    return [(t, f, kind, degree, turn[direction]) for f, t, kind, degree, direction in reversed(path)]


# -- the answer's shape -----------------------------------------------------------------------------------------
def test_json_fields_and_a_sourced_step(run_in, full):
    # README "data": GB/T 24001-2016 —IDT→ ISO 14001:2015, one claim from cn.csv (source URL, confidence H)
    data = equiv(run_in, full, "GB/T 24001-2016", "ISO 14001:2015")
    assert (data["a"], data["b"]) == ("GB/T 24001-2016", "ISO 14001:2015")
    assert (data["a_resolved"], data["b_resolved"]) == ("GB/T 24001-2016", "ISO 14001:2015")
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert data["as_of"] is None
    assert data["conflicts"] == []
    assert isinstance(data["notes"], list)
    assert steps(data) == [("GB/T 24001-2016", "ISO 14001:2015", "adoption", "IDT", "adopts")]
    step = data["path"][0]
    assert step["source"] == ["https://example.org/cn/24001-2016"]
    assert step["evidence"] and step["evidence"] != "designation"  # a source graph, not the designation
    assert step["confidence"] == "H"


# -- composition by the weakest link (hub ISO 71000:2020) ---------------------------------------------------
def _hub(a: str, deg_a: str | None, b: str, deg_b: str | None) -> list[tuple]:
    return [(a, H, "adoption", deg_a, "adopts"), (H, b, "adoption", deg_b, "is adopted by")]


@pytest.mark.parametrize(("a", "b", "relation", "path"), [
    pytest.param("GB/T 81001-2021", "GB/T 81002-2021", "IDT",
                 _hub("GB/T 81001-2021", "IDT", "GB/T 81002-2021", "IDT"), id="IDT.IDT=IDT"),
    pytest.param("GB/T 81001-2021", "GB/T 81003-2021", "MOD",
                 _hub("GB/T 81001-2021", "IDT", "GB/T 81003-2021", "MOD"), id="IDT.MOD=MOD"),
    pytest.param("GB/T 81003-2021", "GB/T 81001-2021", "MOD",
                 _hub("GB/T 81003-2021", "MOD", "GB/T 81001-2021", "IDT"), id="MOD.IDT=MOD"),
    pytest.param("GB/T 81001-2021", "GB/T 81006-2021", "EQV",
                 _hub("GB/T 81001-2021", "IDT", "GB/T 81006-2021", "EQV"), id="IDT.EQV=EQV"),
    pytest.param("GB/T 81003-2021", "GB/T 81004-2021", "related",
                 _hub("GB/T 81003-2021", "MOD", "GB/T 81004-2021", "MOD"), id="MOD.MOD=related"),
    pytest.param("GB/T 81006-2021", "GB/T 81003-2021", "related",
                 _hub("GB/T 81006-2021", "EQV", "GB/T 81003-2021", "MOD"), id="EQV.MOD=related"),
    pytest.param("GB/T 81006-2021", "GB/T 81007-2021", "related",
                 _hub("GB/T 81006-2021", "EQV", "GB/T 81007-2021", "EQV"), id="EQV.EQV=related"),
    pytest.param("GB/T 81001-2021", "GB/T 81005-2021", "related",
                 _hub("GB/T 81001-2021", "IDT", "GB/T 81005-2021", "NEQ"), id="IDT.NEQ=related"),
    pytest.param("GB/T 81005-2021", "GB/T 81003-2021", "related",
                 _hub("GB/T 81005-2021", "NEQ", "GB/T 81003-2021", "MOD"), id="NEQ.MOD=related"),
    pytest.param("GB/T 81001-2021", "GB/T 81008-2021", "related",
                 _hub("GB/T 81001-2021", "IDT", "GB/T 81008-2021", None), id="IDT.unknown=related"),
    pytest.param("GB/T 81001-2021", H, "IDT", [("GB/T 81001-2021", H, "adoption", "IDT", "adopts")], id="IDT"),
    pytest.param("GB/T 81003-2021", H, "MOD", [("GB/T 81003-2021", H, "adoption", "MOD", "adopts")], id="MOD"),
    pytest.param("GB/T 81006-2021", H, "EQV", [("GB/T 81006-2021", H, "adoption", "EQV", "adopts")], id="EQV"),
    pytest.param("GB/T 81005-2021", H, "NEQ", [("GB/T 81005-2021", H, "adoption", "NEQ", "adopts")], id="NEQ"),
    pytest.param(H, "GB/T 81005-2021", "NEQ", [(H, "GB/T 81005-2021", "adoption", "NEQ", "is adopted by")],
                 id="NEQ-adopted-side"),
    pytest.param("GB/T 81008-2021", H, "related", [("GB/T 81008-2021", H, "adoption", None, "adopts")],
                 id="unknown=related"),
])
def test_composition(run_in, full, a, b, relation, path):
    data = equiv(run_in, full, a, b)
    assert data["relation"] == relation
    assert data["edition_match"] is True
    assert steps(data) == path
    assert data["conflicts"] == []
    # the same pair the other way round: same relation, the path walked backwards
    back = equiv(run_in, full, b, a)
    assert back["relation"] == relation
    assert steps(back) == reverse(path)


# -- regional layers -----------------------------------------------------------------------------------------------
def test_regional_layers_compose_idt(run_in, full):
    data = equiv(run_in, full, "GB/T 24001-2016", "BS EN ISO 14001:2015")
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert data["b_resolved"] == "BS EN ISO 14001:2015"
    assert steps(data) == [
        ("GB/T 24001-2016", "ISO 14001:2015", "adoption", "IDT", "adopts"),
        ("ISO 14001:2015", "EN ISO 14001:2015", "adoption", "IDT", "is adopted by"),
        ("EN ISO 14001:2015", "BS EN ISO 14001:2015", "adoption", "IDT", "is adopted by"),
    ]
    # BS EN ISO 14001:2015 is in the graph here (regional.csv): every step is a sourced claim
    assert all(s["evidence"] != "designation" for s in data["path"])
    assert not any("not in the graph" in n for n in data["notes"])


def test_regional_layers_keep_one_mod(run_in, full):
    data = equiv(run_in, full, "JIS Z 95003:2020", "BS EN ISO 50001:2018")
    assert data["relation"] == "MOD" and data["edition_match"] is True
    assert steps(data) == [
        ("JIS Z 95003:2020", "ISO 50001:2018", "adoption", "MOD", "adopts"),
        ("ISO 50001:2018", "EN ISO 50001:2018", "adoption", "IDT", "is adopted by"),
        ("EN ISO 50001:2018", "BS EN ISO 50001:2018", "adoption", "IDT", "is adopted by"),
    ]


def test_neq_of_a_regional_standard(run_in, full):
    single = equiv(run_in, full, "BS 95008:2020", "EN ISO 50001:2018")
    assert single["relation"] == "NEQ"
    assert steps(single) == [("BS 95008:2020", "EN ISO 50001:2018", "adoption", "NEQ", "adopts")]
    # two adoption steps, one of them NEQ → related
    chained = equiv(run_in, full, "BS 95008:2020", "ISO 50001:2018")
    assert chained["relation"] == "related"
    assert steps(chained) == [
        ("BS 95008:2020", "EN ISO 50001:2018", "adoption", "NEQ", "adopts"),
        ("EN ISO 50001:2018", "ISO 50001:2018", "adoption", "IDT", "adopts"),
    ]


# -- edition hops -------------------------------------------------------------------------------------------------
def test_adopts_an_earlier_edition(run_in, full):
    data = equiv(run_in, full, "GB/T 82001-2012", "ISO 72000:2018")
    assert data["relation"] == "IDT"
    assert data["edition_match"] is False
    assert steps(data) == [
        ("GB/T 82001-2012", "ISO 72000:2010", "adoption", "IDT", "adopts"),
        ("ISO 72000:2010", "ISO 72000:2018", "edition", None, "is replaced by"),
    ]
    assert notes_naming(data, "ISO 72000:2010", "ISO 72000:2018", "2010-06-01", "2018-02-01"), data["notes"]


def test_adopts_a_later_edition(run_in, full):
    data = equiv(run_in, full, "GB/T 82002-2019", "ISO 72000:2010")
    assert data["relation"] == "MOD"  # the degree survives the edition hop
    assert data["edition_match"] is False
    assert steps(data) == [
        ("GB/T 82002-2019", "ISO 72000:2018", "adoption", "MOD", "adopts"),
        ("ISO 72000:2018", "ISO 72000:2010", "edition", None, "replaces"),
    ]
    assert notes_naming(data, "ISO 72000:2010", "ISO 72000:2018", "2010-06-01", "2018-02-01"), data["notes"]


def test_edition_hop_from_the_international_side(run_in, full):
    data = equiv(run_in, full, "ISO 72000:2010", "GB/T 82002-2019")
    assert data["relation"] == "MOD" and data["edition_match"] is False
    assert steps(data) == [
        ("ISO 72000:2010", "ISO 72000:2018", "edition", None, "is replaced by"),
        ("ISO 72000:2018", "GB/T 82002-2019", "adoption", "MOD", "is adopted by"),
    ]


def test_edition_hop_between_two_national_standards(run_in, full):
    data = equiv(run_in, full, "GB/T 82001-2012", "GB/T 82002-2019")
    assert data["relation"] == "MOD" and data["edition_match"] is False
    assert steps(data) == [
        ("GB/T 82001-2012", "ISO 72000:2010", "adoption", "IDT", "adopts"),
        ("ISO 72000:2010", "ISO 72000:2018", "edition", None, "is replaced by"),
        ("ISO 72000:2018", "GB/T 82002-2019", "adoption", "MOD", "is adopted by"),
    ]


@pytest.mark.parametrize(("a", "b"), [
    pytest.param("GB/T 24001-2004", "ISO 14001:2015", id="earlier-edition"),
    pytest.param("GB/T 24001-2016", "ISO 14001:2004", id="later-edition"),
])
def test_edition_hop_with_national_supersession_too(run_in, full, a, b):
    # two equally good paths (international or national edition hop): only what both share is asserted
    data = equiv(run_in, full, a, b)
    assert data["relation"] == "IDT"
    assert data["edition_match"] is False
    assert len(data["path"]) == 2
    assert data["path"][0]["from"] == a and data["path"][-1]["to"] == b
    kinds = sorted(s["kind"] for s in data["path"])
    assert kinds == ["adoption", "edition"]
    assert [s["degree"] for s in data["path"] if s["kind"] == "adoption"] == ["IDT"]
    hop = next(s for s in data["path"] if s["kind"] == "edition")
    assert notes_naming(data, hop["from"], hop["to"]), data["notes"]


# -- replacement across works ----------------------------------------------------------------------------------
def test_replacement_between_different_works_is_related(run_in, full):
    data = equiv(run_in, full, "GB/T 83002-2020", "ISO 73000:2014")
    assert data["relation"] == "related"
    assert steps(data) == [
        ("GB/T 83002-2020", "GB/T 83001-2015", "replacement", None, "replaces"),
        ("GB/T 83001-2015", "ISO 73000:2014", "adoption", "IDT", "adopts"),
    ]
    alone = equiv(run_in, full, "GB/T 83002-2020", "GB/T 83001-2015")
    assert alone["relation"] == "related"
    assert steps(alone) == [("GB/T 83002-2020", "GB/T 83001-2015", "replacement", None, "replaces")]


# -- undated input ----------------------------------------------------------------------------------------------
def test_undated_resolves_to_the_current_edition(run_in, full):
    data = equiv(run_in, full, "ISO 14001", "GB/T 24001-2016")
    assert data["a"] == "ISO 14001"
    assert data["a_resolved"] == "ISO 14001:2015"
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert steps(data) == [("ISO 14001:2015", "GB/T 24001-2016", "adoption", "IDT", "is adopted by")]
    assert [n for n in notes_naming(data, "ISO 14001:2015") if "undated" in n or "current" in n], data["notes"]


def test_undated_current_edition_then_an_edition_hop(run_in, full):
    data = equiv(run_in, full, "ISO 72000", "GB/T 82001-2012")
    assert data["a_resolved"] == "ISO 72000:2018"
    assert data["relation"] == "IDT" and data["edition_match"] is False
    assert steps(data) == [
        ("ISO 72000:2018", "ISO 72000:2010", "edition", None, "replaces"),
        ("ISO 72000:2010", "GB/T 82001-2012", "adoption", "IDT", "is adopted by"),
    ]


def test_undated_national_designation(run_in, full):
    data = equiv(run_in, full, "ISO 14001:2015", "GB/T 24001")
    assert data["b_resolved"] == "GB/T 24001-2016"
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert steps(data) == [("ISO 14001:2015", "GB/T 24001-2016", "adoption", "IDT", "is adopted by")]


# -- standards not in the graph --------------------------------------------------------------------------------
def test_regional_designation_not_in_the_graph(run_in, base):
    data = equiv(run_in, base, "BS EN ISO 14001:2015", "GB/T 24001-2016")
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert data["a_resolved"] == "BS EN ISO 14001:2015"
    assert steps(data) == [
        ("BS EN ISO 14001:2015", "EN ISO 14001:2015", "adoption", "IDT", "adopts"),
        ("EN ISO 14001:2015", "ISO 14001:2015", "adoption", "IDT", "adopts"),
        ("ISO 14001:2015", "GB/T 24001-2016", "adoption", "IDT", "is adopted by"),
    ]
    assert [s["evidence"] for s in data["path"][:2]] == ["designation", "designation"]
    assert data["path"][2]["evidence"] != "designation"
    assert notes_naming(data, "BS EN ISO 14001:2015", "not in the graph"), data["notes"]


def test_dual_number_not_in_the_graph(run_in, full):
    data = equiv(run_in, full, "GB/T 19001-2016/ISO 9001:2015", "ISO 9001:2015")
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert data["a_resolved"] == "GB/T 19001-2016"
    assert steps(data) == [("GB/T 19001-2016", "ISO 9001:2015", "adoption", "IDT", "adopts")]
    assert data["path"][0]["evidence"] == "designation"
    assert notes_naming(data, "GB/T 19001-2016", "not in the graph"), data["notes"]


def test_two_designations_not_in_the_graph_meet_at_the_international_standard(run_in, full):
    data = equiv(run_in, full, "GB/T 19001-2016/ISO 9001:2015", "BS EN ISO 9001:2015")
    assert data["relation"] == "IDT" and data["edition_match"] is True
    assert (data["a_resolved"], data["b_resolved"]) == ("GB/T 19001-2016", "BS EN ISO 9001:2015")
    assert steps(data) == [
        ("GB/T 19001-2016", "ISO 9001:2015", "adoption", "IDT", "adopts"),
        ("ISO 9001:2015", "EN ISO 9001:2015", "adoption", "IDT", "is adopted by"),
        ("EN ISO 9001:2015", "BS EN ISO 9001:2015", "adoption", "IDT", "is adopted by"),
    ]
    assert all(s["evidence"] == "designation" for s in data["path"])


def test_not_in_the_graph_and_stating_nothing(run_in, full):
    data = equiv(run_in, full, "GB/T 99999-2020", "ISO 9001:2015")
    assert data["relation"] == "none"
    assert data["path"] == [] and data["edition_match"] is False
    assert notes_naming(data, "GB/T 99999-2020", "not in the graph"), data["notes"]


# -- as of a date ------------------------------------------------------------------------------------------------
# (A, B, D, relation, standards a note must name as not in force on D, words one of which that note must hold)
AS_OF = [
    ("GB/T 24001-2016", "ISO 14001:2015", "2015-01-01", "none", ["GB/T 24001-2016", "ISO 14001:2015"], []),
    ("GB/T 24001-2016", "ISO 14001:2015", "2016-06-01", "none", ["GB/T 24001-2016"], []),
    ("GB/T 24001-2016", "ISO 14001:2015", "2016-12-01", "none", ["GB/T 24001-2016"], []),  # issued, not effective
    ("GB/T 24001-2016", "ISO 14001:2015", "2017-04-30", "none", ["GB/T 24001-2016"], []),
    ("GB/T 24001-2016", "ISO 14001:2015", "2017-05-01", "IDT", [], []),
    ("GB/T 24001-2004", "ISO 14001:2004", "2010-01-01", "IDT", [], []),
    ("GB/T 24001-2004", "ISO 14001:2004", "2015-09-14", "IDT", [], []),
    ("GB/T 24001-2004", "ISO 14001:2004", "2015-09-15", "none", ["ISO 14001:2004"], ["replaced", "ISO 14001:2015"]),
    ("GB/T 24001-2004", "ISO 14001:2015", "2017-04-30", "IDT", [], []),
    ("GB/T 24001-2004", "ISO 14001:2015", "2017-05-01", "none", ["GB/T 24001-2004"], ["replaced", "GB/T 24001-2016"]),
    ("GB/T 84001-2013", "ISO 74000:2012", "2013-12-31", "none", ["GB/T 84001-2013"], []),
    ("GB/T 84001-2013", "ISO 74000:2012", "2014-01-01", "IDT", [], []),
    ("GB/T 84001-2013", "ISO 74000:2012", "2020-06-30", "IDT", [], []),
    ("GB/T 84001-2013", "ISO 74000:2012", "2020-07-01", "none", ["GB/T 84001-2013"], ["withdrawn", "2020-07-01"]),
    ("GB/T 85001-2019", "ISO 75000:2018", "2019-12-30", "none", ["GB/T 85001-2019"], []),  # no dates: year end
    ("GB/T 85001-2019", "ISO 75000:2018", "2019-12-31", "IDT", [], []),
    ("GB/T 81001-2021", "GB/T 81002-2021", "2021-08-01", "none", ["GB/T 81002-2021"], []),
    ("GB/T 81001-2021", "GB/T 81002-2021", "2021-12-01", "IDT", [], []),
    ("GB/T 82001-2012", "ISO 72000:2018", "2018-01-31", "none", ["ISO 72000:2018"], []),
    ("GB/T 82001-2012", "ISO 72000:2018", "2018-02-01", "IDT", [], []),
]


@pytest.mark.parametrize(("a", "b", "day", "relation", "out", "why"), AS_OF,
                         ids=[f"{a}~{b}@{d}={r}" for a, b, d, r, _, _ in AS_OF])
def test_as_of(run_in, full, a, b, day, relation, out, why):
    data = equiv(run_in, full, a, b, "--as-of", day)
    assert data["as_of"] == day
    assert data["relation"] == relation
    if relation == "none":
        assert data["path"] == [] and data["edition_match"] is False
        for name in out:
            named = notes_naming(data, name)
            assert named, (name, data["notes"])
            if why:
                assert any(w in n for n in named for w in why), (why, named)
    else:
        assert data["path"], "an answer other than none has a path"


def test_as_of_counts_only_adoptions_started_by_then(run_in, full):
    # 2016-01-01: GB/T 24001-2016 has not started (2017-05-01), so the national edition hop cannot reach
    # ISO 14001:2015; the only path is through the international edition hop
    data = equiv(run_in, full, "GB/T 24001-2004", "ISO 14001:2015", "--as-of", "2016-01-01")
    assert data["relation"] == "IDT" and data["edition_match"] is False
    assert steps(data) == [
        ("GB/T 24001-2004", "ISO 14001:2004", "adoption", "IDT", "adopts"),
        ("ISO 14001:2004", "ISO 14001:2015", "edition", None, "is replaced by"),
    ]
    assert notes_naming(data, "ISO 14001:2004", "ISO 14001:2015"), data["notes"]


# -- conflicting sources ---------------------------------------------------------------------------------------
def _the_86001_conflict(data: dict) -> dict:
    assert len(data["conflicts"]) == 1, data["conflicts"]
    c = data["conflicts"][0]
    assert (c["adopting"], c["adopted"]) == ("GB/T 86001-2020", "ISO 76000:2019")
    assert c["degrees"] == ["IDT", "MOD"]
    assert len(set(c["sources"])) >= 2, c["sources"]
    return c


def test_conflict_is_surfaced_and_the_weaker_degree_used(run_in, full):
    data = equiv(run_in, full, "GB/T 86001-2020", "ISO 76000:2019")
    assert data["relation"] == "MOD"
    assert [(s["from"], s["to"], s["kind"]) for s in data["path"]] == [
        ("GB/T 86001-2020", "ISO 76000:2019", "adoption")]
    _the_86001_conflict(data)
    assert [n for n in data["notes"] if "IDT" in n and "MOD" in n], data["notes"]


def test_conflict_keeps_adopting_and_adopted_when_asked_backwards(run_in, full):
    data = equiv(run_in, full, "ISO 76000:2019", "GB/T 86001-2020")
    assert data["relation"] == "MOD"
    _the_86001_conflict(data)


def test_conflict_on_a_longer_path_and_agreeing_sources_are_no_conflict(run_in, full):
    data = equiv(run_in, full, "GB/T 86002-2021", "GB/T 86001-2020")
    assert data["relation"] == "MOD"  # IDT ∘ (IDT | MOD → MOD)
    assert [(s["from"], s["to"]) for s in data["path"]] == [
        ("GB/T 86002-2021", "ISO 76000:2019"), ("ISO 76000:2019", "GB/T 86001-2020")]
    _the_86001_conflict(data)


def test_two_sources_that_agree(run_in, full):
    data = equiv(run_in, full, "GB/T 86002-2021", "ISO 76000:2019")
    assert data["relation"] == "IDT"
    assert data["conflicts"] == []


def test_one_source_no_conflict(run_in, base):
    data = equiv(run_in, base, "GB/T 86001-2020", "ISO 76000:2019")
    assert data["relation"] == "IDT"
    assert data["conflicts"] == []


# -- no relation -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("a", "b"), [("ISO 9001:2015", "GB/T 24001-2016"), (H, "ISO 50001:2018")])
def test_no_relation(run_in, full, a, b):
    data = equiv(run_in, full, a, b)
    assert data["relation"] == "none"
    assert data["path"] == []
    assert data["edition_match"] is False
    assert data["conflicts"] == []


# -- counterparts ------------------------------------------------------------------------------------------------
ISO_50001_ALL = [
    ("CN", "GB/T 23331-2020", "IDT", True),
    ("CN", "GB/T 95000-2022", "IDT", True),
    ("CN", "GB/T 95001-2021", "MOD", True),
    ("CN", "GB/T 95004-2019", "EQV", True),
    ("CN", "GB/T 95002-2021", "NEQ", True),
    ("EU", "EN ISO 50001:2018", "IDT", True),
    ("GB", "BS EN ISO 50001:2018", "IDT", True),
    ("JP", "JIS Z 95003:2020", "MOD", True),
]


def test_counterparts_of_an_international_standard(run_in, full):
    data = counterparts(run_in, full, "ISO 50001:2018")
    assert data["standard"] == "ISO 50001:2018" and data["resolved"] == "ISO 50001:2018"
    assert data["country"] is None and data["as_of"] is None
    assert listed(data) == ISO_50001_ALL  # sorted; related ones (GB/T 95005-2021, BS 95008:2020) and itself left out
    assert by_country(data) == {
        "CN": {"IDT": ["GB/T 23331-2020", "GB/T 95000-2022"], "MOD": ["GB/T 95001-2021"],
               "EQV": ["GB/T 95004-2019"], "NEQ": ["GB/T 95002-2021"]},
        "EU": {"IDT": ["EN ISO 50001:2018"]},
        "GB": {"IDT": ["BS EN ISO 50001:2018"]},
        "JP": {"MOD": ["JIS Z 95003:2020"]},
    }
    bs = next(c for c in data["counterparts"] if c["standard"] == "BS EN ISO 50001:2018")
    assert [(s["from"], s["to"], s["kind"], s["degree"]) for s in bs["path"]] == [
        ("ISO 50001:2018", "EN ISO 50001:2018", "adoption", "IDT"),
        ("EN ISO 50001:2018", "BS EN ISO 50001:2018", "adoption", "IDT"),
    ]


def test_counterparts_of_a_national_standard(run_in, full):
    data = counterparts(run_in, full, "GB/T 23331-2020")
    assert listed(data) == [
        ("CN", "GB/T 95000-2022", "IDT", True),
        ("CN", "GB/T 95001-2021", "MOD", True),
        ("CN", "GB/T 95004-2019", "EQV", True),
        ("EU", "EN ISO 50001:2018", "IDT", True),
        ("GB", "BS EN ISO 50001:2018", "IDT", True),
        ("INT", "ISO 50001:2018", "IDT", True),
        ("JP", "JIS Z 95003:2020", "MOD", True),
    ]
    assert "GB/T 23331-2020" not in [c["standard"] for c in data["counterparts"]]
    assert by_country(data)["INT"] == {"IDT": ["ISO 50001:2018"]}


@pytest.mark.parametrize(("country", "expected"), [
    ("CN", [c for c in ISO_50001_ALL if c[0] == "CN"]),
    ("GB", [("GB", "BS EN ISO 50001:2018", "IDT", True)]),
])
def test_counterparts_country_filter(run_in, full, country, expected):
    data = counterparts(run_in, full, "ISO 50001:2018", "--country", country)
    assert data["country"] == country
    assert listed(data) == expected
    assert list(by_country(data)) == [country]


def test_counterparts_edition_match_and_order(run_in, full):
    # sorted by country, relation, standard — edition_match is not a sort key: 82001 (edition hop) comes
    # before 82003 (same edition) because both are IDT and 82001 < 82003
    data = counterparts(run_in, full, "ISO 72000:2018", "--country", "CN")
    assert listed(data) == [
        ("CN", "GB/T 82001-2012", "IDT", False),
        ("CN", "GB/T 82003-2019", "IDT", True),
        ("CN", "GB/T 82002-2019", "MOD", True),
    ]
    assert by_country(data) == {"CN": {"IDT": ["GB/T 82001-2012", "GB/T 82003-2019"], "MOD": ["GB/T 82002-2019"]}}


def test_counterparts_undated(run_in, full):
    data = counterparts(run_in, full, "ISO 50001")
    assert data["standard"] == "ISO 50001"
    assert data["resolved"] == "ISO 50001:2018"
    assert listed(data) == ISO_50001_ALL


@pytest.mark.parametrize(("day", "expected"), [
    ("2018-08-21", []),
    ("2018-08-22", [("EU", "EN ISO 50001:2018", "IDT", True)]),
    ("2021-07-01", [
        ("CN", "GB/T 23331-2020", "IDT", True),
        ("CN", "GB/T 95004-2019", "EQV", True),
        ("EU", "EN ISO 50001:2018", "IDT", True),
        ("GB", "BS EN ISO 50001:2018", "IDT", True),
        ("JP", "JIS Z 95003:2020", "MOD", True),
    ]),
])
def test_counterparts_as_of(run_in, full, day, expected):
    data = counterparts(run_in, full, "ISO 50001:2018", "--as-of", day)
    assert data["as_of"] == day
    assert listed(data) == expected


# -- unreadable input ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "bad"), [
    pytest.param(("equiv", "not a standard", "ISO 14001:2015", "--json"), "not a standard", id="equiv-a"),
    pytest.param(("equiv", "ISO 14001:2015", "ISO :2015", "--json"), "ISO :2015", id="equiv-b"),
    pytest.param(("equiv", "GB/T 24001-2016", "ISO 14001:2015", "--as-of", "2021-13-45", "--json"), "2021-13-45",
                 id="equiv-date"),
    pytest.param(("counterparts", "not a standard", "--json"), "not a standard", id="counterparts"),
    pytest.param(("counterparts", "ISO 50001:2018", "--as-of", "2021-13-45", "--json"), "2021-13-45",
                 id="counterparts-date"),
])
def test_unreadable_input_exits_2(run_in, full, args, bad):
    result = run_in(full, *args)
    assert result.exit_code == 2, result.output
    assert bad in result.output
    assert "Traceback" not in result.output


def test_sources_past_the_numbered_ones_build_the_same_graph(full, open_store, monkeypatch):
    """equivalence_edges.rq gives the first source graphs as numbers (short results) and the others as their
    IRIs: with one graph numbered, the graph built is the same as with every graph numbered, evidence and
    all — and it has claims from more than one source, so the IRIs were really read."""
    from mapper import equivalence

    with open_store(full) as store:
        numbered = equivalence.EquivalenceGraph._read(store)
        monkeypatch.setattr(equivalence, "_NUMBERED_GRAPHS", 1)
        one = equivalence.EquivalenceGraph._read(store)
    evidence = {e["evidence"] for edges in numbered["adj"].values() for _, e in edges if e["kind"] == "adoption"}
    assert len({g for ev in evidence for g in ev.split("; ")}) >= 2, evidence
    assert one == numbered
