"""Digests of what govkg wrote, kept next to a FalkorDB graph, so unchanged records are skipped.

For every node and relation written, the table keeps a 64-bit hash of its key (node id, or
source/type/target/rid) and a 64-bit digest of what the write left in the graph (label or
type, property keys, encoded values: govkg.graph.rows). A record whose digest equals the
stored one for its key would change nothing, so a re-load of unchanged data writes nothing.

The table is one binary string, `<graph>:govkg-digests`: a header (a magic word and the node
and relation counts of the graph it describes), then the key hashes sorted, then the digests
in the same order, as little-endian 64-bit integers: 16 bytes a record, read into NumPy
arrays without a copy and searched by bisection. A writer stores the new table under a
staging key and renames it over the table in the same step as the graph (write_lock). The
counts guard against writes that bypassed govkg: when they differ from the graph's, the
table is not trusted and every record is written.

Two keys with the same 64-bit hash share a slot: each write of either overwrites it, so the
other one is only ever written again (never wrongly skipped).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from redis.client import NEVER_DECODE

from govkg.graph.rows import content_digest, edge_key, key_hash, node_key

MAGIC = b"govkgD2\n"
_HEADER = struct.Struct("<8sQQ")
_LE64 = np.dtype("<u8")


def digests_key(graph: str) -> str:
    return f"{graph}:govkg-digests"


def _empty() -> NDArray[np.uint64]:
    return np.zeros(0, dtype=np.uint64)


@dataclass
class DigestTable:
    """Key hash → digest of the records a graph holds, with the graph's counts at the time;
    `keys` sorted, `digests` in the same order."""

    nodes: int = 0
    relations: int = 0
    keys: NDArray[np.uint64] = field(default_factory=_empty)
    digests: NDArray[np.uint64] = field(default_factory=_empty)

    def __len__(self) -> int:
        return len(self.keys)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, DigestTable) and (self.nodes, self.relations)
                == (other.nodes, other.relations) and np.array_equal(self.keys, other.keys)
                and np.array_equal(self.digests, other.digests))

    __hash__ = None  # type: ignore[assignment]

    @classmethod
    def of(cls, nodes: int, relations: int, pairs: dict[int, int]) -> DigestTable:
        """A table from a mapping (tests, small tables)."""
        keys = np.fromiter(pairs, dtype=np.uint64, count=len(pairs))
        digests = np.fromiter(pairs.values(), dtype=np.uint64, count=len(pairs))
        return cls(nodes, relations).updated(keys, digests)

    def unchanged(self, keys: NDArray[np.uint64], digests: NDArray[np.uint64]
                  ) -> NDArray[np.bool_]:
        """Which of (keys, digests) the table holds exactly."""
        if not len(self.keys) or not len(keys):
            return np.zeros(len(keys), dtype=bool)
        at = np.searchsorted(self.keys, keys)
        at[at == len(self.keys)] = 0
        return (self.keys[at] == keys) & (self.digests[at] == digests)  # type: ignore[no-any-return]

    def updated(self, keys: NDArray[np.uint64], digests: NDArray[np.uint64]) -> DigestTable:
        """This table with (keys, digests) added; a key given again takes its new digest."""
        all_keys = np.concatenate((self.keys, keys)).astype(np.uint64)
        all_digests = np.concatenate((self.digests, digests)).astype(np.uint64)
        order = np.argsort(all_keys, kind="stable")
        all_keys, all_digests = all_keys[order], all_digests[order]
        last = np.ones(len(all_keys), dtype=bool)
        last[:-1] = all_keys[1:] != all_keys[:-1]
        return DigestTable(self.nodes, self.relations, all_keys[last], all_digests[last])

    def dump(self) -> bytes:
        return (_HEADER.pack(MAGIC, self.nodes, self.relations)
                + self.keys.astype(_LE64).tobytes() + self.digests.astype(_LE64).tobytes())

    @classmethod
    def parse(cls, data: bytes) -> DigestTable | None:
        """The table, or None for data this version did not write."""
        if len(data) < _HEADER.size or (len(data) - _HEADER.size) % 16:
            return None
        magic, nodes, relations = _HEADER.unpack_from(data)
        if magic != MAGIC:
            return None
        count = (len(data) - _HEADER.size) // 16
        keys = np.frombuffer(data, dtype=_LE64, count=count, offset=_HEADER.size)
        digests = np.frombuffer(data, dtype=_LE64, count=count, offset=_HEADER.size + 8 * count)
        return cls(nodes, relations, keys.astype(np.uint64, copy=False),
                   digests.astype(np.uint64, copy=False))


def load_table(connection: Any, graph: str) -> DigestTable | None:
    data = connection.execute_command("GET", digests_key(graph), **{NEVER_DECODE: True})
    if data is None:
        return None
    return DigestTable.parse(data if isinstance(data, bytes) else str(data).encode())


__all__ = ["DigestTable", "content_digest", "digests_key", "edge_key", "key_hash",
           "load_table", "node_key"]
