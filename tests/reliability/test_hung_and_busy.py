"""Issue 17, breaks 4 and 5, against a real `govkg serve` and its FalkorDB process.

4. Whole-graph analytics that run far past the deadline: each is stopped at
   GOVKG_REQUEST_TIMEOUT (408) or when its client leaves, no analysis process outlives it,
   many at once leave /health answering, and SIGTERM stops the server.
5. A hung store (SIGSTOP): every route that needs it answers 503 with Retry-After within
   GOVKG_STORE_TIMEOUT and a little, routes that do not need it answer 200, and once the
   store runs again service resumes without a restart.
"""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from bench.synthetic import SyntheticSpec, generate, write_yaml

from .served import GOVKG, Served, env_for, store_processes, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
GUARD_S = 60.0
"""A request or a wait longer than this fails the test (a guard, not a measurement)."""
SETTINGS = {"GOVKG_STORE_TIMEOUT": "1", "GOVKG_REQUEST_TIMEOUT": "3",
            "GOVKG_RATE_LIMIT": "100000/minute", "GOVKG_EXPENSIVE_WORKERS": "2"}


def _warm_up(server: Served) -> None:
    """Start the forkserver of the analyses: on a busy machine its first start may outlast
    GOVKG_REQUEST_TIMEOUT (503 deadline), so ask again until the guard."""
    deadline = time.monotonic() + GUARD_S
    while True:
        warm = httpx.get(f"{server.base}/analytics/degree", timeout=GUARD_S)
        if warm.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert warm.status_code == 200, warm.text


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A synthetic graph on which exact betweenness takes minutes."""
    state_dir = tmp_path_factory.mktemp("busy")
    files = write_yaml(generate(SyntheticSpec(rels=5000, seed=1)), state_dir / "input")
    loaded = subprocess.run([*GOVKG, "load", *map(str, files)], env=env_for(state_dir),
                            capture_output=True, text=True, timeout=300, check=False)
    assert loaded.returncode == 0, loaded.stderr
    server = Served.start(state_dir, **SETTINGS)
    _warm_up(server)
    try:
        yield server
    finally:
        server.stop()
        for orphan in store_processes(state_dir):
            orphan.kill()


def _analysis_processes(served: Served) -> list[psutil.Process]:
    """Analyses running: children of the server's forkserver (which forks each of them)."""
    found = []
    for child in psutil.Process(served.process.pid).children():
        try:
            if not any("forkserver" in part for part in child.cmdline()):
                continue
            found += [p for p in child.children() if p.status() != psutil.STATUS_ZOMBIE]
        except psutil.NoSuchProcess:
            continue
    return found


def _wait(condition: Callable[[], object], what: str) -> None:
    wait_until(condition, what, GUARD_S, 0.1)


def test_an_analysis_past_the_deadline_is_stopped(served: Served) -> None:
    cut = httpx.get(f"{served.base}/analytics/betweenness", timeout=GUARD_S)
    assert cut.status_code == 408, cut.text
    assert "GOVKG_REQUEST_TIMEOUT" in cut.json()["error"]["message"]
    _wait(lambda: not _analysis_processes(served), "an analysis process outlived its request")


def test_an_analysis_stops_when_its_client_leaves(served: Served) -> None:
    """The client gives up after 1.5 s, before the 3 s deadline."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        leaving = pool.submit(httpx.get, f"{served.base}/analytics/betweenness", timeout=1.5)
        _wait(lambda: _analysis_processes(served), "no analysis process started")
        with pytest.raises(httpx.ReadTimeout):
            leaving.result()
    _wait(lambda: not _analysis_processes(served), "the analysis went on without its client")


def test_many_analyses_leave_the_cheap_routes_answering(served: Served) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=41) as pool:
        heavy = [pool.submit(httpx.get, f"{served.base}/analytics/betweenness",
                             timeout=GUARD_S) for _ in range(41)]
        time.sleep(0.5)
        health = httpx.get(f"{served.base}/health", timeout=GUARD_S)
        assert health.status_code == 200, health.text
        statuses = sorted({f.result().status_code for f in heavy})
    assert set(statuses) <= {408, 503}, statuses  # cut at the deadline, or no free worker
    busy = [f.result() for f in heavy if f.result().status_code == 503]
    assert all(r.headers.get("Retry-After") for r in busy)
    _wait(lambda: not _analysis_processes(served), "analysis processes outlived the requests")


def test_cheap_analyses_are_answered_and_kept(served: Served) -> None:
    first = httpx.get(f"{served.base}/analytics/degree", params={"limit": 3}, timeout=GUARD_S)
    assert first.status_code == 200, first.text
    again = httpx.get(f"{served.base}/analytics/degree", params={"limit": 3}, timeout=GUARD_S)
    assert again.json() == first.json()


def test_a_hung_store_answers_503_and_recovers_without_a_restart(served: Served) -> None:
    store = served.store_process()
    os.kill(store.pid, signal.SIGSTOP)
    try:
        routes = ["/stats", "/health", "/entities/inst-1", "/units/x/pilots"] * 10
        with concurrent.futures.ThreadPoolExecutor(max_workers=45) as pool:
            answers = list(pool.map(
                lambda route: httpx.get(f"{served.base}{route}", timeout=GUARD_S), routes))
            cypher = pool.submit(httpx.post, f"{served.base}/cypher",
                                 json={"query": "MATCH (n) RETURN count(n)"}, timeout=GUARD_S)
            ontology = httpx.get(f"{served.base}/ontology", timeout=GUARD_S)
            assert cypher.result().status_code in {503, 408}, cypher.result().text
        for answer in answers:
            assert answer.status_code == 503, answer.text
            assert answer.json()["error"]["code"] in {"store_unavailable", "deadline"}
            assert int(answer.headers["Retry-After"]) > 0
        assert ontology.status_code == 200
    finally:
        os.kill(store.pid, signal.SIGCONT)
    served.wait_healthy()
    assert served.store_process().pid == store.pid, "the store was restarted"
    assert httpx.get(f"{served.base}/stats", timeout=GUARD_S).status_code == 200


def test_sigterm_stops_the_server_while_analyses_run(served: Served, tmp_path: Path) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(4):
            pool.submit(httpx.get, f"{served.base}/analytics/betweenness", timeout=GUARD_S)
        time.sleep(0.5)
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(timeout=GUARD_S)
    assert not store_processes(served.state_dir), "serve left the store it started running"
    restarted = Served.start(served.state_dir, **SETTINGS)
    served.process, served.base = restarted.process, restarted.base
