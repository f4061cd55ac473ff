"""`govkg export --format csv`: node and relation CSVs for `neo4j-admin database import`.

A folder with one `nodes_<Label>.csv` per class and one `relations_<TYPE>.csv` per relation
type, headers in the import tool's syntax (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`,
typed columns such as `value:double`, `aliases:string[]`), and IMPORT.txt with the command that
loads them. The bulk importer is the fast way into an empty Neo4j database for a large graph.
"""

from __future__ import annotations

import csv
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from govkg.errors import InputError
from govkg.exports.graph_dump import GraphDump, NodeRow, RelationRow, dump
from govkg.graph.schema import KEY
from govkg.service import GovernanceService

DELIMITERS = (";", "|", "^", "~")
"""Array delimiter candidates: the first that no value contains (`;` is the tool's default)."""


def _scalar_type(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def column_type(values: list[Any]) -> str:
    """The import type of a column from its values: string, long, double, boolean or X[]."""
    present = [v for v in values if v is not None]
    lists = [v for v in present if isinstance(v, list | tuple)]
    if lists and len(lists) == len(present):
        return _scalar_type([item for value in lists for item in value] or [""]) + "[]"
    if lists:
        return "string"
    return _scalar_type(present) if present else "string"


def _header(key: str, kind: str) -> str:
    if ":" in key or "," in key:
        raise InputError(f"property key {key!r} cannot be a neo4j-admin import column")
    return key if kind == "string" else f"{key}:{kind}"


def _cell(value: Any, kind: str, delimiter: str) -> str:
    if value is None:
        return ""
    if kind.endswith("[]"):
        return delimiter.join(_cell(item, kind[:-2], delimiter) for item in value)
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return delimiter.join(str(v) for v in value)
    return str(value)


def array_delimiter(graph: GraphDump) -> str:
    """The first candidate that splits every array (and the :LABEL column) unambiguously."""
    texts: set[str] = set()
    for props in [n.properties for n in graph.nodes] + [r.properties for r in graph.relations]:
        for value in props.values():
            if isinstance(value, list | tuple):
                texts.update(str(item) for item in value)
    for candidate in DELIMITERS:
        if not any(candidate in text for text in texts):
            return candidate
    raise InputError(f"every array delimiter ({' '.join(DELIMITERS)}) occurs in some list "
                     "value; the graph cannot be written as neo4j-admin CSV")


def _columns(rows: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    rows = list(rows)
    keys = sorted({k for props in rows for k in props if k != KEY})
    return [(k, column_type([props.get(k) for props in rows])) for k in keys]


def _write_nodes(path: Path, base: str, rows: list[NodeRow], delimiter: str) -> None:
    columns = _columns(r.properties for r in rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([f"{KEY}:ID", ":LABEL", *(_header(k, t) for k, t in columns)])
        for row in rows:
            writer.writerow([row.id, delimiter.join([base, row.label]),
                             *(_cell(row.properties.get(k), t, delimiter) for k, t in columns)])


def _write_relations(path: Path, rows: list[RelationRow], delimiter: str) -> None:
    columns = _columns(r.properties for r in rows)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([":START_ID", ":END_ID", ":TYPE", *(_header(k, t) for k, t in columns)])
        for row in rows:
            writer.writerow([row.start, row.end, row.type,
                             *(_cell(row.properties.get(k), t, delimiter) for k, t in columns)])


def write_neo4j_csv(kg: GovernanceService, output: Path) -> None:
    """Write the folder `output` (created; existing CSVs of an earlier export are replaced)."""
    if output.exists() and not output.is_dir():
        raise InputError(f"{output}: the csv export writes a folder, and this is a file")
    output.mkdir(parents=True, exist_ok=True)
    for old in [*output.glob("nodes_*.csv"), *output.glob("relations_*.csv")]:
        old.unlink()
    graph = dump(kg)
    delimiter = array_delimiter(graph)
    files: list[str] = []
    for label in sorted({n.label for n in graph.nodes}):
        path = output / f"nodes_{label}.csv"
        _write_nodes(path, kg.ontology.base_label, [n for n in graph.nodes if n.label == label],
                     delimiter)
        files.append(f"--nodes={path.name}")
    for rel_type in sorted({r.type for r in graph.relations}):
        path = output / f"relations_{rel_type}.csv"
        _write_relations(path, [r for r in graph.relations if r.type == rel_type], delimiter)
        files.append(f"--relationships={path.name}")
    command = ["neo4j-admin", "database", "import", "full", "--multiline-fields=true",
               f"--array-delimiter={delimiter}", *files, "neo4j"]
    (output / "IMPORT.txt").write_text(
        f"govkg graph: {len(graph.nodes)} nodes, {len(graph.relations)} relations.\n"
        "Into an empty (or new) Neo4j database, from this folder, with Neo4j stopped:\n\n"
        f"  {shlex.join(command)}\n\n"
        "then start Neo4j and run `govkg init-schema` (constraint and indexes).\n",
        encoding="utf-8")
