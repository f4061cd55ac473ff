"""One fork at a time: GRAPH.COPY never meets an append-only-file rewrite.

Redis lets one child process run at a time. GRAPH.COPY forks (the child dumps the graph to
TEMP_FOLDER), and so does an append-only-file rewrite. When a copy's fork meets a running
rewrite, FalkorDB logs "Can't fork for module: File exists" and its server can stop
answering altogether (every thread waiting on a lock; FalkorDB issue #2129 is open). So govkg
never lets the two meet:

- the embedded server runs with automatic rewrites off (`auto-aof-rewrite-percentage 0`);
- govkg rewrites the file itself, after a commit, still holding the write lease, and waits
  for the rewrite to finish (`compact_after_write`), so no copy of another writer can start
  meanwhile: copies happen only under the lease;
- before a copy, govkg waits for any child a server started on its own (a server govkg did
  not configure: BGSAVE schedules, an operator's BGREWRITEAOF) to finish (`wait_for_no_fork`),
  and retries a copy the server refused because it could not fork.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import redis

from govkg.errors import StoreUnavailableError

log = logging.getLogger(__name__)

FORK_WAIT_S = 600.0
"""How long a copy or a rewrite may wait for a child process of the server to finish."""
POLL_S = 0.05
COPY_ATTEMPTS = 5
REWRITE_MIN_BYTES = 64 * 1024 * 1024
"""Below this size the append-only file is left to grow (a rewrite costs a fork)."""
REWRITE_GROWTH = 2.0
"""…and above it, rewritten once it is this many times the size of its last rewrite."""
FORK_FIELDS = ("aof_rewrite_in_progress", "aof_rewrite_scheduled", "rdb_bgsave_in_progress",
               "module_fork_in_progress")
COULD_NOT_FORK = "could not fork"


def _persistence(connection: redis.Redis) -> dict[str, Any]:
    return dict(connection.info("persistence"))


def forking(info: dict[str, Any]) -> bool:
    """Whether the server has a child process running or about to run."""
    return any(int(info.get(field, 0) or 0) for field in FORK_FIELDS)


def wait_for_no_fork(connection: redis.Redis, timeout: float = FORK_WAIT_S) -> None:
    """Return once the server runs no child process; StoreUnavailableError past `timeout`."""
    deadline = time.monotonic() + timeout
    while forking(_persistence(connection)):
        if time.monotonic() > deadline:
            raise StoreUnavailableError(
                f"the graph store has been busy saving to disk for over {timeout:.0f} s; "
                "nothing was written, try the load again")
        time.sleep(POLL_S)


def copy_graph(connection: redis.Redis, source: str, target: str) -> None:
    """GRAPH.COPY once no other child process runs, retrying a copy refused for lack of a
    fork (another child started in between)."""
    for attempt in range(1, COPY_ATTEMPTS + 1):
        wait_for_no_fork(connection)
        try:
            connection.execute_command("GRAPH.COPY", source, target)  # type: ignore[no-untyped-call]
            return
        except redis.ResponseError as exc:
            if COULD_NOT_FORK not in str(exc).lower() or attempt == COPY_ATTEMPTS:
                raise
            log.info("GRAPH.COPY could not fork (attempt %d); retrying", attempt)


def needs_rewrite(info: dict[str, Any]) -> bool:
    """Whether the append-only file has grown enough since its last rewrite to compact it."""
    if not int(info.get("aof_enabled", 0) or 0):
        return False
    size = int(info.get("aof_current_size", 0) or 0)
    base = int(info.get("aof_base_size", 0) or 0)
    return size >= REWRITE_MIN_BYTES and size >= REWRITE_GROWTH * max(base, 1)


def compact_after_write(connection: redis.Redis, *, force: bool = False) -> bool:
    """Rewrite the append-only file when it has grown (or when `force`), and wait until the
    rewrite is over. Called by a writer that still holds the write lease; returns whether a
    rewrite ran."""
    info = _persistence(connection)
    if not int(info.get("aof_enabled", 0) or 0) or not (force or needs_rewrite(info)):
        return False
    wait_for_no_fork(connection)
    connection.bgrewriteaof()
    wait_for_no_fork(connection)
    status = _persistence(connection).get("aof_last_bgrewrite_status")
    if status not in (None, "ok"):
        log.warning("the append-only file rewrite ended with %s", status)
    return True
