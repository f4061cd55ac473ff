"""Checks a RecordBatch against the ontology, the graph and the SHACL shapes before any write."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace, URIRef

from govkg.errors import InputError
from govkg.graph.unchanged import UnchangedTest
from govkg.ontology.model import Ontology, load_shapes
from govkg.ontology.terms import MENTIONED_IN
from govkg.records import EntityRecord, RecordBatch, RelationRecord, relation_key_text
from govkg.shape_check import shape_violations

SH = Namespace("http://www.w3.org/ns/shacl#")

LabelLookup = Callable[[Iterable[str]], dict[str, str]]
"""Given ids, return {id: class label} for those already in the graph."""


def _dedupe_entities(batch: RecordBatch, errors: list[str]) -> list[EntityRecord]:
    by_id: dict[str, EntityRecord] = {}
    for entity in batch.entities:
        seen = by_id.get(entity.id)
        if seen is None:
            by_id[entity.id] = entity
        elif seen != entity:
            differing = sorted(
                k for k in EntityRecord.model_fields
                if getattr(seen, k) != getattr(entity, k)
            )
            errors.append(
                f"{batch.where(entity.id)}: duplicate id {entity.id!r} with conflicting facts "
                f"(fields {', '.join(differing)} differ)"
            )
    return list(by_id.values())


def _mentions(entities: Iterable[EntityRecord]) -> list[RelationRecord]:
    """MENTIONED_IN edges from each entity's provenance to its Source."""
    edges = []
    for entity in entities:
        prov = entity.provenance
        if prov is None or prov.source is None or entity.id == prov.source:
            continue
        edges.append(
            RelationRecord.model_validate(
                {"type": MENTIONED_IN, "from": entity.id, "to": prov.source,
                 "provenance": prov.model_dump(exclude_none=True)}
            )
        )
    return edges


def _dedupe_relations(
    batch: RecordBatch, relations: Iterable[RelationRecord], errors: list[str]
) -> list[RelationRecord]:
    by_key: dict[tuple[str, str, str], RelationRecord] = {}
    for relation in relations:
        seen = by_key.get(relation.key)
        if seen is None:
            by_key[relation.key] = relation
        elif seen != relation and relation.type != MENTIONED_IN:
            text = relation_key_text(relation.key)
            errors.append(f"{batch.where(text)}: relation {text} given twice with different facts")
    return list(by_key.values())


INT64 = (-(2**63), 2**63 - 1)
"""Integers both stores hold; FalkorDB clamps bigger ones silently, so they are refused."""


def _unstorable(value: Any) -> str | None:
    """Why a property value cannot be stored as given, or None."""
    if isinstance(value, str) and "\x00" in value:
        return "contains a NUL character"
    if isinstance(value, int) and not isinstance(value, bool) and not (
            INT64[0] <= value <= INT64[1]):
        return f"{value} does not fit a 64-bit integer; write it as a decimal (e.g. 1.2e21)"
    if isinstance(value, list | tuple):
        return next((why for v in value if (why := _unstorable(v))), None)
    return None


def _check_storable(batch: RecordBatch, errors: list[str]) -> None:
    """Property values a store would refuse or silently change, named by file, line, field."""
    records: list[tuple[str, dict[str, Any]]] = [
        (e.id, e.properties()) for e in batch.entities]
    records += [(relation_key_text(r.key), r.properties()) for r in batch.relations]
    for key, props in records:
        for field, value in props.items():
            why = _unstorable(value)
            if why:
                errors.append(f"{batch.where(key)}: {key}: {field} {why}")


def _shacl_messages(report: Graph) -> list[str]:
    messages = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        focus_text = str(focus).rsplit("/", 1)[-1] if focus is not None else "?"
        path_text = str(path).rsplit("#", 1)[-1] if path is not None else ""
        shown = f" (value {value})" if value is not None else ""
        text = str(message)
        if path_text and not text.startswith(path_text):
            text = f"{path_text}: {text}"
        messages.append(f"{focus_text}: {text}{shown}")
    return sorted(set(messages))


def check_shacl(
    ontology: Ontology, data: Graph, focus: list[str | URIRef] | None = None
) -> list[str]:
    """Run pySHACL with the ontology as background; return readable violations.

    `focus` limits the check to the nodes of this load: entities already in the graph are
    present only as typed stubs so that relation ranges can be checked against them.
    """
    conforms, report, _ = shacl_validate(
        data, shacl_graph=load_shapes(), ont_graph=ontology.graph, inference="none",
        advanced=False, allow_warnings=True, focus_nodes=focus,
    )
    return [] if conforms else _shacl_messages(report)


def validate_batch(ontology: Ontology, batch: RecordBatch, known: LabelLookup,
                   unchanged: UnchangedTest | None = None) -> RecordBatch:
    """Return the batch ready to write (deduplicated, with MENTIONED_IN edges) or raise.

    `unchanged` (govkg.graph.unchanged) names records the graph already holds exactly as
    given: they were validated when written and will not be written again, so the graph
    look-ups and shape checks skip them (the checks of the whole batch above still run).
    """
    errors: list[str] = []
    for entity in batch.entities:
        if entity.type not in ontology.entity_labels:
            errors.append(
                f"{batch.where(entity.id)}: entity {entity.id!r}: unknown class "
                f"{entity.type!r}; known: {', '.join(ontology.entity_labels)}"
            )
    for relation in batch.relations:
        if relation.type not in ontology.relations:
            errors.append(
                f"{batch.where(relation_key_text(relation.key))}: unknown relation "
                f"{relation.type!r}; known: {', '.join(sorted(ontology.relations))}"
            )
    _check_storable(batch, errors)
    if errors:
        raise InputError(f"{batch.origin}: {len(errors)} error(s)", details=errors)

    entities = _dedupe_entities(batch, errors)
    relations = _dedupe_relations(batch, [*batch.relations, *_mentions(entities)], errors)
    same_ids, same_keys = unchanged(entities, relations) if unchanged else (set(), set())
    held = {e.id: e.type for e in entities if e.id in same_ids}
    """Unchanged entities: in the graph with this class (the digest covers it)."""
    checked = [e for e in entities if e.id not in same_ids]
    checked_relations = [r for r in relations if r.key not in same_keys]
    labels = {e.id: e.type for e in checked}
    outside = ({r.source_id for r in checked_relations}
               | {r.target_id for r in checked_relations} | set(labels)) - held.keys()
    existing = {**known(sorted(outside)), **held}
    for entity_id, label in labels.items():
        stored = existing.get(entity_id)
        if stored is not None and stored != label:
            errors.append(
                f"{batch.where(entity_id)}: id {entity_id!r} is a {stored} in the graph, "
                f"not a {label}"
            )
    all_labels = {**existing, **labels}
    for relation in checked_relations:
        where = batch.where(relation_key_text(relation.key))
        for end, field in ((relation.source_id, "from"), (relation.target_id, "to")):
            if end not in all_labels:
                errors.append(
                    f"{where}: {relation.type}.{field}: no entity {end!r} in this load "
                    f"or in the graph"
                )
        if relation.source_id in all_labels and relation.target_id in all_labels:
            source, target = all_labels[relation.source_id], all_labels[relation.target_id]
            if not ontology.allows(relation.type, source, target):
                rel = ontology.relations[relation.type]
                errors.append(
                    f"{where}: {relation.type} cannot go from a {source} to a {target} "
                    f"(domain {sorted(rel.domain)}, range {sorted(rel.range)})"
                )
    if errors:
        raise InputError(f"{batch.origin}: {len(errors)} error(s)", details=errors)

    violations = shape_violations(ontology, checked, checked_relations, existing)
    if violations:
        located = [_locate(batch, message) for message in violations]
        raise InputError(f"{batch.origin}: {len(violations)} SHACL violation(s)", details=located)
    return RecordBatch(
        origin=batch.origin,
        entities=tuple(entities),
        relations=tuple(relations),
        locations=batch.locations,
    )


def _locate(batch: RecordBatch, message: str) -> str:
    focus = message.split(":", 1)[0]
    return f"{batch.where(focus)}: {message}"


__all__ = ["LabelLookup", "check_shacl", "validate_batch"]
