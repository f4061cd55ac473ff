"""Which records of a load the graph already holds exactly as given (so need no validation).

A store that keeps digests of what it wrote (FalkorDB: govkg.graph.falkordb_digests) can say
which records would not change the graph. Those were validated when they were written and a
load does not write them again, so validation checks only the others: a re-load of
unchanged data costs the digests, not the graph look-ups, the shapes and pySHACL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from govkg.records import EntityRecord, RelationRecord

Unchanged = tuple[set[str], set[tuple[str, str, str]]]
"""Ids of unchanged entities and keys (source, type, target) of unchanged relations."""

UnchangedTest = Callable[[Sequence[EntityRecord], Sequence[RelationRecord]], Unchanged]


@runtime_checkable
class KnowsUnchanged(Protocol):
    """A store that can tell, before a write, which records it already holds as given."""

    def unchanged_records(self, entities: Sequence[EntityRecord],
                          relations: Sequence[RelationRecord]) -> Unchanged: ...


def unchanged_test(store: object) -> UnchangedTest | None:
    """The store's test, or None for stores that keep no digests (every record is checked)."""
    return store.unchanged_records if isinstance(store, KnowsUnchanged) else None


__all__ = ["KnowsUnchanged", "Unchanged", "UnchangedTest", "unchanged_test"]
