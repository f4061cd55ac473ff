"""Limits at the edge of the HTTP API: body size, walk and path caps, rate of expensive routes,
the optional API key for routes that may write, CORS closed by default, loopback by default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.service import GovernanceService
from govkg.settings import Settings

READ = {"query": "MATCH (n:Entity) RETURN count(n) AS n"}


def _client(kg: GovernanceService, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(**settings), kg=kg))  # type: ignore[arg-type]


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    return body["error"]


def test_defaults_are_closed() -> None:
    settings = Settings()
    assert settings.host == "127.0.0.1"
    assert settings.cors_origins == []
    assert settings.max_body_bytes == 1 << 20


def test_body_over_the_limit_is_refused(mini_kg: GovernanceService) -> None:
    with _client(mini_kg, max_body_bytes=2000) as client:
        assert client.post("/cypher", json=READ).status_code == 200
        padded = {**READ, "params": {"pad": "x" * 3000}}
        _error(client.post("/cypher", json=padded), 413, "body_too_large")


def test_streamed_body_without_length_is_cut(mini_kg: GovernanceService) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "RETURN 1", "params": {"pad": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}}'

    with _client(mini_kg, max_body_bytes=2000) as client:
        response = client.post("/cypher", content=chunks(),
                               headers={"content-type": "application/json"})
        _error(response, 413, "body_too_large")


def test_default_body_limit_is_one_megabyte(mini_kg: GovernanceService) -> None:
    with _client(mini_kg) as client:
        big = {**READ, "params": {"pad": "x" * (1 << 20)}}
        _error(client.post("/cypher", json=big), 413, "body_too_large")


def test_depth_and_path_length_are_capped(mini_kg: GovernanceService) -> None:
    capped = GovernanceService(mini_kg.store, mini_kg.ontology, Settings(max_depth=2,
                                                                      max_path_len=2))
    with _client(capped) as client:
        ok = client.get("/network", params={"focus": "inst-sioc", "depth": 2})
        assert ok.status_code == 200
        deep = _error(client.get("/network", params={"focus": "inst-sioc", "depth": 3}),
                      400, "invalid_input")
        assert deep["details"]["field"] == "depth"
        path = {"from": "inst-sioc", "to": "inst-cas"}
        assert client.get("/paths", params={**path, "max_len": 2}).status_code == 200
        long = _error(client.get("/paths", params={**path, "max_len": 3}), 400, "invalid_input")
        assert long["details"]["field"] == "max_len"


def test_expensive_routes_are_rate_limited(mini_kg: GovernanceService) -> None:
    with _client(mini_kg, rate_limit="3/minute") as client:
        for _ in range(3):
            assert client.post("/cypher", json=READ).status_code == 200
        limited = client.post("/cypher", json=READ)
        error = _error(limited, 429, "rate_limited")
        assert int(limited.headers["Retry-After"]) >= 1 and error["details"]["retry_after"] >= 1
        _error(client.get("/network", params={"focus": "inst-cas"}), 429, "rate_limited")
        _error(client.get("/paths", params={"from": "inst-cas", "to": "inst-fudan"}),
               429, "rate_limited")
        # cheap routes are not counted
        for _ in range(5):
            assert client.get("/entities/inst-cas").status_code == 200
            assert client.get("/health").status_code == 200


PREFLIGHT = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}


def test_cors_is_closed_by_default(mini_kg: GovernanceService) -> None:
    with _client(mini_kg) as client:
        preflight = client.options("/cypher", headers=PREFLIGHT)
        assert "access-control-allow-origin" not in preflight.headers
        read = client.get("/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in read.headers


@pytest.mark.parametrize(("origin", "allowed"), [
    ("http://localhost:3000", True), ("https://elsewhere.example", False)])
def test_cors_opens_only_to_the_configured_origins(
    mini_kg: GovernanceService, origin: str, allowed: bool
) -> None:
    with _client(mini_kg, cors_origins=["http://localhost:3000"]) as client:
        preflight = client.options("/cypher", headers={**PREFLIGHT, "Origin": origin})
        assert (preflight.headers.get("access-control-allow-origin") == origin) is allowed
        read = client.get("/health", headers={"Origin": origin})
        assert (read.headers.get("access-control-allow-origin") == origin) is allowed
