"""The HTTP API through the real app on the real embedded store (FastAPI TestClient)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.service import GovernanceService


@pytest.fixture(scope="module")
def client(corpus_kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(kg=corpus_kg)) as test_client:
        yield test_client


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message", "details"} <= set(body["error"])
    return body["error"]


@pytest.mark.parametrize(("unit", "pilot"), [
    ("复旦大学", "基础研究特区"),
    ("上海交通大学", "基础研究特区"),
    ("中科院上海分院", "基础研究特区"),
    ("中国科学院上海分院", "基础研究特区"),
    ("联影集团", "探索者计划"),
    ("华虹集团", "探索者计划"),
])
def test_units_pilots(client: TestClient, unit: str, pilot: str) -> None:
    response = client.get(f"/units/{quote(unit)}/pilots")
    assert response.status_code == 200
    body = response.json()
    hits = [r for r in body["results"] if r["pilot"]["name"] == pilot]
    assert hits, body
    assert hits[0]["provenance"]["quote"]
    assert hits[0]["pilot"]["name_en"]


def test_unit_without_coverage_gets_empty_list(client: TestClient) -> None:
    response = client.get(f"/units/{quote('上海市科学技术委员会')}/pilots")
    assert response.status_code == 200 and response.json()["results"] == []


def test_unknown_unit_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get(f"/units/{quote('复旦大')}/pilots")
    assert response.status_code == 404
    error = _error(response)
    assert error["code"] == "not_found"
    assert error["details"]["suggestions"][0]["name"] == "复旦大学"


def test_as_of_validation_and_filter(client: TestClient) -> None:
    url = f"/units/{quote('复旦大学')}/pilots"
    assert client.get(url, params={"as_of": "2020-01-01"}).json()["results"] == []
    assert client.get(url, params={"as_of": "2021-12-31"}).json()["results"]
    bad = client.get(url, params={"as_of": "last year"})
    assert bad.status_code == 422 and _error(bad)["details"][0]["field"] == "query.as_of"


def test_pilot_units(client: TestClient) -> None:
    body = client.get(f"/pilots/{quote('基础研究特区')}/units").json()
    assert {r["unit"]["name"] for r in body["results"]} == {"复旦大学", "上海交通大学",
                                                            "中国科学院上海分院"}
    assert {(r["role"], r["as_written"], r["open_list"]) for r in body["results"]} == {
        ("pilot_unit", "首批试点单位", True)}


def test_entities_search_and_detail(client: TestClient) -> None:
    found = client.get("/entities", params={"q": "研究所", "type": "Institution"}).json()
    assert "上海激光技术研究所" in {e["name"] for e in found["results"]}
    assert found["total"] >= len(found["results"]) and found["offset"] == 0
    assert client.get("/entities", params={"q": "x", "type": "Person"}).status_code == 400
    detail = client.get("/entities/prog-explorer").json()
    assert detail["type"] == "Programme" and detail["name"] == "探索者计划"
    # the co-funding is the agreement's (recorded once, with its ratio), not each company's
    co_funds = [r for r in detail["relations"] if r["type"] == "CO_FUNDS"]
    assert [(r["direction"], r["other"]["type"], r["other"].get("ratio")) for r in co_funds] == [
        ("in", "Agreement", "1:3")]
    assert "lookup_keys" not in detail
    assert client.get("/entities/nothing-here").status_code == 404


def test_health_stats_and_openapi(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "store": "falkordb"}
    stats = client.get("/stats").json()
    assert stats["labels"]["Policy"] >= 17 and stats["relation_types"]["COVERS"] >= 10
    schema = client.get("/openapi.json").json()
    assert "/units/{unit}/pilots" in schema["paths"]
    assert client.get("/docs").status_code == 200


def test_unknown_route_has_error_shape(client: TestClient) -> None:
    response = client.get("/no/such/route")
    assert response.status_code == 404 and _error(response)["code"] == "not_found"
