"""Every tabular answer as one flat table: the CSV of the API (`?format=csv`, `Accept:
text/csv`) and of the CLI (`--csv`), and the cells of the CLI's tables.

An answer's list (results, policies, links, …) gives the rows; nested objects become dotted
columns (`pilot.name`, `provenance.quote`), lists of values one cell joined by "; ", lists of
objects their names joined the same way. No cell holds a dict or raw JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

ROW_LISTS = ("results", "policies", "links", "changes", "versions", "articles", "paths",
             "edges", "relations")
"""The field of an answer whose items are its rows, first match wins."""
JOIN = "; "


@dataclass(frozen=True)
class FlatTable:
    columns: list[str]
    rows: list[list[str | int | float | bool | None]]

    def csv(self) -> str:
        """The table as CSV text (RFC 4180, a header line first)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows([["" if v is None else v for v in row] for row in self.rows])
        return buffer.getvalue()


def _label(item: Mapping[str, Any]) -> str:
    """How an object in a list reads in one cell: its name, id, or ends."""
    for key in ("name", "id"):
        if item.get(key):
            return str(item[key])
    if isinstance(item.get("other"), Mapping):
        other = _label(item["other"])
        return other if item.get("stated", True) else f"{other} (not stated)"
    if "source" in item and "target" in item:
        return f"{item['source']} -{item.get('type', '')}-> {item['target']}"
    if "properties" in item and isinstance(item["properties"], Mapping):
        props = item["properties"]
        return str(props.get("name") or props.get("id") or item.get("id") or item.get("type")
                   or "")
    return json.dumps(item, ensure_ascii=False, sort_keys=True)


def flat_value(value: Any) -> str | int | float | bool | None:
    """One cell: scalars as they are, lists joined, objects by their name."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True)
    if isinstance(value, Mapping):
        return _label(value)
    if isinstance(value, Iterable):
        return JOIN.join(str(flat_value(v)) for v in value if v is not None)
    return str(value)


def flatten(item: Any, prefix: str = "") -> dict[str, Any]:
    """A row: nested objects as dotted columns, everything else one cell."""
    if isinstance(item, BaseModel):
        item = item.model_dump(mode="json", by_alias=True)
    if not isinstance(item, Mapping):
        return {prefix or "value": flat_value(item)}
    row: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and not ({"labels", "properties"} & set(value)):
            row.update(flatten(value, f"{name}."))
        else:
            row[name] = flat_value(value)
    return row


def _table(rows: list[dict[str, Any]], columns: Iterable[str] = ()) -> FlatTable:
    order = list(dict.fromkeys([*columns, *(k for row in rows for k in row)]))
    return FlatTable(order, [[row.get(c) for c in order] for row in rows])


def table_of(answer: Any) -> FlatTable:
    """The flat table of an answer (a typed answer, a list of them, or a dict)."""
    if isinstance(answer, BaseModel):
        data = answer.model_dump(mode="json", by_alias=True)
    else:
        data = answer
    if isinstance(data, list):
        return _table([flatten(item) for item in data])
    if isinstance(data, Mapping):
        if "columns" in data and "rows" in data:  # Cypher answers, analytics tables
            rows = data["rows"]
            columns = list(data["columns"])
            if rows and isinstance(rows[0], Mapping):
                return _table([flatten(r) for r in rows], columns)
            return _table([{c: flat_value(v) for c, v in zip(columns, r, strict=False)}
                           for r in rows], columns)
        if "labels" in data and "relation_types" in data:  # stats
            return FlatTable(["kind", "name", "count"],
                             [*(["entity", k, v] for k, v in data["labels"].items()),
                              *(["relation", k, v] for k, v in data["relation_types"].items())])
        for key in ROW_LISTS:
            if isinstance(data.get(key), list):
                return _table([flatten(item) for item in data[key]])
        return _table([flatten(data)])
    return FlatTable(["value"], [[flat_value(data)]])


__all__ = ["FlatTable", "flat_value", "flatten", "table_of"]
