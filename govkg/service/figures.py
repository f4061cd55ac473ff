"""The figures a text states about an entity: what each counts (the entity itself, or a round
of it such as Shanghai's 2021 round of 揭榜挂帅), its year, and the region and funder of that
event, each link marked when the text does not state it (a background funder)."""

from __future__ import annotations

from govkg.graph.base import GraphNode, GraphRelationship, QueryResult
from govkg.service.answers import Entity, FigureOut, Link, ProvenanceOut
from govkg.service.methods import caveat

QUERY = "figures_of_entity"


def link(relation: GraphRelationship, other: GraphNode, base_label: str) -> Link:
    """A relation shown beside an entity, with its method and, if not stated, a caveat."""
    method = relation.properties.get("method")
    return Link(type=relation.type, other=Entity.from_node(other, base_label), method=method,
                stated=caveat(method) is None, caveat=caveat(method),
                provenance=ProvenanceOut.from_properties(relation.properties))


def figures_from_rows(result: QueryResult, base_label: str) -> list[FigureOut]:
    """Rows of figures_of_entity: (figure, relation, event, year, located, regions, funded,
    funders)."""
    found: list[FigureOut] = []
    for figure, _relation, event, year, located, regions, funded, funders in result.rows:
        entity = Entity.from_node(figure, base_label)
        data = {**entity.model_dump(exclude={"year"}), **(entity.model_extra or {})}
        data.pop("year", None)
        found.append(FigureOut(
            **data, event=Entity.from_node(event, base_label), year=year,
            regions=[link(r, n, base_label) for r, n in zip(located, regions, strict=True)],
            funders=[link(r, n, base_label) for r, n in zip(funded, funders, strict=True)]))
    return found


__all__ = ["QUERY", "figures_from_rows", "link"]
