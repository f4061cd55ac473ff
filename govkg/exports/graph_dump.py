"""The whole graph as plain rows keyed by govkg ids, checked against the ontology.

Shared by the Neo4j exports (Cypher script, neo4j-admin CSV): a label or relation type that
the ontology does not know is refused here, so none can reach a script or a file header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govkg.errors import InputError
from govkg.graph.base import NodeKeys
from govkg.service import GovernanceService


@dataclass(frozen=True)
class NodeRow:
    id: str
    label: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class RelationRow:
    start: str
    type: str
    end: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class GraphDump:
    nodes: list[NodeRow]
    relations: list[RelationRow]


def dump(kg: GovernanceService) -> GraphDump:
    """Every node (with its class label) and every relation (by the ids at its ends)."""
    ontology = kg.ontology
    nodes: list[NodeRow] = []
    graph_nodes = [node for (node,) in kg.run("all_nodes").rows]
    for node in graph_nodes:
        classes = node.classes(ontology.base_label)
        try:
            label = ontology.label(classes[0]) if len(classes) == 1 else ""
        except KeyError as exc:
            raise InputError(f"node {node.key!r}: {exc.args[0]}") from None
        if not label:
            raise InputError(f"node {node.key!r} has labels {list(node.labels)}; expected "
                             f"{ontology.base_label} and one class of the ontology")
        nodes.append(NodeRow(node.key, label, dict(node.properties)))
    keys = NodeKeys(graph_nodes)
    relations: list[RelationRow] = []
    for (rel,) in kg.run("all_relationships").rows:
        try:
            rel_type = ontology.relation(rel.type)
        except KeyError as exc:
            raise InputError(str(exc.args[0])) from None
        ends = keys.ends(rel)
        if ends is None:
            raise InputError(f"relation {rel.element_id} ({rel.type}) ends outside the graph")
        relations.append(RelationRow(ends[0], rel_type, ends[1], dict(rel.properties)))
    return GraphDump(nodes, relations)
