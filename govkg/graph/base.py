"""The store seam: the GraphStore protocol and the plain values every store returns."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from govkg.graph.rows import Chunk, EdgeRow, NodeRow
from govkg.records import EntityRecord, RecordBatch, RelationKey, RelationRecord


@dataclass(frozen=True)
class GraphNode:
    """A node as read from any store; `key` is govkg's id property when present."""

    element_id: str
    labels: tuple[str, ...]
    properties: dict[str, Any]

    @property
    def key(self) -> str:
        return str(self.properties.get("id", self.element_id))

    def classes(self, base_label: str) -> list[str]:
        """The node's labels besides the base label: its ontology class, one for a node
        govkg wrote."""
        return [label for label in self.labels if label != base_label]

    def class_label(self, base_label: str) -> str:
        """The node's class (the base label when it has none of its own)."""
        own = self.classes(base_label)
        return own[0] if own else base_label


@dataclass(frozen=True)
class GraphRelationship:
    element_id: str
    type: str
    start: str
    end: str
    properties: dict[str, Any]


class NodeKeys:
    """govkg ids of the nodes of one answer, by element id: relationships name their ends by
    element id (store-specific), answers name them by govkg id."""

    def __init__(self, nodes: Iterable[GraphNode]) -> None:
        self._ids = {node.element_id: node.key for node in nodes}

    def ends(self, rel: GraphRelationship) -> tuple[str, str] | None:
        """The govkg ids at both ends of `rel`, or None when an end is not among the nodes."""
        start, end = self._ids.get(rel.start), self._ids.get(rel.end)
        return (start, end) if start is not None and end is not None else None


@dataclass(frozen=True)
class GraphPath:
    nodes: tuple[GraphNode, ...]
    relationships: tuple[GraphRelationship, ...]


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of plain Python values (GraphNode etc. for graph values)."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows else None


@dataclass(frozen=True)
class WriteSummary:
    nodes: int
    relationships: int
    batches: int
    details: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadPlan:
    """What writing a prepared batch (or one chunk of a load) would change, worked out
    without writing anything.

    A load is `plan = load.plan(chunk)`, then validation of what the plan says changes
    (`entities`, `relations`, against `known`), then `load.apply(plan)`, chunk after chunk,
    then `load.commit()`. `known` is the class of every id those records touch that the graph
    or an earlier chunk of the load already holds. `generation` is the store's token for the
    graph the plan was made against: a load whose graph has changed since is refused
    (ConflictError), so a load never writes what was validated against another graph.
    `store_data` is private to the store that made the plan.
    """

    batch: RecordBatch
    entities: tuple[EntityRecord, ...]
    relations: tuple[RelationRecord, ...]
    known: Mapping[str, str]
    generation: str | None = None
    store_data: Any = None
    node_rows: Sequence[NodeRow] = ()
    """The rows of `entities`, in the same order (empty when the plan was made without)."""
    edge_rows: Sequence[EdgeRow] = ()
    """The rows of `relations`, in the same order."""
    held: int = -1
    """Records of the batch the graph already holds exactly as given (-1: count them)."""
    repeated: int = 0
    """Records an earlier chunk of the same load gave with the same facts (dropped)."""
    conflicts: tuple[str, ...] = ()
    """Keys (entity ids, relation key texts) an earlier chunk gave with other facts."""
    deferred: tuple[RelationRecord, ...] = ()
    """Relations with an end that neither the graph nor the load so far holds; planned again
    after the last chunk, when every entity of the load is known."""
    looked_up: tuple[str, ...] = ()
    """Ids whose class was asked of the graph (their answers are in `known`)."""
    restated: tuple[NodeRow, ...] = ()
    """Entities an earlier chunk of the load gave, written again as these rows: a later
    chunk's statement by another source merged into them (govkg.records.merge)."""
    merged: frozenset[str] = frozenset()
    """Ids of `node_rows` merged with another statement after planning (with the graph's,
    govkg.service.merging): their rows, not the ones planned, are what the load leaves."""

    @property
    def unchanged(self) -> int:
        """Records of the batch that the graph already holds exactly as given."""
        if self.held >= 0:
            return self.held
        return (len(self.batch.entities) + len(self.batch.relations)
                - len(self.entities) - len(self.relations))

    def entity_props(self) -> list[dict[str, Any]] | None:
        return [row.props for row in self.node_rows] if self.node_rows or not self.entities \
            else None

    def relation_props(self) -> list[dict[str, Any]] | None:
        return [row.props for row in self.edge_rows] if self.edge_rows or not self.relations \
            else None


def make_plan(
    batch: RecordBatch, same_ids: Collection[str], same_keys: Collection[RelationKey],
    labels_of: Callable[[Iterable[str]], dict[str, str]], *, generation: str | None = None,
    store_data: Any = None,
) -> LoadPlan:
    """A plan given which records the graph holds as given (`same_ids`, `same_keys`).

    Unchanged entities keep the class the batch gives them (their digest covers it); every
    other id a changed record touches is looked up in the graph once.
    """
    held = {e.id: e.type for e in batch.entities if e.id in same_ids}
    entities = tuple(e for e in batch.entities if e.id not in same_ids)
    relations = tuple(r for r in batch.relations if r.key not in same_keys)
    touched = ({r.source_id for r in relations} | {r.target_id for r in relations}
               | {e.id for e in entities}) - held.keys()
    known = {**labels_of(sorted(touched)), **held}
    return LoadPlan(batch, entities, relations, known, generation, store_data)


class LoadSession(Protocol):
    """One load into a store, chunk by chunk: each chunk planned, validated (by the caller)
    and applied, then everything committed at once, or nothing (`abort`)."""

    def plan(self, chunk: Chunk, *, last: bool = True) -> LoadPlan:
        """What writing this chunk would change; `last`: no chunk follows, so a relation
        whose end is still unknown is not deferred (validation refuses it)."""
        ...

    def apply(self, plan: LoadPlan) -> None:
        """Write a validated plan of this session where nobody sees it before `commit`;
        ConflictError if the graph has changed since the session began."""
        ...

    def flush(self) -> None:
        """Wait until the store has taken everything applied so far."""
        ...

    def seen(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` an earlier chunk of this load gave."""
        ...

    def staged(self, ids: Sequence[str]) -> list[GraphNode]:
        """The nodes of `ids` as the load has left them so far (what earlier chunks wrote,
        else the graph's); call after `flush`."""
        ...

    def commit(self) -> WriteSummary:
        """Make every applied chunk visible at once."""
        ...

    def abort(self) -> None:
        """Drop everything applied; the graph stays as it was. Safe to call twice."""
        ...


def apply_in_session(plan: LoadPlan, session_type: type[Any]) -> WriteSummary:
    """GraphStore.apply for a store whose plans carry their load session (`store_data`):
    write the plan and commit, or abort so that nothing is left; a plan another store made
    is refused."""
    load = plan.store_data
    if not isinstance(load, session_type):
        raise TypeError(f"this store applies only the plans it made, not {type(load).__name__}")
    try:
        load.apply(plan)
        summary: WriteSummary = load.commit()
    except BaseException:
        load.abort()
        raise
    return summary


@runtime_checkable
class GraphStore(Protocol):
    """What govkg needs of a graph database; FalkorDB and Neo4j each implement it."""

    name: str

    def begin_load(self) -> LoadSession:
        """A load in chunks (LoadSession); nothing is held until its first write."""
        ...

    def plan(self, batch: RecordBatch) -> LoadPlan:
        """What writing `batch` would change, and the graph facts validation needs (a load
        of one chunk)."""
        ...

    def apply(self, plan: LoadPlan) -> WriteSummary:
        """Write a validated plan, all-or-nothing; ConflictError if the graph has changed
        since the plan was made."""
        ...

    def write(self, batch: RecordBatch) -> WriteSummary:
        """apply(plan(batch)) for a batch known to be valid (tests, replays)."""
        ...

    def query(
        self,
        cypher: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = True,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run Cypher with parameters; read-only unless asked, cut after `timeout` seconds."""
        ...

    def search_text(self, label: str, field: str, text: str, limit: int
                    ) -> list[tuple[str, float]]:
        """(govkg id, score) of the nodes of `label` whose full-text indexed `field` best
        matches `text` (Chinese-aware), best first: the store's own full-text index."""
        ...

    def labels_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Class label of each id already in the graph."""
        ...

    def apply_schema(self) -> list[str]:
        """Create the indexes and constraints the ontology asks for; idempotent."""
        ...

    def clear(self) -> None:
        """Delete the whole graph (tests, re-imports)."""
        ...

    def generation(self) -> str | None:
        """A token that changes whenever the graph changes (None: the store has none), so
        that answers computed from the whole graph can be kept until it moves."""
        ...

    def stop_query(self, marker: str) -> bool:
        """Stop a query still running past its deadline whose text holds `marker`, where the
        store can; whether it did."""
        ...

    def ping(self) -> bool:
        ...

    def close(self) -> None:
        ...
