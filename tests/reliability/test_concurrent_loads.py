"""Loads that run at the same time, or pause, cannot lose or mix data.

Each test runs `govkg load` as real processes (python -m govkg.cli) against the session's
real FalkorDB process and compares the graph's content checksum with the expected one.

- A loader paused (SIGSTOP) while its staging copy exists, for longer than the write lock
  lives, while a second load commits: once resumed it must not replace the graph; it exits 5
  saying nothing was written, and the graph is exactly the second load's result.
- Two loads giving one id two classes at the same time: one wins, the other is refused with
  the id named, and the node keeps one class.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.synthetic import SyntheticSpec, generate, write_yaml
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.records import RecordBatch
from govkg.service import GovernanceService
from govkg.settings import Settings

from .graphsum import graph_state

pytestmark = pytest.mark.slow  # processes paused past the lock's lifetime

LOCK_TTL_S = 3.0
"""The write lock's lifetime here (GOVKG_WRITE_LOCK_TTL): short, so a pause outlives it."""
GUARD_S = 120.0
"""A process still running after this is a failure (a guard, not a measurement)."""


def _env(server: EmbeddedFalkorDB, graph: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "GOVKG_STORE": f"unix://{server.socket_path}", "GOVKG_GRAPH": graph,
            "GOVKG_WRITE_LOCK_TTL": str(LOCK_TTL_S), "COLUMNS": "250", **extra}


def _govkg(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "govkg.cli", *map(str, args)]


def _run(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_govkg(*args), env=env, capture_output=True, text=True,
                          timeout=GUARD_S, check=False)


@pytest.fixture
def graph_store(falkordb_server: EmbeddedFalkorDB,
                ontology: Ontology) -> Iterator[FalkorDBStore]:
    store = FalkorDBStore(ontology, graph=f"conc_{uuid.uuid4().hex[:10]}",
                          socket_path=falkordb_server.socket_path)
    yield store
    store.clear()
    store.close()


def _changed(batch: RecordBatch) -> RecordBatch:
    """Every entity of `batch` with a new description: a load that rewrites them all."""
    return batch.model_copy(update={"entities": tuple(
        e.model_copy(update={"description": f"revised {e.id}"}) for e in batch.entities)})


def _staging(store: FalkorDBStore) -> list[str]:
    return [str(g) for g in store.connection.execute_command("GRAPH.LIST")
            if f"{store.graph_name}__staging_" in str(g)]


def _expected(ontology: Ontology, server: EmbeddedFalkorDB, files: list[list[Path]]) -> object:
    """The state of a fresh graph after loading each group of files in turn."""
    store = FalkorDBStore(ontology, graph=f"expect_{uuid.uuid4().hex[:10]}",
                          socket_path=server.socket_path)
    try:
        kg = GovernanceService(store, ontology, Settings())
        for group in files:
            kg.load(group)
        return graph_state(store)
    finally:
        store.clear()
        store.close()


def test_a_paused_loader_cannot_replace_the_graph(
    graph_store: FalkorDBStore, falkordb_server: EmbeddedFalkorDB, ontology: Ontology,
    tmp_path: Path,
) -> None:
    base = generate(SyntheticSpec(rels=3000, seed=1))
    base_files = write_yaml(base, tmp_path / "base")
    changed_files = write_yaml(_changed(base), tmp_path / "changed")
    one = tmp_path / "one.yaml"
    one.write_text("entities:\n  - {id: inst-paused-test, type: Institution, name: 第二个写者, "
                   "kind: university}\n", encoding="utf-8")
    env = _env(falkordb_server, graph_store.graph_name)
    assert _run(env, "load", *base_files).returncode == 0

    # many small statements, so that the staging copy lives long enough to be caught
    first = subprocess.Popen(_govkg("load", *changed_files),
                             env={**env, "GOVKG_WRITE_BATCH_SIZE": "20"},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + GUARD_S
        while not _staging(graph_store):
            assert first.poll() is None, "the first loader finished before it could be paused"
            assert time.monotonic() < deadline, "no staging copy appeared"
            time.sleep(0.002)
        os.kill(first.pid, signal.SIGSTOP)
        paused_at = time.monotonic()

        second = _run(env, "load", one)  # waits out the paused writer's lock, then commits
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - paused_at > LOCK_TTL_S
        assert _staging(graph_store), "the paused writer's staging copy was dropped under it"
    finally:
        os.kill(first.pid, signal.SIGCONT)
    out, err = first.communicate(timeout=GUARD_S)
    assert first.returncode == 5, out + err  # refused: it lost its lock
    said = " ".join(err.split())
    assert "lost the write lock" in said and "nothing of this load was written" in said, said

    assert graph_state(graph_store) == _expected(ontology, falkordb_server,
                                                 [base_files, [one]])
    assert not _staging(graph_store), "the paused writer left its staging copy behind"
    again = _run(env, "load", *base_files, one)
    assert "unchanged, nothing written" in again.stdout, again.stdout + again.stderr


def test_two_loads_cannot_give_one_id_two_classes(
    graph_store: FalkorDBStore, falkordb_server: EmbeddedFalkorDB, tmp_path: Path
) -> None:
    as_institution = tmp_path / "x.yaml"
    as_institution.write_text("entities:\n  - {id: zz-race, type: Institution, name: 竞赛, "
                              "kind: university}\n", encoding="utf-8")
    as_policy = tmp_path / "y.yaml"
    as_policy.write_text("entities:\n  - {id: zz-race, type: Policy, name: 竞赛}\n",
                         encoding="utf-8")
    env = _env(falkordb_server, graph_store.graph_name)
    loads = [subprocess.Popen(_govkg("load", path), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for path in (as_institution, as_policy)]
    results = [(p.wait(timeout=GUARD_S), *p.communicate()) for p in loads]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 3], results  # 3: bad input, naming the id
    refused = next(" ".join(err.split()) for code, _, err in results if code == 3)
    assert "'zz-race' is a" in refused and "in the graph, not a" in refused, refused
    [(labels,)] = graph_store.query("MATCH (n {id: 'zz-race'}) RETURN labels(n)").rows
    assert len(labels) == 2, labels  # Entity and one class
    exported = _run(env, "export", "-f", "ttl", "-o", tmp_path / "all.ttl")
    assert exported.returncode == 0, exported.stderr
