"""Records ↔ RDF with the ontology's IRIs; used for SHACL validation and RDF export/import."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import ValidationError
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from govkg.errors import InputError
from govkg.formats import get_format
from govkg.ontology.model import ENTITY_NS, GOVKG, Ontology
from govkg.records import EntityRecord, RecordBatch, RelationRecord
from govkg.records.fields import DERIVED_FIELDS, PROVENANCE_FIELDS

_LANG = {"name": "zh", "name_en": "en"}
_TYPED = {"value": XSD.decimal, "confidence": XSD.decimal, "batch": XSD.integer,
          "number": XSD.integer}
_LIST_FIELDS = {"aliases", "sources"}
"""Many-valued fields: one triple per value (RDF keeps no order; a node's own source is put
first in `sources` again when it is loaded)."""


def entity_iri(entity_id: str) -> URIRef:
    return ENTITY_NS[entity_id]


def statement_iri(source_id: str, relation: str, target_id: str, rid: str = "") -> URIRef:
    """Stable IRI of the reified statement that carries a relation's properties; `rid` (the
    relation's source and batch) tells apart two statements of one link."""
    tail = f"--{quote(rid, safe='')}" if rid else ""
    return ENTITY_NS[f"{source_id}--{relation}--{target_id}{tail}"]


def _literal(name: str, value: Any) -> Literal:
    if name in _LANG:
        return Literal(value, lang=_LANG[name])
    if name in _TYPED:
        return Literal(Decimal(str(value)) if _TYPED[name] == XSD.decimal else value,
                       datatype=_TYPED[name])
    return Literal(value)


def _add_properties(graph: Graph, subject: URIRef, props: dict[str, Any]) -> None:
    for name, value in props.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            graph.add((subject, GOVKG[name], _literal(name, item)))


def records_to_graph(
    ontology: Ontology,
    entities: Iterable[EntityRecord],
    relations: Iterable[RelationRecord],
) -> Graph:
    """An RDF graph of the records: typed nodes, direct triples, reified relation properties."""
    graph = Graph()
    graph.bind("govkg", GOVKG)
    graph.bind("id", ENTITY_NS)
    for entity in entities:
        subject = entity_iri(entity.id)
        graph.add((subject, RDF.type, ontology.classes[entity.type].iri))
        _add_properties(graph, subject, entity.properties())
    for relation in relations:
        predicate = ontology.relations[relation.type].iri
        subject, obj = entity_iri(relation.source_id), entity_iri(relation.target_id)
        graph.add((subject, predicate, obj))
        props = {k: v for k, v in relation.properties().items() if k not in DERIVED_FIELDS}
        if props:
            statement = statement_iri(*relation.key)
            graph.add((statement, RDF.type, RDF.Statement))
            graph.add((statement, RDF.subject, subject))
            graph.add((statement, RDF.predicate, predicate))
            graph.add((statement, RDF.object, obj))
            _add_properties(graph, statement, props)
    return graph


def batch_to_graph(ontology: Ontology, batch: RecordBatch) -> Graph:
    return records_to_graph(ontology, batch.entities, batch.relations)


def _python_value(literal: Any) -> Any:
    value = literal.toPython() if isinstance(literal, Literal) else literal
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _local(iri: URIRef, namespace: str) -> str | None:
    text = str(iri)
    return text[len(namespace):] if text.startswith(namespace) else None


def _collect(graph: Graph, subject: URIRef) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for predicate, obj in graph.predicate_objects(subject):
        name = _local(predicate, str(GOVKG))  # type: ignore[arg-type]
        if name is None or not isinstance(obj, Literal):
            continue  # relations (object IRIs) are read as relations
        value = _python_value(obj)
        if name in _LIST_FIELDS:
            props.setdefault(name, []).append(value)
        elif name in props and props[name] != value:
            raise InputError(f"<{subject}>: govkg:{name} has several values "
                             f"({props[name]!r}, {value!r}); it takes one")
        else:
            props[name] = value
    for name in _LIST_FIELDS & props.keys():
        props[name] = sorted(props[name])
    return props


_R = TypeVar("_R", EntityRecord, RelationRecord)


def _split_provenance(props: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    prov = {k: props.pop(k) for k in list(props) if k in PROVENANCE_FIELDS and k not in keep}
    if prov:
        props["provenance"] = prov
    return props


def _record(model: type[_R], data: dict[str, Any], subject: Node) -> _R:
    """Validate one record; a bad field names the RDF subject it came from."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [f"<{subject}>: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                    for e in exc.errors()]
        raise InputError(f"<{subject}> does not fit the record format", details=problems
                         ) from None


def _relation(graph: Graph, relation_by_iri: dict[Node, str], triple: tuple[Any, Any, Any],
              statement: Node | None) -> RelationRecord | None:
    """The relation a direct triple or a reified statement says, or None if it is not one."""
    subject, predicate, obj = triple
    rel_type = relation_by_iri.get(predicate)
    source_id = _local(subject, str(ENTITY_NS)) if isinstance(subject, URIRef) else None
    target_id = _local(obj, str(ENTITY_NS)) if isinstance(obj, URIRef) else None
    if rel_type is None or source_id is None or target_id is None:
        return None
    props = _collect(graph, statement) if isinstance(statement, URIRef) else {}
    props.update({"type": rel_type, "from": source_id, "to": target_id})
    return _record(RelationRecord, _split_provenance(props, {"note"}),
                   statement or statement_iri(source_id, rel_type, target_id))


def graph_to_batch(ontology: Ontology, graph: Graph, origin: str) -> RecordBatch:
    """Read an RDF graph written by records_to_graph (or by hand in the same vocabulary)."""
    class_by_iri: dict[Node, str] = {c.iri: c.label for c in ontology.classes.values()}
    relation_by_iri: dict[Node, str] = {r.iri: r.type for r in ontology.relations.values()}
    entities = []
    for subject, cls in graph.subject_objects(RDF.type):
        label = class_by_iri.get(cls)
        entity_id = _local(subject, str(ENTITY_NS))  # type: ignore[arg-type]
        if label is None or entity_id is None or label == ontology.base_label:
            continue
        props = _collect(graph, subject)  # type: ignore[arg-type]
        props["id"] = entity_id
        props["type"] = label
        entities.append(_record(EntityRecord, _split_provenance(props, set()), subject))
    relations = []
    stated: set[tuple[Node, Node, Node]] = set()
    for statement in set(graph.subjects(RDF.type, RDF.Statement)):
        triple = (graph.value(statement, RDF.subject), graph.value(statement, RDF.predicate),
                  graph.value(statement, RDF.object))
        record = _relation(graph, relation_by_iri, triple, statement)
        if record is not None:
            stated.add(triple)  # type: ignore[arg-type]
            relations.append(record)
    for triple in graph:
        if triple not in stated:
            record = _relation(graph, relation_by_iri, triple, None)
            if record is not None:
                relations.append(record)
    entities.sort(key=lambda e: e.id)
    relations.sort(key=lambda r: r.key)
    return RecordBatch(origin=origin, entities=tuple(entities), relations=tuple(relations))


def serialise(graph: Graph, name: str) -> bytes:
    """The graph as Turtle or JSON-LD (compacted with the graph's own prefixes), UTF-8."""
    rdflib_name = str(get_format(name, "rdflib_name").rdflib_name)
    if rdflib_name == "json-ld":
        used = {str(term) for triple in graph for term in triple}
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()
                   if prefix and any(term.startswith(str(ns)) for term in used)}
        return graph.serialize(format="json-ld", context=context, indent=2,
                               encoding="utf-8")
    return graph.serialize(format=rdflib_name, encoding="utf-8")
