"""Neo4j exports: the Cypher script (checked by Neo4j's parser, replayed into a real store) and
the neo4j-admin import CSVs (header layout, row counts, values)."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from govkg.errors import InputError
from govkg.exports import export, exporters
from govkg.exports.cypher_script import literal
from govkg.graph.base import GraphStore
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.records import EntityRecord, RecordBatch
from govkg.service import GovernanceService
from tests.cypher_lint import Cypher, lint

from .conftest import FIXTURES

TRICKY = EntityRecord(
    id="inst-tricky", type="Institution", name="O'Brien \\ 研究所",
    name_en='say "hi"\nnext line\ttab', aliases=("a;b", "中文；全角"),
    description="semi;colon, 全角；分号",
)
"""Quotes, backslash, newline, tab and delimiters. (Control characters are escaped as \\uXXXX,
which Neo4j reads and FalkorDB does not, so they are checked by the Neo4j parser alone.)"""


def _state(store: GraphStore) -> Any:
    nodes = store.query("MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, "
                        "properties(n) AS props ORDER BY id").rows
    rels = store.query("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, "
                       "b.id AS b, properties(r) AS props ORDER BY a, t, b").rows
    return [(i, sorted(labels), props) for i, labels, props in nodes], rels


@pytest.fixture
def loaded(kg: GovernanceService) -> GovernanceService:
    kg.load([FIXTURES / "mini.yaml"])
    kg.store.write(RecordBatch(entities=(TRICKY,)))
    return kg


def _script_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("//")]


def test_both_formats_are_registered() -> None:
    assert {"cypher", "csv"} <= set(exporters())


@pytest.mark.slow  # Neo4j's linter under node
def test_cypher_script_parses_with_neo4j(loaded: GovernanceService, tmp_path: Path) -> None:
    path = tmp_path / "govkg.cypher"
    export(loaded, "cypher", path)
    text = path.read_text(encoding="utf-8")
    lines = _script_lines(path)
    assert all(line.endswith(";") for line in lines)
    assert lines[0].startswith("CREATE CONSTRAINT")
    stats = loaded.stats()
    assert sum(line.startswith("MERGE (n:Entity") for line in lines) == stats.nodes
    assert sum(" MERGE (a)-[r:" in line for line in lines) == stats.relationships
    control = Cypher("control", f"RETURN {literal(chr(1) + chr(0x2028))} AS v")
    verdicts = lint([Cypher("export", text), control])
    for verdict in verdicts.values():
        assert not verdict.errors, "\n".join(verdict.errors[:20])


def test_cypher_script_rebuilds_the_graph(loaded: GovernanceService, tmp_path: Path,
                                          falkordb_server: EmbeddedFalkorDB,
                                          ontology: Ontology) -> None:
    """Replayed into a fresh embedded store, the script gives the same graph, twice over."""
    path = tmp_path / "govkg.cypher"
    export(loaded, "cypher", path)
    data = [line[:-1] for line in _script_lines(path) if not line.startswith("CREATE ")]
    target = FalkorDBStore(ontology, graph=f"replay_{uuid.uuid4().hex[:8]}",
                           socket_path=falkordb_server.socket_path)
    try:
        for _ in range(2):
            for statement in data:
                target.query(statement, read_only=False)
            assert _state(target) == _state(loaded.store)
    finally:
        target.clear()
        target.close()


@pytest.mark.parametrize(("value", "text"), [
    ("O'Brien", "'O\\'Brien'"),
    ("a\\b", "'a\\\\b'"),
    ("line\nbreak", "'line\\nbreak'"),
    ("\x01", "'\\u0001'"),
    (None, "null"),
    (True, "true"),
    (3, "3"),
    (1e20, "1e+20"),
    (["a", 1], "['a', 1]"),
    ({"plain": 1, "odd key`": 2}, "{plain: 1, `odd key```: 2}"),
])
def test_literals(value: Any, text: str) -> None:
    assert literal(value) == text


def test_no_literal_for_nan() -> None:
    with pytest.raises(InputError):
        literal(float("nan"))


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def test_csv_layout_and_counts(loaded: GovernanceService, tmp_path: Path) -> None:
    folder = tmp_path / "import"
    export(loaded, "csv", folder)
    stats = loaded.stats()
    node_files = sorted(folder.glob("nodes_*.csv"))
    rel_files = sorted(folder.glob("relations_*.csv"))
    assert {p.stem.removeprefix("nodes_") for p in node_files} == set(stats.labels)
    assert {p.stem.removeprefix("relations_") for p in rel_files} == set(stats.relation_types)
    node_rows = 0
    for path in node_files:
        header, rows = _read_csv(path)
        assert header[:2] == ["id:ID", ":LABEL"]
        assert "aliases:string[]" in header and "lookup_keys:string[]" in header
        label = path.stem.removeprefix("nodes_")
        assert len(rows) == stats.labels[label]
        node_rows += len(rows)
        assert {row[1] for row in rows} == {f"Entity|{label}"}  # ';' is taken by an alias
    assert node_rows == stats.nodes
    rel_rows = 0
    for path in rel_files:
        header, rows = _read_csv(path)
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        assert len(rows) == stats.relation_types[path.stem.removeprefix("relations_")]
        rel_rows += len(rows)
    assert rel_rows == stats.relationships
    command = (folder / "IMPORT.txt").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in command
    assert "'--array-delimiter=|'" in command


def test_csv_values(loaded: GovernanceService, tmp_path: Path) -> None:
    folder = tmp_path / "import"
    export(loaded, "csv", folder)
    header, rows = _read_csv(folder / "nodes_Institution.csv")
    tricky = dict(zip(header, next(r for r in rows if r[0] == "inst-tricky"), strict=True))
    assert tricky["aliases:string[]"].split("|") == list(TRICKY.aliases)
    assert tricky["name_en"] == TRICKY.name_en and tricky["name"] == TRICKY.name
    header, rows = _read_csv(folder / "relations_COVERS.csv")
    assert "batch:long" in header
    by_end = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_end["inst-fudan"]["batch:long"] == "1"
    assert by_end["inst-fudan"]["since"] == "2021"
    assert by_end["inst-uih"]["batch:long"] == ""  # no batch: an empty cell, no property


def test_csv_default_delimiter_and_typed_numbers(kg: GovernanceService, tmp_path: Path) -> None:
    figure = EntityRecord(id="fig-1", type="Figure", name="项目数", value=12.0, unit="项",
                          aliases=("x",))
    kg.store.write(RecordBatch(entities=(figure,)))
    export(kg, "csv", tmp_path / "out")
    header, rows = _read_csv(tmp_path / "out" / "nodes_Figure.csv")
    row = dict(zip(header, rows[0], strict=True))
    assert row[":LABEL"] == "Entity;Figure" and row["value:double"] == "12.0"
    assert "--array-delimiter=;" in (tmp_path / "out" / "IMPORT.txt").read_text(encoding="utf-8")


def test_csv_refuses_a_file_as_folder(kg: GovernanceService, tmp_path: Path) -> None:
    blocker = tmp_path / "file.csv"
    blocker.write_text("x")
    with pytest.raises(InputError, match="folder"):
        export(kg, "csv", blocker)


def test_cli_init_schema_and_export(falkordb_server: EmbeddedFalkorDB, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch, ontology: Ontology) -> None:
    graph = f"cli_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("GOVKG_STORE", f"unix://{falkordb_server.socket_path}")
    monkeypatch.setenv("GOVKG_GRAPH", graph)
    runner = CliRunner()
    try:
        assert runner.invoke(app, ["load", str(FIXTURES / "mini.yaml")]).exit_code == 0
        again = runner.invoke(app, ["init-schema"])
        assert again.exit_code == 0, again.output
        assert "falkordb: schema in place (0 created now)" in again.output
        done = runner.invoke(app, ["export", "--format", "cypher", "-o",
                                   str(tmp_path / "g.cypher")])
        assert done.exit_code == 0, done.output
        assert (tmp_path / "g.cypher").read_text(encoding="utf-8").count("MERGE (n:") == 9
        done = runner.invoke(app, ["export", "--format", "csv", "-o", str(tmp_path / "csv")])
        assert done.exit_code == 0, done.output
        assert (tmp_path / "csv" / "nodes_Institution.csv").is_file()
    finally:
        FalkorDBStore(ontology, graph=graph, socket_path=falkordb_server.socket_path).clear()
