"""How FalkorDBStore loads records: chunk by chunk, all-or-nothing, idempotent, in bounded
memory.

A load (`FalkorDBLoad`) reads the graph's generation, node and relation counts and digest
table when it begins, then plans each chunk (govkg.graph.planning: records the table holds
as given are unchanged, so a re-load of unchanged data validates and writes nothing) and,
once the caller has validated the plan, applies it. The first chunk with something to write
takes the write lease (govkg.graph.falkordb.write_lock), checks that the graph is still the
one the load began against (its generation; otherwise ConflictError: plan again), and picks
where every write of the load goes until the commit:

- an empty graph is built with GRAPH.BULK (govkg.graph.falkordb.bulk) in a staging graph,
  one call per chunk, the next chunk checked while the server ingests the previous one;
  indexes are built once, at the commit;
- otherwise the changed records are upserted (UNWIND … MERGE, govkg.graph.statements) into a
  copy of the graph (GRAPH.COPY), made when the first chunk has something to write.

The commit stores the new digest table under a staging key, then renames the staging graph
and the table over the graph's, and moves the generation, in one step that happens only while
the lease still holds this writer's token. An abort (a bad record in any chunk, a store
error, a lost lease) deletes the staging graph: the graph is as it was.

What the load keeps between chunks is the ledger (govkg.graph.ledger, a few bytes per
record) and, when the graph is not empty, its digest table (16 bytes per record).

Copies and append-only-file rewrites never run at once (govkg.graph.falkordb.forks): the
copy goes through `copy_graph`, and the file is compacted after the commit, still under the
lease.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import redis
from numpy.typing import NDArray

from govkg.errors import ConflictError, StoreUnavailableError
from govkg.graph import statements as named
from govkg.graph.base import GraphNode, LoadPlan, WriteSummary
from govkg.graph.falkordb.bulk import BulkImport, EdgeInput, NodeInput, NotBulkableError
from govkg.graph.falkordb.digests import DigestTable, digests_key, load_table
from govkg.graph.falkordb.forks import compact_after_write, copy_graph
from govkg.graph.falkordb.handles import generation_key
from govkg.graph.falkordb.write_lock import WriteLease, drop_stale_copies, staging_digests
from govkg.graph.ledger import NO_ROW, Ledger
from govkg.graph.planning import plan_chunk
from govkg.graph.rows import Chunk
from govkg.ontology.model import Ontology

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


def graph_counts(store: WriteTarget, graph: str) -> tuple[int, int]:
    nodes = store.run_write(graph, "MATCH (n) RETURN count(n)")
    relations = store.run_write(graph, "MATCH ()-[r]->() RETURN count(r)")
    return int(nodes.result_set[0][0]), int(relations.result_set[0][0])


class FalkorDBLoad:
    """One load into a FalkorDB graph (see the module text); a govkg.graph.base.LoadSession."""

    def __init__(self, store: WriteTarget, *, allow_bulk: bool = True) -> None:
        self.store = store
        self.allow_bulk = allow_bulk
        self.ontology = store.ontology
        self.graph = store.graph_name
        self.connection: redis.Redis = store.connection
        self.ledger = Ledger()
        self.generation = self._generation()
        exists = store.graph_exists()
        self.counts = graph_counts(store, self.graph) if exists else (0, 0)
        self.table = self._table(self.counts) if exists else DigestTable()
        self.lease: WriteLease | None = None
        self.staging: str | None = None
        self.importer: BulkImport | None = None
        self.statements = 0
        self.unchanged = 0
        self.written = 0
        self._done = False

    # ------------------------------------------------------------------ planning

    def _generation(self) -> str:
        """The graph's generation: it moves with every replacement of the graph."""
        value = self.connection.get(generation_key(self.graph))
        if isinstance(value, bytes):
            value = value.decode()
        return str(value or "0")

    def _table(self, counts: tuple[int, int]) -> DigestTable:
        """The stored digests if they describe the graph as it is, else an empty table."""
        if counts == (0, 0):
            return DigestTable()
        table = load_table(self.connection, self.graph)
        if table is None or (table.nodes, table.relations) != counts:
            return DigestTable()
        return table

    def plan(self, chunk: Chunk, *, last: bool = True) -> LoadPlan:
        """Digests of the chunk's records against the table and the ledger; nothing written."""
        labels_of = self.store.labels_of if self.counts != (0, 0) else None
        return plan_chunk(chunk, self.ledger, self.table.unchanged if len(self.table) else None,
                          labels_of, last=last, generation=self.generation, store_data=self)

    def seen(self, ids: Sequence[str]) -> set[str]:
        return set(self.ledger.classes_of(ids))

    def staged(self, ids: Sequence[str]) -> list[GraphNode]:
        """The nodes of `ids` in the staging graph (the graph's before the first write)."""
        graph = self.staging or self.graph
        if not ids or (self.staging is None and self.counts == (0, 0)):
            return []
        result = self.store.run_write(graph, named.nodes_of_cypher(self.ontology),
                                      {"ids": list(ids)})
        return [GraphNode(str(node.id), tuple(node.labels or ()), dict(node.properties))
                for (node,) in result.result_set]

    # ------------------------------------------------------------------ writing

    def apply(self, plan: LoadPlan) -> None:
        """Write the changed records of a plan of this load into its staging graph."""
        if plan.store_data is not self:
            raise TypeError("a FalkorDB load applies only the plans it made")
        self.unchanged += plan.unchanged
        redigested = [*plan.restated, *(r for r in plan.node_rows if r.record.id in plan.merged)]
        if redigested:
            self.ledger.set_digests([r.record.id for r in redigested],
                                    [r.digest for r in redigested])
        if not plan.node_rows and not plan.edge_rows and not plan.restated:
            return
        if self.lease is None:
            self._begin_writing(plan)
        assert self.lease is not None
        self.lease.check()  # a writer that lost its lock must not build on its copy
        if plan.restated:
            self._restate(plan)
        if self.importer is not None:
            try:
                self._bulk(plan)
            except NotBulkableError:
                if self.importer.calls:
                    raise
                self._switch_to_upsert()  # nothing sent yet: upsert this load instead
            else:
                return
        self._upsert(plan)

    def _begin_writing(self, plan: LoadPlan) -> None:
        lease = WriteLease(self.connection, self.graph, self.store.lock_ttl)
        lease.acquire()
        self.lease = lease
        now = self._generation()
        if now != self.generation:
            raise ConflictError(
                f"{plan.batch.origin}: the graph changed while this load was being checked; "
                "check it again", details={"planned_at": self.generation, "now": now})
        drop_stale_copies(lease)
        self.store.ensure_graph()
        counts = graph_counts(self.store, self.graph)
        if counts != self.counts:
            raise ConflictError(f"{plan.batch.origin}: the graph was written to while this "
                                "load was being checked; check it again")
        if self.allow_bulk and counts == (0, 0):
            self.staging = f"{self.graph}__bulk_{uuid.uuid4().hex[:8]}"
            lease.claim_staging(self.staging)
            self.importer = BulkImport(self.connection, self.staging)
        else:
            self._copy()

    def _copy(self) -> None:
        assert self.lease is not None
        self.staging = f"{self.graph}__staging_{uuid.uuid4().hex[:8]}"
        self.lease.claim_staging(self.staging)
        copy_graph(self.connection, self.graph, self.staging)

    def _switch_to_upsert(self) -> None:
        """A batch the bulk format cannot carry (a relation to an id no record gives, in a
        write nothing validated): upsert it as Cypher would store it."""
        assert self.lease is not None and self.importer is not None and self.staging
        self.importer.finish()
        self.importer = None
        self.lease.discard(self.staging)
        self._copy()

    def _bulk(self, plan: LoadPlan) -> None:
        assert self.importer is not None
        ends = [end for row in plan.edge_rows
                for end in (row.record.source_id, row.record.target_id)]
        if ends and not self.ledger.find_entities(ends).found.all():
            missing = sorted(set(ends) - set(self.ledger.classes_of(ends)))
            raise NotBulkableError(f"relation ends {missing[:5]} are not imported")
        base = self.ontology.base_label
        nodes = [NodeInput(f"{base}:{self.ontology.label(row.record.type)}", tuple(row.props),
                           row.values) for row in plan.node_rows]

        def edges(numbers: NDArray[np.int64]) -> list[EdgeInput]:
            if len(numbers):
                self.ledger.set_rows([row.record.id for row in plan.node_rows], numbers)
            if not plan.edge_rows:
                return []
            rows = self.ledger.find_entities(ends).rows
            if (rows == NO_ROW).any():
                raise RuntimeError("a relation end was planned but not imported")
            pairs = rows.reshape(-1, 2).tolist()
            return [EdgeInput(self.ontology.relation(row.record.type), source, target,
                              tuple(row.props), row.values)
                    for row, (source, target) in zip(plan.edge_rows, pairs, strict=True)]

        self.importer.add(nodes, edges)
        self.written += len(plan.node_rows) + len(plan.edge_rows)

    def _restate(self, plan: LoadPlan) -> None:
        """Nodes earlier chunks wrote, written again merged with a later statement (upserts
        in the staging graph, whether it is bulk-built or a copy)."""
        assert self.lease is not None and self.staging is not None
        self.flush()
        for statement in named.write_rows(self.ontology, plan.restated, (),
                                          self.store.batch_size):
            self.lease.check()
            self.store.run_write(self.staging, statement.cypher, statement.params)
        self.statements += 1

    def _upsert(self, plan: LoadPlan) -> None:
        assert self.lease is not None and self.staging is not None
        statements = named.write_rows(self.ontology, plan.node_rows, plan.edge_rows,
                                      self.store.batch_size)
        for statement in statements:
            self.lease.check()
            self.store.run_write(self.staging, statement.cypher, statement.params)
        self.statements += len(statements)
        self.written += len(plan.node_rows) + len(plan.edge_rows)

    def flush(self) -> None:
        """Wait until the server has ingested every bulk call sent."""
        if self.importer is not None:
            self.importer.wait()

    # ------------------------------------------------------------------ the end

    def commit(self) -> WriteSummary:
        """Install the staging graph and the new digest table at once (see the module text)."""
        if self._done:
            raise RuntimeError("this load is already committed or aborted")
        nodes, relations = self.ledger.entities, self.ledger.relations
        if self.lease is None:
            self._done = True
            return WriteSummary(nodes, relations, 0, {"unchanged": self.unchanged,
                                                      "written": 0})
        lease, staging = self.lease, self.staging
        assert staging is not None
        try:
            if self.importer is not None:
                importer = self.importer
                importer.finish()
                self.store.create_indexes(staging)
                wait_for_indexes(self.store, staging)
                counts = (importer.nodes, importer.relations)
                base = DigestTable()
                details = {"bulk": 1, "written": importer.nodes + importer.relations}
                calls = importer.calls
            else:
                counts = graph_counts(self.store, staging)
                base = self.table
                details = {"unchanged": self.unchanged, "written": self.written}
                calls = self.statements
            keys, digests = self.ledger.digest_pairs()
            table = base.updated(keys, digests)
            table.nodes, table.relations = counts
            lease.check()
            self.connection.set(staging_digests(staging), table.dump())
            lease.commit(staging, digests_key(self.graph), generation_key(self.graph))
        except BaseException:
            self.abort()
            raise
        self._done = True
        self.staging = None
        try:
            compact_after_write(self.connection)  # under the lease: no copy meets it
        finally:
            self._release()
        return WriteSummary(nodes, relations, calls, details)

    def abort(self) -> None:
        """Delete this load's staging graph; the graph is left as it was."""
        self._done = True
        try:
            if self.importer is not None:
                with contextlib.suppress(Exception):
                    self.importer.finish()  # no call in flight may recreate the staging graph
                self.importer = None
            if self.lease is not None and self.staging is not None:
                with contextlib.suppress(redis.RedisError, OSError):
                    self.lease.discard(self.staging)
                self.staging = None
        finally:
            self._release()

    def _release(self) -> None:
        if self.lease is not None:
            self.lease.release()
            self.lease = None

    def memory(self) -> int:
        """Bytes the load keeps between chunks: the ledger and the digest table."""
        return self.ledger.nbytes + int(self.table.keys.nbytes + self.table.digests.nbytes)


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


__all__ = ["FalkorDBLoad", "WriteTarget", "digests_key", "graph_counts", "wait_for_indexes"]
