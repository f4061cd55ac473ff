"""Checks a load against the ontology, the graph and the SHACL shapes before any write.

Two steps, so that the graph is asked once and never called back: `prepare_chunk` checks what
a batch (a load, or one chunk of it) says on its own (known classes and relations, storable
values, one fact per id or key), adds the MENTIONED_IN edges of its provenance and works out
each record's row (govkg.graph.rows); `validate_changes` checks the records a store's plan
says would change against the classes the plan found in the graph and in earlier chunks
(classes kept, relation ends present, domain and range, SHACL shapes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from govkg.errors import InputError
from govkg.graph.rows import Chunk, EdgeRow, NodeRow, encode_chunk, node_row, unstorable
from govkg.ontology.model import Ontology
from govkg.ontology.shacl import SampleQuota, shape_violations
from govkg.ontology.terms import MENTIONED_IN
from govkg.records import (
    EntityRecord,
    RecordBatch,
    RelationKey,
    RelationRecord,
    relation_key_text,
)
from govkg.records.merge import ConflictingFactsError, merge_statements, source_of

INT64 = (-(2**63), 2**63 - 1)
"""Integers both stores hold; FalkorDB clamps bigger ones silently, so they are refused."""



def _differing(seen: EntityRecord, entity: EntityRecord) -> list[str]:
    return sorted(k for k in EntityRecord.model_fields if getattr(seen, k) != getattr(entity, k))


def duplicate_entity(where: str, entity_id: str, seen: EntityRecord | None,
                     entity: EntityRecord) -> str:
    """The message of an id given twice by one source with different facts."""
    fields = (f"fields {', '.join(_differing(seen, entity))} differ" if seen is not None
              else "differs from an earlier record of this load")
    return f"{where}: duplicate id {entity_id!r} with conflicting facts ({fields})"


def duplicate_relation(where: str, text: str) -> str:
    return f"{where}: relation {text} given twice with different facts"


def _dedupe_entities(batch: RecordBatch, chunk: Chunk, errors: list[str]) -> list[NodeRow]:
    """One row per id: repeats dropped, statements of one entity by two sources merged
    (govkg.records.merge) into a new row; one source giving two versions, or sources that
    disagree, refused."""
    rows: list[NodeRow] = []
    first: dict[str, int] = {}
    stated: dict[str, dict[str, NodeRow]] = {}  # id -> source -> its statement's row
    problems: list[tuple[str, str]] = []
    for row in chunk.nodes:
        entity = row.record
        at = first.get(entity.id)
        if at is None:
            first[entity.id] = len(rows)
            rows.append(row)
            continue
        if rows[at].digest == row.digest:
            continue
        by_source = stated.setdefault(entity.id, {source_of(rows[at].record): rows[at]})
        source = source_of(entity)
        earlier = by_source.get(source)
        if earlier is not None:
            if earlier.digest != row.digest:
                errors.append(duplicate_entity(batch.where(entity.id), entity.id,
                                               earlier.record, entity))
            continue
        try:
            merged = merge_statements(rows[at].record, entity)
        except ConflictingFactsError as exc:
            errors.append(conflict_message(batch.where(entity.id), exc,
                                           ", ".join(by_source), source))
            continue
        by_source[source] = row
        rows[at] = node_row(merged, problems)
    return rows


def conflict_message(where: str, exc: ConflictingFactsError, first: str, second: str) -> str:
    shown = "; ".join(f"{name} {a!r} ({first or 'no source'}) vs {b!r} "
                      f"({second or 'no source'})" for name, (a, b) in exc.differing.items())
    return (f"{where}: {exc.entity_id!r} is stated by two sources with conflicting facts: "
            f"{shown}; an entity has one value per field (make the sources agree, or give "
            "the second its own id)")


def _with_references(batch: RecordBatch) -> RecordBatch:
    """The batch's references (shared records it points at) added where no record of the
    batch defines the id; the first reference of an id wins (they come from one reader)."""
    if not batch.references:
        return batch
    defined = {e.id for e in batch.entities}
    added: dict[str, EntityRecord] = {}
    for reference in batch.references:
        if reference.id not in defined:
            added.setdefault(reference.id, reference)
    return batch.model_copy(update={"entities": batch.entities + tuple(added.values()),
                                    "references": ()})


def _mentions(entities: Iterable[EntityRecord]) -> list[RelationRecord]:
    """MENTIONED_IN edges from each entity's provenance to its Source."""
    edges = []
    for entity in entities:
        prov = entity.provenance
        if prov is None or prov.source is None or entity.id == prov.source:
            continue
        edges.append(RelationRecord(type=MENTIONED_IN, source_id=entity.id,
                                    target_id=prov.source, provenance=prov))
    return edges


def _names(ontology: Ontology, batch: RecordBatch, errors: list[str]) -> None:
    """Classes and relation types the ontology knows."""
    classes = set(ontology.entity_labels)
    for entity in batch.entities:
        if entity.type not in classes:
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


def prepare_chunk(ontology: Ontology, batch: RecordBatch) -> Chunk:
    """A batch ready to plan, with the row of each record (govkg.graph.rows): names checked
    against the ontology, values storable, one record per id and relation key, MENTIONED_IN
    edges added, the batch's references folded in where no record defines their id;
    InputError otherwise."""
    batch = _with_references(batch)
    errors: list[str] = []
    _names(ontology, batch, errors)
    entities_only = encode_chunk(RecordBatch.model_construct(
        origin=batch.origin, entities=batch.entities, relations=(),
        locations=batch.locations, references=()))
    nodes = _dedupe_entities(batch, entities_only, errors)
    entities = [row.record for row in nodes]
    # one MENTIONED_IN per statement: a merged entity keeps each source's section and quote
    edges_only = encode_chunk(RecordBatch.model_construct(
        origin=batch.origin, entities=(),
        relations=(*batch.relations, *_mentions(batch.entities)),
        locations=batch.locations, references=()))
    problems = [*entities_only.problems, *edges_only.problems]
    errors[:0] = [f"{batch.where(key)}: {text}" for key, text in problems]
    by_key: dict[RelationKey, int] = {}
    edges: list[EdgeRow] = []
    for row in edges_only.edges:
        relation = row.record
        seen = by_key.get(relation.key)
        if seen is None:
            by_key[relation.key] = len(edges)
            edges.append(row)
        elif edges[seen].digest != row.digest and relation.type != MENTIONED_IN:
            text = relation_key_text(relation.key)
            errors.append(duplicate_relation(batch.where(text), text))
    if errors:
        raise InputError(f"{batch.origin}: {len(errors)} error(s)", details=errors)
    ready = RecordBatch.model_construct(
        origin=batch.origin, entities=tuple(entities),
        relations=tuple(row.record for row in edges), locations=batch.locations,
        references=())
    return Chunk(ready, nodes, edges)


def prepare(ontology: Ontology, batch: RecordBatch) -> RecordBatch:
    """prepare_chunk's batch (tests, and callers that plan with GraphStore.plan)."""
    return prepare_chunk(ontology, batch).batch


def validate_changes(
    ontology: Ontology, batch: RecordBatch, entities: Sequence[EntityRecord],
    relations: Sequence[RelationRecord], known: Mapping[str, str], *,
    entity_props: Sequence[Mapping[str, Any]] | None = None,
    relation_props: Sequence[Mapping[str, Any]] | None = None,
    quota: SampleQuota | None = None,
) -> None:
    """Check the records of `batch` that would change the graph; InputError if any fails.

    `known` is the class of every id these records touch that the graph (or an earlier chunk
    of the load) already holds, a store's LoadPlan.known. Records the graph holds as given
    were checked when they were written and are not checked again. `quota` is the pySHACL
    sample left to a load read in chunks (govkg.ontology.shacl.shape_violations).
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
    allowed: dict[tuple[str, str, str], bool] = {}
    for relation in relations:
        source, target = all_labels.get(relation.source_id), all_labels.get(relation.target_id)
        if source is not None and target is not None:
            triple = (relation.type, source, target)
            fits = allowed.get(triple)
            if fits is None:
                fits = allowed[triple] = ontology.allows(*triple)
            if fits:
                continue
        where = batch.where(relation_key_text(relation.key))
        for end, field, end_label in ((relation.source_id, "from", source),
                                      (relation.target_id, "to", target)):
            if end_label is None:
                errors.append(
                    f"{where}: {relation.type}.{field}: no entity {end!r} in this load "
                    f"or in the graph"
                )
        if source is not None and target is not None:
            rel = ontology.relations[relation.type]
            errors.append(
                f"{where}: {relation.type} cannot go from a {source} to a {target} "
                f"(domain {sorted(rel.domain)}, range {sorted(rel.range)})"
            )
    if errors:
        raise InputError(f"{batch.origin}: {len(errors)} error(s)", details=errors)
    violations = shape_violations(ontology, entities, relations, dict(known),
                                  entity_props=entity_props, relation_props=relation_props,
                                  quota=quota)
    if violations:
        located = [_locate(batch, message) for message in violations]
        raise InputError(f"{batch.origin}: {len(violations)} SHACL violation(s)", details=located)


def validate_records(ontology: Ontology, batch: RecordBatch,
                     existing: Mapping[str, str] | None = None) -> RecordBatch:
    """`prepare` and `validate_changes` of every record, with `existing` as the graph's
    classes: the whole check without a store (tests, `govkg extract` reviews)."""
    chunk = prepare_chunk(ontology, batch)
    ready = chunk.batch
    validate_changes(ontology, ready, ready.entities, ready.relations, existing or {},
                     entity_props=[row.props for row in chunk.nodes],
                     relation_props=[row.props for row in chunk.edges])
    return ready


def _locate(batch: RecordBatch, message: str) -> str:
    focus = message.split(":", 1)[0]
    return f"{batch.where(focus)}: {message}"


__all__ = ["INT64", "conflict_message", "duplicate_entity", "duplicate_relation", "prepare",
           "prepare_chunk", "unstorable", "validate_changes", "validate_records"]
