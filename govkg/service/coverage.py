"""Which pilots and programmes cover a unit, and which units a pilot covers: direct, or
inherited through PART_OF, each link of the chain with its method and quote, and marked when
the text does not state it (a background PART_OF)."""

from __future__ import annotations

from govkg.graph.base import GraphNode, GraphRelationship, QueryResult
from govkg.service.answers import ChainLink, Coverage, Entity, ProvenanceOut
from govkg.service.methods import caveat


def _link(relation: GraphRelationship, ends: tuple[str, str]) -> ChainLink:
    method = relation.properties.get("method")
    return ChainLink(source=ends[0], target=ends[1], type=relation.type, method=method,
                     stated=caveat(method) is None, caveat=caveat(method),
                     provenance=ProvenanceOut.from_properties(relation.properties))


def coverage(pilot: Entity, unit: Entity, relation: GraphRelationship,
             chain: list[str] | None = None,
             links: list[GraphRelationship] | None = None) -> Coverage:
    """One COVERS relation as an answer; `chain` and `links` are the PART_OF path for
    inherited ones (ids from the asked unit up to the covered one, and the relations)."""
    props = relation.properties
    chain = chain or []
    chain_links = [_link(rel, (chain[i], chain[i + 1])) for i, rel in enumerate(links or [])
                   if i + 1 < len(chain)]
    own = caveat(props.get("method")) is None
    return Coverage(
        pilot=pilot, unit=unit,
        role=props.get("role"), since=props.get("since"), until=props.get("until"),
        batch=props.get("batch"), inherited=len(chain) > 1, chain=chain, links=chain_links,
        stated=own and all(link.stated for link in chain_links),
        provenance=ProvenanceOut.from_properties(props),
    )


def _entity(node: GraphNode, base_label: str) -> Entity:
    return Entity.from_node(node, base_label)


def covering_unit(result: QueryResult, base_label: str) -> list[Coverage]:
    """Rows of pilots_covering_unit: (pilot, relation, covered unit, chain of ids, links)."""
    return [coverage(_entity(pilot, base_label), _entity(covered, base_label), relation,
                     chain, links)
            for pilot, relation, covered, chain, links in result.rows]


def units_of_pilot(pilot: Entity, result: QueryResult, base_label: str) -> list[Coverage]:
    """Rows of units_of_pilot: (unit, relation, covered unit, chain from unit up, links)."""
    found: list[Coverage] = []
    for unit, relation, _covered, chain, links in result.rows:
        found.append(coverage(pilot, _entity(unit, base_label), relation, chain, links))
    return found


__all__ = ["coverage", "covering_unit", "units_of_pilot"]

