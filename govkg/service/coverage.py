"""Which pilots and programmes cover a unit, and which units a pilot covers: direct, or
inherited through PART_OF, each link of the chain with its method and quote, and marked when
the text does not state it (a background PART_OF). Each coverage says how the unit takes part
(a role of govkg:ParticipationRoleScheme, and the text's own phrase) and whether the text's
list of units is open (…等).

Both questions name their entity by a key (id, name, English name or alias) that the query
resolves itself (`$key IN n.lookup_keys`), so a question is one round trip to the store:
`asked` splits the rows by the entity the key named. The answers are built with
`model_construct`: what the store returns was validated when it was loaded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govkg.graph.base import GraphNode, GraphRelationship, QueryResult
from govkg.ontology.model import SchemeConcept
from govkg.service.answers import ChainLink, Coverage, Entity, ProvenanceOut
from govkg.service.methods import caveat

OPEN_LIST = "the text lists these units with 等: more units may be covered than it names"


def _link(relation: GraphRelationship, ends: tuple[str, str]) -> ChainLink:
    method = relation.properties.get("method")
    return ChainLink.model_construct(
        source=ends[0], target=ends[1], type=relation.type, method=method,
        stated=caveat(method) is None, caveat=caveat(method),
        provenance=ProvenanceOut.from_properties(relation.properties))


def role_label(roles: Mapping[str, SchemeConcept], role: str | None) -> str | None:
    """"联合资助方 (co-funding partner)" for co_funding_partner; None for no role."""
    concept = roles.get(role or "")
    return f"{concept.name_zh} ({concept.name_en})" if concept else None


def coverage(pilot: Entity, unit: Entity, relation: GraphRelationship,
             roles: Mapping[str, SchemeConcept], chain: list[str] | None = None,
             links: list[GraphRelationship] | None = None) -> Coverage:
    """One COVERS relation as an answer; `chain` and `links` are the PART_OF path for
    inherited ones (ids from the asked unit up to the covered one, and the relations)."""
    props = relation.properties
    chain = chain or []
    chain_links = [_link(rel, (chain[i], chain[i + 1])) for i, rel in enumerate(links or [])
                   if i + 1 < len(chain)]
    own = caveat(props.get("method"))
    notes = [own] if own else []
    notes += [f"{link.source} → {link.target}: {link.caveat}" for link in chain_links
              if link.caveat]
    return Coverage.model_construct(
        pilot=pilot, unit=unit,
        role=props.get("role"), role_label=role_label(roles, props.get("role")),
        as_written=props.get("as_written"),
        since=props.get("since"), until=props.get("until"), batch=props.get("batch"),
        open_list=bool(props.get("open_list")), method=props.get("method"),
        caveat="; ".join(notes) or None,
        inherited=len(chain) > 1, chain=chain, links=chain_links,
        stated=own is None and all(link.stated for link in chain_links),
        provenance=ProvenanceOut.from_properties(props),
    )


def _entity(node: GraphNode, base_label: str) -> Entity:
    return Entity.from_node(node, base_label)


Row = Sequence[Any]


def asked(result: QueryResult, base_label: str) -> dict[str, tuple[Entity, list[Row]]]:
    """By id, each entity the key named (the first column) with its coverage rows (the
    other columns; none for the one row with nulls of an entity nothing matched)."""
    found: dict[str, tuple[Entity, list[Row]]] = {}
    for row in result.rows:
        node = row[0]
        if not isinstance(node, GraphNode):
            continue
        if node.key not in found:
            found[node.key] = (_entity(node, base_label), [])
        if row[1] is not None:
            found[node.key][1].append(row[1:])
    return found


def covering_unit(rows: Sequence[Row], base_label: str,
                  roles: Mapping[str, SchemeConcept]) -> list[Coverage]:
    """Rows of pilots_covering_unit after the unit: (pilot, relation, covered unit, chain of
    ids, links)."""
    return [coverage(_entity(pilot, base_label), _entity(covered, base_label), relation,
                     roles, chain, links)
            for pilot, relation, covered, chain, links in rows]


def units_of_pilot(pilot: Entity, rows: Sequence[Row], base_label: str,
                   roles: Mapping[str, SchemeConcept]) -> list[Coverage]:
    """Rows of units_of_pilot after the pilot: (unit, relation, covered unit, chain from unit
    up, links)."""
    return [coverage(pilot, _entity(unit, base_label), relation, roles, chain, links)
            for unit, relation, _covered, chain, links in rows]


__all__ = ["OPEN_LIST", "asked", "coverage", "covering_unit", "role_label", "units_of_pilot"]
