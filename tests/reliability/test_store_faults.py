"""Store faults with real processes: kill -9 the embedded FalkorDB under `govkg serve`, and
stop or kill the whole app. Requests answer 503 in the error shape (never hang), the store is
restarted, service resumes, and no loaded fact is lost (append-only file, see
docs/reliability.md for the fsync policy)."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from typer.testing import CliRunner

from govkg.cli import app
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology

from ..conftest import FIXTURES
from .graphsum import GraphState, graph_state
from .served import Served, env_for, kill_dead, store_processes

pytestmark = pytest.mark.e2e
REQUEST_TIMEOUT_S = 60.0
"""A guard against hangs: a request that does not answer by then fails the test."""
EXTRA = """
entities:
  - {id: inst-after-start, type: Institution, name: 后来者研究院, kind: research_institute}
relations:
  - {type: PART_OF, from: inst-after-start, to: inst-cas}
"""


def _load(state_dir: Path, path: Path) -> None:
    result = CliRunner().invoke(app, ["load", str(path)], env=env_for(state_dir))
    assert result.exit_code == 0, result.output


def _state(state_dir: Path, ontology: Ontology) -> GraphState:
    store = FalkorDBStore(ontology, graph="govkg", socket_path=state_dir / "falkordb.sock")
    try:
        return graph_state(store)
    finally:
        store.close()


def _store_down(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "store_unavailable"
    assert set(response.json()["error"]) == {"code", "message", "details"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    state_dir = tmp_path_factory.mktemp("faults")
    _load(state_dir, FIXTURES / "mini.yaml")
    server = Served.start(state_dir)
    try:
        yield server
    finally:
        server.stop()
        for orphan in store_processes(state_dir):
            orphan.kill()


def test_listens_on_loopback_only(served: Served) -> None:
    """`govkg serve` without --host binds 127.0.0.1 (GOVKG_HOST), never every interface."""
    listening = [c.laddr for c in psutil.Process(served.process.pid).net_connections("inet")
                 if c.status == psutil.CONN_LISTEN]
    assert listening and {address.ip for address in listening} == {"127.0.0.1"}


def test_kill_store_while_serving(served: Served, ontology: Ontology, tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    _load(served.state_dir, extra)  # a second process writes through the served store
    before = _state(served.state_dir, ontology)
    assert before.nodes == 10
    victim = served.store_process()
    kill_dead(victim)

    _store_down(httpx.get(f"{served.base}/stats", timeout=REQUEST_TIMEOUT_S))
    served.wait_healthy()
    assert served.store_process().pid != victim.pid
    stats = httpx.get(f"{served.base}/stats", timeout=REQUEST_TIMEOUT_S)
    assert stats.status_code == 200 and stats.json()["nodes"] == before.nodes
    assert _state(served.state_dir, ontology) == before, "a loaded fact was lost"


def test_health_alone_brings_the_store_back(served: Served) -> None:
    """A monitor that only polls /health must see the store come back."""
    kill_dead(served.store_process())
    _store_down(httpx.get(f"{served.base}/health", timeout=REQUEST_TIMEOUT_S))
    served.wait_healthy()


def test_concurrent_requests_restart_one_store(served: Served, ontology: Ontology) -> None:
    before = _state(served.state_dir, ontology)
    kill_dead(served.store_process())
    routes = ["/stats", "/health", "/entities?q=研究", "/units/inst-fudan/pilots"] * 4
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(
            lambda route: httpx.get(f"{served.base}{route}", timeout=REQUEST_TIMEOUT_S), routes))
    for response in answers:
        if response.status_code != 200:
            _store_down(response)
    served.wait_healthy()
    assert len(store_processes(served.state_dir)) == 1, "two servers on one data directory"
    assert _state(served.state_dir, ontology) == before


def test_restart_of_the_whole_app_keeps_every_fact(served: Served, ontology: Ontology) -> None:
    before = _state(served.state_dir, ontology)
    served.stop()
    assert not store_processes(served.state_dir), "serve must stop the store it started"
    restarted = Served.start(served.state_dir)
    served.process, served.base = restarted.process, restarted.base
    assert _state(served.state_dir, ontology) == before


def test_kill_of_the_whole_app_keeps_every_fact(served: Served, ontology: Ontology) -> None:
    before = _state(served.state_dir, ontology)
    store = served.store_process()
    served.kill()  # SIGKILL: no clean-up at all; the store lives on in its own session
    assert store.is_running() and store.status() != psutil.STATUS_ZOMBIE
    restarted = Served.start(served.state_dir)  # reuses the running store
    served.process, served.base = restarted.process, restarted.base
    assert _state(served.state_dir, ontology) == before
    kill_dead(store)
    _store_down(httpx.get(f"{served.base}/stats", timeout=REQUEST_TIMEOUT_S))
    served.wait_healthy()  # the reused store died: this app starts one of its own
    assert _state(served.state_dir, ontology) == before
