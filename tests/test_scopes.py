"""Named scopes (`--scope`, `stdmap scopes`): the shipped files read, point at real ICS codes and
committees, and restrict the counts to what they list."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mapper.rules import ScopeError, available_scopes, load_scope

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ICS_CSV = SHARED / "iso-open-data" / "ICS.csv"
ISO_TCS = SHARED / "iso-open-data" / "iso_technical_committees.jsonl"
IEC_CAT = SHARED / "relaton-data-iec" / "iec_catalogue.jsonl"

PILOT_GROUPS = {"lithium-batteries", "photovoltaics", "steel", "textiles", "electrical-electronic", "tyres",
                "cement", "electrolytic-aluminium", "urea", "ammonium-phosphate", "wood-products"}


def test_shipped_scopes_and_the_pilot_groups():
    names = available_scopes()
    assert "carbon-footprint-ghg" in names and "cfp-pilot-2024" in names
    assert {n.split("/", 1)[1] for n in names if n.startswith("cfp-pilot-2024/")} == PILOT_GROUPS
    for name in names:
        scope = load_scope(name)
        assert scope.title_en and scope.title_zh, name
        assert scope.sources, f"{name} names no source"
        assert scope.ics or scope.committees or scope.standards, f"{name} is empty"
    whole = load_scope("cfp-pilot-2024")
    tyres = load_scope("cfp-pilot-2024/tyres")
    assert "83.160" in tyres.ics and "83.160" in whole.ics  # the file is the union of its groups
    assert set(tyres.sources) <= set(whole.sources)


@pytest.mark.skipif(not (ICS_CSV.is_file() and ISO_TCS.is_file() and IEC_CAT.is_file()),
                    reason="../shared/data (ISO ICS list, ISO committees, IEC catalogue) is not beside the project")
def test_scope_codes_and_committees_exist_in_the_real_catalogues():
    with open(ICS_CSV, encoding="utf-8-sig", newline="") as fh:
        ics = {row["identifier"] for row in csv.DictReader(fh)}
    committees = {json.loads(line)["reference"] for line in ISO_TCS.open(encoding="utf-8") if line.strip()}
    committees |= {json.loads(line).get("committee") for line in IEC_CAT.open(encoding="utf-8") if line.strip()}
    for name in available_scopes():
        scope = load_scope(name)
        assert set(scope.ics) <= ics, (name, set(scope.ics) - ics)
        assert set(scope.committees) <= committees, (name, set(scope.committees) - committees)


def test_unknown_scope_is_a_clear_error(run):
    result = run("rate", "--scope", "no-such-scope")
    assert result.exit_code == 2
    assert "no scope 'no-such-scope'" in result.output and "carbon-footprint-ghg" in result.output
    with pytest.raises(ScopeError, match="no group 'nope'"):
        load_scope("cfp-pilot-2024/nope")


def test_bad_scope_file_names_file_and_key(tmp_path: Path):
    bad = tmp_path / "mine.toml"
    bad.write_text('title_en = "x"\nics = "13.020"\n', encoding="utf-8")
    with pytest.raises(ScopeError, match=r"mine\.toml: scope 'mine': ics must be a list"):
        load_scope(str(bad))
    bad.write_text('title_en = "x"\ncommitee = ["ISO/TC 207"]\n', encoding="utf-8")
    with pytest.raises(ScopeError, match="unknown key"):
        load_scope(str(bad))


def test_scope_file_restricts_the_rate(run, tmp_path: Path):
    # bundled knowledge base: ISO 14001:2015 is a current IS adopted IDT by GB/T 24001-2016 (current);
    # ISO 14001:2004 is superseded, so not a unit; ISO 14044 is listed undated: its current edition
    # ISO 14044:2006 is a unit, adopted IDT by GB/T 24044-2008 (current). Amendments are never units.
    scope = tmp_path / "two.toml"
    scope.write_text('title_en = "two works"\nstandards = ["ISO 14001:2015", "ISO 14001:2004", "ISO 14044"]\n'
                     'sources = ["test"]\n', encoding="utf-8")
    result = run("rate", "--scope", str(scope), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["denominator"], data["adopted"]) == (2, 2)
    assert data["rules"]["scope"] == "two"
    assert data["rules"]["scope_standards"] == ["ISO 14001:2015", "ISO 14001:2004", "ISO 14044"]
    # the same list given on the command line counts the same
    again = json.loads(run("rate", "--standard", "ISO 14001:2015", "--standard", "ISO 14001:2004",
                           "--standard", "ISO 14044", "--json").stdout)
    assert (again["denominator"], again["adopted"]) == (2, 2)
