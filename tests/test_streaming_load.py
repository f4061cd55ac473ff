"""A load read, checked and written in chunks keeps the all-or-nothing promise: a bad record in
its last chunk (or one found only after it) leaves nothing of the earlier chunks in the graph,
on an empty graph (FalkorDB's bulk path) and on one that already holds data (the copy path,
Neo4j's open transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import pytest

from bench.synthetic import SyntheticSpec, generate
from govkg.errors import InputError
from govkg.graph.base import GraphStore, LoadPlan, LoadSession
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.graph.rows import Chunk
from govkg.ontology import Ontology
from govkg.ontology.terms import (
    INSTITUTION,
    ISSUED_BY,
    MENTIONED_IN,
    PART_OF,
    POLICY,
    REGION,
    SOURCE,
)
from govkg.records import EntityRecord, Provenance, RecordBatch, RelationRecord
from govkg.service.loading import load_batch, load_stream

CHUNK = 200
"""Records per chunk in these tests: the synthetic batch below makes over a dozen chunks."""


class _CountingSession:
    """A store's real load session that counts the records it was asked to write."""

    def __init__(self, session: LoadSession) -> None:
        self.session = session
        self.applied = 0
        self.restated = 0

    def plan(self, chunk: Chunk, *, last: bool = True) -> LoadPlan:
        return self.session.plan(chunk, last=last)

    def apply(self, plan: LoadPlan) -> None:
        self.session.apply(plan)
        self.applied += len(plan.node_rows) + len(plan.edge_rows)
        self.restated += len(plan.restated)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


class _CountingStore:
    """The real store, whose load sessions count what they write (see _CountingSession)."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.sessions: list[_CountingSession] = []

    def begin_load(self) -> LoadSession:
        session = _CountingSession(self.store.begin_load())
        self.sessions.append(session)
        return cast(LoadSession, session)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def _synthetic() -> RecordBatch:
    batch = generate(SyntheticSpec(rels=2000, seed=7))
    return batch.model_copy(update={"origin": "synthetic.yaml"})


Ending = Callable[[Ontology, RecordBatch], list[RecordBatch]]


def _bad_domain(ontology: Ontology, batch: RecordBatch) -> list[RecordBatch]:
    """A relation of the wrong domain in a small file read last: the last chunk."""
    regions = [e.id for e in batch.entities if e.type == REGION]
    assert not ontology.allows(ISSUED_BY, REGION, REGION)
    return [batch, RecordBatch(origin="bad.yaml", relations=(
        RelationRecord(type=ISSUED_BY, source_id=regions[0], target_id=regions[1]),))]


def _dangling_end(ontology: Ontology, batch: RecordBatch) -> list[RecordBatch]:
    """A relation in an early chunk to an id no chunk gives: it waits (on disk) for the end
    of the load and is refused only after the last chunk."""
    policy = next(e.id for e in batch.entities if e.type == POLICY)
    dangling = RelationRecord(type=PART_OF, source_id=policy, target_id="zz-nowhere")
    return [batch.model_copy(update={"relations": (dangling, *batch.relations)})]


def _clash_with_first_chunk(ontology: Ontology, batch: RecordBatch) -> list[RecordBatch]:
    """The first entity of the first chunk given again, with other facts, in the last chunk."""
    first = batch.entities[0]
    return [batch, RecordBatch(origin="bad.yaml", entities=(
        first.model_copy(update={"name": first.name + "（改）"}),))]


BAD_ENDINGS: dict[str, tuple[Ending, str]] = {
    "wrong-domain": (_bad_domain, "cannot go from a Region to a Region"),
    "dangling-end": (_dangling_end, "no entity 'zz-nowhere' in this load or in the graph"),
    "clash-with-first-chunk": (_clash_with_first_chunk, "with conflicting facts"),
}


def _counts(store: GraphStore) -> tuple[int, int]:
    nodes = store.query("MATCH (n) RETURN count(n) AS n").scalar()
    relations = store.query("MATCH ()-[r]->() RETURN count(r) AS n").scalar()
    return int(nodes or 0), int(relations or 0)


def _staging(store: GraphStore) -> list[str]:
    if not isinstance(store, FalkorDBStore):
        return []
    names = store.connection.execute_command("GRAPH.LIST")  # type: ignore[no-untyped-call]
    return [n.decode() if isinstance(n, bytes) else str(n) for n in names
            if store.graph_name + "__" in (n.decode() if isinstance(n, bytes) else str(n))]


@pytest.mark.parametrize("ending", sorted(BAD_ENDINGS))
@pytest.mark.parametrize("graph", ["empty", "holding-data"])
def test_a_bad_record_at_the_end_leaves_nothing_written(
    store: GraphStore, ontology: Ontology, ending: str, graph: str
) -> None:
    if graph == "holding-data":
        load_batch(store, ontology, RecordBatch(origin="seed.yaml", entities=(
            EntityRecord(id="zz-seed", type=POLICY, name="种子政策"),)))
    before = _counts(store)
    make, message = BAD_ENDINGS[ending]
    counting = _CountingStore(store)
    batches = make(ontology, _synthetic())
    with pytest.raises(InputError) as refused:
        load_stream(cast(GraphStore, counting), ontology, lambda: batches, chunk_records=CHUNK)
    assert any(message in detail for detail in refused.value.details), refused.value.details
    [session] = counting.sessions
    assert session.applied > 5 * CHUNK, "the earlier chunks were not written before the end"
    assert _counts(store) == before, "a refused load left records in the graph"
    assert not _staging(store), "a refused load left its staging graph"

    report = load_batch(store, ontology, _synthetic(), chunk_records=CHUNK)  # the good load
    assert report.entities + report.relations > 10 * CHUNK
    assert _counts(store)[0] == before[0] + report.entities
    again = load_batch(cast(GraphStore, counting), ontology, _synthetic(), chunk_records=CHUNK)
    assert counting.sessions[-1].applied == 0, "an unchanged re-load wrote records"
    assert again.entities == report.entities


def test_a_chunked_load_gives_the_graph_of_one_chunk(
    store: GraphStore, ontology: Ontology
) -> None:
    """The same records loaded in chunks of 200 and as one chunk give the same graph."""
    batch = _synthetic()
    chunked = load_batch(store, ontology, batch, chunk_records=CHUNK)
    rows = "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.rid ORDER BY a.id, type(r), b.id"
    in_chunks = (_counts(store), store.query(rows).rows)
    store.clear()
    whole = load_batch(store, ontology, batch, chunk_records=10 * batch_size(batch))
    assert (whole.entities, whole.relations) == (chunked.entities, chunked.relations)
    assert (_counts(store), store.query(rows).rows) == in_chunks


def batch_size(batch: RecordBatch) -> int:
    return len(batch.entities) + len(batch.relations)


def _stated_by(source: str, **facts: Any) -> RecordBatch:
    """A file of `source` stating the institution zz-stated (and the source itself)."""
    return RecordBatch(origin=f"{source}.yaml", entities=(
        EntityRecord(id=source, type=SOURCE, name=f"来源{source}"),
        EntityRecord(id="zz-stated", type=INSTITUTION, name="复旦大学",
                     provenance=Provenance(source=source, section="1", quote=f"{source}：复旦大学"),
                     **facts)))


def _graph(store: GraphStore) -> tuple[list[Any], list[Any]]:
    """Every node and relation with all its properties, in a fixed order."""
    nodes = store.query("MATCH (n) RETURN n ORDER BY n.id").rows
    relations = store.query("MATCH (a)-[r]->(b) RETURN a.id, b.id, r "
                            "ORDER BY a.id, type(r), b.id, r.rid, r.source").rows
    return ([(n.key, sorted(n.labels), n.properties) for (n,) in nodes],
            [(a, b, r.type, r.properties) for a, b, r in relations])


@pytest.mark.parametrize("graph", ["empty", "holding-data"])
def test_an_entity_stated_by_two_sources_in_two_chunks_is_merged_as_in_one(
    store: GraphStore, ontology: Ontology, graph: str
) -> None:
    """One entity stated by source a in the first chunk and by source b (adding a field) in
    a later one is one node keeping both sources, as when both statements are in one chunk;
    repeats of the statements (a's at the end, in its own chunk) change nothing."""
    first = _stated_by("zz-src-a", kind="university")
    second = _stated_by("zz-src-b", name_en="Fudan University")
    batches = [first, _synthetic(), second, _synthetic(), first]
    seed = RecordBatch(origin="seed.yaml", entities=(
        EntityRecord(id="zz-seed", type=POLICY, name="种子政策"),))
    graphs = []
    for size in (CHUNK, 10 * sum(batch_size(b) for b in batches)):
        store.clear()
        if graph == "holding-data":
            load_batch(store, ontology, seed)
        counting = _CountingStore(store)
        load_stream(cast(GraphStore, counting), ontology, lambda: batches, chunk_records=size)
        graphs.append(_graph(store))
        merged_across = counting.sessions[0].restated
        assert bool(merged_across) == (size == CHUNK), "not merged where the chunks met"
        load_stream(cast(GraphStore, counting), ontology, lambda: batches, chunk_records=size)
        assert _graph(store) == graphs[-1], "a re-load changed the graph"
    in_chunks, in_one = graphs
    assert in_chunks == in_one
    [stated] = [props for key, _, props in in_one[0] if key == "zz-stated"]
    assert stated["source"] == "zz-src-a" and list(stated["sources"]) == ["zz-src-a", "zz-src-b"]
    assert (stated["kind"], stated["name_en"]) == ("university", "Fudan University")
    mentions = sorted(b for a, b, rel_type, _ in in_one[1]
                      if a == "zz-stated" and rel_type == MENTIONED_IN)
    assert mentions == ["zz-src-a", "zz-src-b"]


def test_two_sources_disagreeing_in_two_chunks_are_refused_naming_both(
    store: GraphStore, ontology: Ontology
) -> None:
    batches = [_stated_by("zz-src-a", kind="university"), _synthetic(),
               _stated_by("zz-src-b", kind="research_institute")]
    before = _counts(store)
    with pytest.raises(InputError) as refused:
        load_stream(store, ontology, lambda: batches, chunk_records=CHUNK)
    [detail] = refused.value.details
    assert "stated by two sources with conflicting facts" in detail, detail
    assert "zz-src-a" in detail and "zz-src-b" in detail, detail
    assert _counts(store) == before
