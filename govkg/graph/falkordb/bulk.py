"""Builds a new FalkorDB graph from validated records with GRAPH.BULK, FalkorDB's bulk import.

This is the fresh-graph path of the FalkorDB writer: when the target graph is empty, an
upsert (MERGE) of every record creates exactly the nodes and relations that a bulk import
creates, so govkg encodes the same rows the MERGE path would send (govkg.graph.statements
`node_row`/`edge_row`) in the binary format of GRAPH.BULK — the format the
`falkordb-bulk-loader` package writes from CSV — and skips Cypher parsing, MERGE look-ups
and per-row index upkeep. Indexes are built once, after the import.

Rows are encoded and sent in chunks, so the encoded form of the whole graph is never held in
memory, and the next chunk is encoded while the server ingests the previous one.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import redis
from numpy.typing import NDArray

from govkg.graph.rows import UnencodableError, encode_props, encode_value

_PACK_ENDS = struct.Struct("=QQ").pack
_PACK_COUNT = struct.Struct("=I").pack
_NUL = b"\x00"
CHUNK_ROWS = 50_000
"""Rows per GRAPH.BULK call: large enough to amortise the call, small enough to stream."""


class NotBulkableError(UnencodableError):
    """What GRAPH.BULK cannot carry as the MERGE path would store it (the caller upserts)."""


def _header(name: str, keys: Sequence[str]) -> bytes:
    parts = [name.encode(), _NUL, _PACK_COUNT(len(keys))]
    for key in keys:
        parts += [key.encode(), _NUL]
    return b"".join(parts)


@dataclass
class _Token:
    """Entities of one label (or relation type) and one set of property keys."""

    header: bytes
    rows: list[bytes] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)

    def payload(self) -> bytes:
        return self.header + b"".join(self.rows)


@dataclass(frozen=True, slots=True)
class NodeInput:
    """A node to import: labels joined by ':', property keys and encoded values."""

    labels: str
    keys: tuple[str, ...]
    values: bytes


@dataclass(frozen=True, slots=True)
class EdgeInput:
    """A relation to import: type, node numbers of its ends, property keys and encoded values."""

    type: str
    source: int
    target: int
    keys: tuple[str, ...]
    values: bytes


class BulkImport:
    """GRAPH.BULK calls that create `graph`, which must not exist yet, chunk by chunk.

    Nodes of a new graph are numbered in creation order, so the caller learns each node's
    number from `add_nodes` and gives relations' ends as numbers. One call is in flight at a
    time: the next chunk is checked and encoded while the server ingests the previous one.
    """

    def __init__(self, connection: redis.Redis, graph: str,
                 chunk_rows: int | None = None) -> None:
        self.connection = connection
        self.graph = graph
        self.chunk_rows = chunk_rows or CHUNK_ROWS
        self.nodes = 0
        self.relations = 0
        self.calls = 0
        self._began = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govkg-bulk")
        self._pending: Future[Any] | None = None

    def _send(self, nodes: int, edges: int, labels: list[bytes], types: list[bytes]) -> None:
        """Queue one GRAPH.BULK call; wait for the previous one first (calls stay ordered)."""
        args: list[Any] = [nodes, edges, len(labels), len(types), *labels, *types]
        if not self._began:
            args.insert(0, "BEGIN")
            self._began = True
        self.wait()
        self.calls += 1
        self._pending = self._pool.submit(self.connection.execute_command, "GRAPH.BULK",
                                          self.graph, *args)

    def wait(self) -> None:
        """Until the server has ingested every call sent (raises what the last call raised)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def add(self, nodes: Sequence[NodeInput],
            edges: Callable[[NDArray[np.int64]], Sequence[EdgeInput]]) -> NDArray[np.int64]:
        """Send `nodes`, then the relations `edges` builds given the nodes' numbers (in the
        order the nodes were given; a relation's ends are node numbers); the numbers.

        Nodes and relations go in one GRAPH.BULK call when they fit `chunk_rows` (the server
        creates a call's nodes before its relations), else in calls of that many rows."""
        tokens: dict[tuple[str, tuple[str, ...]], _Token] = {}
        for at, node in enumerate(nodes):
            token = tokens.get((node.labels, node.keys))
            if token is None:
                token = tokens[(node.labels, node.keys)] = _Token(_header(node.labels,
                                                                          node.keys))
            token.rows.append(node.values)
            token.positions.append(at)
        numbers = np.empty(len(nodes), dtype=np.int64)
        next_number = self.nodes
        for token in tokens.values():  # the server numbers nodes in the order sent
            numbers[token.positions] = np.arange(next_number, next_number + len(token.rows))
            next_number += len(token.rows)
        edge_tokens: dict[tuple[str, tuple[str, ...]], _Token] = {}
        for edge in edges(numbers):
            token = edge_tokens.get((edge.type, edge.keys))
            if token is None:
                token = edge_tokens[(edge.type, edge.keys)] = _Token(_header(edge.type,
                                                                             edge.keys))
            token.rows.append(_PACK_ENDS(edge.source, edge.target) + edge.values)
        self._send_tokens(list(tokens.values()), list(edge_tokens.values()))
        return numbers

    def _send_tokens(self, node_tokens: list[_Token], edge_tokens: list[_Token]) -> None:
        """Tokens in calls of at most chunk_rows rows, nodes first."""
        parts: list[tuple[bool, _Token]] = []
        for is_node, tokens in ((True, node_tokens), (False, edge_tokens)):
            for token in tokens:
                for start in range(0, len(token.rows), self.chunk_rows):
                    parts.append((is_node, _Token(token.header,
                                                  token.rows[start : start + self.chunk_rows])))
        call: list[tuple[bool, _Token]] = []
        size = 0
        for part in parts:
            if call and size + len(part[1].rows) > self.chunk_rows:
                self._send_call(call)
                call, size = [], 0
            call.append(part)
            size += len(part[1].rows)
        if call:
            self._send_call(call)

    def _send_call(self, call: list[tuple[bool, _Token]]) -> None:
        labels = [token.payload() for is_node, token in call if is_node]
        types = [token.payload() for is_node, token in call if not is_node]
        nodes = sum(len(token.rows) for is_node, token in call if is_node)
        edges = sum(len(token.rows) for is_node, token in call if not is_node)
        self._send(nodes, edges, labels, types)
        self.nodes += nodes
        self.relations += edges

    def finish(self) -> None:
        """Wait for the last call; the graph then holds every node and relation sent."""
        try:
            self.wait()
        finally:
            self._pool.shutdown(wait=True)


__all__ = ["BulkImport", "EdgeInput", "NodeInput", "NotBulkableError", "encode_props",
           "encode_value"]
