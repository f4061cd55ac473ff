"""Graph handles kept across queries, so each query does not re-read the graph's schema.

The falkordb client answers in the compact format (label, relation type and property key as
numbers) and resolves the numbers through a schema cache in its `Graph` handle. A new handle
per query re-reads the schema (three procedure calls) for every query that returns a node or
a relation: that was most of a coverage question's time. A kept handle is only right while the
graph it read the schema from is the graph being queried, and govkg replaces a graph by RENAME
(a bulk import, a copy-and-upsert) or deletes it (clear), possibly from another process.

So every replacement increments `<graph>:govkg-generation` (in the same MULTI/EXEC as the
RENAME), and a query reads the generation after it runs: when it still equals the
generation the handle's schema was read at, the graph was not replaced in between; otherwise
the handle is dropped and the query runs again on a new one. The cost is one GET instead of
three Cypher procedure calls. Writes by other tools that replace the graph without govkg are
not seen; use a fresh store (restart `govkg serve`) after those.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from falkordb import FalkorDB, Graph

ATTEMPTS = 5
"""Runs of a query that keeps overlapping graph replacements before the last answer is used."""


def generation_key(graph: str) -> str:
    return f"{graph}:govkg-generation"


class GraphHandles:
    """One kept handle per graph name, dropped when the graph's generation moves."""

    def __init__(self, db: FalkorDB) -> None:
        self._db = db
        self._kept: dict[str, tuple[Graph, Any]] = {}
        self._lock = threading.Lock()

    def run(self, graph: str, query: Callable[[Graph], Any]) -> Any:
        """`query` on a handle of `graph` whose schema cache matches the graph it ran on.

        A kept handle read its schema at generation g; if the generation is still g after
        the query, the graph was not replaced since, so one GET per query suffices. A new
        handle needs the generation before its first query too (its schema is read then).
        """
        connection = self._db.connection
        key = generation_key(graph)
        result: Any = None
        for _ in range(ATTEMPTS):
            with self._lock:
                kept = self._kept.get(graph)
            if kept is None:
                kept = (self._db.select_graph(graph), connection.get(key))
            result = query(kept[0])
            if connection.get(key) == kept[1]:
                with self._lock:
                    self._kept[graph] = kept
                return result
            with self._lock:
                self._kept.pop(graph, None)
        return result

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()


__all__ = ["ATTEMPTS", "GraphHandles", "generation_key"]
