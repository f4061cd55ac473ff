"""How two entities are connected: bounded simple paths, shortest first."""

from __future__ import annotations

from typing import Any

from govkg.errors import InputError
from govkg.graph.base import GraphPath, NodeKeys
from govkg.service.answers import Entity, PathOut, PathsAnswer
from govkg.service.neighbourhood import edge_of

QUERY = "paths_between"
QUERY_MAX_LEN = 6
"""Longest path queries/paths_between.cypher walks; GOVKG_MAX_PATH_LEN cannot go past it."""
DEFAULT_LIMIT = 20


def check_max_len(max_len: int | None, setting: int) -> int:
    """max_len within 1 … min(GOVKG_MAX_PATH_LEN, what the query walks); default the cap."""
    cap = min(setting, QUERY_MAX_LEN)
    if max_len is None:
        return cap
    if not 1 <= max_len <= cap:
        raise InputError(f"max_len {max_len} is out of range; use 1 to {cap}",
                         details={"field": "max_len", "max": cap})
    return max_len


WALK = "-[*1..6]-"
"""The variable-length step of queries/paths_between.cypher, bounded per question below."""


def bounded_query(cypher: str, max_len: int, types: list[str]) -> str:
    """The path query walking only `types` and at most `max_len` steps while it expands,
    not after: enumerating every 6-step path first made a 4-step question take seconds.
    `types` are relation types of the ontology and `max_len` a checked integer, never user
    text (they are checked by the callers: relation_types, check_max_len)."""
    if WALK not in cypher:
        raise ValueError(f"{QUERY}.cypher no longer has {WALK!r}")
    allowed = "|".join(types)
    return cypher.replace(WALK, f"-[:{allowed}*1..{int(max_len)}]-")


def path_out(path: GraphPath, base_label: str) -> PathOut:
    keys = NodeKeys(path.nodes)
    return PathOut(
        length=len(path.relationships),
        nodes=[Entity.from_node(node, base_label) for node in path.nodes],
        relations=[edge for rel in path.relationships if (edge := edge_of(rel, keys))],
    )


def paths_from_rows(
    source: Entity, target: Entity, rows: list[tuple[Any, ...]], base_label: str,
    max_len: int, as_of: str | None,
) -> PathsAnswer:
    return PathsAnswer(source=source, target=target, max_len=max_len, as_of=as_of,
                       paths=[path_out(path, base_label) for path, _length in rows])
