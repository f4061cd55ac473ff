"""The loader's peak memory does not grow with the size of the load: the same synthetic data at
10× the records, read from files and loaded in chunks, peaks within a fixed bound of the 1×
load (measured with tracemalloc, so only the loader's own Python allocations count, not the
store's process), and far below what holding the 10× input at once would take.

Not timed: the figures are bytes, and they are compared with each other in the same run."""

from __future__ import annotations

import gc
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.synthetic import SyntheticSpec, generate, write_yaml
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.loaders.inputs import read_inputs
from govkg.ontology import Ontology
from govkg.service import GovernanceService
from govkg.settings import Settings

pytestmark = pytest.mark.slow  # two loads under tracemalloc: left out of `make test-fast`

CHUNK = 100
"""Records per chunk (and per file): the 1× load has six chunks, the 10× over sixty."""
ONE_X = 500
"""Relations of the 1× load."""
GROWTH_BOUND = 1.5
"""The 10× load may peak at most this many times the 1× load: what grows with the load (the
ledger, about 30 bytes a record) is small next to a chunk's working set."""


def _traced_peak(action: Callable[[], object]) -> int:
    """Peak bytes Python allocated while `action` ran, above what was allocated before."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        action()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def _files(tmp_path: Path, relations: int) -> Path:
    folder = tmp_path / f"synthetic-{relations}"
    write_yaml(generate(SyntheticSpec(rels=relations)), folder, per_file=CHUNK)
    return folder


def _load_peak(server: EmbeddedFalkorDB, ontology: Ontology, folder: Path) -> tuple[int, int]:
    store = FalkorDBStore(ontology, graph=f"test_{uuid.uuid4().hex[:10]}",
                          socket_path=server.socket_path)
    kg = GovernanceService(store, ontology, Settings(load_chunk_records=CHUNK))
    reports = []
    try:
        peak = _traced_peak(lambda: reports.append(kg.load([folder])))
    finally:
        store.clear()
        store.close()
    return peak, reports[0].relations


def test_peak_memory_of_a_load_does_not_grow_with_its_size(
    falkordb_server: EmbeddedFalkorDB, ontology: Ontology, tmp_path: Path
) -> None:
    small, large = _files(tmp_path, ONE_X), _files(tmp_path, 10 * ONE_X)
    # a first load fills what is made once per process (compiled shapes, caches), so that
    # neither measured load pays for it, whatever ran in this process before
    _load_peak(falkordb_server, ontology, _files(tmp_path, 2 * CHUNK))
    small_peak, small_relations = _load_peak(falkordb_server, ontology, small)
    large_peak, large_relations = _load_peak(falkordb_server, ontology, large)
    assert large_relations > 9 * small_relations  # the same data, ten times over
    held = _traced_peak(lambda: read_inputs([large]))
    mib = 2**20
    figures = (f"1x: {small_peak / mib:.1f} MiB, 10x: {large_peak / mib:.1f} MiB, "
               f"10x input held at once: {held / mib:.1f} MiB")
    print(figures)  # shown with -s: docs/performance.md quotes them
    assert large_peak <= GROWTH_BOUND * small_peak, figures
    assert large_peak < held / 2, figures
