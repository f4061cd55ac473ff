"""The store seam: the GraphStore protocol and the plain values every store returns."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from govkg.records import RecordBatch


@dataclass(frozen=True)
class GraphNode:
    """A node as read from any store; `key` is govkg's id property when present."""

    element_id: str
    labels: tuple[str, ...]
    properties: dict[str, Any]

    @property
    def key(self) -> str:
        return str(self.properties.get("id", self.element_id))


@dataclass(frozen=True)
class GraphRelationship:
    element_id: str
    type: str
    start: str
    end: str
    properties: dict[str, Any]


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


@runtime_checkable
class GraphStore(Protocol):
    """What govkg needs of a graph database; FalkorDB and Neo4j each implement it."""

    name: str

    def write(self, batch: RecordBatch) -> WriteSummary:
        """Upsert a validated batch, all-or-nothing."""
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

    def labels_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Class label of each id already in the graph."""
        ...

    def apply_schema(self) -> list[str]:
        """Create the indexes and constraints the ontology asks for; idempotent."""
        ...

    def clear(self) -> None:
        """Delete the whole graph (tests, re-imports)."""
        ...

    def ping(self) -> bool:
        ...

    def close(self) -> None:
        ...
