"""The Neo4j dialect check, offline: every Cypher govkg sends to Neo4j parses and passes Neo4j's
semantic analysis (Neo4j's own parser, @neo4j-cypher/language-support), and a FalkorDB-only or
Neo4j-invalid construct is caught.

Run by `make test`, which installs the linter with `npm ci` into tools/cypher-lint/node_modules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govkg.graph import schema
from govkg.graph import statements as named
from govkg.graph.neo4j import store as neo4j_store
from govkg.ontology import Ontology, load_ontology
from govkg.queries import QUERY_DIR, parse_query, query_library
from govkg.service.neighbourhood import relation_types as walk_types
from govkg.service.paths import bounded_query
from tests.cypher_lint import Cypher, Verdict, lint

pytestmark = pytest.mark.slow  # Neo4j's Cypher linter under node: left out of `make test-fast`


def _query_files() -> list[Cypher]:
    return [Cypher(f"queries/{q.name}.cypher", q.cypher, tuple(q.params))
            for q in query_library().values()]


def _readme_examples() -> list[Cypher]:
    """The README's Cypher examples, which users paste into Neo4j Browser."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```cypher\n(.*?)```", text, flags=re.DOTALL)
    return [Cypher(f"readme {i}", block) for i, block in enumerate(blocks)]


def _write_cypher(ontology: Ontology) -> list[Cypher]:
    """Every statement the stores send: upserts for every label and relation type, reads, DDL."""
    base = ontology.base_label
    items = [Cypher(f"upsert :{label}", named.UPSERT_NODES.format(base=base, label=label),
                    ("rows",)) for label in ontology.entity_labels]
    items += [Cypher(f"upsert -[:{rel}]->", named.UPSERT_RELATIONSHIPS.format(base=base,
                                                                               type=rel),
                     ("rows",)) for rel in sorted(ontology.relations)]
    items += [
        Cypher("labels_of", named.labels_of_cypher(ontology), ("ids",)),
        Cypher("count_by_label", named.count_by_label_cypher(ontology)),
        Cypher("count_by_type", named.COUNT_BY_TYPE),
        Cypher("delete_all", named.DELETE_ALL),
        Cypher("neo4j clear", neo4j_store.CLEAR_CHUNK, ("limit",)),
        Cypher("neo4j search_text", neo4j_store.SEARCH_TEXT, ("index", "query", "limit")),
    ]
    paths = query_library()["paths_between"]
    items.append(Cypher("paths_between bounded", bounded_query(
        paths.cypher, 3, walk_types(ontology, None)), tuple(paths.params)))
    items += [Cypher(f"schema {i}", ddl) for i, ddl in enumerate(schema.neo4j_schema(ontology))]
    for name, kind in schema.neo4j_schema_names(ontology).items():
        template = neo4j_store.DROP_CONSTRAINT if kind == "constraint" else neo4j_store.DROP_INDEX
        items.append(Cypher(f"drop {name}", template.format(name=name)))
    return items


def test_every_query_file_and_statement_is_checked(verdicts: dict[str, Verdict]) -> None:
    files = {name for name in verdicts if name.startswith("queries/")}
    assert files == {f"queries/{p.stem}.cypher" for p in QUERY_DIR.glob("*.cypher")}
    assert any(name.startswith("upsert :") for name in verdicts)
    assert any(name.startswith("schema ") for name in verdicts)
    assert any(name.startswith("readme ") for name in verdicts)


@pytest.mark.parametrize("name", sorted(q.name for q in query_library().values()))
def test_query_file_is_valid_neo4j(verdicts: dict[str, Verdict], name: str) -> None:
    verdict = verdicts[f"queries/{name}.cypher"]
    assert not verdict.errors, "\n".join(verdict.errors)


def test_write_and_schema_cypher_is_valid_neo4j(verdicts: dict[str, Verdict]) -> None:
    bad = {n: v.errors for n, v in verdicts.items()
           if v.errors and not n.startswith(("queries/", "bad ", "falkordb "))}
    assert not bad, bad


BAD = {
    # FalkorDB-only: its full-text procedures are db.idx.*, Neo4j's are db.index.fulltext.*
    "falkordb full-text query": (
        "CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node RETURN node", ("q",),
        "db.idx.fulltext.queryNodes"),
    # FalkorDB-only functions
    "falkordb toJSON": ("MATCH (n:Entity) RETURN toJSON(n)", (), "toJSON"),
    "falkordb vector": ("RETURN vecf32([1.0, 2.0]) AS v", (), "vecf32"),
    # FalkorDB's old index syntax, removed from Neo4j 5
    "old index syntax": ("CREATE INDEX ON :Entity(id)", (), "Invalid input"),
    # plugin, not on a plain Neo4j (no APOC)
    "apoc": ("MATCH (n:Entity) RETURN apoc.convert.toJson(n)", (), "apoc.convert.toJson"),
    # deprecated in Neo4j 5: stops working in a later version
    "id()": ("MATCH (n:Entity) RETURN id(n)", (), "deprecated"),
    # plain mistakes
    "syntax": ("MATCH (n:Entity) RETRUN n", (), "Invalid input"),
    "unbound variable": ("MATCH (n:Entity) RETURN m", (), "not defined"),
    "undeclared parameter": ("MATCH (n:Entity {id: $key}) RETURN n", (), "$key"),
}


BAD_FILE = (
    "// name: search_fulltext\n"
    "// summary: Entities whose names match, by FalkorDB's full-text index.\n"
    "// param q: text\n"
    "CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node\n"
    "RETURN node\n"
)


def _bad_file(directory: Path) -> Cypher:
    """A query file as the library reads it, header and all, using a FalkorDB-only procedure."""
    path = directory / "search_fulltext.cypher"
    path.write_text(BAD_FILE, encoding="utf-8")
    query = parse_query(path.read_text(encoding="utf-8"), path)
    return Cypher(f"bad file {query.name}", query.cypher, tuple(query.params))


def _falkordb_ddl(ontology: Ontology) -> list[Cypher]:
    return [Cypher(f"falkordb {text}", text) for text in schema.falkordb_index_cypher(ontology)]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Verdict]:
    """One run of the linter (node starts slowly) over everything this module checks."""
    ontology = load_ontology()
    return lint(_query_files() + _write_cypher(ontology) + _readme_examples()
                + [Cypher(f"bad {name}", text, params) for name, (text, params, _) in BAD.items()]
                + [_bad_file(tmp_path_factory.mktemp("queries"))] + _falkordb_ddl(ontology))


@pytest.mark.parametrize("name", sorted(BAD))
def test_check_catches_invalid_construct(verdicts: dict[str, Verdict], name: str) -> None:
    expected = BAD[name][2]
    errors = verdicts[f"bad {name}"].errors
    assert errors, f"{name}: the linter let it through"
    assert any(expected in e for e in errors), errors


def test_check_catches_a_bad_query_file(verdicts: dict[str, Verdict]) -> None:
    errors = verdicts["bad file search_fulltext"].errors
    assert any("line 4" in e and "db.idx.fulltext.queryNodes" in e for e in errors), errors


def test_falkordb_ddl_is_not_neo4j(verdicts: dict[str, Verdict], ontology: Ontology) -> None:
    """The embedded store's full-text DDL is FalkorDB-only: the store owns it, no query file."""
    ddl = schema.falkordb_index_cypher(ontology)
    flagged = [text for text in ddl if verdicts[f"falkordb {text}"].errors]
    assert flagged == [text for text in ddl if "db.idx.fulltext" in text]
    assert flagged
