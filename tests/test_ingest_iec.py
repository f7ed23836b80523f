"""IEC catalogue reader (mapper.ingest.iec): derived supersession, statuses, dates, variants, bad records.

Expectations are written by hand from tests/data/iec_catalogue.jsonl (comments give the line). The
full-scale import of the shared IEC catalogue together with ISO Open Data is in tests/test_ingest_iso.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Literal

from mapper.ingest.base import READERS, detect
from test_ingest_iso import describe_in, import_json, std, _source_triples

DATA = Path(__file__).parent / "data"
IEC = DATA / "iec_catalogue.jsonl"
ISO = DATA / "iso_deliverables.jsonl"

STATUSES = {
    "IEC 61111:2010": "current",  # 1: PUBLISHED (listed before the older editions: order comes from dates)
    "IEC 61111:1995": "superseded",  # 2: REVISED
    "IEC 61111:2001": "superseded",  # 3: REVISED
    "IEC 61111:2001/AMD1:2005": "superseded",  # 4: REVISED amendment
    "IEC 62222:2000": "withdrawn",  # 7: WITHDRAWN, no later edition
    "IEC TR 63333:2003": "superseded",  # 8: WITHDRAWN, but edition 2012 follows
    "IEC TR 63333:2012": "current",  # 9
    "IEC 64444:1990": "superseded",  # 10: REPLACED (by a document the source does not name)
    "IEC 66666:2011/ISH1:2013": "withdrawn",  # 15: WITHDRAWN interpretation sheet, no newer edition
    "CISPR 77:2016": "current",  # 16
}


def test_detection():
    assert detect(IEC, IEC.read_bytes()).name == "iec-catalogue"
    reader = READERS["iec-catalogue"]
    assert reader.version.startswith("iec-catalogue/") and reader.description
    assert not reader.sniff(ISO, ISO.read_bytes())
    assert not READERS["iso-open-data"].sniff(IEC, IEC.read_bytes())
    assert not READERS["iso-committees"].sniff(IEC, IEC.read_bytes())


def test_iec_catalogue(run, empty_store, open_store):
    report = import_json(run, IEC)  # no --format: detected
    (f,) = report["files"]
    assert f["reader"] == "iec-catalogue"
    assert f["rows"] == 16 and f["imported"] == 11
    assert {(e["row"], e["column"], e["value"]) for e in f["errors"]} == {
        (12, "reference", "IEC 60285-/1:1989"), (13, "status", "ACTIVE")}
    notes = " | ".join(f["notes"])
    assert "1 CSV" in notes and "1 RLV" in notes  # lines 5, 6: not editions of their own
    assert "1 undated references" in notes  # line 14: IEC 60417
    assert "1 ISO-led references" in notes  # line 11
    assert "1 obsoleted dates before the publication date" in notes  # line 15
    assert set(f["ignored_columns"]) == {"project_number", "stable_until"}

    with open_store(empty_store) as store:
        facts = {ident: describe_in(store, std(ident)) for ident in STATUSES}
        for ident, status in STATUSES.items():
            assert facts[ident]["status"] == [status], ident
        e1, e2, e3 = facts["IEC 61111:1995"], facts["IEC 61111:2001"], facts["IEC 61111:2010"]
        # each edition that is no longer in force is replaced by the next one, ordered by date
        assert e1["isReplacedBy"] == ["IEC 61111:2001"] and e2["replaces"] == ["IEC 61111:1995"]
        assert e2["isReplacedBy"] == ["IEC 61111:2010"] and e3["replaces"] == ["IEC 61111:2001"]
        assert "isReplacedBy" not in e3
        assert facts["IEC TR 63333:2003"]["isReplacedBy"] == ["IEC TR 63333:2012"]
        assert "isReplacedBy" not in facts["IEC 64444:1990"] and "isReplacedBy" not in facts["IEC 62222:2000"]
        # dates: publication → issued; obsoleted → withdrawn when no longer in force
        assert e1["issued"] == ["1995-03-01"] and e1["withdrawn"] == ["2001-05-10"]
        assert e3["issued"] == ["2010-02-24"] and "withdrawn" not in e3
        assert facts["IEC 62222:2000"]["withdrawn"] == ["2008-01-15"]
        assert "withdrawn" not in facts["IEC 66666:2011/ISH1:2013"]  # obsoleted before it was published
        # amendments attach to their base edition; no supersession derived for them
        amd = facts["IEC 61111:2001/AMD1:2005"]
        assert amd["supplementTo"] == ["IEC 61111:2001"] and amd["supplementType"] == ["Amd"]
        assert "isReplacedBy" not in amd and amd["withdrawn"] == ["2010-02-24"]
        ish = facts["IEC 66666:2011/ISH1:2013"]
        assert ish["supplementTo"] == ["IEC 66666:2011"] and ish["documentType"] == ["ISH"]
        assert "supplementType" not in ish  # sm:supplementType is Amd or Cor only
        # titles, committee, ICS, publishers, no source URL
        assert e3["title"] == ["Thingamajigs@en"] and e3["ics"] == ["29.020"]
        assert e3["committee"] == ["IEC%2FTC_99"] and e3["publisher"] == ["IEC"] and "source" not in e3
        assert facts["CISPR 77:2016"]["committee"] == ["IEC%2FCISPR%2FCIS%2FA"]
        assert facts["IEC TR 63333:2012"]["documentType"] == ["TR"]
        # ISO-led joint document: identity, title, ICS, committee only
        joint = describe_in(store, std("ISO/IEC 27999:2013"))
        assert joint["title"] == ["Information technology - Security techniques@en"]
        assert joint["committee"] == ["ISO%2FIEC_JTC_1%2FSC_27"]
        for key in ("status", "issued", "withdrawn", "isReplacedBy"):
            assert key not in joint, key
        # variants, undated references and bad records are not in the graph
        for absent in ("IEC 61111:2001+AMD1:2005 CSV", "IEC 61111:2010 RLV", "IEC 60417", "IEC 65555:2020"):
            assert not store.query("ASK { ?s dcterms:identifier ?id }", {"id": Literal(absent)}), absent


def test_reimport_same_triples(run, empty_store, open_store):
    import_json(run, IEC)
    before = _source_triples(open_store, empty_store, IEC)
    again = import_json(run, IEC)
    # unchanged: not read again, but its two bad rows still count
    assert again["files"][0]["changed"] is False and again["files"][0]["unchanged_bad_rows"] == 2
    assert _source_triples(open_store, empty_store, IEC) == before


def test_both_catalogues_meet(run, empty_store, open_store):
    """ISO's and IEC's records of the same documents are one node each, and each single-valued fact
    comes from one catalogue: IEC for IEC-led references, ISO for ISO-led ones."""
    report = import_json(run, ISO, IEC)
    assert [f["reader"] for f in report["files"]] == ["iso-open-data", "iec-catalogue"]
    with open_store(empty_store) as store:
        iec_led = describe_in(store, std("IEC 61111:2001"))
        amd = describe_in(store, std("IEC 61111:2001/AMD1:2005"))  # ISO writes IEC 61111:2001/Amd 1:2005
        iso_led = describe_in(store, std("ISO/IEC 27999:2013"))
        n = store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s dcterms:identifier ?id FILTER(STRSTARTS(?id, 'IEC 61111:2001/')) }")
    assert int(n[0]["n"]) == 1
    assert iec_led["status"] == ["superseded"] and iec_led["issued"] == ["2001-05-10"]  # IEC's day, not ISO's month
    assert iec_led["source"] == ["https://www.iso.org/standard/1010.html"]  # from ISO's record
    assert amd["status"] == ["superseded"] and amd["issued"] == ["2005-08-30"]
    assert iso_led["status"] == ["current"] and iso_led["issued"] == ["2013-10-01"]  # ISO's
    assert iso_led["title"] == ["Information technology - Security techniques@en", "Security techniques@en"]
    result = run("show", "--json", "IEC 61111:2001")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "superseded"
