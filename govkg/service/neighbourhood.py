"""The neighbourhood of an entity: one walk, seen as networkx, JSON, GraphML or GEXF."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from govkg.errors import InputError
from govkg.graph.base import GraphNode, GraphRelationship, NodeKeys
from govkg.network.convert import to_networkx
from govkg.ontology.model import Ontology
from govkg.ontology.terms import MENTIONED_IN
from govkg.records.fields import DERIVED_FIELDS, PROVENANCE_FIELDS
from govkg.service.answers import (
    Entity,
    NetworkAnswer,
    NetworkEdge,
    NetworkNode,
    ProvenanceOut,
)
from govkg.service.methods import caveat

QUERY = "neighbourhood"
QUERY_MAX_DEPTH = 4
"""Levels written out in queries/neighbourhood.cypher; GOVKG_MAX_DEPTH cannot go past it."""
DEFAULT_EXCLUDED = frozenset({MENTIONED_IN})
"""Provenance links every entity to its source; walking them would make the source a hub
that puts the whole graph two hops from anything, so they are walked only when asked."""

_NOT_EDGE_FIELDS = {*DERIVED_FIELDS, "source", "target", "type", "provenance",
                    *PROVENANCE_FIELDS}
"""Relation properties that are not copied flat onto a JSON edge (provenance is nested, as
on entities, because its `source` would clash with the edge's source)."""


@dataclass(frozen=True)
class Walk:
    """What the neighbourhood query found: the focus, nodes with their distance, relations."""

    focus: Entity
    nodes: list[tuple[GraphNode, int]]
    relationships: list[GraphRelationship]
    base_label: str
    depth: int = 1

    def to_networkx(self) -> nx.MultiDiGraph:
        """A MultiDiGraph keyed by govkg ids (scalar attributes, ready for GraphML/GEXF)."""
        graph = to_networkx([n for n, _ in self.nodes], self.relationships, self.base_label)
        for node, distance in self.nodes:
            graph.nodes[node.key]["distance"] = distance
        graph.graph["focus"] = self.focus.id
        graph.graph["depth"] = self.depth
        return graph

    def answer(self) -> NetworkAnswer:
        """The JSON view: lists stay lists, element ids become govkg ids."""
        keys = NodeKeys(node for node, _ in self.nodes)
        nodes = []
        for node, distance in self.nodes:
            entity = Entity.from_node(node, self.base_label)
            nodes.append(NetworkNode(**entity.model_dump(exclude_none=True), distance=distance))
        edges = [edge for rel in self.relationships if (edge := edge_of(rel, keys))]
        return NetworkAnswer(focus=self.focus, nodes=nodes, edges=edges)


def edge_of(rel: GraphRelationship, keys: NodeKeys) -> NetworkEdge | None:
    """A relation as JSON between govkg ids; None when an end is not among `keys`."""
    ends = keys.ends(rel)
    if ends is None:
        return None
    said = caveat(rel.properties.get("method"))
    return NetworkEdge(
        source=ends[0], target=ends[1], type=rel.type, stated=said is None, caveat=said,
        provenance=ProvenanceOut.from_properties(rel.properties),
        **{k: v for k, v in rel.properties.items() if k not in _NOT_EDGE_FIELDS},
    )


def relation_types(ontology: Ontology, wanted: Iterable[str] | None) -> list[str]:
    """The relation types to walk: the ones asked (checked against the ontology) or the default."""
    if wanted is None:
        return sorted(t for t in ontology.relations if t not in DEFAULT_EXCLUDED)
    chosen = sorted(set(wanted))
    unknown = [t for t in chosen if t not in ontology.relations]
    if unknown or not chosen:
        raise InputError(
            f"unknown relation type(s) {', '.join(unknown)}" if unknown
            else "give at least one relation type",
            details={"field": "relation_types", "allowed": sorted(ontology.relations)},
        )
    return chosen


def check_depth(depth: int, max_depth: int) -> int:
    """Depth within 1 … min(GOVKG_MAX_DEPTH, what the query file walks)."""
    cap = min(max_depth, QUERY_MAX_DEPTH)
    if not 1 <= depth <= cap:
        raise InputError(f"depth {depth} is out of range; use 1 to {cap}",
                         details={"field": "depth", "max": cap})
    return depth


def walk_from_rows(focus: Entity, rows: list[tuple[Any, ...]], base_label: str,
                   depth: int = 1) -> Walk:
    nodes: list[tuple[GraphNode, int]] = []
    relationships: dict[str, GraphRelationship] = {}
    for node, distance, rels in rows:
        nodes.append((node, int(distance)))
        for rel in rels:
            relationships.setdefault(rel.element_id, rel)
    return Walk(focus, nodes, list(relationships.values()), base_label, depth)
