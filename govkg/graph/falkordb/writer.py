"""How FalkorDBStore plans and writes a batch: all-or-nothing, idempotent, and fast at scale.

`plan` computes the digest of every record (govkg.graph.falkordb.digests) and compares it
with the table stored next to the graph: records whose digest is unchanged are left out of
the plan, so a re-load of unchanged data validates and writes nothing. `apply` then takes the
write lock (govkg.graph.falkordb.write_lock), checks that the graph is still the one the plan
was made against (its generation counter), and writes the changed records one of two ways:

- a fresh (empty) graph is built with GRAPH.BULK (govkg.graph.falkordb.bulk) into a staging
  graph, indexed once after the import, then renamed over the empty graph;
- otherwise the changed records are upserted (UNWIND … MERGE, govkg.graph.statements)
  into a copy of the graph (GRAPH.COPY), which then replaces the graph by RENAME.

Copies and append-only-file rewrites never run at once (govkg.graph.falkordb.forks).

The RENAME of the staging graph, the new digest table and the generation increment go in one
MULTI/EXEC, so they change together or not at all.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import redis

from govkg.errors import ConflictError, StoreUnavailableError
from govkg.graph import statements as named
from govkg.graph.base import LoadPlan, WriteSummary, make_plan
from govkg.graph.falkordb.bulk import (
    BulkImport,
    EdgeInput,
    NodeInput,
    NotBulkableError,
    encode_props,
)
from govkg.graph.falkordb.digests import (
    DigestTable,
    content_digest,
    digests_key,
    edge_key,
    key_hash,
    load_table,
    node_key,
)
from govkg.graph.falkordb.forks import compact_after_write, copy_graph
from govkg.graph.falkordb.handles import generation_key
from govkg.graph.falkordb.write_lock import WriteLease, drop_stale_copies, write_lease
from govkg.ontology.model import Ontology
from govkg.records import EntityRecord, RecordBatch, RelationKey, RelationRecord

INDEX_WAIT_S = 600.0


class WriteTarget(Protocol):
    """What the writer needs of its store (FalkorDBStore), and nothing more."""

    ontology: Ontology
    graph_name: str
    batch_size: int
    lock_ttl: float

    @property
    def connection(self) -> redis.Redis: ...

    def run_write(self, graph: str, cypher: str,
                  params: Mapping[str, Any] | None = None) -> Any: ...

    def create_indexes(self, graph: str) -> list[str]: ...

    def ensure_graph(self) -> None: ...

    def graph_exists(self) -> bool: ...

    def labels_of(self, ids: Any) -> dict[str, str]: ...


@dataclass(frozen=True)
class PlanDigests:
    """FalkorDB's part of a LoadPlan: the digest of every record of the batch, by key hash."""

    digests: dict[int, int]
    entity_keys: dict[str, int]
    relation_keys: dict[RelationKey, int]


def _entity_digest(entity: EntityRecord) -> tuple[int, int]:
    props = named.node_row(entity)["props"]
    return key_hash(node_key(entity.id)), content_digest(entity.type, props,
                                                         encode_props(props, strict=False))


def _relation_digest(relation: RelationRecord) -> tuple[int, int]:
    props = relation.properties()
    key = edge_key(*relation.key)
    return key_hash(key), content_digest(relation.type, props,
                                         encode_props(props, strict=False))


class FalkorDBWriter:
    """The plan and the write of one FalkorDBStore; see the module text."""

    def __init__(self, store: WriteTarget, *, allow_bulk: bool = True) -> None:
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

    def generation(self) -> str:
        """The graph's generation: it moves with every replacement of the graph."""
        value = self.connection.get(generation_key(self.graph))
        if isinstance(value, bytes):
            value = value.decode()
        return str(value or "0")

    def plan(self, batch: RecordBatch) -> LoadPlan:
        """Digests of every record; those the stored table holds as given are unchanged."""
        generation = self.generation()
        digests: dict[int, int] = {}
        entity_keys: dict[str, int] = {}
        relation_keys: dict[RelationKey, int] = {}
        for entity in batch.entities:
            key, digest = _entity_digest(entity)
            digests[key] = digest
            entity_keys[entity.id] = key
        for relation in batch.relations:
            key, digest = _relation_digest(relation)
            digests[key] = digest
            relation_keys[relation.key] = key
        table = self._table(self._counts(self.graph)) if self.store.graph_exists() else (
            DigestTable())
        same_ids = {i for i, k in entity_keys.items() if table.unchanged(k, digests[k])}
        same_keys = {r for r, k in relation_keys.items() if table.unchanged(k, digests[k])}
        return make_plan(batch, same_ids, same_keys, self.store.labels_of,
                         generation=generation,
                         store_data=PlanDigests(digests, entity_keys, relation_keys))

    def apply(self, plan: LoadPlan) -> WriteSummary:
        """Write the changed records of a plan made against the graph as it still is."""
        batch = plan.batch
        written = len(plan.entities) + len(plan.relations)
        details = {"unchanged": plan.unchanged, "written": written}
        if not written:
            return WriteSummary(len(batch.entities), len(batch.relations), 0, details)
        data = plan.store_data
        if not isinstance(data, PlanDigests):
            raise TypeError("a FalkorDB store applies only the plans it made")
        with write_lease(self.connection, self.graph, self.store.lock_ttl) as lease:
            if self.generation() != plan.generation:
                raise ConflictError(
                    f"{batch.origin}: the graph changed while this load was being checked; "
                    "check it again", details={"planned_at": plan.generation,
                                               "now": self.generation()})
            drop_stale_copies(lease)
            self.store.ensure_graph()
            counts = self._counts(self.graph)
            if self.allow_bulk and counts == (0, 0):
                try:
                    summary = self._bulk(plan, data, lease)
                    compact_after_write(self.connection)
                    return summary
                except NotBulkableError:
                    pass  # the upsert below stores such values as Cypher does
            table = self._table(counts)
            for entity in plan.entities:
                key = data.entity_keys[entity.id]
                table.digests[key] = data.digests[key]
            for relation in plan.relations:
                key = data.relation_keys[relation.key]
                table.digests[key] = data.digests[key]
            changed = RecordBatch(origin=batch.origin, entities=plan.entities,
                                  relations=plan.relations)
            statements = self._upsert(changed, table, lease)
            compact_after_write(self.connection)  # under the lease: no copy meets it
        return WriteSummary(len(batch.entities), len(batch.relations), statements, details)

    def _commit(self, staging: str, table: DigestTable, lease: WriteLease) -> None:
        """RENAME staging over the graph, store the digest table and move the generation, in
        one step, only while this writer still holds the lock (WriteLease.commit)."""
        lease.commit(staging, digests_key(self.graph), table.dump(), generation_key(self.graph))

    def _upsert(self, batch: RecordBatch, table: DigestTable, lease: WriteLease) -> int:
        """UNWIND … MERGE of `batch` into a copy of the graph that then replaces it."""
        plan = named.write_plan(self.ontology, batch, self.store.batch_size)
        staging = f"{self.graph}__staging_{uuid.uuid4().hex[:8]}"
        lease.claim_staging(staging)
        try:
            copy_graph(self.connection, self.graph, staging)
            for statement in plan:
                lease.check()  # a writer that lost its lock must not rebuild its copy
                self.store.run_write(staging, statement.cypher, statement.params)
            table.nodes, table.relations = self._counts(staging)
            self._commit(staging, table, lease)
        except BaseException:
            lease.discard(staging)
            raise
        return len(plan)

    def _bulk(self, plan: LoadPlan, data: PlanDigests, lease: WriteLease) -> WriteSummary:
        """Build the graph with GRAPH.BULK in a staging graph; NotBulkableError → upsert."""
        batch = plan.batch
        staging = f"{self.graph}__bulk_{uuid.uuid4().hex[:8]}"
        lease.claim_staging(staging)
        base = self.ontology.base_label
        importer = BulkImport(self.connection, staging)

        def nodes() -> Iterator[NodeInput]:
            for entity in batch.entities:
                label = self.ontology.label(entity.type)
                props = named.node_row(entity)["props"]
                yield NodeInput(f"{base}:{label}", entity.id, tuple(props), encode_props(props))

        def edges() -> Iterator[EdgeInput]:
            for relation in batch.relations:
                rel_type = self.ontology.relation(relation.type)
                props = relation.properties()
                yield EdgeInput(rel_type, relation.source_id, relation.target_id, tuple(props),
                                encode_props(props))

        try:
            try:
                importer.add_nodes(nodes())
                importer.add_edges(edges())
            finally:
                importer.finish()
            self.store.create_indexes(staging)
            self._wait_for_indexes(staging)
            table = DigestTable(importer.nodes, importer.relations, dict(data.digests))
            self._commit(staging, table, lease)
        except BaseException:
            lease.discard(staging)
            raise
        return WriteSummary(len(batch.entities), len(batch.relations), importer.calls,
                            details={"bulk": 1, "written": importer.nodes + importer.relations})

    def _wait_for_indexes(self, graph: str) -> None:
        wait_for_indexes(self.store, graph)


def wait_for_indexes(store: WriteTarget, graph: str) -> None:
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


__all__ = ["FalkorDBWriter", "PlanDigests", "WriteTarget", "digests_key", "wait_for_indexes"]
