"""One bilingual label table (mapper/labels.py): lookups, reader's number and date conventions, and the
counting-rules block every analytics command prints the same way."""

from __future__ import annotations

import json

import pytest

from mapper.labels import Fmt, LabelError, Labels, rules_block
from support import invoke


def test_missing_label_is_an_error_not_an_english_fallback():
    with pytest.raises(LabelError, match="no label 'no.such.key'"):
        Labels("zh")("no.such.key")
    with pytest.raises(ValueError, match="unknown language"):
        Labels("fr")


def test_labels_fill_fields_and_report_labels_add_to_the_shared_ones():
    assert Labels("en")("meta.records", n="1,234") == "1,234 records"
    assert Labels("zh")("meta.records", n="1,234") == "1,234 条记录"
    assert not Labels("en").has("overview.gaps") and Labels("en", "overview").has("overview.gaps")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ("13 Oct 2016", "Oct 2016", "1,234,567", "85.0%", "13 months", "1 month", "25.5 months", "—")),
    ("zh", ("2016年10月13日", "2016年10月", "1,234,567", "85.0%", "13 个月", "1 个月", "25.5 个月", "—")),
])
def test_numbers_and_dates_in_the_readers_convention(lang, expected):
    f = Fmt(lang)
    assert (f.date("2016-10-13"), f.month("2016-10-13T00:00:00"), f.num(1234567), f.pct(0.85), f.months(13),
            f.months(1), f.months(25.5), f.date(None)) == expected


@pytest.mark.parametrize("command", [["rate"], ["gaps"], ["stale"], ["lag"], ["share"], ["rate", "--series", "2020:2021"]])
def test_every_analytics_command_prints_the_same_rules_block(tmp_path, command):
    store = str(tmp_path / "store")
    assert invoke("init", "--store", store).exit_code == 0
    text = invoke(*command, "--store", store, "--country", "CN")
    assert text.exit_code == 0, text.output
    answer = invoke(*command, "--store", store, "--country", "CN", "--json")
    block = rules_block(json.loads(answer.stdout)["rules"])
    assert block[0] == "Counting rules · 计数规则:"
    lines = text.stdout.splitlines()
    start = lines.index(block[0])
    assert lines[start:start + len(block)] == block
    assert any("（CN）" in line for line in block), "the Chinese lines are printed too"
