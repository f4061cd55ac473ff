"""The embedded FalkorDB process: start, reuse, persistence, and all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from govkg.errors import QueryError, ReadOnlyError, StoreUnavailableError
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.loaders.inputs import read_inputs
from govkg.ontology import Ontology
from govkg.service import GovernanceService
from govkg.settings import Settings

from .conftest import FIXTURES


def test_start_reuse_restart_keeps_data(tmp_path: Path, ontology: Ontology) -> None:
    first = FalkorDBStore.embedded(ontology, tmp_path, graph="g")
    server = first.server
    assert server is not None and server.owned and server.alive()
    kg = GovernanceService(first, ontology, Settings())
    kg.load([FIXTURES / "mini.yaml"])

    second = FalkorDBStore.embedded(ontology, tmp_path, graph="g")  # reuses the live server
    assert second.server is not None and not second.server.owned
    assert GovernanceService(second, ontology).stats().nodes == kg.stats().nodes
    second.close()
    assert server.alive(), "a process that reused the server must not stop it"

    before = kg.stats()
    first.close()
    assert not server.alive()
    assert (tmp_path / "data" / "appendonlydir").is_dir()

    reopened = FalkorDBStore.embedded(ontology, tmp_path, graph="g")
    try:
        assert GovernanceService(reopened, ontology).stats() == before
    finally:
        reopened.close()


def test_start_failure_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "state"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailableError, match="data directory"):
        EmbeddedFalkorDB(blocker).start()


class FailingStore(FalkorDBStore):
    """A real FalkorDB store whose n-th write statement fails, to prove atomicity."""

    fail_at = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls = 0

    def _run(self, graph: str, cypher: str, params: Any, read_only: bool,
             timeout: float | None) -> Any:
        if not read_only and cypher.startswith("UNWIND"):
            self.calls += 1
            if self.calls == self.fail_at:
                raise QueryError("injected failure")
        return super()._run(graph, cypher, params, read_only, timeout)


def _graph_state(kg: GovernanceService) -> Any:
    return kg.stats(), kg.store.query(
        "MATCH (n:Entity) RETURN n.id, properties(n) ORDER BY n.id").rows


@pytest.mark.parametrize("preloaded", [False, True], ids=["empty-graph", "loaded-graph"])
def test_failure_in_third_batch_leaves_no_partial_state(
    falkordb_server: EmbeddedFalkorDB, ontology: Ontology, preloaded: bool
) -> None:
    # bulk_load=False: the UNWIND path; tests/test_bulk_load.py fails the GRAPH.BULK path
    store = FailingStore(ontology, graph=f"atomic_{preloaded}",
                         socket_path=falkordb_server.socket_path, batch_size=2,
                         bulk_load=False)
    kg = GovernanceService(store, ontology)
    try:
        if preloaded:
            store.fail_at = 10**6
            kg.load([FIXTURES / "mini.yaml"])
            store.calls, store.fail_at = 0, 3
        before = _graph_state(kg) if preloaded else None
        batch = kg.read([Path(__file__).resolve().parents[1] / "data"])
        with pytest.raises(QueryError, match="injected"):
            store.write(batch)
        assert store.calls == 3
        if preloaded:
            assert _graph_state(kg) == before
        else:
            assert kg.stats().nodes == 0
        assert not [g for g in store._db.list_graphs() if "__staging" in g]
        assert store.calls == 3
    finally:
        store.clear()
        store.close()


def test_reads_cannot_write(kg: GovernanceService) -> None:
    kg.load([FIXTURES / "mini.yaml"])
    before = kg.stats()
    with pytest.raises(ReadOnlyError):
        kg.store.query("MATCH (n:Entity) SET n.hacked = true")
    assert kg.stats() == before


def test_load_twice_is_idempotent(kg: GovernanceService) -> None:
    first = kg.load([FIXTURES / "mini.yaml"])
    state = _graph_state(kg)
    second = kg.load([FIXTURES / "mini.yaml"])
    assert (first.entities, first.relations) == (second.entities, second.relations)
    assert second.statements == 0, "unchanged records are skipped, nothing is written"
    assert _graph_state(kg) == state


def test_bad_file_leaves_empty_graph_empty(kg: GovernanceService, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8")
                   + "  - {type: COVERS, from: pilot-zone, to: inst-ghost}\n", encoding="utf-8")
    with pytest.raises(Exception, match="error"):
        kg.load([FIXTURES / "mini.yaml", bad])
    assert kg.stats().nodes == 0 and kg.stats().relationships == 0
    assert read_inputs([FIXTURES / "mini.yaml"]).entities


@pytest.mark.parametrize("url", ["neo4j://[bad", "falkordb://host:notaport", "ftp://x"])
def test_bad_store_url_is_an_input_error(url: str, ontology: Ontology) -> None:
    from govkg.errors import InputError
    from govkg.graph import open_store

    with pytest.raises(InputError, match="GOVKG_STORE"):
        open_store(Settings(store=url), ontology)


def test_a_restarted_store_answers_only_once_its_indexes_are_built(
    tmp_path: Path, ontology: Ontology
) -> None:
    """A restarted server rebuilds its indexes in the background; a query before they are
    done would miss what they have not reached (an id lookup, a full-text search)."""
    laws = FIXTURES.parent.parent / "data" / "corpus" / "laws"
    first = FalkorDBStore.embedded(ontology, tmp_path, graph="g")
    kg = GovernanceService(first, ontology, Settings())
    kg.load([laws / "全国-科学技术进步法-2021-12-24.md"])
    hits = len(first.search_text("Article", "text", "科学技术", 500))
    found = kg.resolve("科学技术进步法").id
    first.close()
    again = FalkorDBStore.embedded(ontology, tmp_path, graph="g")
    try:
        assert len(again.search_text("Article", "text", "科学技术", 500)) == hits > 50
        assert GovernanceService(again, ontology).resolve("科学技术进步法").id == found
    finally:
        again.close()
