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
from collections.abc import Callable, Iterable, Mapping, Sequence
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


def _check_record_by_record(rule: NodeRule) -> None:
    """Refuse a shape that cannot be checked one record at a time (a load is checked chunk by
    chunk, and an entity's relations may come in another chunk, or be in the graph).

    Shapes targeting a class or the subjects of a field may constrain fields only; shapes
    targeting the subjects of a relation may constrain the class of the subject and, on that
    relation's own path, the class of each target, nothing else.
    """
    if rule.target_class is not None and rule.target_subjects_of is not None:
        raise UnsupportedShapeError(f"{rule.name}: both sh:targetClass and sh:targetSubjectsOf")
    for prop in rule.properties:
        if rule.target_is_relation:
            fits = (prop.is_relation and prop.path == rule.target_subjects_of
                    and prop.classes is not None and prop.min_count is None
                    and prop.max_count is None and prop.datatype is None
                    and prop.pattern is None and prop.min_length is None
                    and prop.allowed is None and prop.min_inclusive is None
                    and prop.max_inclusive is None)
            if not fits:
                raise UnsupportedShapeError(
                    f"{rule.name}: a shape on the subjects of {rule.target_subjects_of} may only "
                    f"give the classes of its targets (sh:class / sh:or on that path)")
        elif prop.is_relation:
            raise UnsupportedShapeError(
                f"{rule.name}: relation path {prop.path} in a shape that does not target the "
                "subjects of that relation (it cannot be checked record by record)")


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
        rule = NodeRule(
            name=str(shape).rsplit("#", 1)[-1],
            target_class=by_iri[target_class] if target_class is not None else None,
            target_subjects_of=subjects_of, target_is_relation=is_relation,
            classes=_class_names(shapes, shape, by_iri),
            properties=tuple(_property_rule(shapes, p, ontology, by_iri)
                             for p in shapes.objects(shape, SH.property)),
        )
        _check_record_by_record(rule)
        rules.append(rule)
    return tuple(rules)


def packaged_rules(ontology: Ontology) -> tuple[NodeRule, ...]:
    """The packaged shapes compiled for `ontology` (a few milliseconds; shapes are cached)."""
    return compile_shapes(ontology, load_shapes())


# ---------------------------------------------------------------------- evaluation


def _count(raw: Any) -> int:
    if raw is None:
        return 0
    return len(raw) if isinstance(raw, list | tuple) else 1


def _values(raw: Any) -> list[Any]:
    if raw is None:
        return []
    return list(raw) if isinstance(raw, list | tuple) else [raw]


def _literal_datatype(field: str, value: Any) -> str:
    """The datatype govkg.ontology.rdf gives a field's literal (see govkg.ontology.rdf._literal)."""
    if field in _LANG_FIELDS:
        return str(RDF.langString)
    if field in ("value", "confidence", "batch"):
        return str(XSD.integer if field == "batch" else XSD.decimal)
    return _python_datatype(type(value))


_DATATYPES: dict[type, str] = {}
_TARGET = "\x00target"
"""Where a relation's target id goes in a message template."""


def _python_datatype(kind: type) -> str:
    """rdflib's datatype for a Python value of `kind` (computed once per type)."""
    found = _DATATYPES.get(kind)
    if found is None:
        sample = {str: "", bool: True, int: 0, float: 0.0}.get(kind)
        literal = Literal(sample) if sample is not None else None
        found = _DATATYPES[kind] = str(literal.datatype or XSD.string) if literal is not None \
            else str(XSD.string)
    return found


def _has_value_checks(prop: PropertyRule) -> bool:
    return any(x is not None for x in (prop.datatype, prop.pattern, prop.min_length,
                                       prop.allowed, prop.min_inclusive, prop.max_inclusive,
                                       prop.classes))


class ShapeChecker:
    """Applies compiled rules to a load's records; `labels` gives the class of any id.

    Every rule is checked record by record (compile_shapes refuses the others), so a load can
    be checked chunk by chunk. Within a call the work is done column by column: a property's
    values are gathered for all the records a rule targets, each distinct value is checked
    once, and only records with a bad value or a wrong count get their message worked out.
    """

    def __init__(self, ontology: Ontology, rules: Iterable[NodeRule]) -> None:
        self.ontology = ontology
        self.rules = tuple(rules)
        self._ancestors: dict[str, frozenset[str]] = {}
        self._class_rules: dict[str, tuple[NodeRule, ...]] = {}
        self._field_rules = tuple(r for r in self.rules if r.target_subjects_of is not None
                                  and not r.target_is_relation)
        self._relation_rules: dict[str, list[NodeRule]] = defaultdict(list)
        for rule in self.rules:
            if rule.target_is_relation and rule.target_subjects_of is not None:
                self._relation_rules[rule.target_subjects_of].append(rule)
        self._edge_messages: dict[tuple[str, str | None, str | None], tuple[str, ...]] = {}

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

    def _rules_of_class(self, label: str) -> tuple[NodeRule, ...]:
        found = self._class_rules.get(label)
        if found is None:
            found = self._class_rules[label] = tuple(
                r for r in self.rules if r.target_class is not None
                and self._is_a(label, frozenset({r.target_class})))
        return found

    def check(self, entities: Sequence[EntityRecord], relations: Sequence[RelationRecord],
              labels: Callable[[str], str | None],
              entity_props: Sequence[Mapping[str, Any]] | None = None,
              relation_props: Sequence[Mapping[str, Any]] | None = None) -> list[str]:
        """Violations as "focus: path: message" lines, like the pySHACL report.

        `entity_props`/`relation_props` are the records' properties when the caller has
        them (a load computes them once), else they are computed here.
        """
        e_props = entity_props if entity_props is not None else [
            e.properties() for e in entities]
        r_props = relation_props if relation_props is not None else [
            r.properties() for r in relations]
        own = {e.id: e.type for e in entities}
        messages: set[str] = set()
        by_label: dict[str, list[int]] = defaultdict(list)
        for at, entity in enumerate(entities):
            by_label[entity.type].append(at)
        for label, members in by_label.items():
            names = [entities[i].id for i in members]
            columns = [e_props[i] for i in members]
            for rule in self._rules_of_class(label):
                self._check_rule(rule, label, names, columns, messages)
        for rule in self._field_rules:  # e.g. a quote needs its source: entities, statements
            self._check_subjects(rule, [e.id for e in entities], e_props, own.get, messages)
            names = [f"{r.source_id}--{r.type}--{r.target_id}" for r in relations]
            self._check_subjects(rule, names, r_props, lambda _: None, messages)
        for relation in relations:
            if relation.type not in self._relation_rules:
                continue
            source, target = relation.source_id, relation.target_id
            key = (relation.type, own.get(source) or labels(source),
                   own.get(target) or labels(target))
            templates = self._edge_messages.get(key)
            if templates is None:
                templates = self._edge_messages[key] = self._edge_templates(*key)
            for template in templates:
                messages.add(f"{source}: {template.replace(_TARGET, target)}")
        return sorted(messages)

    def _check_subjects(self, rule: NodeRule, names: Sequence[str],
                        props: Sequence[Mapping[str, Any]],
                        label_of: Callable[[str], str | None], messages: set[str]) -> None:
        """A rule targeting the subjects of a field, on the records that have the field."""
        field = str(rule.target_subjects_of)
        picked = [i for i, p in enumerate(props) if p.get(field) not in (None, [], ())]
        if not picked:
            return
        by_label: dict[str | None, list[int]] = defaultdict(list)
        for i in picked:
            by_label[label_of(names[i])].append(i)
        for label, members in by_label.items():
            self._check_rule(rule, label, [names[i] for i in members],
                             [props[i] for i in members], messages)

    def _check_rule(self, rule: NodeRule, label: str | None, names: Sequence[str],
                    columns: Sequence[Mapping[str, Any]], messages: set[str]) -> None:
        if rule.classes is not None and not self._is_a(label, rule.classes):
            text = f"node is not a {' or '.join(sorted(rule.classes))}"
            messages.update(f"{name}: {text}" for name in names)
        for prop in rule.properties:
            column = [props.get(prop.path) for props in columns]
            for at in self._suspects(prop, column):
                problem = self._problem(prop, _values(column[at]), lambda _: None)
                if problem is not None:
                    messages.add(f"{names[at]}: {self._text(prop, problem)}")

    def _suspects(self, prop: PropertyRule, column: Sequence[Any]) -> list[int]:
        """Positions whose values may break `prop`: a wrong count or a bad distinct value."""
        suspects: set[int] = set()
        low, high = prop.min_count, prop.max_count
        if (low is not None and low > 0) or high is not None:
            least, most = low or 0, high if high is not None else float("inf")
            suspects.update(i for i, raw in enumerate(column)
                            if not least <= _count(raw) <= most)
        if _has_value_checks(prop):
            distinct: set[tuple[type, Any]] = set()
            for raw in column:
                if isinstance(raw, list | tuple):
                    distinct.update((type(v), v) for v in raw)
                elif raw is not None:
                    distinct.add((type(raw), raw))
            bad = {pair for pair in distinct
                   if self._problem(prop, [pair[1]], lambda _: None, counts=False) is not None}
            if bad:
                suspects.update(
                    i for i, raw in enumerate(column)
                    if (any((type(v), v) in bad for v in raw) if isinstance(raw, list | tuple)
                        else raw is not None and (type(raw), raw) in bad))
        return sorted(suspects)

    def _edge_templates(self, rel_type: str, source: str | None,
                        target: str | None) -> tuple[str, ...]:
        """Messages (after "{source}: ", with _TARGET for the target's id) of a relation of
        this type between nodes of these classes: the same for every such relation."""
        found = []
        for rule in self._relation_rules[rel_type]:
            if rule.classes is not None and not self._is_a(source, rule.classes):
                found.append(f"node is not a {' or '.join(sorted(rule.classes))}")
            for prop in rule.properties:
                if prop.classes is not None and not self._is_a(target, prop.classes):
                    found.append(self._text(
                        prop, f"{_TARGET} is not a {' or '.join(sorted(prop.classes))}"))
        return tuple(found)

    @staticmethod
    def _text(prop: PropertyRule, problem: str) -> str:
        text = prop.message or f"{prop.shown}: {problem}"
        return text if text.startswith(prop.shown) else f"{prop.shown}: {text}"

    def _problem(self, prop: PropertyRule, values: list[Any],
                 labels: Callable[[str], str | None], counts: bool = True) -> str | None:
        if counts and prop.min_count is not None and len(values) < prop.min_count:
            return f"fewer than {prop.min_count} value(s)"
        if counts and prop.max_count is not None and len(values) > prop.max_count:
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
