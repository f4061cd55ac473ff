"""GEXF that Gephi opens as it is: labels, class and relation types as attributes, colours.

networkx writes an edge's `type` attribute into GEXF's own `type` field, which means
directed/undirected/mutual there, so Gephi rejects a file with a relation type in it; and it
declares each attribute once with the type of its first value, so a later value of another
type (a `since` of 2021 next to "2021-06") cannot be read back. `gexf_ready` fixes both.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import networkx as nx

from govkg.network.palette import colour_of, rgb

RELATION_ATTRIBUTE = "relation"
"""Edge attribute that carries the relation type (also written as the edge label)."""


def _mixed(records: Iterable[dict[str, Any]]) -> set[str]:
    """Attribute names whose values are of more than one Python type."""
    kinds: dict[str, set[type]] = {}
    for data in records:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(type(value))
    return {key for key, seen in kinds.items() if len(seen) > 1}


def _as_text(data: dict[str, Any], mixed: set[str]) -> dict[str, Any]:
    return {k: (str(v) if k in mixed else v) for k, v in data.items()}


def gexf_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy fit for GEXF 1.2: relation types as edge labels and a `relation` attribute,
    one value type per attribute, and a `viz` colour per node from its class."""
    ready = nx.MultiDiGraph()
    ready.graph.update(graph.graph)
    node_mixed = _mixed(data for _, data in graph.nodes(data=True))
    for node, data in graph.nodes(data=True):
        attrs = _as_text(data, node_mixed)
        red, green, blue = rgb(colour_of(str(data.get("type", ""))))
        attrs["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
        ready.add_node(node, **attrs)
    edges = list(graph.edges(keys=True, data=True))
    edge_mixed = _mixed(data for *_, data in edges)
    for source, target, key, data in edges:
        attrs = _as_text(data, edge_mixed)
        relation = str(attrs.pop("type", key))
        attrs["label"] = relation
        attrs[RELATION_ATTRIBUTE] = relation
        ready.add_edge(source, target, key=key, **attrs)
    return ready


def write_gexf(graph: nx.MultiDiGraph, output: str | Path | IO[bytes]) -> None:
    """Write `graph` as GEXF 1.2 that Gephi and networkx.read_gexf both read back."""
    nx.write_gexf(gexf_ready(graph), output)
