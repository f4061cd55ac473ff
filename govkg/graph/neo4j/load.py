"""One load into Neo4j, chunk by chunk, in one transaction: all-or-nothing.

Neo4j keeps no digests, so every record of a chunk is planned as changed; the load's ledger
(govkg.graph.ledger) still drops repeats, refuses two facts under one key and knows the
classes of the entities earlier chunks gave. The first chunk with something to write opens
an explicit write transaction; every chunk's statements run in it and the commit makes them
visible at once, a failure anywhere rolls them all back. The classes a plan was validated
against are read again inside the transaction, so a concurrent load cannot slip in between
(ConflictError: the load is planned again); once the transaction is open, plans read the
graph through it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from govkg.errors import ConflictError, needs_extra
from govkg.graph import statements as named
from govkg.graph.base import GraphNode, LoadPlan, WriteSummary
from govkg.graph.ledger import Ledger
from govkg.graph.neo4j.values import node, store_error
from govkg.graph.planning import plan_chunk
from govkg.graph.rows import Chunk
from govkg.ontology.model import Ontology

with needs_extra("neo4j", "The Neo4j store (GOVKG_STORE=neo4j://…)"):
    from neo4j import Driver, Session, Transaction
    from neo4j import exceptions as neo


class LoadTarget(Protocol):
    """What a Neo4j load needs of its store (Neo4jStore)."""

    ontology: Ontology
    database: str | None
    batch_size: int

    @property
    def driver(self) -> Driver: ...

    def labels_of(self, ids: Iterable[str]) -> dict[str, str]: ...

    def ensure_schema(self) -> None: ...


class Neo4jLoad:
    """See the module text; a govkg.graph.base.LoadSession."""

    def __init__(self, store: LoadTarget) -> None:
        self.store = store
        self.ontology = store.ontology
        self.ledger = Ledger()
        self._session: Session | None = None
        self._tx: Transaction | None = None
        self.statements = 0
        self._done = False

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (neo.Neo4jError, neo.DriverError, OSError) as exc:
            raise store_error(exc, read_only=False, timeout=None) from None

    def _labels(self, ids: Iterable[str]) -> dict[str, str]:
        """Classes of ids the graph holds: through the load's transaction once it is open."""
        if self._tx is None:
            return self.store.labels_of(ids)
        wanted = list(ids)
        cypher = named.labels_of_cypher(self.ontology)
        found: dict[str, str] = {}
        with self._errors():
            for start in range(0, len(wanted), self.store.batch_size):
                for record in self._tx.run(cypher,
                                           ids=wanted[start : start + self.store.batch_size]):
                    labels = record["labels"]
                    found[record["id"]] = labels[0] if labels else self.ontology.base_label
        return found

    def plan(self, chunk: Chunk, *, last: bool = True) -> LoadPlan:
        return plan_chunk(chunk, self.ledger, None, self._labels, last=last, store_data=self)

    def seen(self, ids: Sequence[str]) -> set[str]:
        return set(self.ledger.classes_of(ids))

    def staged(self, ids: Sequence[str]) -> list[GraphNode]:
        """The nodes of `ids` as the load's transaction sees them (the graph's before it)."""
        cypher = named.nodes_of_cypher(self.ontology)
        with self._errors():
            if self._tx is not None:
                return [node(record[0]) for record in self._tx.run(cypher, ids=list(ids))]
            with self.store.driver.session(database=self.store.database) as session:
                return [node(record[0]) for record in session.run(cypher, ids=list(ids))]

    def apply(self, plan: LoadPlan) -> None:
        if plan.store_data is not self:
            raise TypeError("a Neo4j load applies only the plans it made")
        redigested = [*plan.restated, *(r for r in plan.node_rows if r.record.id in plan.merged)]
        if redigested:
            self.ledger.set_digests([r.record.id for r in redigested],
                                    [r.digest for r in redigested])
        statements = named.write_rows(self.ontology, [*plan.restated, *plan.node_rows],
                                      plan.edge_rows, self.store.batch_size)
        if not statements:
            return
        if self._tx is None:
            self.store.ensure_schema()  # schema changes cannot share the data transaction
            with self._errors():
                self._session = self.store.driver.session(database=self.store.database)
                self._tx = self._session.begin_transaction()
        self._verify(plan)
        assert self._tx is not None
        with self._errors():
            for statement in statements:
                self._tx.run(statement.cypher, statement.params).consume()
        self.statements += len(statements)

    def _verify(self, plan: LoadPlan) -> None:
        """The classes the plan read of the graph, read again inside the transaction (for a
        plan made before it opened, what another load committed since shows here)."""
        asked = list(plan.looked_up)
        if not asked:
            return
        expected = {key: plan.known[key] for key in asked if key in plan.known}
        if self._labels(asked) != expected:
            raise ConflictError(f"{plan.batch.origin}: the graph changed while this load was "
                                "being checked; check it again")

    def flush(self) -> None:
        """Statements run synchronously: nothing to wait for."""

    def commit(self) -> WriteSummary:
        if self._done:
            raise RuntimeError("this load is already committed or aborted")
        self._done = True
        try:
            if self._tx is not None:
                with self._errors():
                    self._tx.commit()
        except BaseException:
            self.abort()
            raise
        finally:
            self._close()
        return WriteSummary(self.ledger.entities, self.ledger.relations, self.statements)

    def abort(self) -> None:
        self._done = True
        if self._tx is not None:
            with contextlib.suppress(neo.Neo4jError, neo.DriverError, OSError):
                self._tx.rollback()
        self._close()

    def _close(self) -> None:
        tx, session = self._tx, self._session
        self._tx = self._session = None
        if tx is not None:
            with contextlib.suppress(neo.Neo4jError, neo.DriverError, OSError):
                tx.close()
        if session is not None:
            with contextlib.suppress(neo.Neo4jError, neo.DriverError, OSError):
                session.close()


__all__ = ["LoadTarget", "Neo4jLoad"]
