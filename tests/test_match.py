"""stdmap match: a designation, however it is written, found in the loaded catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mapper.kg import open_kg
from mapper.match import resolve

DATA = Path(__file__).parent / "data"


@pytest.fixture
def catalog(empty_store, run):
    result = run("import", DATA / "match_catalog.csv")
    assert result.exit_code == 0, result.output
    return empty_store


def matches(run, *args):
    result = run("match", "--json", *args)
    return result, [json.loads(line) for line in result.stdout.splitlines()]


def test_undated_resolves_to_the_current_edition_and_says_so(catalog, run):
    result, [m] = matches(run, "ISO/IEC 27001")
    assert result.exit_code == 0
    assert m["how"] == "current edition"
    assert [c["identifier"] for c in m["matches"]] == ["ISO/IEC 27001:2022"]
    assert "undated" in m["notes"][0]


def test_all_editions_on_request_current_first_then_newest(catalog, run):
    _, [m] = matches(run, "--all-editions", "IEC TR 61000-3-6")
    assert [(c["identifier"], c["status"]) for c in m["matches"]] == [
        ("IEC TR 61000-3-6:2008", "current"), ("IEC TR 61000-3-6:1996", "superseded")]


@pytest.mark.parametrize("written", ["IEC/TR 61000-3-6:2008", "iec tr 61000-3-6:2008", "IEC TR 61000—3—6：2008"])
def test_notation_variants_match_the_catalogue_form(catalog, run, written):
    result, [m] = matches(run, written)
    assert result.exit_code == 0, result.output
    assert [c["identifier"] for c in m["matches"]] == ["IEC TR 61000-3-6:2008"]


def test_iso_iec_written_with_a_space_matches(catalog, run):
    result, [m] = matches(run, "ISO IEC 27001:2013")
    assert result.exit_code == 0, result.output
    assert [c["identifier"] for c in m["matches"]] == ["ISO/IEC 27001:2013"]


def test_an_undated_work_with_no_edition_in_force_is_not_matched_but_its_editions_are_offered(catalog, run):
    result, [m] = matches(run, "ISO 50001")
    assert result.exit_code == 1
    assert m["matches"] == [] and [c["identifier"] for c in m["suggestions"]] == ["ISO 50001:2011"]


def test_a_missing_edition_offers_the_editions_that_exist(catalog, run):
    result = run("match", "ISO/IEC 27001:2017")
    assert result.exit_code == 1
    assert "not found" in result.stdout
    assert "other edition: ISO/IEC 27001:2022 (current)" in result.stdout
    assert "other edition: ISO/IEC 27001:2013 (superseded)" in result.stdout


def test_unreadable_input_exits_2_and_points_at_the_character(catalog, run):
    result = run("match", "ISO x27001")
    assert result.exit_code == 2
    assert "^" in result.output and "ISO x27001" in result.output


def test_the_adoption_a_designation_states_is_looked_up_too(run):
    # bundled knowledge base: GB/T 19001-2016 is in it, and so is ISO 9001:2015
    result, [m] = matches(run, "GB/T 19001—2016/ISO 9001:2015")
    assert result.exit_code == 0
    assert [c["identifier"] for c in m["matches"]] == ["GB/T 19001-2016"]
    assert m["implied"] == [{"ref": "ISO 9001:2015", "degree": "IDT", "how": "exact", "matches": ["ISO 9001:2015"]}]


def test_library_resolve_never_raises_on_garbage():
    store = open_kg(":memory:")
    for text in ["", "   ", "\x00", "ISO", "GB/T —", "💥"]:
        m = resolve(store, text)
        assert m.matches == [] and (m.error or m.how == "not found")


def test_a_year_carried_over_from_the_designation_resolves_to_the_edition_then_in_force(run):
    # BS EN ISO 14040:2009 states EN ISO 14040:2009 → ISO 14040 with the year carried over; the bundled
    # graph has ISO 14040:1997 and ISO 14040:2006, so the adopted edition is 2006 (the latest up to 2009)
    result, [m] = matches(run, "BS EN ISO 14040:2009")
    assert result.exit_code == 1  # the British standard itself is not in the graph
    [en] = m["implied"]
    assert en["ref"] == "EN ISO 14040:2009" and en["matches"] == []
    [iso] = en["implied"]
    assert iso["ref"] == "ISO 14040:2009" and iso["matches"] == ["ISO 14040:2006"]
    assert iso["how"].startswith("earlier edition")


def test_equivalence_follows_the_carried_over_year_to_the_edition_then_in_force(run):
    result = run("equiv", "--json", "GB/T 24040-2008", "BS EN ISO 14040:2009")
    answer = json.loads(result.stdout)
    assert answer["relation"] == "IDT"
    assert ("GB/T 24040-2008", "ISO 14040:2006") == (answer["path"][0]["from"], answer["path"][0]["to"])
    assert any("earlier edition" in n for n in answer["notes"])
