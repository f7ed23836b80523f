"""`stdmap validate`: SHACL validation of the store or of RDF files against ontology/shapes.ttl.

Exit codes as pySHACL's: 0 conforms, 1 does not conform (each violation: node, shape, message),
2 unreadable input. On the store, validate also lists the conflicts of `stdmap conflicts` (tests in
tests/test_conflicts.py), which make it exit 1 too; RDF files get SHACL only. The hand-made files in tests/data/ are one valid graph and three copies of it with
one defect each.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import invoke
from rdflib import URIRef

from mapper.validate import shapes_graph, validate_files
from mapper.vocab import bind_prefixes

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid.ttl"
ADOPTION = "https://w3id.org/stdmap/adoption/0123456789abcdef0123"
ISO_70001 = "https://w3id.org/stdmap/std/ISO_70001:2020"

# (file, focus node, result path, message): the shape that reports each defect is looked up in
# ontology/shapes.ttl rather than named here, so renaming a shape does not break these tests.
INVALID = [
    pytest.param(DATA / "invalid_two_degrees.ttl", ADOPTION, r"sm:degree",
                 r"one degree of correspondence", id="adoption-with-two-degrees"),
    pytest.param(DATA / "invalid_no_adopted.ttl", ADOPTION, r"sm:adoptedStandard",
                 r"sm:adoptedStandard", id="adoption-without-adopted-standard"),
    pytest.param(DATA / "invalid_self_replacement.ttl", ISO_70001, r"\^?dcterms:(replaces|isReplacedBy)",
                 r"(replaces|replaced by) itself", id="standard-replacing-itself"),
]


def shape_names() -> set[str]:
    """Every shape in ontology/shapes.ttl, as validate prints it (smsh:Adoption-degree)."""
    g = shapes_graph()
    bind_prefixes(g)
    g.bind("smsh", "https://w3id.org/stdmap/shapes#")
    return {g.namespace_manager.normalizeUri(s) for s in g.subjects() if isinstance(s, URIRef)}


# -- the store ------------------------------------------------------------------------------------------------
def test_fresh_store_conforms(tmp_path):
    store = str(tmp_path / "store")
    result = invoke("validate", "--store", store)
    assert result.exit_code == 0, result.output
    assert "; conforms" in result.output.rstrip().splitlines()[-1]
    assert "Violation:" not in result.output


def test_empty_store_conforms(tmp_path):
    store = str(tmp_path / "store")
    assert invoke("init", "--empty", "--store", store).exit_code == 0
    result = invoke("validate", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("conforms")


def test_store_with_an_imported_catalogue_conforms(tmp_path):
    store = str(tmp_path / "store")
    assert invoke("init", "--empty", "--store", store).exit_code == 0
    assert invoke("import", "--store", store, str(DATA / "equiv_compose.csv")).exit_code == 0
    result = invoke("validate", "--store", store, "--json")
    errors = [v for v in json.loads(result.output)["violations"] if v["severity"] == "Violation"]
    assert errors == []
    assert result.exit_code == 0


# -- RDF files -------------------------------------------------------------------------------------------------
def test_valid_file_conforms():
    result = invoke("validate", str(VALID))
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("conforms")
    assert "Violation" not in result.output


def test_valid_file_json():
    result = invoke("validate", str(VALID), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["conforms"] is True
    assert data["violations"] == []
    assert data["triples"] > 0
    assert "conflicts" not in data  # the conflict checks run on the store only


def test_store_json_adds_conflicts_and_keeps_the_shacl_keys(tmp_path):
    store = str(tmp_path / "store")
    result = invoke("validate", "--store", store, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["conforms", "triples", "violations", "conflicts"]
    assert data["conforms"] is True and data["conflicts"] == []
    assert "no conflicts" in invoke("validate", "--store", store).output


@pytest.mark.parametrize(("path", "node", "result_path", "message"), INVALID)
def test_invalid_file(path, node, result_path, message):
    result = invoke("validate", str(path))
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Violation:")]
    assert lines, result.output
    known = shape_names()
    for line in lines:
        m = re.fullmatch(r"Violation: (\S+) (\S+)(?: = \S+)? — (.+) \[(\S+)\]", line)
        assert m, line
        assert m[1] == node
        assert re.fullmatch(result_path, m[2]), line
        assert re.search(message, m[3]), line
        assert m[4] in known, f"{m[4]} is not a shape of ontology/shapes.ttl"
    assert "does not conform" in result.output


@pytest.mark.parametrize(("path", "node", "result_path", "message"), INVALID)
def test_invalid_file_json(path, node, result_path, message):
    result = invoke("validate", str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["conforms"] is False
    errors = [v for v in data["violations"] if v["severity"] == "Violation"]
    assert errors
    known = shape_names()
    for v in errors:
        assert {"severity", "node", "shape", "path", "value", "message"} <= set(v)
        assert v["node"] == node
        assert re.fullmatch(result_path, v["path"]), v
        assert re.search(message, v["message"]), v
        assert v["shape"] in known


def test_result_paths_are_readable():
    """Regression: a shape with an inverse path (sh:inversePath) printed its path as a blank-node id."""
    result = invoke("validate", str(DATA / "invalid_self_replacement.ttl"), "--json")
    for v in json.loads(result.output)["violations"]:
        assert re.fullmatch(r"\^?[a-z]+:[A-Za-z]+", v["path"]), v["path"]


def test_one_bad_file_among_good_ones():
    result = invoke("validate", str(VALID), str(DATA / "invalid_two_degrees.ttl"))
    assert result.exit_code == 1
    assert ADOPTION in result.output


def test_file_that_is_not_rdf():
    path = DATA / "not_rdf.ttl"
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert str(path) in result.output
    assert "cannot read" in result.output
    assert "Traceback" not in result.output


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.ttl"
    result = invoke("validate", str(VALID), str(path))
    assert result.exit_code == 2
    assert str(path) in result.output
    assert "no such file" in result.output


def test_library_names_the_unreadable_file():
    path = DATA / "not_rdf.ttl"
    with pytest.raises(ValueError, match="not_rdf.ttl"):
        validate_files([path])


def test_library_result_for_a_valid_file():
    result = validate_files([VALID])
    assert result.conforms and result.errors == [] and result.triples > 0
