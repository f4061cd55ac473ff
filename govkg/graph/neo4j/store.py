"""GraphStore on Neo4j 5 (server, cluster or Aura) through the official `neo4j` driver."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from govkg.errors import InputError, QueryError, needs_extra
from govkg.graph import schema
from govkg.graph import statements as named
from govkg.graph.base import LoadPlan, QueryResult, WriteSummary, apply_in_session
from govkg.graph.neo4j.load import Neo4jLoad
from govkg.graph.neo4j.values import plain, store_error
from govkg.graph.rows import encode_chunk
from govkg.ontology.model import Ontology
from govkg.records import RecordBatch
from govkg.settings import Settings

with needs_extra("neo4j", "The Neo4j store (GOVKG_STORE=neo4j://…)"):
    from neo4j import Driver, GraphDatabase, ManagedTransaction, unit_of_work
    from neo4j import exceptions as neo

log = logging.getLogger(__name__)
T = TypeVar("T")

CLEAR_BATCH = 10_000
CLEAR_CHUNK = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
"""Deletes in bounded transactions; portable over every Neo4j 5 (no CALL … IN TRANSACTIONS)."""
DROP_CONSTRAINT = "DROP CONSTRAINT {name} IF EXISTS"
DROP_INDEX = "DROP INDEX {name} IF EXISTS"
FORBIDDEN = "Neo.ClientError.Security.Forbidden"
SEARCH_TEXT = ("CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score "
               "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit")
_LUCENE_SPECIAL = re.compile(r'[+\-&|!(){}\[\]^"~*?:\\/]')


class Neo4jStore:
    """Neo4j behind the GraphStore protocol.

    Every read runs in `execute_read` (READ access mode: the server refuses a write), every
    write in `execute_write`; both are managed transactions that the driver retries on
    transient errors. A load is one transaction, so it is all-or-nothing.

    The driver types query text as LiteralString to discourage pasting values into Cypher;
    govkg never does: values travel as parameters, labels and types come from the ontology,
    and the user's own Cypher (POST /cypher) is sent as it is, in a read transaction.
    """

    name = "neo4j"

    def __init__(
        self,
        ontology: Ontology,
        uri: str,
        *,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        batch_size: int = 2000,
    ) -> None:
        self.ontology = ontology
        self.database = database
        self.batch_size = batch_size
        try:
            self._driver: Driver = GraphDatabase.driver(uri, auth=auth)
        except (neo.ConfigurationError, ValueError) as exc:
            raise InputError(f"GOVKG_STORE={uri!r} is not a Neo4j URL: {exc}") from None
        try:
            self._driver.verify_connectivity()
        except (neo.Neo4jError, neo.DriverError, OSError, ValueError) as exc:
            self._driver.close()
            if isinstance(exc, ValueError):  # an address that does not resolve
                raise InputError(f"GOVKG_STORE={uri!r}: {exc}") from None
            raise store_error(exc, read_only=True, timeout=None) from None

    @classmethod
    def from_settings(cls, settings: Settings, ontology: Ontology) -> Neo4jStore:
        """Connect with GOVKG_STORE, GOVKG_NEO4J_USER/PASSWORD and GOVKG_NEO4J_DATABASE."""
        password = settings.neo4j_password
        auth = (settings.neo4j_user, password.get_secret_value()) if password else None
        return cls(ontology, settings.store, auth=auth, database=settings.neo4j_database,
                   batch_size=settings.write_batch_size)

    # ------------------------------------------------------------------ transactions

    def _transact(self, work: Callable[[ManagedTransaction], T], *, read_only: bool,
                  timeout: float | None = None) -> T:
        if timeout:
            work = unit_of_work(timeout=timeout)(work)
        try:
            with self._driver.session(database=self.database) as session:
                if read_only:
                    return session.execute_read(work)
                return session.execute_write(work)
        except (neo.Neo4jError, neo.DriverError, OSError) as exc:
            raise store_error(exc, read_only=read_only, timeout=timeout) from None

    def query(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = True,
        timeout: float | None = None,
    ) -> QueryResult:
        def work(tx: ManagedTransaction) -> QueryResult:
            result = tx.run(cypher, dict(params or {}))
            columns = tuple(result.keys())
            return QueryResult(columns, [tuple(plain(v) for v in record.values())
                                         for record in result])

        return self._transact(work, read_only=read_only, timeout=timeout)

    # ------------------------------------------------------------------ writes

    @property
    def driver(self) -> Driver:
        return self._driver

    def begin_load(self) -> Neo4jLoad:
        """A load in chunks, in one transaction (govkg.graph.neo4j.load)."""
        return Neo4jLoad(self)

    def plan(self, batch: RecordBatch) -> LoadPlan:
        """Every record counts as changed (Neo4j keeps no digests); classes of the ids the
        batch touches are read in one query per chunk."""
        return self.begin_load().plan(encode_chunk(batch))

    def apply(self, plan: LoadPlan) -> WriteSummary:
        """One write transaction: all-or-nothing. The classes the plan was validated
        against are read again inside it, so a concurrent load cannot slip in between."""
        return apply_in_session(plan, Neo4jLoad)

    def write(self, batch: RecordBatch) -> WriteSummary:
        return self.apply(self.plan(batch))

    def ensure_schema(self) -> None:
        self._ensure_schema()

    def _ensure_schema(self) -> None:
        """Before a load: the key constraint keeps concurrent MERGEs from making duplicates.

        Creating it needs schema rights; a user who may write data but not schema still
        loads (a warning says to run `govkg init-schema` as an admin).
        """
        try:
            self.apply_schema()
        except QueryError as exc:
            code = exc.details.get("code") if isinstance(exc.details, dict) else None
            if code != FORBIDDEN:
                raise
            log.warning("no right to create the schema (%s); loading without it. Run "
                        "`govkg init-schema` as a user with schema rights.", exc.message)

    def apply_schema(self) -> list[str]:
        """Create the ontology's constraint and indexes (IF NOT EXISTS); list what was new."""
        created = []
        for statement in schema.neo4j_schema(self.ontology):
            def work(tx: ManagedTransaction, ddl: str = statement) -> int:
                counters = tx.run(ddl).consume().counters
                return counters.indexes_added + counters.constraints_added

            if self._transact(work, read_only=False):
                created.append(statement)
        return created

    def search_text(self, label: str, field: str, text: str, limit: int
                    ) -> list[tuple[str, float]]:
        """Neo4j's full-text index of `label`.`field` (the cjk analyzer segments Chinese
        itself); Lucene's syntax characters in `text` are escaped."""
        index = schema.neo4j_text_index_name(self.ontology, self.ontology.label(label), field)
        query = _LUCENE_SPECIAL.sub(r"\\\g<0>", text).strip()
        if not query:
            return []
        rows = self.query(SEARCH_TEXT, {"index": index, "query": query, "limit": limit}).rows
        return [(str(key), float(score)) for key, score in rows]

    def labels_of(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        cypher = named.labels_of_cypher(self.ontology)
        found: dict[str, str] = {}
        for start in range(0, len(wanted), self.batch_size):
            result = self.query(cypher, {"ids": wanted[start : start + self.batch_size]})
            for key, labels in result.rows:
                found[key] = labels[0] if labels else self.ontology.base_label
        return found

    def clear(self) -> None:
        """Delete every node and relation, and drop govkg's constraint and indexes."""
        def chunk(tx: ManagedTransaction) -> int:
            record = tx.run(CLEAR_CHUNK, limit=CLEAR_BATCH).single()
            return int(record["deleted"]) if record else 0

        while self._transact(chunk, read_only=False):
            pass
        for name, kind in schema.neo4j_schema_names(self.ontology).items():
            ddl = (DROP_CONSTRAINT if kind == "constraint" else DROP_INDEX).format(name=name)

            def drop(tx: ManagedTransaction, text: str = ddl) -> None:
                tx.run(text).consume()

            self._transact(drop, read_only=False)

    def generation(self) -> str | None:
        """Neo4j keeps no generation counter of govkg's: whole-graph answers are not kept."""
        return None

    def stop_query(self, marker: str) -> bool:
        """Neo4j stops a transaction at its own timeout; nothing more to do here."""
        return False

    def ping(self) -> bool:
        try:
            self._driver.verify_connectivity()
        except (neo.Neo4jError, neo.DriverError, OSError):
            return False
        return True

    def close(self) -> None:
        self._driver.close()
