"""govkg's SHACL shapes compiled to Python checks, for loads too large for pySHACL.

pySHACL needs ~1 ms per record here, so a million records would take most of an hour. The
shapes (`shapes.ttl`) use a small part of SHACL: targets by class or by subjects of a
property, and property constraints (counts, datatype, pattern, node kind, length, numeric
bounds, `sh:in`, `sh:class` and `sh:or` of classes). This module reads exactly that part
from the shapes graph and applies it to records as govkg.ontology.rdf turns them into RDF (entity
nodes; relation properties on reified statements). Anything else in the shapes is refused
when compiling, so a new kind of constraint cannot be skipped silently; tests run both
engines on the same good and bad records and expect the same violations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from govkg.ontology.model import GOVKG, Ontology, load_shapes
from govkg.records import EntityRecord, RelationRecord

SH = Namespace("http://www.w3.org/ns/shacl#")
_LANG_FIELDS = {"name", "name_en"}
"""Fields govkg.ontology.rdf writes as language-tagged literals (not xsd:string)."""
_NODE_KEYS = {RDF.type, RDFS.comment, RDFS.label, SH.targetClass, SH.targetSubjectsOf,
              SH.property, SH["class"], SH["or"]}
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH.nodeKind,
                  SH.minLength, SH.minInclusive, SH.maxInclusive, SH["in"], SH["class"],
                  SH["or"], SH.message, SH.name, SH.description}


class UnsupportedShapeError(ValueError):
    """shapes.ttl uses SHACL this compiler does not implement (extend it, with a test)."""


@dataclass(frozen=True)
class PropertyRule:
    """One sh:property of a node shape: a field (or relation) path and its constraints."""

    path: str
    is_relation: bool
    shown: str
    """The path as reports name it (the local name of its IRI, as pySHACL's report gives)."""
    min_count: int | None = None
    max_count: int | None = None
    datatype: str | None = None
    pattern: re.Pattern[str] | None = None
    min_length: int | None = None
    min_inclusive: Decimal | None = None
    max_inclusive: Decimal | None = None
    allowed: frozenset[str] | None = None
    classes: frozenset[str] | None = None
    message: str | None = None


@dataclass(frozen=True)
class NodeRule:
    """A node shape: which focus nodes it targets and what they must satisfy."""

    name: str
    target_class: str | None
    target_subjects_of: str | None
    target_is_relation: bool
    classes: frozenset[str] | None
    properties: tuple[PropertyRule, ...]


def _check_keys(graph: Graph, node: Node, allowed: set[URIRef], what: str) -> None:
    for predicate in graph.predicates(node, None):
        if predicate not in allowed:
            raise UnsupportedShapeError(f"{what} {node}: SHACL term {predicate} is not compiled")


def _class_names(graph: Graph, node: Node, by_iri: Mapping[Node, str]) -> frozenset[str] | None:
    """sh:class C, or sh:or ( [sh:class A] [sh:class B] … ), as class names; else None."""
    direct = graph.value(node, SH["class"])
    union = graph.value(node, SH["or"])
    if direct is not None and union is not None:
        raise UnsupportedShapeError(f"{node}: both sh:class and sh:or")
    if direct is not None:
        return frozenset({by_iri[direct]})
    if union is None:
        return None
    names = set()
    for member in Collection(graph, union):
        if set(graph.predicates(member, None)) != {SH["class"]}:
            raise UnsupportedShapeError(f"{node}: sh:or members other than sh:class")
        cls = graph.value(member, SH["class"])
        if cls is None or cls not in by_iri:
            raise UnsupportedShapeError(f"{node}: sh:class {cls} is not a govkg class")
        names.add(by_iri[cls])
    return frozenset(names)


def _name(ontology: Ontology, iri: Node) -> tuple[str, bool]:
    """Field name (False) or relation type (True) of a property IRI."""
    for relation in ontology.relations.values():
        if relation.iri == iri:
            return relation.type, True
    text = str(iri)
    if text.startswith(str(GOVKG)):
        return text[len(str(GOVKG)):], False
    raise UnsupportedShapeError(f"path {iri} is neither a govkg field nor a relation")


def _number(graph: Graph, node: Node, predicate: URIRef) -> Any:
    value = graph.value(node, predicate)
    return value.toPython() if isinstance(value, Literal) else None


def _property_rule(graph: Graph, node: Node, ontology: Ontology,
                   by_iri: Mapping[Node, str]) -> PropertyRule:
    _check_keys(graph, node, _PROPERTY_KEYS, "property shape")
    path = graph.value(node, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShapeError(f"{node}: only simple property paths are compiled")
    kind = graph.value(node, SH.nodeKind)
    if kind is not None and kind != SH.Literal:
        raise UnsupportedShapeError(f"{node}: sh:nodeKind {kind}")
    name, is_relation = _name(ontology, path)
    pattern = graph.value(node, SH.pattern)
    allowed = graph.value(node, SH["in"])
    bound_low = graph.value(node, SH.minInclusive)
    bound_high = graph.value(node, SH.maxInclusive)
    datatype = graph.value(node, SH.datatype)
    message = graph.value(node, SH.message)
    return PropertyRule(
        path=name, is_relation=is_relation, shown=re.split(r"[#/]", str(path))[-1],
        min_count=_number(graph, node, SH.minCount), max_count=_number(graph, node, SH.maxCount),
        datatype=str(datatype) if datatype is not None else None,
        pattern=re.compile(str(pattern)) if pattern is not None else None,
        min_length=_number(graph, node, SH.minLength),
        min_inclusive=Decimal(str(bound_low)) if bound_low is not None else None,
        max_inclusive=Decimal(str(bound_high)) if bound_high is not None else None,
        allowed=frozenset(str(v) for v in Collection(graph, allowed))
        if allowed is not None else None,
        classes=_class_names(graph, node, by_iri),
        message=str(message) if message is not None else None,
    )


def compile_shapes(ontology: Ontology, shapes: Graph) -> tuple[NodeRule, ...]:
    """The node shapes of `shapes` as rules; raise UnsupportedShapeError for other SHACL."""
    by_iri: dict[Node, str] = {c.iri: c.label for c in ontology.classes.values()}
    rules = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        _check_keys(shapes, shape, _NODE_KEYS, "node shape")
        target_class = shapes.value(shape, SH.targetClass)
        target_subjects = shapes.value(shape, SH.targetSubjectsOf)
        subjects_of, is_relation = (_name(ontology, target_subjects)
                                    if target_subjects is not None else (None, False))
        rules.append(NodeRule(
            name=str(shape).rsplit("#", 1)[-1],
            target_class=by_iri[target_class] if target_class is not None else None,
            target_subjects_of=subjects_of, target_is_relation=is_relation,
            classes=_class_names(shapes, shape, by_iri),
            properties=tuple(_property_rule(shapes, p, ontology, by_iri)
                             for p in shapes.objects(shape, SH.property)),
        ))
    return tuple(rules)


def packaged_rules(ontology: Ontology) -> tuple[NodeRule, ...]:
    """The packaged shapes compiled for `ontology` (a few milliseconds; shapes are cached)."""
    return compile_shapes(ontology, load_shapes())


# ---------------------------------------------------------------------- evaluation


@dataclass
class _Focus:
    """A focus node as govkg.ontology.rdf would write it: class, field values, relation targets."""

    name: str
    label: str | None
    fields: dict[str, list[Any]]
    relations: dict[str, list[str]]


def _values(props: Mapping[str, Any]) -> dict[str, list[Any]]:
    return {k: list(v) if isinstance(v, list | tuple) else [v] for k, v in props.items()}


def _literal_datatype(field: str, value: Any) -> str:
    """The datatype govkg.ontology.rdf gives a field's literal (see govkg.ontology.rdf._literal)."""
    if field in _LANG_FIELDS:
        return str(RDF.langString)
    literal = Literal(value) if field not in ("value", "confidence", "batch") else None
    if literal is None:
        return str(XSD.integer if field == "batch" else XSD.decimal)
    return str(literal.datatype or XSD.string)


class ShapeChecker:
    """Applies compiled rules to a load's records; `labels` gives the class of any id."""

    def __init__(self, ontology: Ontology, rules: Iterable[NodeRule]) -> None:
        self.ontology = ontology
        self.rules = tuple(rules)
        self._ancestors: dict[str, frozenset[str]] = {}

    def _is_a(self, label: str | None, wanted: frozenset[str]) -> bool:
        if label is None:
            return False
        ancestors = self._ancestors.get(label)
        if ancestors is None:
            seen, frontier = {label}, [label]
            while frontier:
                current = self.ontology.classes.get(frontier.pop())
                for parent in current.parents if current else ():
                    if parent not in seen:
                        seen.add(parent)
                        frontier.append(parent)
            ancestors = self._ancestors[label] = frozenset(seen)
        return bool(ancestors & wanted)

    def check(self, entities: Iterable[EntityRecord], relations: Iterable[RelationRecord],
              labels: Callable[[str], str | None]) -> list[str]:
        """Violations as "focus: path: message" lines, like the pySHACL report."""
        foci: list[_Focus] = []
        by_id: dict[str, _Focus] = {}
        stubs: list[_Focus] = []
        for entity in entities:
            focus = _Focus(entity.id, entity.type, _values(entity.properties()),
                           defaultdict(list))
            foci.append(focus)
            by_id[entity.id] = focus
        for relation in relations:
            source = by_id.get(relation.source_id)
            if source is None:
                source = by_id[relation.source_id] = _Focus(
                    relation.source_id, labels(relation.source_id), {}, defaultdict(list))
                stubs.append(source)
            source.relations[relation.type].append(relation.target_id)
            props = relation.properties()
            if props:
                name = f"{relation.source_id}--{relation.type}--{relation.target_id}"
                foci.append(_Focus(name, None, _values(props), {}))
        stub_names = {s.name for s in stubs}
        foci += stubs
        messages: set[str] = set()
        # rules whose target class a label is (a million foci share a dozen labels)
        by_class: dict[str | None, tuple[NodeRule, ...]] = {}
        by_subjects = [r for r in self.rules if r.target_subjects_of is not None]
        for focus in foci:
            if focus.name in stub_names:
                # an entity already in the graph, here only as the subject of a relation of
                # this load: its own fields were checked when it was written (as pySHACL
                # checks only this load's nodes), its relations of this load are checked now
                for rule in by_subjects:
                    if rule.target_is_relation and self._targets(rule, focus):
                        messages.update(self._violations(rule, focus, labels))
                continue
            targeted = by_class.get(focus.label)
            if targeted is None:
                targeted = by_class[focus.label] = tuple(
                    r for r in self.rules if r.target_class is not None
                    and self._is_a(focus.label, frozenset({r.target_class})))
            for rule in targeted:
                messages.update(self._violations(rule, focus, labels))
            for rule in by_subjects:
                if all(rule is not t for t in targeted) and self._targets(rule, focus):
                    messages.update(self._violations(rule, focus, labels))
        return sorted(messages)

    def _targets(self, rule: NodeRule, focus: _Focus) -> bool:
        if rule.target_class is not None and self._is_a(focus.label,
                                                        frozenset({rule.target_class})):
            return True
        if rule.target_subjects_of is not None:
            store = focus.relations if rule.target_is_relation else focus.fields
            return bool(store.get(rule.target_subjects_of))
        return False

    def _violations(self, rule: NodeRule, focus: _Focus,
                    labels: Callable[[str], str | None]) -> Iterable[str]:
        if rule.classes is not None and not self._is_a(focus.label, rule.classes):
            yield f"{focus.name}: node is not a {' or '.join(sorted(rule.classes))}"
        for prop in rule.properties:
            values: list[Any] = (focus.relations.get(prop.path, []) if prop.is_relation
                                 else focus.fields.get(prop.path, []))
            problem = self._problem(prop, values, labels)
            if problem is not None:
                text = prop.message or f"{prop.shown}: {problem}"
                if not text.startswith(prop.shown):
                    text = f"{prop.shown}: {text}"
                yield f"{focus.name}: {text}"

    def _problem(self, prop: PropertyRule, values: list[Any],
                 labels: Callable[[str], str | None]) -> str | None:
        if prop.min_count is not None and len(values) < prop.min_count:
            return f"fewer than {prop.min_count} value(s)"
        if prop.max_count is not None and len(values) > prop.max_count:
            return f"more than {prop.max_count} value(s)"
        for value in values:
            if prop.is_relation:
                if prop.classes is not None and not self._is_a(labels(value), prop.classes):
                    return f"{value} is not a {' or '.join(sorted(prop.classes))}"
                continue
            if prop.datatype is not None and _literal_datatype(prop.path,
                                                               value) != prop.datatype:
                return f"{value!r} is not of datatype {prop.datatype}"
            text = str(value)
            if prop.pattern is not None and not prop.pattern.search(text):
                return f"{value!r} does not match {prop.pattern.pattern}"
            if prop.min_length is not None and len(text) < prop.min_length:
                return f"{value!r} is shorter than {prop.min_length}"
            if prop.allowed is not None and (text not in prop.allowed
                                             or prop.path in _LANG_FIELDS):
                return f"{value!r} is not one of {sorted(prop.allowed)}"
            if prop.min_inclusive is not None or prop.max_inclusive is not None:
                number = Decimal(str(value))
                if prop.min_inclusive is not None and number < prop.min_inclusive:
                    return f"{value} is below {prop.min_inclusive}"
                if prop.max_inclusive is not None and number > prop.max_inclusive:
                    return f"{value} is above {prop.max_inclusive}"
            if prop.classes is not None:
                return f"{value!r} is a literal, not a {' or '.join(sorted(prop.classes))}"
        return None


__all__ = ["NodeRule", "PropertyRule", "ShapeChecker", "UnsupportedShapeError",
           "compile_shapes", "packaged_rules"]
