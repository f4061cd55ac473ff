"""govkg's load of a synthetic size as `govkg load` does it: the records read in batches and
loaded chunk by chunk (govkg.service.loading.load_stream), in a process of its own, so that
the loader's peak resident memory is the load's alone (the bench process holds the whole
batch for its baselines)."""

from __future__ import annotations

import multiprocessing
import resource
import time
from pathlib import Path
from typing import Any

from bench.loading import BenchError
from bench.synthetic import SyntheticSpec, generate_batches

BATCH_RECORDS = 10_000
"""Records per generated batch, as many as the loader's default chunk."""


def _load(socket_path: str, graph: str, rels: int, seed: int, answer: Any) -> None:
    """The child: one streamed load; puts its figures on `answer`."""
    from govkg.graph.falkordb.store import FalkorDBStore
    from govkg.ontology.model import load_ontology
    from govkg.service.loading import load_stream

    try:
        ontology = load_ontology()
        store = FalkorDBStore(ontology, graph=graph, socket_path=Path(socket_path))
        spec = SyntheticSpec(rels=rels, seed=seed)
        idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        report = load_stream(store, ontology, lambda: generate_batches(spec, BATCH_RECORDS))
        seconds = time.perf_counter() - start
    except Exception as exc:
        answer.put({"error": f"{type(exc).__name__}: {exc}"})
        raise
    answer.put({"seconds": seconds, "statements": report.statements,
                "entities_written": report.entities, "relations_written": report.relations,
                "loader_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                         / 1024, 1),
                "loader_before_load_mib": round(idle, 1)})


def streamed_load(socket_path: Path, graph: str, spec: SyntheticSpec) -> dict[str, Any]:
    """Load `spec`'s records into `graph` in a fresh process; its time (the load alone, not
    the interpreter's start) and its peak RSS."""
    context = multiprocessing.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_load, args=(str(socket_path), graph, spec.rels, spec.seed,
                                                answer))
    child.start()
    try:
        figures: dict[str, Any] = answer.get()
    finally:
        child.join()
    if "error" in figures or child.exitcode != 0:
        raise BenchError(f"the streamed load of {spec} failed (exit code {child.exitcode}): "
                         f"{figures.get('error')}")
    return figures


__all__ = ["BATCH_RECORDS", "streamed_load"]
