"""Runs tools/cypher-lint (Neo4j's own Cypher parser and semantic analysis, via node) on Cypher."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "cypher-lint"
PACKAGE = TOOL / "node_modules" / "@neo4j-cypher" / "language-support"


@dataclass(frozen=True)
class Cypher:
    """Cypher text to check, with the parameter names it may use."""

    name: str
    text: str
    params: tuple[str, ...] = ()


@dataclass
class Verdict:
    name: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


INSTALL = "cd tools/cypher-lint && npm ci --no-audit --no-fund"


def _install(node: str) -> None:
    """`npm ci` from the committed lockfile, as `make test` does; a failure names the command."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(f"the Neo4j dialect check needs npm next to {node}; then run: {INSTALL}")
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=TOOL, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not PACKAGE.is_dir():
        pytest.fail(f"installing the Cypher linter failed ({done.stderr.strip()[-500:]}); "
                    f"run: {INSTALL}")


def lint(items: list[Cypher]) -> dict[str, Verdict]:
    """Name → errors (and warnings) found by Neo4j's linter under CYPHER 5 and CYPHER 25."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("the Neo4j dialect check needs node (and npm); install Node.js")
    if not PACKAGE.is_dir():
        _install(node)
    payload = [{"name": c.name, "cypher": c.text, "params": list(c.params)} for c in items]
    done = subprocess.run([node, "lint.mjs"], cwd=TOOL, input=json.dumps(payload),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"tools/cypher-lint/lint.mjs failed: {done.stderr}")
    verdicts = {c.name: Verdict(c.name) for c in items}
    entry: dict[str, Any]
    for entry in json.loads(done.stdout):
        verdict = verdicts[entry["name"]]
        for kind in ("errors", "warnings"):
            getattr(verdict, kind).extend(
                f"{entry['version']} line {d['line']} col {d['column']}: {d['message']}"
                for d in entry[kind]
            )
    return verdicts
