"""The query library: named .cypher files with a header that documents each one."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from govkg.errors import InputError

QUERY_DIR = Path(str(resources.files("govkg.queries")))
_HEADER = re.compile(r"^//\s*(name|summary|param|returns|example)\s*(\w*)\s*:\s*(.*)$")


@dataclass(frozen=True)
class NamedQuery:
    """One .cypher file: its text and the header that says what it answers."""

    name: str
    cypher: str
    summary: str
    params: dict[str, str] = field(default_factory=dict)
    returns: str = ""
    example: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


def parse_query(text: str, path: Path | None = None) -> NamedQuery:
    meta: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, arg, value = match.groups()
        if key == "param":
            params[arg] = value.strip()
        else:
            meta[key] = value.strip()
    name = meta.get("name") or (path.stem if path else "")
    if not name or "summary" not in meta:
        raise InputError(f"{path or 'query'}: header needs '// name:' and '// summary:'")
    example = json.loads(meta["example"]) if meta.get("example") else {}
    return NamedQuery(name=name, cypher=text, summary=meta["summary"], params=params,
                      returns=meta.get("returns", ""), example=example, path=path)


@cache
def query_library() -> dict[str, NamedQuery]:
    """Every packaged query by name."""
    queries = {}
    for path in sorted(QUERY_DIR.glob("*.cypher")):
        query = parse_query(path.read_text(encoding="utf-8"), path)
        if query.name != path.stem:
            raise InputError(f"{path}: header name {query.name!r} differs from the file name")
        queries[query.name] = query
    return queries


def get_query(name: str) -> NamedQuery:
    library = query_library()
    if name not in library:
        raise InputError(f"no query named {name!r}; known: {', '.join(sorted(library))}")
    return library[name]
