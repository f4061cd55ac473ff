"""Load figures: govkg's loader, the raw bulk-import ceiling, a naive loader, and a re-load.

The ceiling is `falkordb-bulk-insert` (PyPI package falkordb-bulk-loader) on CSV files of
exactly the rows govkg writes (same nodes, labels, properties and relations), followed by the
same indexes and constraint, waited for until built: the same graph, built the fastest way
the engine offers. Writing the CSV files is not timed.
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govkg.errors import GovkgError
from govkg.graph import statements as named
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.graph.falkordb.writer import wait_for_indexes
from govkg.ontology.model import Ontology
from govkg.records import RecordBatch

_CSV_TYPES = {str: "STRING", float: "DOUBLE", int: "INT", bool: "BOOL", list: "ARRAY"}
_SEPARATOR = "|"


class BenchError(GovkgError):
    """A baseline could not be measured (tool missing, counts differ)."""

    code = "bench_failed"


@dataclass(frozen=True)
class Timed:
    seconds: float
    value: Any


def timed(action: Callable[[], Any]) -> Timed:
    start = time.perf_counter()
    value = action()
    return Timed(time.perf_counter() - start, value)


def counts(store: FalkorDBStore, graph: str | None = None) -> tuple[int, int]:
    name = graph or store.graph_name
    nodes = store.run_write(name, "MATCH (n) RETURN count(n)").result_set[0][0]
    edges = store.run_write(name, "MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
    return int(nodes), int(edges)


def write_csv(ontology: Ontology, batch: RecordBatch, folder: Path) -> list[str]:
    """CSV files (bulk-loader input schema) of the rows govkg writes; returns loader arguments."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    base = ontology.base_label
    nodes: dict[str, list[dict[str, Any]]] = {}
    for entity in batch.entities:
        nodes.setdefault(entity.type, []).append(named.node_row(entity))
    edges: dict[str, list[dict[str, Any]]] = {}
    for relation in batch.relations:
        edges.setdefault(relation.type, []).append(named.edge_row(relation))
    args: list[str] = []
    for kind, groups in (("node", nodes), ("edge", edges)):
        for name, rows in sorted(groups.items()):
            columns: dict[str, str] = {}
            for row in rows:
                for key, value in row["props"].items():
                    if key != "id":
                        columns.setdefault(key, _CSV_TYPES[type(value)])
            path = folder / f"{kind}-{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, delimiter=_SEPARATOR, escapechar="\\")
                lead = ["id:ID(E)"] if kind == "node" else [":START_ID(E)", ":END_ID(E)"]
                writer.writerow(lead + [f"{k}:{t}" for k, t in columns.items()])
                for row in rows:
                    props = row["props"]
                    ends = [row["id"]] if kind == "node" else [row["source"], row["target"]]
                    writer.writerow(ends + [_cell(props.get(k)) for k in columns])
            args += (["-N", f"{base}:{name}", str(path)] if kind == "node"
                     else ["-R", name, str(path)])
    return args


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return repr(value)
    return str(value)


BULK_SOCKET_TIMEOUT_S = 1800
BULK_BUFFER_MB = 16


def raw_ceiling(store: FalkorDBStore, socket_path: Path, csv_args: list[str],
                expected: tuple[int, int]) -> dict[str, Any]:
    """falkordb-bulk-insert into store.graph_name (must not exist), then the same schema."""
    tool = shutil.which("falkordb-bulk-insert", path=str(Path(sys.executable).parent))
    if tool is None:
        raise BenchError("falkordb-bulk-insert is not installed (pip install -e '.[dev]')")
    # a generous socket timeout: on a busy 2-core machine one 64 MB buffer can take longer
    # to be read than redis-py's default allows ("Timeout writing to socket" at 1 M)
    url = f"unix://{socket_path}?socket_timeout={BULK_SOCKET_TIMEOUT_S}"
    command = [tool, store.graph_name, "-u", url, "--enforce-schema",
               "--separator", _SEPARATOR, "--max-buffer-size", str(BULK_BUFFER_MB), *csv_args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    imported = time.perf_counter() - start
    if done.returncode != 0:
        raise BenchError(f"falkordb-bulk-insert failed: {done.stderr[-2000:]}")
    def index() -> None:
        store.create_indexes(store.graph_name)
        wait_for_indexes(store, store.graph_name)

    indexed = timed(index)
    found = counts(store)
    if found != expected:
        raise BenchError(f"bulk insert built {found} nodes/relations, govkg {expected}")
    return {"seconds": imported + indexed.seconds, "import_seconds": imported,
            "index_seconds": indexed.seconds, "command": "falkordb-bulk-insert GRAPH -u "
            "unix://SOCKET --enforce-schema --separator '|' -N Entity:<Label> <csv> … "
            "-R <TYPE> <csv> …"}


def naive_load(store: FalkorDBStore, ontology: Ontology, batch: RecordBatch,
               sample_nodes: int, seed: int) -> dict[str, Any]:
    """One MERGE query per row on a sample, per-row times extrapolated to the whole batch."""
    base = ontology.base_label
    rng = random.Random(seed)
    entities = rng.sample(list(batch.entities), min(sample_nodes, len(batch.entities)))
    inside = {e.id for e in entities}
    relations = [r for r in batch.relations if r.source_id in inside and r.target_id in inside]
    relations = relations[: sample_nodes * 2]
    graph = store.graph_name

    def nodes() -> None:
        for entity in entities:
            label = ontology.label(entity.type)
            row = named.node_row(entity)
            store.run_write(graph, f"MERGE (n:{base} {{id: $id}}) SET n = $props SET n:{label}",
                            {"id": row["id"], "props": row["props"]})

    def edges() -> None:
        for relation in relations:
            rel_type = ontology.relation(relation.type)
            store.run_write(graph, f"MATCH (a:{base} {{id: $source}}), (b:{base} {{id: $target}})"
                            f" MERGE (a)-[r:{rel_type}]->(b) SET r = $props",
                            named.edge_row(relation))

    node_time = timed(nodes).seconds
    edge_time = timed(edges).seconds
    per_node = node_time / max(1, len(entities))
    per_edge = edge_time / max(1, len(relations)) if relations else per_node
    total = per_node * len(batch.entities) + per_edge * len(batch.relations)
    return {"seconds": total, "extrapolated": True, "sample_nodes": len(entities),
            "sample_relations": len(relations), "ms_per_node": per_node * 1000,
            "ms_per_relation": per_edge * 1000,
            "note": "one MERGE query per row on a random sample into an empty graph with the "
                    "same indexes; per-row times multiplied by the batch's node and relation "
                    "counts (a small graph favours the naive loader slightly)"}


__all__ = ["BenchError", "counts", "naive_load", "raw_ceiling", "timed",
           "write_csv"]
