"""Fixtures: a real embedded FalkorDB process per session, a fresh graph per test.

`store` is parametrised over every store govkg has (as rdflib's tests are over its stores):
the embedded FalkorDB always, Neo4j when NEO4J_URI is set (skipped with the reason otherwise).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from govkg.graph.base import GraphStore
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology, load_ontology
from govkg.service import GovernanceService
from govkg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
NEO4J_URI = os.environ.get("NEO4J_URI")


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return load_ontology()


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedFalkorDB]:
    server = EmbeddedFalkorDB(tmp_path_factory.mktemp("falkordb"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def connection(falkordb_server: EmbeddedFalkorDB) -> Iterator[redis.Redis]:
    """A raw client of the session's embedded server (timed out: a hung server fails)."""
    client = redis.Redis(unix_socket_path=str(falkordb_server.socket_path), socket_timeout=60)
    yield client
    client.close()


def _falkordb(server: EmbeddedFalkorDB, ontology: Ontology) -> GraphStore:
    return FalkorDBStore(ontology, graph=f"test_{uuid.uuid4().hex[:10]}",
                         socket_path=server.socket_path)


def _neo4j(ontology: Ontology) -> GraphStore:
    from govkg.graph.neo4j.store import Neo4jStore

    settings = Settings(store=str(NEO4J_URI), neo4j_user=os.environ.get("NEO4J_USER", "neo4j"),
                        neo4j_password=os.environ.get("NEO4J_PASSWORD"),
                        neo4j_database=os.environ.get("NEO4J_DATABASE"))
    store: GraphStore = Neo4jStore.from_settings(settings, ontology)
    store.clear()
    return store


STORE_PARAMS = [
    pytest.param("falkordb", id="falkordb"),
    pytest.param(
        "neo4j", id="neo4j",
        marks=pytest.mark.skipif(NEO4J_URI is None,
                                 reason="Neo4j store tests need NEO4J_URI (no Neo4j server here)"),
    ),
]


@pytest.fixture(params=STORE_PARAMS)
def store(request: pytest.FixtureRequest, ontology: Ontology) -> Iterator[GraphStore]:
    if request.param == "falkordb":
        created = _falkordb(request.getfixturevalue("falkordb_server"), ontology)
    else:
        created = _neo4j(ontology)
    yield created
    created.clear()
    created.close()


@pytest.fixture
def kg(store: GraphStore, ontology: Ontology) -> GovernanceService:
    return GovernanceService(store, ontology, Settings())


@pytest.fixture(scope="session")
def corpus_kg(
    falkordb_server: EmbeddedFalkorDB, ontology: Ontology
) -> Iterator[GovernanceService]:
    """The bundled corpus (the chapter and the 45 laws) loaded once per session into a graph
    of its own: tests that use it only read."""
    store = _falkordb(falkordb_server, ontology)
    graph = GovernanceService(store, ontology, Settings())
    graph.load([DATA])
    yield graph
    store.clear()
    store.close()
