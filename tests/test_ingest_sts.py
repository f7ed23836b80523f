"""NISO STS / ISO STS XML reader (mapper/ingest/sts.py): metadata layers, the adoption chain, XML safety.

Real files: /work/shared/data/niso-sts-adoption/ (see its PROVENANCE.md); hand-made ones: tests/data/sts_*.xml.
"""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest
from rdflib import URIRef

from mapper.ingest.base import CatalogError, detect
from mapper.ingest.readers import MODULES  # noqa: F401  (registers every reader)
from mapper.ingest.sts import StsReader, rewrite_entities
from mapper.kg import file_graph
from mapper.store import TripleBuffer

DATA = Path(__file__).parent / "data"
SHARED = Path("/work/shared/data/niso-sts-adoption")
DIN = SHARED / "DIN_EN_ISO_13849-1_2008-12_en.adoption-metadata.xml"
needs_shared = pytest.mark.skipif(not DIN.exists(), reason=f"shared STS sample files not present ({SHARED})")

GRAPH = URIRef("https://w3id.org/stdmap/graph/file-test")


def read(path: Path):
    sink = TripleBuffer()
    result = StsReader().read(path, path.read_bytes(), sink, GRAPH)
    return result, sink.graph()


def rows(open_store, store_path, sparql: str) -> list[dict]:
    with open_store(store_path) as store:
        return store.query(sparql)


def adoptions(open_store, store_path) -> set[tuple]:
    """(adopting, adopted, degree or None, statedAs or None, source graph) of every Adoption node."""
    out = rows(open_store, store_path, """
        SELECT DISTINCT ?a ?b ?deg ?stated ?g WHERE {
          ?ad a sm:Adoption ; prov:wasDerivedFrom ?g ;
              sm:adoptingStandard/dcterms:identifier ?a ; sm:adoptedStandard/dcterms:identifier ?b .
          OPTIONAL { ?ad sm:degree ?deg } OPTIONAL { ?ad sm:statedAs ?stated } }""")
    return {(str(r["a"]), str(r["b"]), str(r["deg"]).rsplit("/", 1)[-1] if r["deg"] is not None else None,
             str(r["stated"]) if r["stated"] is not None else None, str(r["g"])) for r in out}


# -- the DIN adoption: DIN EN ISO 13849-1:2008-12 → EN ISO 13849-1:2008 → ISO 13849-1:2006 -----------
@needs_shared
def test_din_file_yields_exactly_the_three_level_chain(run, empty_store, open_store):
    result = run("import", DIN)  # no --format: detected from the content
    assert result.exit_code == 0, result.output
    assert "imported: 3 of 3 rows [sts-xml]" in result.stdout
    graph = str(file_graph(DIN))
    assert adoptions(open_store, empty_store) == {
        # CEN's endorsement notice states the degree of the CEN step
        ("EN ISO 13849-1:2008", "ISO 13849-1:2006", "IDT",
         "The text of ISO 13849-1:2006 has been approved by CEN as a EN ISO 13849-1:2008 without any modification.",
         graph),
        # the text states nothing for the DIN step; the designation DIN EN ISO … states IDT (republication)
        ("DIN EN ISO 13849-1:2008-12", "EN ISO 13849-1:2008", "IDT", "DIN EN ISO 13849-1:2008-12", graph),
    }
    notes = rows(open_store, empty_store, """
        SELECT DISTINCT ?a ?note WHERE { ?ad a sm:Adoption ; sm:adoptingStandard/dcterms:identifier ?a ; sm:note ?note }""")
    by = {str(r["a"]): str(r["note"]) for r in notes}
    assert "stated by the document's text" in by["EN ISO 13849-1:2008"]
    assert "stated by the designation DIN EN ISO 13849-1:2008-12" in by["DIN EN ISO 13849-1:2008-12"]
    assert "states no degree" in by["DIN EN ISO 13849-1:2008-12"]
    # every claim cites the document
    sources = rows(open_store, empty_store, "SELECT DISTINCT ?s WHERE { ?ad a sm:Adoption ; dcterms:source ?s }")
    assert {str(r["s"]) for r in sources} == {DIN.resolve().as_uri()}
    # three standards in the chain, plus the two editions the layers say they supersede; the ISO edition
    # the designations imply by carrying their year over (ISO 13849-1:2008) is NOT added: the document
    # names the edition it adopts
    ids_ = {str(r["id"]) for r in rows(open_store, empty_store, "SELECT DISTINCT ?id WHERE { ?s a sm:Standard ; dcterms:identifier ?id }")}
    assert ids_ == {"DIN EN ISO 13849-1:2008-12", "EN ISO 13849-1:2008", "ISO 13849-1:2006",
                    "DIN EN ISO 13849-1:2007-07", "EN ISO 13849-1:2006"}
    sup = rows(open_store, empty_store, """
        SELECT DISTINCT ?new ?old WHERE { ?n dcterms:replaces ?o . ?n dcterms:identifier ?new . ?o dcterms:identifier ?old }""")
    assert {(str(r["new"]), str(r["old"])) for r in sup} == {
        ("DIN EN ISO 13849-1:2008-12", "DIN EN ISO 13849-1:2007-07"), ("EN ISO 13849-1:2008", "EN ISO 13849-1:2006")}


@needs_shared
def test_din_layers_metadata(tmp_path):
    result, g = read(DIN)
    assert (result.records, result.errors, result.rows_read) == (3, [], 3)
    q = """SELECT DISTINCT ?id ?issued ?ics ?alt WHERE { ?s dcterms:identifier ?id .
             OPTIONAL { ?s dcterms:issued ?issued } OPTIONAL { ?s sm:ics/skos:notation ?ics }
             OPTIONAL { ?s skos:altLabel ?alt } }"""
    from mapper.store import PREFIXES

    got = {str(r.id): (str(r.issued) if r.issued else None, str(r.ics) if r.ics else None, str(r.alt) if r.alt else None)
           for r in g.query(PREFIXES + q)}
    assert got["DIN EN ISO 13849-1:2008-12"] == ("2008-12-01", "13.110", None)
    assert got["EN ISO 13849-1:2008"] == ("2008-06-01", "13.110", "EN ISO 13849-1:2008-06")  # month dropped
    assert got["ISO 13849-1:2006"] == ("2006-11-01", None, "ISO 13849-1:2006-11")
    titles = {(str(r.t), r.t.language) for r in g.query(PREFIXES + """
        SELECT DISTINCT ?t WHERE { ?s dcterms:identifier "ISO 13849-1:2006" ; dcterms:title ?t }""")}
    assert ("Safety of machinery — Safety-related parts of control systems — Part 1: General principles for design", "en") in titles
    assert {lang for _, lang in titles} == {"de", "en", "fr"}
    eff = list(g.query(PREFIXES + 'SELECT DISTINCT ?e WHERE { ?s dcterms:identifier "DIN EN ISO 13849-1:2008-12" ; sm:effective ?e }'))
    assert [str(r.e) for r in eff] == ["2008-12-01"]  # "This standard takes effect on 2008-12-01."


@needs_shared
def test_din_reimport_is_unchanged(run, empty_store):
    assert run("import", DIN).exit_code == 0
    again = run("import", DIN)
    assert again.exit_code == 0
    assert "unchanged" in again.stdout


# -- ISO STS 1.x samples -------------------------------------------------------------------------------
@needs_shared
def test_isosts_nat_and_reg_meta_samples_converge(run, empty_store, open_store):
    files = [SHARED / "isosts-v1-smallsample-nat-meta.xml", SHARED / "isosts-v1-smallsample-reg-meta.xml"]
    result = run("import", *files)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("imported: 1 of 1 rows [sts-xml]") == 2
    r = rows(open_store, empty_store, """
        SELECT DISTINCT ?s ?t ?issued ?ics ?tc ?old WHERE { ?s dcterms:identifier "ISO 123456:2009" ; dcterms:title ?t ;
          dcterms:issued ?issued ; sm:ics/skos:notation ?ics ; sm:committee/skos:prefLabel ?tc ;
          dcterms:replaces/dcterms:identifier ?old . FILTER(lang(?t) = "fr") }""")
    assert {(str(x["issued"]), str(x["ics"]), str(x["tc"]), str(x["old"])) for x in r} == {
        ("2009-05-30", "25.160.20", "ISO/TC 44/SC 3", "ISO 123456:2004")}
    # DTD entities (&Eacute; &eacute; &agrave; &mdash;) resolved without the DTD
    assert str(r[0]["t"]).startswith("Produits consommables pour le soudage — Électrodes enrobées pour le soudage manuel à l'arc")
    assert len({str(x["s"]) for x in r}) == 1  # both files name the same node


@needs_shared
@pytest.mark.parametrize("name", ["isosts-v1-smallsample-meta-mixes_ok_1.xml", "isosts-v1-smallsample-meta-mixes_ok_2.xml"])
def test_isosts_empty_meta_mixes_are_read_without_records(name):
    result, g = read(SHARED / name)
    assert (result.records, result.errors) == (0, [])
    assert any("name no standard" in n for n in result.notes)
    assert len(g) == 0


def test_isosts_chain_hand_made(run, empty_store, open_store):
    f = DATA / "sts_isosts_chain.xml"
    result = run("import", f)
    assert result.exit_code == 0, result.output
    graph = str(file_graph(f))
    assert adoptions(open_store, empty_store) == {
        ("EN 1234:2009", "ISO 1234:2008", "MOD",
         "The text of ISO 1234:2008 has been approved by CEN as EN 1234:2009 with common modifications.", graph),
        # SS 1234 states no adoption by its number and the text says nothing: the degree stays open
        ("SS 1234:2010", "EN 1234:2009", None, None, graph),
    }
    title = rows(open_store, empty_store, 'SELECT DISTINCT ?t WHERE { ?s dcterms:identifier "SS 1234:2010" ; dcterms:title ?t }')
    assert [(str(x["t"]), x["t"].language) for x in title] == [("Widgetar – Vokabulär", "sv")]
    deg = rows(open_store, empty_store, """SELECT DISTINCT ?n WHERE { ?ad sm:adoptingStandard/dcterms:identifier "SS 1234:2010" ;
                                              sm:note ?n FILTER NOT EXISTS { ?ad sm:degree ?d } }""")
    assert "states no degree" in str(deg[0]["n"])
    assert run("validate").exit_code == 0


# -- XML safety ----------------------------------------------------------------------------------------
def test_external_entities_are_never_loaded(run, empty_store, open_store):
    f = DATA / "sts_xxe.xml"
    result = run("import", f)
    assert result.exit_code == 0, result.output
    assert "imported: 1 of 1 rows [sts-xml]" in result.stdout
    title = rows(open_store, empty_store, 'SELECT DISTINCT ?t WHERE { ?s dcterms:identifier "ISO 12345:2020" ; dcterms:title ?t }')
    assert [str(x["t"]) for x in title] == ["Leak here"]
    with open_store(empty_store) as store:
        dump = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(format="nt")
    for secret in (Path("/etc/passwd"), Path("/etc/hostname")):
        if secret.exists() and secret.read_text().strip():
            first = secret.read_text().splitlines()[0].strip()
            assert first not in dump


def test_external_http_entity_makes_no_request(tmp_path, run, empty_store):
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"SECRET-FROM-NETWORK")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        f = tmp_path / "sts_http.xml"
        f.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE standard PUBLIC "-//NISO//DTD NISO STS//EN" "http://127.0.0.1:{port}/NISO-STS.dtd" [
  <!ENTITY net SYSTEM "http://127.0.0.1:{port}/secret">
]>
<standard><front><std-meta>
  <title-wrap xml:lang="en"><main>From &net; net</main></title-wrap>
  <std-ref type="dated">ISO 12346:2020</std-ref>
</std-meta></front></standard>
""")
        result = run("import", f)
        assert result.exit_code == 0, result.output
        assert run("show", "--json", "ISO 12346:2020").stdout.count("SECRET") == 0
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


def test_entity_bomb_fails_cleanly():
    f = DATA / "sts_bomb.xml"
    start = time.monotonic()
    with pytest.raises(CatalogError) as exc:
        StsReader().read(f, f.read_bytes(), TripleBuffer(), GRAPH)
    assert time.monotonic() - start < 5
    assert "sts_bomb.xml" in str(exc.value) and "line" in str(exc.value)


def test_entity_bomb_through_the_cli(run, empty_store):
    result = run("import", DATA / "sts_bomb.xml")
    assert result.exit_code == 2
    assert "sts_bomb.xml" in result.output


def test_named_character_entities_without_the_dtd():
    result, g = read(DATA / "sts_entities.xml")
    assert (result.records, result.errors) == (1, [])
    from mapper.store import PREFIXES

    titles = {r.t.language: str(r.t) for r in g.query(PREFIXES + "SELECT DISTINCT ?t WHERE { ?s dcterms:title ?t }")}
    # &nbsp; &mdash; &hellip; from the HTML/ISO sets; &org; and the redeclared &mdash; from the internal subset
    assert titles == {"en": "Widgets and gadgets — Terms — Part 1 (Example Org) …", "fr": "Éléments « de base »"}


def test_rewrite_leaves_internal_subset_cdata_and_comments_alone():
    data = (DATA / "sts_entities.xml").read_bytes()
    fixed, unknown = rewrite_entities(data)
    assert unknown == set()
    assert b'<!ENTITY mdash "&#x2014;">' in fixed  # the internal subset is copied unchanged
    assert b"<![CDATA[a literal &eacute; in CDATA]]>" in fixed
    assert b"<!-- a comment with &eacute; -->" in fixed
    assert b"&Eacute;" not in fixed and b"&#201;" in fixed
    assert b"Terms &mdash; Part" in fixed  # declared by the document itself: left to the parser


def test_malformed_xml_names_file_and_line(run, empty_store):
    f = DATA / "sts_malformed.xml"
    with pytest.raises(CatalogError) as exc:
        StsReader().read(f, f.read_bytes(), TripleBuffer(), GRAPH)
    assert "sts_malformed.xml" in str(exc.value) and "line 8" in str(exc.value)
    assert run("import", "--format", "sts-xml", f).exit_code == 2


def test_unreadable_designations_are_row_errors(run, empty_store):
    f = DATA / "sts_bad_designation.xml"
    result, _ = read(f)
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (5, "std-ref", "XYZZY nonsense 12"), (13, "std-xref[@type='replaces']", "not a standard at all")]
    assert result.records == 1  # the international layer is still read; no adoption from an unread layer
    cli = run("import", f)
    assert cli.exit_code == 1
    assert "sts_bad_designation.xml, row 5, column std-ref" in cli.output


# -- detection -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sts_isosts_chain.xml", "sts_entities.xml", "sts_xxe.xml", "sts_bad_designation.xml"])
def test_detected_from_content(name):
    f = DATA / name
    assert detect(f, f.read_bytes()).name == "sts-xml"


def test_other_xml_is_not_sts(tmp_path):
    f = tmp_path / "x.xml"
    f.write_bytes(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')
    assert not StsReader().sniff(f, f.read_bytes())
