"""GET /network and GovernanceService.neighbourhood against the real embedded store."""

from __future__ import annotations

import io
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.service import GovernanceService
from govkg.settings import Settings
from tests.conftest import FIXTURES

JIEBANG = "mech-jiebang-guashuai"


@pytest.fixture(scope="module")
def client(corpus_kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_kg.settings, kg=corpus_kg)) as test_client:
        yield test_client


def test_network_json_of_jiebang_guashuai(client: TestClient) -> None:
    response = client.get("/network", params={"focus": "揭榜挂帅", "depth": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["focus"]["id"] == JIEBANG
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes[JIEBANG]["distance"] == 0
    assert nodes[JIEBANG]["type"] == "Mechanism"
    # the pilots that use it (section 5.1) and the 2021 Shanghai round the text counts
    assert {"pilot-key-tasks", "pilot-comprehensive-innovation-reform",
            "round-jbgs-sh-2021"} <= set(nodes)
    assert all(n["distance"] == 1 for key, n in nodes.items() if key != JIEBANG)
    edges = {(e["source"], e["type"], e["target"]) for e in body["edges"]}
    assert ("pilot-key-tasks", "USES_MECHANISM", JIEBANG) in edges
    assert ("round-jbgs-sh-2021", "USES_MECHANISM", JIEBANG) in edges
    assert not [e for e in edges if e[0] == JIEBANG and e[1] == "HAS_FIGURE"]
    # provenance is nested, so an edge's `source` is always a node id
    assert all(e["source"] in nodes and e["target"] in nodes for e in body["edges"])
    quoted = [e for e in body["edges"] if e["type"] == "USES_MECHANISM"]
    assert all(e["provenance"]["quote"] for e in quoted)
    # no provenance hub: the chapter's Source node is not walked by default
    assert not any(n["type"] == "Source" for n in body["nodes"])


def test_network_depth_two_grows_by_one_level(client: TestClient) -> None:
    one = client.get("/network", params={"focus": JIEBANG, "depth": 1}).json()
    two = client.get("/network", params={"focus": JIEBANG, "depth": 2}).json()
    ids_one = {n["id"] for n in one["nodes"]}
    by_id = {n["id"]: n for n in two["nodes"]}
    assert ids_one < set(by_id)
    assert {n["distance"] for n in two["nodes"]} == {0, 1, 2}
    # every node first met at depth 2 hangs off a depth-1 node
    level_one = {key for key, n in by_id.items() if n["distance"] == 1}
    for key, node in by_id.items():
        if node["distance"] == 2:
            assert any({e["source"], e["target"]} == {key, other} for e in two["edges"]
                       for other in level_one), key


def test_network_relation_types_filter(client: TestClient) -> None:
    body = client.get("/network", params=[("focus", "round-jbgs-sh-2021"),
                                          ("types", "HAS_FIGURE")]).json()
    assert {e["type"] for e in body["edges"]} == {"HAS_FIGURE"}
    assert {n["type"] for n in body["nodes"]} == {"Round", "Figure"}


def test_network_graphml_and_gexf_carry_the_same_nodes(client: TestClient) -> None:
    json_ids = {n["id"] for n in client.get("/network", params={"focus": JIEBANG}).json()
                ["nodes"]}
    graphml = client.get("/network", params={"focus": JIEBANG, "format": "graphml"})
    assert graphml.status_code == 200
    assert graphml.headers["content-type"].startswith("application/graphml+xml")
    assert set(nx.read_graphml(io.BytesIO(graphml.content)).nodes) == json_ids
    gexf = client.get("/network", params={"focus": JIEBANG, "format": "gexf"})
    assert gexf.headers["content-type"].startswith("application/gexf+xml")
    read = nx.read_gexf(io.BytesIO(gexf.content))
    assert set(read.nodes) == json_ids
    assert read.nodes[JIEBANG]["label"] == "揭榜挂帅"


def test_network_errors_have_one_shape(client: TestClient, corpus_kg: GovernanceService) -> None:
    too_deep = client.get("/network",
                          params={"focus": JIEBANG, "depth": corpus_kg.settings.max_depth + 1})
    assert too_deep.status_code == 400
    assert too_deep.json()["error"]["code"] == "invalid_input"
    assert too_deep.json()["error"]["details"]["max"] == corpus_kg.settings.max_depth
    unknown_type = client.get("/network", params={"focus": JIEBANG, "types": "KNOWS"})
    assert unknown_type.status_code == 400
    assert "COVERS" in unknown_type.json()["error"]["details"]["allowed"]
    missing = client.get("/network", params={"focus": "揭榜挂师"})
    assert missing.status_code == 404
    suggestions = missing.json()["error"]["details"]["suggestions"]
    assert JIEBANG in [s["id"] for s in suggestions]
    bad_format = client.get("/network", params={"focus": JIEBANG, "format": "dot"})
    assert bad_format.status_code == 422
    assert bad_format.json()["error"]["code"] == "invalid_request"


def test_neighbourhood_is_a_networkx_graph(corpus_kg: GovernanceService) -> None:
    graph = corpus_kg.neighbourhood("United Imaging", depth=1)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.graph["focus"] == "inst-united-imaging"
    assert graph.nodes["inst-united-imaging"]["distance"] == 0
    assert graph.nodes["prog-explorer"]["distance"] == 1
    assert graph.has_edge("inst-united-imaging", "agr-explorer-framework", key="PARTY_TO")
    assert graph.has_edge("prog-explorer", "inst-united-imaging", key="COVERS")


def test_neighbourhood_depth_capped_by_setting(kg: GovernanceService) -> None:
    from govkg.errors import InputError

    kg.load([FIXTURES / "mini.yaml"])
    capped = GovernanceService(kg.store, kg.ontology, Settings(max_depth=1))
    with pytest.raises(InputError, match="use 1 to 1"):
        capped.neighbourhood("inst-sioc", depth=2)
    assert set(kg.neighbourhood("inst-sioc", depth=3)) == {
        "inst-sioc", "inst-cas-sh", "inst-cas", "pilot-zone", "inst-fudan"}


def test_neighbourhood_as_of_drops_relations_out_of_force(kg: GovernanceService) -> None:
    kg.load([FIXTURES / "mini.yaml"])
    # 探索者计划 covers 联影集团 until 2023 (mini.yaml); CO_FUNDS has no interval
    during = kg.neighbourhood("inst-uih", relation_types=["COVERS"], as_of="2023-06-30")
    after = kg.neighbourhood("inst-uih", relation_types=["COVERS"], as_of="2024-01-01")
    assert set(during) == {"inst-uih", "prog-explorer"}
    assert set(after) == {"inst-uih"}
    # and before 2021-06 the CAS Shanghai Branch is not yet in the basic research zone
    early = kg.neighbourhood("inst-cas-sh", relation_types=["COVERS"], as_of="2021-05-31")
    late = kg.neighbourhood("inst-cas-sh", relation_types=["COVERS"], as_of="2021-06-01")
    assert "pilot-zone" not in early and "pilot-zone" in late
