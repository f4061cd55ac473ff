"""Injection: every route and CLI argument that reaches a query is a parameter. Names full of
quotes, backticks, braces and Cypher fragments (hypothesis) never change the graph and never
answer 5xx or crash the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from govkg.api import create_app
from govkg.service import GovernanceService
from govkg.settings import Settings

from .conftest import Cli, flat
from .graphsum import GraphState, graph_state

FRAGMENTS = [
    "'", '"', "`", "\\", "{", "}", "(", ")", "[", "]", ";", "$", "//", "/*", "*/", "--",
    "'})", '"})', "`)", "}) DETACH DELETE n //", "' OR 1=1 //", "\") CREATE (:Entity) //",
    "MATCH (n) DETACH DELETE n", "CREATE (x:Entity {id: 'evil'})", "SET n.name = 'x'",
    " RETURN 1 UNION MATCH (n) RETURN n", "CALL db.idx.fulltext.drop('Entity')",
    "LOAD CSV FROM 'file:///etc/passwd' AS r", "${x}", "%s", "%00", "\x00", "\n", "\u2028",
    "\u200b", "ＣＲＥＡＴＥ", "复旦大学", "中科院", "inst-cas", "$id", ":Entity", "-[r]->",
]
NAMES = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=8)),
    min_size=1, max_size=6,
).map("".join)
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
OK_STATUSES = {200, 400, 404, 409, 422}
KNOWN = ["`", "x` = 1 MATCH (n) DETACH DELETE n //", "'}) DETACH DELETE n //", '"\\',
         "a\x00b", "}{", "$name", "--"]
"""Always tried (hypothesis `example`), whatever the random draw."""


def known_examples(test):
    for name in KNOWN:
        test = example(name=name)(test)
    return test


@pytest.fixture(scope="module")
def client(mini_kg: GovernanceService) -> Iterator[TestClient]:
    settings_ = Settings(rate_limit="100000/minute")
    with TestClient(create_app(settings_, kg=mini_kg)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def before(mini_kg: GovernanceService) -> GraphState:
    return graph_state(mini_kg.store)


def _answered(response) -> None:
    assert response.status_code in OK_STATUSES, (response.status_code, response.text)
    if response.status_code != 200:
        assert set(response.json()) == {"error"}


@pytest.mark.slow  # hypothesis over every route
@FUZZ
@known_examples
@given(name=NAMES)
def test_routes_take_names_as_values(client: TestClient, mini_kg: GovernanceService,
                                     before: GraphState, name: str) -> None:
    segment = quote(name, safe="")
    for url in (f"/units/{segment}/pilots", f"/pilots/{segment}/units",
                f"/entities/{segment}", f"/analytics/{segment}"):
        _answered(client.get(url))
    for route, params in (
        ("/entities", {"q": name}),
        ("/entities", {"q": "研究", "type": name}),
        ("/network", {"focus": name}),
        ("/network", {"focus": "inst-cas", "types": name}),
        ("/paths", {"from": name, "to": "inst-cas"}),
        ("/policies/timeline", {"from": name}),
    ):
        _answered(client.get(route, params=params))
    _answered(client.post("/cypher", json={
        "query": "MATCH (n:Entity) WHERE n.name = $name OR n.id = $name RETURN count(n)",
        "params": {"name": name, "nested": {"list": [name], "map": {"k": name}}}}))
    assert graph_state(mini_kg.store) == before


@FUZZ
@known_examples
@given(name=NAMES)
def test_parameter_names_cannot_escape(client: TestClient, mini_kg: GovernanceService,
                                       before: GraphState, name: str) -> None:
    _answered(client.post("/cypher", json={"query": "RETURN 1 AS one", "params": {name: 1}}))
    _answered(client.post("/cypher", json={"query": "RETURN $m AS m",
                                           "params": {"m": {name: 1}}}))
    assert graph_state(mini_kg.store) == before


@pytest.mark.slow  # hypothesis through the CLI
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@known_examples
@given(name=NAMES)
def test_cli_arguments_are_values(loaded_cli: Cli, name: str) -> None:
    before = loaded_cli.state()
    for args in (["pilots", "--", name], ["query", "--name", "entity_lookup", "-p", f"key={name}"],
                 ["query", "--name", "entity_lookup", "-p", "key=x", "-p", f"{name}=1"],
                 ["query", "RETURN $v AS v", "-p", f"v={name}"]):
        result = loaded_cli(*args)
        assert result.exit_code in {0, 3, 4}, result.output  # done, bad input, not found
        assert isinstance(result.exception, SystemExit | None), (args, flat(result.output))
        assert "Traceback" not in result.output
    assert loaded_cli.state() == before


@pytest.mark.parametrize("url", ["/entities/a%00b", "/units/a%00b/pilots", "/entities?q=a%00b"])
def test_nul_in_a_value_is_named(client: TestClient, url: str) -> None:
    """FalkorDB reads parameters as C strings: a NUL is refused by name, not parsed."""
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
    assert "NUL" in response.json()["error"]["message"]
