"""`stdmap show` and `mapper.show.show`: everything known about one standard, on the bundled knowledge base."""

from __future__ import annotations

import json

import pytest

from support import invoke
from mapper.kg import open_kg
from mapper.show import NotFound, show


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    where = tmp_path_factory.mktemp("show") / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(where.parent / "guard-store"))
        result = invoke("init", "--store", str(where))
    assert result.exit_code == 0, result.output
    return str(where)


def show_json(store: str, designation: str) -> dict:
    result = invoke("show", "--store", store, designation, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_national_record(store):
    rec = show_json(store, "GB/T 24001-2016")
    assert rec["identifier"] == "GB/T 24001-2016"
    assert rec["titles"]["zh"] == ["环境管理体系 要求及使用指南"]
    assert rec["status"] == "current"
    assert rec["issued"] == "2016-10-13"
    assert rec["effective"] == "2017-05-01"
    assert rec["ics"] == ["13.020"]
    assert rec["ccs"] == ["Z00"]
    assert rec["replaces"] == ["GB/T 24001-2004"]
    assert rec["resolved_from"] == ""


def test_national_record_adoption(store):
    rec = show_json(store, "GB/T 24001-2016")
    assert len(rec["adoptions"]) == 1
    adoption = rec["adoptions"][0]
    assert adoption["role"] == "adopts"
    assert adoption["other"] == "ISO 14001:2015"
    assert adoption["degree"] == "IDT"
    assert adoption["sources"] == ["http://wqbo.cn/album/72324352", "https://beijingzhuochuang.com/hyxw/1122.html"]


def test_national_record_editions(store):
    rec = show_json(store, "GB/T 24001-2016")
    editions = [(e["identifier"], e["status"]) for e in rec["editions"]]
    assert editions == [
        ("GB/T 24001-1996", "superseded"), ("GB/T 24001-2004", "superseded"), ("GB/T 24001-2016", "current"),
    ]


def test_text_output(store):
    result = invoke("show", "--store", store, "GB/T 24001-2016")
    assert result.exit_code == 0
    out = result.output
    assert out.splitlines()[0] == "GB/T 24001-2016"
    assert "title [zh]: 环境管理体系 要求及使用指南" in out
    assert "adopts ISO 14001:2015 [IDT]" in out
    assert "replaces: GB/T 24001-2004" in out


def test_international_record_lists_its_adopter(store):
    rec = show_json(store, "ISO 14001:2015")
    assert rec["identifier"] == "ISO 14001:2015"
    adopted_by = [(a["role"], a["other"], a["degree"]) for a in rec["adoptions"]]
    assert ("adopted by", "GB/T 24001-2016", "IDT") in adopted_by
    result = invoke("show", "--store", store, "ISO 14001:2015")
    assert "adopted by GB/T 24001-2016 [IDT]" in result.output


def test_undated_resolves_to_the_current_edition(store):
    rec = show_json(store, "ISO 14001")
    assert rec["identifier"] == "ISO 14001:2015"
    assert rec["status"] == "current"
    assert "undated" in rec["resolved_from"]
    result = invoke("show", "--store", store, "ISO 14001")
    assert result.output.splitlines()[:2] == ["ISO 14001:2015", "  ('ISO 14001' is undated; resolved to the current edition ISO 14001:2015)"]


def test_printed_form_is_normalised(store):
    """An em dash and a dual number, as printed on a cover, name the same record."""
    assert show_json(store, "GB/T 24001—2016/ISO 14001:2015")["identifier"] == "GB/T 24001-2016"


@pytest.mark.parametrize("designation", ["GB/T 88888-2020", "ISO 99999"])
def test_unknown_standard(store, designation):
    result = invoke("show", "--store", store, designation)
    assert result.exit_code != 0
    assert designation in result.output
    assert "not in the graph" in result.output
    assert "Traceback" not in result.output


def test_library_not_found():
    with pytest.raises(NotFound, match="GB/T 88888-2020"):
        show(open_kg(":memory:"), "GB/T 88888-2020")
