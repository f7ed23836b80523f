"""SHACL validation of the graph against ontology/shapes.ttl, no inference.

Two engines give the same results (tests/test_shacl_engine.py):

* "sparql" (mapper.shacl_sparql): each constraint compiled to one SPARQL query over the whole store, run
  on Oxigraph — seconds for the full ISO + IEC catalogues; the default of `validate_store`;
* "pyshacl": pySHACL on an in-memory rdflib graph — minutes and gigabytes at that size; the default of
  `validate_graph` and `validate_files`, whose input is an rdflib graph anyway.

Exit codes follow pySHACL's convention in the CLI: 0 conforms, 1 does not conform, 2 unreadable input.

`check_store` adds the checks SHACL shapes cannot express well — the conflicts of mapper.conflicts
(sources disagreeing on a degree, adoptions of standards already out of force, national standards dated
before what they adopt, supersession cycles) — as a separate list, `ValidationResult.conflicts`; any
conflict makes the result not `ok` (the CLI exits 1), while `conforms` stays the SHACL verdict.

>>> from mapper.kg import open_kg
>>> validate_store(open_kg(":memory:")).conforms
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal as _Literal

from rdflib import Graph, URIRef
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
    conforms: bool  # the SHACL verdict: no violation of severity Violation
    violations: list[Violation]
    triples: int
    #: mapper.conflicts.Conflict list from `check_store`; None = not checked (RDF files, or SHACL only)
    conflicts: list | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """Conforms and (when checked) has no conflicts."""
        return self.conforms and not self.conflicts

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


Engine = _Literal["sparql", "pyshacl"]
ENGINES = ("sparql", "pyshacl")


def report_namespaces(shapes: Graph) -> Graph:
    """A graph holding the shapes with the prefixes a pySHACL report has (rdflib's core prefixes, those of
    the shapes graph, then stdmap's), for rendering shapes and paths the same way in both engines."""
    from mapper.vocab import bind_prefixes

    g = Graph(bind_namespaces="core")
    for prefix, ns in shapes.namespace_manager.namespaces():
        g.namespace_manager.bind(prefix, ns)
    bind_prefixes(g)
    g += shapes
    return g


def shape_label(shape: object, shapes: Graph, ns: Graph) -> str:
    """A shape as reported: its CURIE (smsh:Adoption-degree); a blank-node property shape as its parent's
    label and its path (smsh:DegreeConceptShape[sm:countsAsAdoption]) rather than a random node id."""
    from rdflib import BNode

    if not isinstance(shape, BNode):
        return _short(shape, ns)
    parents = sorted(shapes.subjects(SH.property, shape), key=lambda s: (isinstance(s, BNode), str(s)))
    path = shapes.value(shape, SH.path)
    if parents and path is not None and parents[0] != shape:
        return f"{shape_label(parents[0], shapes, ns)}[{_path(path, ns)}]"
    return _short(shape, ns)


def sort_key(v: Violation) -> tuple:
    return (v.severity != "Violation", v.node, v.shape, v.path, v.value, v.message)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; expected one of {', '.join(ENGINES)}")


def validate_graph(data: Graph, *, engine: Engine = "pyshacl", shapes: Graph | None = None) -> ValidationResult:
    """Validate an rdflib graph (data and vocabulary). engine="sparql" loads it into an in-memory store."""
    _check_engine(engine)
    sg = shapes if shapes is not None else shapes_graph()
    if engine == "sparql":
        return validate_store(_memory_store(data), engine="sparql", shapes=sg)
    import pyshacl

    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=sg, inference="none", advanced=True, allow_warnings=True
    )
    from mapper.vocab import bind_prefixes

    bind_prefixes(report)
    ns = report_namespaces(sg)
    violations = []
    # top-level results only: pySHACL nests the results of sh:node/sh:or checks under sh:detail
    top = [r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)]
    for result in top:
        sev = report.value(result, SH.resultSeverity)
        violations.append(Violation(
            severity=str(sev).rsplit("#", 1)[-1] if sev else "Violation",
            node=_as_text(report.value(result, SH.focusNode)),
            shape=shape_label(report.value(result, SH.sourceShape), sg, ns),
            path=_path(report.value(result, SH.resultPath), report),
            value=_as_text(report.value(result, SH.value)),  # a value 0 or false is still a value
            message=_as_text(report.value(result, SH.resultMessage)),
        ))
    violations.sort(key=sort_key)
    errors = [v for v in violations if v.severity == "Violation"]
    return ValidationResult(conforms=not errors, violations=violations, triples=len(data))


def _as_text(term: object) -> str:
    return "" if term is None else str(term)


def _memory_store(data: Graph) -> Store:
    from mapper.store import SourceInfo

    store = Store(None)
    store.replace_source(SourceInfo(URIRef("https://w3id.org/stdmap/graph/validate"), "memory:validate", "-",
                                    "validate/1", 0), data)
    return store


def validate_store(store: Store, engine: Engine = "sparql", *, shapes: Graph | None = None) -> ValidationResult:
    """Validate the committed sources of a store. engine="sparql" (default) compiles the shapes to SPARQL
    queries run on the store itself; engine="pyshacl" copies the store into an rdflib graph for pySHACL.
    mapper.shacl_sparql.ShaclCompileError: a shape the SPARQL engine cannot translate."""
    _check_engine(engine)
    if engine == "pyshacl":
        return validate_graph(store.export_union(), engine="pyshacl", shapes=shapes)
    from mapper.shacl_sparql import validate_store_sparql

    return validate_store_sparql(store, shapes)


def check_store(store: Store, engine: Engine = "sparql") -> ValidationResult:
    """`validate_store` plus the conflict checks of mapper.conflicts (`result.conflicts`)."""
    from dataclasses import replace

    from mapper.conflicts import find_conflicts

    result = validate_store(store, engine)
    return replace(result, conflicts=find_conflicts(store))


def validate_files(paths: list[Path], engine: Engine = "pyshacl") -> ValidationResult:
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
    return validate_graph(data, engine=engine)
