"""Checks a batch against the ontology, the graph and the SHACL shapes before any write.

Two steps, so that the graph is asked once and never called back: `prepare` checks what a
batch says on its own (known classes and relations, storable values, one fact per id or
key) and adds the MENTIONED_IN edges of its provenance; `validate_changes` checks the records
a store's plan says would change against the classes the plan found in the graph (classes
kept, relation ends present, domain and range, SHACL shapes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from govkg.errors import InputError
from govkg.ontology.model import Ontology
from govkg.ontology.shacl import shape_violations
from govkg.ontology.terms import MENTIONED_IN
from govkg.records import (
    EntityRecord,
    Provenance,
    RecordBatch,
    RelationKey,
    RelationRecord,
    relation_key_text,
)
from govkg.records.merge import ConflictingFactsError, merge_statements, source_of, sources_of


def _dedupe_entities(batch: RecordBatch, errors: list[str]) -> list[EntityRecord]:
    """One record per id: repeats dropped, statements of one entity by two sources merged
    (govkg.records.merge); conflicting facts, or one source giving two versions, refused."""
    by_id: dict[str, EntityRecord] = {}
    for entity in batch.entities:
        seen = by_id.get(entity.id)
        if seen is None:
            by_id[entity.id] = entity
        elif seen == entity:
            continue
        elif source_of(seen) == source_of(entity):
            differing = sorted(
                k for k in EntityRecord.model_fields
                if getattr(seen, k) != getattr(entity, k)
            )
            errors.append(
                f"{batch.where(entity.id)}: duplicate id {entity.id!r} with conflicting facts "
                f"(fields {', '.join(differing)} differ)"
            )
        else:
            try:
                by_id[entity.id] = merge_statements(seen, entity)
            except ConflictingFactsError as exc:
                errors.append(conflict_message(batch.where(entity.id), exc, source_of(seen),
                                        source_of(entity)))
    return list(by_id.values())


def conflict_message(where: str, exc: ConflictingFactsError, first: str, second: str) -> str:
    shown = "; ".join(f"{name} {a!r} ({first or 'no source'}) vs {b!r} "
                      f"({second or 'no source'})" for name, (a, b) in exc.differing.items())
    return (f"{where}: {exc.entity_id!r} is stated by two sources with conflicting facts: "
            f"{shown}; an entity has one value per field (make the sources agree, or give "
            "the second its own id)")


def _with_references(batch: RecordBatch) -> RecordBatch:
    """The batch's references (shared records it points at) added where no record of the
    batch defines the id; the first reference of an id wins (they come from one reader)."""
    defined = {e.id for e in batch.entities}
    added: dict[str, EntityRecord] = {}
    for reference in batch.references:
        if reference.id not in defined:
            added.setdefault(reference.id, reference)
    return batch.model_copy(update={"entities": batch.entities + tuple(added.values()),
                                    "references": ()})


def _with_method(batch: RecordBatch) -> RecordBatch:
    """Every record with a provenance, so every node and relation carries its method: a
    record given with none was written by hand (curated)."""
    bare = Provenance()
    entities = tuple(
        e.model_copy(update={"provenance": e.provenance or bare, "sources": sources_of(e)})
        for e in batch.entities)
    relations = tuple(r if r.provenance else r.model_copy(update={"provenance": bare})
                      for r in batch.relations)
    return batch.model_copy(update={"entities": entities, "relations": relations})


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
    by_key: dict[RelationKey, RelationRecord] = {}
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
    if isinstance(value, float) and not math.isfinite(value):
        return (f"is {value}, which no store keeps as a number (and JSON cannot carry); "
                "give a finite number, or leave the field out")
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


def prepare(ontology: Ontology, batch: RecordBatch) -> RecordBatch:
    """The batch ready to plan: names checked against the ontology, values storable, one
    record per id and relation key, MENTIONED_IN edges added; the batch's references folded
    in where no record defines their id; InputError otherwise."""
    batch = _with_references(batch)
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
    batch = _with_method(batch)
    entities = _dedupe_entities(batch, errors)
    # one MENTIONED_IN per statement: a merged entity keeps each source's section and quote
    relations = _dedupe_relations(batch, [*batch.relations, *_mentions(batch.entities)],
                                  errors)
    if errors:
        raise InputError(f"{batch.origin}: {len(errors)} error(s)", details=errors)
    return RecordBatch(origin=batch.origin, entities=tuple(entities),
                       relations=tuple(relations), locations=batch.locations)


def validate_changes(
    ontology: Ontology, batch: RecordBatch, entities: Sequence[EntityRecord],
    relations: Sequence[RelationRecord], known: Mapping[str, str],
) -> None:
    """Check the records of `batch` that would change the graph; InputError if any fails.

    `known` is the class of every id these records touch that the graph already holds
    (a store's LoadPlan.known). Records the graph holds as given were checked when they
    were written and are not checked again.
    """
    errors: list[str] = []
    labels = {e.id: e.type for e in entities}
    for entity_id, label in labels.items():
        stored = known.get(entity_id)
        if stored is not None and stored != label:
            errors.append(
                f"{batch.where(entity_id)}: id {entity_id!r} is of class {stored} in the "
                f"graph, not {label}"
            )
    all_labels = {**known, **labels}
    for relation in relations:
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
    violations = shape_violations(ontology, entities, relations, dict(known))
    if violations:
        located = [_locate(batch, message) for message in violations]
        raise InputError(f"{batch.origin}: {len(violations)} SHACL violation(s)", details=located)


def validate_records(ontology: Ontology, batch: RecordBatch,
                     existing: Mapping[str, str] | None = None) -> RecordBatch:
    """`prepare` and `validate_changes` of every record, with `existing` as the graph's
    classes: the whole check without a store (tests, `govkg extract` reviews)."""
    ready = prepare(ontology, batch)
    validate_changes(ontology, ready, ready.entities, ready.relations, existing or {})
    return ready


def _locate(batch: RecordBatch, message: str) -> str:
    focus = message.split(":", 1)[0]
    return f"{batch.where(focus)}: {message}"


__all__ = ["conflict_message", "prepare", "validate_changes", "validate_records"]
