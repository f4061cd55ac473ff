"""The FalkorDB writer's fast paths give the graph the plain upsert gives, all-or-nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from bench.synthetic import SyntheticSpec, generate
from govkg.errors import QueryError
from govkg.graph.falkordb.bulk import BulkImport
from govkg.graph.falkordb.digests import DigestTable, digests_key
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.loaders.inputs import read_inputs
from govkg.loaders.validate import prepare
from govkg.ontology import Ontology
from govkg.records import EntityRecord, RecordBatch, RelationRecord
from govkg.service import GovernanceService
from govkg.service.loading import checked_plan

from .conftest import DATA, FIXTURES


def _store(server: EmbeddedFalkorDB, ontology: Ontology, **kwargs: Any) -> FalkorDBStore:
    return FalkorDBStore(ontology, graph=f"bulk_{uuid.uuid4().hex[:8]}",
                         socket_path=server.socket_path, **kwargs)


@pytest.fixture
def stores(falkordb_server: EmbeddedFalkorDB,
           ontology: Ontology) -> Iterator[tuple[FalkorDBStore, FalkorDBStore]]:
    """A store that bulk-loads empty graphs and one that always upserts."""
    bulk = _store(falkordb_server, ontology)
    upsert = _store(falkordb_server, ontology, bulk_load=False)
    yield bulk, upsert
    for store in (bulk, upsert):
        store.clear()
        store.close()


def _dump(store: FalkorDBStore) -> tuple[list[Any], list[Any]]:
    nodes = store.query("MATCH (n) RETURN n.id, labels(n), properties(n)").rows
    edges = store.query("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows
    return (sorted((i, sorted(labels), sorted(props.items())) for i, labels, props in nodes),
            sorted((a, t, b, sorted(props.items())) for a, t, b, props in edges))


def _valid(store: FalkorDBStore, ontology: Ontology, batch: RecordBatch) -> RecordBatch:
    return checked_plan(store, ontology, prepare(ontology, batch)).batch


def _schema(store: FalkorDBStore) -> list[Any]:
    indexes = store.query("CALL db.indexes() YIELD label, properties, types, status "
                          "RETURN label, properties, types, status").rows
    constraints = store.query("CALL db.constraints()").rows
    return sorted(map(str, [*indexes, *constraints]))


@pytest.mark.parametrize("source", ["synthetic", "corpus"])
def test_bulk_path_gives_the_upsert_result(
    stores: tuple[FalkorDBStore, FalkorDBStore], ontology: Ontology, source: str
) -> None:
    bulk, upsert = stores
    raw = generate(SyntheticSpec(rels=3000, seed=7)) if source == "synthetic" \
        else read_inputs([DATA])
    batch = _valid(bulk, ontology, raw)
    summary = bulk.write(batch)
    assert summary.details.get("bulk") == 1
    assert "bulk" not in upsert.write(batch).details
    assert _dump(bulk) == _dump(upsert)
    assert len(_dump(bulk)[1]) == len(batch.relations)
    assert _schema(bulk) == _schema(upsert)
    assert all(row[-1] == "OPERATIONAL"
               for row in bulk.query("CALL db.indexes() YIELD status RETURN status").rows)


def test_reload_of_unchanged_data_writes_nothing(
    stores: tuple[FalkorDBStore, FalkorDBStore], ontology: Ontology
) -> None:
    bulk, _ = stores
    batch = _valid(bulk, ontology, generate(SyntheticSpec(rels=2000, seed=3)))
    bulk.write(batch)
    before = _dump(bulk)
    again = bulk.write(_valid(bulk, ontology, generate(SyntheticSpec(rels=2000, seed=3))))
    assert again.batches == 0
    assert again.details == {"unchanged": len(batch.entities) + len(batch.relations),
                             "written": 0}
    assert _dump(bulk) == before


def test_changed_records_are_written_and_match_a_full_upsert(
    stores: tuple[FalkorDBStore, FalkorDBStore], ontology: Ontology
) -> None:
    bulk, upsert = stores
    batch = _valid(bulk, ontology, generate(SyntheticSpec(rels=2000, seed=5)))
    bulk.write(batch)
    first = batch.entities[10]
    renamed = first.model_copy(update={"name": first.name + "(改)"})
    changed = RecordBatch(entities=(renamed, *batch.entities[:10]),
                          relations=batch.relations[:5])
    summary = bulk.write(changed)
    assert summary.details == {"unchanged": 15, "written": 1}
    upsert.write(batch)
    upsert.write(changed)
    assert _dump(bulk) == _dump(upsert)
    # and back again: the first version is written again, not skipped
    assert bulk.write(RecordBatch(entities=(first,))).details["written"] == 1
    assert bulk.query("MATCH (n {id: $id}) RETURN n.name", {"id": first.id}).scalar() \
        == first.name


def test_digests_are_not_trusted_after_a_write_behind_govkgs_back(
    stores: tuple[FalkorDBStore, FalkorDBStore], ontology: Ontology
) -> None:
    bulk, _ = stores
    batch = read_inputs([FIXTURES / "mini.yaml"])
    bulk.write(_valid(bulk, ontology, batch))
    bulk.query("MATCH (n:Entity {id: 'inst-fudan'}) DETACH DELETE n", read_only=False)
    again = bulk.write(_valid(bulk, ontology, batch))
    assert again.details["unchanged"] == 0
    assert bulk.query("MATCH (n:Entity {id: 'inst-fudan'}) RETURN count(n)").scalar() == 1


def test_a_batch_bulk_cannot_build_falls_back_to_upsert(
    stores: tuple[FalkorDBStore, FalkorDBStore],
) -> None:
    """An unvalidated batch with a relation to an unknown node: upsert's MATCH skips it."""
    bulk, upsert = stores
    unit = EntityRecord(id="inst-a", type="Institution", name="甲", kind="other")
    edge = RelationRecord.model_validate({"type": "PART_OF", "from": "inst-a", "to": "inst-x"})
    batch = RecordBatch(entities=(unit,), relations=(edge,))
    assert "bulk" not in bulk.write(batch).details
    upsert.write(batch)
    assert _dump(bulk) == _dump(upsert)
    assert not [g for g in bulk._db.list_graphs() if "__bulk" in g]


def test_failed_bulk_call_leaves_the_empty_graph_and_no_staging(
    falkordb_server: EmbeddedFalkorDB, ontology: Ontology, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(falkordb_server, ontology)
    calls = {"n": 0}
    send = BulkImport._send

    def failing_send(self: BulkImport, *args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise QueryError("injected failure")
        send(self, *args)

    monkeypatch.setattr(BulkImport, "_send", failing_send)
    monkeypatch.setattr("govkg.graph.falkordb.bulk.CHUNK_ROWS", 500)
    try:
        batch = _valid(store, ontology, generate(SyntheticSpec(rels=2000, seed=2)))
        importer_chunk = BulkImport(store.connection, "unused").chunk_rows
        assert importer_chunk == 500
        with pytest.raises(QueryError, match="injected"):
            store.write(batch)
        kg = GovernanceService(store, ontology)
        assert kg.stats().nodes == 0 and kg.stats().relationships == 0
        assert not [g for g in store._db.list_graphs() if "__bulk" in g]
        assert store.connection.get(digests_key(store.graph_name)) is None
        monkeypatch.setattr(BulkImport, "_send", send)
        assert store.write(batch).details.get("bulk") == 1
    finally:
        store.clear()
        store.close()


def test_digest_table_round_trip() -> None:
    table = DigestTable.of(3, 4, {2**64 - 1: 0, 1: 2})
    assert DigestTable.parse(table.dump()) == table
    assert table.keys.tolist() == [1, 2**64 - 1], "kept sorted, for bisection"
    assert DigestTable.parse(b"garbage") is None
    assert DigestTable.parse(b"1 2\nzz") is None  # the text table of earlier versions
    newer = table.updated(table.keys[:1], table.keys[:1])  # key 1 takes digest 1
    assert dict(zip(newer.keys.tolist(), newer.digests.tolist(), strict=True)) == {
        1: 1, 2**64 - 1: 0}
