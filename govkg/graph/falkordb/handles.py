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
the handle is dropped and the query runs again on a new one. The GET is sent in one pipeline
with the query (and with each schema procedure call the answer's parsing makes), so a read
costs one round trip to the store, not two. Writes by other tools that replace the graph
without govkg are not seen; use a fresh store (restart `govkg serve`) after those.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from falkordb import FalkorDB, Graph
from redis import Redis

ATTEMPTS = 5
"""Runs of a query that keeps overlapping graph replacements before the last answer is used."""


def generation_key(graph: str) -> str:
    return f"{graph}:govkg-generation"


class PipelinedGraph(Graph):  # type: ignore[misc]  # falkordb ships no type hints
    """A falkordb `Graph` whose commands, while `watch` runs in the calling thread, each go
    in one pipeline with a GET of the generation key; the generations read are collected."""

    def __init__(self, client: FalkorDB, name: str, key: str) -> None:
        super().__init__(client, name)
        del self.execute_command  # Graph binds the client's; this class's method replaces it
        self._key = key
        self._watching = threading.local()

    def execute_command(self, *args: Any) -> Any:
        seen: list[Any] | None = getattr(self._watching, "seen", None)
        connection: Redis = self.client.connection
        if seen is None:
            return connection.execute_command(*args)  # type: ignore[no-untyped-call]
        pipe = connection.pipeline(transaction=False)
        pipe.execute_command(*args)  # type: ignore[no-untyped-call]
        pipe.get(self._key)
        # raise_on_error=False: an error comes back as the store wrote it, not prefixed with
        # the pipeline's "Command # 1 (…) caused error", so errors read as without a pipeline
        response, generation = pipe.execute(raise_on_error=False)
        if isinstance(response, Exception):
            raise response
        seen.append(generation)
        return response

    def watch(self, query: Callable[[Graph], Any]) -> tuple[Any, list[Any]]:
        """`query` on this handle, and the generation read after each of its commands."""
        seen: list[Any] = []
        self._watching.seen = seen
        try:
            return query(self), seen
        finally:
            self._watching.seen = None


class GraphHandles:
    """One kept handle per graph name, dropped when the graph's generation moves."""

    def __init__(self, db: FalkorDB) -> None:
        self._db = db
        self._kept: dict[str, tuple[PipelinedGraph, Any]] = {}
        self._lock = threading.Lock()

    def run(self, graph: str, query: Callable[[Graph], Any]) -> Any:
        """`query` on a handle of `graph` whose schema cache matches the graph it ran on.

        A kept handle read its schema at generation g; if the generation is still g after
        the query (and after each schema call its parsing made), the graph was not replaced
        since, so one GET per query suffices, sent in the query's pipeline. A new handle
        needs the generation before its first query too (its schema is read then).
        """
        connection = self._db.connection
        key = generation_key(graph)
        result: Any = None
        for _ in range(ATTEMPTS):
            with self._lock:
                kept = self._kept.get(graph)
            if kept is None:
                kept = (PipelinedGraph(self._db, graph, key), connection.get(key))
            result, seen = kept[0].watch(query)
            if seen and all(generation == kept[1] for generation in seen):
                with self._lock:
                    self._kept[graph] = kept
                return result
            with self._lock:
                self._kept.pop(graph, None)
        return result

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()


__all__ = ["ATTEMPTS", "GraphHandles", "PipelinedGraph", "generation_key"]
