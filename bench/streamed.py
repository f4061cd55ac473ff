"""govkg's load of a synthetic size as `govkg load` does it: the records read in batches and
loaded chunk by chunk (govkg.service.loading.load_stream), in a process of its own, so that
the loader's peak resident memory is the load's alone (the bench process holds the whole
batch for its baselines). The peak is the process's VmHWM: getrusage's ru_maxrss carries the
parent's peak over the fork and exec that start the process (Linux keeps it across execve),
which made a first version of this figure report the bench process's size."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

from bench.loading import BenchError
from bench.memory import peak_rss_mib
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
        idle = peak_rss_mib(os.getpid()) or 0.0
        start = time.perf_counter()
        for _ in generate_batches(spec, BATCH_RECORDS):
            pass  # the source alone: making the records is not govkg's work
        source = time.perf_counter() - start
        start = time.perf_counter()
        report = load_stream(store, ontology, lambda: generate_batches(spec, BATCH_RECORDS))
        with_source = time.perf_counter() - start
    except Exception as exc:
        answer.put({"error": f"{type(exc).__name__}: {exc}"})
        raise
    answer.put({"seconds": max(0.0, with_source - source), "with_source_seconds": with_source,
                "source_seconds": source, "statements": report.statements,
                "entities_written": report.entities, "relations_written": report.relations,
                "loader_peak_mib": round(peak_rss_mib(os.getpid()) or 0.0, 1),
                "loader_before_load_mib": round(idle, 1)})


def streamed_load(socket_path: Path, graph: str, spec: SyntheticSpec) -> dict[str, Any]:
    """Load `spec`'s records into `graph` in a fresh process; its time and its peak RSS.

    `seconds` is the load's time less the time of making the same records alone (measured
    first, in the same process): the records are made as the load reads them, and making
    them is the synthetic source's work, not govkg's, as writing the CSV files is left out
    of the bulk-insert baseline. `with_source_seconds` and `source_seconds` are kept too."""
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
