"""One fork at a time: GRAPH.COPY and append-only-file rewrites never run together on the
embedded server (a copy that met a rewrite once left the whole server waiting on a lock)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.forks import (
    REWRITE_MIN_BYTES,
    compact_after_write,
    copy_graph,
    forking,
    needs_rewrite,
    wait_for_no_fork,
)


@pytest.fixture
def connection(falkordb_server: EmbeddedFalkorDB) -> Iterator[redis.Redis]:
    client = redis.Redis(unix_socket_path=str(falkordb_server.socket_path), socket_timeout=60)
    yield client
    client.close()


def test_the_embedded_server_never_rewrites_on_its_own(connection: redis.Redis) -> None:
    setting = connection.config_get("auto-aof-rewrite-percentage")
    assert setting == {"auto-aof-rewrite-percentage": "0"}
    assert connection.config_get("appendonly") == {"appendonly": "yes"}


def test_a_forced_compaction_runs_a_rewrite_and_returns_after_it(
        connection: redis.Redis) -> None:
    before = int(connection.info("persistence")["aof_rewrites"])
    assert compact_after_write(connection, force=True) is True
    info = connection.info("persistence")
    assert int(info["aof_rewrites"]) == before + 1
    assert not forking(info), "compact_after_write returned while the rewrite still ran"
    assert info["aof_last_bgrewrite_status"] == "ok"


def test_a_small_file_is_not_rewritten(connection: redis.Redis) -> None:
    before = int(connection.info("persistence")["aof_rewrites"])
    assert compact_after_write(connection) is False
    assert int(connection.info("persistence")["aof_rewrites"]) == before


def test_a_copy_started_during_a_rewrite_waits_for_it(connection: redis.Redis) -> None:
    graph = f"forks_{uuid.uuid4().hex[:8]}"
    connection.execute_command(  # type: ignore[no-untyped-call]
        "GRAPH.QUERY", graph, "UNWIND range(1, 20000) AS i CREATE (:Entity {id: i})")
    try:
        for round_ in range(3):
            wait_for_no_fork(connection)
            connection.bgrewriteaof()
            copy_graph(connection, graph, f"{graph}_copy{round_}")
            rows = connection.execute_command(  # type: ignore[no-untyped-call]
                "GRAPH.RO_QUERY", f"{graph}_copy{round_}", "MATCH (n) RETURN count(n)")[1]
            assert rows == [[20000]]
        wait_for_no_fork(connection)
        assert connection.info("persistence")["aof_last_bgrewrite_status"] == "ok"
    finally:
        connection.delete(graph, *(f"{graph}_copy{n}" for n in range(3)))


@pytest.mark.parametrize(("size", "base", "expected"), [
    (REWRITE_MIN_BYTES - 1, 1, False),          # small: left to grow
    (REWRITE_MIN_BYTES, REWRITE_MIN_BYTES, False),  # large but not grown since the last rewrite
    (REWRITE_MIN_BYTES * 2, REWRITE_MIN_BYTES, True),
    (REWRITE_MIN_BYTES, 0, True),               # never rewritten
])
def test_when_the_file_has_grown_enough_to_rewrite(size: int, base: int, expected: bool) -> None:
    info = {"aof_enabled": 1, "aof_current_size": size, "aof_base_size": base}
    assert needs_rewrite(info) is expected
    assert needs_rewrite({**info, "aof_enabled": 0}) is False


def test_any_child_process_counts_as_forking() -> None:
    idle = {"aof_rewrite_in_progress": 0, "aof_rewrite_scheduled": 0,
            "rdb_bgsave_in_progress": 0, "module_fork_in_progress": 0}
    assert not forking(idle)
    for field in idle:
        assert forking({**idle, field: 1}), field
