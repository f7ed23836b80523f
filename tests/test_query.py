"""stdmap query: SPARQL over the whole graph, for analysts who need more than the built-in commands."""

from __future__ import annotations

import csv
import io
import json


def test_select_counts_the_bundled_idt_adoptions_like_the_adoption_nodes(run):
    # the shortcut sm:adopts must agree with the Adoption nodes it is derived from
    shortcut = run("query", "--json", "SELECT (COUNT(*) AS ?n) WHERE { ?n sm:adopts ?i }")
    nodes = run("query", "--json",
                "SELECT (COUNT(DISTINCT CONCAT(STR(?n), STR(?i))) AS ?n) WHERE { ?a sm:adoptingStandard ?n ; "
                "sm:adoptedStandard ?i ; sm:degree ?d . FILTER(?d IN (smdeg:IDT, smdeg:MOD)) }")
    assert shortcut.exit_code == 0 and nodes.exit_code == 0, shortcut.output + nodes.output
    assert int(json.loads(shortcut.stdout)[0]["n"]) == int(json.loads(nodes.stdout)[0]["n"]) > 0


def test_csv_output_has_a_header_and_the_rows(run):
    result = run("query", "--csv",
                 'SELECT ?id WHERE { ?s dcterms:identifier ?id FILTER(?id = "GB/T 24001-2016") }')
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [["id"], ["GB/T 24001-2016"]]


def test_ask_and_query_from_a_file(run, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text('ASK { ?s dcterms:identifier "ISO 14001:2015" }', encoding="utf-8")
    result = run("query", f"@{rq}")
    assert result.exit_code == 0 and result.stdout.strip() == "true"


def test_unreadable_query_exits_2_with_the_parser_message(run):
    result = run("query", "SELECT WHERE {")
    assert result.exit_code == 2
    assert "the query cannot be read" in result.output
