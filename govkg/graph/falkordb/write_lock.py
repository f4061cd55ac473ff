"""The write lock of a FalkorDB graph: writers queue, and a dead writer does not block them.

The lock is a Redis key with a short lifetime that a heartbeat thread renews while the writer
lives. A writer killed half-way (kill -9, a lost machine) or a store killed under it leaves a
lock that expires within its lifetime, where a long fixed timeout would hold every later load.
What the dead writer left besides (its staging copy of the graph) is dropped by the next
writer, under the lock.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import redis
from redis.exceptions import LockError

WRITE_LOCK_TTL_S = 30.0
"""Lifetime of the lock without a heartbeat: the longest a dead writer can hold up the next."""
HEARTBEATS_PER_TTL = 3
STAGING_MARKS = ("__staging_", "__bulk_")
"""Name parts of the copies a writer builds next to `<graph>` before renaming one over it."""


def lock_name(graph: str) -> str:
    return f"{graph}:govkg-write-lock"


@contextlib.contextmanager
def write_lock(connection: redis.Redis, graph: str, ttl: float = WRITE_LOCK_TTL_S
               ) -> Iterator[None]:
    """Hold the graph's write lock for the block, renewed every ttl/3 while this process lives."""
    lock = connection.lock(lock_name(graph), timeout=ttl, thread_local=False)
    lock.acquire()
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(ttl / HEARTBEATS_PER_TTL):
            try:
                lock.reacquire()
            except (LockError, redis.RedisError):
                return  # lost (store restarted); the write fails on its own connection

    beat = threading.Thread(target=heartbeat, name="govkg-write-lock", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()
        with contextlib.suppress(LockError, redis.RedisError):
            lock.release()  # if the store is gone, the lock expires with its ttl


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def drop_stale_copies(connection: redis.Redis, graph: str) -> list[str]:
    """Delete staging copies of `graph` a dead writer left; call only while holding the lock."""
    stale = sorted({
        key.decode() if isinstance(key, bytes) else str(key)
        for mark in STAGING_MARKS
        for key in connection.scan_iter(match=f"{_glob_escape(graph)}{mark}*")
    })
    if stale:
        connection.delete(*stale)
    return stale


__all__ = ["WRITE_LOCK_TTL_S", "drop_stale_copies", "lock_name", "write_lock"]
