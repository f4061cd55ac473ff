"""A re-load validates only what it would write: unchanged records are skipped, nothing
invalid gets through (changed records, conflicting duplicates, relations to unchanged ends)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator

import pytest

from bench.synthetic import SyntheticSpec, generate
from govkg.errors import InputError
from govkg.graph.base import LoadPlan
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.loaders.validate import prepare
from govkg.ontology import Ontology
from govkg.records import RecordBatch, RelationRecord
from govkg.service.loading import checked_plan


def _checked(store: FalkorDBStore, ontology: Ontology, batch: RecordBatch) -> LoadPlan:
    """What `govkg load` does before writing: prepare, plan, validate the changes."""
    return checked_plan(store, ontology, prepare(ontology, batch))


@pytest.fixture
def loaded(falkordb_server: EmbeddedFalkorDB,
           ontology: Ontology) -> Iterator[tuple[FalkorDBStore, RecordBatch]]:
    """A graph holding a synthetic batch, written the way `govkg load` writes it."""
    store = FalkorDBStore(ontology, graph=f"unchanged_{uuid.uuid4().hex[:8]}",
                          socket_path=falkordb_server.socket_path)
    raw = generate(SyntheticSpec(rels=300, seed=3))
    store.apply(_checked(store, ontology, raw))
    yield store, raw
    store.clear()
    store.close()


def _dump(store: FalkorDBStore) -> list[str]:
    rows = store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->(m) "
                       "RETURN n.id, properties(n), type(r), m.id, properties(r)").rows
    return sorted(map(repr, rows))



def test_reload_of_unchanged_data_looks_nothing_up(
    loaded: tuple[FalkorDBStore, RecordBatch], ontology: Ontology,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store, raw = loaded
    asked: list[str] = []
    labels_of = store.labels_of

    def known(ids: Iterable[str]) -> dict[str, str]:
        wanted = list(ids)
        asked.extend(wanted)
        return labels_of(wanted)

    monkeypatch.setattr(store, "labels_of", known)
    plan = _checked(store, ontology, raw)
    assert plan.entities == () and plan.relations == ()
    assert asked == []
    assert len(plan.batch.entities) == len(raw.entities)
    assert store.apply(plan).details == {"unchanged": len(plan.batch.entities)
                                         + len(plan.batch.relations), "written": 0}


def test_a_changed_record_is_validated_and_refused(
    loaded: tuple[FalkorDBStore, RecordBatch], ontology: Ontology
) -> None:
    store, raw = loaded
    before = _dump(store)
    entities = list(raw.entities)
    at = next(i for i, e in enumerate(entities) if e.type == "Institution")
    entities[at] = entities[at].model_copy(update={"kind": "guild"})
    changed = RecordBatch(origin=raw.origin, entities=tuple(entities), relations=raw.relations)
    with pytest.raises(InputError) as refused:
        _checked(store, ontology, changed)
    assert any(entities[at].id in d and "kind" in d for d in refused.value.details)
    assert _dump(store) == before


def test_a_new_relation_between_unchanged_entities_is_checked(
    loaded: tuple[FalkorDBStore, RecordBatch], ontology: Ontology
) -> None:
    store, raw = loaded
    pilot = next(e.id for e in raw.entities if e.type == "Pilot")
    policy = next(e.id for e in raw.entities if e.type == "Policy")
    wrong = RelationRecord.model_validate({"type": "COVERS", "from": pilot, "to": policy})
    batch = RecordBatch(origin=raw.origin, entities=raw.entities,
                        relations=(*raw.relations, wrong))
    with pytest.raises(InputError) as refused:
        _checked(store, ontology, batch)
    assert any("COVERS cannot go from a Pilot to a Policy" in d for d in refused.value.details)


def test_conflicting_duplicates_are_refused_when_one_copy_is_unchanged(
    loaded: tuple[FalkorDBStore, RecordBatch], ontology: Ontology
) -> None:
    store, raw = loaded
    twin = raw.entities[0].model_copy(update={"name": "another name"})
    batch = RecordBatch(origin=raw.origin, entities=(*raw.entities, twin),
                        relations=raw.relations)
    with pytest.raises(InputError) as refused:
        _checked(store, ontology, batch)
    assert any("duplicate id" in d for d in refused.value.details)


def test_digests_written_behind_govkgs_back_skip_nothing(
    loaded: tuple[FalkorDBStore, RecordBatch]
) -> None:
    store, raw = loaded
    store.run_write(store.graph_name, "CREATE (:Entity {id: 'intruder'})")
    plan = store.plan(raw)
    assert (len(plan.entities), len(plan.relations)) == (len(raw.entities), len(raw.relations))
