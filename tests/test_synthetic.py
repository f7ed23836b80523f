"""The synthetic national catalogues of benchmarks/synthetic.py, at a tiny size (300 rows, two countries):
deterministic, imported with no bad row, holding what synthetic.json states, with consistent supersession and
designations stdmap reads."""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import pytest
import support
from support import SHARED, need_shared

from mapper import ids
from mapper.ingest.tabular import read_catalog

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synthetic

pytestmark = need_shared
ROWS, COUNTRIES = 300, 2


@pytest.fixture(scope="module")
def catalogue() -> synthetic.Catalogue:
    return synthetic.load_catalogue(SHARED)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, catalogue: synthetic.Catalogue) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("synthetic") / "a"
    model = synthetic.generate(out, countries=COUNTRIES, rows=ROWS, seed=3, catalogue=catalogue)
    return out, model


def _files(out: Path, model: dict) -> list[Path]:
    return [out / c["file"] for c in model["countries"]]


def test_same_seed_same_bytes(generated, catalogue, tmp_path: Path) -> None:
    out, model = generated
    again = synthetic.generate(tmp_path / "b", countries=COUNTRIES, rows=ROWS, seed=3, catalogue=catalogue)
    assert again == model
    for path in [*_files(out, model), out / "synthetic.json"]:
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes(), path.name
    other = synthetic.generate(tmp_path / "c", countries=1, rows=ROWS, seed=4, catalogue=catalogue)
    assert (tmp_path / "c" / other["countries"][0]["file"]).read_bytes() != _files(out, model)[0].read_bytes()


def test_imports_with_no_bad_row(generated, tmp_path: Path) -> None:
    out, model = generated
    # China's file has Chinese headers; --format names the reader (content detection reads the first 64 KiB,
    # and a multi-byte character cut at that boundary hides the header from it)
    result = support.invoke("import", "--store", tmp_path / "store", "--format", "tabular", "--json",
                            *_files(out, model))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(f["rows"], f["imported"], f["errors"], f["ignored_columns"]) for f in report["files"]] == \
        [(ROWS, ROWS, [], [])] * COUNTRIES


def _records(path: Path):
    result = read_catalog(path)
    assert result.errors == [], [str(e) for e in result.errors[:5]]
    assert result.ignored_columns == []
    return result.records


def _international(rec) -> list[tuple[ids.Designation, str | None]]:
    """The dated ISO/IEC editions a row adopts (not the undated or regional layers a designation implies)."""
    return [(ref, degree) for ref, degree, _stated in rec.adopted if ref.level == "international" and ref.year]


def test_holds_what_the_model_states(generated, catalogue) -> None:
    out, model = generated
    editions = {e.designation for eds in catalogue.works.values() for e in eds}
    for country, path in zip(model["countries"], _files(out, model)):
        records = _records(path)
        assert len(records) == country["rows"] == ROWS
        degrees: Counter[str] = Counter()
        adopting = 0
        for rec in records:
            found = _international(rec)
            assert len(found) <= 1, rec.printed
            if found:
                ref, degree = found[0]
                assert ref.normalized in editions, f"{rec.printed} adopts {ref.normalized}, not a real edition"
                adopting += 1
                degrees[degree or "unknown"] += 1
        assert adopting == country["adopting_rows"]
        assert dict(degrees) == {k: v for k, v in country["by_degree"].items() if v}
        assert country["adopting_share"] == round(adopting / ROWS, 4)
        assert degrees["IDT"] > adopting / 2  # IDT is the majority
        statuses = Counter(rec.status for rec in records)
        assert dict(statuses) == country["by_status"]
        assert sum(1 for rec in records if rec.national_original) == country["originals_stating_none"]
        assert all(rec.sources and rec.sources[0].startswith(synthetic.SOURCE_BASE + "/") for rec in records)
    china = model["countries"][0]
    assert china["code"] == "CN" and china["coverage_scaled"] == pytest.approx(0.889, abs=0.02)
    assert china["by_degree"]["EQV"] > 0  # the pre-2001 marks


def test_supersession_both_ways(generated) -> None:
    out, model = generated
    for path in _files(out, model):
        records = {rec.designation.normalized: rec for rec in _records(path)}
        for rec in records.values():  # a status agrees with the dates
            start = rec.effective or rec.issued
            assert (rec.status == "forthcoming") == (start > synthetic.REF_DATE), rec.printed
            assert (rec.status == "withdrawn") == (rec.withdrawn is not None), rec.printed
        links = 0
        for key, rec in records.items():
            for old in rec.replaces:
                assert old.normalized in records, f"{key} replaces {old.normalized}, not in the file"
                assert key in {d.normalized for d in records[old.normalized].replaced_by}
                # the older edition is superseded once its successor is in force (as of the model's date)
                start = rec.effective or rec.issued
                assert records[old.normalized].status == ("superseded" if start <= synthetic.REF_DATE else "current")
                links += 1
            for new in rec.replaced_by:
                assert new.normalized in records, f"{key} is replaced by {new.normalized}, not in the file"
                assert key in {d.normalized for d in records[new.normalized].replaces}
        assert links > 0
        assert links == model["countries"][[c["file"] for c in model["countries"]].index(path.name)]["supersession_links"]


def test_designations_parse(generated) -> None:
    out, model = generated
    for country, path in zip(model["countries"], _files(out, model)):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        seen = set()
        for cells in rows[1:]:
            d = ids.parse(cells[0])
            assert d.level == "national" and d.jurisdiction == country["code"], cells[0]
            assert d.year is not None and not d.supplements
            assert d.normalized not in seen, f"{cells[0]} twice"
            seen.add(d.normalized)


def test_every_country_reads(catalogue, tmp_path: Path) -> None:
    """Every profile's national forms (a 60-row file each) read without error, in that country's name."""
    model = synthetic.generate(tmp_path, countries=len(synthetic.PROFILES), rows=60, seed=5, catalogue=catalogue)
    assert [c["code"] for c in model["countries"]] == [p.code for p in synthetic.PROFILES]
    for country in model["countries"]:
        records = _records(tmp_path / country["file"])
        assert len(records) == 60
        assert {(r.designation.level, r.designation.jurisdiction) for r in records} == {("national", country["code"])}
