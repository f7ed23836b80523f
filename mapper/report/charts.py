"""Inline SVG charts for the self-contained HTML reports.

Why SVG written in Python, and not a JavaScript charting library:

* **Offline, one file.** A report is a single HTML file that must open anywhere — mailed, archived,
  on a machine without network. The charts are inline ``<svg>`` elements: no script, no CDN, no web
  font, no image, no link (there is no ``http`` in the output apart from the SVG namespace).
* **Deterministic.** The same input gives byte-identical output: element order follows the input,
  coordinates are printed with at most one decimal, and the ids are a short hash of the chart's
  title and data (not a counter or a random value), so report files can be compared and kept in git.
* **Testable.** Every mark carries its data (``data-value``, ``data-label``, ``data-x`` …) and a
  ``<title>`` tooltip, so tests parse the SVG and check what is drawn, not pixels.
* **Accessible and restylable.** The root has ``role="img"`` and is labelled by its ``<title>`` and
  ``<desc>``. Colours are inline ``fill``/``stroke`` attributes, so a chart looks right on its own,
  and every mark also has CSS classes (``series-0`` … ``series-7``, the caller's ``css`` such as
  ``deg-IDT``) so a page stylesheet can restyle it.

All text that reaches the SVG — titles, labels, series names, notes and formatted values — is
treated as plain text and escaped with `markupsafe.escape` (a `Markup` argument is escaped too: SVG
text cannot hold HTML). Characters XML does not allow are dropped; everything else, Chinese labels
included, is kept as written. Negative values are clamped to 0 and non-finite ones (NaN, ±inf) are
treated as missing. Empty data never raises: it gives a small chart that says ``empty`` and has
``data-empty="true"`` on its root. Mismatched lengths and markers on unknown x labels raise
`ValueError`.

>>> svg = bar_chart([Bar("IDT", 3, css="deg-IDT"), Bar("MOD", 1)], title="Degree", desc="Adoptions by degree",
...                 value_format=lambda v: f"{v:.0f}")
>>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
True
>>> svg.count('<rect class="bar')
2
>>> f'fill="{DEGREE_COLOURS["IDT"]}"' in svg
True
>>> line_chart([], [], title="t", desc="d", y_format=str, empty="nothing yet").count('data-empty="true"')
1
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

__all__ = [
    "DEGREE_COLOURS",
    "PALETTE",
    "Bar",
    "Marker",
    "Series",
    "bar_chart",
    "grouped_bar_chart",
    "line_chart",
    "stacked_bar",
]

#: The eight Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), in the
#: order series get them: the strong ones first, yellow (low contrast on white) and black late.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Colours of the degrees of correspondence, used when a Bar's or Series' css has a ``deg-XXX`` class.
DEGREE_COLOURS: dict[str, str] = {
    "IDT": "#009E73",      # identical — bluish green
    "MOD": "#0072B2",      # modified — blue
    "EQV": "#56B4E9",      # equivalent (legacy) — sky blue
    "NEQ": "#E69F00",      # not equivalent — orange
    "unknown": "#999999",  # degree not established — grey
    "none": "#D55E00",     # no correspondence — vermillion
}

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "system-ui, sans-serif"
WIDTH = 640                # every chart is 640 user units wide and scales with width="100%"
FONT_SIZE = 12
MAX_LABEL_CHARS = 28       # longer labels are truncated with "…" (the full text is in a <title>)
MAX_X_LABELS = 12          # more x labels / categories than this are thinned
INK = "#333333"            # text
MUTED = "#666666"          # axes, tick labels, the empty message
GRID = "#E0E0E0"           # horizontal grid lines
MARKER_COLOUR = "#333333"  # line-chart markers (targets)


@dataclass(frozen=True)
class Series:
    """One line (line_chart) or one bar per category (grouped_bar_chart)."""

    name: str
    values: Sequence[float | None]   # one per x label / category; None = no value (break the line, no bar)
    css: str = ""                    # extra CSS class(es) put on the line/bars, e.g. "deg-IDT" or "target"
    dashed: bool = False             # drawn dashed (used for "needed trajectory" lines)


@dataclass(frozen=True)
class Bar:
    """One bar (bar_chart) or one segment (stacked_bar)."""

    label: str
    value: float
    css: str = ""
    note: str = ""                   # extra text for the tooltip


@dataclass(frozen=True)
class Marker:
    """A single value marked on a line chart, e.g. a target."""

    x_label: str                     # must be one of the chart's x_labels, else ValueError
    value: float
    label: str                       # e.g. "target 85 %"


# ---------------------------------------------------------------------------------------------
# small helpers


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _e(text: object) -> str:
    """Any value as escaped XML text (attribute-safe: quotes are escaped too)."""
    return str(escape(_XML_INVALID.sub("", str(text))))


def _n(x: float) -> str:
    """A coordinate with at most one decimal: 12.0 → "12", 12.345 → "12.3", -0.0 → "0"."""
    s = f"{x:.1f}".removesuffix(".0")
    return "0" if s == "-0" else s


def _value(v: float | None) -> float | None:
    """None and non-finite values are missing; negative ones are clamped to 0."""
    if v is None:
        return None
    v = float(v)
    if not math.isfinite(v):
        return None
    return max(0.0, v)


def _classes(*parts: str) -> str:
    return _e(" ".join(" ".join(p.split()) for p in parts if p and p.strip()))


def _series(index: int) -> str:
    """The palette class of a series index: series-0 … series-7, then again from series-0."""
    return f"series-{index % len(PALETTE)}"


def _colour(index: int, css: str) -> str:
    """The degree colour when css has a known ``deg-XXX`` class, else the palette colour of the index."""
    for token in css.split():
        if token.startswith("deg-") and token[4:] in DEGREE_COLOURS:
            return DEGREE_COLOURS[token[4:]]
    return PALETTE[index % len(PALETTE)]


def _ink_on(colour: str) -> str:
    """Black or white, whichever reads better on a fill colour (#RRGGBB)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


_NARROW = frozenset(" .,:;'|!-()[]/·ilIjft")


def _char_width(ch: str, size: float) -> float:
    """An estimate after DejaVu Sans, the widest common system-ui fallback, so that text rather fits."""
    if unicodedata.east_asian_width(ch) in ("W", "F") or ch == "…":
        return size                       # CJK: square
    if ch in _NARROW:
        return size * 0.36
    if ch.isdigit():
        return size * 0.64
    if ch in "mwMW%@":
        return size * 0.95
    if ch.isupper():
        return size * 0.75
    return size * 0.6


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """A rough width estimate (no font metrics offline), on the generous side of common sans fonts."""
    return sum(_char_width(ch, size) for ch in text)


def _clip(text: str, max_chars: int = MAX_LABEL_CHARS, max_px: float | None = None,
          size: float = FONT_SIZE) -> str:
    """`text` cut to `max_chars` characters and (estimated) `max_px`, ending in "…" when cut."""
    text = str(text)
    fits = len(text) <= max_chars and (max_px is None or _text_width(text, size) <= max_px)
    if fits:
        return text
    budget = (max_px if max_px is not None else math.inf) - _char_width("…", size)
    out, used = [], 0.0
    for ch in text[:max_chars - 1]:
        used += _char_width(ch, size)
        if used > budget:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


def _text(x: float, y: float, content: str, *, cls: str, anchor: str = "start", fill: str = INK,
          size: float = FONT_SIZE, tooltip: str | None = None, attrs: str = "") -> str:
    tip = f"<title>{_e(tooltip)}</title>" if tooltip is not None else ""
    return (f'<text class="{_classes(cls)}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" '
            f'font-size="{_n(size)}" fill="{fill}"{attrs}>{_e(content)}{tip}</text>')


def _thin(n: int, limit: int = MAX_X_LABELS) -> list[int]:
    """Indices of the labels to print: all up to `limit`, else every k-th, always the first and last.

    >>> _thin(5)
    [0, 1, 2, 3, 4]
    >>> _thin(20)
    [0, 2, 4, 6, 8, 10, 12, 14, 16, 19]
    >>> _thin(24)
    [0, 3, 6, 9, 12, 15, 18, 23]
    >>> _thin(25)
    [0, 3, 6, 9, 12, 15, 18, 21, 24]
    """
    if n <= limit:
        return list(range(n))
    k = math.ceil((n - 1) / (limit - 1))
    keep = list(range(0, n, k))
    if keep[-1] != n - 1:
        keep[-1] = n - 1         # closer than k to the last label: show the last one instead
    return keep


def _nice_ticks(lo: float, hi: float) -> list[float]:
    """4–6 ticks with a step of 1, 2, 2.5 or 5 × 10ⁿ, from at most `lo` up to at least `hi`.

    >>> _nice_ticks(0, 0.31)
    [0.0, 0.1, 0.2, 0.3, 0.4]
    >>> _nice_ticks(0, 87)
    [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    >>> _nice_ticks(0, 10)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    >>> _nice_ticks(0, 12)
    [0.0, 2.5, 5.0, 7.5, 10.0, 12.5]
    """
    if hi - lo <= max(abs(hi) * 1e-9, 1e-300):     # flat (or as good as): give the axis some height
        hi = lo + (abs(lo) * 0.1 if lo else 1.0)
    span = hi - lo
    exponent = math.floor(math.log10(span / 6)) - 1
    while True:
        for mantissa in (1.0, 2.0, 2.5, 5.0):
            step = mantissa * 10.0 ** exponent
            first = math.floor(lo / step + 1e-9)
            last = math.ceil(hi / step - 1e-9)
            if last - first + 1 <= 6:
                # the previous (at most half as large) step gave 7 or more ticks, so this one gives
                # at least 4 (tests/test_report_charts.py checks this over random ranges)
                return [float(f"{k * step:.12g}") + 0.0 for k in range(first, last + 1)]
        exponent += 1


def _chart_id(kind: str, title: str, desc: str, payload: object) -> str:
    digest = hashlib.sha256(repr((kind, title, desc, payload)).encode("utf-8")).hexdigest()
    return f"c-{digest[:6]}"


def _svg(kind: str, cid: str, title: str, desc: str, height: float, body: list[str],
         *, empty: bool = False) -> Markup:
    flag = ' data-empty="true"' if empty else ""
    head = (f'<svg xmlns="{SVG_NS}" viewBox="0 0 {WIDTH} {_n(height)}" width="100%" role="img" '
            f'aria-labelledby="{cid}-title {cid}-desc" class="chart chart-{kind}" data-chart="{kind}" '
            f'font-family="{FONT_FAMILY}"{flag}>'
            f'<title id="{cid}-title">{_e(title)}</title><desc id="{cid}-desc">{_e(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _empty(kind: str, title: str, desc: str, empty: str, payload: object) -> Markup:
    cid = _chart_id(kind, title, desc, ("empty", payload))
    body = [_text(WIDTH / 2, 28, empty, cls="empty", anchor="middle", fill=MUTED, size=14)]
    return _svg(kind, cid, title, desc, 48, body, empty=True)


def _swatch(shape: str, x: float, y: float, colour: str, dashed: bool = False) -> str:
    """A legend key 18 units wide, vertically centred on y."""
    if shape == "line":
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        return (f'<line class="swatch" x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 18)}" y2="{_n(y)}" '
                f'stroke="{colour}" stroke-width="2"{dash}/>'
                f'<circle class="swatch" cx="{_n(x + 9)}" cy="{_n(y)}" r="3" fill="{colour}"/>')
    if shape == "diamond":
        return f'<path class="swatch" d="{_diamond(x + 9, y, 5)}" fill="{colour}"/>'
    return (f'<rect class="swatch" x="{_n(x + 3)}" y="{_n(y - 6)}" width="12" height="12" '
            f'fill="{colour}"/>')


def _diamond(cx: float, cy: float, r: float) -> str:
    return (f"M{_n(cx)} {_n(cy - r)} L{_n(cx + r)} {_n(cy)} L{_n(cx)} {_n(cy + r)} "
            f"L{_n(cx - r)} {_n(cy)} Z")


@dataclass(frozen=True)
class _LegendItem:
    text: str
    cls: str
    shape: str          # "line", "diamond" or "rect"
    colour: str
    dashed: bool = False
    attrs: str = ""


def _legend(items: Sequence[_LegendItem], top: float, left: float = 8) -> tuple[str, float]:
    """A legend flowing left to right and wrapping; returns the markup and its height."""
    row_h = 20
    x, y = left, top + row_h / 2
    parts = ['<g class="legend">']
    for item in items:
        label = _clip(item.text, max_chars=80, max_px=WIDTH - left - 40)
        w = 18 + 6 + _text_width(label) + 16
        if x > left and x + w > WIDTH - 8:
            x, y = left, y + row_h
        parts.append(f'<g class="{_classes("legend-item", item.cls)}"{item.attrs}>')
        parts.append(_swatch(item.shape, x, y, item.colour, item.dashed))
        parts.append(_text(x + 24, y + 4, label, cls="legend-label",
                           tooltip=item.text if label != item.text else None))
        parts.append("</g>")
        x += w
    parts.append("</g>")
    return "".join(parts), (y + row_h / 2) - top


def _check_lengths(what: str, n: int, series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != n:
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {n} {what}")


def _y_axis(ticks: list[float], fmt: Callable[[float], str], scale: Callable[[float], float],
            left: float, right: float) -> str:
    parts = ['<g class="grid">']
    for t in ticks:
        y = _n(scale(t))
        parts.append(f'<line x1="{_n(left)}" y1="{y}" x2="{_n(right)}" y2="{y}" stroke="{GRID}" '
                     f'stroke-width="1"/>')
    parts.append('</g><g class="axis axis-y">')
    for t in ticks:
        parts.append(_text(left - 6, scale(t) + 4, fmt(t), cls="tick", anchor="end", fill=MUTED,
                           attrs=f' data-value="{t!r}"'))
    parts.append("</g>")
    return "".join(parts)


def _baseline(left: float, right: float, y: float) -> str:
    return (f'<line class="axis-line" x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" '
            f'stroke="{MUTED}" stroke-width="1"/>')


def _x_labels(labels: Sequence[str], centres: Sequence[float], spacing: float, y: float,
              attr: str) -> str:
    """Labels under the plot: thinned past 12, at 12 units or, when that is too wide, 10; truncated
    when even that does not fit (the full label is its tooltip); kept inside the chart at the edges."""
    shown = _thin(len(labels))
    gap = min((b - a for a, b in pairwise(shown)), default=len(labels))
    room = max(spacing * gap - 2, 3 * FONT_SIZE)
    size = FONT_SIZE if all(_text_width(str(labels[i])) <= room for i in shown) else 10
    parts = ['<g class="axis axis-x">']
    for i in shown:
        full = str(labels[i])
        text = _clip(full, max_px=room, size=size)
        x, anchor, half = centres[i], "middle", _text_width(text, size) / 2
        if x + half > WIDTH - 2:
            x, anchor = WIDTH - 2, "end"
        elif x - half < 2:
            x, anchor = 2, "start"
        parts.append(_text(x, y, text, cls="x-label", anchor=anchor, fill=MUTED, size=size,
                           tooltip=full if text != full else None,
                           attrs=f' {attr}="{_e(full)}"'))
    parts.append("</g>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# the charts


def line_chart(x_labels: Sequence[str], series: Sequence[Series], *, title: str, desc: str,
               y_format: Callable[[float], str], y_min: float | None = 0.0, y_max: float | None = None,
               markers: Sequence[Marker] = (), empty: str = "no data") -> Markup:
    """Lines over x labels (years, months …), broken where a value is None, with optional markers.

    Each value is a ``<circle class="point series-i …">`` with ``data-series``, ``data-x`` and
    ``data-value`` and a tooltip; each unbroken run of two or more values is a
    ``<polyline class="line series-i …">``; each marker is a diamond ``<path class="marker">``
    with its label next to it. The y axis has 4–6 nice ticks (formatted with `y_format`) from
    `y_min` (the data minimum when None) up to at least the largest value, marker and `y_max`.
    """
    x_labels = [str(x) for x in x_labels]
    _check_lengths("x labels", len(x_labels), series)
    index = {}
    for i, x in enumerate(x_labels):
        index.setdefault(x, i)
    for m in markers:
        if m.x_label not in index:
            raise ValueError(f"marker {m.label!r} is on x label {m.x_label!r}, which is not in the chart")

    values = [[_value(v) for v in s.values] for s in series]
    payload = (x_labels, list(series), list(markers), y_min, y_max)
    present = [v for row in values for v in row if v is not None]
    if not x_labels or not series or not present:
        return _empty("line", title, desc, empty, payload)
    cid = _chart_id("line", title, desc, payload)

    marker_values = [_value(m.value) for m in markers]
    everything = present + [v for v in marker_values if v is not None]
    lo = max(0.0, y_min) if y_min is not None else min(everything)
    hi = max(everything + ([y_max] if y_max is not None else []) + [lo])
    ticks = _nice_ticks(lo, hi)
    tick_w = max(_text_width(y_format(t)) for t in ticks)

    left = 10 + tick_w + 6
    right = WIDTH - 10
    top, plot_h = 14, 220
    bottom = top + plot_h
    t0, t1 = ticks[0], ticks[-1]

    def y_of(v: float) -> float:
        return bottom - (v - t0) / (t1 - t0) * plot_h

    n = len(x_labels)
    spacing = (right - left) / n
    inset = spacing / 2 if n > 1 else 0.0     # keep the first and last point off the axis
    if n == 1:
        xs = [(left + right) / 2]
    else:
        xs = [left + inset + i * (right - left - 2 * inset) / (n - 1) for i in range(n)]

    body = [_y_axis(ticks, y_format, y_of, left, right), _baseline(left, right, bottom),
            _x_labels(x_labels, xs, spacing, bottom + 18, "data-x")]

    for i, (s, row) in enumerate(zip(series, values)):
        colour = _colour(i, s.css)
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        body.append(f'<g class="{_classes("series", _series(i), s.css)}" data-series="{i}" '
                    f'data-name="{_e(s.name)}">')
        runs: list[list[int]] = [[]]
        for j, v in enumerate(row):
            if v is None:
                if runs[-1]:
                    runs.append([])
            else:
                runs[-1].append(j)
        for run in runs:
            if len(run) < 2:
                continue
            points = " ".join(f"{_n(xs[j])},{_n(y_of(row[j]))}" for j in run)
            body.append(f'<polyline class="{_classes("line", _series(i), s.css)}" data-series="{i}" '
                        f'points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
                        f'stroke-linejoin="round" stroke-linecap="round"{dash}/>')
        for j, v in enumerate(row):
            if v is None:
                continue
            tip = f"{s.name} · {x_labels[j]}: {y_format(v)}"
            body.append(f'<circle class="{_classes("point", _series(i), s.css)}" data-series="{i}" '
                        f'data-x="{_e(x_labels[j])}" data-value="{v!r}" cx="{_n(xs[j])}" '
                        f'cy="{_n(y_of(v))}" r="3.5" fill="{colour}" stroke="#FFFFFF" stroke-width="1">'
                        f'<title>{_e(tip)}</title></circle>')
        body.append("</g>")

    if markers:
        body.append('<g class="markers">')
        for m, v in zip(markers, marker_values):
            v = 0.0 if v is None else v
            x, y = xs[index[m.x_label]], y_of(v)
            tip = f"{m.label} · {m.x_label}: {y_format(v)}"
            body.append(f'<path class="marker" data-x="{_e(m.x_label)}" data-value="{v!r}" '
                        f'd="{_diamond(x, y, 6)}" fill="{MARKER_COLOUR}" stroke="#FFFFFF" '
                        f'stroke-width="1"><title>{_e(tip)}</title></path>')
            on_right = x > (left + right) / 2
            ty = y - 9 if y - 9 > top + 4 else y + 18
            label = _clip(m.label, max_chars=40, max_px=(x - left - 10) if on_right else (right - x - 10))
            body.append(_text(x - 9 if on_right else x + 9, ty, label, cls="marker-label",
                              anchor="end" if on_right else "start", fill=MARKER_COLOUR,
                              tooltip=m.label if label != m.label else None,
                              attrs=f' data-x="{_e(m.x_label)}"'))
        body.append("</g>")

    height = bottom + 30
    if len(series) > 1 or markers:
        items = [_LegendItem(s.name, f"{_series(i)} {s.css}", "line", _colour(i, s.css), s.dashed,
                             f' data-series="{i}"') for i, s in enumerate(series)]
        seen: set[str] = set()
        for m in markers:
            if m.label not in seen:
                seen.add(m.label)
                items.append(_LegendItem(m.label, "marker", "diamond", MARKER_COLOUR))
        legend, legend_h = _legend(items, height)
        body.append(legend)
        height += legend_h + 8
    return _svg("line", cid, title, desc, height, body)


def bar_chart(bars: Sequence[Bar], *, title: str, desc: str, value_format: Callable[[float], str],
              max_value: float | None = None, empty: str = "no data") -> Markup:
    """Horizontal bars, one row per bar, scaled from 0 to max(`max_value`, values).

    Each bar is a ``<rect class="bar …">`` with ``data-label`` (the full label) and ``data-value``;
    the label at the left is truncated past 28 characters (full label in the tooltip); the formatted
    value is printed at the bar's end.
    """
    payload = (list(bars), max_value)
    if not bars:
        return _empty("bar", title, desc, empty, payload)
    cid = _chart_id("bar", title, desc, payload)

    values = [_value(b.value) or 0.0 for b in bars]
    scale_max = max(values + [_value(max_value) or 0.0])
    scale_max = scale_max if scale_max > 0 else 1.0
    labels = [_clip(b.label, max_px=WIDTH * 0.4) for b in bars]
    texts = [value_format(v) for v in values]
    label_w = max(_text_width(lb) for lb in labels)
    left = 8 + label_w + 8
    value_w = max(_text_width(t) for t in texts) + 12
    plot_w = max(WIDTH - 8 - value_w - left, 40.0)
    row_h, bar_h, top = 24, 16, 8

    body = ['<g class="bars">']
    for i, (b, v, label, text) in enumerate(zip(bars, values, labels, texts)):
        y = top + i * row_h
        w = v / scale_max * plot_w
        colour = _colour(0, b.css)
        tip = f"{b.label}: {text}" + (f" · {b.note}" if b.note else "")
        body.append(f'<g class="row" data-index="{i}">')
        body.append(_text(left - 8, y + row_h / 2 + 4, label, cls="label", anchor="end",
                          tooltip=b.label if label != b.label else None))
        body.append(f'<rect class="{_classes("bar", b.css)}" data-label="{_e(b.label)}" data-value="{v!r}" '
                    f'x="{_n(left)}" y="{_n(y + (row_h - bar_h) / 2)}" width="{_n(w)}" height="{bar_h}" '
                    f'fill="{colour}"><title>{_e(tip)}</title></rect>')
        body.append(_text(left + w + 4, y + row_h / 2 + 4, text, cls="value", fill=INK))
        body.append("</g>")
    body.append("</g>")
    body.append(f'<line class="axis-line" x1="{_n(left)}" y1="{top}" x2="{_n(left)}" '
                f'y2="{_n(top + len(bars) * row_h)}" stroke="{MUTED}" stroke-width="1"/>')
    return _svg("bar", cid, title, desc, top + len(bars) * row_h + 8, body)


def stacked_bar(segments: Sequence[Bar], *, title: str, desc: str, value_format: Callable[[float], str],
                empty: str = "no data") -> Markup:
    """One 100 % horizontal bar split by each segment's share of the sum, with a legend.

    Each drawn segment is a ``<rect class="segment series-i …">`` with ``data-label`` and
    ``data-value``; zero segments are not drawn but are listed in the legend, which gives each
    segment's label, formatted value and whole-percentage share.
    """
    payload = list(segments)
    values = [_value(s.value) or 0.0 for s in segments]
    total = sum(values)
    if not segments or total <= 0:
        return _empty("stacked", title, desc, empty, payload)
    cid = _chart_id("stacked", title, desc, payload)

    shares = [round(100 * v / total) for v in values]     # whole percentages, as in the legend
    left, right, top, bar_h = 8.0, WIDTH - 8.0, 8.0, 28.0
    plot_w = right - left
    body = ['<g class="segments">']
    cum = 0.0
    for i, (s, v, share) in enumerate(zip(segments, values, shares)):
        x0 = left + cum / total * plot_w
        cum += v
        x1 = left + cum / total * plot_w
        if v <= 0:
            continue
        colour = _colour(i, s.css)
        tip = f"{s.label}: {value_format(v)} ({share} %)" + (f" · {s.note}" if s.note else "")
        body.append(f'<rect class="{_classes("segment", _series(i), s.css)}" data-label="{_e(s.label)}" '
                    f'data-value="{v!r}" x="{_n(x0)}" y="{_n(top)}" width="{_n(x1 - x0)}" '
                    f'height="{_n(bar_h)}" fill="{colour}"><title>{_e(tip)}</title></rect>')
        pct = f"{share} %"
        if x1 - x0 >= _text_width(pct) + 8:
            body.append(_text((x0 + x1) / 2, top + bar_h / 2 + 4, pct, cls="share", anchor="middle",
                              fill=_ink_on(colour)))
    body.append("</g>")
    items = [_LegendItem(f"{s.label}: {value_format(v)} ({share} %)",
                         f"{_series(i)} {s.css}", "rect", _colour(i, s.css),
                         attrs=f' data-label="{_e(s.label)}" data-value="{v!r}"')
             for i, (s, v, share) in enumerate(zip(segments, values, shares))]
    legend, legend_h = _legend(items, top + bar_h + 8)
    body.append(legend)
    return _svg("stacked", cid, title, desc, top + bar_h + 8 + legend_h + 8, body)


def grouped_bar_chart(categories: Sequence[str], series: Sequence[Series], *, title: str, desc: str,
                      value_format: Callable[[float], str], max_value: float | None = None,
                      empty: str = "no data") -> Markup:
    """Vertical bars grouped by category, one bar per series (None → no bar), with a legend.

    Each bar is a ``<rect class="bar series-i …">`` with ``data-category``, ``data-series`` (the
    series index) and ``data-value``. The y axis has 4–6 nice ticks from 0 to at least
    max(`max_value`, values); category labels are thinned past 12 and truncated to fit.
    """
    categories = [str(c) for c in categories]
    _check_lengths("categories", len(categories), series)
    values = [[_value(v) for v in s.values] for s in series]
    payload = (categories, list(series), max_value)
    present = [v for row in values for v in row if v is not None]
    if not categories or not series or not present:
        return _empty("grouped", title, desc, empty, payload)
    cid = _chart_id("grouped", title, desc, payload)

    ticks = _nice_ticks(0.0, max(present + [_value(max_value) or 0.0]))
    left = 10 + max(_text_width(value_format(t)) for t in ticks) + 6
    right, top, plot_h = WIDTH - 8, 14, 200
    bottom = top + plot_h
    t1 = ticks[-1]

    def y_of(v: float) -> float:
        return bottom - v / t1 * plot_h

    n = len(categories)
    group_w = (right - left) / n
    inner = group_w * 0.8
    bar_w = inner / len(series)
    centres = [left + (c + 0.5) * group_w for c in range(n)]

    body = [_y_axis(ticks, value_format, y_of, left, right), _baseline(left, right, bottom),
            _x_labels(categories, centres, group_w, bottom + 18, "data-category")]
    for c, category in enumerate(categories):
        body.append(f'<g class="group" data-category="{_e(category)}">')
        x0 = centres[c] - inner / 2
        for i, (s, row) in enumerate(zip(series, values)):
            v = row[c]
            if v is None:
                continue
            y = y_of(v)
            tip = f"{s.name} · {category}: {value_format(v)}"
            body.append(f'<rect class="{_classes("bar", _series(i), s.css)}" '
                        f'data-category="{_e(category)}" data-series="{i}" data-value="{v!r}" '
                        f'x="{_n(x0 + i * bar_w)}" y="{_n(y)}" width="{_n(max(bar_w - 1, 0.5))}" '
                        f'height="{_n(bottom - y)}" fill="{_colour(i, s.css)}"><title>{_e(tip)}</title></rect>')
        body.append("</g>")

    items = [_LegendItem(s.name, f"{_series(i)} {s.css}", "rect", _colour(i, s.css), attrs=f' data-series="{i}"')
             for i, s in enumerate(series)]
    legend, legend_h = _legend(items, bottom + 30)
    body.append(legend)
    return _svg("grouped", cid, title, desc, bottom + 30 + legend_h + 8, body)
