"""Write and escape attempts through every read-only entry point: the store's read path
(`store.query(..., read_only=True)`), POST /cypher and `govkg query`. Every one is refused and
the graph's content checksum does not move."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.errors import GovkgError
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.service import GovernanceService
from govkg.settings import Settings

from ..conftest import FIXTURES
from .conftest import Cli, flat
from .graphsum import GraphState, graph_state

SECRET = "govkg-secret-7f3a"
"""Content of a local CSV file: it must never come back through a read-only entry point."""

ATTEMPTS: list[tuple[str, str]] = [
    ("create", "CREATE (:Entity:Institution {id: 'inst-evil', name: 'x'})"),
    ("create-lower-case", "create (:Entity {id: 'inst-evil'})"),
    ("merge", "MERGE (n:Entity {id: 'inst-evil'})"),
    ("merge-on-match-set", "MERGE (n:Entity {id: 'inst-cas'}) ON MATCH SET n.name = 'x'"),
    ("set-property", "MATCH (n:Entity) SET n.name = 'hacked'"),
    ("set-map", "MATCH (n:Entity) SET n += {hacked: true}"),
    ("set-replace", "MATCH (n:Entity) SET n = {}"),
    ("set-label", "MATCH (n:Institution) SET n:Policy"),
    ("delete-relation", "MATCH ()-[r:PART_OF]->() DELETE r"),
    ("delete-node", "MATCH (n:Entity {id: 'inst-lonely'}) DELETE n"),
    ("detach-delete", "MATCH (n) DETACH DELETE n"),
    ("optional-match-delete", "OPTIONAL MATCH (n) DETACH DELETE n"),
    ("remove-property", "MATCH (n:Entity) REMOVE n.name"),
    ("remove-label", "MATCH (n:Institution) REMOVE n:Institution"),
    ("create-relation", "MATCH (a:Institution), (b:Pilot) CREATE (a)-[:COVERS]->(b)"),
    ("foreach-create", "FOREACH (i IN [1, 2] | CREATE (:Entity {id: 'inst-evil'}))"),
    ("foreach-set", "MATCH (n) WITH collect(n) AS ns FOREACH (m IN ns | SET m.hacked = 1)"),
    ("unwind-create", "UNWIND range(1, 3) AS i CREATE (:Entity {id: toString(i)})"),
    ("with-then-create", "MATCH (n) WITH n LIMIT 1 CREATE (:Entity {id: 'inst-evil'})"),
    ("subquery-write", "CALL { CREATE (:Entity {id: 'inst-evil'}) } RETURN 1"),
    ("correlated-subquery-write", "MATCH (n) CALL { WITH n SET n.hacked = 1 } RETURN count(n)"),
    ("union-with-write",
     "RETURN 1 AS x UNION MATCH (n:Entity {id: 'inst-cas'}) SET n.name = 'x' RETURN 2 AS x"),
    ("procedure-then-write", "CALL db.labels() YIELD label CREATE (:Entity {id: label})"),
    ("admin-create-index", "CREATE INDEX FOR (n:Entity) ON (n.hacked)"),
    ("admin-drop-index", "DROP INDEX ON :Entity(id)"),
    ("admin-fulltext-create", "CALL db.idx.fulltext.createNodeIndex('Entity', 'hacked')"),
    ("admin-fulltext-drop", "CALL db.idx.fulltext.drop('Entity')"),
    ("load-csv-local-file", "LOAD CSV FROM $url AS row RETURN row"),
    ("load-csv-with-headers", "LOAD CSV WITH HEADERS FROM $url AS row RETURN row"),
    ("load-csv-comment-between", "LOAD/* hidden */CSV FROM $url AS row RETURN row"),
    ("load-csv-nbsp", "LOAD\u00a0CSV FROM $url AS row RETURN row"),
    ("load-csv-tab-and-case", "lOaD\tcSv FROM $url AS row RETURN row"),
    ("two-statements", "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n"),
    ("two-statements-create", "RETURN 1; CREATE (:Entity {id: 'inst-evil'})"),
    ("comment-hides-return", "MATCH (n) /* RETURN n */ SET n.hacked = 1"),
    ("line-comment-first", "// a harmless read\nMATCH (n) DETACH DELETE n"),
    ("comment-glued", "CREATE/**/(:Entity {id: 'inst-evil'})"),
    ("string-looks-closed", "RETURN '' // '\nCREATE (:Entity {id: 'inst-evil'})"),
    ("fullwidth-create", "ＣＲＥＡＴＥ (:Entity {id: 'inst-evil'})"),
    ("zero-width-space", "CRE\u200bATE (:Entity {id: 'inst-evil'})"),
    ("nbsp-after-keyword", "CREATE\u00a0(:Entity {id: 'inst-evil'})"),
    ("line-separator", "MATCH (n)\u2028DETACH DELETE n"),
    ("cyrillic-letters", "СREATE (:Entity {id: 'inst-evil'})"),
    ("param-in-write", "MATCH (n:Entity {id: $id}) SET n.name = $name"),
]
NUL_TRUNCATED = "MATCH (n) RETURN count(n)\x00; MATCH (n) DETACH DELETE n"
"""FalkorDB runs only the text before a NUL: read-only still holds there, and POST /cypher
refuses such a query outright rather than run something else than was sent."""
HARMLESS: list[tuple[str, str]] = [
    ("write-inside-comment", "MATCH (n:Entity) RETURN count(n) // ; CREATE (:X)"),
    ("write-inside-string", "RETURN 'CREATE (:Entity {id: \"x\"})' AS text"),
    ("list-procedures", "CALL dbms.procedures() YIELD name RETURN count(name)"),
]
"""Reads that only look like writes: answered, and still nothing changes."""


def _params(csv: Path) -> dict[str, Any]:
    return {"url": csv.as_uri(), "id": "inst-cas", "name": "hacked"}


@pytest.fixture(scope="module")
def graph(falkordb_server: EmbeddedFalkorDB, ontology: Ontology) -> Iterator[GovernanceService]:
    store = FalkorDBStore(ontology, graph="rel_read_only", socket_path=falkordb_server.socket_path)
    kg = GovernanceService(store, ontology, Settings())
    kg.load([FIXTURES / "mini.yaml"])
    yield kg
    store.clear()
    store.close()


@pytest.fixture(scope="module")
def client(graph: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(graph.settings, kg=graph)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("csv") / "secret.csv"
    path.write_text(f"name\n{SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def before(graph: GovernanceService) -> GraphState:
    state = graph_state(graph.store)
    assert state.nodes == 9 and state.relations == 14
    return state


@pytest.mark.parametrize(("name", "query"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_store_read_path_refuses(graph: GovernanceService, before: GraphState, csv: Path,
                                 name: str, query: str) -> None:
    with pytest.raises(GovkgError) as refused:
        graph.store.query(query, _params(csv), read_only=True)
    assert SECRET not in str(refused.value.message) + str(refused.value.details)
    assert graph_state(graph.store) == before


@pytest.mark.parametrize(("name", "query"), ATTEMPTS, ids=[a[0] for a in ATTEMPTS])
def test_post_cypher_refuses(client: TestClient, graph: GovernanceService, before: GraphState,
                             csv: Path, name: str, query: str) -> None:
    response = client.post("/cypher", json={"query": query, "params": _params(csv)})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] in {"read_only", "invalid_input", "query_error"} and error["message"]
    assert SECRET not in response.text
    assert graph_state(graph.store) == before


def test_nul_byte_cannot_hide_a_statement(client: TestClient, graph: GovernanceService,
                                          before: GraphState) -> None:
    graph.store.query(NUL_TRUNCATED, read_only=True)
    assert graph_state(graph.store) == before
    response = client.post("/cypher", json={"query": NUL_TRUNCATED})
    assert response.status_code == 400 and "NUL" in response.json()["error"]["message"]
    assert graph_state(graph.store) == before


@pytest.mark.parametrize(("name", "query"), HARMLESS, ids=[a[0] for a in HARMLESS])
def test_reads_that_look_like_writes(client: TestClient, graph: GovernanceService,
                                     before: GraphState, name: str, query: str) -> None:
    response = client.post("/cypher", json={"query": query})
    assert response.status_code == 200, response.text
    assert graph_state(graph.store) == before


@pytest.mark.parametrize("params", [
    {"x` = 1 CREATE (:Entity {id: 'inst-evil'}) //": 1},
    {"x": {"a`}) CREATE (:Entity {id: 'inst-evil'}) //": 1}},
    {"id": "inst-cas'}) SET n.name = 'x' //"},
    {"id": 'inst-cas"}) SET n.name = "x" //'},
    {"id": "\\' OR 1=1 //"},
])
def test_parameters_cannot_escape(client: TestClient, graph: GovernanceService, before: GraphState,
                                  params: dict[str, Any]) -> None:
    response = client.post("/cypher", json={
        "query": "MATCH (n:Entity) WHERE n.id = $id RETURN count(n) AS found", "params": params})
    assert response.status_code in {200, 400}, response.text
    if response.status_code == 200:
        assert response.json()["rows"] == [[0]]
    assert graph_state(graph.store) == before


@pytest.mark.parametrize("query", [
    "CREATE (:Entity {id: 'inst-evil'})",
    "MATCH (n) DETACH DELETE n",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "RETURN 1; CREATE (:Entity {id: 'inst-evil'})",
])
def test_cli_query_refuses(cli: Cli, query: str) -> None:
    assert cli("load", FIXTURES / "mini.yaml").exit_code == 0
    state = cli.state()
    result = cli("query", query)
    assert result.exit_code in (3, 5) and "error" in flat(result.stderr)
    assert cli.state() == state
