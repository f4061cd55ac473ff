"""A load's statements of entities the graph already has, merged with the stored ones.

The rules are govkg.records.merge's: a second source's statement of a stored entity keeps the
stored provenance, adds its source to `sources` (its section and quote go on its own
MENTIONED_IN edge) and fills the fields the node lacks; facts that disagree are refused. A
source stating again an entity only it states replaces it (an edited file).
"""

from __future__ import annotations

import dataclasses

from govkg.errors import InputError
from govkg.graph.base import GraphStore, LoadPlan, LoadSession
from govkg.graph.rows import node_row
from govkg.loaders.validate import conflict_message
from govkg.ontology.model import Ontology
from govkg.queries import get_query
from govkg.records import EntityRecord
from govkg.records.merge import ConflictingFactsError, merge_statements, source_of, sources_of
from govkg.service.answers import Entity
from govkg.service.extraction import entity_record

CHUNK = 5_000
"""Ids asked of the store in one query."""


def stored_records(store: GraphStore, ontology: Ontology, ids: list[str]
                   ) -> dict[str, EntityRecord]:
    """The records the graph holds for `ids` (those it has)."""
    query = get_query("stored_entities").cypher
    found: dict[str, EntityRecord] = {}
    for start in range(0, len(ids), CHUNK):
        for (node,) in store.query(query, {"ids": ids[start : start + CHUNK]}).rows:
            record = entity_record(Entity.from_node(node, ontology.base_label))
            found[record.id] = record
    return found


def staged_records(load: LoadSession, ontology: Ontology, ids: list[str]
                   ) -> list[EntityRecord]:
    """The records of `ids` as a load has written them so far (its staging graph)."""
    if not ids:
        return []
    return [entity_record(Entity.from_node(node, ontology.base_label))
            for node in load.staged(ids)]


def _merged(stored: EntityRecord, entity: EntityRecord) -> EntityRecord:
    """`entity` as it is to be written over `stored` (see the module text)."""
    incoming = source_of(entity)
    known = sources_of(stored)
    if set(known) <= {incoming}:
        return entity
    if known and known[0] == incoming:
        return merge_statements(entity, stored)
    return merge_statements(stored, entity)


def with_stored_statements(store: GraphStore, ontology: Ontology, plan: LoadPlan) -> LoadPlan:
    """The plan with each changed entity the graph already holds merged with the stored
    statement of it; InputError naming the file, line, field and both sources if they
    disagree."""
    held = [e.id for e in plan.entities if e.id in plan.known]
    if not held:
        return plan
    stored = stored_records(store, ontology, held)
    entities: list[EntityRecord] = []
    errors: list[str] = []
    for entity in plan.entities:
        before = stored.get(entity.id)
        if before is None or before.type != entity.type:
            entities.append(entity)  # a new id, or a class clash validation reports
            continue
        try:
            entities.append(_merged(before, entity))
        except ConflictingFactsError as exc:
            errors.append(conflict_message(plan.batch.where(entity.id), exc,
                                           ", ".join(sources_of(before)), source_of(entity)))
    if errors:
        raise InputError(f"{plan.batch.origin}: {len(errors)} error(s)", details=errors)
    return _with_rows(plan, tuple(entities))


def _with_rows(plan: LoadPlan, entities: tuple[EntityRecord, ...]) -> LoadPlan:
    """The plan with these entities; the rows of the merged ones worked out again (a load
    writes and digests rows) and their ids in `merged`."""
    merged = frozenset(new.id for new, old in zip(entities, plan.entities, strict=True)
                       if new is not old)
    if not merged:
        return plan
    if not plan.node_rows:
        return dataclasses.replace(plan, entities=entities)
    problems: list[tuple[str, str]] = []
    rows = tuple(node_row(new, problems) if new.id in merged else row
                 for new, row in zip(entities, plan.node_rows, strict=True))
    return dataclasses.replace(plan, entities=entities, node_rows=rows,
                               merged=plan.merged | merged)


__all__ = ["staged_records", "stored_records", "with_stored_statements"]
