"""SHACL validation of a load at any size: pySHACL in full for ordinary loads, and for large
ones the shapes compiled to Python on every record plus pySHACL on a sample.

pySHACL costs about a millisecond per record here (12 s for 12 k records), which a curated
file never notices and a million-record import cannot afford. Above FULL_SHACL_MAX records
every record is checked by govkg.ontology.shape_rules (the same shapes, compiled; it refuses
SHACL it does not implement), and pySHACL still runs on a deterministic sample of each class
and relation type, so the two engines check each other on real data at every large load.
Violations from either are reported.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace, URIRef

from govkg.ontology.model import Ontology, load_shapes
from govkg.ontology.rdf import entity_iri, records_to_graph
from govkg.ontology.shape_rules import ShapeChecker, packaged_rules
from govkg.records import EntityRecord, RelationRecord

FULL_SHACL_MAX = 5_000
"""Records up to which pySHACL checks the whole load (about 5 s); above, the compiled shapes
check every record and pySHACL a sample."""
SAMPLE_PER_KIND = 20
"""Records of each class and of each relation type that pySHACL checks in a large load."""

T = TypeVar("T", EntityRecord, RelationRecord)
SH = Namespace("http://www.w3.org/ns/shacl#")


def _shacl_messages(report: Graph) -> list[str]:
    messages = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        focus_text = str(focus).rsplit("/", 1)[-1] if focus is not None else "?"
        path_text = str(path).rsplit("#", 1)[-1] if path is not None else ""
        shown = f" (value {value})" if value is not None else ""
        text = str(message)
        if path_text and not text.startswith(path_text):
            text = f"{path_text}: {text}"
        messages.append(f"{focus_text}: {text}{shown}")
    return sorted(set(messages))


def check_shacl(
    ontology: Ontology, data: Graph, focus: list[str | URIRef] | None = None
) -> list[str]:
    """Run pySHACL with the ontology as background; return readable violations.

    `focus` limits the check to the nodes of this load: entities already in the graph are
    present only as typed stubs so that relation ranges can be checked against them.
    """
    conforms, report, _ = shacl_validate(
        data, shacl_graph=load_shapes(), ont_graph=ontology.graph, inference="none",
        advanced=False, allow_warnings=True, focus_nodes=focus,
    )
    messages = [] if conforms else _shacl_messages(report)
    # pySHACL leaves its graphs and shapes in reference cycles, which a process holding
    # many objects collects late: collected here, a chunked load's memory does not grow
    # with it (a load runs pySHACL a bounded number of times, SampleQuota)
    del report, data
    gc.collect()
    return messages


def pyshacl_violations(
    ontology: Ontology, entities: Sequence[EntityRecord], relations: Sequence[RelationRecord],
    labels: dict[str, str],
) -> list[str]:
    """pySHACL on these records; ids outside them are typed stubs (class from `labels`)."""
    data = records_to_graph(ontology, entities, relations)
    own = {e.id for e in entities}
    stubs = set()
    for end in {r.source_id for r in relations} | {r.target_id for r in relations}:
        if end not in own and end in labels:
            stubs.add(entity_iri(end))
            data.add((entity_iri(end), RDF.type, ontology.classes[labels[end]].iri))
    focus: list[str | URIRef] | None = None
    if stubs:
        focus = sorted({s for s in data.subjects() if isinstance(s, URIRef)} - stubs)
    return check_shacl(ontology, data, focus)


def _sample(records: Sequence[T], kind: str) -> list[T]:
    """Evenly spaced records of each class (or relation type), at most SAMPLE_PER_KIND each."""
    groups: dict[str, list[T]] = defaultdict(list)
    for record in records:
        groups[getattr(record, kind)].append(record)
    picked: list[T] = []
    for group in groups.values():
        step = max(1, len(group) // SAMPLE_PER_KIND)
        picked += group[::step][:SAMPLE_PER_KIND]
    return picked


class SampleQuota:
    """How many more records of each class and relation type pySHACL checks in a load read
    in chunks: SAMPLE_PER_KIND of each over the whole load, taken from the first chunks that
    have them, so the cross-check costs the same at any size."""

    def __init__(self, per_kind: int = SAMPLE_PER_KIND) -> None:
        self.per_kind = per_kind
        self.taken: dict[str, int] = defaultdict(int)

    def take(self, records: Sequence[T], kind: str) -> list[T]:
        picked: list[T] = []
        for record in _sample(records, kind):
            name = f"{kind}:{getattr(record, kind)}"
            if self.taken[name] < self.per_kind:
                self.taken[name] += 1
                picked.append(record)
        return picked


def shape_violations(
    ontology: Ontology, entities: Sequence[EntityRecord], relations: Sequence[RelationRecord],
    existing: dict[str, str], *, entity_props: Sequence[Mapping[str, Any]] | None = None,
    relation_props: Sequence[Mapping[str, Any]] | None = None,
    quota: SampleQuota | None = None,
) -> list[str]:
    """SHACL violations of a load (`existing`: class of ids already in the graph).

    A load of at most FULL_SHACL_MAX records is checked by pySHACL in full; otherwise, or
    when the load comes in chunks (`quota`: what remains of its pySHACL sample), by the
    compiled shapes on every record and pySHACL on a sample.
    """
    if quota is None and len(entities) + len(relations) <= FULL_SHACL_MAX:
        return pyshacl_violations(ontology, entities, relations, existing)
    labels = {**existing, **{e.id: e.type for e in entities}}
    found = set(_checker(ontology).check(entities, relations, labels.get, entity_props,
                                         relation_props))
    if quota is None:
        quota = SampleQuota()
    sample_entities, sample_relations = (quota.take(entities, "type"),
                                         quota.take(relations, "type"))
    if sample_entities or sample_relations:
        found.update(pyshacl_violations(ontology, sample_entities, sample_relations, labels))
    return sorted(found)


_CHECKERS: dict[int, ShapeChecker] = {}


def _checker(ontology: Ontology) -> ShapeChecker:
    """The compiled shapes of an ontology, compiled once (a load asks for them per chunk)."""
    checker = _CHECKERS.get(id(ontology))
    if checker is None or checker.ontology is not ontology:
        checker = _CHECKERS[id(ontology)] = ShapeChecker(ontology, packaged_rules(ontology))
    return checker


__all__ = ["FULL_SHACL_MAX", "SampleQuota", "check_shacl", "pyshacl_violations",
           "shape_violations"]
