"""GET /policies/timeline, /paths, /ontology and as_of, against the real embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from govkg.api import create_app
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.service import GovernanceService
from govkg.settings import Settings
from tests.conftest import FIXTURES

TIMELINE_2021 = [
    # (id, date as precise as the text gives it)
    ("pol-sh-st-credit-measures", "2021-01-01"),
    ("pol-sh-ip-protection-regulation", "2021-03"),
    ("pol-sh-central-guided-fund-measures", "2021-05"),
    ("pol-sh-sci-centre-14th-fyp", "2021-09"),         # "9月 … 发布": before 2021-09-01
    ("pol-sh-little-giant-measures", "2021-09-01"),
    ("pol-basic-research-opinions", "2021-09-18"),
    ("pol-sh-rnd-platform-measures", "2021-10-01"),
    ("pol-pudong-core-area-action-plan", "2021-11-04"),
    ("pol-sh-tech-contract-reward-provisions", "2021-11-26"),
    ("pol-sh-instrument-sharing-provisions", "2021-12-01"),
]


@pytest.fixture(scope="module")
def client(corpus_kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_kg.settings, kg=corpus_kg)) as test_client:
        yield test_client


def test_timeline_of_2021_in_order(client: TestClient) -> None:
    response = client.get("/policies/timeline", params={"from": "2021-01-01", "to": "2021-12-31"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["from"], body["to"]) == ("2021-01-01", "2021-12-31")
    chapter = [(e["policy"]["id"], e["date"]) for e in body["policies"]
               if e["policy"]["id"].startswith("pol-sh") or e["policy"]["id"].startswith(
                   ("pol-basic", "pol-pudong"))]
    assert chapter == TIMELINE_2021
    laws = [(e["policy"]["name"], e["date"], e["date_kind"]) for e in body["policies"]
            if e["policy"]["type"] == "LawVersion"]
    assert laws == [("广东省科学技术普及条例（2021-05-26）", "2021-05-26", "version"),
                    ("浙江省技术市场条例（2021-09-29）", "2021-09-29", "version"),
                    ("浙江省高新技术促进条例（2021-09-29）", "2021-09-29", "version"),
                    ("中华人民共和国科学技术进步法（2021-12-24）", "2021-12-24", "version")]
    cited = [e for e in body["policies"] if e["policy"]["provenance"]["method"] == "cited"]
    assert [e["policy"]["name"] for e in cited] == [
        "关于修改《浙江省促进科技成果转化条例》等七件地方性法规的决定"]
    kinds = {e["policy"]["id"]: e["date_kind"] for e in body["policies"]}
    assert kinds["pol-sh-st-credit-measures"] == "effective"   # 于2021年1月1日实施
    assert kinds["pol-basic-research-opinions"] == "issued"
    regulation = next(e for e in body["policies"]
                      if e["policy"]["id"] == "pol-sh-ip-protection-regulation")
    # the chapter does not name the issuer: the link is background, and marked so
    assert [(i["other"]["name"], i["stated"]) for i in regulation["issuers"]] == [
        ("上海市人民代表大会常务委员会", False)]


def test_timeline_partial_dates_count_for_their_whole_period(client: TestClient) -> None:
    mid_september = client.get("/policies/timeline",
                               params={"from": "2021-09-15", "to": "2021-09-30"}).json()
    # 2021-09 (month only) overlaps the range; 2021-09-01 does not
    assert [e["policy"]["id"] for e in mid_september["policies"]][:2] == [
        "pol-sh-sci-centre-14th-fyp", "pol-basic-research-opinions"]
    assert {e["date"] for e in mid_september["policies"][2:]} == {"2021-09-29"}
    year = client.get("/policies/timeline", params={"from": "2021", "to": "2021"}).json()
    assert len(year["policies"]) == len(TIMELINE_2021) + 5
    open_ended = client.get("/policies/timeline", params={"from": "2021-11"}).json()
    assert [e["date"] for e in open_ended["policies"]][:4] == ["2021-11-04", "2021-11-26",
                                                               "2021-12-01", "2021-12-24"]
    none = client.get("/policies/timeline", params={"to": "2020-12-31"}).json()
    assert none["policies"] and all(e["policy"]["provenance"]["method"] != "curated"
                                    for e in none["policies"])


@pytest.mark.parametrize(("params", "status", "field"), [
    ({"from": "2021-13"}, 422, "query.from"),   # not a real date: a bad value, like a bad shape
    ({"to": "2021-02-30"}, 422, "query.to"),
    ({"from": "2021-12", "to": "2021-01"}, 400, "from"),
    ({"from": "21-1-1"}, 422, "query.from"),
])
def test_timeline_bad_dates(client: TestClient, params: dict[str, str], status: int,
                            field: str) -> None:
    response = client.get("/policies/timeline", params=params)
    assert response.status_code == status
    error = response.json()["error"]
    details = error["details"]
    fields = [d["field"] for d in details] if isinstance(details, list) else [details["field"]]
    assert field in fields


def test_path_from_united_imaging_to_stcsm(client: TestClient) -> None:
    response = client.get("/paths", params={"from": "联影集团", "to": "上海市科学技术委员会",
                                            "max_len": 4})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["from"]["id"] == "inst-united-imaging" and body["to"]["id"] == "inst-stcsm"
    shortest = {tuple((r["source"], r["type"], r["target"]) for r in p["relations"])
                for p in body["paths"] if p["length"] == 2}
    assert shortest == {
        # the agreement it signed, whose government side is 市科委 (background: the text
        # does not name it)
        (("inst-united-imaging", "PARTY_TO", "agr-explorer-framework"),
         ("inst-stcsm", "PARTY_TO", "agr-explorer-framework")),
        # the programme it co-funds (and that covers it) is funded by 市科委 (background)
        (("prog-explorer", "COVERS", "inst-united-imaging"),
         ("prog-explorer", "FUNDED_BY", "inst-stcsm")),
        # both are located in Shanghai (data/background.yaml)
        (("inst-united-imaging", "LOCATED_IN", "reg-shanghai"),
         ("inst-stcsm", "LOCATED_IN", "reg-shanghai")),
    }
    lengths = [p["length"] for p in body["paths"]]
    assert lengths == sorted(lengths) and max(lengths) <= 4
    for path in body["paths"]:
        ids = [n["id"] for n in path["nodes"]]
        assert len(ids) == len(set(ids)) == path["length"] + 1
        assert "MENTIONED_IN" not in {r["type"] for r in path["relations"]}
    # through the explorer programme it co-funds with 华虹集团
    via_programme = [p for p in body["paths"]
                     if [n["id"] for n in p["nodes"]][:2] == ["inst-united-imaging",
                                                              "prog-explorer"]]
    assert via_programme


def test_paths_by_alias_and_english_name(client: TestClient) -> None:
    body = client.get("/paths", params={"from": "United Imaging", "to": "市科委",
                                        "max_len": 2}).json()
    assert [p["length"] for p in body["paths"]] == [2, 2, 2]
    assert body["max_len"] == 2


def test_paths_limits_and_errors(client: TestClient, corpus_kg: GovernanceService) -> None:
    none = client.get("/paths", params={"from": "联影集团", "to": "市科委", "max_len": 1}).json()
    assert none["paths"] == []
    cap = corpus_kg.settings.max_path_len
    too_long = client.get("/paths", params={"from": "联影集团", "to": "市科委",
                                            "max_len": cap + 1})
    assert too_long.status_code == 400 and too_long.json()["error"]["details"]["max"] == cap
    same = client.get("/paths", params={"from": "联影集团", "to": "联影"})
    assert same.status_code == 400
    unknown = client.get("/paths", params={"from": "联影集团", "to": "上海市科学技术委"})
    assert unknown.status_code == 404
    assert "inst-stcsm" in [s["id"] for s in unknown.json()["error"]["details"]["suggestions"]]
    only_agreements = client.get("/paths", params=[("from", "联影集团"), ("to", "华虹集团"),
                                                   ("types", "PARTY_TO")]).json()
    assert [[n["id"] for n in p["nodes"]] for p in only_agreements["paths"]] == [
        ["inst-united-imaging", "agr-explorer-framework", "inst-huahong"]]


def test_paths_as_of(client: TestClient) -> None:
    params = [("from", "复旦大学"), ("to", "上海交通大学"), ("types", "COVERS")]
    during = client.get("/paths", params=[*params, ("as_of", "2021-06-30")]).json()
    before = client.get("/paths", params=[*params, ("as_of", "2020-12-31")]).json()
    assert [[n["id"] for n in p["nodes"]] for p in during["paths"]] == [
        ["inst-fudan", "pilot-basic-research-zone", "inst-sjtu"]]
    assert before["paths"] == []


def test_inherited_coverage_as_of(client: TestClient) -> None:
    """基础研究特区 covers 中科院上海分院 since 2021, so its institutes inherit it from 2021."""
    during = client.get("/units/上海有机所/pilots", params={"as_of": "2021-06-30"}).json()
    zone = next(c for c in during["results"] if c["pilot"]["id"] == "pilot-basic-research-zone")
    assert zone["inherited"] is True
    assert zone["chain"] == ["inst-cas-sioc", "inst-cas-shanghai"]
    before = client.get("/units/上海有机所/pilots", params={"as_of": "2020-12-31"}).json()
    assert before["results"] == []


def test_ambiguous_names_answer_409_with_candidates(kg: GovernanceService, tmp_path: Path) -> None:
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    data["entities"].append({"id": "inst-other-explorer", "type": "Institution",
                             "name": "另一个探索者", "aliases": ["探索者计划"],
                             "kind": "research_institute"})
    path = tmp_path / "ambiguous.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kg.load([path])
    with TestClient(create_app(kg.settings, kg=kg)) as client:
        for url, params in [("/network", {"focus": "探索者计划"}),
                            ("/paths", {"from": "探索者计划", "to": "复旦大学"})]:
            response = client.get(url, params=params)
            assert response.status_code == 409, url
            error = response.json()["error"]
            assert error["code"] == "ambiguous"
            assert {c["id"] for c in error["details"]["candidates"]} == {
                "prog-explorer", "inst-other-explorer"}
        by_id = client.get("/network", params={"focus": "prog-explorer"})
        assert by_id.status_code == 200


@pytest.mark.parametrize(("fmt", "media", "rdflib_format"), [
    ("ttl", "text/turtle", "turtle"),
    ("jsonld", "application/ld+json", "json-ld"),
])
def test_ontology_route(client: TestClient, ontology: Ontology, fmt: str, media: str,
                        rdflib_format: str) -> None:
    response = client.get("/ontology", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert isomorphic(graph, ontology.graph)


def test_ontology_unknown_format(client: TestClient) -> None:
    response = client.get("/ontology", params={"format": "xml"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_store_down_answers_503(ontology: Ontology, tmp_path: Path) -> None:
    """A FalkorDB server of the test's own, stopped: every new route answers 503."""
    server = EmbeddedFalkorDB(tmp_path / "down")
    server.start()
    store = FalkorDBStore(ontology, graph="down", socket_path=server.socket_path)
    kg = GovernanceService(store, ontology, Settings())
    kg.load([FIXTURES / "mini.yaml"])
    with TestClient(create_app(kg.settings, kg=kg)) as client:
        assert client.get("/network", params={"focus": "复旦大学"}).status_code == 200
        server.stop()
        for url, params in [("/policies/timeline", {}), ("/network", {"focus": "复旦大学"}),
                            ("/paths", {"from": "复旦大学", "to": "联影集团"})]:
            response = client.get(url, params=params)
            assert response.status_code == 503, (url, response.text)
            assert response.json()["error"]["code"] == "store_unavailable"
        cypher = client.post("/cypher", json={"query": "RETURN 1"})
        assert cypher.status_code == 503
        assert cypher.json()["error"]["code"] == "store_unavailable"
