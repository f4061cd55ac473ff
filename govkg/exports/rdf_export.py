"""The whole graph as RDF (Turtle, JSON-LD) with the ontology's IRIs; `govkg load` reads it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from govkg.errors import InputError
from govkg.ontology.rdf import batch_to_graph, serialise
from govkg.records import EntityRecord, RecordBatch, RelationRecord
from govkg.records.fields import LOOKUP_KEYS, PROVENANCE_FIELDS
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
    base = kg.ontology.base_label
    entities, key_of = [], {}
    for (node,) in kg.run("all_nodes").rows:
        key_of[node.element_id] = node.key
        props = {k: v for k, v in node.properties.items() if k != LOOKUP_KEYS}
        labels = [label for label in node.labels if label != base]
        if len(labels) != 1:
            raise InputError(f"node {node.key!r} has labels {list(node.labels)}; expected "
                             f"{base} and one class of the ontology")
        props["type"] = labels[0]
        props["provenance"] = _provenance(props, set())
        entities.append(_validated(EntityRecord, props, f"node {node.key!r}"))
    relations = []
    for (rel,) in kg.run("all_relationships").rows:
        props = dict(rel.properties)
        # `note` is a field of the relation itself; its provenance keeps the rest
        props["provenance"] = _provenance(props, {"note"} & _RELATION_FIELDS)
        props.update({"type": rel.type, "from": key_of[rel.start], "to": key_of[rel.end]})
        relations.append(_validated(RelationRecord, props, f"relation {rel.type} "
                                    f"{key_of[rel.start]} → {key_of[rel.end]}"))
    return RecordBatch(origin=f"{kg.store.name}:graph", entities=tuple(entities),
                       relations=tuple(relations))


def write_rdf(kg: GovernanceService, output: Path, fmt: str) -> None:
    graph = batch_to_graph(kg.ontology, records_from_store(kg))
    output.write_bytes(serialise(graph, fmt))


def write_turtle(kg: GovernanceService, output: Path) -> None:
    write_rdf(kg, output, "ttl")


def write_jsonld(kg: GovernanceService, output: Path) -> None:
    write_rdf(kg, output, "jsonld")
