"""The write lease: a writer that lost its lock cannot replace the graph, and a live writer's
staging copy is never dropped by another (the paused-loader test runs real processes)."""

from __future__ import annotations

import multiprocessing
import uuid

import pytest
import redis

from govkg.errors import LeaseLostError
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.write_lock import (
    WriteLease,
    drop_stale_copies,
    lock_name,
    staging_marker,
    write_lease,
)


def _graph(connection: redis.Redis, name: str) -> None:
    connection.execute_command("GRAPH.QUERY", name, "CREATE (:Entity {id: 'x'})")


def test_a_lost_lease_cannot_commit(connection: redis.Redis) -> None:
    graph = f"lease_{uuid.uuid4().hex[:8]}"
    _graph(connection, graph)
    with write_lease(connection, graph, ttl=30) as lease:
        staging = f"{graph}__staging_a"
        lease.claim_staging(staging)
        connection.execute_command("GRAPH.COPY", graph, staging)
        connection.execute_command("GRAPH.QUERY", staging, "CREATE (:Entity {id: 'y'})")
        connection.delete(lock_name(graph))  # as if it expired while the writer slept
        with write_lease(connection, graph, ttl=30):  # the next writer takes it
            with pytest.raises(LeaseLostError, match="nothing of this load was written"):
                lease.check()
            with pytest.raises(LeaseLostError):
                lease.commit(staging, f"{graph}:d", f"{graph}:g")
        lease.discard(staging)
    ids = connection.execute_command("GRAPH.RO_QUERY", graph, "MATCH (n) RETURN n.id")[1]
    assert ids == [[b"x"]], "the graph was replaced by a writer without the lock"
    assert connection.get(f"{graph}:d") is None
    connection.delete(graph)


def _claim_and_exit(socket_path: str, graph: str) -> None:
    client = redis.Redis(unix_socket_path=socket_path)
    lease = WriteLease(client, graph, 30)
    lease.acquire()
    lease.claim_staging(f"{graph}__staging_dead")
    client.execute_command("GRAPH.QUERY", f"{graph}__staging_dead", "CREATE ()")
    # exits without release: a killed writer (its lock expires, its marker stays)


def test_only_a_dead_writers_copy_is_dropped(connection: redis.Redis,
                                              falkordb_server: EmbeddedFalkorDB) -> None:
    graph = f"lease_{uuid.uuid4().hex[:8]}"
    dead = multiprocessing.get_context("fork").Process(
        target=_claim_and_exit, args=(str(falkordb_server.socket_path), graph))
    dead.start()
    dead.join(30)
    connection.delete(lock_name(graph))  # its lock expired
    live = WriteLease(connection, graph, 30)
    live.acquire()  # this process: alive
    try:
        live.claim_staging(f"{graph}__staging_live")
        _graph(connection, f"{graph}__staging_live")
        _graph(connection, f"{graph}__bulk_orphan")  # no marker at all: stale
        assert sorted(drop_stale_copies(live)) == [f"{graph}__bulk_orphan",
                                                   f"{graph}__staging_dead"]
        assert connection.exists(f"{graph}__staging_live")
        assert connection.exists(staging_marker(f"{graph}__staging_live"))
        assert not connection.exists(staging_marker(f"{graph}__staging_dead"))
    finally:
        live.discard(f"{graph}__staging_live")
        live.release()
