"""Fixtures of the reliability suite: the real `govkg` CLI on a graph of the session's store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from govkg.cli import app
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.service import GovernanceService
from govkg.settings import Settings

from ..conftest import FIXTURES
from .graphsum import GraphState, graph_state


@dataclass
class Cli:
    """Runs `govkg …` (the real typer app) against one graph, and reads that graph's state."""

    store: FalkorDBStore
    env: dict[str, str]
    runner: CliRunner = field(default_factory=CliRunner)

    def __call__(self, *args: str | Path, extra_env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(app, [str(a) for a in args],
                                  env={**self.env, **(extra_env or {})})

    def state(self) -> GraphState:
        return graph_state(self.store)


@contextmanager
def make_cli(server: EmbeddedFalkorDB, ontology: Ontology) -> Iterator[Cli]:
    """`govkg` with GOVKG_STORE pointing at `server` and a fresh graph of its own."""
    graph = f"rel_{uuid.uuid4().hex[:10]}"
    store = FalkorDBStore(ontology, graph=graph, socket_path=server.socket_path)
    env = {"GOVKG_STORE": f"unix://{server.socket_path}", "GOVKG_GRAPH": graph,
           "COLUMNS": "250"}
    try:
        yield Cli(store, env)
    finally:
        store.clear()
        store.close()


@pytest.fixture
def cli(falkordb_server: EmbeddedFalkorDB, ontology: Ontology) -> Iterator[Cli]:
    with make_cli(falkordb_server, ontology) as made:
        yield made


def flat(text: str) -> str:
    """Output with rich's line wrapping undone, for substring checks."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def mini_kg(falkordb_server: EmbeddedFalkorDB, ontology: Ontology) -> Iterator[GovernanceService]:
    """tests/fixtures/mini.yaml in a graph of its own, for a module of read-only tests."""
    store = FalkorDBStore(ontology, graph=f"rel_{uuid.uuid4().hex[:10]}",
                          socket_path=falkordb_server.socket_path)
    kg = GovernanceService(store, ontology, Settings())
    kg.load([FIXTURES / "mini.yaml"])
    yield kg
    store.clear()
    store.close()


@pytest.fixture(scope="module")
def loaded_cli(falkordb_server: EmbeddedFalkorDB, ontology: Ontology) -> Iterator[Cli]:
    """`govkg` on a graph holding tests/fixtures/mini.yaml, for a module of tests."""
    with make_cli(falkordb_server, ontology) as made:
        result = made("load", FIXTURES / "mini.yaml")
        assert result.exit_code == 0, result.output
        yield made
