"""Which pilots and programmes cover a unit, and which units a pilot covers."""

from __future__ import annotations

from govkg.graph.base import GraphNode, GraphRelationship, QueryResult
from govkg.service.answers import Coverage, Entity, ProvenanceOut


def coverage(pilot: Entity, unit: Entity, relation: GraphRelationship,
             chain: list[str] | None = None) -> Coverage:
    """One COVERS relation as an answer; `chain` is the PART_OF path for inherited ones."""
    props = relation.properties
    return Coverage(
        pilot=pilot, unit=unit,
        role=props.get("role"), since=props.get("since"), until=props.get("until"),
        batch=props.get("batch"), inherited=bool(chain and len(chain) > 1),
        chain=chain or [], provenance=ProvenanceOut.from_properties(props),
    )


def covering_unit(result: QueryResult, base_label: str) -> list[Coverage]:
    """Rows of pilots_covering_unit: (pilot, relation, covered unit, chain of ids)."""
    def entity(node: GraphNode) -> Entity:
        return Entity.from_node(node, base_label)

    return [coverage(entity(pilot), entity(covered), relation, chain)
            for pilot, relation, covered, chain in result.rows]


def units_of_pilot(pilot: Entity, result: QueryResult, base_label: str) -> list[Coverage]:
    """Rows of units_of_pilot: (unit, relation)."""
    return [coverage(pilot, Entity.from_node(unit, base_label), relation)
            for unit, relation in result.rows]


__all__ = ["coverage", "covering_unit", "units_of_pilot"]
