"""A researcher's own Cypher: read-only, cut at a deadline, capped in rows, answered as JSON.

Read-only is the store's job (FalkorDB GRAPH.RO_QUERY, a Neo4j READ transaction): a write
fails inside the database, whatever the spelling. This module adds what read-only mode does
not cover: LOAD CSV (a read that fetches files and URLs from the database host), constructs
whose work the store cannot bound (govkg.queries.user_bounds), a deadline kept on govkg's
side (FalkorDB does not always stop at its own timeout) with the store told to stop a query
that outlives it, a bound on how many user queries run at once, and the row cap, applied in
the query (LIMIT) so that the store stops there.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from govkg.errors import InputError, QueryTimeoutError
from govkg.graph.base import GraphNode, GraphPath, GraphRelationship, QueryResult
from govkg.queries.user_bounds import cap_rows, check_bounds
from govkg.records.fields import LOOKUP_KEYS

T = TypeVar("T")

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_STRINGS_AND_COMMENTS = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""", re.DOTALL
)
_FORBIDDEN = {
    "LOAD CSV": re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE),
}
"""Clauses refused before the query reaches the store, with why."""
_WHY = {"LOAD CSV": "it reads files and URLs from the database host"}


class CypherRequest(BaseModel):
    """Body of POST /cypher."""

    query: str = Field(min_length=1, max_length=20_000,
                       examples=["MATCH (p:Pilot)-[c:COVERS]->(u) RETURN p.name, u.name, c.role"])
    params: dict[str, Any] = Field(default_factory=dict, examples=[{}])


class CypherAnswer(BaseModel):
    """Columns and rows of a read-only query; graph values as {id, labels, properties} etc."""

    columns: list[str]
    rows: list[list[Any]]
    row_count: int = Field(description="rows returned (after the cap)")
    truncated: bool = Field(description="true when the query had more rows than GOVKG_ROW_CAP")
    row_cap: int


def code_only(query: str) -> str:
    """The query without string literals, quoted names and comments (for clause checks)."""
    return _STRINGS_AND_COMMENTS.sub(" ", query)


def check_query(query: str, params: Mapping[str, Any]) -> None:
    """Refuse clauses read-only mode lets through and parameter names no store can take."""
    if "\x00" in query:  # FalkorDB would run only the text before it
        raise InputError("the query contains a NUL character", details={"field": "query"})
    code = code_only(query)
    for clause, pattern in _FORBIDDEN.items():
        if pattern.search(code):
            raise InputError(f"{clause} is not allowed here: {_WHY[clause]}",
                             details={"field": "query", "clause": clause})
    check_params(params)


@dataclass(frozen=True)
class UserQuery:
    """A user's query as sent to the store: checked, row-capped, and marked so that the
    store's list of running queries shows it (`marker`) if it outlives its deadline."""

    text: str
    marker: str


def prepare(query: str, params: Mapping[str, Any], *, row_cap: int, max_list: int,
            max_path_len: int) -> UserQuery:
    """check_query, the bounds of govkg.queries.user_bounds, then the row cap and the mark."""
    check_query(query, params)
    check_bounds(query, params, max_list=max_list, max_path_len=max_path_len)
    marker = f"govkg-user-{uuid.uuid4().hex}"
    return UserQuery(f"/* {marker} */ {cap_rows(query, row_cap)}", marker)


def check_params(params: Mapping[str, Any]) -> None:
    """Parameter names and nested map keys become identifiers in FalkorDB's query header."""
    bad = sorted(name for name in _names(params) if not _PARAM_NAME.match(name))
    if bad:
        raise InputError(f"parameter names must be identifiers: {', '.join(map(repr, bad))}",
                         details={"field": "params"})


def _names(value: Any) -> list[str]:
    """Parameter names and the keys of nested maps (both become Cypher identifiers)."""
    if isinstance(value, Mapping):
        return [*map(str, value), *(n for v in value.values() for n in _names(v))]
    if isinstance(value, list | tuple):
        return [n for v in value for n in _names(v)]
    return []


class QuerySlots:
    """At most `size` user queries run at once, and a deadline that govkg keeps itself.

    The query runs in a daemon thread; at the deadline the caller stops waiting and gets a
    QueryTimeoutError while the store's own timeout ends the work. The slot is held until
    the thread really finishes, so runaway queries cannot take every database thread.
    """

    def __init__(self, size: int) -> None:
        self._slots = threading.BoundedSemaphore(size)
        self.size = size

    def run(self, work: Callable[[], T], timeout: float, *,
            overrun: Callable[[], object] | None = None, grace: float = 0.0) -> T:
        """`work` within `timeout`; if it still runs `grace` seconds after the deadline,
        `overrun` is called once (it stops the query in the store)."""
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeoutError(
                f"no free query slot within {timeout}s: {self.size} queries are running",
                details={"timeout": timeout, "slots": self.size},
            )
        outcome: dict[str, Any] = {}

        def target() -> None:
            try:
                outcome["value"] = work()
            except BaseException as exc:  # handed to the waiting caller
                outcome["error"] = exc
            finally:
                self._slots.release()

        worker = threading.Thread(target=target, name="govkg-cypher", daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            if overrun is not None and grace > 0:
                threading.Thread(target=_watch, args=(worker, grace, overrun),
                                 name="govkg-cypher-watch", daemon=True).start()
            raise QueryTimeoutError(f"query cut after {timeout}s", details={"timeout": timeout})
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]  # type: ignore[no-any-return]


def _watch(worker: threading.Thread, grace: float, overrun: Callable[[], object]) -> None:
    """Call `overrun` if the query's thread still waits `grace` seconds after its deadline."""
    worker.join(grace)
    if worker.is_alive():
        overrun()


_DURATION_PARTS = ("years", "months", "days", "hours", "minutes", "seconds", "microseconds")


def _is_duration(value: Any) -> bool:
    """A timedelta, or a relativedelta (what the falkordb client gives for a duration)."""
    return isinstance(value, dt.timedelta) or all(hasattr(value, p) for p in _DURATION_PARTS)


def _duration(value: Any) -> str:
    """ISO 8601 duration text, as Neo4j writes durations (P1Y2M3DT4H5M6.5S)."""
    if isinstance(value, dt.timedelta):
        years = months = 0
        days, rest = divmod(value, dt.timedelta(days=1))
        seconds = rest.total_seconds()
    else:
        years, months, days = value.years, value.months, value.days
        seconds = (value.hours * 3600 + value.minutes * 60 + value.seconds
                   + value.microseconds / 1e6)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    date = "".join(f"{int(n)}{unit}" for n, unit in ((years, "Y"), (months, "M"), (days, "D"))
                   if n)
    clock = "".join(f"{int(n)}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    if seconds or not (date or clock):
        clock += f"{seconds:g}S"
    return f"P{date}T{clock}" if clock else f"P{date}"


_SCALARS = (str, int, bool, type(None))
_NOT_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def to_json(value: Any) -> Any:
    """Graph values → JSON: nodes with govkg id, labels and properties; relations; paths;
    temporals as ISO 8601 text; NaN and infinities as the text JSON lacks numbers for.
    Anything else is refused (400) rather than answered as a 500."""
    if isinstance(value, GraphNode):
        return {"id": value.key, "element_id": value.element_id, "labels": list(value.labels),
                "properties": {k: v for k, v in value.properties.items() if k != LOOKUP_KEYS}}
    if isinstance(value, GraphRelationship):
        return {"element_id": value.element_id, "type": value.type, "start": value.start,
                "end": value.end, "properties": dict(value.properties)}
    if isinstance(value, GraphPath):
        return {"nodes": [to_json(n) for n in value.nodes],
                "relationships": [to_json(r) for r in value.relationships]}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, float):
        return "NaN" if math.isnan(value) else _NOT_FINITE.get(value, value)
    if _is_duration(value):
        return _duration(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, _SCALARS):
        return value
    raise InputError(f"the query returns a value of type {type(value).__name__}, which has no "
                     "JSON form here; return its parts instead",
                     details={"field": "query", "type": type(value).__name__})


def answer(result: QueryResult, row_cap: int) -> CypherAnswer:
    rows = [[to_json(v) for v in row] for row in result.rows[:row_cap]]
    return CypherAnswer(columns=list(result.columns), rows=rows, row_count=len(rows),
                        truncated=len(result.rows) > row_cap, row_cap=row_cap)
