"""SHACL validation compiled to SPARQL and run on Oxigraph: one query per constraint over the whole graph.

pySHACL checks every focus node in Python (~5 s per 27,000 triples here); the ISO + IEC catalogues are
~1.5 M triples. This module reads a shapes graph (ontology/shapes.ttl or any shapes graph built from the
same constructs) and turns each constraint into a SPARQL SELECT that returns the violating focus nodes
(and values) of every focus node at once, run through `Store.query`.

Translated (SHACL Core, the constructs our shapes use and their close relatives):

* targets: sh:targetClass (instances, through rdfs:subClassOf* when the data has any rdfs:subClassOf),
  implicit class targets (a shape that is an rdfs:Class/owl:Class), sh:targetNode, sh:targetSubjectsOf,
  sh:targetObjectsOf;
* paths: IRIs, sh:inversePath, sequences (RDF lists), sh:alternativePath, sh:oneOrMorePath — rendered
  as SPARQL property paths (sh:zeroOrMorePath and sh:zeroOrOnePath are refused: Oxigraph's zero-length
  paths leave out nodes that do not occur in the data);
* constraints: sh:minCount, sh:maxCount, sh:datatype, sh:nodeKind, sh:class, sh:hasValue, sh:in,
  sh:pattern (+ sh:flags), sh:disjoint, sh:equals, sh:lessThan, sh:lessThanOrEquals, sh:minInclusive,
  sh:maxInclusive, sh:minExclusive, sh:maxExclusive, sh:uniqueLang, sh:not, sh:node, sh:property,
  sh:sparql (SELECT-based SPARQL constraints, sh:prefixes/sh:declare, $this, $PATH, $currentShape);
* sh:severity (default sh:Violation), sh:message (with {?var}/{$var} substitution for SPARQL
  constraints, as pySHACL does), sh:deactivated.

Anything else (sh:or, sh:and, sh:xone, sh:closed, sh:qualifiedValueShape, sh:minLength, sh:languageIn,
SHACL-AF targets and expressions, sh:ask …) raises `ShaclCompileError` naming the shape and the construct.

Each `Check` holds the one SELECT of its constraint. `run_checks` (batch=True, the default) runs them
faster with the same results: the value-node checks of one path and one set of focus nodes in one query
(checks that depend on the value alone test each distinct value once), the sh:minCount/sh:hasValue
checks of one set of focus nodes in one query, and before a query that scans a path's triples, an ASK
that is false when no node at all violates the constraint (then the focus nodes need not be looked at,
which costs Oxigraph a pass over them).

The results are the `Violation`s mapper.validate builds from pySHACL's report, and tests/test_shacl_engine.py
holds the two engines to identical result sets. Where SHACL leaves room or pySHACL departs from the letter
of the spec, this engine follows pySHACL (0.40) so that the two agree:

* sh:pattern uses Python `re.search` semantics: only the flags i and m count, and `$` without m also
  matches before a final newline;
* comparisons (sh:minInclusive …, sh:lessThan …) order values as rdflib does: strings (IRIs, plain,
  language-tagged, xsd:string-like literals) only with strings, numbers numerically, other literals of
  one datatype by value (lexical form when the values cannot be compared), literals of two different
  datatypes by their datatype IRIs;
* sh:datatype rejects ill-typed literals of xsd:integer, decimal, float, double, boolean, date, dateTime
  and time (checked with SPARQL casts); other datatypes match on the datatype IRI alone;
* a SPARQL constraint's result row that binds none of ?this, ?path, ?value is not reported.

The SPARQL constraints' own queries run on Oxigraph, pySHACL's on rdflib, whose SPARQL differs at the
edges (rdflib compares "7" > 5, Oxigraph raises a type error); a query using SAMPLE or GROUP_CONCAT may
name a different member of a group on each engine. ValidationResult.triples is the store's count, in
which a triple held by two sources counts twice.

Known differences that remain: blank nodes under sh:lessThan(OrEquals) are violations here (pySHACL
stops with an error); a store holding a triple in two sources counts it twice in a SPARQL constraint's
own non-DISTINCT aggregates (Oxigraph's default graph is the union of the source graphs, not their merge);
non-canonical literals (`"01"^^xsd:integer`) are compared as stored, where rdflib canonicalises them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from mapper.store import Store, nt
from mapper.validate import (
    ValidationResult,
    Violation,
    _path,
    _short,
    report_namespaces,
    shape_label,
    sort_key,
)

__all__ = ["Check", "ShaclCompileError", "compile_shapes", "run_checks", "validate_store_sparql"]


class ShaclCompileError(ValueError):
    """A shape uses a construct that this engine does not translate to SPARQL."""


# predicates on a shape that carry no constraint of their own (sh:property, sh:sparql and targets are
# handled explicitly; predicates outside the SHACL namespace are annotations)
_PASSIVE = {SH.name, SH.description, SH.message, SH.severity, SH.deactivated, SH.order, SH.group,
            SH.defaultValue, SH.path, SH.flags, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
            SH.targetObjectsOf, SH.property, SH.sparql, SH.declare, SH.prefixes, SH.shapesGraph,
            SH.suggestedShapesGraph, SH.entailment}
_CONSTRAINTS = {SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH.hasValue, SH["in"],
                SH.pattern, SH.disjoint, SH.equals, SH.lessThan, SH.lessThanOrEquals, SH.minInclusive,
                SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.uniqueLang, SH["not"], SH.node}
_SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
_XSD = str(XSD)
# datatypes whose well-formedness a SPARQL cast checks (Oxigraph leaves an ill-typed literal uncastable)
_CASTABLE = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.date, XSD.dateTime, XSD.time}
# literals whose rdflib value is a Python str: pySHACL compares these only with one another
_STRINGY = (XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.anyURI)
_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT returning ?this (the focus node) and, for value-based constraints,
    ?value, one row per validation result."""

    shape: Node
    component: str  # the constraint parameter, e.g. "sh:minCount"
    severity: str
    path: str  # as mapper.validate renders result paths ("" for node shapes)
    query: str
    messages: tuple[str, ...]
    value_is_focus: bool = False  # node shapes: the value node is the focus node
    sparql: bool = False  # a SPARQL constraint: messages take {?var} substitutions; ?path may be bound
    this_projected: bool = False  # (sparql) the constraint's own query binds ?this
    shape_label: str = ""
    # for running checks of one focus and path together (run_checks(batch=True)): the focus patterns,
    # the SPARQL path, and the violation as an expression of ?this and ?value (expr) or ?this (fexpr)
    focus: tuple[str, ...] = ()
    path_sparql: str = ""
    expr: str | None = None
    fexpr: str | None = None
    value_only: bool = False  # expr depends on ?value alone: test each distinct value once
    # an ASK that is false when the query has no results (run first: checking the focus nodes of a
    # scan costs Oxigraph a pass over all of them, and most checks find nothing)
    probe: str | None = None


# -- term and path rendering ---------------------------------------------------------------------------------
def _term(t: Node, shape: object, what: str) -> str:
    if isinstance(t, URIRef):
        return "<" + str(t).replace(">", "%3E") + ">"
    if isinstance(t, Literal):
        return nt(t)
    raise ShaclCompileError(f"shape {shape}: {what} is a blank node, which cannot be named in a query")


def _sparql_path(sg: Graph, p: Node, shape: object) -> str:
    if isinstance(p, URIRef):
        return _term(p, shape, "a path")
    if not isinstance(p, BNode):
        raise ShaclCompileError(f"shape {shape}: sh:path {p!r} is not an IRI or a path expression")
    if sg.value(p, RDF.first) is not None:
        items = list(Collection(sg, p))
        if len(items) < 2:
            raise ShaclCompileError(f"shape {shape}: a sequence path needs at least two members")
        return "(" + "/".join(_sparql_path(sg, i, shape) for i in items) + ")"
    for pred in (SH.zeroOrMorePath, SH.zeroOrOnePath):
        if sg.value(p, pred) is not None:
            # Oxigraph's zero-length paths leave out nodes absent from the data (a sh:targetNode without
            # triples), which SHACL counts as their own value: refuse rather than miss results
            raise ShaclCompileError(f"shape {shape}: {pred.n3(sg.namespace_manager)} (a path that can be empty) "
                                    "is not translated")
    for pred, fmt in ((SH.inversePath, "^({})"), (SH.oneOrMorePath, "({})+")):
        inner = sg.value(p, pred)
        if inner is not None:
            return fmt.format(_sparql_path(sg, inner, shape))
    alt = sg.value(p, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(_sparql_path(sg, i, shape) for i in Collection(sg, alt)) + ")"
    preds = sorted(str(q) for q in sg.predicates(p))
    raise ShaclCompileError(f"shape {shape}: path construct {preds} is not translated")


def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _python_dollar(pattern: str) -> str:
    """Python's `$` (without re.M) also matches before a final newline; XPath's/Rust's does not."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":  # a leading ] is literal
                out.append("[]")
                i += 2
                continue
        elif c == "$":
            out.append("\\n?$")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


# -- comparisons as pySHACL (rdflib) makes them ----------------------------------------------------------
def _stringy(v: str) -> str:
    """Terms pySHACL compares as Python strings: IRIs and literals whose rdflib value is a str."""
    dts = ", ".join(f"<{d}>" for d in _STRINGY)
    return f"(isIRI({v}) || (isLiteral({v}) && (LANG({v}) != \"\" || DATATYPE({v}) IN ({dts}))))"


def _gt(a: str, b: str) -> str:
    """rdflib's `a > b` for two literals that are not strings: numbers by value; two datatypes by their
    IRIs; dateTime and time with a time zone after those without; otherwise by value, and by lexical
    form when the values do not compare (ill-typed literals, unknown datatypes)."""
    tz_mix = (f"(DATATYPE({a}) IN (<{XSD.dateTime}>, <{XSD.time}>) && "
              f"COALESCE((TZ({a}) = \"\") != (TZ({b}) = \"\"), false))")
    return (f"IF(isNumeric({a}) && isNumeric({b}), COALESCE({a} > {b}, false), "
            f"IF(DATATYPE({a}) != DATATYPE({b}), STR(DATATYPE({a})) > STR(DATATYPE({b})), "
            f"IF({tz_mix}, TZ({a}) != \"\", COALESCE({a} > {b}, STR({a}) > STR({b})))))")


def _eq(a: str, b: str) -> str:
    """rdflib's `a.eq(b)` for two literals that are not strings (see _incomparable for its TypeError)."""
    return (f"IF(isNumeric({a}) && isNumeric({b}), COALESCE({a} = {b}, false), "
            f"DATATYPE({a}) = DATATYPE({b}) && COALESCE({a} = {b}, sameTerm({a}, {b})))")


def _valued(x: str) -> str:
    """A literal rdflib gives a Python value: well-formed numbers, booleans, dates, times, durations, binaries."""
    casts = " || ".join(f"COALESCE(sameTerm(DATATYPE({x}), <{t}>) && DATATYPE(<{t}>({x})) = <{t}>, false)"
                        for t in (XSD.boolean, XSD.date, XSD.dateTime, XSD.time))
    others = ", ".join(f"<{t}>" for t in (XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration, XSD.hexBinary,
                                          XSD.base64Binary))
    return f"(isNumeric({x}) || {casts} || DATATYPE({x}) IN ({others}))"


def _incomparable(a: str, b: str) -> str:
    """rdflib's `a.eq(b)` raises TypeError: one datatype, different lexical forms, a value missing."""
    return (f"(sameTerm(DATATYPE({a}), DATATYPE({b})) && !sameTerm({a}, {b}) && "
            f"!(isNumeric({a}) && isNumeric({b})) && !({_valued(a)} && {_valued(b)}))")


def _pair_ok(a: str, b: str, op: str) -> str:
    """pySHACL's sh:lessThan (op <) / sh:lessThanOrEquals (op <=) test of a value `a` against `b`:
    Python's `a < b` / `a <= b` on rdflib terms (strings as str, literals as rdflib orders them)."""
    sa, sb = _stringy(a), _stringy(b)
    lt = f"(!{_gt(a, b)} && !{_eq(a, b)})"
    if op == "<":  # Literal.__lt__ gives NotImplemented on a TypeError; Python then asks b.__gt__(a)
        literal = f"IF({_incomparable(a, b)}, {_gt(b, a)}, {lt})"
    else:  # Literal.__le__ takes that NotImplemented for true
        literal = f"({_incomparable(a, b)} || {lt} || {_eq(a, b)})"
    return (f"COALESCE(!isBlank({a}) && !isBlank({b}) && ({sa} = {sb}) && "
            f"IF({sa}, STR({a}) {op} STR({b}), {literal}), false)")


def _range_ok(v: str, bound: Node, op: str, shape: str) -> str:
    """pySHACL's sh:minInclusive (op >=), sh:minExclusive (>), sh:maxInclusive (<=), sh:maxExclusive (<)."""
    if not isinstance(bound, Literal):
        raise ShaclCompileError(f"shape {shape}: a range bound must be a literal, not {bound!r}")
    if isinstance(bound.value, str):
        return f"COALESCE(isLiteral({v}) && {_stringy(v)} && STR({v}) {op} {_sparql_string(str(bound))}, false)"
    m = nt(bound)
    eq, gt = _eq(v, m), _gt(v, m)  # compare_literal(v, m): 0 when eq, 1 when v > m, else -1
    test = {">=": f"({eq} || {gt})", ">": f"(!{eq} && {gt})", "<=": f"({eq} || !{gt})", "<": f"(!{eq} && !{gt})"}[op]
    # compare_literal compares well-formed dateTime and time values directly: naive against aware, or
    # against another type, is a TypeError, hence a violation
    forced = " || ".join(f"COALESCE(DATATYPE({t}({v})) = {t}, false)" for t in (f"<{XSD.dateTime}>", f"<{XSD.time}>"))
    test = f"IF({forced}, {eq} || COALESCE({v} {op} {m}, false), !{_incomparable(v, m)} && {test})"
    return f"COALESCE(isLiteral({v}) && !{_stringy(v)} && {test}, false)"


# -- compilation ------------------------------------------------------------------------------------------
class _Vars:
    def __init__(self) -> None:
        self.n = 0

    def fresh(self, stem: str = "v") -> str:
        self.n += 1
        return f"?_{stem}{self.n}"


@dataclass
class _Pattern:
    """A flat group-pattern body in which the focus variable is bound from outside; rows are results."""

    body: str
    value: str | None  # the variable holding sh:value (None: no value)
    extra: tuple[str, ...] = ()  # further variables that tell results apart (one result per binding)
    # At the top level (focus ?this): `scan` bodies bind ?this themselves, from the data of the path, so
    # the query filters those triples first and checks the focus of the few violating rows last;
    # other bodies follow the focus nodes. `top` replaces `body` there (MINUS and GROUP BY, which
    # Oxigraph runs faster than per-node EXISTS lookups).
    scan: bool = False
    top: str | None = None
    # for running several checks in one query: the violation as an expression of the focus and value
    # variables (`expr`, over the value nodes) or of the focus variable alone (`fexpr`)
    expr: str | None = None
    fexpr: str | None = None
    value_only: bool = False  # `expr` does not depend on the focus node


@dataclass
class _Compiler:
    sg: Graph
    subclasses: bool
    ns: Graph
    vars: _Vars = field(default_factory=_Vars)

    # -- shapes ----------------------------------------------------------------------------------------
    def label(self, shape: Node) -> str:
        return shape_label(shape, self.sg, self.ns)

    def deactivated(self, shape: Node) -> bool:
        d = self.sg.value(shape, SH.deactivated)
        return isinstance(d, Literal) and d.value is True

    def path_of(self, shape: Node) -> Node | None:
        return self.sg.value(shape, SH.path)

    def severity(self, shape: Node) -> str:
        sev = self.sg.value(shape, SH.severity)
        return str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"

    def messages(self, shape: Node) -> tuple[str, ...]:
        return tuple(sorted(str(m) for m in self.sg.objects(shape, SH.message)))

    def type_test(self, node: str, cls: Node, shape: Node) -> str:
        c = _term(cls, self.label(shape), "sh:class")
        path = f"<{RDF.type}>/<{RDFS.subClassOf}>*" if self.subclasses else f"<{RDF.type}>"
        return f"{node} {path} {c}"

    def check_supported(self, shape: Node) -> None:
        for p in set(self.sg.predicates(shape)):
            if p == RDF.type or p in _PASSIVE or p in _CONSTRAINTS:
                continue
            if str(p).startswith(str(SH)):
                raise ShaclCompileError(
                    f"shape {self.label(shape)}: {_short(p, self.ns)} is not translated to SPARQL by mapper.shacl_sparql")

    # -- focus nodes -----------------------------------------------------------------------------------
    def targets(self, shape: Node) -> list[str]:
        """SPARQL group bodies each binding ?this to focus nodes of the shape's own targets."""
        parts = []
        nodes = sorted(self.sg.objects(shape, SH.targetNode), key=str)
        if nodes:
            parts.append("VALUES ?this { " + " ".join(_term(n, self.label(shape), "sh:targetNode") for n in nodes) + " }")
        classes = set(self.sg.objects(shape, SH.targetClass))
        if any((shape, RDF.type, c) in self.sg for c in (RDFS.Class, OWL.Class)):
            classes.add(shape)
        for c in sorted(classes, key=str):
            parts.append(self.type_test("?this", c, shape))
        for p in sorted(self.sg.objects(shape, SH.targetSubjectsOf), key=str):
            parts.append(f"?this {_term(p, self.label(shape), 'sh:targetSubjectsOf')} [] ")
        for p in sorted(self.sg.objects(shape, SH.targetObjectsOf), key=str):
            parts.append(f"[] {_term(p, self.label(shape), 'sh:targetObjectsOf')} ?this ")
        if self.sg.value(shape, SH.target) is not None:
            raise ShaclCompileError(f"shape {self.label(shape)}: sh:target (SHACL-AF) is not translated")
        return parts

    @staticmethod
    def focus_block(parts: list[str]) -> str:
        union = " UNION ".join("{ " + p + " }" for p in parts)
        return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"

    # -- value nodes --------------------------------------------------------------------------------------
    def values(self, shape: Node, focus: str) -> tuple[str, str]:
        """(pattern binding the value variable, value variable) for the shape's value nodes at `focus`."""
        path = self.path_of(shape)
        if path is None:
            return "", focus
        v = self.vars.fresh()
        return f"{focus} {_sparql_path(self.sg, path, self.label(shape))} {v} .", v

    def distinct_values(self, shape: Node, focus: str, n: int) -> str:
        """A pattern that matches when the focus node has at least n distinct value nodes."""
        path = _sparql_path(self.sg, self.path_of(shape), self.label(shape))
        vs = [self.vars.fresh() for _ in range(n)]
        body = " ".join(f"{focus} {path} {v} ." for v in vs)
        pairs = [f"!sameTerm({a}, {b})" for i, a in enumerate(vs) for b in vs[i + 1:]]
        return body + (f" FILTER({' && '.join(pairs)})" if pairs else "")

    # -- constraints ---------------------------------------------------------------------------------------
    def constraints(self, shape: Node, focus: str) -> list[tuple[str, _Pattern]]:
        """Every (component, violation pattern) of the shape itself (not of its sh:property shapes)."""
        self.check_supported(shape)
        sg, out = self.sg, []
        is_prop = self.path_of(shape) is not None

        def need_path(param: str) -> None:
            if not is_prop:
                raise ShaclCompileError(f"shape {self.label(shape)}: {param} needs a property shape (sh:path)")

        label = self.label(shape)
        for param in sorted(set(sg.predicates(shape)) & _CONSTRAINTS, key=str):
            name = _short(param, self.ns)
            for obj in sorted(sg.objects(shape, param), key=str):
                vals, v = self.values(shape, focus)

                def value_check(expr: str, value_only: bool = True, name: str = name, vals: str = vals,
                                v: str = v) -> None:
                    """A violation for each value node v for which `expr` holds (`value_only`: whatever
                    the focus node)."""
                    out.append((name, _Pattern(f"{vals} FILTER({expr})", v, scan=bool(vals), expr=expr,
                                               value_only=value_only)))

                def focus_check(expr: str, top: str | None = None, name: str = name) -> None:
                    """One violation (no value) for each focus node for which `expr` holds."""
                    out.append((name, _Pattern(f"FILTER({expr})", None, top=top, fexpr=expr)))

                if param == SH.minCount:
                    need_path(name)
                    n = int(obj)
                    if n > 0:
                        some = self.distinct_values(shape, focus, n)
                        focus_check(f"NOT EXISTS {{ {some} }}", f"MINUS {{ {some} }}" if n == 1 else None)
                elif param == SH.maxCount:
                    need_path(name)
                    n = int(obj)
                    pairs = self.distinct_values(shape, focus, n + 1)
                    p = _sparql_path(sg, self.path_of(shape), label)
                    c = self.vars.fresh("c")
                    # COUNT(DISTINCT) counts distinct RDF terms, and a triple in two sources once
                    top = (f"{{ SELECT {focus} WHERE {{ {focus} {p} {c} }} GROUP BY {focus} "
                           f"HAVING (COUNT(DISTINCT {c}) > {n}) }}")
                    out.append((name, _Pattern(f"FILTER EXISTS {{ {pairs} }}", None, scan=True, top=top)))
                elif param == SH.datatype:
                    value_check(f"!({self.datatype_ok(v, obj, shape)})")
                elif param == SH.nodeKind:
                    if obj not in _KINDS:
                        raise ShaclCompileError(f"shape {label}: unknown sh:nodeKind {obj}")
                    value_check(f"!({_KINDS[obj].format(v=v)})")
                elif param == SH["class"]:
                    value_check(f"isLiteral({v}) || NOT EXISTS {{ {self.type_test(v, obj, shape)} }}")
                elif param == SH.hasValue:
                    h = _term(obj, label, "sh:hasValue")
                    if is_prop:
                        p = _sparql_path(sg, self.path_of(shape), label)
                        x = self.vars.fresh()
                        has = f"{focus} {p} {x} . FILTER(sameTerm({x}, {h}))"
                        focus_check(f"NOT EXISTS {{ {has} }}", f"MINUS {{ {has} }}")
                    else:
                        focus_check(f"!sameTerm({focus}, {h})")
                elif param == SH["in"]:
                    members = [_term(m, label, "a member of sh:in") for m in Collection(sg, obj)]
                    value_check("!(" + (" || ".join(f"sameTerm({v}, {m})" for m in members) or "false") + ")")
                elif param == SH.pattern:
                    value_check(f"isBlank({v}) || !COALESCE({self.regex(v, obj, shape)}, false)")
                elif param == SH.disjoint:
                    value_check(f"EXISTS {{ {focus} {_term(obj, label, name)} {v} }}", value_only=False)
                elif param == SH.equals:
                    q = _term(obj, label, name)
                    w = self.vars.fresh()
                    if is_prop:  # at the top level as MINUS: one hash anti-join instead of a lookup per value
                        p = _sparql_path(sg, self.path_of(shape), label)
                        out.append((name, _Pattern(f"{vals} FILTER NOT EXISTS {{ {focus} {q} {v} }}", v, scan=True,
                                                   top=f"{{ {vals} }} MINUS {{ {focus} {q} {v} }}")))
                        out.append((name, _Pattern(f"{focus} {q} {w} . FILTER NOT EXISTS {{ {focus} {p} {w} }}", w,
                                                   scan=True, top=f"{{ {focus} {q} {w} }} MINUS {{ {focus} {p} {w} }}")))
                    else:
                        value_check(f"NOT EXISTS {{ {focus} {q} {v} }}", value_only=False)
                        out.append((name, _Pattern(f"{focus} {q} {w} . FILTER(!sameTerm({w}, {focus}))", w, scan=True)))
                elif param in (SH.lessThan, SH.lessThanOrEquals):
                    need_path(name)
                    q = _term(obj, label, name)
                    w = self.vars.fresh()
                    op = "<" if param == SH.lessThan else "<="
                    out.append((name, _Pattern(f"{vals} {focus} {q} {w} . FILTER(!{_pair_ok(v, w, op)})", v, (w,),
                                               scan=True)))
                elif param in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
                    op = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}[param]
                    value_check(f"!{_range_ok(v, obj, op, label)}")
                elif param == SH.uniqueLang:
                    need_path(name)
                    if not (isinstance(obj, Literal) and isinstance(obj.value, bool)):
                        raise ShaclCompileError(f"shape {label}: sh:uniqueLang must be a boolean")
                    if obj.value:
                        p = _sparql_path(sg, self.path_of(shape), label)
                        a, b, lang = self.vars.fresh(), self.vars.fresh(), self.vars.fresh("lang")
                        out.append((name, _Pattern(
                            f"{focus} {p} {a} . {focus} {p} {b} . FILTER(isLiteral({a}) && isLiteral({b}) && "
                            f"!sameTerm({a}, {b}) && LANG({a}) != \"\" && LCASE(LANG({a})) = LCASE(LANG({b}))) "
                            f"BIND(LCASE(LANG({a})) AS {lang})", None, (lang,), scan=True)))
                elif param == SH["not"]:
                    value_check(self.conforms(obj, v, [shape]))
                elif param == SH.node:
                    value_check(f"!({self.conforms(obj, v, [shape])})")
        return out

    def datatype_ok(self, v: str, dt: Node, shape: Node) -> str:
        if dt == RDFS.Literal:
            return f"isLiteral({v})"
        if dt == RDFS.Datatype:
            return f"(isLiteral({v}) && LANG({v}) = \"\" && DATATYPE({v}) != <{XSD.string}>)"
        if dt == RDF.langString:
            return f"(isLiteral({v}) && LANG({v}) != \"\")"
        d = _term(dt, self.label(shape), "sh:datatype")
        test = f"isLiteral({v}) && DATATYPE({v}) = {d}"
        if dt in _CASTABLE:
            test += f" && COALESCE(DATATYPE({d}({v})) = {d}, false)"
        return f"({test})"

    def regex(self, v: str, pattern: Node, shape: Node) -> str:
        flags_node = self.sg.value(shape, SH.flags)
        flags = "".join(f for f in "im" if flags_node is not None and f in str(flags_node).lower())
        text = str(pattern)
        if "m" not in flags:
            text = _python_dollar(text)
        return f"REGEX(STR({v}), {_sparql_string(text)}, {_sparql_string(flags)})"

    def conforms(self, shape: Node, node: str, stack: list[Node]) -> str:
        """A SPARQL expression, true when `node` (bound) conforms to `shape`: neither the shape's constraints
        nor those of its property shapes give a result (of any severity, as pySHACL's sh:node)."""
        if shape in stack:
            raise ShaclCompileError(f"shape {self.label(shape)}: recursive shape references are not translated")
        if self.deactivated(shape):
            return "true"
        if self.sg.value(shape, SH.sparql) is not None:
            raise ShaclCompileError(
                f"shape {self.label(shape)}: sh:sparql in a shape reached through sh:node/sh:not is not translated")
        tests = []
        for _c, p in self.constraints(shape, node):
            expr = p.fexpr if p.fexpr is not None else p.expr if (p.expr is not None and p.value == node) else None
            if expr is None:
                tests.append(f"NOT EXISTS {{ {p.body} }}")
            elif re.fullmatch(r"NOT EXISTS \{.*\}", expr, re.DOTALL):
                tests.append(expr[4:])
            else:
                tests.append(f"!COALESCE({expr}, false)")
        props = sorted(self.sg.objects(shape, SH.property), key=str)
        if props and self.path_of(shape) is not None:
            raise ShaclCompileError(f"shape {self.label(shape)}: sh:property of a property shape reached through "
                                    "sh:node/sh:not is not translated")
        tests += [f"({self.conforms(prop, node, stack + [shape])})" for prop in props]
        return " && ".join(tests) or "true"

    # -- SPARQL constraints ----------------------------------------------------------------------------
    def prefixes(self, node: Node) -> str:
        lines = {}
        for pv in self.sg.objects(node, SH.prefixes):
            for decl in self.sg.objects(pv, SH.declare):
                p, ns = self.sg.value(decl, SH.prefix), self.sg.value(decl, SH.namespace)
                if p is not None and ns is not None:
                    lines[str(p)] = f"PREFIX {p}: <{ns}>"
        return "\n".join(lines[k] for k in sorted(lines))

    def sparql_checks(self, shape: Node, focus: str, severity: str, path_text: str, label: str) -> list[Check]:
        out = []
        for c in sorted(self.sg.objects(shape, SH.sparql), key=str):
            for p in self.sg.predicates(c):
                if p not in (RDF.type, SH.select, SH.prefixes, SH.message, SH.deactivated) and str(p).startswith(str(SH)):
                    raise ShaclCompileError(f"shape {label}: {_short(p, self.ns)} in a SPARQL constraint is not translated")
            if self.deactivated(c):
                continue
            select = self.sg.value(c, SH.select)
            if select is None:
                raise ShaclCompileError(f"shape {label}: a SPARQL constraint without sh:select is not translated")
            text = str(select)
            prologue = [self.prefixes(c)]
            # PREFIX/BASE declarations of the query itself go to the front
            while True:
                m = re.match(r"\s*(PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s+<[^>]*>)", text, re.IGNORECASE)
                if not m:
                    break
                prologue.append(m[1])
                text = text[m.end():]
            if re.search(r"\$shapesGraph\b", text):
                raise ShaclCompileError(f"shape {label}: $shapesGraph in a SPARQL constraint is not translated")
            if re.search(r"\$PATH\b", text):
                path = self.path_of(shape)
                if path is None:
                    raise ShaclCompileError(f"shape {label}: $PATH in a SPARQL constraint of a node shape")
                rendered = _sparql_path(self.sg, path, self.label(shape))
                text = re.sub(r"\$PATH\b", lambda _m, r=rendered: r, text)
            if re.search(r"\$currentShape\b", text):
                text = re.sub(r"\$currentShape\b", lambda _m: _term(shape, self.label(shape), "$currentShape"), text)
            uses_this = re.search(r"[?$]this\b", text) is not None
            if uses_this:
                text = self.inject_focus(text, focus, label)
                query = "\n".join(prologue) + "\n" + text
            else:
                query = "\n".join(prologue) + f"\nSELECT DISTINCT * WHERE {{ {focus} {{ {text} }} }}"
            msgs = self.messages(shape) + tuple(m for m in sorted(str(x) for x in self.sg.objects(c, SH.message))
                                                 if m not in self.messages(shape))
            out.append(Check(shape, "sh:sparql", severity, path_text, query, msgs,
                             value_is_focus=self.path_of(shape) is None, sparql=True, this_projected=uses_this,
                             shape_label=label))
        return out

    @staticmethod
    def inject_focus(text: str, focus: str, label: str) -> str:
        """Pre-bind $this: the focus nodes are joined at the head of the query's WHERE clause, ?this is
        projected and, when the query groups, grouped by."""
        if len(re.findall(r"\bSELECT\b", text, re.IGNORECASE)) != 1:
            raise ShaclCompileError(f"shape {label}: $this in a SPARQL constraint with a sub-query is not translated")
        text = re.sub(r"\$this\b", "?this", text)
        m = re.search(r"\bSELECT\s+((?:DISTINCT|REDUCED)\s+)?", text, re.IGNORECASE)
        assert m
        rest = text[m.end():]
        if not rest.lstrip().startswith("*") and not re.match(r"\s*\?this\b", rest):
            text = text[:m.end()] + "?this " + rest
        w = re.search(r"\bWHERE\s*\{|\{", text[m.end():], re.IGNORECASE)
        if w is None:
            raise ShaclCompileError(f"shape {label}: cannot find the WHERE clause of a SPARQL constraint")
        at = m.end() + w.end()
        text = text[:at] + f" {focus} " + text[at:]
        g = re.search(r"\bGROUP\s+BY\b", text, re.IGNORECASE)
        if g:
            text = text[:g.end()] + " ?this " + text[g.end():]
        return text

    # -- everything ----------------------------------------------------------------------------------------
    def shape_checks(self, shape: Node, focus_parts: list[str], stack: list[Node]) -> list[Check]:
        if shape in stack:
            raise ShaclCompileError(f"shape {self.label(shape)}: recursive sh:property references are not translated")
        if self.deactivated(shape):
            return []
        label = self.label(shape)
        focus = self.focus_block(focus_parts)
        path = self.path_of(shape)
        path_text = _path(path, self.ns) if path is not None else ""
        severity, msgs = self.severity(shape), self.messages(shape)
        checks = []
        few = all(part.startswith("VALUES") for part in focus_parts)  # sh:targetNode only
        for component, pat in self.constraints(shape, "?this"):
            value_is_focus = pat.value == "?this"
            value = f"({pat.value} AS ?value)" if pat.value and not value_is_focus else ""
            project = f"?this {value} {' '.join(pat.extra)}"
            body = pat.top or pat.body
            probe = None
            if pat.scan and not few:
                inner = f"?this {pat.value} {' '.join(pat.extra)}" if pat.value and not value_is_focus else project
                exists = " UNION ".join("{ " + p + " }" for p in focus_parts)
                query = (f"SELECT DISTINCT {project} WHERE {{ {{ SELECT DISTINCT {inner} WHERE {{ {body} }} }} "
                         f"{exists} }}")
                probe = f"ASK {{ {body} }}"  # violations of any node, focus or not: usually none
            else:
                query = f"SELECT DISTINCT {project} WHERE {{ {focus} {body} }}"
            expr = pat.expr if path is not None and not pat.extra else None
            if expr is not None and pat.value:
                expr = re.sub(re.escape(pat.value) + r"\b", "?value", expr)
            checks.append(Check(shape, component, severity, path_text, query, msgs, value_is_focus=value_is_focus,
                                shape_label=label, focus=tuple(focus_parts),
                                path_sparql=_sparql_path(self.sg, path, label) if path is not None else "",
                                expr=expr, fexpr=pat.fexpr, value_only=pat.value_only, probe=probe))
        checks += self.sparql_checks(shape, focus, severity, path_text, label)
        for prop in sorted(self.sg.objects(shape, SH.property), key=str):
            if path is None:
                parts = focus_parts
            else:  # the property shapes of a property shape: its value nodes are their focus nodes
                parent = self.focus_block(focus_parts).replace("?this", "?_parent")
                parts = [f"{parent} ?_parent {_sparql_path(self.sg, path, self.label(shape))} ?this ."]
            checks += self.shape_checks(prop, parts, stack + [shape])
        return checks

    def all_checks(self) -> list[Check]:
        shapes: set[Node] = set()
        for t in _SHAPE_TYPES:
            shapes |= set(self.sg.subjects(RDF.type, t))
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            shapes |= set(self.sg.subjects(p, None))
        checks = []
        for shape in sorted(shapes, key=lambda s: (isinstance(s, BNode), str(s))):
            parts = self.targets(shape)
            if parts:
                checks += self.shape_checks(shape, parts, [])
        return checks


def compile_shapes(shapes: Graph, *, subclasses: bool = False) -> list[Check]:
    """Every constraint of every targeted shape as a SPARQL SELECT. `subclasses`: follow rdfs:subClassOf*
    for class targets and sh:class (needed only when the data has rdfs:subClassOf triples).
    Raises ShaclCompileError for a construct that is not translated."""
    checks = _Compiler(shapes, subclasses, report_namespaces(shapes)).all_checks()
    _check_regexes(checks)
    return checks


def _check_regexes(checks: list[Check]) -> None:
    """A pattern the SPARQL engine cannot compile would silently match nothing: refuse it here."""
    import pyoxigraph as ox

    probe = ox.Store()
    for c in checks:
        for m in re.finditer(r'REGEX\(STR\([^)]*\), ("(?:[^"\\]|\\.)*"), ("[a-z]*")\)', c.query):
            rows = list(probe.query(f"SELECT (REGEX(\"\", {m[1]}, {m[2]}) AS ?r) WHERE {{}}"))
            if not rows or rows[0]["r"] is None:
                raise ShaclCompileError(f"shape {c.shape_label}: sh:pattern {m[1]} is not a regular expression "
                                        "the SPARQL engine accepts")


# -- running ------------------------------------------------------------------------------------------------
def _format(msg: str, bindings: dict[str, Node]) -> str:
    for var, val in bindings.items():  # as pySHACL: {?var} and {$var}, with the term's str()
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


def _focus_block(parts: tuple[str, ...]) -> str:
    return _Compiler.focus_block(list(parts))


def _batches(checks: list[Check]) -> tuple[list[list[Check]], list[list[Check]], list[Check]]:
    """Checks over the values of one path for one set of focus nodes, checks of the same focus nodes
    alone (sh:minCount, sh:hasValue), and the rest."""
    by_path: dict[tuple, list[Check]] = {}
    by_focus: dict[tuple, list[Check]] = {}
    single = []
    for c in checks:
        if c.sparql:
            single.append(c)
        elif c.expr is not None:
            by_path.setdefault((c.focus, c.path_sparql, c.value_only), []).append(c)
        elif c.fexpr is not None:
            by_focus.setdefault(c.focus, []).append(c)
        else:
            single.append(c)
    return list(by_path.values()), list(by_focus.values()), single


def _value_batch_query(group: list[Check]) -> str:
    focus, path = group[0].focus, group[0].path_sparql
    flags = " ".join(f"BIND(COALESCE({c.expr}, false) AS ?_k{i})" for i, c in enumerate(group))
    any_flag = " || ".join(f"?_k{i}" for i in range(len(group)))
    names = " ".join(f"?_k{i}" for i in range(len(group)))
    if all(part.startswith("VALUES") for part in focus):
        return (f"SELECT DISTINCT ?this ?value {names} WHERE {{ {_focus_block(focus)} ?this {path} ?value . "
                f"{flags} FILTER({any_flag}) }}")
    exists = " UNION ".join("{ " + p + " }" for p in focus)
    if group[0].value_only:  # each distinct value tested once, then the triples of the failing ones
        return (f"SELECT DISTINCT ?this ?value {names} WHERE {{ {{ SELECT ?value {names} WHERE {{ "
                f"{{ SELECT DISTINCT ?value WHERE {{ [] {path} ?value }} }} {flags} FILTER({any_flag}) }} }} "
                f"?this {path} ?value . {exists} }}")
    return (f"SELECT DISTINCT ?this ?value {names} WHERE {{ {{ SELECT DISTINCT ?this ?value {names} WHERE {{ "
            f"?this {path} ?value . {flags} FILTER({any_flag}) }} }} {exists} }}")


def _value_batch_probe(group: list[Check]) -> str | None:
    focus, path = group[0].focus, group[0].path_sparql
    if all(part.startswith("VALUES") for part in focus):
        return None
    flags = " ".join(f"BIND(COALESCE({c.expr}, false) AS ?_k{i})" for i, c in enumerate(group))
    any_flag = " || ".join(f"?_k{i}" for i in range(len(group)))
    if group[0].value_only:
        return f"ASK {{ {{ SELECT DISTINCT ?value WHERE {{ [] {path} ?value }} }} {flags} FILTER({any_flag}) }}"
    return f"ASK {{ ?this {path} ?value . {flags} FILTER({any_flag}) }}"


def _focus_batch_query(group: list[Check]) -> str:
    flags = " ".join(f"BIND(COALESCE({c.fexpr}, false) AS ?_k{i})" for i, c in enumerate(group))
    any_flag = " || ".join(f"?_k{i}" for i in range(len(group)))
    names = " ".join(f"?_k{i}" for i in range(len(group)))
    return f"SELECT ?this {names} WHERE {{ {_focus_block(group[0].focus)} {flags} FILTER({any_flag}) }}"


def _is_true(term: object) -> bool:
    return isinstance(term, Literal) and term.value is True


def run_checks(store: Store, checks: Iterable[Check], ns: Graph | None = None, *,
               batch: bool = True) -> list[Violation]:
    """Run compiled checks and return their results, sorted as mapper.validate sorts them.

    batch=True runs the checks over the values of one path for one set of focus nodes as one query
    (one pass over the path's triples instead of one per constraint), and the sh:minCount/sh:hasValue
    checks of one set of focus nodes as one query; each check's own query gives the same results.
    `ns` renders a ?path a SPARQL constraint binds (report_namespaces(shapes))."""
    ns = ns if ns is not None else report_namespaces(Graph())
    checks = list(checks)
    violations: list[Violation] = []

    def add(c: Check, focus: Node, value: Node | None) -> None:
        violations.append(Violation(c.severity, str(focus), c.shape_label, c.path,
                                    str(value) if value is not None else "",
                                    c.messages[0] if c.messages else _generic(c)))

    if batch:
        by_path, by_focus, single = _batches(checks)
        for group in by_path:
            probe = _value_batch_probe(group)
            if probe is not None and not store.query(probe, exact=True):
                continue
            for r in store.query(_value_batch_query(group), exact=True):
                for i, c in enumerate(group):
                    if _is_true(r[f"_k{i}"]):
                        add(c, r["this"], r["value"])
        for group in by_focus:
            for r in store.query(_focus_batch_query(group), exact=True):
                for i, c in enumerate(group):
                    if _is_true(r[f"_k{i}"]):
                        add(c, r["this"], None)
    else:
        single = checks
    for c in single:
        if c.probe is not None and not store.query(c.probe, exact=True):
            continue
        rows = store.query(c.query, exact=True)
        if not c.sparql:
            for r in rows:
                add(c, r["this"], r["this"] if c.value_is_focus else r.get("value"))
            continue
        for r in rows:
            r = {k: v for k, v in r.items() if v is not None}
            focus = r.pop("this")
            inner_this = focus if c.this_projected else None
            path, value = r.pop("path", None), r.pop("value", None)
            r.pop("failure", None)
            if inner_this is None and path is None and value is None:
                continue  # pySHACL reports only rows that bind ?this, ?path or ?value
            if value is None and c.value_is_focus:
                value = focus
            bound = dict(r)
            for k, v in (("this", inner_this), ("path", path), ("value", value)):
                if v is not None:
                    bound[k] = v
            msg = _format(c.messages[0], bound) if c.messages else _generic(c)
            violations.append(Violation(c.severity, str(focus), c.shape_label,
                                        _path(path, ns) if path is not None else c.path,
                                        str(value) if value is not None else "", msg))
    violations.sort(key=sort_key)
    return violations


def _generic(c: Check) -> str:
    return f"{c.component} of {c.shape_label} is not met"


def validate_store_sparql(store: Store, shapes: Graph | None = None) -> ValidationResult:
    """Validate the store's committed sources against the shapes (default: ontology/shapes.ttl) with one
    SPARQL query per constraint on Oxigraph."""
    from mapper.validate import shapes_graph

    sg = shapes if shapes is not None else shapes_graph()
    subclasses = bool(store.query(f"ASK {{ ?a <{RDFS.subClassOf}> ?b }}", exact=True))
    violations = run_checks(store, compile_shapes(sg, subclasses=subclasses), report_namespaces(sg))
    errors = [v for v in violations if v.severity == "Violation"]
    # the store's own count: a triple held by two sources counts twice (counting distinct triples would
    # take longer than the validation)
    return ValidationResult(conforms=not errors, violations=violations, triples=store.count_triples())
