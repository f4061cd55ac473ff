"""Where the time of one `GET /units/{id}/pilots` goes: store query, answer building,
serialisation, and the HTTP/framework remainder, at the bench's scale.

Each step is timed in this process on the same keys as the API latency (medians over the
keys), through the same service code the API runs; the remainder is the API's median minus
the service and serialisation medians (Granian, the ASGI middleware, FastAPI's parameter
handling and dependencies, the thread-pool hop of a sync route, and the client). Medians do
not add up exactly; the shares are of the API's median. Two costs that are no longer on the
path are measured beside them, so a run shows what they would add: the separate name
resolution query the two-step path ran first (`entity_lookup`), and FastAPI's validation of
the answer against the response model before writing it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology.model import Ontology
from govkg.records.names import normalise
from govkg.service import GovernanceService
from govkg.service.answers import CoverageAnswer
from govkg.settings import Settings

ROUTE = "GET /units/{id}/pilots"


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter_ns()
    value = call()
    return (time.perf_counter_ns() - start) / 1e6, value


def _revalidated(answer: CoverageAnswer) -> bytes:
    """What FastAPI's response_model path does with a returned model: dump, validate, write."""
    return CoverageAnswer.model_validate(answer.model_dump(by_alias=True)).model_dump_json(
        by_alias=True).encode()


def measure_breakdown(ontology: Ontology, store: FalkorDBStore, keys: Sequence[str],
                      api_p50_ms: float | None, warmup: int) -> dict[str, Any]:
    """Median of each step of pilots_covering_unit over `keys`, and its share of the API's
    median `api_p50_ms` (measured over the same keys by bench.latency)."""
    kg = GovernanceService(store, ontology, Settings())  # not closed: the bench owns the store
    steps: dict[str, list[float]] = {name: [] for name in (
        "store_query", "service", "serialisation", "separate_resolution_query",
        "response_model_revalidation")}
    for index, key in enumerate([*keys[:warmup], *keys]):
        asked = normalise(key)
        times: dict[str, float] = {}
        times["separate_resolution_query"], _ = _timed(partial(kg.run, "entity_lookup",
                                                               key=asked))
        times["store_query"], _ = _timed(partial(
            kg.run, "pilots_covering_unit", key=asked, as_of=None, methods=None, roles=None))
        times["service"], answer = _timed(partial(kg.pilots_covering, key))
        times["serialisation"], _ = _timed(partial(answer.model_dump_json, by_alias=True))
        times["response_model_revalidation"], _ = _timed(partial(_revalidated, answer))
        if index >= warmup:
            for name, value in times.items():
                steps[name].append(value)
    p50 = {name: round(statistics.median(values), 4) for name, values in steps.items()}
    on_path = {
        "store_query_with_resolution": p50["store_query"],
        "answer_building": round(max(0.0, p50["service"] - p50["store_query"]), 4),
        "serialisation": p50["serialisation"],
    }
    result: dict[str, Any] = {
        "route": ROUTE, "keys": len(keys), "round_trips_per_question": 1,
        "steps_p50_ms": on_path,
        "not_on_the_path_p50_ms": {
            "separate_resolution_query": p50["separate_resolution_query"],
            "response_model_revalidation": p50["response_model_revalidation"],
        },
        "request_p50_ms": api_p50_ms,
    }
    if api_p50_ms:
        remainder = max(0.0, api_p50_ms - p50["service"] - p50["serialisation"])
        result["steps_p50_ms"]["http_and_framework"] = round(remainder, 4)
        result["shares_of_request"] = {name: round(value / api_p50_ms, 3)
                                       for name, value in result["steps_p50_ms"].items()}
    return result


__all__ = ["ROUTE", "measure_breakdown"]
