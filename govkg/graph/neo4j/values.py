"""Neo4j driver values and errors → govkg's store-neutral values and errors.

Kept apart from the store so that both can be checked on real driver objects without a server.
"""

from __future__ import annotations

from typing import Any

from govkg.errors import (
    GovkgError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreUnavailableError,
    needs_extra,
)
from govkg.graph.base import GraphNode, GraphPath, GraphRelationship

with needs_extra("neo4j", "The Neo4j store (GOVKG_STORE=neo4j://…)"):
    from neo4j import exceptions as neo
    from neo4j.graph import Node, Path, Relationship
    from neo4j.spatial import Point
    from neo4j.time import Date, DateTime, Duration, Time

READ_ONLY_CODES = frozenset({
    "Neo.ClientError.Statement.AccessMode",
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
    "Neo.ClientError.General.ReadOnly",
    "Neo.ClientError.Transaction.ForbiddenDueToTransactionType",
})
TIMEOUT_CODES = frozenset({
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
})
UNAVAILABLE_CODES = frozenset({
    "Neo.ClientError.Database.DatabaseNotFound",
    "Neo.TransientError.General.DatabaseUnavailable",
})


def node(value: Node) -> GraphNode:
    # labels come as a frozenset: sorted, so that every run reads the same tuple
    return GraphNode(value.element_id, tuple(sorted(value.labels)), plain(dict(value.items())))


def relationship(value: Relationship) -> GraphRelationship:
    start, end = value.start_node, value.end_node
    return GraphRelationship(
        value.element_id, value.type,
        start.element_id if start is not None else "", end.element_id if end is not None else "",
        plain(dict(value.items())),
    )


def plain(value: Any) -> Any:
    """Driver values → plain Python: graph values as GraphNode etc., temporals as ISO text."""
    if isinstance(value, Node):
        return node(value)
    if isinstance(value, Relationship):
        return relationship(value)
    if isinstance(value, Path):
        return GraphPath(tuple(node(n) for n in value.nodes),
                         tuple(relationship(r) for r in value.relationships))
    if isinstance(value, Date | DateTime | Time | Duration):
        return value.iso_format()
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def store_error(exc: Exception, *, read_only: bool, timeout: float | None) -> GovkgError:
    """The govkg error for a driver error; `read_only` says whether the call was a read."""
    if isinstance(exc, neo.Neo4jError):
        code = exc.code or ""
        message = exc.message or str(exc)
        if code in READ_ONLY_CODES or (read_only and isinstance(exc, neo.Forbidden)):
            return ReadOnlyError("this query writes; only read queries are allowed here",
                                 details=message)
        if code in TIMEOUT_CODES:
            return QueryTimeoutError(f"query cut after {timeout}s", details=message)
        if isinstance(exc, neo.AuthError):
            return StoreUnavailableError(f"Neo4j refused the credentials: {message}")
        if code in UNAVAILABLE_CODES or isinstance(exc, neo.TransientError | neo.DatabaseError):
            return StoreUnavailableError(f"Neo4j cannot answer now: {message}")
        return QueryError(message, details={"code": code})
    if isinstance(exc, neo.ConfigurationError):
        return StoreUnavailableError(f"Neo4j connection settings are wrong: {exc}")
    return StoreUnavailableError(f"Neo4j is unreachable: {exc}")
