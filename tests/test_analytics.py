"""Network analytics against the real embedded store: figures worked out by hand on
tests/fixtures/analytics.yaml, the corpus's own answers, the HTTP route and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from govkg.api import create_app
from govkg.cli import app as cli
from govkg.network.analytics import ANALYSES, analyse
from govkg.service import GovernanceService
from tests.conftest import FIXTURES

ACTORS = {"pol-p1", "pol-p2", "inst-a", "inst-b", "inst-c", "pilot-z", "mech-m1", "mech-m2"}


@pytest.fixture
def small(kg: GovernanceService) -> GovernanceService:
    kg.load([FIXTURES / "analytics.yaml"])
    return kg


def _by_id(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(row["id"]): row for row in rows}


def test_degree_leaves_out_sources_and_figures(small: GovernanceService) -> None:
    table = analyse(small.to_networkx(), "degree", limit=100)
    rows = _by_id(table.rows)
    assert set(rows) == ACTORS
    assert table.rows[0]["id"] == "pilot-z"
    assert rows["pilot-z"]["degree"] == 4
    assert rows["pilot-z"]["centrality"] == round(4 / 7, 4)
    assert rows["mech-m1"]["degree"] == 3  # its Figure does not count
    assert table.summary == {"nodes": 8, "edges": 10}


def test_betweenness_matches_the_hand_count(small: GovernanceService) -> None:
    """8 actors: 21 pairs. Z is on every path from its leaf B (6) and on C–P1 and C–M1;
    P2 on every path from its leaf M2 (6) and on A–C; A on {P1, M1} × {P2, M2}."""
    rows = _by_id(analyse(small.to_networkx(), "betweenness", limit=100).rows)
    expected = {"pilot-z": Fraction(8, 21), "pol-p2": Fraction(7, 21),
                "inst-a": Fraction(4, 21), "inst-b": Fraction(0), "mech-m2": Fraction(0)}
    for node, value in expected.items():
        assert rows[node]["betweenness"] == round(float(value), 4), node


def test_projection_counts_shared_policies(small: GovernanceService) -> None:
    table = analyse(small.to_networkx(), "projection", limit=100)
    pairs = {(r["a"], r["b"]): r for r in table.rows}
    assert set(pairs) == {("inst-a", "inst-c"), ("inst-a", "inst-b"), ("inst-b", "inst-c")}
    assert pairs["inst-a", "inst-c"]["shared_policies"] == 2
    assert pairs["inst-a", "inst-c"]["policies"] == "政策一; 政策二"
    assert pairs["inst-a", "inst-b"]["shared_policies"] == 1  # P1 reaches B through pilot Z
    assert table.rows[0]["a"] == "inst-a" and table.rows[0]["b"] == "inst-c"
    assert table.summary["affiliations"] == 5  # P1–A, P1–B, P1–C, P2–A, P2–C


def test_mechanisms_ranked_by_connections(small: GovernanceService) -> None:
    rows = analyse(small.to_networkx(), "mechanisms", limit=100).rows
    assert [r["id"] for r in rows] == ["mech-m1", "mech-m2"]
    assert rows[0]["connections"] == 3
    assert rows[0]["by_type"] == "Institution 1, Pilot 1, Policy 1"
    assert rows[1]["by_type"] == "Policy 1"


def test_communities_partition_the_actors(small: GovernanceService) -> None:
    table = analyse(small.to_networkx(), "communities", limit=100)
    members = [set(row["ids"]) for row in table.rows]
    assert set().union(*members) == ACTORS
    assert sum(len(m) for m in members) == len(ACTORS)
    assert [row["size"] for row in table.rows] == sorted((len(m) for m in members),
                                                         reverse=True)
    assert table.summary["modularity"] > 0
    # the same answer on every run (Louvain is seeded)
    assert analyse(small.to_networkx(), "communities", limit=100).rows == table.rows


def test_unknown_analysis_names_the_known(small: GovernanceService) -> None:
    from govkg.errors import NotFoundError

    with pytest.raises(NotFoundError) as caught:
        analyse(small.to_networkx(), "pagerank")
    assert caught.value.details == {"known": list(ANALYSES)}


def test_corpus_answers(corpus_kg: GovernanceService) -> None:
    graph = corpus_kg.to_networkx()
    projection = analyse(graph, "projection", limit=100).rows
    institutes = "上海电器科学研究所", "上海材料研究所"
    pair = next(r for r in projection if {r["institution_a"], r["institution_b"]}
                == set(institutes))
    assert "新一轮支持新型科研院所履行公共职能绩效评价政策文件" in str(pair["policies"])
    mechanisms = _by_id(analyse(graph, "mechanisms", limit=100).rows)
    assert mechanisms["mech-jiebang-guashuai"]["connections"] >= 2
    communities = analyse(graph, "communities", limit=100).rows
    zone = next(r for r in communities if "pilot-basic-research-zone" in r["ids"])
    assert {"inst-fudan", "inst-sjtu"} <= set(zone["ids"])


@pytest.fixture
def client(small: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(small.settings, kg=small)) as test_client:
        yield test_client


def test_http_routes(client: TestClient) -> None:
    listed = client.get("/analytics").json()
    assert [a["name"] for a in listed] == list(ANALYSES)
    response = client.get("/analytics/degree", params={"limit": 2})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "degree" and len(body["rows"]) == 2
    assert body["rows"][0]["name"] == "试点甲"
    missing = client.get("/analytics/pagerank")
    assert missing.status_code == 404
    assert missing.json()["error"]["details"]["known"] == list(ANALYSES)
    assert client.get("/analytics/degree", params={"limit": 0}).status_code == 422


def test_cli_table(small: GovernanceService, falkordb_server) -> None:
    if small.store.name != "falkordb":
        pytest.skip("the CLI test points GOVKG_STORE at the embedded FalkorDB's socket")
    env = {"GOVKG_STORE": f"unix://{falkordb_server.socket_path}",
           "GOVKG_GRAPH": small.store.graph_name, "COLUMNS": "200"}
    result = CliRunner().invoke(cli, ["analytics", "projection"], env=env)
    assert result.exit_code == 0, result.output
    assert "Institution–policy projection" in result.output
    assert "机构甲" in result.output and "政策一; 政策二" in result.output
    unknown = CliRunner().invoke(cli, ["analytics", "pagerank"], env=env)
    assert unknown.exit_code == 4  # not found
    assert "no analysis named 'pagerank'" in unknown.output
