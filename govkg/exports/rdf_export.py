"""The whole graph as RDF (Turtle, JSON-LD) with the ontology's IRIs; `govkg load` reads it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from govkg.errors import InputError
from govkg.exports.graph_dump import dump
from govkg.ontology.rdf import batch_to_graph, serialise
from govkg.records import EntityRecord, RecordBatch, RelationRecord
from govkg.records.fields import DERIVED_FIELDS, PROVENANCE_FIELDS
from govkg.service import GovernanceService

_RELATION_FIELDS = set(RelationRecord.model_fields) - {"provenance"}


def _provenance(props: dict[str, Any], keep: set[str]) -> dict[str, Any] | None:
    found = {k: props.pop(k) for k in list(props) if k in PROVENANCE_FIELDS and k not in keep}
    return found or None


def _validated(model: type[EntityRecord] | type[RelationRecord], data: dict[str, Any],
               what: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise InputError(f"{what} does not fit the record format", details=problems) from None


def records_from_store(kg: GovernanceService) -> RecordBatch:
    """Every node and relation of the graph as records (what a load of them would write)."""
    graph = dump(kg)
    entities = []
    for node in graph.nodes:
        props = {k: v for k, v in node.properties.items() if k not in DERIVED_FIELDS}
        props["type"] = node.label
        props["provenance"] = _provenance(props, set())
        entities.append(_validated(EntityRecord, props, f"node {node.id!r}"))
    relations = []
    for rel in graph.relations:
        props = {k: v for k, v in rel.properties.items() if k not in DERIVED_FIELDS}
        # `note` is a field of the relation itself; its provenance keeps the rest
        props["provenance"] = _provenance(props, {"note"} & _RELATION_FIELDS)
        props.update({"type": rel.type, "from": rel.start, "to": rel.end})
        relations.append(_validated(RelationRecord, props,
                                    f"relation {rel.type} {rel.start} → {rel.end}"))
    return RecordBatch(origin=f"{kg.store.name}:graph", entities=tuple(entities),
                       relations=tuple(relations))


def write_rdf(kg: GovernanceService, output: Path, fmt: str) -> None:
    graph = batch_to_graph(kg.ontology, records_from_store(kg))
    output.write_bytes(serialise(graph, fmt))


def write_turtle(kg: GovernanceService, output: Path) -> None:
    write_rdf(kg, output, "ttl")


def write_jsonld(kg: GovernanceService, output: Path) -> None:
    write_rdf(kg, output, "jsonld")
