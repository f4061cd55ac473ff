"""Entities by id, Chinese name, English name or alias; close names when none matches."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from govkg.errors import AmbiguousNameError, NotFoundError
from govkg.graph.base import GraphNode, QueryResult
from govkg.records.names import normalise
from govkg.service.answers import Entity, Suggestion

SUGGESTIONS = 5


def suggestions(rows: list[dict[str, Any]], key: str, base_label: str,
                types: Iterable[str] | None = None) -> list[Suggestion]:
    """Close names for an unknown key among `rows` (the entity_names query): substring
    matches first, then similar spellings."""
    wanted = set(types or ())
    rows = [r for r in rows if not wanted or wanted & set(r["labels"])]
    target = normalise(key)
    by_key: dict[str, dict[str, Any]] = {}
    for row in rows:
        for name in [row["name"], row["name_en"], *(row["aliases"] or [])]:
            if name:
                by_key.setdefault(normalise(name), row)
    contains = [k for k in by_key if target and (target in k or k in target)]
    close = difflib.get_close_matches(target, list(by_key), n=SUGGESTIONS * 2, cutoff=0.4)
    picked: list[Suggestion] = []
    for name_key in [*sorted(contains, key=len), *close]:
        row = by_key[name_key]
        if any(s.id == row["id"] for s in picked):
            continue
        label = next(lb for lb in row["labels"] if lb != base_label)
        picked.append(Suggestion(id=row["id"], type=label, name=row["name"],
                                 name_en=row["name_en"]))
        if len(picked) == SUGGESTIONS:
            break
    return picked


def candidates(found: list[Entity], wanted: tuple[str, ...]) -> list[Entity]:
    """The entities of `found` of `wanted` types when there are any, else all of them."""
    if wanted:
        typed = [e for e in found if e.type in wanted]
        return typed or found
    return found


def the_one(found: list[Entity], wanted: tuple[str, ...]) -> Entity | None:
    """The entity `one_entity` would answer when it is of `wanted` types; None when it would
    raise (no entity, several) or answer one of another class."""
    chosen = candidates(found, wanted)
    if len(chosen) == 1 and (not wanted or chosen[0].type in wanted):
        return chosen[0]
    return None


def one_entity(found: list[Entity], key: str, wanted: tuple[str, ...],
               suggest: Any) -> Entity:
    """The one entity of `found` (of `wanted` types when any is), else NotFound with
    `suggest()`'s close names, or Ambiguous with the candidates."""
    found = candidates(found, wanted)
    if len(found) == 1:
        return found[0]
    if not found:
        kinds = "/".join(wanted) if wanted else "entity"
        raise NotFoundError(
            f"no {kinds} named {key!r}",
            details={"suggestions": [s.model_dump() for s in suggest()]},
        )
    raise AmbiguousNameError(
        f"{key!r} names {len(found)} entities; use an id",
        details={"candidates": [Suggestion(id=e.id, type=e.type, name=e.name,
                                           name_en=e.name_en).model_dump() for e in found]},
    )


def entities_of(result: QueryResult, base_label: str) -> list[Entity]:
    """The first column's nodes as entities."""
    return [Entity.from_node(row[0], base_label) for row in result.rows
            if isinstance(row[0], GraphNode)]


__all__ = ["SUGGESTIONS", "candidates", "entities_of", "one_entity", "suggestions", "the_one"]
