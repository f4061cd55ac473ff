"""Graph values from a store → networkx graphs (for analytics, GraphML, GEXF and drawing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from govkg.graph.base import GraphNode, GraphRelationship
from govkg.records.fields import LOOKUP_KEYS

HIDDEN = {LOOKUP_KEYS}


def _flat(value: Any) -> Any:
    """GraphML and GEXF take scalars only: lists become '; '-joined text."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def node_attributes(node: GraphNode, base_label: str) -> dict[str, Any]:
    labels = [label for label in node.labels if label != base_label]
    attrs = {k: _flat(v) for k, v in node.properties.items() if k not in HIDDEN and k != "id"}
    attrs["type"] = labels[0] if labels else base_label
    attrs["label"] = str(node.properties.get("name", node.key))
    return attrs


def to_networkx(
    nodes: Iterable[GraphNode], relationships: Iterable[GraphRelationship], base_label: str
) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by govkg ids; edge keys are relation types."""
    graph = nx.MultiDiGraph()
    key_of: dict[str, str] = {}
    for node in nodes:
        key_of[node.element_id] = node.key
        graph.add_node(node.key, **node_attributes(node, base_label))
    for rel in relationships:
        if rel.start not in key_of or rel.end not in key_of:
            continue
        attrs = {k: _flat(v) for k, v in rel.properties.items()}
        attrs["type"] = rel.type
        graph.add_edge(key_of[rel.start], key_of[rel.end], key=rel.type, **attrs)
    return graph
