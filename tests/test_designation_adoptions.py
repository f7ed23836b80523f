"""What a designation states about adoption, carried into the graph and into equivalence answers."""

from __future__ import annotations

import json

import pytest


def adoptions(run):
    result = run("query", "--json", """
        SELECT ?from ?to ?deg WHERE { ?a sm:adoptingStandard/dcterms:identifier ?from ;
                                         sm:adoptedStandard/dcterms:identifier ?to ; sm:degree ?d .
                                      BIND(STRAFTER(STR(?d), "degree/") AS ?deg) } ORDER BY ?from ?to""")
    assert result.exit_code == 0, result.output
    return [(r["from"], r["to"], r["deg"]) for r in json.loads(result.stdout)]


@pytest.fixture
def foreign(empty_store, run, tmp_path):
    csv = tmp_path / "foreign.csv"
    csv.write_text(
        "designation,title_en,status\n"
        "BS EN ISO 14001:2015,Environmental management systems,current\n"
        "ГОСТ 14254-2015 (IEC 60529:2013),Degrees of protection provided by enclosures,current\n"
        "JIS Q 9001:2015,Quality management systems,current\n",
        encoding="utf-8",
    )
    result = run("import", csv)
    assert result.exit_code == 0, result.output
    return empty_store


def test_each_layer_of_a_republished_designation_is_an_adoption_claim(foreign, run):
    found = adoptions(run)
    assert ("BS EN ISO 14001:2015", "EN ISO 14001:2015", "IDT") in found
    assert ("EN ISO 14001:2015", "ISO 14001:2015", "IDT") in found


def test_a_parenthesised_reference_is_a_modified_adoption(foreign, run):
    assert [a for a in adoptions(run) if a[1].startswith("IEC 60529")] == [
        (a[0], "IEC 60529:2013", "MOD") for a in adoptions(run) if a[1].startswith("IEC 60529")]
    assert any(a[1] == "IEC 60529:2013" and a[2] == "MOD" for a in adoptions(run))


def test_a_look_alike_number_states_nothing(foreign, run):
    assert not any(a[0].startswith("JIS Q 9001") for a in adoptions(run))


def test_the_imported_layers_conform_to_the_shapes(foreign, run):
    result = run("validate")
    assert result.exit_code == 0, result.output


def test_equivalence_through_a_british_designation_not_in_the_graph(run):
    result = run("equiv", "GB/T 24001-2016", "BS EN ISO 14001:2015", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["relation"] == "IDT" and answer["edition_match"] is True
    steps = [(s["from"], s["to"], s["degree"]) for s in answer["path"]]
    assert steps == [
        ("GB/T 24001-2016", "ISO 14001:2015", "IDT"),
        ("ISO 14001:2015", "EN ISO 14001:2015", "IDT"),
        ("EN ISO 14001:2015", "BS EN ISO 14001:2015", "IDT"),
    ]
    assert any("placed by its designation" in n for n in answer["notes"])
