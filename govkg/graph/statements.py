"""Named Cypher the stores send; labels and relation types are taken from the ontology only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from govkg.ontology.model import Ontology
from govkg.records import EntityRecord, RecordBatch, RelationRecord
from govkg.records.fields import LOOKUP_KEYS
from govkg.records.names import lookup_keys

UPSERT_NODES = (
    "UNWIND $rows AS row "
    "MERGE (n:{base} {{id: row.id}}) "
    "SET n = row.props "
    "SET n:{label}"
)
UPSERT_RELATIONSHIPS = (
    "UNWIND $rows AS row "
    "MATCH (a:{base} {{id: row.source}}) "
    "MATCH (b:{base} {{id: row.target}}) "
    "MERGE (a)-[r:{type} {{rid: row.rid}}]->(b) "
    "SET r = row.props"
)
LABELS_OF = (
    "UNWIND $ids AS key "
    "MATCH (n:{base} {{id: key}}) "
    "RETURN n.id AS id, [l IN labels(n) WHERE l <> '{base}'] AS labels"
)
COUNT_BY_LABEL = "MATCH (n:{base}) UNWIND labels(n) AS label RETURN label, count(*) AS count"
COUNT_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count"
DELETE_ALL = "MATCH (n) DETACH DELETE n"


@dataclass(frozen=True)
class Statement:
    """One write: Cypher text and its parameters."""

    cypher: str
    params: dict[str, Any]
    rows: int


def labels_of_cypher(ontology: Ontology) -> str:
    return LABELS_OF.format(base=ontology.base_label)


def count_by_label_cypher(ontology: Ontology) -> str:
    return COUNT_BY_LABEL.format(base=ontology.base_label)


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def node_row(entity: EntityRecord) -> dict[str, Any]:
    """What a store writes for an entity: its id and its properties (with lookup keys)."""
    props = entity.properties()
    props[LOOKUP_KEYS] = lookup_keys([entity.id, entity.name, entity.name_en, *entity.aliases])
    return {"id": entity.id, "props": props}


def edge_row(relation: RelationRecord) -> dict[str, Any]:
    """What a store writes for a relation: its two ends' ids and its properties."""
    return {"source": relation.source_id, "target": relation.target_id,
            "rid": relation.rid, "props": relation.properties()}


def write_plan(ontology: Ontology, batch: RecordBatch, batch_size: int) -> list[Statement]:
    """UNWIND statements for a validated batch: nodes first, by label, then relations by type."""
    nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity in batch.entities:
        nodes[ontology.label(entity.type)].append(node_row(entity))
    edges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for relation in batch.relations:
        edges[ontology.relation(relation.type)].append(edge_row(relation))
    statements = []
    for label in sorted(nodes):
        cypher = UPSERT_NODES.format(base=ontology.base_label, label=label)
        statements += [Statement(cypher, {"rows": c}, len(c)) for c in _chunks(nodes[label],
                                                                             batch_size)]
    for rel_type in sorted(edges):
        cypher = UPSERT_RELATIONSHIPS.format(base=ontology.base_label, type=rel_type)
        statements += [Statement(cypher, {"rows": c}, len(c)) for c in _chunks(edges[rel_type],
                                                                             batch_size)]
    return statements
