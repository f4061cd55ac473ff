"""A load killed half-way leaves no partial state, and does not block the next load.

tests/test_embedded_store.py already fails a load in its 3rd statement; here the loader
process itself is killed (kill -9) at its 3rd statement, and in a second test the store is.
Either way the graph keeps its content checksum, the staging copy and the write lock the dead
writer left do not stop the next load, and that load gives the clean result."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import psutil
import pytest

from govkg.errors import StoreUnavailableError
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.service import GovernanceService
from govkg.settings import Settings

from ..conftest import DATA, FIXTURES
from .graphsum import GraphState, graph_state
from .served import kill_dead

pytestmark = pytest.mark.slow  # kills of loaders and stores: left out of `make test-fast`

LOCK_TTL_S = 3.0
"""The write lock's lifetime in these tests: a dead writer's lock is gone within seconds (a
live one renews it every second, with room for a busy machine)."""
LOAD_GUARD_S = 120.0
"""The next load must finish well before this (the old 600 s lock would hold it)."""


class KillingStore(FalkorDBStore):
    """A real FalkorDB store that calls `victim` (a kill -9) before its 3rd write statement."""

    victim: Callable[[], None] = staticmethod(lambda: None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.statements = 0

    def run_write(self, graph: str, cypher: str, params: Mapping[str, Any] | None = None) -> Any:
        if cypher.lstrip().startswith("UNWIND"):
            self.statements += 1
            if self.statements == 3:
                self.victim()
        return super().run_write(graph, cypher, params)


def _store(ontology: Ontology, server: EmbeddedFalkorDB, graph: str, *, owned: bool = False,
           killing: bool = False) -> FalkorDBStore:
    cls = KillingStore if killing else FalkorDBStore
    return cls(ontology, graph=graph, socket_path=server.socket_path,
               server=server if owned else None, batch_size=2, lock_ttl=LOCK_TTL_S)


def _leftovers(store: FalkorDBStore) -> list[str]:
    return [g for g in store.connection.execute_command("GRAPH.LIST")
            if str(g).startswith(f"{store.graph_name}__")]


def _load_within_guard(kg: GovernanceService, paths: list[Path]) -> None:
    """Load in a thread; fail (not hang) if it is still waiting after LOAD_GUARD_S."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            kg.load(paths)
        except BaseException as exc:  # handed to the test thread
            errors.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(LOAD_GUARD_S)
    assert not worker.is_alive(), "the next load is blocked by the dead writer's lock"
    assert not errors, errors


@pytest.fixture(scope="module")
def reference(falkordb_server: EmbeddedFalkorDB, ontology: Ontology) -> Iterator[GraphState]:
    """mini.yaml, then the corpus, loaded cleanly."""
    store = _store(ontology, falkordb_server, f"rel_{uuid.uuid4().hex[:10]}")
    kg = GovernanceService(store, ontology, Settings())
    kg.load([FIXTURES / "mini.yaml"])
    kg.load([DATA])
    yield graph_state(store)
    store.clear()
    store.close()


def _die_at_third_statement(socket_path: str, graph: str) -> None:
    """The loader process: kills itself (SIGKILL) before its 3rd write statement."""
    from govkg.ontology import load_ontology

    ontology = load_ontology()
    store = KillingStore(ontology, graph=graph, socket_path=Path(socket_path), batch_size=2,
                         lock_ttl=LOCK_TTL_S)
    store.victim = lambda: os.kill(os.getpid(), signal.SIGKILL)
    GovernanceService(store, ontology, Settings()).load([DATA])


def test_loader_killed_mid_load(falkordb_server: EmbeddedFalkorDB, ontology: Ontology,
                                reference: GraphState) -> None:
    store = _store(ontology, falkordb_server, f"rel_{uuid.uuid4().hex[:10]}")
    kg = GovernanceService(store, ontology, Settings())
    try:
        kg.load([FIXTURES / "mini.yaml"])
        before = graph_state(store)
        loader = multiprocessing.get_context("fork").Process(
            target=_die_at_third_statement, args=(str(falkordb_server.socket_path),
                                                 store.graph_name))
        loader.start()
        loader.join(LOAD_GUARD_S)
        assert loader.exitcode == -signal.SIGKILL
        assert _leftovers(store), "the loader should have died with its staging copy"
        assert graph_state(store) == before

        _load_within_guard(kg, [DATA])
        assert graph_state(store) == reference
        assert not _leftovers(store), "the dead loader's staging copy was left behind"
    finally:
        store.clear()
        store.close()


def test_store_killed_mid_load(tmp_path: Path, ontology: Ontology,
                               reference: GraphState) -> None:
    server = EmbeddedFalkorDB(tmp_path)
    server.start()
    store = _store(ontology, server, "govkg", owned=True, killing=True)
    assert isinstance(store, KillingStore)
    kg = GovernanceService(store, ontology, Settings())
    try:
        kg.load([FIXTURES / "mini.yaml"])
        before = graph_state(store)
        pid = server.pid
        assert pid is not None
        store.statements = 0
        store.victim = lambda: kill_dead(psutil.Process(pid))
        with pytest.raises(StoreUnavailableError, match="unreachable"):
            kg.load([DATA])
        store.victim = lambda: None
        assert server.alive() and server.pid != pid, "the store was not restarted"
        assert graph_state(store) == before, "a fact was lost or half a load kept"

        _load_within_guard(kg, [DATA])
        assert graph_state(store) == reference
        assert not _leftovers(store)
    finally:
        store.close()


def test_a_live_writer_keeps_its_lock_past_the_ttl(
    falkordb_server: EmbeddedFalkorDB, ontology: Ontology, tmp_path: Path
) -> None:
    """A write that outlasts the lock's lifetime still excludes the next writer (heartbeat):
    had both copied the graph at once, the second RENAME would drop the first's facts."""
    graph = f"rel_{uuid.uuid4().hex[:10]}"
    slow = _store(ontology, falkordb_server, graph, killing=True)
    assert isinstance(slow, KillingStore)
    slow.victim = lambda: threading.Event().wait(LOCK_TTL_S * 4)  # a slow statement
    other = _store(ontology, falkordb_server, graph)
    extra = tmp_path / "extra.yaml"
    extra.write_text("entities:\n  - {id: inst-other-writer, type: Institution, name: 另一写者, "
                     "kind: university}\n", encoding="utf-8")
    first, second = GovernanceService(slow, ontology), GovernanceService(other, ontology)
    try:
        first.load([FIXTURES / "mini.yaml"])
        slow.statements = 0
        writer = threading.Thread(target=first.load, args=([DATA],), daemon=True)
        writer.start()
        while slow.statements < 3:  # the slow writer holds the lock now
            threading.Event().wait(0.01)
        _load_within_guard(second, [extra])
        writer.join(LOAD_GUARD_S)
        ids = {row[0] for row in other.query("MATCH (n:Entity) RETURN n.id").rows}
        assert "inst-other-writer" in ids, "the second writer's load was lost"
        assert "inst-united-imaging" in ids, "the first writer's load was lost"
    finally:
        other.clear()
        other.close()
        slow.close()
