"""The plan of one chunk of a load, for any store: what is new, what is repeated, what is
unchanged, and the classes validation needs.

Each record of the chunk is looked up in the load's ledger (govkg.graph.ledger) by its key:
a record an earlier chunk gave with the same digest is a repeat and is dropped; with another
digest it is a conflict (two facts under one key). The rest is added to the ledger. Of those,
the ones the store says the graph already holds exactly as given (`held`, the FalkorDB digest
table) are unchanged: nothing to check or write. The classes of every id a changed record
touches come from the chunk itself, then the ledger, then the graph (one `labels_of` call);
a relation with an end none of them knows waits for the end of the load (`deferred`) unless
this is the last chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govkg.graph.base import LoadPlan
from govkg.graph.ledger import Ledger, uint64s
from govkg.graph.rows import Chunk, EdgeRow
from govkg.ontology.terms import MENTIONED_IN
from govkg.records import relation_key_text

Held = Callable[[NDArray[np.uint64], NDArray[np.uint64]], NDArray[np.bool_]]
"""(key hashes, digests) → which of them the graph already holds exactly."""
LabelsOf = Callable[[Iterable[str]], dict[str, str]]


def _held(held: Held | None, keys: Sequence[int], digests: Sequence[int]) -> NDArray[np.bool_]:
    if held is None or not len(keys):
        return np.zeros(len(keys), dtype=bool)
    return held(uint64s(keys), uint64s(digests))


def plan_chunk(chunk: Chunk, ledger: Ledger, held: Held | None, labels_of: LabelsOf | None,
               *, last: bool, generation: str | None = None, store_data: Any = None
               ) -> LoadPlan:
    """The plan of `chunk` (see the module text); the ledger learns the chunk's records.

    `labels_of` is None when the graph is known to be empty (nothing to look up).
    """
    nodes, edges = chunk.nodes, chunk.edges
    conflicts: list[str] = []
    repeated = 0

    ids = [row.record.id for row in nodes]
    hits = ledger.find_entities(ids)
    node_digests = uint64s([row.digest for row in nodes])
    same = hits.found & (hits.digests == node_digests)
    repeated += int(same.sum())
    conflicts += [ids[i] for i in np.flatnonzero(hits.found & ~same).tolist()]
    new_nodes = [nodes[i] for i in np.flatnonzero(~hits.found).tolist()]

    edge_keys = [row.key_hash for row in edges]
    found, digests = ledger.find_relations(edge_keys)
    mention = np.fromiter((row.record.type == MENTIONED_IN for row in edges), dtype=bool,
                          count=len(edges))
    same_edge = found & ((digests == uint64s([row.digest for row in edges])) | mention)
    repeated += int(same_edge.sum())
    conflicts += [relation_key_text(edges[i].record.key)
                  for i in np.flatnonzero(found & ~same_edge).tolist()]
    new_edges = [edges[i] for i in np.flatnonzero(~found).tolist()]

    node_held = _held(held, [r.key_hash for r in new_nodes], [r.digest for r in new_nodes])
    edge_held = _held(held, [r.key_hash for r in new_edges], [r.digest for r in new_edges])
    changed_nodes = [r for r, h in zip(new_nodes, node_held, strict=True) if not h]
    changed_edges = [r for r, h in zip(new_edges, edge_held, strict=True) if not h]

    chunk_classes = {r.record.id: r.record.type for r in new_nodes}
    held_classes = {r.record.id: r.record.type
                    for r, h in zip(new_nodes, node_held, strict=True) if h}
    ends = {end for r in changed_edges for end in (r.record.source_id, r.record.target_id)
            if end not in chunk_classes}
    earlier = ledger.classes_of(sorted(ends)) if ends else {}
    asked = sorted((ends - earlier.keys()) | {r.record.id for r in changed_nodes})
    from_graph = labels_of(asked) if labels_of is not None and asked else {}
    known = {**from_graph, **earlier, **held_classes}

    deferred: list[EdgeRow] = []
    if not last:
        def seen(end: str) -> bool:
            return end in chunk_classes or end in known

        deferred = [r for r in changed_edges
                    if not (seen(r.record.source_id) and seen(r.record.target_id))]
        if deferred:  # planned again later: not in this plan, not in the ledger yet
            waiting = {id(r) for r in deferred}
            changed_edges = [r for r in changed_edges if id(r) not in waiting]
            new_edges = [r for r in new_edges if id(r) not in waiting]

    ledger.add_entities([r.record.id for r in new_nodes], [r.record.type for r in new_nodes],
                        [r.key_hash for r in new_nodes], [r.digest for r in new_nodes])
    ledger.add_relations([r.key_hash for r in new_edges], [r.digest for r in new_edges])
    return LoadPlan(
        chunk.batch, tuple(r.record for r in changed_nodes),
        tuple(r.record for r in changed_edges), known, generation, store_data,
        node_rows=tuple(changed_nodes), edge_rows=tuple(changed_edges),
        held=int(node_held.sum()) + int(edge_held.sum()),
        repeated=repeated, conflicts=tuple(conflicts),
        deferred=tuple(r.record for r in deferred), looked_up=tuple(asked))


__all__ = ["Held", "LabelsOf", "plan_chunk"]
