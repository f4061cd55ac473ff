"""Answers are written once by pydantic (govkg.api.responses), not validated again by FastAPI's
response_model: the bytes must be exactly those FastAPI's own path writes for the same
answer and the route's response model, on every JSON route, and the schema must not move."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel

from govkg.api import create_app, params
from govkg.api.routers import catalogue, coverage, entities, laws, meta, network, paths, policies
from govkg.service import GovernanceService

ROUTES = [
    (f"/units/{quote('复旦大学')}/pilots", {}),
    (f"/units/{quote('中国科学院上海有机化学研究所')}/pilots", {}),
    (f"/units/{quote('上海市科学技术委员会')}/pilots", {}),
    (f"/pilots/{quote('基础研究特区')}/units", {"inherited": "true"}),
    ("/entities", {"q": "研究所", "type": "Institution"}),
    ("/entities/prog-explorer", {}),
    ("/stats", {}),
    ("/catalogue", {"limit": "5"}),
    ("/policies/timeline", {"from": "2021", "to": "2021-12"}),
    ("/laws", {"region": "宁波市"}),
    (f"/laws/{quote('上海市科学技术进步条例')}/versions", {}),
    (f"/laws/{quote('科学技术进步法')}/cited-by", {"depth": "2"}),
    ("/articles", {"role": "高等学校", "q": "科技成果转化"}),
    ("/paths", {"from": "复旦大学", "to": "基础研究特区"}),
    ("/network", {"focus": "探索者计划"}),
]
ROUTERS = (catalogue, coverage, entities, laws, meta, network, paths, policies)


@pytest.fixture(scope="module")
def app(corpus_kg: GovernanceService) -> FastAPI:
    return create_app(kg=corpus_kg)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def _fastapi_bytes(response_model: Any, answer: BaseModel) -> bytes:
    """What FastAPI writes for `answer` returned by a route with `response_model`."""
    reference = FastAPI()
    reference.add_api_route("/answer", lambda: answer, response_model=response_model)
    with TestClient(reference) as client:
        return client.get("/answer").content


def _response_model(path: str) -> Any:
    """The response_model of the govkg route that answers `path`."""
    routes = [route for module in ROUTERS for route in module.router.routes
              if isinstance(route, APIRoute)]
    return next(r.response_model for r in routes if r.path_regex.match(path))


@pytest.mark.parametrize(("path", "query"), ROUTES)
def test_json_bytes_equal_fastapi_response_model_path(
        app: FastAPI, client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str,
        query: dict[str, str]) -> None:
    written: list[BaseModel] = []
    real = params.json_answer

    def spy(answer: BaseModel, status_code: int = 200) -> Any:
        written.append(answer)
        return real(answer, status_code)

    monkeypatch.setattr(params, "json_answer", spy)
    response = client.get(path, params=query)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert len(written) == 1  # the route answered through the helper
    assert response.content == _fastapi_bytes(_response_model(path), written[0])


def test_csv_is_unchanged(client: TestClient) -> None:
    response = client.get(f"/units/{quote('复旦大学')}/pilots", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "基础研究特区" in response.text


def test_openapi_keeps_the_response_models(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    ok = schema["paths"]["/units/{unit}/pilots"]["get"]["responses"]["200"]["content"]
    assert ok["application/json"]["schema"] == {"$ref": "#/components/schemas/CoverageAnswer"}
