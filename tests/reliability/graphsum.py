"""A content checksum of a whole graph: every node and relation, independent of storage order.

Element ids are left out (a store numbers nodes as it likes); everything a user can read is in:
labels, every property, relation type, both ends by govkg id.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from govkg.graph.base import GraphStore

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
RELATIONS = ("MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, "
             "properties(r) AS props")


@dataclass(frozen=True)
class GraphState:
    """Counts and a sha256 over the canonical export of a graph."""

    nodes: int
    relations: int
    checksum: str


def _line(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sorted_lists(props: dict[str, Any]) -> dict[str, Any]:
    return {key: sorted(value) if isinstance(value, list) else value
            for key, value in props.items()}


def export_lines(store: GraphStore, *, unordered_lists: bool = False) -> list[str]:
    """The graph as sorted JSON lines, one per node and one per relation; `unordered_lists`
    sorts list values (aliases, sources), whose order RDF does not keep."""
    keep = _sorted_lists if unordered_lists else dict
    nodes = [_line({"labels": sorted(labels), "props": keep(props)})
             for labels, props in store.query(NODES, read_only=True).rows]
    relations = [_line({"start": start, "type": rel_type, "end": end, "props": keep(props)})
                 for start, rel_type, end, props in store.query(RELATIONS, read_only=True).rows]
    return sorted(f"N {line}" for line in nodes) + sorted(f"R {line}" for line in relations)


def graph_state(store: GraphStore) -> GraphState:
    """Counts and checksum of everything in the store's graph."""
    lines = export_lines(store)
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return GraphState(
        nodes=sum(1 for line in lines if line.startswith("N ")),
        relations=sum(1 for line in lines if line.startswith("R ")),
        checksum=digest,
    )
