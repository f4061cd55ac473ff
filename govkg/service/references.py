"""What a load adds besides its own records, given the graph: shared records it points at
(RecordBatch.references) where the graph lacks them, and the order of a law's versions
across loads.

A law text points at regions, bodies, vocabulary concepts and the laws it cites; those
records are added only where neither the load nor the graph defines the id, so a fuller
record from another source (the chapter's 上海市, a law loaded earlier) is never replaced by
a gazetteer entry or a cited-only stub. A version loaded after others of the same law is
chained to them (SUPERSEDES, method inferred).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from govkg.graph.base import GraphStore
from govkg.ontology.terms import HAS_VERSION, LAW_VERSION, SUPERSEDES
from govkg.queries import get_query
from govkg.records import RecordBatch, RelationRecord

INFERRED_ORDER = ("the later text of the same law, by the date it starts to be in force")


def complete(store: GraphStore, batch: RecordBatch) -> RecordBatch:
    """The batch with the references the graph lacks and the version chains it needs."""
    defined = {e.id for e in batch.entities}
    wanted = {r.id: r for r in batch.references if r.id not in defined}
    in_graph = store.labels_of(sorted(wanted)) if wanted else {}
    references = tuple(r for r in wanted.values() if r.id not in in_graph)
    relations = batch.relations + tuple(_chains(store, batch))
    return batch.model_copy(update={"references": references, "relations": relations})


def _chains(store: GraphStore, batch: RecordBatch) -> list[RelationRecord]:
    """SUPERSEDES between the new versions of a law and those the graph already holds."""
    works = {r.source_id: r for r in batch.relations if r.type == HAS_VERSION}
    if not works:
        return []
    new = {e.id: e for e in batch.entities if e.type == LAW_VERSION}
    rows = store.query(get_query("law_versions_of_works").cypher,
                       {"works": sorted(works)}).records()
    held: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in rows:
        if row["version"] not in new:
            held[row["work"]].append((str(row["in_force_from"]), str(row["version_date"]),
                                      row["version"]))
    if not held:
        return []
    mine: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for relation in batch.relations:
        version = new.get(relation.target_id)
        if relation.type == HAS_VERSION and version is not None:
            mine[relation.source_id].append((str(version.in_force_from),
                                             str(version.version_date), version.id))
    chained = {(r.source_id, r.target_id) for r in batch.relations if r.type == SUPERSEDES}
    found = []
    for work, versions in mine.items():
        ordered = sorted(set(versions) | set(held.get(work, [])))
        for earlier, later in itertools.pairwise(ordered):
            if (later[2], earlier[2]) in chained or (
                    earlier[2] not in new and later[2] not in new):
                continue
            found.append(RelationRecord.model_validate({
                "type": SUPERSEDES, "from": later[2], "to": earlier[2],
                "provenance": {"method": "inferred",
                               "note": f"{INFERRED_ORDER}: {later[0]}"}}))
    return found


__all__ = ["complete"]
