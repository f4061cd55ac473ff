"""Query latency three ways: bare falkordb client (the floor), govkg's store layer, HTTP API."""

from __future__ import annotations

import http.client
import statistics
import time
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any

from falkordb import FalkorDB

from bench.loading import BenchError
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.queries import get_query

QUERIES = {
    "pilots_covering_unit": ("key", "/units/{}/pilots"),
    "units_of_pilot": ("key", "/pilots/{}/units"),
}
"""Each query's key parameter (an id, name or alias, normalised: the query resolves it) and
the route that asks it."""


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50_ms": round(cuts[49], 4), "p99_ms": round(cuts[98], 4),
            "mean_ms": round(statistics.fmean(ordered), 4), "samples": len(ordered)}


def _measure(call: Callable[[str], Any], keys: Sequence[str], warmup: int) -> dict[str, float]:
    for key in keys[:warmup]:
        call(key)
    samples = []
    for key in keys:
        start = time.perf_counter_ns()
        call(key)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return percentiles(samples)


def measure_query(name: str, keys: Sequence[str], store: FalkorDBStore, bare: FalkorDB,
                  api_port: int | None, warmup: int) -> dict[str, Any]:
    """p50/p99 of one named query over `keys`, three ways; rows checked equal on a sample."""
    param, route = QUERIES[name]
    query = get_query(name)
    cypher = query.cypher
    # the query's other parameters as its documented example gives them (as_of null, every
    # method): what the API sends for a plain question
    fixed = {k: v for k, v in query.example.items() if k != param}
    graph = bare.select_graph(store.graph_name)
    for key in keys[:20]:
        direct = graph.ro_query(cypher, {**fixed, param: key}).result_set
        if len(direct) != len(store.query(cypher, {**fixed, param: key}).rows):
            raise BenchError(f"{name}: store and bare client disagree for {key}")
    result: dict[str, Any] = {
        "bare_client": _measure(lambda k: graph.ro_query(cypher, {**fixed, param: k}),
                                keys, warmup),
        "store_layer": _measure(lambda k: store.query(cypher, {**fixed, param: k}),
                                keys, warmup),
    }
    if api_port is not None:
        connection = http.client.HTTPConnection("127.0.0.1", api_port, timeout=30)

        def get(key: str) -> None:
            connection.request("GET", route.format(urllib.parse.quote(key)))
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise BenchError(f"GET {route.format(key)} answered {response.status}")

        result["http_api"] = _measure(get, keys, warmup)
        connection.close()
    result["rows_mean"] = statistics.fmean(
        len(graph.ro_query(cypher, {**fixed, param: k}).result_set) for k in keys[:200])
    return result
