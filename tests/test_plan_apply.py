"""A load is plan → validate → apply: a plan made against a graph that another load changed
since is refused at apply (ConflictError), and the load is planned and validated again."""

from __future__ import annotations

import pytest

from govkg.errors import ConflictError, InputError
from govkg.graph.base import GraphStore
from govkg.loaders.validate import prepare, validate_changes
from govkg.ontology import Ontology
from govkg.records import EntityRecord, RecordBatch
from govkg.service.loading import load_batch


def _batch(label: str) -> RecordBatch:
    extra = {"kind": "university"} if label == "Institution" else {}
    return RecordBatch(origin=f"{label}.yaml", entities=(
        EntityRecord(id="zz-race", type=label, name="竞赛", **extra),))


def test_a_stale_plan_is_refused_and_the_load_checked_again(
    store: GraphStore, ontology: Ontology
) -> None:
    first, second = prepare(ontology, _batch("Institution")), prepare(ontology, _batch("Policy"))
    plan_first, plan_second = store.plan(first), store.plan(second)
    for plan in (plan_first, plan_second):  # each is valid against the graph it saw
        validate_changes(ontology, plan.batch, plan.entities, plan.relations, plan.known)
    store.apply(plan_first)
    with pytest.raises(ConflictError):
        store.apply(plan_second)
    with pytest.raises(InputError) as refused:
        load_batch(store, ontology, _batch("Policy"))
    assert any("'zz-race' is of class Institution in the graph, not Policy" in d
               for d in refused.value.details)
    [(labels,)] = store.query("MATCH (n {id: 'zz-race'}) RETURN labels(n)").rows
    assert sorted(labels) == ["Entity", "Institution"]


def test_a_plan_of_unchanged_records_applies_without_writing(
    store: GraphStore, ontology: Ontology
) -> None:
    batch = prepare(ontology, _batch("Institution"))
    store.apply(store.plan(batch))
    plan = store.plan(batch)
    again = store.apply(plan)
    if store.name == "falkordb":  # digests: nothing changed, nothing planned or written
        assert (plan.entities, again.batches) == ((), 0)
    else:  # Neo4j keeps no digests: the upsert runs again and changes nothing
        assert len(plan.entities) == 1 and again.batches == 1
    assert store.query("MATCH (n {id: 'zz-race'}) RETURN count(n)").scalar() == 1
