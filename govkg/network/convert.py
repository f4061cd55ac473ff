"""Graph values from a store → networkx graphs (for analytics, GraphML, GEXF and drawing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from govkg.graph.base import GraphNode, GraphRelationship, NodeKeys
from govkg.records.fields import DERIVED_FIELDS

HIDDEN = set(DERIVED_FIELDS)


def _flat(value: Any) -> Any:
    """GraphML and GEXF take scalars only: lists become '; '-joined text."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def node_attributes(node: GraphNode, base_label: str) -> dict[str, Any]:
    attrs = {k: _flat(v) for k, v in node.properties.items() if k not in HIDDEN and k != "id"}
    attrs["type"] = node.class_label(base_label)
    attrs["label"] = str(node.properties.get("name", node.key))
    return attrs


def to_networkx(
    nodes: Iterable[GraphNode], relationships: Iterable[GraphRelationship], base_label: str
) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by govkg ids; edge keys are relation types."""
    graph = nx.MultiDiGraph()
    nodes = list(nodes)
    for node in nodes:
        graph.add_node(node.key, **node_attributes(node, base_label))
    keys = NodeKeys(nodes)
    for rel in relationships:
        ends = keys.ends(rel)
        if ends is None:
            continue
        attrs = {k: _flat(v) for k, v in rel.properties.items() if k not in HIDDEN}
        attrs["type"] = rel.type
        key, copy = rel.type, 1
        while graph.has_edge(*ends, key=key):  # the same link stated by another source
            copy += 1
            key = f"{rel.type}~{copy}"
        graph.add_edge(*ends, key=key, **attrs)
    return graph
