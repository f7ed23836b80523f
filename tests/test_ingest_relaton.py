"""Relaton YAML reader (mapper/ingest/relaton.py): bibitems, supersession from `relation`, adoptions.

Real files: /work/shared/data/relaton-yaml-sample/ (see its PROVENANCE.md); hand-made ones:
tests/data/relaton_*.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from mapper.ingest.base import CatalogError, detect
from mapper.ingest.readers import MODULES  # noqa: F401  (registers every reader)
from mapper.ingest.relaton import RelatonReader
from mapper.kg import file_graph
from mapper.store import TripleBuffer

DATA = Path(__file__).parent / "data"
SAMPLE = Path("/work/shared/data/relaton-yaml-sample")
STS = Path("/work/shared/data/niso-sts-adoption")
needs_sample = pytest.mark.skipif(not (SAMPLE / "iso").is_dir(), reason=f"shared Relaton sample not present ({SAMPLE})")

GRAPH = URIRef("https://w3id.org/stdmap/graph/file-test")


def rows(open_store, store_path, sparql: str) -> list[dict]:
    with open_store(store_path) as store:
        return store.query(sparql)


def pairs(open_store, store_path, prop: str) -> set[tuple[str, str]]:
    got = rows(open_store, store_path, f"""
        SELECT DISTINCT ?a ?b WHERE {{ ?x {prop} ?y . ?x dcterms:identifier ?a . ?y dcterms:identifier ?b }}""")
    return {(str(r["a"]), str(r["b"])) for r in got}


def status(open_store, store_path) -> dict[str, str]:
    got = rows(open_store, store_path, "SELECT DISTINCT ?id ?st WHERE { ?s dcterms:identifier ?id ; sm:status ?st }")
    return {str(r["id"]): str(r["st"]).rsplit("/", 1)[-1] for r in got}


# -- ISO 14001: supersession 1996 → 2004 → 2015, amendments attached, drafts left out ---------------
@needs_sample
def test_iso_14001_supersession_chain(run, empty_store, open_store):
    files = sorted((SAMPLE / "iso").glob("iso-14001-*.yaml"))
    result = run("import", *files)  # no --format: detected from the content
    assert result.exit_code == 0, result.output
    assert result.stdout.count("[relaton-yaml]") == len(files)
    replaces = {p for p in pairs(open_store, empty_store, "dcterms:replaces") if p[0].startswith("ISO 14001")}
    assert replaces == {("ISO 14001:2015", "ISO 14001:2004"), ("ISO 14001:2004", "ISO 14001:1996")}
    assert {p for p in pairs(open_store, empty_store, "dcterms:isReplacedBy") if p[0].startswith("ISO 14001")} == {
        ("ISO 14001:2004", "ISO 14001:2015"), ("ISO 14001:1996", "ISO 14001:2004")}
    supplements = pairs(open_store, empty_store, "sm:supplementTo")
    assert ("ISO 14001:2015/Amd 1:2024", "ISO 14001:2015") in supplements
    assert ("ISO 14001:2004/Cor 1:2009", "ISO 14001:2004") in supplements
    ids_ = {str(r["id"]) for r in rows(open_store, empty_store, "SELECT DISTINCT ?id WHERE { ?s a sm:Standard ; dcterms:identifier ?id }")}
    # drafts (WD/CD/DAM) and the undated "ISO 14001:2015/Amd 1" record are not editions
    assert not {i for i in ids_ if "DAM" in i or "CD" in i or "WD" in i}
    assert "ISO 14001:2015/Amd 1" not in ids_
    st = status(open_store, empty_store)
    assert (st["ISO 14001:2015"], st["ISO 14001:2004"], st["ISO 14001:1996"]) == ("current", "superseded", "superseded")
    assert st["ISO 14001:2015/Amd 1:2024"] == "current"
    assert "draft" in result.output and "not imported" in result.output
    # an amendment's publication date is its own (ISO's records give the base's year as "published")
    issued = rows(open_store, empty_store, """SELECT DISTINCT ?d WHERE { ?s dcterms:identifier "ISO 14001:2015/Amd 1:2024" ; dcterms:issued ?d }""")
    assert [str(r["d"]) for r in issued] == ["2024-02-01"]
    tc = rows(open_store, empty_store, """SELECT DISTINCT ?tc WHERE { ?s dcterms:identifier "ISO 14001:2015" ; sm:committee/skos:prefLabel ?tc }""")
    assert [str(r["tc"]) for r in tc] == ["ISO/TC 207/SC 1"]


@needs_sample
def test_other_works_replaced_and_contradictions_skipped(run, empty_store, open_store):
    files = [SAMPLE / "iso" / n for n in ("iso-19011-2002.yaml", "iso-14010-1996.yaml", "iso-14040-2006.yaml")]
    assert run("import", *files).exit_code == 0
    rep = pairs(open_store, empty_store, "dcterms:replaces")
    assert {("ISO 19011:2002", "ISO 14010:1996"), ("ISO 14040:2006", "ISO 14041:1998")} <= rep
    assert not {p for p in rep if "/" in p[0] or "/" in p[1].replace("ISO/TS", "")}  # no supplements


@needs_sample
def test_iec_sample_with_consolidated_versions_and_amendments(run, empty_store, open_store):
    files = sorted((SAMPLE / "iec").glob("iec_60529_*.yaml"))
    result = run("import", *files)
    assert result.exit_code == 0, result.output
    st = status(open_store, empty_store)
    assert st["IEC 60529:1989+AMD1:1999+AMD2:2013 CSV"] == "current"
    assert st["IEC 60529:1976+AMD1:1978 CSV"] == "superseded"  # REVISED
    sup = pairs(open_store, empty_store, "sm:supplementTo")
    assert ("IEC 60529:1989/AMD1:1999", "IEC 60529:1989") in sup
    assert ("IEC 60529:1989+AMD1:1999+AMD2:2013 CSV/COR1:2013", "IEC 60529:1989+AMD1:1999+AMD2:2013 CSV") in sup
    r = rows(open_store, empty_store, """SELECT DISTINCT ?tc ?ics ?d WHERE { ?s dcterms:identifier "IEC 60529:1989+AMD1:1999+AMD2:2013 CSV" ;
             sm:committee/skos:prefLabel ?tc ; sm:ics/skos:notation ?ics ; dcterms:issued ?d }""")
    assert {(str(x["tc"]), str(x["ics"]), str(x["d"])) for x in r} == {
        ("IEC/TC 70", "13.260", "2013-08-29"), ("IEC/TC 70", "29.020", "2013-08-29")}
    wd = rows(open_store, empty_store, """SELECT DISTINCT ?w WHERE { ?s dcterms:identifier "IEC 60529:1976+AMD1:1978 CSV" ; sm:withdrawn ?w }""")
    assert [str(x["w"]) for x in wd] == ["1989-11-30"]


@needs_sample
def test_files_naming_the_same_standard_converge(run, empty_store, open_store):
    files = [SAMPLE / "iso" / n for n in ("iso-14001-2004.yaml", "iso-14001-2015.yaml", "iso-14001-1996.yaml",
                                           "iso-14087-2011.yaml", "iso-14087:2011.yaml")]
    assert run("import", *files).exit_code == 0
    got = rows(open_store, empty_store, """SELECT DISTINCT ?id (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a sm:Standard ; dcterms:identifier ?id }
                                           GROUP BY ?id""")
    assert all(int(r["n"]) == 1 for r in got)
    assert {"ISO 14001:2004", "ISO 14087:2011"} <= {str(r["id"]) for r in got}


@needs_sample
def test_reimport_unchanged(run, empty_store):
    files = sorted((SAMPLE / "iso").glob("iso-9001-*.yaml"))
    assert run("import", *files).exit_code == 0
    again = run("import", *files)
    assert again.exit_code == 0
    assert again.stdout.count("unchanged") == len(files)


@needs_sample
def test_validate_passes_after_importing_every_sample_file(run, empty_store):
    files = sorted((SAMPLE / "iso").glob("*.yaml")) + sorted((SAMPLE / "iec").glob("*.yaml"))
    if STS.is_dir():
        files += sorted(STS.glob("*.xml"))
    result = run("import", *files)
    assert result.exit_code == 0, result.output
    check = run("validate")
    assert check.exit_code == 0, check.output
    assert "conforms" in check.stdout


# -- hand-made files -----------------------------------------------------------------------------------
def test_collection_adoptions_and_row_errors(run, empty_store, open_store):
    f = DATA / "relaton_collection.yaml"
    result = run("import", f)
    assert result.exit_code == 1  # one bad record
    assert "relaton_collection.yaml, row 44, column docid" in result.output  # the bad item's first line
    assert "imported: 2 of 3 rows; 1 bad rows left out [relaton-yaml]" in result.stdout
    got = rows(open_store, empty_store, """
        SELECT DISTINCT ?a ?b ?deg ?stated WHERE { ?ad a sm:Adoption ; sm:adoptingStandard/dcterms:identifier ?a ;
          sm:adoptedStandard/dcterms:identifier ?b . OPTIONAL { ?ad sm:degree ?deg } OPTIONAL { ?ad sm:statedAs ?stated } }""")
    assert {(str(r["a"]), str(r["b"]), str(r["deg"]).rsplit("/", 1)[-1] if r["deg"] else None,
             str(r["stated"]) if r["stated"] else None) for r in got} == {
        ("JIS Q 14001:2015", "ISO 14001:2015", "IDT", "IDT"),  # description: IDT
        ("JIS Q 9001:2015", "ISO 9001:2015", None, None),  # no description: open
    }
    ics = rows(open_store, empty_store, 'SELECT DISTINCT ?c WHERE { ?s dcterms:identifier "JIS Q 14001:2015" ; sm:ics/skos:notation ?c }')
    assert {str(r["c"]) for r in ics} == {"13.020.10", "13.260"}  # unquoted 13.260 is not the float 13.26


def test_designation_and_relation_make_one_adoption_node(run, empty_store, open_store):
    f = DATA / "relaton_bsi.yaml"
    assert run("import", f).exit_code == 0
    got = rows(open_store, empty_store, """
        SELECT DISTINCT ?ad ?deg ?stated ?b WHERE { ?ad a sm:Adoption ; sm:adoptingStandard/dcterms:identifier "BS EN ISO 14001:2015" ;
          sm:adoptedStandard/dcterms:identifier ?b ; sm:degree ?deg ; sm:statedAs ?stated }""")
    assert [(str(r["b"]), str(r["deg"]).rsplit("/", 1)[-1], str(r["stated"])) for r in got] == [
        ("EN ISO 14001:2015", "IDT", "BS EN ISO 14001:2015")]
    assert ("BS EN ISO 14001:2015", "BS EN ISO 14001:2004") in pairs(open_store, empty_store, "dcterms:replaces")
    assert ("EN ISO 14001:2015", "ISO 14001:2015") in pairs(open_store, empty_store, "sm:adopts")
    assert run("validate").exit_code == 0


def test_malformed_yaml_names_file_and_line(run, empty_store):
    f = DATA / "relaton_malformed.yaml"
    with pytest.raises(CatalogError) as exc:
        RelatonReader().read(f, f.read_bytes(), TripleBuffer(), GRAPH)
    assert "relaton_malformed.yaml" in str(exc.value) and "line 6" in str(exc.value)
    assert run("import", "--format", "relaton-yaml", f).exit_code == 2


def test_detection():
    for name in ("relaton_collection.yaml", "relaton_bsi.yaml"):
        f = DATA / name
        assert detect(f, f.read_bytes()).name == "relaton-yaml"
    assert not RelatonReader().sniff(Path("x.yaml"), b"foo: bar\nlist:\n- 1\n")
    assert not RelatonReader().sniff(Path("x.csv"), b"docid: x\ntitle: y\n")


def test_per_record_source_graph(run, empty_store, open_store):
    f = DATA / "relaton_bsi.yaml"
    assert run("import", f).exit_code == 0
    got = rows(open_store, empty_store, "SELECT DISTINCT ?g WHERE { ?ad a sm:Adoption ; prov:wasDerivedFrom ?g }")
    assert {str(r["g"]) for r in got} == {str(file_graph(f))}
