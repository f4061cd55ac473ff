"""API fuzzing with schemathesis against govkg's own OpenAPI schema, on the corpus graph:
no 5xx (a deliberate 503 aside), and the graph unchanged afterwards. Bounded by
max_examples per operation so that the run stays within seconds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.schemas import BaseSchema

from govkg.api import create_app
from govkg.service import GovernanceService
from govkg.settings import Settings

from .graphsum import graph_state

pytestmark = pytest.mark.slow  # schemathesis over the whole API: left out of `make test-fast`

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def fuzzed_app(corpus_kg: GovernanceService) -> Iterator[FastAPI]:
    quick = GovernanceService(corpus_kg.store, corpus_kg.ontology,
                              Settings(query_timeout=1.0, rate_limit="1000000/minute"))
    app = create_app(quick.settings, kg=quick)
    before = graph_state(corpus_kg.store)
    yield app
    assert graph_state(corpus_kg.store) == before, "fuzzing changed the graph"


def _operations() -> list[tuple[str, str]]:
    """Every (path, method) of the OpenAPI schema; building the app opens no store."""
    spec = create_app(Settings()).openapi()
    return sorted((path, method.upper()) for path, item in spec["paths"].items()
                  for method in item)


OPERATIONS = _operations()


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: FastAPI) -> BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)


@pytest.mark.parametrize(("path", "method"), OPERATIONS,
                         ids=[f"{method} {path}" for path, method in OPERATIONS])
def test_no_server_errors(api_schema: BaseSchema, path: str, method: str) -> None:
    operation = api_schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
              suppress_health_check=list(HealthCheck))
    def fuzz(case: schemathesis.Case) -> None:
        response = case.call()
        if response.status_code == 503:  # deliberate: the store is down
            assert response.json()["error"]["code"] == "store_unavailable"
            return
        case.validate_response(response, checks=[not_a_server_error])

    fuzz()
