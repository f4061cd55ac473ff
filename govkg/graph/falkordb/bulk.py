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
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import redis

_NULL, _BOOL, _DOUBLE, _STRING, _LONG, _ARRAY = 0, 1, 2, 3, 4, 5
_PACK_DOUBLE = struct.Struct("=Bd").pack
_PACK_LONG = struct.Struct("=Bq").pack
_PACK_ARRAY = struct.Struct("=Bq").pack
_PACK_ENDS = struct.Struct("=QQ").pack
_PACK_COUNT = struct.Struct("=I").pack
_STRING_TAG = bytes([_STRING])
_TRUE, _FALSE = bytes([_BOOL, 1]), bytes([_BOOL, 0])
_NUL = b"\x00"
CHUNK_ROWS = 50_000
"""Rows per GRAPH.BULK call: large enough to amortise the call, small enough to stream."""


class NotBulkableError(ValueError):
    """A value GRAPH.BULK cannot carry as the MERGE path would store it (the caller upserts)."""


def encode_value(value: Any, strict: bool = True) -> bytes:
    """One property value in GRAPH.BULK's binary form (type tag, then the value).

    strict: refuse what GRAPH.BULK would store differently from Cypher (a NUL ends a string
    there); digests, which only compare encodings, pass strict=False.
    """
    if isinstance(value, str):
        if strict and "\x00" in value:
            raise NotBulkableError("a string with a NUL character")
        return _STRING_TAG + value.encode() + _NUL
    if isinstance(value, bool):
        return _TRUE if value else _FALSE
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise NotBulkableError(f"integer {value} does not fit 64 bits")
        return _PACK_LONG(_LONG, value)
    if isinstance(value, float):
        return _PACK_DOUBLE(_DOUBLE, value)
    if isinstance(value, list | tuple):
        return _PACK_ARRAY(_ARRAY, len(value)) + b"".join(encode_value(v, strict)
                                                           for v in value)
    raise NotBulkableError(f"a value of type {type(value).__name__}")


def encode_props(props: dict[str, Any], strict: bool = True) -> bytes:
    """Property values in key order; the keys go into the token's header."""
    parts = []
    for value in props.values():
        if type(value) is str and "\x00" not in value:  # the common case, inlined
            parts.append(b"\x03%s\x00" % value.encode())
        else:
            parts.append(encode_value(value, strict))
    return b"".join(parts)


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
    keys: list[str] = field(default_factory=list)

    def payload(self) -> bytes:
        return self.header + b"".join(self.rows)


@dataclass(frozen=True)
class NodeInput:
    """A node to import: labels joined by ':', govkg id, property keys and encoded values."""

    labels: str
    key: str
    keys: tuple[str, ...]
    values: bytes


@dataclass(frozen=True)
class EdgeInput:
    """A relation to import: type, govkg ids of its ends, property keys and encoded values."""

    type: str
    source: str
    target: str
    keys: tuple[str, ...]
    values: bytes


class BulkImport:
    """GRAPH.BULK calls that create `graph`, which must not exist yet.

    Node ids of a new graph are given in creation order, so the ids of relation ends are
    known from the order in which nodes were sent.
    """

    def __init__(self, connection: redis.Redis, graph: str,
                 chunk_rows: int | None = None) -> None:
        self.connection = connection
        self.graph = graph
        self.chunk_rows = chunk_rows or CHUNK_ROWS
        self.node_ids: dict[str, int] = {}
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
        self._wait()
        self.calls += 1
        self._pending = self._pool.submit(self.connection.execute_command, "GRAPH.BULK",
                                          self.graph, *args)

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def add_nodes(self, nodes: Iterable[NodeInput]) -> None:
        for chunk in _chunked(nodes, self.chunk_rows):
            tokens: dict[tuple[str, tuple[str, ...]], _Token] = {}
            for node in chunk:
                token = tokens.get((node.labels, node.keys))
                if token is None:
                    token = tokens[(node.labels, node.keys)] = _Token(_header(node.labels,
                                                                              node.keys))
                token.rows.append(node.values)
                token.keys.append(node.key)
            for token in tokens.values():
                for key in token.keys:
                    if key in self.node_ids:
                        raise NotBulkableError(f"node {key!r} given twice")
                    self.node_ids[key] = len(self.node_ids)
            self._send(len(chunk), 0, [t.payload() for t in tokens.values()], [])
            self.nodes += len(chunk)

    def add_edges(self, edges: Iterable[EdgeInput]) -> None:
        ids = self.node_ids
        for chunk in _chunked(edges, self.chunk_rows):
            tokens: dict[tuple[str, tuple[str, ...]], _Token] = {}
            for edge in chunk:
                token = tokens.get((edge.type, edge.keys))
                if token is None:
                    token = tokens[(edge.type, edge.keys)] = _Token(_header(edge.type, edge.keys))
                try:
                    ends = _PACK_ENDS(ids[edge.source], ids[edge.target])
                except KeyError as exc:
                    missing = exc.args[0]
                    raise NotBulkableError(f"relation end {missing!r} is not imported") from None
                token.rows.append(ends + edge.values)
            self._send(0, len(chunk), [], [t.payload() for t in tokens.values()])
            self.relations += len(chunk)

    def finish(self) -> None:
        """Wait for the last call; the graph then holds every node and relation sent."""
        try:
            self._wait()
        finally:
            self._pool.shutdown(wait=True)


def _chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


__all__ = ["BulkImport", "EdgeInput", "NodeInput", "NotBulkableError", "encode_props",
           "encode_value"]
