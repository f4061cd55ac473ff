"""What a streaming load remembers of the chunks it has planned: a few bytes per record.

A load is read, checked and written in chunks, and the chunks are not kept. Later chunks
still need to know, for every record an earlier chunk gave: whether a record with the same
key was already given (the same fact is dropped, another fact under the same key is refused)
and, for an entity, its class (a relation's end may be an entity of an earlier chunk) and
where a bulk import put its node. The ledger keeps exactly that, in NumPy arrays: per entity
the hash of its id, its stable key hash, its digest, its class and its node number (29
bytes); per relation its stable key hash and its digest (16 bytes). At the end of the load
the (key hash, digest) pairs are the new digest table of the graph.

Arrays are kept as sorted runs that are merged when a newer run grows to half the size of
the one before it: adding a chunk costs its own sort, a look-up one binary search per run,
and there are never more than log2(records) runs.

Entities are found by Python's `hash()` of their id (64 bits, cached on the string, cheap for
the two ends of every relation); two different ids of one load with the same hash would
count as one id: with n ids the chance is about n²/2⁶⁵ (3·10⁻⁸ for ten million ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Columns = dict[str, NDArray[np.generic]]
NO_ROW = -1
"""Node number of an entity no bulk import has sent (yet)."""


@dataclass
class _Run:
    keys: NDArray[np.generic]
    columns: Columns


class SortedRuns:
    """A map from 64-bit keys to fixed-width columns, as sorted runs (see the module text)."""

    def __init__(self, key_type: type[np.generic], columns: dict[str, type[np.generic]]) -> None:
        self.key_type = key_type
        self.column_types = columns
        self.runs: list[_Run] = []

    def __len__(self) -> int:
        return sum(len(run.keys) for run in self.runs)

    @property
    def nbytes(self) -> int:
        return sum(run.keys.nbytes + sum(c.nbytes for c in run.columns.values())
                   for run in self.runs)

    def add(self, keys: NDArray[np.generic], columns: Columns) -> None:
        """Add keys that are not in the map yet (the caller looked them up first)."""
        if not len(keys):
            return
        order = np.argsort(keys, kind="stable")
        self.runs.append(_Run(keys[order], {name: col[order] for name, col in columns.items()}))
        while len(self.runs) > 1 and len(self.runs[-2].keys) <= 2 * len(self.runs[-1].keys):
            newer = self.runs.pop()
            older = self.runs.pop()
            merged = np.concatenate((older.keys, newer.keys))
            order = np.argsort(merged, kind="stable")
            self.runs.append(_Run(merged[order], {
                name: np.concatenate((older.columns[name], newer.columns[name]))[order]
                for name in self.column_types}))

    def _positions(self, run: _Run, keys: NDArray[np.generic]
                   ) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
        at = np.searchsorted(run.keys, keys)
        at[at == len(run.keys)] = 0
        return at, run.keys[at] == keys

    def find(self, keys: NDArray[np.generic]) -> tuple[NDArray[np.bool_], Columns]:
        """Which keys the map holds, and their columns (zero where not found)."""
        found = np.zeros(len(keys), dtype=bool)
        columns: Columns = {name: np.zeros(len(keys), dtype=kind)
                            for name, kind in self.column_types.items()}
        for run in self.runs:
            if not len(run.keys) or found.all():
                continue
            at, hit = self._positions(run, keys)
            hit &= ~found
            for name, column in columns.items():
                column[hit] = run.columns[name][at[hit]]
            found |= hit
        return found, columns

    def update(self, keys: NDArray[np.generic], name: str, values: NDArray[np.generic]) -> None:
        """Set column `name` of keys the map holds."""
        for run in self.runs:
            at, hit = self._positions(run, keys)
            run.columns[name][at[hit]] = values[hit]

    def pairs(self, column: str) -> Iterable[tuple[NDArray[np.generic], NDArray[np.generic]]]:
        for run in self.runs:
            yield run.keys, run.columns[column]


@dataclass(frozen=True)
class EntityHits:
    """What the ledger knows of some ids: found or not, and class code, digest and node row."""

    found: NDArray[np.bool_]
    classes: NDArray[np.uint8]
    digests: NDArray[np.uint64]
    rows: NDArray[np.int64]


def id_hashes(ids: Sequence[str]) -> NDArray[np.int64]:
    return np.fromiter((hash(i) for i in ids), dtype=np.int64, count=len(ids))


def uint64s(values: Sequence[int]) -> NDArray[np.uint64]:
    return np.fromiter(values, dtype=np.uint64, count=len(values))


class Ledger:
    """The records a load has planned so far (see the module text)."""

    def __init__(self) -> None:
        self._entities = SortedRuns(np.int64, {"stable": np.uint64, "digest": np.uint64,
                                               "cls": np.uint8, "row": np.int64})
        self._relations = SortedRuns(np.uint64, {"digest": np.uint64})
        self.class_names: list[str] = []
        self._codes: dict[str, int] = {}

    @property
    def entities(self) -> int:
        return len(self._entities)

    @property
    def relations(self) -> int:
        return len(self._relations)

    @property
    def nbytes(self) -> int:
        return self._entities.nbytes + self._relations.nbytes

    def code(self, label: str) -> int:
        code = self._codes.get(label)
        if code is None:
            if len(self.class_names) > 255:
                raise ValueError("more than 256 classes in one load")
            code = self._codes[label] = len(self.class_names)
            self.class_names.append(label)
        return code

    def find_entities(self, ids: Sequence[str]) -> EntityHits:
        found, columns = self._entities.find(id_hashes(ids))
        return EntityHits(found, columns["cls"].astype(np.uint8),
                          columns["digest"].astype(np.uint64), columns["row"].astype(np.int64))

    def classes_of(self, ids: Sequence[str]) -> dict[str, str]:
        """Class of each of `ids` that an earlier chunk gave."""
        hits = self.find_entities(ids)
        names = self.class_names
        return {ids[i]: names[int(hits.classes[i])] for i in np.flatnonzero(hits.found).tolist()}

    def add_entities(self, ids: Sequence[str], classes: Sequence[str], stable: Sequence[int],
                     digests: Sequence[int]) -> None:
        """Entities new to this load (their ids looked up first)."""
        codes = np.fromiter((self.code(c) for c in classes), dtype=np.uint8, count=len(ids))
        self._entities.add(id_hashes(ids), {
            "stable": uint64s(stable), "digest": uint64s(digests), "cls": codes,
            "row": np.full(len(ids), NO_ROW, dtype=np.int64)})

    def set_rows(self, ids: Sequence[str], rows: NDArray[np.int64]) -> None:
        """Where a bulk import put the nodes of these (already added) entities."""
        self._entities.update(id_hashes(ids), "row", rows)

    def set_digests(self, ids: Sequence[str], digests: Sequence[int]) -> None:
        """New digests of (already added) entities whose statements were merged."""
        self._entities.update(id_hashes(ids), "digest", uint64s(digests))

    def find_relations(self, stable: Sequence[int]) -> tuple[NDArray[np.bool_],
                                                             NDArray[np.uint64]]:
        found, columns = self._relations.find(uint64s(stable))
        return found, columns["digest"].astype(np.uint64)

    def add_relations(self, stable: Sequence[int], digests: Sequence[int]) -> None:
        self._relations.add(uint64s(stable), {"digest": uint64s(digests)})

    def digest_pairs(self) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
        """(stable key hash, digest) of every record of the load, entities and relations."""
        keys: list[NDArray[np.generic]] = []
        digests: list[NDArray[np.generic]] = []
        for _, stable in self._entities.pairs("stable"):
            keys.append(stable)
        for _, digest in self._entities.pairs("digest"):
            digests.append(digest)
        for key, digest in self._relations.pairs("digest"):
            keys.append(key)
            digests.append(digest)
        if not keys:
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64)
        return np.concatenate(keys).astype(np.uint64), np.concatenate(digests).astype(np.uint64)


__all__ = ["NO_ROW", "EntityHits", "Ledger", "SortedRuns", "id_hashes", "uint64s"]
