"""Digests of what govkg wrote, kept next to a FalkorDB graph, so unchanged records are skipped.

For every node and relation written, the table keeps a 64-bit hash of its key (node id, or
source/type/target) and a 64-bit digest of what the write left in the graph (label or type,
property keys, encoded values). A record whose digest equals the stored one for its key would
change nothing, so a re-load of unchanged data writes nothing.

The table is one string value, `<graph>:govkg-digests`: a header line with the node and
relation counts of the graph it describes, then the (key hash, digest) pairs as hex. One GET
reads it and one SET replaces it, in the same MULTI/EXEC as the RENAME that installs a new
graph. The counts guard against writes that bypassed govkg: when they differ from the graph's,
the table is not trusted and every record is written.

Two keys with the same 64-bit hash share a slot: each write of either overwrites it, so the
other one is only ever written again (never wrongly skipped).
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_KEY_SIZE = 8


def digests_key(graph: str) -> str:
    return f"{graph}:govkg-digests"


def key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=_KEY_SIZE).digest(), "little")


def content_digest(label: str, keys: Iterable[str], values: bytes) -> int:
    """Digest of what a write leaves for one record: label or type, property keys, values."""
    head = "\x1f".join((label, *keys)).encode()
    digest = hashlib.blake2b(head + b"\x1e" + values, digest_size=_KEY_SIZE).digest()
    return int.from_bytes(digest, "little")


def node_key(node_id: str) -> str:
    return node_id


def edge_key(source: str, rel_type: str, target: str, rid: str = "") -> str:
    return f"{source}\x1f{rel_type}\x1f{target}\x1f{rid}"


@dataclass
class DigestTable:
    """Key hash → digest of the records a graph holds, with the graph's counts at the time."""

    nodes: int = 0
    relations: int = 0
    digests: dict[int, int] = field(default_factory=dict)

    def unchanged(self, key: int, digest: int) -> bool:
        return self.digests.get(key) == digest

    def dump(self) -> str:
        flat = array("Q")
        for key, digest in self.digests.items():
            flat.append(key)
            flat.append(digest)
        if sys.byteorder != "little":
            flat.byteswap()
        return f"{self.nodes} {self.relations}\n{flat.tobytes().hex()}"

    @classmethod
    def parse(cls, text: str) -> DigestTable | None:
        """The table, or None for text this version did not write."""
        head, sep, body = text.partition("\n")
        counts = head.split()
        if not sep or len(counts) != 2 or not all(c.isdigit() for c in counts):
            return None
        try:
            flat = array("Q", bytes.fromhex(body))
        except ValueError:
            return None
        if sys.byteorder != "little":
            flat.byteswap()
        digests = dict(zip(flat[0::2], flat[1::2], strict=True))
        return cls(int(counts[0]), int(counts[1]), digests)


def load_table(connection: Any, graph: str) -> DigestTable | None:
    text = connection.get(digests_key(graph))
    if text is None:
        return None
    return DigestTable.parse(text if isinstance(text, str) else text.decode())


__all__ = ["DigestTable", "content_digest", "digests_key", "edge_key", "key_hash",
           "load_table", "node_key"]
