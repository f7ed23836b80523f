"""The adoption overview report: one context object, rendered by an HTML and a Markdown template.

Templates live in `reports/<name>/<name>.html.j2` and `.md.j2`. One jinja2 Environment with
StrictUndefined; autoescape is on for `.html.j2` only, so Markdown is never HTML-escaped and HTML
always is. Output is sorted and carries no timestamp, so the same graph gives byte-identical files.

>>> from mapper.kg import open_kg
>>> ctx = build_overview(open_kg(":memory:"))
>>> ctx.rate["denominator"] > 0
True
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import jinja2

from mapper import __version__
from mapper.coverage import find_gaps, find_stale, list_adoptions
from mapper.kg import BUNDLED_GRAPH, load_manifest
from mapper.rates import compute_rate
from mapper.resources import resource_dir
from mapper.rules import CountingRules
from mapper.store import Store

DEGREE_LABELS = {
    "IDT": ("identical", "等同采用"), "MOD": ("modified", "修改采用"), "NEQ": ("not equivalent", "非等效"),
    "EQV": ("equivalent (legacy)", "等效（旧）"), "unknown": ("degree not established", "程度未确定"),
    "none": ("no correspondence", "无对应"), "": ("degree not established", "程度未确定"),
}
STATUS_LABELS = {
    "current": ("in force", "现行"), "forthcoming": ("forthcoming", "即将实施"), "superseded": ("superseded", "被代替"),
    "withdrawn": ("withdrawn", "废止"), "underDevelopment": ("under development", "制定中"),
    "unknown": ("unknown", "未知"), "": ("not recorded", "未记录"),
}


@dataclass
class SourceLine:
    graph: str
    origin: str
    records: int


@dataclass
class OverviewContext:
    """Everything the overview templates may use — and nothing else (tests check both directions)."""

    title_en: str
    title_zh: str
    stdmap_version: str
    scope_en: str
    scope_zh: str
    kb_version: str
    sources: list[SourceLine]
    rules_en: list[str]
    rules_zh: list[str]
    rate: dict
    adoptions: list[dict]
    gaps: list[dict]
    stale: list[dict]
    degree_labels: dict = field(default_factory=lambda: DEGREE_LABELS)
    status_labels: dict = field(default_factory=lambda: STATUS_LABELS)

    def to_json(self) -> dict:
        return asdict(self)


def build_overview(store: Store, rules: CountingRules | None = None) -> OverviewContext:
    rules = rules or CountingRules()
    manifest = load_manifest()
    sources = [
        SourceLine(s.graph.rsplit("/", 1)[-1], s.origin, s.records)
        for s in store.sources()
        if not s.origin.startswith("bundled:ontology")
    ]
    has_bundled = any(s.graph == str(BUNDLED_GRAPH) or s.graph == "bundled" for s in sources)
    scope_en = manifest.scope_en if has_bundled else "Imported sources only (the bundled knowledge base is not loaded)."
    scope_zh = manifest.scope_zh if has_bundled else "仅含导入的数据源（未载入内置知识库）。"
    rate = compute_rate(store, rules)
    return OverviewContext(
        title_en="Adoption of international standards — overview",
        title_zh="国际标准采用情况概览",
        stdmap_version=__version__,
        scope_en=scope_en,
        scope_zh=scope_zh,
        kb_version=manifest.version if has_bundled else "",
        sources=sorted(sources, key=lambda s: s.origin),
        rules_en=rules.describe(),
        rules_zh=rules.describe_zh(),
        rate=rate.to_json(),
        adoptions=[a.to_json() for a in list_adoptions(store)],
        gaps=[g.to_json() for g in find_gaps(store, rules)],
        stale=[s.to_json() for s in find_stale(store)],
    )


def context_fields() -> list[str]:
    return [f.name for f in fields(OverviewContext)]


def markdown_cell(value: object) -> str:
    r"""Free text inside a Markdown table cell: a `|` would end the cell and a line break the row.

    >>> markdown_cell("A | B\nC")
    'A \\| B C'
    """
    return " ".join(str(value).replace("|", "\\|").split())


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("reports"))),
        undefined=jinja2.StrictUndefined,
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda x: f"{100 * float(x):.1f} %"
    env.filters["cell"] = markdown_cell
    return env


def render(name: str, fmt: str, context: OverviewContext) -> str:
    template = environment().get_template(f"{name}/{name}.{fmt}.j2")
    return template.render(**{f: getattr(context, f) for f in context_fields()})


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so a reader never sees half a file.
    The file gets the mode a plain open() would give it (mkstemp's 0600 would make a report private)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_overview(store: Store, out_dir: Path, rules: CountingRules | None = None) -> list[Path]:
    context = build_overview(store, rules)
    written = []
    for fmt, ext in (("html", "html"), ("md", "md")):
        path = out_dir / f"overview.{ext}"
        write_atomic(path, render("overview", fmt, context))
        written.append(path)
    return written
