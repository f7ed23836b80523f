"""SHACL validation of the graph against ontology/shapes.ttl (pySHACL, no inference).

Exit codes follow pySHACL's convention in the CLI: 0 conforms, 1 does not conform, 2 unreadable input.

>>> from mapper.kg import open_kg
>>> validate_store(open_kg(":memory:")).conforms
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

from mapper.resources import resource_dir
from mapper.store import Store
from mapper.vocab import ONTOLOGY_FILES, SHAPES_FILE


@dataclass(frozen=True)
class Violation:
    severity: str  # Violation / Warning / Info
    node: str
    shape: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.severity}: {self.node}{where}{value} — {self.message} [{self.shape}]"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[Violation]
    triples: int

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "Violation"]


def shapes_graph() -> Graph:
    g = Graph()
    g.parse(resource_dir("ontology") / SHAPES_FILE, format="turtle")
    return g


def ontology_graph() -> Graph:
    g = Graph()
    for name in ONTOLOGY_FILES:
        g.parse(resource_dir("ontology") / name, format="turtle")
    return g


def _short(term: object, g: Graph) -> str:
    if term is None:
        return ""
    try:
        return g.namespace_manager.normalizeUri(term) if not hasattr(term, "language") else str(term)
    except Exception:  # literals and blank nodes
        return str(term)


def _path(term: object, g: Graph) -> str:
    """A SHACL property path in SPARQL notation (`^dcterms:replaces`, `sm:a/sm:b`), not a blank-node id.

    Paths built from blank nodes (inverse, sequence, alternative …) would otherwise print as `<n3f2…>`."""
    from rdflib import BNode
    from rdflib.collection import Collection

    if not isinstance(term, BNode):
        return _short(term, g)
    if (g.value(term, RDF.first) is not None) or term == RDF.nil:
        return "/".join(_group(t, g) for t in Collection(g, term))
    for pred, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"),
                      (SH.zeroOrOnePath, "{}?")):
        inner = g.value(term, pred)
        if inner is not None:
            return fmt.format(_group(inner, g))
    alternatives = g.value(term, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_group(t, g) for t in Collection(g, alternatives))
    return str(term)


def _group(term: object, g: Graph) -> str:
    text = _path(term, g)
    return f"({text})" if any(c in text for c in "/|") else text


def validate_graph(data: Graph) -> ValidationResult:
    import pyshacl

    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    from mapper.vocab import bind_prefixes

    bind_prefixes(report)
    violations = []
    # top-level results only: pySHACL nests the results of sh:node/sh:or checks under sh:detail
    top = [r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)]
    for result in top:
        sev = report.value(result, SH.resultSeverity)
        violations.append(Violation(
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            node=str(report.value(result, SH.focusNode) or ""),
            shape=_short(report.value(result, SH.sourceShape), report),
            path=_path(report.value(result, SH.resultPath), report),
            value=str(report.value(result, SH.value) or ""),
            message=str(report.value(result, SH.resultMessage) or ""),
        ))
    violations.sort(key=lambda v: (v.severity != "Violation", v.node, v.shape, v.path, v.value, v.message))
    errors = [v for v in violations if v.severity == "Violation"]
    return ValidationResult(conforms=not errors, violations=violations, triples=len(data))


def validate_store(store: Store) -> ValidationResult:
    return validate_graph(store.export_union())


def validate_files(paths: list[Path]) -> ValidationResult:
    """Validate RDF files (Turtle, N-Triples, JSON-LD, TriG …) together with the vocabulary.
    Raises ValueError naming the file when one cannot be parsed."""
    from rdflib.util import guess_format

    data = ontology_graph()
    for path in paths:
        fmt = guess_format(str(path)) or "turtle"
        try:
            data.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises parser-specific types
            raise ValueError(f"{path}: cannot read as {fmt}: {exc}") from exc
    return validate_graph(data)
