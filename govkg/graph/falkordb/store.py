"""GraphStore on FalkorDB (embedded child process or a running server) via the falkordb client."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB, Graph
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FalkorPath

from govkg.errors import (
    GovkgError,
    InputError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreUnavailableError,
)
from govkg.graph import schema
from govkg.graph import statements as named
from govkg.graph.base import (
    GraphNode,
    GraphPath,
    GraphRelationship,
    LoadPlan,
    QueryResult,
    WriteSummary,
    apply_in_session,
)
from govkg.graph.falkordb.embedded import (
    DYING_GRACE_S,
    TIMEOUT_MAX_MS,
    EmbeddedFalkorDB,
    StoreLimits,
)
from govkg.graph.falkordb.fulltext import redisearch_query
from govkg.graph.falkordb.handles import GraphHandles, generation_key
from govkg.graph.falkordb.write_lock import WRITE_LOCK_TTL_S, write_lease
from govkg.graph.falkordb.writer import FalkorDBLoad, digests_key, wait_for_indexes
from govkg.graph.rows import Chunk, encode_chunk
from govkg.ontology.model import Ontology
from govkg.records import RecordBatch

SEARCH_TEXT = ("CALL db.idx.fulltext.queryNodes('{label}', $query) YIELD node, score "
               "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit")
_READ_ONLY_REFUSAL = "read-only"
_TIMEOUT = "timed out"
_ALREADY_INDEXED = ("already indexed", "already exists")
_MEMORY = ("mem consumption exceeded", "OOM command not allowed")
READ_TIMEOUT_S = 10.0
"""Default wait for any read (GOVKG_STORE_TIMEOUT)."""
SOCKET_GRACE_S = 2.0
"""Beyond a read's own TIMEOUT, how long the socket waits for the store's answer."""
WRITE_SOCKET_TIMEOUT_S = TIMEOUT_MAX_MS / 1000 + 30.0
"""How long a write (statement, GRAPH.COPY, GRAPH.BULK, lock step) may wait for an answer:
past the store's own hard limit on any query, a silent store counts as gone."""


def _node(value: Node) -> GraphNode:
    return GraphNode(str(value.id), tuple(value.labels or ()), dict(value.properties))


def _edge(value: Edge) -> GraphRelationship:
    return GraphRelationship(
        str(value.id), str(value.relation), str(value.src_node), str(value.dest_node),
        dict(value.properties),
    )


def plain(value: Any) -> Any:
    """FalkorDB client values → govkg's store-neutral values."""
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Edge):
        return _edge(value)
    if isinstance(value, FalkorPath):
        return GraphPath(tuple(_node(n) for n in value.nodes()),
                         tuple(_edge(e) for e in value.edges()))
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class FalkorDBStoreLoad(FalkorDBLoad):
    """FalkorDBLoad whose store errors come out as govkg's (StoreUnavailableError)."""

    store: FalkorDBStore

    def plan(self, chunk: Chunk, *, last: bool = True) -> LoadPlan:
        with self.store._unreachable():
            return super().plan(chunk, last=last)

    def apply(self, plan: LoadPlan) -> None:
        with self.store._unreachable(recover=True):
            super().apply(plan)

    def flush(self) -> None:
        with self.store._unreachable(recover=True):
            super().flush()

    def commit(self) -> WriteSummary:
        with self.store._unreachable(recover=True):
            return super().commit()


class FalkorDBStore:
    """FalkorDB behind the GraphStore protocol.

    Reads go through GRAPH.RO_QUERY, so a read can never write. A write is all-or-nothing:
    it is applied to a copy of the graph that replaces the graph by RENAME only when every
    statement succeeded, under a lock so that concurrent writers queue.
    """

    name = "falkordb"

    def __init__(
        self,
        ontology: Ontology,
        *,
        graph: str = "govkg",
        socket_path: Path | None = None,
        host: str = "127.0.0.1",
        port: int = 6379,
        server: EmbeddedFalkorDB | None = None,
        batch_size: int = 2000,
        bulk_load: bool = True,
        lock_ttl: float = WRITE_LOCK_TTL_S,
        read_timeout: float = READ_TIMEOUT_S,
    ) -> None:
        self.ontology = ontology
        # the longest wait for a read: its TIMEOUT in the store, and its socket's timeout
        self.read_timeout = read_timeout
        # lifetime of the write lock between heartbeats (govkg.graph.falkordb.write_lock)
        self.lock_ttl = lock_ttl
        # build an empty graph with GRAPH.BULK (same result as the upsert, much faster)
        self.bulk_load = bulk_load
        self.graph_name = graph
        self.batch_size = batch_size
        self._server = server
        self._socket_path = socket_path
        self._host, self._port = host, port
        self._recovering = threading.Lock()
        self._db, self._writes = self._connect()
        self._handles = GraphHandles(self._db)
        self._ensure_graph()

    def _ensure_graph(self) -> None:
        """Create the graph with its indexes, so reads of a new graph see an empty one; of a
        graph that exists, wait until its indexes are built: a restarted server rebuilds them
        in the background, and a query meanwhile would miss what they have not reached yet
        (an id lookup, a full-text search)."""
        if not self._graph_exists(self.graph_name):
            self._create_indexes(self.graph_name)
        else:
            wait_for_indexes(self, self.graph_name)

    @classmethod
    def embedded(
        cls, ontology: Ontology, state_dir: Path, *, graph: str = "govkg", batch_size: int = 2000,
        lock_ttl: float = WRITE_LOCK_TTL_S, read_timeout: float = READ_TIMEOUT_S,
        limits: StoreLimits | None = None,
    ) -> FalkorDBStore:
        """Start (or reuse) the embedded server under `state_dir` and connect to it."""
        server = EmbeddedFalkorDB(state_dir, limits)
        socket_path = server.start()
        try:
            return cls(ontology, graph=graph, socket_path=socket_path, server=server,
                       batch_size=batch_size, lock_ttl=lock_ttl, read_timeout=read_timeout)
        except BaseException:
            server.release()
            raise

    def _connect(self) -> tuple[FalkorDB, FalkorDB]:
        """Two clients: reads, whose socket gives up shortly after the read's own deadline,
        and writes, which may wait as long as the store's hard limit on a query."""
        read_socket = self.read_timeout + SOCKET_GRACE_S
        if self._socket_path is not None:
            path = str(self._socket_path)
            return (FalkorDB(unix_socket_path=path, socket_timeout=read_socket,
                             socket_connect_timeout=read_socket),
                    FalkorDB(unix_socket_path=path, socket_timeout=WRITE_SOCKET_TIMEOUT_S,
                             socket_connect_timeout=read_socket))
        return (FalkorDB(host=self._host, port=self._port, socket_timeout=read_socket,
                         socket_connect_timeout=read_socket),
                FalkorDB(host=self._host, port=self._port,
                         socket_timeout=WRITE_SOCKET_TIMEOUT_S,
                         socket_connect_timeout=read_socket))

    @property
    def server(self) -> EmbeddedFalkorDB | None:
        return self._server

    @property
    def address(self) -> str:
        """GOVKG_STORE for another process to reach this very server (never to start one)."""
        if self._socket_path is not None:
            return f"unix://{Path(self._socket_path).resolve()}"
        return f"falkordb://{self._host}:{self._port}"

    def _recover(self) -> None:
        """After a lost connection: restart the embedded server if it died.

        One thread restarts it; requests failing meanwhile answer at once instead of queueing
        behind the restart (EmbeddedFalkorDB.start also keeps other processes out).
        """
        if self._server is None or not self._recovering.acquire(blocking=False):
            return
        try:
            if not self._server.alive(grace=DYING_GRACE_S):
                self._server.start()
                self._db, self._writes = self._connect()
                self._handles = GraphHandles(self._db)
                self._ensure_graph()  # its indexes rebuilt before it answers again
        finally:
            self._recovering.release()

    def _run(self, graph: str, cypher: str, params: Mapping[str, Any] | None,
             read_only: bool, timeout: float | None) -> Any:
        for name, value in (params or {}).items():
            if _has_nul(value):  # FalkorDB reads the parameter header as a C string
                raise InputError(f"parameter {name!r} contains a NUL character",
                                 details={"field": name})
        if read_only:  # a read never outlives the read socket's patience
            timeout = min(timeout or self.read_timeout, self.read_timeout)
        millis = int(timeout * 1000) if timeout else None
        if millis is not None and self._server is not None:
            millis = min(millis, TIMEOUT_MAX_MS)  # above it the embedded server refuses
        values = dict(params or {})

        def run(handle: Graph) -> Any:
            if read_only:
                return handle.ro_query(cypher, values, timeout=millis)
            return handle.query(cypher, values, timeout=millis)

        try:
            if read_only and graph == self.graph_name:  # a read may run twice, a write not
                return self._handles.run(graph, run)
            return run((self._db if read_only else self._writes).select_graph(graph))
        except redis.ResponseError as exc:
            message = str(exc)
            if _READ_ONLY_REFUSAL in message:
                raise ReadOnlyError("this query writes; only read queries are allowed here",
                                        details=message) from None
            if _TIMEOUT in message.lower():
                raise QueryTimeoutError(f"query cut after {timeout}s", details=message) from None
            if any(text in message for text in _MEMORY):
                raise QueryError(f"the store refused the query for its memory: {message}",
                                 details={"limit": "GOVKG_QUERY_MEMORY / GOVKG_STORE_MEMORY"}
                                 ) from None
            raise QueryError(message) from None
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            with contextlib.suppress(GovkgError):
                self._recover()
            raise StoreUnavailableError(f"FalkorDB is unreachable: {exc}") from None

    def query(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = True,
        timeout: float | None = None,
    ) -> QueryResult:
        result = self._run(self.graph_name, cypher, params, read_only, timeout)
        columns = tuple(str(h[1]) for h in (result.header or []))
        rows = [tuple(plain(v) for v in row) for row in result.result_set]
        return QueryResult(columns, rows)

    def _graph_exists(self, name: str) -> bool:
        try:
            return name in self._db.list_graphs()
        except (redis.ConnectionError, OSError) as exc:
            raise StoreUnavailableError(f"FalkorDB is unreachable: {exc}") from None

    def begin_load(self) -> FalkorDBStoreLoad:
        """A load in chunks (govkg.graph.falkordb.writer.FalkorDBLoad)."""
        with self._unreachable():
            return FalkorDBStoreLoad(self, allow_bulk=self.bulk_load)

    @contextlib.contextmanager
    def _unreachable(self, recover: bool = False) -> Iterator[None]:
        """A lost connection as StoreUnavailableError (restarting a dead embedded server)."""
        try:
            yield
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            if recover:
                with contextlib.suppress(GovkgError):
                    self._recover()
            raise StoreUnavailableError(f"FalkorDB is unreachable: {exc}") from None

    def plan(self, batch: RecordBatch) -> LoadPlan:
        """What writing `batch` would change (a load of one chunk); writes nothing."""
        load = self.begin_load()
        return load.plan(encode_chunk(batch))

    def apply(self, plan: LoadPlan) -> WriteSummary:
        """All-or-nothing write of a plan made by `plan`; see govkg.graph.falkordb.writer."""
        return apply_in_session(plan, FalkorDBStoreLoad)

    def write(self, batch: RecordBatch) -> WriteSummary:
        return self.apply(self.plan(batch))

    def graph_exists(self) -> bool:
        return self._graph_exists(self.graph_name)

    @property
    def connection(self) -> redis.Redis:
        """The writes' connection (lock, copies, bulk import): patient, see _connect."""
        connection: redis.Redis = self._writes.connection
        return connection

    def generation(self) -> str | None:
        """The graph's generation (it moves with every replacement of the graph): a key for
        answers computed from the whole graph."""
        try:
            value = self._db.connection.get(generation_key(self.graph_name))
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            with contextlib.suppress(GovkgError):
                self._recover()
            raise StoreUnavailableError(f"FalkorDB is unreachable: {exc}") from None
        if isinstance(value, bytes):
            value = value.decode()
        return str(value or "0")

    def running_queries(self) -> list[str]:
        """The text of the queries the store is running now (GRAPH.INFO RunningQueries)."""
        try:
            reply = self._db.connection.execute_command(
                "GRAPH.INFO", "RunningQueries")
        except (redis.RedisError, OSError):
            return []
        found = []
        for entry in (reply[1] if len(reply) > 1 else []):
            fields = dict(zip(entry[::2], entry[1::2], strict=False))
            found.append(str(fields.get("Query", "")))
        return found

    def stop_query(self, marker: str) -> bool:
        """Stop a query that ran past its deadline and that the store does not stop (FalkorDB
        has no command to abort a query): an embedded store still running a query whose text
        holds `marker` is killed, and restarted by the next request. False when the query is
        not running, or the store is not one govkg runs."""
        if self._server is None or not any(marker in q for q in self.running_queries()):
            return False
        self._server.kill()
        with contextlib.suppress(GovkgError):
            self._recover()
        return True

    def run_write(self, graph: str, cypher: str, params: Mapping[str, Any] | None = None) -> Any:
        """Run write Cypher on `graph` (the live graph or a staging copy) for the writer."""
        return self._run(graph, cypher, params, False, None)

    def ensure_graph(self) -> None:
        self._ensure_graph()

    def create_indexes(self, graph: str) -> list[str]:
        return self._create_indexes(graph)

    def search_text(self, label: str, field: str, text: str, limit: int
                    ) -> list[tuple[str, float]]:
        """FalkorDB's full-text index of `label` (one per label: `field` is the one the
        ontology indexes), queried with govkg's own segmentation (graph.falkordb.fulltext)."""
        query = redisearch_query(text)
        if query is None:
            return []
        rows = self.query(SEARCH_TEXT.format(label=self.ontology.label(label)),
                          {"query": query, "limit": limit}).rows
        return [(str(key), float(score)) for key, score in rows]

    def labels_of(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        if not wanted:
            return {}
        cypher = named.labels_of_cypher(self.ontology)
        found: dict[str, str] = {}
        for start in range(0, len(wanted), self.batch_size):
            result = self.query(cypher, {"ids": wanted[start : start + self.batch_size]})
            for key, labels in result.rows:
                found[key] = labels[0] if labels else self.ontology.base_label
        return found

    def _create_indexes(self, graph: str) -> list[str]:
        """The ontology's range and full-text indexes and key constraint (govkg.graph.schema)."""
        created = []
        for cypher in schema.falkordb_index_cypher(self.ontology):
            try:
                self._run(graph, cypher, None, False, None)
                created.append(cypher)
            except QueryError as exc:
                if not any(text in exc.message for text in _ALREADY_INDEXED):
                    raise
        for args in schema.falkordb_constraint_args(self.ontology, graph):
            try:
                self.connection.execute_command(*args)  # type: ignore[no-untyped-call]
                created.append(" ".join(args))
            except redis.ResponseError as exc:
                if not any(text in str(exc) for text in _ALREADY_INDEXED):
                    raise QueryError(str(exc)) from None
        return created

    def apply_schema(self) -> list[str]:
        return self._create_indexes(self.graph_name)

    def clear(self) -> None:
        """Delete the graph and its digests, under the write lease like any write."""
        with write_lease(self.connection, self.graph_name, self.lock_ttl) as lease:
            lease.check()
            with self.connection.pipeline(transaction=True) as tx:
                tx.delete(self.graph_name, digests_key(self.graph_name))
                tx.incr(generation_key(self.graph_name))  # plans and kept handles see it
                tx.execute()
        self._ensure_graph()

    def ping(self) -> bool:
        """Whether the store answers; a dead embedded server is restarted for the next call."""
        try:
            return bool(self._db.connection.ping())
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            with contextlib.suppress(GovkgError):
                self._recover()
            return False

    def close(self) -> None:
        """Close the connections; an embedded store is stopped if no other govkg process
        uses it (EmbeddedFalkorDB.release)."""
        try:
            self._db.connection.close()
            self._writes.connection.close()
        finally:
            if self._server is not None:
                self._server.release()
