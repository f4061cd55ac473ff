"""Every load, whatever its input: chunk by chunk, prepare → plan → validate → apply, then one
commit; all-or-nothing, in memory that does not grow with the input.

The input is a source of record batches (a file each, a request, a generator) that can be
read again. Batches are regrouped into chunks of about `chunk_records` records (small files
together, a large batch in pieces). For each chunk the store's load session says what it
would change (`plan`, govkg.graph.base.LoadPlan), validation checks exactly that against the
graph facts the plan carries, and the session writes it where nobody sees it yet (a staging
graph, an open transaction). Only when every chunk has passed does `commit` make the whole
load visible at once; any failure (a bad record in the last chunk, a store error) aborts it
and the graph is as it was. What the load keeps between chunks is the session's ledger (a few
bytes per record), the shared records its inputs point at, and, on disk, the relations whose
ends had not been read yet.

The next chunk is read while the store is idle: after the previous chunk's write is done and
before this chunk's is sent, so the store ingests a chunk while the next one is checked.
When another load changes the graph before this one writes (ConflictError), the load is read,
planned and validated again from its first chunk.
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from govkg.errors import ConflictError, InputError
from govkg.graph.base import GraphStore, LoadPlan, LoadSession
from govkg.graph.rows import Chunk, NodeRow, node_row
from govkg.loaders.validate import (
    conflict_message,
    duplicate_entity,
    duplicate_relation,
    prepare,
    prepare_chunk,
    validate_changes,
)
from govkg.ontology.model import Ontology
from govkg.ontology.shacl import SampleQuota
from govkg.records import (
    EntityRecord,
    RecordBatch,
    RelationRecord,
    add_location,
    relation_key_text,
)
from govkg.records.merge import ConflictingFactsError, merge_statements, sources_of
from govkg.service.answers import LoadReport
from govkg.service.merging import staged_records, with_stored_statements
from govkg.service.references import complete

PLAN_ATTEMPTS = 5
"""Plans a load may make while other loads keep changing the graph under it."""
CHUNK_RECORDS = 10_000
"""Records per chunk (GOVKG_LOAD_CHUNK_RECORDS): the loader's working set is about this many
records, whatever the size of the load."""

RecordSource = Callable[[], Iterable[RecordBatch]]
"""The batches of a load, read afresh each time it is called (a load that must be planned
again reads its input again)."""


def ready(store: GraphStore, ontology: Ontology, batch: RecordBatch) -> RecordBatch:
    """A read batch made ready to plan: what it points at and the graph lacks added
    (govkg.service.references), then prepared (govkg.loaders.validate.prepare)."""
    return prepare(ontology, complete(store, batch))


def checked_plan(store: GraphStore, ontology: Ontology, batch: RecordBatch) -> LoadPlan:
    """The plan of a prepared batch as one chunk, each entity the graph holds merged with
    the stored statement of it (govkg.service.merging), validated; InputError names what is
    wrong."""
    plan = with_stored_statements(store, ontology, store.plan(batch))
    validate_changes(ontology, plan.batch, plan.entities, plan.relations, plan.known,
                     entity_props=plan.entity_props(), relation_props=plan.relation_props())
    return plan


def load_batch(store: GraphStore, ontology: Ontology, batch: RecordBatch, *,
               chunk_records: int = CHUNK_RECORDS) -> LoadReport:
    """Load records built in memory (see load_stream)."""
    return load_stream(store, ontology, lambda: (batch,), chunk_records=chunk_records)


def load_stream(store: GraphStore, ontology: Ontology, source: RecordSource, *,
                chunk_records: int = CHUNK_RECORDS) -> LoadReport:
    """Load every batch of `source` in one all-or-nothing, idempotent load; read, plan and
    validate again when another load got there first (ConflictError after PLAN_ATTEMPTS)."""
    for attempt in range(1, PLAN_ATTEMPTS + 1):
        try:
            return _Load(store, ontology, source, chunk_records).run()
        except ConflictError:
            if attempt == PLAN_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


@dataclass
class _Shared:
    """What the chunks of one reading of the source share: the shared records they point at
    (first of each id wins) and where they came from."""

    references: dict[str, EntityRecord] = field(default_factory=dict)
    origins: list[str] = field(default_factory=list)


def _pieces(batch: RecordBatch, size: int) -> Iterator[RecordBatch]:
    """A batch in parts of at most `size` records, entities first (they share its locations)."""
    records: list[EntityRecord | RelationRecord] = [*batch.entities, *batch.relations]
    for start in range(0, len(records), size):
        part = records[start : start + size]
        yield RecordBatch.model_construct(
            origin=batch.origin, locations=batch.locations, references=(),
            entities=tuple(r for r in part if isinstance(r, EntityRecord)),
            relations=tuple(r for r in part if isinstance(r, RelationRecord)))


def _joined(batches: list[RecordBatch]) -> RecordBatch:
    """Small batches as one chunk; a record given in two of them keeps both places."""
    if len(batches) == 1:
        return batches[0]
    locations: dict[str, str] = {}
    for batch in batches:
        for key, where in batch.locations.items():
            add_location(locations, key, where)
    return RecordBatch.model_construct(
        origin=", ".join(b.origin for b in batches), locations=locations, references=(),
        entities=tuple(e for b in batches for e in b.entities),
        relations=tuple(r for b in batches for r in b.relations))


def chunks(store: GraphStore, batches: Iterable[RecordBatch], size: int,
           shared: _Shared) -> Iterator[RecordBatch]:
    """The source's batches regrouped into chunks of about `size` records. Each batch is first
    completed against the graph (govkg.service.references); its shared records are kept
    aside in `shared`, to be added with the last chunk where nothing else defines them."""
    group: list[RecordBatch] = []
    count = 0
    for raw in batches:
        batch = complete(store, raw)
        shared.origins.append(batch.origin)
        for reference in batch.references:
            shared.references.setdefault(reference.id, reference)
        records = len(batch.entities) + len(batch.relations)
        if records > size:
            if group:
                yield _joined(group)
                group, count = [], 0
            yield from _pieces(batch, size)
            continue
        if group and count + records > size:
            yield _joined(group)
            group, count = [], 0
        group.append(batch.model_copy(update={"references": ()}) if batch.references
                     else batch)
        count += records
    if group:
        yield _joined(group)


class _Deferred:
    """Relations planned before both their ends were read, on disk until the last chunk."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self.count = 0

    def add(self, plan: LoadPlan) -> None:
        if not plan.deferred:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="govkg-deferred-")  # noqa: SIM115 (closed by close())
        places = {relation_key_text(r.key): plan.batch.where(relation_key_text(r.key))
                  for r in plan.deferred}
        pickle.dump((plan.batch.origin, plan.deferred, places), self._file)
        self.count += len(plan.deferred)

    def replay(self, size: int) -> Iterator[RecordBatch]:
        if self._file is None:
            return
        self._file.seek(0)
        while True:
            try:
                origin, relations, places = pickle.load(self._file)  # our own temporary file
            except EOFError:
                return
            yield from _pieces(RecordBatch.model_construct(
                origin=origin, entities=(), relations=relations, locations=places,
                references=()), size)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class _Load:
    """One reading of the source into one load session (see the module text)."""

    def __init__(self, store: GraphStore, ontology: Ontology, source: RecordSource,
                 size: int) -> None:
        self.store = store
        self.ontology = ontology
        self.source = source
        self.size = size
        self.shared = _Shared()
        self.quota: SampleQuota | None = SampleQuota()
        self.index = 0
        self.statements: dict[str, dict[str, int]] = {}
        """Of each entity merged across chunks: the digest of each source's statement (the
        only per-entity memory of a load besides the ledger, for entities stated twice)."""

    def run(self) -> LoadReport:
        load = self.store.begin_load()
        deferred = _Deferred()
        try:
            stream = chunks(self.store, self.source(), self.size, self.shared)
            current = next(stream, None)
            following = next(stream, None) if current is not None else None
            if current is None and self.shared.references:
                current = RecordBatch(origin=", ".join(self.shared.origins))
            if following is None:
                self.quota = None  # one chunk: checked as one batch (pySHACL in full if small)
            while current is not None:
                last = following is None
                if last:
                    current = self._with_references(load, current)
                plan = self._checked(load, current, last)
                deferred.add(plan)
                load.flush()  # the store is idle now: read the next input
                after = next(stream, None) if following is not None else None
                load.apply(plan)
                current, following = following, after
                self.index += 1
            if deferred.count:
                self.quota = self.quota or SampleQuota()
            for piece in deferred.replay(self.size):
                load.apply(self._checked(load, piece, True))
            summary = load.commit()
        except BaseException:
            load.abort()
            raise
        finally:
            deferred.close()
        origin = ", ".join(dict.fromkeys(self.shared.origins)) or "<memory>"
        return LoadReport(origin=origin, entities=summary.nodes,
                          relations=summary.relationships, statements=summary.batches)

    def _with_references(self, load: LoadSession, batch: RecordBatch) -> RecordBatch:
        """The last chunk with the shared records no chunk of the load defines."""
        if not self.shared.references:
            return batch
        defined = {e.id for e in batch.entities}
        wanted = [key for key in self.shared.references if key not in defined]
        given = load.seen(wanted)
        references = tuple(self.shared.references[key] for key in wanted if key not in given)
        return batch.model_copy(update={"references": references})

    def _checked(self, load: LoadSession, batch: RecordBatch, last: bool) -> LoadPlan:
        chunk = prepare_chunk(self.ontology, batch)
        plan = load.plan(chunk, last=last)
        if plan.conflicts:
            plan = self._restated(load, chunk, plan)
        plan = with_stored_statements(self.store, self.ontology, plan)
        entities = [*plan.entities, *(row.record for row in plan.restated)]
        props = plan.entity_props()
        if props is not None:
            props = [*props, *(row.props for row in plan.restated)]
        validate_changes(self.ontology, plan.batch, entities, plan.relations, plan.known,
                         entity_props=props, relation_props=plan.relation_props(),
                         quota=self.quota)
        return plan

    def _restated(self, load: LoadSession, chunk: Chunk, plan: LoadPlan) -> LoadPlan:
        """The plan with the entities an earlier chunk gave and this one states again by
        another source merged with what the load wrote of them (read back from its staging
        graph, as govkg.service.merging reads the graph), to be written again (`restated`);
        a repeat dropped. InputError for the rest: another class, the same source with other
        facts, sources that disagree, a relation given twice with different facts."""
        rows = {row.record.id: row for row in chunk.nodes}
        ids = [key for key in plan.conflicts if key in rows]
        load.flush()  # what earlier chunks sent is in the staging graph
        staged = {record.id: record for record in staged_records(load, self.ontology, ids)}
        restated: list[NodeRow] = []
        errors: list[str] = []
        left = [key for key in plan.conflicts if key not in rows]
        problems: list[tuple[str, str]] = []
        for key in ids:
            row, before = rows[key], staged.get(key)
            if before is None or before.type != row.record.type:
                left.append(key)
                continue
            given = sources_of(row.record) or ("",)
            known = sources_of(before) or ("",)
            by_source = self.statements.get(key, {})
            if set(given) <= set(known):  # sources the load has already heard on this id
                earlier = by_source.get(given[0]) if len(given) == 1 else None
                if len(known) == 1 or (earlier is not None and earlier != row.digest):
                    left.append(key)  # the same source with other facts
                    continue
                if earlier == row.digest:
                    continue  # a repeat
            try:
                merged = merge_statements(before, row.record)
            except ConflictingFactsError as exc:
                errors.append(conflict_message(plan.batch.where(key), exc, ", ".join(known),
                                               ", ".join(given)))
                continue
            if len(given) == 1:
                self.statements.setdefault(key, {})[given[0]] = row.digest
            restated.append(node_row(merged, problems))
        if left:
            errors += self._conflicts(plan, left)
        if errors:
            raise InputError(f"{plan.batch.origin}: {len(errors)} error(s)", details=errors)
        return dataclasses.replace(plan, conflicts=(), restated=tuple(restated))

    def _conflicts(self, plan: LoadPlan, keys: list[str]) -> list[str]:
        """Messages of keys an earlier chunk gave with other facts, naming both places: the
        earlier chunks are read again to find them (an error path, so the chunks need not
        be kept)."""
        wanted = set(keys)
        found: dict[str, tuple[str, EntityRecord | RelationRecord]] = {}
        for at, batch in enumerate(chunks(self.store, self.source(), self.size, _Shared())):
            if at >= self.index:
                break
            for entity in batch.entities:
                if entity.id in wanted:
                    found.setdefault(entity.id, (batch.where(entity.id), entity))
            for relation in batch.relations:
                text = relation_key_text(relation.key)
                if text in wanted:
                    found.setdefault(text, (batch.where(text), relation))
        current = {e.id: e for e in plan.batch.entities if e.id in wanted}
        messages = []
        for key in keys:
            here = plan.batch.where(key)
            earlier = found.get(key)
            where = f"{earlier[0]} and {here}" if earlier is not None else here
            if key in current:
                seen = earlier[1] if earlier is not None else None
                messages.append(duplicate_entity(
                    where, key, seen if isinstance(seen, EntityRecord) else None, current[key]))
            else:
                messages.append(duplicate_relation(where, key))
        return messages


__all__ = ["CHUNK_RECORDS", "PLAN_ATTEMPTS", "RecordSource", "checked_plan", "chunks",
           "load_batch", "load_stream", "ready"]
