"""The GraphStore contract, one suite over every store (`store` fixture: the embedded FalkorDB
always, Neo4j when NEO4J_URI is set). Each test runs against the real database."""

from __future__ import annotations

from typing import Any

import pytest

from govkg.errors import QueryError, QueryTimeoutError, ReadOnlyError
from govkg.graph.base import GraphNode, GraphPath, GraphRelationship, GraphStore
from govkg.graph.schema import KEY, name_fields
from govkg.ontology import Ontology
from govkg.records import EntityRecord, RecordBatch
from govkg.service import GovernanceService

from .conftest import FIXTURES


def _batch(store: GraphStore, ontology: Ontology) -> RecordBatch:
    return GovernanceService(store, ontology).read([FIXTURES / "mini.yaml"])


def _state(store: GraphStore) -> Any:
    nodes = store.query("MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, "
                        "properties(n) AS props ORDER BY id").rows
    rels = store.query("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, "
                       "b.id AS b, properties(r) AS props ORDER BY a, t, b").rows
    return [(i, sorted(labels), props) for i, labels, props in nodes], rels


def _count(store: GraphStore) -> int:
    return int(store.query("MATCH (n) RETURN count(n) AS n").scalar())


# ---------------------------------------------------------------- writes


def test_write_reports_and_stores_the_batch(store: GraphStore, ontology: Ontology) -> None:
    batch = _batch(store, ontology)
    summary = store.write(batch)
    assert (summary.nodes, summary.relationships) == (len(batch.entities), len(batch.relations))
    nodes, rels = _state(store)
    assert [n[0] for n in nodes] == sorted(e.id for e in batch.entities)
    assert len(rels) == len(batch.relations)
    fudan = next(props for i, _, props in nodes if i == "inst-fudan")
    assert fudan["name"] == "复旦大学" and fudan["quote"] == "复旦大学作为首批试点单位"


def test_write_twice_is_idempotent(store: GraphStore, ontology: Ontology) -> None:
    batch = _batch(store, ontology)
    store.write(batch)
    before = _state(store)
    store.write(batch)
    assert _state(store) == before


def test_upsert_replaces_properties(store: GraphStore, ontology: Ontology) -> None:
    batch = _batch(store, ontology)
    store.write(batch)
    changed = [e.model_copy(update={"name": "复旦大学（新）", "name_en": None})
               if e.id == "inst-fudan" else e for e in batch.entities]
    store.write(RecordBatch(origin="changed", entities=tuple(changed), relations=batch.relations))
    props = store.query("MATCH (n:Entity {id: $id}) RETURN properties(n) AS p",
                        {"id": "inst-fudan"}).scalar()
    assert props["name"] == "复旦大学（新）"
    assert "name_en" not in props
    assert _count(store) == len(batch.entities)


def test_empty_batch_writes_nothing(store: GraphStore) -> None:
    summary = store.write(RecordBatch())
    assert (summary.nodes, summary.relationships, summary.batches) == (0, 0, 0)
    assert _count(store) == 0


# ---------------------------------------------------------------- read-only


@pytest.mark.parametrize("cypher", [
    "CREATE (:Entity {id: 'intruder'})",
    "MERGE (:Entity {id: 'intruder'})",
    "MATCH (n:Entity) SET n.hacked = true",
    "MATCH (n:Entity) DETACH DELETE n",
    "MATCH (n:Entity {id: 'inst-fudan'}) REMOVE n:Institution",
], ids=["create", "merge", "set", "delete", "remove-label"])
def test_read_only_query_refuses_writes(store: GraphStore, ontology: Ontology,
                                        cypher: str) -> None:
    store.write(_batch(store, ontology))
    before = _state(store)
    with pytest.raises(ReadOnlyError):
        store.query(cypher)
    assert _state(store) == before


def test_write_mode_query_writes(store: GraphStore) -> None:
    store.query("CREATE (:Entity {id: 'x'})", read_only=False)
    assert _count(store) == 1


def test_bad_cypher_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.query("MATCH (n:Entity RETURN n")


def test_long_query_is_cut(store: GraphStore) -> None:
    with pytest.raises(QueryTimeoutError):
        # 10^10 rows from two small lists (one huge range() would fill memory before any cut)
        store.query("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
                    "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n", timeout=0.05)


# ---------------------------------------------------------------- values


def test_query_values(store: GraphStore, ontology: Ontology) -> None:
    store.write(_batch(store, ontology))
    result = store.query(
        "MATCH (p:Entity {id: $pilot})-[c:COVERS]->(u:Entity {id: $unit}) "
        "RETURN p AS pilot, c AS coverage, u AS unit, u.aliases AS aliases, c.batch AS batch, "
        "{name: u.name, n: 1.5} AS map, null AS nothing, [1, 'two'] AS mixed",
        {"pilot": "pilot-zone", "unit": "inst-cas-sh"})
    assert result.columns == ("pilot", "coverage", "unit", "aliases", "batch", "map", "nothing",
                              "mixed")
    [row] = result.records()
    pilot, coverage, unit = row["pilot"], row["coverage"], row["unit"]
    assert isinstance(pilot, GraphNode) and isinstance(unit, GraphNode)
    assert set(pilot.labels) == {"Entity", "Pilot"}
    assert pilot.key == "pilot-zone" and pilot.properties["name"] == "基础研究特区"
    assert isinstance(coverage, GraphRelationship)
    assert coverage.type == "COVERS"
    assert (coverage.start, coverage.end) == (pilot.element_id, unit.element_id)
    assert coverage.properties["since"] == "2021-06" and coverage.properties["batch"] == 1
    assert row["aliases"] == ["中科院上海分院"]
    assert row["batch"] == 1 and isinstance(row["batch"], int)
    assert row["map"] == {"name": "中国科学院上海分院", "n": 1.5}
    assert row["nothing"] is None
    assert row["mixed"] == [1, "two"]


def test_path_values(store: GraphStore, ontology: Ontology) -> None:
    store.write(_batch(store, ontology))
    path = store.query(
        "MATCH path = (a:Entity {id: 'inst-sioc'})-[:PART_OF*2]->(b:Entity {id: 'inst-cas'}) "
        "RETURN path").scalar()
    assert isinstance(path, GraphPath)
    assert [n.key for n in path.nodes] == ["inst-sioc", "inst-cas-sh", "inst-cas"]
    assert [r.type for r in path.relationships] == ["PART_OF", "PART_OF"]
    for rel, start, end in zip(path.relationships, path.nodes, path.nodes[1:], strict=False):
        assert (rel.start, rel.end) == (start.element_id, end.element_id)


def test_labels_of(store: GraphStore, ontology: Ontology) -> None:
    assert store.labels_of(["inst-fudan"]) == {}
    store.write(_batch(store, ontology))
    assert store.labels_of(["inst-fudan", "pilot-zone", "prog-explorer", "nobody"]) == {
        "inst-fudan": "Institution", "pilot-zone": "Pilot", "prog-explorer": "Programme"}
    assert store.labels_of([]) == {}


# ---------------------------------------------------------------- schema and clear


def _schema(store: GraphStore) -> tuple[set[str], bool]:
    """(properties of Entity with a range index, whether a full-text index covers the names)."""
    if store.name == "neo4j":
        rows = store.query("SHOW INDEXES YIELD type, labelsOrTypes, properties "
                           "WHERE 'Entity' IN labelsOrTypes "
                           "RETURN type, properties").rows
        ranged = {p for kind, props in rows if kind == "RANGE" for p in props}
        fulltext = {p for kind, props in rows if kind == "FULLTEXT" for p in props}
    else:
        rows = store.query("CALL db.indexes() YIELD label, types RETURN label, types").rows
        types = next((t for label, t in rows if label == "Entity"), {})
        ranged = {p for p, kinds in types.items() if "RANGE" in kinds}
        fulltext = {p for p, kinds in types.items() if "FULLTEXT" in kinds}
    return ranged, bool(fulltext & {"name", "name_en"})


def test_apply_schema_is_idempotent(store: GraphStore, ontology: Ontology) -> None:
    store.apply_schema()
    assert store.apply_schema() == []
    ranged, fulltext = _schema(store)
    assert set(ontology.indexed_fields) <= ranged
    assert fulltext and name_fields(ontology)
    store.write(_batch(store, ontology))
    assert store.apply_schema() == []


def test_key_is_unique(store: GraphStore, ontology: Ontology) -> None:
    store.apply_schema()
    store.write(_batch(store, ontology))
    with pytest.raises(QueryError):
        store.query(f"CREATE (:Entity {{{KEY}: 'inst-fudan'}})", read_only=False)
    assert store.labels_of(["inst-fudan"]) == {"inst-fudan": "Institution"}


def test_clear_empties_and_store_stays_usable(store: GraphStore, ontology: Ontology) -> None:
    batch = _batch(store, ontology)
    store.write(batch)
    store.clear()
    assert _count(store) == 0
    assert store.labels_of(["inst-fudan"]) == {}
    store.apply_schema()
    store.write(batch)
    assert _count(store) == len(batch.entities)
    assert store.ping()


def test_entity_record_round_trip(store: GraphStore, ontology: Ontology) -> None:
    """Every value type a record can hold comes back as written (float, int, list, text)."""
    figure = EntityRecord(id="fig-x", type="Figure", name="项目数", value=12.5, unit="项",
                          aliases=("a", "b"))
    store.write(RecordBatch(entities=(figure,)))
    node = store.query("MATCH (n:Entity {id: 'fig-x'}) RETURN n").scalar()
    assert node.properties["value"] == 12.5
    assert node.properties["aliases"] == ["a", "b"]
    assert set(node.labels) == {"Entity", "Figure"}
