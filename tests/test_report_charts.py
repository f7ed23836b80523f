"""Inline SVG charts (mapper.report.charts): well-formed, escaped, deterministic, and drawing the data given."""

from __future__ import annotations

import doctest
import itertools
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from markupsafe import Markup

from mapper.report import charts
from mapper.report.charts import (
    DEGREE_COLOURS,
    PALETTE,
    Bar,
    Marker,
    Series,
    bar_chart,
    grouped_bar_chart,
    line_chart,
    stacked_bar,
)

SVG = "http://www.w3.org/2000/svg"
NS = {"s": SVG}
EVIL = "<script>alert(1)</script>"


def pct(v: float) -> str:
    return f"{v * 100:.0f} %"


def count(v: float) -> str:
    return f"{v:g}"


def parse(svg: Markup) -> etree._Element:
    assert isinstance(svg, Markup)
    root = etree.fromstring(str(svg).encode("utf-8"))
    assert root.tag == f"{{{SVG}}}svg"
    return root


def find(root: etree._Element, xpath: str) -> list[etree._Element]:
    return root.xpath(xpath, namespaces=NS)


def text_of(root: etree._Element) -> str:
    return "".join(root.itertext())


def f(value: str) -> float:
    return float(value)


def line(**kw) -> Markup:
    args = {"title": "Adoption rate", "desc": "Share of ISO standards adopted, per year", "y_format": pct}
    args.update(kw)
    labels = args.pop("x_labels", ["2020", "2021", "2022", "2023"])
    series = args.pop("series", [Series("GB", [0.2, 0.25, 0.309524, 0.4])])
    return line_chart(labels, series, **args)


def all_charts(label: str = "label", name: str = "series", title: str = "title") -> list[Markup]:
    """One non-empty chart of each kind, with `label`, `name` and `title` in every text slot."""
    return [
        line_chart([label, "2021"], [Series(name, [0.5, 0.6]), Series("other", [0.1, None])], title=title,
                   desc=title, y_format=pct, markers=[Marker("2021", 0.85, label)]),
        bar_chart([Bar(label, 3, note=label), Bar("b", 1)], title=title, desc=title, value_format=count),
        stacked_bar([Bar(label, 3, note=label), Bar("b", 1)], title=title, desc=title, value_format=count),
        grouped_bar_chart([label, "c"], [Series(name, [1, 2])], title=title, desc=title, value_format=count),
    ]


# --- the root element ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, svg", list(zip(["line", "bar", "stacked", "grouped"], all_charts())))
def test_root_element_and_accessible_name(kind: str, svg: Markup) -> None:
    root = parse(svg)
    assert str(svg).startswith(f'<svg xmlns="{SVG}" viewBox="0 0 ')
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox"))
    assert root.get("width") == "100%"
    assert root.get("role") == "img"
    assert root.get("class") == f"chart chart-{kind}"
    assert root.get("data-chart") == kind
    assert root.get("font-family") == "system-ui, sans-serif"
    assert root.get("data-empty") is None
    first, second = root[0], root[1]
    assert first.tag == f"{{{SVG}}}title" and first.text == "title"
    assert second.tag == f"{{{SVG}}}desc" and second.text == "title"
    assert root.get("aria-labelledby").split() == [first.get("id"), second.get("id")]
    assert re.fullmatch(r"c-[0-9a-f]{6}-title", first.get("id"))
    ids = [e.get("id") for e in root.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))


def test_ids_depend_on_title_and_data() -> None:
    base = parse(line()).get("aria-labelledby")
    assert parse(line()).get("aria-labelledby") == base
    assert parse(line(title="Another")).get("aria-labelledby") != base
    assert parse(line(series=[Series("GB", [0.2, 0.25, 0.3, 0.41])])).get("aria-labelledby") != base


@pytest.mark.parametrize("make", [
    lambda: line(markers=[Marker("2023", 0.85, "target")], series=[Series("a", [1, None, 2, 3], css="deg-IDT"),
                                                                    Series("b", [0.5, 0.6, 0.7, 0.8], dashed=True)]),
    lambda: bar_chart([Bar("a", 3, css="deg-MOD", note="n"), Bar("b", 1)], title="t", desc="d", value_format=count),
    lambda: stacked_bar([Bar("a", 3), Bar("b", 0), Bar("c", 2)], title="t", desc="d", value_format=count),
    lambda: grouped_bar_chart(["x", "y"], [Series("a", [1, None]), Series("b", [2, 3])], title="t", desc="d",
                              value_format=count),
])
def test_deterministic_byte_identical(make) -> None:
    assert str(make()) == str(make())


@pytest.mark.parametrize("svg", [
    line(series=[Series("GB", [1 / 3, 2 / 3, 0.123456789, 0.987654321])], markers=[Marker("2021", 1 / 7, "m")]),
    bar_chart([Bar("a", 1 / 3), Bar("b", 2 / 7)], title="t", desc="d", value_format=count),
    stacked_bar([Bar("a", 1 / 3), Bar("b", 2 / 7), Bar("c", 1 / 11)], title="t", desc="d", value_format=count),
    grouped_bar_chart(["a", "b", "c"], [Series("s", [1 / 3, 2 / 7, 1 / 11]), Series("z", [1, 2, 3])], title="t",
                      desc="d", value_format=count),
])
def test_coordinates_have_at_most_one_decimal(svg: Markup) -> None:
    body = str(svg).split(">", 1)[1]                # the root's width="100%" aside
    numbers = re.findall(r' (?:x|y|x1|y1|x2|y2|cx|cy|r|width|height)="([^"]*)"', body)
    for points in re.findall(r' (?:points|d)="([^"]*)"', body):
        numbers += [n for n in re.split(r"[ ,MLZ]+", points) if n]
    assert len(numbers) > 10
    for number in numbers:
        assert re.fullmatch(r"-?\d+(\.[1-9])?", number), number      # "12.0" is always printed "12"


# --- safety: escaping, no external references ---------------------------------------------------


def test_script_in_every_text_slot_is_text_not_an_element() -> None:
    for svg in all_charts(label=EVIL, name=EVIL, title=EVIL):
        root = parse(svg)
        assert not [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "script"]
        assert "<script" not in str(svg)
        assert EVIL in text_of(root)


def test_script_in_formatted_values_and_notes_is_escaped() -> None:
    svg = bar_chart([Bar("a", 1, note=EVIL)], title="t", desc="d", value_format=lambda v: EVIL)
    root = parse(svg)
    assert "<script" not in str(svg)
    assert text_of(root).count(EVIL) == 3      # the value text, and the value and note in the tooltip
    svg = line(y_format=lambda v: f"{v}<b>")
    assert "<b>" not in str(svg) and "&lt;b&gt;" in str(svg)


def test_markup_arguments_are_escaped_too() -> None:
    root = parse(bar_chart([Bar(Markup("<b>x</b>"), 1)], title="t", desc="d", value_format=count))
    assert not find(root, "//s:b") and "<b>x</b>" in text_of(root)


def test_chinese_labels_are_kept_as_written() -> None:
    svgs = [
        line_chart(["2020", "2021"], [Series("等同采用", [1, 2])], title="采用率", desc="环境管理体系", y_format=count),
        bar_chart([Bar("环境管理体系", 3)], title="采用率", desc="d", value_format=count),
        stacked_bar([Bar("等同采用", 2), Bar("修改采用", 1)], title="采用率", desc="d", value_format=count),
        grouped_bar_chart(["环境管理体系"], [Series("等同采用", [1])], title="采用率", desc="d", value_format=count),
    ]
    for svg in svgs:
        raw = str(svg)
        assert "采用率" in raw and "&#" not in raw
        assert "等同采用" in raw or "环境管理体系" in raw
        assert "采用率" in text_of(parse(svg))
    assert find(parse(svgs[1]), "//s:rect[@data-label='环境管理体系']")


def test_no_external_references_styles_or_scripts() -> None:
    for svg in all_charts() + all_charts(label="http://example.org/x", name="n"):
        raw = str(svg)
        root = parse(svg)
        names = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
        assert not names & {"script", "style", "image", "foreignObject", "a", "use"}
        assert not [a for e in root.iter() for a in e.attrib if "href" in a]
        assert "style=" not in raw
    for svg in all_charts():
        assert str(svg).replace(f'xmlns="{SVG}"', "").find("http") == -1


def test_control_characters_do_not_break_the_xml() -> None:
    parse(bar_chart([Bar("a\x00b\x1bc", 1)], title="t\x07", desc="d", value_format=count))


# --- line chart ------------------------------------------------------------------------------------


def test_one_circle_per_value_with_its_data() -> None:
    series = [Series("GB", [0.2, None, 0.309524, 0.4]), Series("BS", [None, 0.1, 0.15, None], css="target")]
    root = parse(line(series=series))
    circles = find(root, "//s:circle[contains(concat(' ', @class, ' '), ' point ')]")
    assert len(circles) == 5
    got = [(c.get("data-series"), c.get("data-x"), f(c.get("data-value"))) for c in circles]
    assert got == [("0", "2020", 0.2), ("0", "2022", 0.309524), ("0", "2023", 0.4),
                   ("1", "2021", 0.1), ("1", "2022", 0.15)]
    assert circles[1].get("data-value") == "0.309524"
    assert circles[3].get("class").split() == ["point", "series-1", "target"]
    tip = circles[1].find(f"{{{SVG}}}title").text
    assert tip == "GB · 2022: 31 %"


def test_line_is_broken_at_none() -> None:
    labels = [str(y) for y in range(2017, 2024)]
    root = parse(line(x_labels=labels, series=[Series("GB", [1, 2, None, 3, 4, None, 5])], y_format=count))
    lines = find(root, "//s:polyline[@data-series='0']")
    assert [len(p.get("points").split()) for p in lines] == [2, 2]   # the lone 5 is a point, not a line
    circles = {c.get("data-x"): (c.get("cx"), c.get("cy")) for c in find(root, "//s:circle[@data-series='0']")}
    assert lines[0].get("points").split() == [",".join(circles["2017"]), ",".join(circles["2018"])]
    assert lines[1].get("points").split() == [",".join(circles["2020"]), ",".join(circles["2021"])]
    unbroken = parse(line(x_labels=labels, series=[Series("GB", [1, 2, 3, 3, 4, 4, 5])], y_format=count))
    assert [len(p.get("points").split()) for p in find(unbroken, "//s:polyline")] == [7]


def test_higher_values_are_drawn_higher_and_x_follows_label_order() -> None:
    root = parse(line(series=[Series("GB", [0.1, 0.4, 0.2, 0.3])]))
    circles = find(root, "//s:circle[@data-series='0']")
    ys = [f(c.get("cy")) for c in circles]
    assert ys[1] < ys[3] < ys[2] < ys[0]              # SVG y grows downwards
    xs = [f(c.get("cx")) for c in circles]
    assert xs == sorted(xs) and len(set(xs)) == 4


def test_dashed_series_is_dashed_and_degree_colour_applied() -> None:
    root = parse(line(series=[Series("IDT", [0.1, 0.2, 0.3, 0.4], css="deg-IDT"),
                              Series("needed", [0.1, 0.3, 0.5, 0.7], dashed=True)]))
    solid, dashed = find(root, "//s:polyline")
    assert solid.get("stroke") == DEGREE_COLOURS["IDT"] and solid.get("stroke-dasharray") is None
    assert dashed.get("stroke") == PALETTE[1] and dashed.get("stroke-dasharray")
    assert {c.get("fill") for c in find(root, "//s:circle[@data-series='0']")} == {DEGREE_COLOURS["IDT"]}


def test_markers_are_placed_on_their_x_label_and_value() -> None:
    root = parse(line(markers=[Marker("2023", 0.85, "target 85 %")]))
    (marker,) = find(root, "//s:path[contains(concat(' ', @class, ' '), ' marker ')]")
    assert marker.get("data-x") == "2023" and f(marker.get("data-value")) == 0.85
    point = find(root, "//s:circle[@data-x='2023']")[0]
    xs = [f(v) for v in re.findall(r"-?\d+(?:\.\d)?", marker.get("d"))[0::2]]
    ys = [f(v) for v in re.findall(r"-?\d+(?:\.\d)?", marker.get("d"))[1::2]]
    assert (min(xs) + max(xs)) / 2 == pytest.approx(f(point.get("cx")), abs=0.1)
    # 0.85 sits above the 0.4 point, in proportion to the tick scale
    ticks = [f(t.get("data-value")) for t in find(root, "//s:text[contains(@class, 'tick')]")]
    tick_y = {f(t.get("data-value")): f(t.get("y")) - 4 for t in find(root, "//s:text[contains(@class, 'tick')]")}
    top, bottom = tick_y[ticks[-1]], tick_y[ticks[0]]
    expected = bottom - (0.85 - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)
    assert (min(ys) + max(ys)) / 2 == pytest.approx(expected, abs=0.2)
    assert ticks[-1] >= 0.85                                       # the axis covers the marker
    assert "target 85 %" in text_of(find(root, "//s:g[@class='markers']")[0])
    assert "target 85 %" in text_of(find(root, "//s:g[@class='legend']")[0])


def test_unknown_marker_x_label_raises() -> None:
    with pytest.raises(ValueError, match="2030"):
        line(markers=[Marker("2030", 0.85, "target")])


def test_legend_only_with_several_series_or_a_marker() -> None:
    assert not find(parse(line()), "//s:g[@class='legend']")
    two = parse(line(series=[Series("GB", [1, 2, 3, 4]), Series("BS <x>", [2, 3, 4, 5])]))
    (legend,) = find(two, "//s:g[@class='legend']")
    assert "GB" in text_of(legend) and "BS <x>" in text_of(legend)
    assert find(parse(line(markers=[Marker("2020", 0.5, "t")])), "//s:g[@class='legend']")


def tick_values(root: etree._Element) -> list[float]:
    return [f(t.get("data-value")) for t in find(root, "//s:g[contains(@class, 'axis-y')]/s:text")]


def assert_nice(ticks: list[float]) -> float:
    assert 4 <= len(ticks) <= 6
    steps = [b - a for a, b in itertools.pairwise(ticks)]
    step = steps[0]
    assert all(math.isclose(s, step, rel_tol=1e-6) for s in steps)
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5))
    assert all(math.isclose(t / step, round(t / step), abs_tol=1e-6) for t in ticks)   # on multiples
    return step


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.floats(0, 1e6)), min_size=1, max_size=20),
       y_max=st.one_of(st.none(), st.floats(0, 1e6)), marker=st.one_of(st.none(), st.floats(0, 1e6)))
def test_ticks_are_nice_and_cover_everything(values, y_max, marker) -> None:
    labels = [f"x{i}" for i in range(len(values))]
    markers = [Marker("x0", marker, "m")] if marker is not None else []
    svg = line_chart(labels, [Series("s", values)], title="t", desc="d", y_format=count, y_max=y_max, markers=markers)
    root = parse(svg)
    present = [v for v in values if v is not None]
    if not present:
        assert root.get("data-empty") == "true"
        return
    ticks = tick_values(root)
    assert_nice(ticks)
    assert ticks[0] == 0
    assert ticks[-1] >= max(present + [y_max or 0, marker or 0])


def test_ticks_with_data_minimum_and_y_format() -> None:
    root = parse(line(series=[Series("GB", [0.62, 0.7, 0.75, 0.81])], y_min=None))
    ticks = tick_values(root)
    assert_nice(ticks)
    assert ticks[0] <= 0.62 < ticks[1] and ticks[-1] >= 0.81 and ticks[0] > 0
    labels = [t.text for t in find(root, "//s:g[contains(@class, 'axis-y')]/s:text")]
    assert labels == [pct(t) for t in ticks]
    assert len(find(root, "//s:g[@class='grid']/s:line")) == len(ticks)
    assert tick_values(parse(line(y_max=1.0)))[-1] == 1.0


def test_x_labels_thinned_past_twelve_keeping_first_and_last() -> None:
    labels = [f"2000-{m:02d}" for m in range(1, 13)] + [f"2001-{m:02d}" for m in range(1, 19)]   # 30
    root = parse(line(x_labels=labels, series=[Series("GB", [i / 30 for i in range(30)])]))
    shown = [t.get("data-x") for t in find(root, "//s:text[contains(@class, 'x-label')]")]
    assert len(shown) <= 12
    assert shown[0] == labels[0] and shown[-1] == labels[-1]
    assert shown == sorted(shown, key=labels.index) and len(set(shown)) == len(shown)
    assert len(find(root, "//s:circle")) == 30                       # thinning hides labels, not data
    twelve = parse(line(x_labels=labels[:12], series=[Series("GB", [0.5] * 12)]))
    assert [t.text for t in find(twelve, "//s:text[contains(@class, 'x-label')]")] == labels[:12]


def test_negative_values_clamped_and_nan_is_missing() -> None:
    root = parse(line(series=[Series("GB", [-0.5, 0.2, float("nan"), 0.3])]))
    assert [f(c.get("data-value")) for c in find(root, "//s:circle")] == [0.0, 0.2, 0.3]
    assert tick_values(root)[0] == 0


def test_line_mismatched_lengths_raise() -> None:
    with pytest.raises(ValueError):
        line(series=[Series("GB", [0.1, 0.2])])
    with pytest.raises(ValueError):
        line_chart([], [Series("GB", [1])], title="t", desc="d", y_format=count)


# --- bar chart -------------------------------------------------------------------------------------


def bars(root: etree._Element) -> list[etree._Element]:
    return find(root, "//s:rect[contains(concat(' ', @class, ' '), ' bar ')]")


def test_bar_widths_proportional_to_values() -> None:
    root = parse(bar_chart([Bar("a", 40), Bar("b", 10), Bar("c", 0), Bar("d", 25)], title="t", desc="d",
                           value_format=count))
    rects = bars(root)
    assert [r.get("data-label") for r in rects] == ["a", "b", "c", "d"]
    assert [f(r.get("data-value")) for r in rects] == [40.0, 10.0, 0.0, 25.0]
    widths = [f(r.get("width")) for r in rects]
    assert widths[2] == 0
    assert widths[1] / widths[0] == pytest.approx(0.25, abs=0.005)
    assert widths[3] / widths[0] == pytest.approx(0.625, abs=0.005)
    assert len({r.get("x") for r in rects}) == 1
    values = [t.text for t in find(root, "//s:text[contains(@class, 'value')]")]
    assert values == ["40", "10", "0", "25"]


def test_bar_max_value_sets_the_scale() -> None:
    def width(max_value):
        svg = bar_chart([Bar("a", 50)], title="t", desc="d", value_format=count, max_value=max_value)
        return f(bars(parse(svg))[0].get("width"))
    assert width(100) == pytest.approx(width(None) / 2, abs=0.1)
    assert width(10) == width(None)                                 # values above max_value still fit


def test_bar_long_labels_truncated_with_full_label_kept() -> None:
    long = "ISO 14001:2015 Environmental management systems"
    root = parse(bar_chart([Bar(long, 2, note="since 2016"), Bar("short", 1)], title="t", desc="d",
                           value_format=count))
    labels = find(root, "//s:text[contains(@class, 'label')]")
    assert labels[0].text == long[:27] + "…" and len(labels[0].text) == 28
    assert labels[0].find(f"{{{SVG}}}title").text == long
    assert labels[1].text == "short" and labels[1].find(f"{{{SVG}}}title") is None
    rect = bars(root)[0]
    assert rect.get("data-label") == long
    assert rect.find(f"{{{SVG}}}title").text == f"{long}: 2 · since 2016"


def test_bar_height_grows_with_number_of_bars_and_degree_colour() -> None:
    def height(n):
        svg = bar_chart([Bar(str(i), i) for i in range(n)], title="t", desc="d", value_format=count)
        return f(parse(svg).get("viewBox").split()[3])
    assert height(1) < height(2) < height(10)
    root = parse(bar_chart([Bar("IDT", 3, css="deg-IDT"), Bar("plain", 2), Bar("odd", 1, css="deg-XYZ big")],
                           title="t", desc="d", value_format=count))
    rects = bars(root)
    assert rects[0].get("fill") == DEGREE_COLOURS["IDT"]
    assert rects[0].get("class").split() == ["bar", "deg-IDT"]
    assert rects[1].get("fill") == PALETTE[0] and rects[2].get("fill") == PALETTE[0]
    assert rects[2].get("class").split() == ["bar", "deg-XYZ", "big"]


# --- stacked bar -----------------------------------------------------------------------------------


def test_stacked_segments_proportional_and_zero_only_in_legend() -> None:
    root = parse(stacked_bar([Bar("IDT", 50, css="deg-IDT"), Bar("NEQ", 0, css="deg-NEQ"), Bar("MOD", 30),
                              Bar("unknown", 20, css="deg-unknown")], title="t", desc="d", value_format=count))
    segments = find(root, "//s:rect[contains(concat(' ', @class, ' '), ' segment ')]")
    assert [s.get("data-label") for s in segments] == ["IDT", "MOD", "unknown"]
    widths = [f(s.get("width")) for s in segments]
    total = sum(widths)
    assert [w / total for w in widths] == pytest.approx([0.5, 0.3, 0.2], abs=0.002)
    xs = [f(s.get("x")) for s in segments]                        # contiguous, left to right
    assert xs[1] == pytest.approx(xs[0] + widths[0], abs=0.1)
    assert xs[2] == pytest.approx(xs[1] + widths[1], abs=0.1)
    assert segments[0].get("fill") == DEGREE_COLOURS["IDT"]
    assert segments[2].get("fill") == DEGREE_COLOURS["unknown"]
    (legend,) = find(root, "//s:g[@class='legend']")
    legend_text = text_of(legend)
    for expected in ["IDT: 50 (50 %)", "NEQ: 0 (0 %)", "MOD: 30 (30 %)", "unknown: 20 (20 %)"]:
        assert expected in legend_text
    assert "NEQ" not in text_of(find(root, "//s:g[@class='segments']")[0])


def test_stacked_shares_are_whole_percentages() -> None:
    root = parse(stacked_bar([Bar("a", 1), Bar("b", 2)], title="t", desc="d", value_format=count))
    legend_text = text_of(find(root, "//s:g[@class='legend']")[0])
    assert "a: 1 (33 %)" in legend_text and "b: 2 (67 %)" in legend_text
    tips = [t.text for t in find(root, "//s:g[@class='segments']/s:rect/s:title")]
    assert tips == ["a: 1 (33 %)", "b: 2 (67 %)"]
    assert [t.text for t in find(root, "//s:text[contains(@class, 'share')]")] == ["33 %", "67 %"]


# --- grouped bars ----------------------------------------------------------------------------------


def test_grouped_bar_count_equals_non_none_values() -> None:
    series = [Series("IDT", [5, 3, None, 1], css="deg-IDT"), Series("MOD", [2, None, None, 0]),
              Series("NEQ", [1, 1, 2, None])]
    root = parse(grouped_bar_chart(["GB", "BS", "DIN", "JIS"], series, title="t", desc="d", value_format=count))
    rects = bars(root)
    assert len(rects) == 8
    got = [(r.get("data-category"), r.get("data-series"), f(r.get("data-value"))) for r in rects]
    assert ("DIN", "2", 2.0) in got and ("JIS", "1", 0.0) in got and ("BS", "1", 3.0) not in got
    assert {r.get("fill") for r in rects if r.get("data-series") == "0"} == {DEGREE_COLOURS["IDT"]}
    assert {r.get("fill") for r in rects if r.get("data-series") == "1"} == {PALETTE[1]}
    heights = {(r.get("data-category"), r.get("data-series")): f(r.get("height")) for r in rects}
    assert heights[("BS", "0")] / heights[("GB", "0")] == pytest.approx(0.6, abs=0.01)
    assert [t.text for t in find(root, "//s:text[contains(@class, 'x-label')]")] == ["GB", "BS", "DIN", "JIS"]
    legend = text_of(find(root, "//s:g[@class='legend']")[0])
    assert all(name in legend for name in ["IDT", "MOD", "NEQ"])
    ticks = tick_values(root)
    assert_nice(ticks)
    assert ticks[0] == 0 and ticks[-1] >= 5


def test_grouped_categories_thinned_and_truncated() -> None:
    categories = [f"category number {i} with a long name" for i in range(20)]
    root = parse(grouped_bar_chart(categories, [Series("s", list(range(20)))], title="t", desc="d",
                                   value_format=count, max_value=100))
    shown = find(root, "//s:text[contains(@class, 'x-label')]")
    assert len(shown) <= 12
    assert shown[0].get("data-category") == categories[0] and shown[-1].get("data-category") == categories[-1]
    assert all(t.text.endswith("…") and len(t.text) <= 28 for t in shown)
    assert tick_values(root)[-1] >= 100
    assert len(bars(root)) == 20


def test_series_classes_wrap_after_eight() -> None:
    series = [Series(f"s{i}", [i + 1]) for i in range(10)]
    root = parse(grouped_bar_chart(["c"], series, title="t", desc="d", value_format=count))
    rects = bars(root)
    assert rects[8].get("data-series") == "8" and "series-0" in rects[8].get("class").split()
    assert [r.get("fill") for r in rects[:8]] == list(PALETTE)


def test_grouped_mismatched_lengths_raise() -> None:
    with pytest.raises(ValueError):
        grouped_bar_chart(["a", "b"], [Series("s", [1])], title="t", desc="d", value_format=count)


# --- empty input -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, make", [
    ("line", lambda e: line_chart([], [], title="t", desc="d", y_format=count, empty=e)),
    ("line", lambda e: line_chart(["2020"], [], title="t", desc="d", y_format=count, empty=e)),
    ("line", lambda e: line_chart(["2020", "2021"], [Series("s", [None, None])], title="t", desc="d",
                                  y_format=count, empty=e)),
    ("bar", lambda e: bar_chart([], title="t", desc="d", value_format=count, empty=e)),
    ("stacked", lambda e: stacked_bar([], title="t", desc="d", value_format=count, empty=e)),
    ("stacked", lambda e: stacked_bar([Bar("a", 0), Bar("b", 0)], title="t", desc="d", value_format=count, empty=e)),
    ("grouped", lambda e: grouped_bar_chart([], [], title="t", desc="d", value_format=count, empty=e)),
    ("grouped", lambda e: grouped_bar_chart(["a"], [Series("s", [None])], title="t", desc="d",
                                            value_format=count, empty=e)),
])
def test_empty_input_gives_a_small_chart_saying_so(kind, make) -> None:
    root = parse(make("暂无数据 <none>"))
    assert root.get("data-empty") == "true"
    assert root.get("data-chart") == kind and root.get("class") == f"chart chart-{kind}"
    assert root.get("role") == "img" and root.get("width") == "100%"
    assert [e.text for e in find(root, "/s:svg/s:text")] == ["暂无数据 <none>"]
    assert root[0].text == "t" and root[1].text == "d"
    assert not find(root, "//s:rect | //s:circle | //s:polyline")
    assert str(make("x")) == str(make("x"))


def test_default_empty_text() -> None:
    root = parse(bar_chart([], title="t", desc="d", value_format=count))
    assert find(root, "/s:svg/s:text")[0].text == "no data"


# --- the module's own examples -------------------------------------------------------------------


def test_module_doctests_pass() -> None:
    result = doctest.testmod(charts)
    assert result.attempted > 0 and result.failed == 0
