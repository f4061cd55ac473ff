"""One bench run: every figure with its same-run baseline, written to results.json."""

from __future__ import annotations

import gc
import itertools
import json
import math
import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from falkordb import FalkorDB

from bench.breakdown import measure_breakdown
from bench.config import BenchConfig
from bench.extraction import measure_extraction
from bench.latency import measure_query
from bench.laws import measure_law_ingest
from bench.loading import counts, naive_load, raw_ceiling, write_csv
from bench.memory import own_peak_rss_mib, peak_rss_mib, reset_peak, rss_mib
from bench.servers import ceiling_api, free_port, govkg_api
from bench.streamed import streamed_load
from bench.synthetic import SyntheticSpec, generate, stored_relations
from bench.throughput import generate_load
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.loaders.validate import prepare
from govkg.ontology.model import Ontology, load_ontology
from govkg.ontology.terms import INSTITUTION, PILOT, PROGRAMME, REGION

Log = Callable[[str], None]


def _figure(value: float | None, baseline: float | None, ratio: float | None,
            target: float, better: str, **extra: Any) -> dict[str, Any]:
    """One figure with its baseline, ratio and target; `better` is "higher" or "lower"."""
    met = None
    if ratio is not None:
        met = ratio >= target if better == "higher" else ratio <= target
    return {"value": value, "baseline": baseline, "ratio": ratio, "target": target,
            "better": better, "met": met, **extra}


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else float("inf")


def _generate(rels: int, seed: int) -> Any:
    """The synthetic batch; kept for the whole size, so the collector leaves it alone."""
    gc.disable()
    try:
        batch = generate(SyntheticSpec(rels=rels, seed=seed))
    finally:
        gc.enable()
    gc.freeze()
    return batch


def _store(ontology: Ontology, server: EmbeddedFalkorDB, graph: str) -> FalkorDBStore:
    store = FalkorDBStore(ontology, graph=graph, socket_path=server.socket_path)
    store.clear()
    return store


def _size(config: BenchConfig, rels: int, ontology: Ontology, server: EmbeddedFalkorDB,
          work: Path, last: bool, log: Log) -> dict[str, Any]:
    out: dict[str, Any] = {}
    spec = SyntheticSpec(rels=rels, seed=config.seed)
    store = _store(ontology, server, f"bench_govkg_{rels}")
    reset_peak(server.pid or 0)
    fresh = streamed_load(server.socket_path, store.graph_name, spec)
    store_peak_loading = peak_rss_mib(server.pid or 0)
    graph_counts = counts(store)
    out["fresh_load"] = {**fresh, "nodes": graph_counts[0], "relations": graph_counts[1],
                         "store_peak_mib": store_peak_loading}
    out["loader_peak_mib"] = fresh["loader_peak_mib"]
    log(f"[{rels}] govkg fresh load {fresh['seconds']:.2f}s {graph_counts}, loader peak "
        f"{fresh['loader_peak_mib']} MiB, store peak {store_peak_loading} MiB")

    start = time.perf_counter()
    batch = _generate(rels, config.seed)
    out["generated"] = {"entities": len(batch.entities), "relations_in_batch":
                        len(batch.relations), "relations_stored": stored_relations(batch),
                        "seconds": round(time.perf_counter() - start, 2)}
    log(f"[{rels}] generated for the baselines {out['generated']}")
    naive_store = _store(ontology, server, f"bench_naive_{rels}")
    valid = naive_store.plan(prepare(ontology, batch)).batch  # as written into an empty graph

    raw_store_name = f"bench_raw_{rels}"
    server_client = FalkorDB(unix_socket_path=str(server.socket_path))
    server_client.connection.delete(raw_store_name)
    args = write_csv(ontology, valid, work / f"csv-{rels}")
    ceiling = raw_ceiling(_NoSchemaStore(ontology, raw_store_name, server.socket_path),
                          server.socket_path, args, graph_counts)
    out["raw_ceiling"] = ceiling
    server_client.connection.delete(raw_store_name)  # the store then holds govkg's graph only
    log(f"[{rels}] raw bulk insert {ceiling['seconds']:.2f}s")

    out["naive"] = naive_load(naive_store, ontology, valid, config.naive_sample_nodes,
                              config.seed)
    naive_store.clear()
    log(f"[{rels}] naive loader (extrapolated) {out['naive']['seconds']:.1f}s")

    reload = streamed_load(server.socket_path, store.graph_name, spec)
    out["reload"] = {**reload, "counts_identical": counts(store) == graph_counts}
    log(f"[{rels}] re-load {reload['seconds']:.2f}s")
    del valid

    rng = random.Random(config.seed)
    units = [e.id for e in batch.entities if e.type in (INSTITUTION, REGION)]
    pilots = [e.id for e in batch.entities if e.type in (PILOT, PROGRAMME)]
    unit_keys = [rng.choice(units) for _ in range(config.query_samples)]
    pilot_keys = [rng.choice(pilots) for _ in range(config.query_samples)]
    bare = FalkorDB(unix_socket_path=str(server.socket_path))
    port = free_port()
    with govkg_api(server.socket_path, store.graph_name, port) as api:
        out["queries"] = {
            "pilots_covering_unit": measure_query("pilots_covering_unit", unit_keys, store,
                                                  bare, port, config.query_warmup),
            "units_of_pilot": measure_query("units_of_pilot", pilot_keys, store, bare, port,
                                            config.query_warmup),
        }
        log(f"[{rels}] queries {json.dumps(out['queries'])}")
        covering_api = out["queries"]["pilots_covering_unit"].get("http_api") or {}
        out["request_breakdown"] = {"pilots_covering_unit": measure_breakdown(
            ontology, store, unit_keys, covering_api.get("p50_ms"), config.query_warmup)}
        log(f"[{rels}] request breakdown {json.dumps(out['request_breakdown'])}")
        if last:
            out["throughput"] = _throughput(config, port, unit_keys, work)
            log(f"[{rels}] throughput {out['throughput']}")
            out["memory_mib"] = {
                "store_resident_serving": rss_mib(server.pid or 0),
                "store_peak": peak_rss_mib(server.pid or 0),
                "api_server_peak": peak_rss_mib(api.pid),
                "store_peak_loading": store_peak_loading,
                "loader_process_peak": fresh["loader_peak_mib"],
                "bench_process_peak": round(own_peak_rss_mib(), 1),
            }
    server_client.connection.delete(raw_store_name)
    store.clear()
    del batch
    gc.unfreeze()
    gc.collect()
    return out


class _NoSchemaStore(FalkorDBStore):
    """A FalkorDBStore that does not create its graph on connect (bulk insert must)."""

    def __init__(self, ontology: Ontology, graph: str, socket_path: Path) -> None:
        self.ensure_on_connect = False
        super().__init__(ontology, graph=graph, socket_path=socket_path)

    def _ensure_graph(self) -> None:
        if getattr(self, "ensure_on_connect", True):
            super()._ensure_graph()


def _throughput(config: BenchConfig, port: int, unit_keys: list[str],
                work: Path) -> dict[str, Any]:
    import http.client

    paths = [f"/units/{key}/pilots" for key in unit_keys]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", paths[0])
    payload = work / "ceiling-payload.json"
    payload.write_bytes(connection.getresponse().read())
    connection.close()
    args = (config.throughput_requests, config.throughput_seconds,
            config.throughput_concurrency)
    generate_load(port, paths, min(500, config.throughput_requests), 2.0,
                  config.throughput_concurrency)  # warm-up
    govkg_run = generate_load(port, paths, *args)
    ceiling_port = free_port()
    with ceiling_api(payload, ceiling_port):
        generate_load(ceiling_port, paths, min(500, config.throughput_requests), 2.0,
                      config.throughput_concurrency)
        ceiling_run = generate_load(ceiling_port, paths, *args)
    return {
        "govkg_rps": round(govkg_run.per_second, 1), "govkg_errors": govkg_run.errors,
        "govkg_requests": govkg_run.requests,
        "ceiling_rps": round(ceiling_run.per_second, 1), "ceiling_errors": ceiling_run.errors,
        "ceiling_requests": ceiling_run.requests,
        "concurrency": config.throughput_concurrency, "route": "GET /units/{id}/pilots",
        "set_up": "one Granian server process each (as `govkg serve`), load generator in the bench "
                  "process, all on 127.0.0.1 and the same 2 cores",
    }


def _targets(config: BenchConfig, sizes: dict[str, Any], extraction: dict[str, Any]
             ) -> dict[str, Any]:
    t = config.targets
    largest = sizes[str(max(config.sizes))]
    fresh, raw, naive = largest["fresh_load"], largest["raw_ceiling"], largest["naive"]
    figures: dict[str, Any] = {
        "fresh_load_vs_raw_ceiling": _figure(
            fresh["seconds"], raw["seconds"], _ratio(raw["seconds"], fresh["seconds"]),
            t["fresh_load_vs_raw_ceiling"], "higher", unit="seconds; ratio = speed vs raw"),
        "fresh_load_vs_naive": _figure(
            fresh["seconds"], naive["seconds"], _ratio(naive["seconds"], fresh["seconds"]),
            t["fresh_load_vs_naive"], "higher", unit="seconds; naive extrapolated",
            extrapolated=True),
        "reload_vs_fresh_time": _figure(
            largest["reload"]["seconds"], fresh["seconds"],
            _ratio(largest["reload"]["seconds"], fresh["seconds"]),
            t["reload_vs_fresh_time"], "lower", unit="seconds",
            counts_identical=largest["reload"]["counts_identical"]),
    }
    for name, query in largest["queries"].items():
        bare, store = query["bare_client"], query["store_layer"]
        figures[f"{name}_store_p99_vs_bare"] = _figure(
            store["p99_ms"], bare["p99_ms"], _ratio(store["p99_ms"], bare["p99_ms"]),
            t["store_p99_vs_bare_p99"], "lower", unit="ms")
        api = query.get("http_api")
        if api is not None:
            figures[f"{name}_api_p99_ms"] = _figure(
                api["p99_ms"], bare["p99_ms"], _ratio(api["p99_ms"], bare["p99_ms"]),
                t["api_p99_ms"], "lower", unit="ms; ratio vs bare, target on the value")
            figures[f"{name}_api_p99_ms"]["met"] = api["p99_ms"] < t["api_p99_ms"]
    put = largest.get("throughput")
    if put:
        figures["api_throughput_vs_ceiling"] = _figure(
            put["govkg_rps"], put["ceiling_rps"], _ratio(put["govkg_rps"], put["ceiling_rps"]),
            t["api_throughput_vs_ceiling"], "higher", unit="requests/s",
            errors=put["govkg_errors"])
        if put["govkg_errors"]:
            figures["api_throughput_vs_ceiling"]["met"] = False
    if extraction.get("measured"):
        figures["extraction_mb_per_s"] = _figure(
            extraction["mb_per_s"], extraction["baseline_mb_per_s"],
            extraction["vs_read_and_segment"], t["extraction_mb_per_s"], "higher",
            unit="MB/s (UTF-8); baseline: reading and segmenting the same texts alone in the "
                 "same run; ratio = extraction speed / baseline speed; target on the value")
        figures["extraction_mb_per_s"]["met"] = extraction["mb_per_s"] >= t["extraction_mb_per_s"]
    else:
        figures["extraction_mb_per_s"] = {"value": None, "reason": extraction["reason"],
                                          "target": t["extraction_mb_per_s"], "met": None}
    memory = largest.get("memory_mib")
    if memory:
        serving = (memory["store_resident_serving"] or 0) + (memory["api_server_peak"] or 0)
        loading = (memory["store_peak_loading"] or 0) + memory["loader_process_peak"]
        limit = t["peak_rss_gib"] * 1024
        figures["peak_rss_serving_gib"] = _figure(
            round(serving / 1024, 3), t["peak_rss_gib"], _ratio(serving, limit),
            1.0, "lower", unit="GiB: store resident while serving (only govkg's graph "
            "in it) + API server peak RSS")
        figures["peak_rss_loading_gib"] = _figure(
            round(loading / 1024, 3), t["peak_rss_gib"], _ratio(loading, limit),
            1.0, "lower", unit="GiB: the store's peak RSS during the fresh load + the "
            "loader's peak RSS (a process of its own streaming the records in chunks, as "
            "govkg load does)")
    return figures


def _per_decade(small: int, large: int, a: float | None, b: float | None) -> float | None:
    """How many times a figure grows when the size grows tenfold, from two sizes: the ratio
    b/a scaled to one decade (ratio ** (1 / decades)); 10 is linear, 1 is flat."""
    if not a or b is None or large <= small:
        return None
    decades = math.log10(large / small)
    return round(float((b / a) ** (1 / decades)), 3)


def _load_figures(size: dict[str, Any]) -> dict[str, float | None]:
    return {
        "fresh_load.seconds": size["fresh_load"]["seconds"],
        "reload.seconds": size["reload"]["seconds"],
        "raw_ceiling.seconds": size["raw_ceiling"]["seconds"],
        "loader_peak_mib": size.get("loader_peak_mib"),
    }


def _growth(config: BenchConfig, sizes: dict[str, Any]) -> dict[str, Any]:
    """Growth of every figure between consecutive sizes, per decade of size (see
    _per_decade): what stays near 1 does not grow with the graph, near 10 grows linearly."""
    order = sorted(config.sizes)
    if len(order) < 2:
        return {}
    growth: dict[str, Any] = {"sizes": order, "per_decade": {}}
    for small, large in itertools.pairwise(order):
        a, b = sizes[str(small)], sizes[str(large)]
        step: dict[str, float | None] = {}
        figures_a, figures_b = _load_figures(a), _load_figures(b)
        for name, value in figures_b.items():
            step[name] = _per_decade(small, large, figures_a[name], value)
        for name in b["queries"]:
            for way in ("bare_client", "store_layer", "http_api"):
                qa, qb = a["queries"][name].get(way), b["queries"][name].get(way)
                if qa and qb:
                    for stat in ("p50_ms", "p99_ms"):
                        step[f"{name}.{way}.{stat}"] = _per_decade(small, large, qa[stat],
                                                                   qb[stat])
        growth["per_decade"][f"{small}->{large}"] = step
    return growth


def run_bench(config: BenchConfig, log: Log = print) -> dict[str, Any]:
    """Run every measurement; write config.output (JSON) and return the results."""
    ontology = load_ontology()
    started = time.time()
    load_at_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="govkg-bench-") as scratch:
        work = config.work_dir or Path(scratch)
        server = EmbeddedFalkorDB(work / "store")
        server.start()
        try:
            sizes: dict[str, Any] = {}
            for rels in sorted(config.sizes):
                sizes[str(rels)] = _size(config, rels, ontology, server, work,
                                         rels == max(config.sizes), log)
            laws = measure_law_ingest(server, ontology)
            log(f"law corpus ingest {laws}")
        finally:
            server.stop()
    extraction = measure_extraction(config.extraction_seconds)
    log(f"extraction {extraction}")
    results = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_average_at_start": load_at_start,
                    "load_average_at_end": os.getloadavg()},
        "config": {"sizes": list(config.sizes), "seed": config.seed,
                   "query_samples": config.query_samples,
                   "throughput_requests": config.throughput_requests,
                   "throughput_seconds": config.throughput_seconds,
                   "throughput_concurrency": config.throughput_concurrency},
        "seconds": round(time.time() - started, 1),
        "targets": {},
        "sizes": sizes,
        "growth": _growth(config, sizes),
        "extraction": extraction,
        "laws": laws,
    }
    targets = _targets(config, sizes, extraction)
    targets["law_ingest_vs_parse"] = {
        "value": laws["ingest_mb_per_s"], "baseline": laws["parse_mb_per_s"],
        "ratio": _ratio(laws["ingest_mb_per_s"], laws["parse_mb_per_s"]), "target": None,
        "better": "higher", "met": None, "unit": "MB/s of law text; no goal set (issue 14 "
        "asks for the figure beside its baseline)"}
    results["targets"] = targets
    config.output.parent.mkdir(parents=True, exist_ok=True)
    config.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return results


__all__ = ["run_bench"]
