"""`stdmap equiv --batch` and `stdmap counterparts` on the bundled knowledge base (docs/equivalence.md).

One read-only store per module (`stdmap init` in a tmp folder); each test writes its pairs file to its own
tmp_path. The single-pair `equiv` answers are the reference the batch must reproduce.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

BATCH_HEADER = ["a", "b", "a_resolved", "b_resolved", "relation", "edition_match", "path", "notes", "error"]

GOOD_PAIRS = [
    ("GB/T 24001-2016", "ISO 14001:2015"),  # IDT, same edition
    ("GB/T 24001-2016", "ISO 14001:2004"),  # IDT across an edition hop
    ("GB/T 20000.2-2009", "ISO/IEC Guide 21-1:2005"),  # MOD
    ("GB/T 32150-2015", "ISO 14064-1:2018"),  # none
    ("GB/T 19001-2016/ISO 9001:2015", "ISO 9001:2015"),  # placed by its own designation
    ("ISO 14001", "GB/T 24001-2016"),  # undated
    ("BS EN ISO 14001:2015", "GB/T 24001-2016"),  # not in the graph, stated adoptions
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, run_in, store_backend) -> str:
    where = tmp_path_factory.mktemp("equiv-cli") / "store"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STDMAP_STORE", str(where.parent / "guard-store"))
        result = run_in(where, "init")
    assert result.exit_code == 0, result.output
    return str(where)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def pairs_file(tmp_path: Path, pairs, header: str = "a,b") -> Path:
    lines = [header] + [",".join(f'"{c}"' for c in p) for p in pairs]
    return write(tmp_path / "pairs.csv", "\n".join(lines) + "\n")


def csv_rows(text: str) -> list[dict]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == BATCH_HEADER
    return [dict(zip(header, row)) for row in reader]


def single(run_in, store: str, a: str, b: str, *extra: str) -> dict:
    result = run_in(store, "equiv", a, b, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- batch: CSV and JSON out, order, same answers as one pair at a time ------------------------------------------
def test_batch_csv_in_input_order(run_in, store, tmp_path):
    result = run_in(store, "equiv", "--batch", pairs_file(tmp_path, GOOD_PAIRS))
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert [(r["a"], r["b"]) for r in rows] == GOOD_PAIRS
    assert [r["relation"] for r in rows[:4]] == ["IDT", "IDT", "MOD", "none"]
    assert [r["edition_match"] for r in rows[:2]] == ["true", "false"]
    assert rows[0]["path"] == "GB/T 24001-2016 adopts IDT ISO 14001:2015"
    assert "ISO 14001:2004" in rows[1]["path"] and "; " in rows[1]["path"]
    assert rows[3]["path"] == "" and rows[3]["edition_match"] == "false"
    assert rows[5]["a_resolved"] == "ISO 14001:2015"
    assert all(r["error"] == "" for r in rows)
    assert result.stderr == ""


def test_batch_json_matches_single_equiv(run_in, store, tmp_path):
    result = run_in(store, "equiv", "--batch", pairs_file(tmp_path, GOOD_PAIRS), "--json")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)
    assert len(answers) == len(GOOD_PAIRS)
    for (a, b), answer in zip(GOOD_PAIRS, answers):
        assert answer == single(run_in, store, a, b), (a, b)


def test_batch_csv_matches_single_equiv_csv(run_in, store, tmp_path):
    batch = run_in(store, "equiv", "--batch", pairs_file(tmp_path, GOOD_PAIRS[:3]), "--csv")
    assert batch.exit_code == 0, batch.output
    rows = csv_rows(batch.stdout)
    for (a, b), row in zip(GOOD_PAIRS, rows):
        one = run_in(store, "equiv", a, b, "--csv")
        assert one.exit_code == 0, one.output
        assert csv_rows(one.stdout) == [row]


def test_out_file(run_in, store, tmp_path):
    out = tmp_path / "answers.json"
    result = run_in(store, "equiv", "--batch", pairs_file(tmp_path, GOOD_PAIRS[:2]), "--json", "-o", out)
    assert result.exit_code == 0, result.output
    assert [a["relation"] for a in json.loads(out.read_text(encoding="utf-8"))] == ["IDT", "IDT"]
    assert str(out) in result.stdout


@pytest.mark.parametrize("header", ["standard_a,standard_b", "A,B", " a , b ,note", "left,right,as_of"])
def test_header_variants(run_in, store, tmp_path, header):
    third = () if header.count(",") < 2 else (("",) if "as_of" in header else ("x",))
    pairs = [("GB/T 24001-2016", "ISO 14001:2015") + third]
    result = run_in(store, "equiv", "--batch", pairs_file(tmp_path, pairs, header))
    assert result.exit_code == 0, result.output
    assert csv_rows(result.stdout)[0]["relation"] == "IDT"


def test_tab_separated(run_in, store, tmp_path):
    path = write(tmp_path / "pairs.tsv", "a\tb\nGB/T 24001-2016\tISO 14001:2015\n")
    result = run_in(store, "equiv", "--batch", path)
    assert result.exit_code == 0, result.output
    assert csv_rows(result.stdout)[0]["relation"] == "IDT"


# -- bad rows ------------------------------------------------------------------------------------------------
BAD_FILE = """a,b,as_of
GB/T 24001-2016,ISO 14001:2015,
,ISO 9001:2015,

not a standard,ISO 9001:2015,
GB/T 20000.2-2009,ISO/IEC Guide 21-1:2005,
GB/T 24001-2016,ISO 14001:2015,2020-13-01
GB/T 24001-2016
GB/T 32150-2015,ISO 14064-1:2018,
"""


def test_bad_rows_reported_good_rows_answered(run_in, store, tmp_path):
    path = write(tmp_path / "bad.csv", BAD_FILE)
    result = run_in(store, "equiv", "--batch", path)
    assert result.exit_code == 1
    rows = csv_rows(result.stdout)
    assert [r["a"] for r in rows] == ["GB/T 24001-2016", "", "not a standard", "GB/T 20000.2-2009",
                                      "GB/T 24001-2016", "GB/T 24001-2016", "GB/T 32150-2015"]
    assert [r["relation"] for r in rows] == ["IDT", "", "", "MOD", "", "", "none"]
    assert [bool(r["error"]) for r in rows] == [False, True, True, False, True, True, False]
    errors = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:")]
    assert [line.split(":")[1] for line in errors] == ["3", "5", "7", "8"]  # file lines; line 4 is blank
    assert "missing a" in errors[0]
    assert "cannot read designation" in errors[1]
    assert "not a date" in errors[2]
    assert "missing b" in errors[3]
    assert "Traceback" not in result.output


def test_bad_rows_in_json(run_in, store, tmp_path):
    path = write(tmp_path / "bad.csv", BAD_FILE)
    result = run_in(store, "equiv", "--batch", path, "--json")
    assert result.exit_code == 1
    answers = json.loads(result.stdout)
    assert len(answers) == 7
    bad = [a for a in answers if "error" in a]
    assert [(a["line"], a["a"], a["b"]) for a in bad] == [
        (3, "", "ISO 9001:2015"), (5, "not a standard", "ISO 9001:2015"),
        (7, "GB/T 24001-2016", "ISO 14001:2015"), (8, "GB/T 24001-2016", ""),
    ]
    assert all(set(a) == {"a", "b", "error", "line"} for a in bad)
    assert answers[3]["relation"] == "MOD"


def test_strict_writes_nothing(run_in, store, tmp_path):
    path = write(tmp_path / "bad.csv", BAD_FILE)
    out = tmp_path / "answers.csv"
    result = run_in(store, "equiv", "--batch", path, "--strict", "-o", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert not out.exists()
    assert f"{path}:5: " in result.stderr and f"{path}:8: " in result.stderr
    assert "--strict" in result.stderr
    result = run_in(store, "equiv", "--batch", path, "--strict", "--json")
    assert result.exit_code == 2 and result.stdout == ""


def test_strict_with_good_rows_answers(run_in, store, tmp_path):
    result = run_in(store, "equiv", "--batch", pairs_file(tmp_path, GOOD_PAIRS[:2]), "--strict")
    assert result.exit_code == 0, result.output
    assert len(csv_rows(result.stdout)) == 2


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty file"),
    ("id,x,y\n1,GB/T 24001-2016,ISO 14001:2015\n", "must name the columns a and b"),
    ("GB/T 24001-2016,ISO 14001:2015\n", "no header line"),
    ("a,a,b\nx,y,z\n", "more than once"),
])
def test_unusable_file_exits_2(run_in, store, tmp_path, text, message):
    path = write(tmp_path / "pairs.csv", text)
    result = run_in(store, "equiv", "--batch", path)
    assert result.exit_code == 2
    assert message in result.output
    assert result.stdout == ""


def test_missing_file_and_usage(run_in, store, tmp_path):
    assert run_in(store, "equiv", "--batch", tmp_path / "nope.csv").exit_code == 2
    assert run_in(store, "equiv", "GB/T 24001-2016").exit_code == 2
    both = run_in(store, "equiv", "GB/T 24001-2016", "ISO 14001:2015", "--batch", pairs_file(tmp_path, GOOD_PAIRS))
    assert both.exit_code == 2
    assert run_in(store, "equiv", "GB/T 24001-2016", "ISO 14001:2015", "--as-of", "yesterday").exit_code == 2
    assert run_in(store, "equiv", "GB/T 24001-2016", "ISO 14001:2015", "--json", "--csv").exit_code == 2


# -- as-of ----------------------------------------------------------------------------------------------------
def test_per_row_as_of_overrides_the_option(run_in, store, tmp_path):
    pairs = [("GB/T 24001-2016", "ISO 14001:2004", "2010"), ("GB/T 24001-2016", "ISO 14001:2004", ""),
             ("GB/T 24001-2016", "ISO 14001:2015", "2018-06")]
    path = pairs_file(tmp_path, pairs, "a,b,as_of")
    result = run_in(store, "equiv", "--batch", path, "--json", "--as-of", "2020-01-01")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)
    assert [a["as_of"] for a in answers] == ["2010-12-31", "2020-01-01", "2018-06-30"]
    for (a, b, _), answer in zip(pairs, answers):
        assert answer == single(run_in, store, a, b, "--as-of", answer["as_of"])


def test_single_as_of_text(run_in, store):
    result = run_in(store, "equiv", "GB/T 24001-2016", "ISO 14001:2015", "--as-of", "2019")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("GB/T 24001-2016  ~  ISO 14001:2015: ")
    assert "as of 2019-12-31" in result.stdout


# -- counterparts ---------------------------------------------------------------------------------------------
def counterparts_json(run_in, store: str, *args: str) -> dict:
    result = run_in(store, "counterparts", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_counterparts_json(run_in, store):
    data = counterparts_json(run_in, store, "ISO 14001:2015")
    assert {"standard", "resolved", "country", "as_of", "counterparts", "by_country", "notes"} <= set(data)
    assert data["resolved"] == "ISO 14001:2015"
    found = {c["standard"]: c for c in data["counterparts"]}
    assert found["GB/T 24001-2016"]["relation"] == "IDT"
    assert found["GB/T 24001-2016"]["edition_match"] is True
    assert found["GB/T 24001-2016"]["country"] == "CN"
    for c in data["counterparts"]:
        assert {"country", "standard", "relation", "edition_match", "path"} <= set(c)
    assert "CN" in data["by_country"] and "IDT" in data["by_country"]["CN"]


def test_counterparts_country_filter(run_in, store):
    cn = counterparts_json(run_in, store, "ISO 14001:2015", "--country", "cn")
    assert cn["counterparts"] and all(c["country"] == "CN" for c in cn["counterparts"])
    assert set(cn["by_country"]) <= {"CN"}
    none = counterparts_json(run_in, store, "ISO 14001:2015", "--country", "US")
    assert none["counterparts"] == []


def test_counterparts_text_grouped_by_country_then_degree(run_in, store):
    result = run_in(store, "counterparts", "ISO 14001:2015")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ISO 14001:2015 — counterparts 对应标准: ")
    assert "CN" in lines
    assert "  IDT 等同" in lines
    assert lines.index("CN") < lines.index("  IDT 等同") < lines.index("    GB/T 24001-2016")


def test_counterparts_csv(run_in, store):
    result = run_in(store, "counterparts", "ISO 14001:2015", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["standard", "resolved", "country", "counterpart", "relation", "edition_match", "path"]
    data = counterparts_json(run_in, store, "ISO 14001:2015")
    assert [r["counterpart"] for r in rows] == [c["standard"] for c in data["counterparts"]]
    row = next(r for r in rows if r["counterpart"] == "GB/T 24001-2016")
    assert (row["country"], row["relation"], row["edition_match"]) == ("CN", "IDT", "true")
    assert row["path"] == "ISO 14001:2015 is adopted by IDT GB/T 24001-2016"


def test_counterparts_unreadable_exits_2(run_in, store):
    result = run_in(store, "counterparts", "not a standard")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
