"""What extraction and ROR matching read from a live graph, through named queries only.

Extraction (govkg.extract) links its candidates to a GraphIndex and GraphFacts; this module
builds them from the service's queries, so the extractor never opens a store. ROR matching
needs the graph's institutions as records, built here the same way.
"""

from __future__ import annotations

from typing import Any, Protocol

from govkg.extract.resolution import GraphFacts, GraphIndex
from govkg.graph.base import QueryResult
from govkg.ontology.model import Ontology
from govkg.ontology.terms import FIGURE, PART_OF, SOURCE
from govkg.records import EntityRecord, Provenance
from govkg.records.fields import PROVENANCE_FIELDS
from govkg.records.names import normalise
from govkg.service.answers import Entity

ALL = 1_000_000


class GraphReader(Protocol):
    """The part of GovernanceService these readers use."""

    ontology: Ontology

    def run(self, name: str, **params: Any) -> QueryResult: ...

    def search(self, q: str, type: str | None = None, limit: int = 20) -> list[Entity]: ...


def graph_index(kg: GraphReader) -> GraphIndex:
    """Names and aliases of every entity (but figures and sources) of the graph."""
    return GraphIndex.from_rows(kg.run("entity_names").records(), kg.ontology.base_label)


def entity_record(entity: Entity) -> EntityRecord:
    """The record an entity of the graph was written from (to write it back changed)."""
    data = entity.model_dump()
    prov = data.pop("provenance", None)
    fields = {k: v for k, v in data.items()
              if k in EntityRecord.model_fields and v not in (None, [], "")}
    fields["aliases"] = tuple(data.get("aliases") or ())
    if prov:
        fields["provenance"] = Provenance(**{k: v for k, v in prov.items()
                                             if k in PROVENANCE_FIELDS and v is not None})
    return EntityRecord.model_validate(fields)


def records_of_type(kg: GraphReader, label: str) -> list[EntityRecord]:
    return [entity_record(e) for e in kg.search("", type=label, limit=ALL)]


def part_of_pairs(kg: GraphReader, ids: list[str]) -> set[tuple[str, str]]:
    pairs = set()
    for entity_id in ids:
        rows = kg.run("entity_relations", id=entity_id, methods=None).rows
        for rel_type, outgoing, other, _ in rows:
            if rel_type == PART_OF and outgoing:
                pairs.add((entity_id, other.key))
    return pairs


class KnowledgeGraphFacts(GraphFacts):
    """GraphFacts over the service's named queries."""

    def __init__(self, kg: GraphReader) -> None:
        self.kg = kg

    def relations_of(self, entity_id: str) -> list[tuple[str, bool, str, dict[str, Any]]]:
        rows = self.kg.run("entity_relations", id=entity_id, methods=None).rows
        return [(rel_type, bool(outgoing), other.key, dict(other.properties))
                for rel_type, outgoing, other, _ in rows]

    def figures(self) -> list[tuple[str, Any, Any, str, str]]:
        found = []
        for entity in self.kg.search("", type=FIGURE, limit=ALL):
            extra = entity.model_extra or {}
            quote = entity.provenance.quote if entity.provenance else None
            found.append((entity.id, extra.get("value"), extra.get("unit"), quote or "",
                          entity.name))
        return found

    def source_named(self, title: str) -> dict[str, Any] | None:
        key = normalise(title)
        for entity in self.kg.search(title, type=SOURCE, limit=20):
            if key and key in normalise(entity.name):
                return entity_record(entity).model_dump(exclude_none=True)
        return None


__all__ = ["GraphReader", "KnowledgeGraphFacts", "entity_record", "graph_index",
           "part_of_pairs", "records_of_type"]
