"""Named Cypher the stores send; labels and relation types are taken from the ontology only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from govkg.graph.rows import EdgeRow, NodeRow, node_props
from govkg.ontology.model import Ontology
from govkg.records import EntityRecord, RecordBatch, RelationRecord
from govkg.records.batch import RELATION_KEY

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
NODES_OF = (
    "UNWIND $ids AS key "
    "MATCH (n:{base} {{id: key}}) "
    "RETURN n"
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


def nodes_of_cypher(ontology: Ontology) -> str:
    """The nodes with these ids ($ids), as stored."""
    return NODES_OF.format(base=ontology.base_label)


def count_by_label_cypher(ontology: Ontology) -> str:
    return COUNT_BY_LABEL.format(base=ontology.base_label)


def _chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def node_row(entity: EntityRecord) -> dict[str, Any]:
    """What a store writes for an entity: its id and its properties (with lookup keys)."""
    return {"id": entity.id, "props": node_props(entity)}


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
    return _unwinds(ontology, nodes, edges, batch_size)


def write_rows(ontology: Ontology, nodes: Sequence[NodeRow], edges: Sequence[EdgeRow],
               batch_size: int) -> list[Statement]:
    """write_plan of records whose rows a load has already worked out (govkg.graph.rows)."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        by_label[ontology.label(node.record.type)].append({"id": node.record.id,
                                                          "props": node.props})
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        relation = edge.record
        by_type[ontology.relation(relation.type)].append({
            "source": relation.source_id, "target": relation.target_id,
            "rid": edge.props[RELATION_KEY], "props": edge.props})
    return _unwinds(ontology, by_label, by_type, batch_size)


def _unwinds(ontology: Ontology, nodes: dict[str, list[dict[str, Any]]],
             edges: dict[str, list[dict[str, Any]]], batch_size: int) -> list[Statement]:
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
