"""The HTTP servers the bench talks to: govkg's API and a no-database FastAPI ceiling.

Both run the same way (one Granian server process on 127.0.0.1, as `govkg serve` runs), so the
ceiling differs from govkg only in what the endpoint does.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from bench.loading import BenchError

HOST = "127.0.0.1"
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_until_up(process: subprocess.Popen[bytes], port: int, path: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            time.sleep(0.1)
    raise BenchError(f"server on port {port} did not answer {path}")


@contextmanager
def serve(command: list[str], port: int, health: str,
          env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(command, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_up(process, port, health)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def govkg_api(socket_path: Path, graph: str,
              port: int) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """`govkg serve` on the bench's store and graph."""
    command = [sys.executable, "-m", "govkg.cli", "serve", "--host", HOST, "--port", str(port),
               "--store", f"unix://{socket_path}", "--no-access-log"]
    return serve(command, port, "/health", {"GOVKG_GRAPH": graph})


def ceiling_api(payload: Path, port: int) -> AbstractContextManager[subprocess.Popen[bytes]]:
    """The no-database endpoint (bench.ceiling_app) answering a recorded payload."""
    command = [sys.executable, "-m", "bench.ceiling_app", str(payload), str(port)]
    return serve(command, port, "/health")
