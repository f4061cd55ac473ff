"""A real `govkg serve` process on 127.0.0.1 and the embedded FalkorDB process it runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

GOVKG = [sys.executable, "-m", "govkg.cli"]
START_WAIT_S = 90.0
"""How long a start may take before the test gives up (a guard, not a measurement)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def env_for(state_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "GOVKG_STATE_DIR": str(state_dir), "GOVKG_STORE": "embedded",
            "GOVKG_GRAPH": "govkg", **extra}


def store_processes(state_dir: Path) -> list[psutil.Process]:
    """Every redis-server serving the socket under `state_dir`, whoever started it."""
    socket_path = str((state_dir / "falkordb.sock").resolve())
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = process.info["cmdline"] or []
        if (process.info["name"] or "").startswith("redis-server") and any(
                socket_path in part for part in cmdline):
            found.append(process)
    return found


def kill_dead(process: psutil.Process) -> None:
    """kill -9 and wait until the process is gone or a zombie its parent has not reaped."""
    process.kill()
    deadline = time.monotonic() + START_WAIT_S
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.01)
    raise TimeoutError(f"pid {process.pid} did not die")


@dataclass
class Served:
    """`govkg serve` as a child process; `base` is its URL."""

    state_dir: Path
    process: subprocess.Popen[bytes]
    base: str

    @classmethod
    def start(cls, state_dir: Path, *, prefix: tuple[str, ...] = (), **extra_env: str
              ) -> Served:
        """`govkg serve` on a free loopback port; `prefix` runs it under a wrapper (prlimit)."""
        port = free_port()
        process = subprocess.Popen([*prefix, *GOVKG, "serve", "--port", str(port)],
                                   env=env_for(state_dir, **extra_env),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        served = cls(state_dir, process, f"http://127.0.0.1:{port}")
        served.wait_healthy()
        return served

    def wait_healthy(self) -> None:
        """Poll /health until it answers 200; fail if it does not within START_WAIT_S."""
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"govkg serve exited with {self.process.returncode}")
            try:
                if httpx.get(f"{self.base}/health", timeout=10).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.base}/health did not answer 200 within {START_WAIT_S}s")

    def store_process(self) -> psutil.Process:
        """The FalkorDB server this serve process started (its child)."""
        children = [p for p in psutil.Process(self.process.pid).children(recursive=True)
                    if p.name().startswith("redis-server")]
        assert len(children) == 1, children
        return children[0]

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it; wait for a clean exit."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)


def wait_until(condition: Callable[[], object], what: str, guard_s: float,
               poll_s: float = 0.1) -> None:
    """Poll `condition` until it holds; fail with `what` after `guard_s` (a guard, not a
    measurement)."""
    deadline = time.monotonic() + guard_s
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(poll_s)
