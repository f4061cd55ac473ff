"""How FalkorDBStore writes a validated batch: all-or-nothing, idempotent, and fast at scale.

Three paths, one result (the graph an upsert of every record gives):

- unchanged records are skipped (govkg.graph.falkordb_digests): a re-load of unchanged data
  writes nothing and does not copy the graph;
- a fresh (empty) graph is built with GRAPH.BULK (govkg.graph.falkordb_bulk) into a staging
  graph, indexed once after the import, then renamed over the empty graph;
- otherwise the changed records are upserted (UNWIND … MERGE, govkg.graph.cypher.write_plan)
  into a copy of the graph (GRAPH.COPY), which then replaces the graph by RENAME.

The RENAME of the staging graph and the new digest table go in one MULTI/EXEC, so they change
together or not at all; every write holds a lock (govkg.graph.write_lock), so concurrent
writers queue, and a writer that died half-way blocks nobody for long.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

import redis

from govkg.errors import StoreUnavailableError
from govkg.graph import cypher as named
from govkg.graph.base import WriteSummary
from govkg.graph.falkordb_bulk import (
    BulkImport,
    EdgeInput,
    NodeInput,
    NotBulkableError,
    encode_props,
)
from govkg.graph.falkordb_digests import (
    DigestTable,
    content_digest,
    digests_key,
    edge_key,
    key_hash,
    load_table,
    node_key,
)
from govkg.graph.falkordb_handles import generation_key
from govkg.graph.unchanged import Unchanged
from govkg.graph.write_lock import drop_stale_copies, write_lock
from govkg.records import EntityRecord, RecordBatch, RelationRecord

if TYPE_CHECKING:
    from govkg.graph.falkordb_store import FalkorDBStore

INDEX_WAIT_S = 600.0


def _entity_digest(entity: EntityRecord) -> tuple[int, int]:
    props = named.node_row(entity)["props"]
    return key_hash(node_key(entity.id)), content_digest(entity.type, props,
                                                         encode_props(props, strict=False))


def _relation_digest(relation: RelationRecord) -> tuple[int, int]:
    props = relation.properties()
    key = edge_key(relation.source_id, relation.type, relation.target_id)
    return key_hash(key), content_digest(relation.type, props,
                                         encode_props(props, strict=False))


R = TypeVar("R", EntityRecord, RelationRecord)


class DigestMemo:
    """Digests computed by the check before validation, reused by the write that follows.

    Keyed by object identity and holding the record, so an entry can only match the very
    record it was computed for; the write empties it.
    """

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[object, tuple[int, int]]] = {}

    def digest(self, record: R, compute: Callable[[R], tuple[int, int]]) -> tuple[int, int]:
        hit = self._by_id.get(id(record))
        if hit is not None and hit[0] is record:
            return hit[1]
        return compute(record)

    def remember(self, record: R, compute: Callable[[R], tuple[int, int]]) -> tuple[int, int]:
        value = compute(record)
        self._by_id[id(record)] = (record, value)
        return value

    def clear(self) -> None:
        self._by_id.clear()


class FalkorDBWriter:
    """The write of one FalkorDBStore; see the module text for the three paths."""

    def __init__(self, store: FalkorDBStore, *, allow_bulk: bool = True) -> None:
        self.store = store
        self.allow_bulk = allow_bulk
        self.ontology = store.ontology
        self.graph = store.graph_name
        self.connection: redis.Redis = store.connection

    def _counts(self, graph: str) -> tuple[int, int]:
        nodes = self.store.run_write(graph, "MATCH (n) RETURN count(n)")
        relations = self.store.run_write(graph, "MATCH ()-[r]->() RETURN count(r)")
        return int(nodes.result_set[0][0]), int(relations.result_set[0][0])

    def _table(self, counts: tuple[int, int]) -> DigestTable:
        """The stored digests if they describe the graph as it is, else an empty table."""
        table = load_table(self.connection, self.graph)
        if table is None or (table.nodes, table.relations) != counts:
            return DigestTable()
        return table

    def unchanged(self, entities: Sequence[EntityRecord],
                  relations: Sequence[RelationRecord]) -> Unchanged:
        """Records the graph holds exactly as given, by the digest table (no lock: a hint
        for validation; the write decides again under the lock)."""
        memo = self.store.digest_memo
        memo.clear()
        table = load_table(self.connection, self.graph)
        if table is None or not table.digests or not self.store.graph_exists():
            return set(), set()
        if (table.nodes, table.relations) != self._counts(self.graph):
            return set(), set()
        ids = {e.id for e in entities if table.unchanged(*memo.remember(e, _entity_digest))}
        keys = {r.key for r in relations
                if table.unchanged(*memo.remember(r, _relation_digest))}
        return ids, keys

    def write(self, batch: RecordBatch) -> WriteSummary:
        try:
            return self._write(batch)
        finally:
            self.store.digest_memo.clear()

    def _write(self, batch: RecordBatch) -> WriteSummary:
        if not batch.entities and not batch.relations:
            return WriteSummary(0, 0, 0)
        memo = self.store.digest_memo
        with write_lock(self.connection, self.graph, self.store.lock_ttl):
            drop_stale_copies(self.connection, self.graph)
            self.store.ensure_graph()
            counts = self._counts(self.graph)
            if self.allow_bulk and counts == (0, 0):
                try:
                    return self._bulk(batch)
                except NotBulkableError:
                    pass  # the upsert below stores such values as Cypher does
            table = self._table(counts)
            entities = []
            for entity in batch.entities:
                key, digest = memo.digest(entity, _entity_digest)
                if not table.unchanged(key, digest):
                    entities.append(entity)
                    table.digests[key] = digest
            relations = []
            for relation in batch.relations:
                key, digest = memo.digest(relation, _relation_digest)
                if not table.unchanged(key, digest):
                    relations.append(relation)
                    table.digests[key] = digest
            written = len(entities) + len(relations)
            skipped = len(batch.entities) + len(batch.relations) - written
            details = {"unchanged": skipped, "written": written}
            if not written:
                return WriteSummary(len(batch.entities), len(batch.relations), 0, details)
            changed = RecordBatch(origin=batch.origin, entities=tuple(entities),
                                  relations=tuple(relations))
            statements = self._upsert(changed, table)
        return WriteSummary(len(batch.entities), len(batch.relations), statements, details)

    def _commit(self, staging: str, table: DigestTable) -> None:
        """RENAME staging over the graph and store the digest table, in one transaction."""
        with self.connection.pipeline(transaction=True) as tx:
            tx.rename(staging, self.graph)
            tx.set(digests_key(self.graph), table.dump())
            tx.incr(generation_key(self.graph))  # kept handles re-read the new graph's schema
            tx.execute()

    def _upsert(self, batch: RecordBatch, table: DigestTable) -> int:
        """UNWIND … MERGE of `batch` into a copy of the graph that then replaces it."""
        plan = named.write_plan(self.ontology, batch, self.store.batch_size)
        staging = f"{self.graph}__staging_{uuid.uuid4().hex[:8]}"
        try:
            self.connection.execute_command(  # type: ignore[no-untyped-call]
                "GRAPH.COPY", self.graph, staging)
            for statement in plan:
                self.store.run_write(staging, statement.cypher, statement.params)
            table.nodes, table.relations = self._counts(staging)
            self._commit(staging, table)
        except BaseException:
            self.connection.delete(staging)
            raise
        return len(plan)

    def _bulk(self, batch: RecordBatch) -> WriteSummary:
        """Build the graph with GRAPH.BULK in a staging graph; NotBulkableError → upsert."""
        staging = f"{self.graph}__bulk_{uuid.uuid4().hex[:8]}"
        base = self.ontology.base_label
        importer = BulkImport(self.connection, staging)
        table = DigestTable()
        digests = table.digests

        def nodes() -> Iterator[NodeInput]:
            for entity in batch.entities:
                label = self.ontology.label(entity.type)
                props = named.node_row(entity)["props"]
                keys, values = tuple(props), encode_props(props)
                digests[key_hash(node_key(entity.id))] = content_digest(entity.type, keys,
                                                                        values)
                yield NodeInput(f"{base}:{label}", entity.id, keys, values)

        def edges() -> Iterator[EdgeInput]:
            for relation in batch.relations:
                rel_type = self.ontology.relation(relation.type)
                props = relation.properties()
                keys, values = tuple(props), encode_props(props)
                key = edge_key(relation.source_id, relation.type, relation.target_id)
                digests[key_hash(key)] = content_digest(relation.type, keys, values)
                yield EdgeInput(rel_type, relation.source_id, relation.target_id, keys, values)

        try:
            try:
                importer.add_nodes(nodes())
                importer.add_edges(edges())
            finally:
                importer.finish()
            self.store.create_indexes(staging)
            self._wait_for_indexes(staging)
            table.nodes, table.relations = importer.nodes, importer.relations
            self._commit(staging, table)
        except BaseException:
            self.connection.delete(staging)
            raise
        return WriteSummary(len(batch.entities), len(batch.relations), importer.calls,
                            details={"bulk": 1, "written": importer.nodes + importer.relations})

    def _wait_for_indexes(self, graph: str) -> None:
        wait_for_indexes(self.store, graph)


def wait_for_indexes(store: FalkorDBStore, graph: str) -> None:
    """Index builds run in the background after CREATE INDEX; wait until they are done."""
    deadline = time.monotonic() + INDEX_WAIT_S
    while True:
        statuses = [
            row[0]
            for procedure in ("db.indexes", "db.constraints")
            for row in store.run_write(
                graph, f"CALL {procedure}() YIELD status RETURN status").result_set
        ]
        if all(status == "OPERATIONAL" for status in statuses):
            return
        if "FAILED" in statuses or time.monotonic() > deadline:
            raise StoreUnavailableError(f"indexes of {graph} did not build: {statuses}")
        time.sleep(0.02)


__all__ = ["DigestMemo", "FalkorDBWriter", "digests_key", "wait_for_indexes"]
