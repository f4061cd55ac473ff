"""`govkg export --format cypher`: a Cypher script that rebuilds the graph in Neo4j.

Schema first (the same DDL as `govkg init-schema`), then one idempotent MERGE per node and per
relation, values written as Cypher literals. One statement per line, each ending in `;`, so
`cypher-shell -f govkg.cypher` and Neo4j Browser run it as it is, and running it twice changes
nothing. Labels and relation types come from the ontology (graph_dump checks them).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govkg.errors import InputError
from govkg.exports.graph_dump import GraphDump, dump
from govkg.graph.schema import KEY, neo4j_schema
from govkg.ontology.model import Ontology
from govkg.records.fields import RELATION_KEY
from govkg.service import GovernanceService

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def _char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def string_literal(text: str) -> str:
    """A single-quoted Cypher string; quotes, backslashes and control characters escaped."""
    return "'" + re.sub(r"[\\']|" + _CONTROL.pattern, _char, text) + "'"


def name(key: str) -> str:
    """A property key as Cypher spells it: bare when it is a plain name, else in backticks."""
    return key if _NAME.match(key) else "`" + key.replace("`", "``") + "`"


def literal(value: Any) -> str:
    """A Cypher literal for a property value (text, number, boolean, list, map, null)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{value!r} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{name(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    raise InputError(f"a {type(value).__name__} value has no Cypher literal")


def statements(ontology: Ontology, graph: GraphDump) -> Iterator[str]:
    """The script's statements, without the `;`."""
    base = ontology.base_label
    yield from neo4j_schema(ontology)
    for node in graph.nodes:
        yield (f"MERGE (n:{base} {{{KEY}: {literal(node.id)}}}) "
               f"SET n = {literal(node.properties)} SET n:{node.label}")
    for rel in graph.relations:
        yield (f"MATCH (a:{base} {{{KEY}: {literal(rel.start)}}}) "
               f"MATCH (b:{base} {{{KEY}: {literal(rel.end)}}}) "
               f"MERGE (a)-[r:{rel.type} {{{RELATION_KEY}: "
               f"{literal(rel.properties.get(RELATION_KEY, ''))}}}]->(b) "
               f"SET r = {literal(rel.properties)}")


def write_cypher(kg: GovernanceService, output: Path) -> None:
    graph = dump(kg)
    with output.open("w", encoding="utf-8", newline="\n") as out:
        out.write(f"// govkg graph: {len(graph.nodes)} nodes, {len(graph.relations)} relations.\n"
                  "// Run with `cypher-shell -f FILE` or paste into Neo4j Browser; idempotent.\n")
        for statement in statements(kg.ontology, graph):
            out.write(statement + ";\n")
