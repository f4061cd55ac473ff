"""What a store writes for each record, worked out once per record of a load.

A load needs each record's graph properties several times: to refuse values no store keeps,
to digest it (is it already in the graph? is it the same fact as an earlier copy?), to check
it against the shapes and to write it. `encode_chunk` computes them once: the properties
(node properties with their lookup keys), their values in GRAPH.BULK's binary form (the
canonical encoding digests are taken of, and what FalkorDB's bulk import sends), a stable
64-bit hash of the record's key and a 64-bit digest of what writing it leaves in a graph.

Values a store would refuse or silently change (a NUL in a string, an integer beyond 64
bits, NaN or an infinity) are reported with the record's key and field instead of encoded.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govkg.records import EntityRecord, RecordBatch, RelationRecord, relation_key_text
from govkg.records.batch import RELATION_KEY
from govkg.records.fields import LOOKUP_KEYS
from govkg.records.names import lookup_keys

_NULL, _BOOL, _DOUBLE, _STRING, _LONG, _ARRAY = 0, 1, 2, 3, 4, 5
_PACK_DOUBLE = struct.Struct("=Bd").pack
_PACK_LONG = struct.Struct("=Bq").pack
_PACK_ARRAY = struct.Struct("=Bq").pack
_STRING_TAG = bytes([_STRING])
_TRUE, _FALSE = bytes([_BOOL, 1]), bytes([_BOOL, 0])
_NUL = b"\x00"
_KEY_SIZE = 8
INT64 = (-(2**63), 2**63 - 1)
"""Integers both stores hold; FalkorDB clamps bigger ones silently, so they are refused."""


class UnencodableError(ValueError):
    """A value the binary form cannot carry as a store would keep it (see `unstorable`)."""


def encode_value(value: Any, strict: bool = True) -> bytes:
    """One property value in GRAPH.BULK's binary form (type tag, then the value).

    strict: refuse what GRAPH.BULK would store differently from Cypher (a NUL ends a string
    there); digests, which only compare encodings, pass strict=False.
    """
    if isinstance(value, str):
        if strict and "\x00" in value:
            raise UnencodableError("a string with a NUL character")
        return _STRING_TAG + value.encode() + _NUL
    if isinstance(value, bool):
        return _TRUE if value else _FALSE
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            raise UnencodableError(f"integer {value} does not fit 64 bits")
        return _PACK_LONG(_LONG, value)
    if isinstance(value, float):
        return _PACK_DOUBLE(_DOUBLE, value)
    if isinstance(value, list | tuple):
        return _PACK_ARRAY(_ARRAY, len(value)) + b"".join(encode_value(v, strict)
                                                           for v in value)
    raise UnencodableError(f"a value of type {type(value).__name__}")


def encode_props(props: dict[str, Any], strict: bool = True) -> bytes:
    """Property values in key order; the keys go into the bulk token's header."""
    parts = []
    for value in props.values():
        if type(value) is str and "\x00" not in value:  # the common case, inlined
            parts.append(b"\x03%s\x00" % value.encode())
        else:
            parts.append(encode_value(value, strict))
    return b"".join(parts)


def unstorable(value: Any) -> str | None:
    """Why a property value cannot be stored as given, or None."""
    if isinstance(value, str) and "\x00" in value:
        return "contains a NUL character"
    if isinstance(value, float) and not math.isfinite(value):
        return (f"is {value}, which no store keeps as a number (and JSON cannot carry); "
                "give a finite number, or leave the field out")
    if isinstance(value, int) and not isinstance(value, bool) and not (
            INT64[0] <= value <= INT64[1]):
        return f"{value} does not fit a 64-bit integer; write it as a decimal (e.g. 1.2e21)"
    if isinstance(value, list | tuple):
        return next((why for v in value if (why := unstorable(v))), None)
    return None


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a record's key (the same in every process)."""
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


def node_props(entity: EntityRecord) -> dict[str, Any]:
    """What a store writes for an entity: its properties, with its lookup keys."""
    props = entity.properties()
    props[LOOKUP_KEYS] = lookup_keys([entity.id, entity.name, entity.name_en, *entity.aliases])
    return props


@dataclass(slots=True)
class NodeRow:
    """An entity as a store writes it; `values` are its properties' values encoded."""

    record: EntityRecord
    props: dict[str, Any]
    values: bytes
    key_hash: int
    digest: int

    @property
    def id(self) -> str:
        return self.record.id


@dataclass(slots=True)
class EdgeRow:
    """A relation as a store writes it; `values` are its properties' values encoded."""

    record: RelationRecord
    props: dict[str, Any]
    values: bytes
    key_hash: int
    digest: int


@dataclass(frozen=True)
class Chunk:
    """A prepared part of a load (govkg.loaders.validate.prepare_chunk) with the row of each
    of its records, in record order."""

    batch: RecordBatch
    nodes: Sequence[NodeRow]
    edges: Sequence[EdgeRow]
    problems: Sequence[tuple[str, str]] = field(default=())
    """Values no store keeps as given: (record key, "key: field why"); a chunk with any
    must not be written (their rows carry no encoded values)."""


def _encoded(props: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]]:
    """The values of `props` encoded (encode_props) and, in the same pass, (field, why) of
    each value a store cannot keep as given (unstorable); no bytes when there is any. Strings
    and lists of strings, most of every record, are encoded inline."""
    parts: list[bytes] = []
    bad: list[tuple[str, str]] = []
    for name, value in props.items():
        kind = type(value)
        if kind is str:
            if "\x00" in value:
                bad.append((name, "contains a NUL character"))
            else:
                parts.append(b"\x03%s\x00" % value.encode())
        elif kind is list and all(type(item) is str and "\x00" not in item for item in value):
            parts.append(_PACK_ARRAY(_ARRAY, len(value))
                         + b"".join([b"\x03%s\x00" % item.encode() for item in value]))
        elif (why := unstorable(value)) is not None:
            bad.append((name, why))
        else:
            parts.append(encode_value(value, strict=False))
    return (b"" if bad else b"".join(parts)), bad


def node_row(entity: EntityRecord, problems: list[tuple[str, str]]) -> NodeRow:
    props = entity.properties()
    props[LOOKUP_KEYS] = lookup_keys([entity.id, entity.name, entity.name_en, *entity.aliases])
    values, bad = _encoded(props)
    problems += [(entity.id, f"{entity.id}: {name} {why}") for name, why in bad]
    return NodeRow(entity, props, values, key_hash(entity.id),
                   content_digest(entity.type, props, values))


def edge_row(relation: RelationRecord, problems: list[tuple[str, str]]) -> EdgeRow:
    props = relation.properties()
    values, bad = _encoded(props)
    if bad:
        text = relation_key_text(relation.key)
        problems += [(text, f"{text}: {name} {why}") for name, why in bad]
    key = edge_key(relation.source_id, relation.type, relation.target_id, props[RELATION_KEY])
    return EdgeRow(relation, props, values, key_hash(key),
                   content_digest(relation.type, props, values))


def encode_chunk(batch: RecordBatch) -> Chunk:
    """Every record of a prepared batch with its row; values no store keeps are listed in
    `problems` (keyed by record) rather than encoded."""
    problems: list[tuple[str, str]] = []
    nodes = [node_row(entity, problems) for entity in batch.entities]
    edges = [edge_row(relation, problems) for relation in batch.relations]
    return Chunk(batch, nodes, edges, tuple(problems))


__all__ = ["INT64", "Chunk", "EdgeRow", "NodeRow", "UnencodableError", "content_digest",
           "edge_key", "encode_chunk", "encode_props", "encode_value", "key_hash", "node_key",
           "node_props", "unstorable"]
