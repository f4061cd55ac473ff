"""A store keeps graph handles (schema caches) across queries, yet answers with the right
labels, types and keys after another writer replaced the graph (bulk import, clear)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.records import EntityRecord, RecordBatch, RelationRecord


def _batch(order: list[tuple[str, str]], edge: tuple[str, str, str]) -> RecordBatch:
    entities = tuple(EntityRecord(id=i, type=t, name=f"name of {i}",
                                  **({"kind": "university"} if t == "Institution" else {}))
                     for i, t in order)
    relations = (RelationRecord.model_validate({"type": edge[1], "from": edge[0],
                                                "to": edge[2]}),)
    return RecordBatch(origin="test", entities=entities, relations=relations)


@pytest.fixture
def two_stores(falkordb_server: EmbeddedFalkorDB,
               ontology: Ontology) -> Iterator[tuple[FalkorDBStore, FalkorDBStore]]:
    """A reader and a writer on one graph, as `govkg serve` and `govkg load` are."""
    graph = f"handles_{uuid.uuid4().hex[:8]}"
    reader, writer = (FalkorDBStore(ontology, graph=graph,
                                    socket_path=falkordb_server.socket_path) for _ in range(2))
    yield reader, writer
    writer.clear()
    for store in (reader, writer):
        store.close()


def _seen(store: FalkorDBStore) -> list[tuple[str, list[str], str | None, list[str]]]:
    rows = store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r ORDER BY n.id").rows
    return [(n.properties["id"], sorted(n.labels), r.type if r else None,
             sorted(n.properties)) for n, r in rows]


def test_answers_follow_a_graph_replaced_by_another_writer(
    two_stores: tuple[FalkorDBStore, FalkorDBStore]
) -> None:
    reader, writer = two_stores
    writer.write(_batch([("region-a", "Region"), ("inst-b", "Institution")],
                        ("inst-b", "LOCATED_IN", "region-a")))
    first = _seen(reader)
    assert [(i, labels) for i, labels, _, _ in first] == [
        ("inst-b", ["Entity", "Institution"]), ("region-a", ["Entity", "Region"])]
    assert [r for _, _, r, _ in first] == ["LOCATED_IN", None]

    # the same label ids now name other labels: a stale schema cache would mislabel them
    writer.clear()
    writer.write(_batch([("pilot-c", "Pilot"), ("region-d", "Region")],
                        ("pilot-c", "COVERS", "region-d")))
    second = _seen(reader)
    assert [(i, labels) for i, labels, _, _ in second] == [
        ("pilot-c", ["Entity", "Pilot"]), ("region-d", ["Entity", "Region"])]
    assert [r for _, _, r, _ in second] == ["COVERS", None]
    assert all("name" in keys and "id" in keys for _, _, _, keys in second)
