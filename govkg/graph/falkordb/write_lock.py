"""The write lease of a FalkorDB graph: one writer at a time, fenced, and no lost graph.

The lease is a Redis lock (a key holding the writer's random token) with a short lifetime
that a heartbeat thread renews while the writer runs. A writer killed half-way (kill -9, a
lost machine, a store killed under it) leaves a lock that expires within its lifetime, so the
next writer waits seconds, not minutes.

A writer that is only paused (Ctrl-Z, a debugger, a stalled disk) past the lifetime loses
the lease to the next writer while it sleeps. When it wakes it must not replace the graph:
every step that replaces or deletes checks the token first (`check`), the heartbeat records
the loss instead of stopping silently, and the commit itself (`COMMIT_SCRIPT`) renames the
staging graph over the graph only if the lock still holds this writer's token, atomically in
one Lua script. A writer that lost its lease raises LeaseLostError and writes nothing.

Each staging graph has a marker key naming its writer (host and process id), renewed with the
lease for longer (STAGING_GRACE_S). The next writer drops only the staging graphs whose
writer is gone: marker expired, or a process of this host that no longer exists. A paused
writer's staging graph is left alone; it deletes it itself when it wakes and finds its lease
lost.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator
from typing import Any

import redis
from redis.exceptions import LockError

from govkg.errors import LeaseLostError

WRITE_LOCK_TTL_S = 30.0
"""Lifetime of the lock without a heartbeat: the longest a dead writer can hold up the next."""
HEARTBEATS_PER_TTL = 3
STAGING_GRACE_S = 600.0
"""How long a staging graph outlives its writer's last heartbeat when that writer cannot be
seen to be dead (another host): a paused writer's copy is not dropped under it."""
STAGING_MARKS = ("__staging_", "__bulk_")
"""Name parts of the copies a writer builds next to `<graph>` before renaming one over it."""

COMMIT_SCRIPT = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('RENAME', KEYS[2], KEYS[3])
redis.call('RENAME', KEYS[7], KEYS[4])
redis.call('INCR', KEYS[5])
redis.call('DEL', KEYS[6])
return 1
"""
"""KEYS: lock, staging graph, graph, digest table, generation, staging marker, staging digest
table; ARGV: token. The graph and its digest table are replaced only while the lock holds
this writer's token."""
STAGING_DIGESTS = ":govkg-digests"
"""Suffix of the digest table a writer stores next to its staging graph before the commit."""


def lock_name(graph: str) -> str:
    return f"{graph}:govkg-write-lock"


def staging_marker(staging: str) -> str:
    return f"{staging}:govkg-writer"


def staging_digests(staging: str) -> str:
    return f"{staging}{STAGING_DIGESTS}"


def _writer_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class WriteLease:
    """The graph's write lock while a writer holds it; see the module text."""

    def __init__(self, connection: redis.Redis, graph: str, ttl: float) -> None:
        self.connection = connection
        self.graph = graph
        self.ttl = ttl
        self._lock = connection.lock(lock_name(graph), timeout=ttl, thread_local=False)
        self._lost = threading.Event()
        self._stop = threading.Event()
        self._staging: list[str] = []
        self._beat: threading.Thread | None = None

    @property
    def token(self) -> bytes:
        token = self._lock.local.token
        if token is None:
            raise LeaseLostError(f"the write lock of {self.graph} is not held")
        return token if isinstance(token, bytes) else str(token).encode()

    def acquire(self) -> None:
        self._lock.acquire()
        self._beat = threading.Thread(target=self._heartbeat, name="govkg-write-lock",
                                      daemon=True)
        self._beat.start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.ttl / HEARTBEATS_PER_TTL):
            try:
                self._lock.reacquire()
                for staging in self._staging:
                    self.connection.expire(staging_marker(staging), int(STAGING_GRACE_S))
            except (LockError, redis.RedisError):
                self._lost.set()  # the writer sees it at its next check
                return

    def check(self) -> None:
        """Raise LeaseLostError unless this writer still holds the lock."""
        if self._lost.is_set() or not self._lock.owned():
            self._lost.set()
            raise LeaseLostError(
                f"lost the write lock of graph {self.graph!r} (the process was paused or "
                f"cut off for more than {self.ttl:g} s and another writer went ahead); "
                "nothing of this load was written: run it again")

    def claim_staging(self, staging: str) -> None:
        """Mark `staging` as this writer's, so that others leave it alone while it lives."""
        self.check()
        self.connection.set(staging_marker(staging), _writer_id(), ex=int(STAGING_GRACE_S))
        self._staging.append(staging)

    def commit(self, staging: str, digests_key: str, generation_key: str) -> None:
        """RENAME staging over the graph and its digest table (stored under
        `staging_digests(staging)`) over the graph's, and move its generation, in one step
        that happens only if the lock still holds this writer's token."""
        done = self.connection.eval(
            COMMIT_SCRIPT, 7, lock_name(self.graph), staging, self.graph, digests_key,
            generation_key, staging_marker(staging), staging_digests(staging), self.token)
        if not int(done):
            self._lost.set()
            self.check()
        self._staging.remove(staging)

    def discard(self, staging: str) -> None:
        """Delete this writer's own staging graph and its marker (never another's)."""
        self.connection.delete(staging, staging_marker(staging), staging_digests(staging))
        if staging in self._staging:
            self._staging.remove(staging)

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join()
        with contextlib.suppress(LockError, redis.RedisError):
            self._lock.release()  # if the store is gone, the lock expires with its ttl


@contextlib.contextmanager
def write_lease(connection: redis.Redis, graph: str, ttl: float = WRITE_LOCK_TTL_S
                ) -> Iterator[WriteLease]:
    """Hold the graph's write lease for the block, renewed every ttl/3 while this process
    runs; the block calls `lease.check()` before each step that replaces or deletes."""
    lease = WriteLease(connection, graph, ttl)
    lease.acquire()
    try:
        yield lease
    finally:
        lease.release()


def _glob_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in "*?[]\\" else c for c in text)


def _writer_gone(marker: Any) -> bool:
    """Whether the writer a staging marker names is known to be gone."""
    if marker is None:
        return True  # expired: no heartbeat for STAGING_GRACE_S
    host, _, pid = (marker.decode() if isinstance(marker, bytes) else str(marker)).rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def drop_stale_copies(lease: WriteLease) -> list[str]:
    """Delete the staging copies of the lease's graph whose writers are gone (killed, or
    silent for STAGING_GRACE_S); a live or paused writer's copy is kept."""
    lease.check()
    connection = lease.connection
    found = sorted({
        key.decode() if isinstance(key, bytes) else str(key)
        for mark in STAGING_MARKS
        for key in connection.scan_iter(match=f"{_glob_escape(lease.graph)}{mark}*")
    })
    copies = [g for g in found if not g.endswith((":govkg-writer", STAGING_DIGESTS))]
    tables = {g.removesuffix(STAGING_DIGESTS) for g in found if g.endswith(STAGING_DIGESTS)}
    stale = [g for g in sorted(set(copies) | tables)
             if _writer_gone(connection.get(staging_marker(g)))]
    if stale:
        connection.delete(*stale, *(staging_marker(g) for g in stale),
                          *(staging_digests(g) for g in stale))
    return stale


__all__ = ["STAGING_GRACE_S", "WRITE_LOCK_TTL_S", "WriteLease", "drop_stale_copies",
           "lock_name", "staging_digests", "staging_marker", "write_lease"]
