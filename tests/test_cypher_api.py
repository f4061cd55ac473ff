"""POST /cypher against the real embedded store: reads answer, writes never change anything."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.errors import InputError, QueryTimeoutError
from govkg.queries.user import QuerySlots, check_query, code_only
from govkg.service import GovernanceService
from govkg.settings import Settings
from tests.conftest import FIXTURES

COUNTS = ("MATCH (n) RETURN count(n) AS nodes, "
          "size([p IN collect(properties(n)) WHERE p.x IS NOT NULL]) AS marked")
EDGES = "MATCH ()-[r]->() RETURN count(r)"

WRITES = [
    "CREATE (n:Entity {id: 'x', x: 1})",
    "MERGE (n:Entity {id: 'x'}) SET n.x = 1",
    "MATCH (n:Institution) SET n.x = 1",
    "MATCH (n:Institution) SET n:Policy",
    "MATCH (n:Figure) DELETE n",
    "MATCH (n:Figure) DETACH DELETE n",
    "MATCH ()-[r:COVERS]->() DELETE r",
    "MATCH (n:Institution) REMOVE n:Institution",
    "MATCH (n:Institution) REMOVE n.name",
    "MATCH (a:Institution), (b:Policy) CREATE (a)-[:APPLIES_TO {x: 1}]->(b)",
    "MATCH (n) WITH n LIMIT 1 CREATE (m:Entity {x: 1}) RETURN m",
    "UNWIND [1, 2] AS i FOREACH (j IN [i] | CREATE (:Entity {x: j}))",
    "CALL { CREATE (:Entity {x: 1}) } RETURN 1",
    "create (n:Entity {x: 1})",
    "/* read? */ MATCH (n) // nothing here\n SET n.x = 1",
    "CREATE INDEX FOR (n:Entity) ON (n.kind)",
    "DROP INDEX ON :Entity(id)",
    "CALL db.idx.fulltext.createNodeIndex('Entity', 'name')",
    "CALL db.idx.fulltext.drop('Entity')",
    "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row",
    "LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row CREATE (:Entity {x: 1})",
    "load  csv from 'file:///etc/passwd' as row return row",
]


@pytest.fixture(scope="module")
def client(corpus_kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_kg.settings, kg=corpus_kg)) as test_client:
        yield test_client


def _counts(kg: GovernanceService) -> tuple[int, int, int, list[tuple[object, ...]]]:
    nodes, marked = kg.store.query(COUNTS).rows[0]
    edges = kg.store.query(EDGES).scalar()
    indexes = sorted(kg.store.query("CALL db.indexes()").rows, key=repr)
    return nodes, marked, edges, indexes


def test_read_query_serialises_nodes_relations_and_paths(client: TestClient) -> None:
    response = client.post("/cypher", json={
        "query": "MATCH p = (pilot:Pilot)-[c:COVERS]->(u:Institution {id: $unit}) "
                 "RETURN pilot, c, u.name AS unit, p",
        "params": {"unit": "inst-fudan"},
    })
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["columns"] == ["pilot", "c", "unit", "p"]
    assert body["truncated"] is False and body["row_count"] == 1
    pilot, cover, unit, path = body["rows"][0]
    assert pilot["id"] == "pilot-basic-research-zone"
    assert "Pilot" in pilot["labels"] and pilot["properties"]["name"] == "基础研究特区"
    assert "lookup_keys" not in pilot["properties"]
    assert cover["type"] == "COVERS" and cover["properties"]["role"] == "pilot_unit"
    assert cover["start"] == pilot["element_id"]
    assert unit == "复旦大学"
    assert [n["id"] for n in path["nodes"]] == ["pilot-basic-research-zone", "inst-fudan"]
    assert [r["type"] for r in path["relationships"]] == ["COVERS"]


def test_parameters_are_values_never_code(client: TestClient, corpus_kg: GovernanceService) -> None:
    before = _counts(corpus_kg)
    sneaky = "x'}) CREATE (:Entity {x: 1}) //\"}) CREATE (:Entity {x: 1}) //"
    response = client.post("/cypher", json={
        "query": "MATCH (n:Entity) WHERE n.name = $name RETURN count(n) AS found",
        "params": {"name": sneaky},
    })
    assert response.status_code == 200, response.text
    assert response.json()["rows"] == [[0]]
    assert _counts(corpus_kg) == before


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_and_change_nothing(
    client: TestClient, corpus_kg: GovernanceService, query: str
) -> None:
    before = _counts(corpus_kg)
    response = client.post("/cypher", json={"query": query, "params": {}})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] in {"read_only", "invalid_input"}
    assert error["message"]
    assert _counts(corpus_kg) == before


def test_load_csv_never_reaches_the_store() -> None:
    with pytest.raises(InputError, match="LOAD CSV"):
        check_query("LOAD CSV FROM 'https://example.org/a.csv' AS row RETURN row", {})
    # the words inside strings and comments are not clauses
    check_query("MATCH (n) WHERE n.note = 'load csv' RETURN n // LOAD CSV", {})
    assert "LOAD" not in code_only("RETURN 'LOAD CSV' /* LOAD CSV */")


def test_bad_parameter_names_and_bodies(client: TestClient) -> None:
    bad_name = client.post("/cypher", json={"query": "RETURN $x", "params": {"a`b": 1}})
    assert bad_name.status_code == 400
    assert bad_name.json()["error"]["details"]["field"] == "params"
    nested = client.post("/cypher", json={"query": "RETURN $m", "params": {"m": {"a b": 1}}})
    assert nested.status_code == 400
    syntax = client.post("/cypher", json={"query": "MATCH (n RETURN n"})
    assert syntax.status_code == 400
    assert syntax.json()["error"]["code"] == "query_error"
    empty = client.post("/cypher", json={"query": ""})
    assert empty.status_code == 422
    assert empty.json()["error"]["code"] == "invalid_request"


def test_row_cap_truncates(corpus_kg: GovernanceService) -> None:
    capped = GovernanceService(corpus_kg.store, corpus_kg.ontology, Settings(row_cap=3))
    with TestClient(create_app(capped.settings, kg=capped)) as client:
        body = client.post("/cypher", json={"query": "UNWIND range(1, 10) AS i RETURN i"}).json()
        assert body["rows"] == [[1], [2], [3]]
        assert body["truncated"] is True and body["row_cap"] == 3 and body["row_count"] == 3
        exact = client.post("/cypher", json={"query": "UNWIND range(1, 3) AS i RETURN i"}).json()
        assert exact["truncated"] is False


@pytest.mark.parametrize("query", [
    # row by row: FalkorDB interrupts these at its own timeout
    "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*)",
    "MATCH (a {id: 'inst-fudan'}) UNWIND range(1, 100000) AS x MATCH (b) RETURN count(*)",
])
def test_runaway_query_is_cut_and_the_server_stays_responsive(
    corpus_kg: GovernanceService, query: str
) -> None:
    quick = GovernanceService(corpus_kg.store, corpus_kg.ontology, Settings(query_timeout=0.05))
    with TestClient(create_app(quick.settings, kg=quick)) as client:
        cut = client.post("/cypher", json={"query": query})
        assert cut.status_code == 408, cut.text
        assert cut.json()["error"]["code"] == "timeout"
        assert client.get("/health").status_code == 200
        units = client.get("/units/复旦大学/pilots")
        assert units.status_code == 200
        assert units.json()["results"][0]["pilot"]["id"] == "pilot-basic-research-zone"


def test_deadline_is_kept_when_the_work_does_not_stop() -> None:
    slots = QuerySlots(2)
    release = threading.Event()
    with pytest.raises(QueryTimeoutError, match="cut after"):
        slots.run(release.wait, timeout=0.05)
    # the stuck work keeps its slot; the other slot still answers
    assert slots.run(lambda: 42, timeout=5) == 42
    with pytest.raises(QueryTimeoutError, match="cut after"):
        slots.run(release.wait, timeout=0.05)
    # both slots are held by stuck work: a third query waits its deadline for a slot
    with pytest.raises(QueryTimeoutError, match="no free query slot"):
        slots.run(lambda: 1, timeout=0.05)
    release.set()
    assert slots.run(lambda: 7, timeout=5) == 7


def test_errors_from_the_work_reach_the_caller() -> None:
    def broken() -> None:
        raise InputError("bad")

    with pytest.raises(InputError, match="bad"):
        QuerySlots(1).run(broken, timeout=5)


def test_cypher_in_python_and_on_mini_graph(kg: GovernanceService) -> None:
    kg.load([FIXTURES / "mini.yaml"])
    result = kg.cypher("MATCH (p)-[c:COVERS]->(u) WHERE u.id = $id RETURN p.id", {"id": "inst-uih"})
    assert result.rows == [("prog-explorer",)]
