"""Reports: one context object per report, rendered by an HTML and a Markdown template, plus its tables as
CSV and XLSX and the context itself as JSON.

A report builder (`overview`, `comparison`, `dossier`, `target`) reads the graph and returns a `Report`: its
figures, `Table`s and `Chart`s, all language-neutral (codes, numbers, ISO dates, titles in both languages).
The language is chosen at rendering: templates print labels with `t("key")` (mapper/labels.py, one table for
every report), numbers and dates with `fmt` in the reader's convention, and charts with `chart(spec)` as inline
SVG (mapper/report/charts.py). So the JSON context is the same whatever the language, and the HTML and
Markdown of one language show the same numbers.

Templates live in `reports/<name>/<name>.html.j2` and `.md.j2`, sharing `reports/_layout.html.j2` and the
table macros in `reports/_macros.{html,md}.j2`. One jinja2 Environment with StrictUndefined; autoescape is on
for `.html.j2` only, so Markdown is never HTML-escaped and HTML always is. The page is one file: CSS and JS
inlined from `reports/_assets/`, no external resource (a Content-Security-Policy forbids any). Output is sorted
and carries no timestamp, so the same graph gives byte-identical files.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import jinja2
from markupsafe import Markup

from mapper import __version__
from mapper.kg import BUNDLED_GRAPH, load_manifest
from mapper.labels import LANGS, Fmt, Labels, check_lang
from mapper.resources import resource_dir
from mapper.store import Store

#: column kinds: how a cell is written and sorted (HTML `data-type`: num, date or text)
KINDS = {
    "text": "text", "id": "text", "title": "text", "list": "text", "links": "text", "code": "text",
    "int": "num", "pct": "num", "months": "num", "num": "num",
    "date": "date", "degree": "text", "status": "text", "gapkind": "text", "bool": "text", "label": "text",
}
#: the default output folder (relative to the working directory), printed by `stdmap report`
DEFAULT_OUT = Path("stdmap-report")
REPORTS = ("overview", "comparison", "dossier", "target")


@dataclass
class Column:
    key: str  # the row key, also the CSV header
    label: str  # label key (mapper/labels.py)
    kind: str = "text"
    header: dict[str, str] | None = None  # a heading written out per language, instead of the label's

    def heading(self, t: Labels) -> str:
        return self.header[t.lang] if self.header else t(self.label)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Table:
    key: str  # HTML id `t-<key>`, XLSX sheet and CSV file name
    title: str  # label key
    columns: list[Column]
    rows: list[dict[str, Any]]
    limit: int | None = None  # rows shown in the page; CSV/XLSX always have all
    note: str = ""  # label key of a note printed under the table

    @property
    def shown(self) -> list[dict[str, Any]]:
        return self.rows if self.limit is None else self.rows[: self.limit]

    @property
    def truncated(self) -> bool:
        return self.limit is not None and len(self.rows) > self.limit


@dataclass
class Chart:
    """What to draw; the SVG is made at rendering, in the reader's language.

    `series` items: {"name": text, "label": label key (wins over name), "values": [...], "css": "", "dashed": bool};
    `bars`: {"label": text, "label_key": label key, "value": number, "css": ""};
    `markers`: {"x": x label, "value": number, "label": label key, "label_values": {fields for the label}}."""

    key: str
    kind: str  # line | bar | stacked | grouped
    title: str  # label key
    desc: str  # label key: what the chart shows, for screen readers and the Markdown version
    value: str = "pct"  # pct | int | months — how values are written
    x: list[str] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    bars: list[dict[str, Any]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    y_max: float | None = None


@dataclass
class SourceLine:
    graph: str
    origin: str
    records: int


@dataclass
class Report:
    """Everything a report's templates may use."""

    kind: str  # overview | comparison | dossier | target
    slug: str  # file stem: <slug>.<lang>.html …
    title: dict[str, str]  # {"en": …, "zh": …}
    subject: dict[str, str]  # what the report is about, one line per language
    meta: dict[str, Any]  # stdmap_version, kb_version, sources, as_of, rules {"en": [...], "zh": [...]}
    figures: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def table_list(self) -> list[Table]:
        return list(self.tables.values())


def base_meta(store: Store, rules: Any = None) -> dict[str, Any]:
    """Version, knowledge base, sources and (when given) the counting rules in both languages."""
    manifest = load_manifest()
    sources = sorted(
        (SourceLine(s.graph.rsplit("/", 1)[-1], s.origin, s.records) for s in store.sources()
         if not s.origin.startswith("bundled:ontology")),
        key=lambda s: s.origin,
    )
    has_bundled = any(s.graph == str(BUNDLED_GRAPH).rsplit("/", 1)[-1] or s.graph == "bundled" for s in sources)
    meta: dict[str, Any] = {
        "stdmap_version": __version__,
        "kb_version": manifest.version if has_bundled else "",
        "kb_scope": {"en": manifest.scope_en, "zh": manifest.scope_zh} if has_bundled else
        {"en": "Imported sources only (the bundled knowledge base is not loaded).",
         "zh": "仅含导入的数据源（未载入内置知识库）。"},
        "sources": [asdict(s) for s in sources],
        "as_of": None,
        "rules": None,
    }
    if rules is not None:
        meta["as_of"] = rules.as_of.isoformat() if rules.as_of else None
        meta["rules"] = {"en": rules.describe(), "zh": rules.describe_zh()}
    return meta


# -- rendering ------------------------------------------------------------------------------------------------
def markdown_cell(value: object) -> str:
    r"""Free text inside a Markdown table cell: a `|` would end the cell and a line break the row.

    >>> markdown_cell("A | B\nC")
    'A \\| B C'
    """
    return " ".join(str(value).replace("|", "\\|").split())


def asset(name: str) -> Markup:
    """A file of reports/_assets/, inlined as is (our own CSS/JS, never user data)."""
    text = (resource_dir("reports") / "_assets" / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"reports/_assets/{name} must not contain a closing script/style tag")
    return Markup(text)


class Cells:
    """How a value is written in a cell of a given column kind, in one language."""

    def __init__(self, t: Labels, fmt: Fmt) -> None:
        self.t, self.fmt = t, fmt

    def text(self, value: Any, kind: str) -> str:
        if value is None or value == "" or value == []:
            return "" if kind not in ("int", "pct", "months", "num", "date") else "—"
        if kind == "int":
            return self.fmt.num(value)
        if kind == "num":
            return self.fmt.num(value, 1)
        if kind == "pct":
            return self.fmt.pct(value)
        if kind == "months":
            return self.fmt.num(value, 0 if float(value).is_integer() else 1)
        if kind == "date":
            return self.fmt.date(value) if len(str(value)) >= 10 else str(value)
        if kind == "title":
            return title_in(value, self.t.lang)
        if kind == "status":
            return self.t(f"status.{value}") if self.t.has(f"status.{value}") else str(value)
        if kind == "gapkind":
            return self.t(f"gapkind.{value}")
        if kind == "label":
            return self.t(str(value))
        if kind == "bool":
            return self.t("value.yes" if value else "value.no")
        if kind in ("list", "links"):
            return "; ".join(str(v) for v in value)
        return str(value)

    def md(self, value: Any, kind: str) -> str:
        """Markdown cell text: links as autolinks, everything else as in `text`."""
        if kind == "links":
            return " ".join(f"<{u}>" if self.href(u) else str(u) for u in value or [])
        return self.text(value, kind)

    @staticmethod
    def href(url: Any) -> bool:
        """Only web and file addresses become links (never `javascript:` or the like from a source file)."""
        return str(url).lower().startswith(("https://", "http://", "file://"))

    @staticmethod
    def short(url: str) -> str:
        """A link's visible text: the host and the start of the path."""
        text = re.sub(r"^[a-z]+://", "", str(url))
        return text if len(text) <= 48 else text[:47] + "…"

    def sort(self, value: Any, kind: str) -> str:
        """The `data-sort` key: raw numbers and ISO dates, so sorting and tests read exact values."""
        if value is None or value == "":
            return ""
        if KINDS[kind] == "num":
            number = float(value)
            return str(int(number)) if number.is_integer() and kind != "pct" else repr(number)
        if kind == "title":
            return title_in(value, self.t.lang)
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return str(value)


def title_in(value: Any, lang: str) -> str:
    """A {"zh": …, "en": …} title in the reader's language, else the other one — Chinese titles as written."""
    if isinstance(value, dict):
        other = "en" if lang == "zh" else "zh"
        return value.get(lang) or value.get(other) or ""
    return "" if value is None else str(value)


def _value_format(kind: str, fmt: Fmt) -> Callable[[float], str]:
    if kind == "pct":
        return lambda v: fmt.pct(v, 0 if abs(v * 100 - round(v * 100)) < 1e-9 else 1)
    if kind == "months":
        return fmt.months
    return lambda v: fmt.num(v, 0 if float(v).is_integer() else 1)


def render_chart(spec: Chart, t: Labels, fmt: Fmt) -> Markup:
    from mapper.report import charts

    vf = _value_format(spec.value, fmt)
    title, desc, empty = t(spec.title), t(spec.desc), t("chart.no_data")

    def name(item: dict[str, Any], text_key: str = "name", label_key: str = "label") -> str:
        return t(item[label_key], **item.get("label_values", {})) if item.get(label_key) else str(item.get(text_key, ""))

    series = [charts.Series(name(s), s["values"], s.get("css", ""), s.get("dashed", False)) for s in spec.series]
    if spec.kind == "line":
        markers = [charts.Marker(m["x"], m["value"], t(m["label"], **m.get("label_values", {}))) for m in spec.markers]
        return charts.line_chart(spec.x, series, title=title, desc=desc, y_format=vf, y_max=spec.y_max,
                                 markers=markers, empty=empty)
    bars = [charts.Bar(name(b, "label", "label_key"), b["value"], b.get("css", "")) for b in spec.bars]
    if spec.kind == "bar":
        return charts.bar_chart(bars, title=title, desc=desc, value_format=vf, max_value=spec.y_max, empty=empty)
    if spec.kind == "stacked":
        return charts.stacked_bar(bars, title=title, desc=desc, value_format=vf, empty=empty)
    if spec.kind == "grouped":
        return charts.grouped_bar_chart(spec.x, series, title=title, desc=desc, value_format=vf,
                                        max_value=spec.y_max, empty=empty)
    raise ValueError(f"unknown chart kind {spec.kind!r}")


def chart_data(spec: Chart, t: Labels, fmt: Fmt) -> dict[str, Any]:
    """A chart as a table (headers, rows of formatted text): the Markdown version of the chart."""
    vf = _value_format(spec.value, fmt)

    def name(item: dict[str, Any], text_key: str = "name", label_key: str = "label") -> str:
        return t(item[label_key], **item.get("label_values", {})) if item.get(label_key) else str(item.get(text_key, ""))

    if spec.kind in ("line", "grouped"):
        if not spec.x or not spec.series or all(v is None for s in spec.series for v in s["values"]):
            return {"headers": [], "rows": []}
        headers = [t("col.key") if spec.kind == "grouped" else t("col.date")] + [name(s) for s in spec.series]
        rows = [[x] + ["—" if s["values"][i] is None else vf(s["values"][i]) for s in spec.series]
                for i, x in enumerate(spec.x)]
        for m in spec.markers:
            marker = t(m["label"], **m.get("label_values", {}))
            rows.append([f"{m['x']} ({marker})"] + [vf(m["value"])]
                        + ["" for _ in spec.series[1:]])
        return {"headers": headers, "rows": rows}
    if not spec.bars:
        return {"headers": [], "rows": []}
    return {"headers": [t("col.key"), t("col.value")],
            "rows": [[name(b, "label", "label_key"), vf(b["value"])] for b in spec.bars]}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("reports"))),
        undefined=jinja2.StrictUndefined,
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = markdown_cell
    env.globals["asset"] = asset
    env.globals["KINDS"] = KINDS
    return env


def file_names(report: Report, lang: str) -> dict[str, str]:
    return {"html": f"{report.slug}.{lang}.html", "md": f"{report.slug}.{lang}.md",
            "xlsx": f"{report.slug}.{lang}.xlsx", "json": f"{report.slug}.json", "csv": f"{report.slug}-csv"}


def render(report: Report, fmt_name: str, lang: str) -> str:
    """The report as HTML (`fmt_name` "html") or Markdown ("md") in `lang`."""
    lang = check_lang(lang)
    t, fmt = Labels(lang, report.kind), Fmt(lang)
    cells = Cells(t, fmt)
    template = environment().get_template(f"{report.kind}/{report.kind}.{fmt_name}.j2")
    from mapper.report.tables import sheet_names

    return template.render(
        r=report, lang=lang, t=t, fmt=fmt, cells=cells, files=file_names(report, lang), sheets=sheet_names(report),
        chart=lambda spec: render_chart(spec, t, fmt), chart_data=lambda spec: chart_data(spec, t, fmt),
        title_in=lambda v: title_in(v, lang),
    )


# -- writing --------------------------------------------------------------------------------------------------
def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder and rename, so a reader never sees half a file.
    The file gets the mode a plain open() would give it (mkstemp's 0600 would make a report private)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip (XLSX) with fixed entry times and document dates, so the same report gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data_ = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time as "modified"
                data_ = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data_)
            dst.writestr(fixed, data_)
    return out.getvalue()


def slugify(text: str) -> str:
    """A file-name stem: ASCII letters and digits, `-` between.

    >>> slugify("GB/T 24001-2016"), slugify("ISO/TC 207 vs ISO/TC 301")
    ('gb-t-24001-2016', 'iso-tc-207-vs-iso-tc-301')
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "report"


FORMATS = ("html", "md", "xlsx", "csv", "json")


def write_report(report: Report, out_dir: Path, lang: str, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write the report's files into `out_dir`; returns their paths (the HTML first when written)."""
    from mapper.report.tables import csv_files, xlsx_bytes

    names = file_names(report, lang)
    written: list[Path] = []
    for fmt_name in formats:
        if fmt_name in ("html", "md"):
            path = out_dir / names[fmt_name]
            write_atomic(path, render(report, fmt_name, lang))
            written.append(path)
        elif fmt_name == "xlsx":
            path = out_dir / names["xlsx"]
            write_atomic(path, stable_zip(xlsx_bytes(report, lang)))
            written.append(path)
        elif fmt_name == "csv":
            for name, text in csv_files(report):
                path = out_dir / names["csv"] / name
                write_atomic(path, text)
                written.append(path)
        elif fmt_name == "json":
            import json

            path = out_dir / names["json"]
            write_atomic(path, json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
            written.append(path)
        else:
            raise ValueError(f"unknown format {fmt_name!r}; expected one of {', '.join(FORMATS)}")
    return written


__all__ = [
    "DEFAULT_OUT", "FORMATS", "KINDS", "LANGS", "REPORTS", "Cells", "Chart", "Column", "Report", "SourceLine",
    "Table", "base_meta", "environment", "file_names", "markdown_cell", "render", "render_chart", "slugify",
    "stable_zip", "title_in", "write_atomic", "write_report",
]
