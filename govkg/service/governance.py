"""The service layer: one implementation of each question, used by the API, CLI and notebooks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import networkx as nx

from govkg.bundled import bundled_corpus
from govkg.errors import InputError, WrongKindError
from govkg.extract.resolution import Duplicate, GraphFacts, GraphIndex, likely_duplicates
from govkg.extract.run import ExtractRun, Progress, run_extract
from govkg.graph import open_store
from govkg.graph.base import GraphNode, GraphStore, QueryResult
from govkg.loaders.inputs import iter_inputs, read_inputs
from govkg.loaders.ror import RorReport, attach_ror, read_ror
from govkg.network.convert import to_networkx
from govkg.ontology.model import Ontology, load_ontology
from govkg.ontology.terms import COVERS, INSTITUTION, PARTICIPATION_ROLES
from govkg.queries import get_query
from govkg.queries.user import CypherAnswer, QuerySlots, check_params, prepare
from govkg.queries.user import answer as cypher_json
from govkg.records import RecordBatch
from govkg.records.names import normalise
from govkg.service import catalogue, coverage, extraction, laws, lookup
from govkg.service.answers import (
    ArticlesAnswer,
    CatalogueAnswer,
    Coverage,
    CoverageAnswer,
    Entity,
    EntityDetail,
    LawArticlesAnswer,
    LawDiffAnswer,
    LawLinksAnswer,
    LawsAnswer,
    LawVersionsAnswer,
    LoadReport,
    NetworkAnswer,
    PathsAnswer,
    Relation,
    Stats,
    Suggestion,
    TimelineAnswer,
)
from govkg.service.figures import QUERY as FIGURES_QUERY
from govkg.service.figures import figures_from_rows
from govkg.service.loading import checked_plan, load_batch, load_stream, ready
from govkg.service.methods import caveat, check_methods
from govkg.service.neighbourhood import QUERY as NEIGHBOURHOOD_QUERY
from govkg.service.neighbourhood import Walk, check_depth, walk_from_rows
from govkg.service.neighbourhood import relation_types as walk_types
from govkg.service.paths import DEFAULT_LIMIT as DEFAULT_PATH_LIMIT
from govkg.service.paths import QUERY as PATHS_QUERY
from govkg.service.paths import bounded_query, check_max_len, paths_from_rows
from govkg.service.timeline import QUERY as TIMELINE_QUERY
from govkg.service.timeline import check_range, timeline_from_rows
from govkg.settings import Settings


class GovernanceService:
    """govkg's questions over one GraphStore; close() stops an embedded store it started.

    >>> with GovernanceService.open() as kg:               # doctest: +SKIP
    ...     kg.pilots_covering("复旦大学").results[0].pilot.name
    '基础研究特区'
    """

    def __init__(
        self, store: GraphStore, ontology: Ontology | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.store = store
        self.ontology = ontology or load_ontology()
        self.settings = settings or Settings()
        covers = self.ontology.relations[COVERS]
        self._covering_types = tuple(sorted(covers.domain))
        self._unit_types = tuple(sorted(covers.range))
        self._query_slots = QuerySlots(self.settings.query_slots)

    @classmethod
    def open(
        cls, store: str | None = None, *, settings: Settings | None = None
    ) -> GovernanceService:
        """Open the store named by `store` (or GOVKG_STORE): "embedded" by default."""
        settings = settings or Settings()
        if store is not None:
            settings = settings.model_copy(update={"store": store})
        ontology = load_ontology()
        return cls(open_store(settings, ontology), ontology, settings)

    def close(self) -> None:
        self.store.close()

    def location(self) -> str:
        """Where the graph lives: the embedded store's folder, or the server's URL."""
        if self.settings.store == "embedded":
            return f"the embedded store in {self.settings.state_dir}"
        return self.settings.store

    def empty_store_hint(self) -> str | None:
        """None when the graph has entities; else what to do, naming where the store is (a
        question to an empty graph would only answer "not found")."""
        if self.run("count_by_label", methods=None).rows:
            return None
        return (f"the graph {self.settings.graph!r} in {self.location()} is empty: load the "
                "bundled corpus with `govkg load --bundled` (Python: kg.load_bundled()) or "
                "your files with `govkg load PATH`; GOVKG_STATE_DIR or GOVKG_STORE name "
                "another store")

    def __enter__(self) -> GovernanceService:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ queries

    def run(self, name: str, **params: Any) -> QueryResult:
        """Run a named query of the library (read-only) with parameters."""
        query = get_query(name)
        missing = sorted(set(query.params) - set(params))
        if missing:
            raise InputError(f"query {name!r} needs parameter(s) {', '.join(missing)}")
        check_params(params)
        return self.store.query(query.cypher, params)

    def cypher(
        self, query: str, params: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> QueryResult:
        """Run the user's own Cypher, read-only, cut at `timeout` (default: the setting).

        The store refuses writes; LOAD CSV and constructs the store cannot bound are refused
        before it (govkg.queries.user); at most GOVKG_ROW_CAP + 1 rows are computed; govkg
        stops waiting at the deadline, and a query the store has not stopped
        GOVKG_QUERY_KILL_AFTER seconds later is stopped there (GraphStore.stop_query).
        """
        params = params or {}
        settings = self.settings
        sent = prepare(query, params, row_cap=settings.row_cap, max_list=settings.max_list,
                       max_path_len=settings.max_path_len)
        limit = timeout or settings.query_timeout
        return self._query_slots.run(
            lambda: self.store.query(sent.text, params, read_only=True, timeout=limit), limit,
            overrun=lambda: self.store.stop_query(sent.marker),
            grace=settings.query_kill_after)

    def cypher_answer(self, query: str, params: dict[str, Any] | None = None) -> CypherAnswer:
        """The user's Cypher as JSON-ready rows, at most GOVKG_ROW_CAP of them (POST /cypher)."""
        return cypher_json(self.cypher(query, params), self.settings.row_cap)

    def _entity(self, node: GraphNode) -> Entity:
        return Entity.from_node(node, self.ontology.base_label)

    # ------------------------------------------------------------------ loading

    def read(self, paths: Iterable[Path]) -> RecordBatch:
        """Parse and check inputs against the ontology, the shapes and the graph; write nothing."""
        batch = read_inputs(paths, self.settings.max_input_bytes)
        return checked_plan(self.store, self.ontology, ready(self.store, self.ontology,
                                                            batch)).batch

    def load(self, paths: Iterable[Path]) -> LoadReport:
        """Validate every input, then write them as one all-or-nothing, idempotent load, read
        file by file in chunks of GOVKG_LOAD_CHUNK_RECORDS records (govkg.service.loading)."""
        paths = list(paths)
        iter_inputs(paths, self.settings.max_input_bytes)  # refuse missing or huge inputs now
        return load_stream(self.store, self.ontology,
                           lambda: iter_inputs(paths, self.settings.max_input_bytes),
                           chunk_records=self.settings.load_chunk_records)

    def load_bundled(self) -> LoadReport:
        """Load the corpus shipped with govkg (the chapter, background facts, 45 laws)."""
        return self.load([bundled_corpus()])

    def load_batch(self, batch: RecordBatch) -> LoadReport:
        """Load records built in memory through the same checks as files."""
        return load_batch(self.store, self.ontology, batch,
                          chunk_records=self.settings.load_chunk_records)

    def load_ror(self, paths: Iterable[Path]) -> RorReport:
        """Attach ROR ids (and PART_OF from ROR parents) to the graph's institutions."""
        paths = list(paths)
        organizations = [org for path in paths for org in read_ror(path)]
        institutions = extraction.records_of_type(self, INSTITUTION)
        existing = extraction.part_of_pairs(self, [i.id for i in institutions])
        batch, report = attach_ror(organizations, institutions, existing,
                                   ", ".join(str(p) for p in paths))
        if batch.entities or batch.relations:
            self.load_batch(batch)
        return report

    def extract(self, paths: Iterable[Path], output: Path, year: int | None = None, *,
                link: bool = True, progress: Progress | None = None) -> ExtractRun:
        """Reviewable YAML candidates from policy texts; with `link`, names the graph
        already has are linked, not proposed again."""
        index = extraction.graph_index(self) if link else GraphIndex([])
        facts = extraction.KnowledgeGraphFacts(self) if link else GraphFacts()
        return run_extract(list(paths), output, year, index, facts, progress)

    def duplicates(self, threshold: float = 90.0) -> list[Duplicate]:
        """Likely duplicates in the graph: shared names, abbreviations, near spellings."""
        return likely_duplicates(extraction.graph_index(self), threshold)

    # ------------------------------------------------------------------ names

    def suggestions(self, key: str, types: Iterable[str] | None = None) -> list[Suggestion]:
        """Close names for an unknown key: substring matches first, then similar spellings."""
        rows = self.run("entity_names").records()
        return lookup.suggestions(rows, key, self.ontology.base_label, types)

    def resolve(self, key: str, types: Iterable[str] | None = None) -> Entity:
        """The one entity whose id, name, English name or alias is `key` (of `types` if given)."""
        wanted = tuple(types or ())
        found = lookup.entities_of(self.run("entity_lookup", key=normalise(key)),
                                   self.ontology.base_label)
        return lookup.one_entity(found, key, wanted, lambda: self.suggestions(key, wanted))

    # ------------------------------------------------------------------ questions

    def _kind(self, key: str, wanted: tuple[str, ...], question: str, other: str) -> Entity:
        """The entity `key` names, of one of `wanted` classes; a name of another class (a
        pilot asked as a unit) is WrongKindError naming what it is and what to ask."""
        entity = self.resolve(key, wanted)
        if entity.type not in wanted:
            raise WrongKindError(
                f"{entity.name} is of class {entity.type}, not {' or '.join(wanted)}: "
                f"{question} is asked of those; ask {other.format(id=entity.id)}",
                details={"id": entity.id, "type": entity.type, "expected": list(wanted),
                         "instead": other.format(id=entity.id)})
        return entity

    def _roles(self, role: str | Iterable[str] | None) -> list[str] | None:
        """The participation roles asked ("pilot_unit,co_funding_partner" or a list), checked
        against govkg:ParticipationRoleScheme; None for all."""
        if role is None:
            return None
        wanted = ([r.strip() for r in role.split(",")] if isinstance(role, str)
                  else [str(r).strip() for r in role])
        known = self.ontology.scheme(PARTICIPATION_ROLES)
        unknown = [r for r in wanted if r not in known]
        if unknown or not any(wanted):
            raise InputError(
                f"unknown role(s) {', '.join(unknown)}" if unknown else "give a role",
                details={"field": "role", "allowed": sorted(known)})
        return sorted(set(wanted))

    def _coverage_answer(self, entity: Entity, as_of: str | None, role: list[str] | None,
                         results: list[Coverage]) -> CoverageAnswer:
        return CoverageAnswer.model_construct(
            query=entity, as_of=as_of, role=",".join(role) if role else None,
            open_list=any(c.open_list for c in results), results=results)

    def _filters(self, asked: tuple[str, tuple[str, ...], str, str],
                 role: str | Iterable[str] | None, methods: str | Iterable[str] | None,
                 ) -> tuple[list[str] | None, list[str] | None]:
        """The roles and methods asked, checked; a bad one is reported after the key's own
        errors (an unknown or ambiguous key, one of another class), as before the key was
        resolved inside the coverage query."""
        try:
            return self._roles(role), check_methods(methods)
        except InputError:
            self._kind(*asked)
            raise

    def _covered(self, query: str, key: str, wanted: tuple[str, ...], question: str,
                 other: str, **params: Any) -> tuple[Entity, list[coverage.Row]]:
        """The entity `key` names and its coverage rows, in one round trip: the query resolves
        the key itself. When the key names no entity, several, or one of another class,
        resolve() answers as it always did (NotFound with close names, AmbiguousName,
        WrongKind: `_kind`)."""
        base = self.ontology.base_label
        found = coverage.asked(self.run(query, key=normalise(key), **params), base)
        entity = lookup.the_one([named for named, _ in found.values()], wanted)
        if entity is None:
            entity = self._kind(key, wanted, question, other)
            if entity.id not in found:  # the graph changed between the two queries
                found = coverage.asked(self.run(query, key=normalise(entity.id), **params),
                                       base)
        return entity, found[entity.id][1] if entity.id in found else []

    def pilots_covering(self, unit: str, as_of: str | None = None,
                        methods: str | Iterable[str] | None = None,
                        role: str | Iterable[str] | None = None) -> CoverageAnswer:
        """Pilots and programmes covering `unit`: direct first, then inherited via PART_OF,
        each link of an inherited chain with its method and quote; `role` keeps only the
        coverage with these participation roles."""
        asked = (unit, self._unit_types, "which pilots cover a unit", "/pilots/{id}/units")
        roles, wanted = self._filters(asked, role, methods)
        entity, rows = self._covered("pilots_covering_unit", *asked, as_of=as_of,
                                     methods=wanted, roles=roles)
        return self._coverage_answer(entity, as_of, roles, coverage.covering_unit(
            rows, self.ontology.base_label, self.ontology.scheme(PARTICIPATION_ROLES)))

    def units_of(self, pilot: str, as_of: str | None = None, inherited: bool = False,
                 methods: str | Iterable[str] | None = None,
                 role: str | Iterable[str] | None = None) -> CoverageAnswer:
        """Units a pilot or programme covers, with role, batch and since; with `inherited`,
        also the units below them through PART_OF, marked so; `role` keeps only the
        coverage with these participation roles."""
        asked = (pilot, self._covering_types, "which units a pilot covers", "/units/{id}/pilots")
        roles, wanted = self._filters(asked, role, methods)
        entity, rows = self._covered("units_of_pilot", *asked, as_of=as_of,
                                     inherited=inherited, methods=wanted, roles=roles)
        return self._coverage_answer(entity, as_of, roles, coverage.units_of_pilot(
            entity, rows, self.ontology.base_label, self.ontology.scheme(PARTICIPATION_ROLES)))

    def search(self, q: str, type: str | None = None, limit: int = 20,
               methods: str | Iterable[str] | None = None) -> list[Entity]:
        """Entities whose name, English name, alias or id contains `q`."""
        if type is not None:
            self._check_type(type)
        result = self.run("entity_search", q=normalise(q), type=type, limit=limit,
                          methods=check_methods(methods))
        return [self._entity(row[0]) for row in result.rows]

    def _check_type(self, type: str) -> None:
        try:
            self.ontology.label(type)
        except KeyError as exc:
            raise InputError(str(exc.args[0]),
                             details={"field": "type", "allowed": self.ontology.entity_labels}
                             ) from None

    def entity(self, key: str, methods: str | Iterable[str] | None = None) -> EntityDetail:
        """One entity with its relations (both directions, each marked when the text does
        not state it) and its figures (its own and its rounds', with what they count)."""
        entity = self.resolve(key)
        wanted = check_methods(methods)
        relations = []
        rows = self.run("entity_relations", id=entity.id, methods=wanted).rows
        for rel_type, outgoing, other, props in rows:
            said = caveat(props.get("method"))
            relations.append(Relation(type=rel_type, direction="out" if outgoing else "in",
                                      other=self._entity(other), properties=props,
                                      stated=said is None, caveat=said))
        figures = figures_from_rows(self.run(FIGURES_QUERY, id=entity.id, methods=wanted),
                                    self.ontology.base_label)
        return EntityDetail(**entity.model_dump(), relations=relations, figures=figures)

    def _walk(
        self, focus: str, depth: int, types: list[str] | None, as_of: str | None,
        methods: str | Iterable[str] | None,
    ) -> Walk:
        entity = self.resolve(focus)
        result = self.run(NEIGHBOURHOOD_QUERY, focus_id=entity.id,
                          depth=check_depth(depth, self.settings.max_depth),
                          types=walk_types(self.ontology, types), as_of=as_of,
                          methods=check_methods(methods))
        return walk_from_rows(entity, result.rows, self.ontology.base_label, depth)

    def neighbourhood(
        self, focus: str, depth: int = 1, relation_types: list[str] | None = None,
        as_of: str | None = None, methods: str | Iterable[str] | None = None,
    ) -> nx.MultiDiGraph:
        """Entities within `depth` hops of `focus` (either direction) and the relations among
        them; nodes carry `distance`. Default relation types: all but MENTIONED_IN."""
        return self._walk(focus, depth, relation_types, as_of, methods).to_networkx()

    def network(
        self, focus: str, depth: int = 1, relation_types: list[str] | None = None,
        as_of: str | None = None, methods: str | Iterable[str] | None = None,
    ) -> NetworkAnswer:
        """The neighbourhood as JSON-ready nodes and edges (GET /network)."""
        return self._walk(focus, depth, relation_types, as_of, methods).answer()

    def timeline(self, date_from: str | None = None, date_to: str | None = None,
                 methods: str | Iterable[str] | None = None) -> TimelineAnswer:
        """Policies and law versions dated within the range, in date order."""
        check_range(date_from, date_to)
        result = self.run(TIMELINE_QUERY, **{"from": date_from, "to": date_to},
                          methods=check_methods(methods))
        return timeline_from_rows(result.rows, self.ontology.base_label, date_from, date_to)

    def paths(
        self, source: str, target: str, max_len: int | None = None,
        relation_types: list[str] | None = None, as_of: str | None = None,
        limit: int = DEFAULT_PATH_LIMIT, methods: str | Iterable[str] | None = None,
    ) -> PathsAnswer:
        """Simple paths between two entities (either direction), shortest first; relation
        types default to all but MENTIONED_IN; cut at GOVKG_QUERY_TIMEOUT."""
        start, end = self.resolve(source), self.resolve(target)
        if start.id == end.id:
            raise InputError("from and to are the same entity", details={"field": "to"})
        length = check_max_len(max_len, self.settings.max_path_len)
        types = walk_types(self.ontology, relation_types)
        query = get_query(PATHS_QUERY)
        result = self.store.query(
            bounded_query(query.cypher, length, types),
            {"from_id": start.id, "to_id": end.id, "max_len": length, "types": types,
             "as_of": as_of, "limit": limit, "methods": check_methods(methods)},
            timeout=self.settings.query_timeout,
        )
        return paths_from_rows(start, end, result.rows, self.ontology.base_label, length, as_of)

    # ------------------------------------------------------------------ laws

    def search_text(self, label: str, field: str, text: str, limit: int
                    ) -> list[tuple[str, float]]:
        """The store's full-text index: (id, score) of the best matching nodes."""
        return self.store.search_text(label, field, text, limit)

    def laws(self, as_of: str | None = None, region: str | None = None,
             level: str | None = None, q: str | None = None, limit: int = 100,
             offset: int = 0, methods: str | Iterable[str] | None = None) -> LawsAnswer:
        """Law versions in force on a date in a region (and the regions above it)."""
        return laws.laws_in_force(self, as_of, region, level, q, limit, offset, methods)

    def law_versions(self, law: str, methods: str | Iterable[str] | None = None
                     ) -> LawVersionsAnswer:
        """A law's versions in order, with every header event."""
        return laws.law_versions(self, law, methods)

    def law_articles(self, law: str, version: str | None = None,
                     methods: str | Iterable[str] | None = None) -> LawArticlesAnswer:
        """One version's articles in order (a version id or a date; default the last)."""
        return laws.law_articles(self, law, version, methods)

    def law_diff(self, law: str, old: str | None = None, new: str | None = None,
                 methods: str | Iterable[str] | None = None) -> LawDiffAnswer:
        """Articles added, removed and changed between two versions (ids or dates)."""
        return laws.law_diff(self, law, old, new, methods)

    def law_basis(self, law: str, depth: int = 1,
                  methods: str | Iterable[str] | None = None) -> LawLinksAnswer:
        """The laws a law rests on (根据《…》), transitively to `depth`."""
        return laws.law_basis(self, law, depth, methods)

    def law_cited_by(self, law: str, depth: int = 1,
                     methods: str | Iterable[str] | None = None) -> LawLinksAnswer:
        """The laws that rest on, cite or repeal a law, transitively to `depth`."""
        return laws.law_cited_by(self, law, depth, methods)

    def articles(self, q: str | None = None, role: str | None = None,
                 instrument: str | None = None, region: str | None = None,
                 as_of: str | None = None, limit: int = 50, offset: int = 0,
                 methods: str | Iterable[str] | None = None) -> ArticlesAnswer:
        """Articles by full-text search, role, instrument, region and date in force."""
        return laws.articles(self, q, role, instrument, region, as_of, limit, offset,
                             methods)

    def catalogue(self, limit: int = 50, offset: int = 0,
                  methods: str | Iterable[str] | None = None, **filters: str | None
                  ) -> CatalogueAnswer:
        """Policies and laws with the chosen facet values (type, level, region, year,
        instrument, role) and the count of every facet value among them; `methods` keeps
        only documents and links taken by these methods."""
        return catalogue.catalogue(self, filters, limit, offset, check_methods(methods))

    def to_networkx(self, methods: str | Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The whole graph as a networkx MultiDiGraph keyed by govkg ids; `methods` keeps
        only the nodes and relations taken by these methods (a relation only between kept
        nodes)."""
        wanted = check_methods(methods)
        nodes = [row[0] for row in self.run("all_nodes").rows]
        relationships = [row[0] for row in self.run("all_relationships").rows]
        if wanted is not None:
            nodes = [n for n in nodes if n.properties.get("method") in wanted]
            kept = {n.element_id for n in nodes}
            relationships = [r for r in relationships if r.properties.get("method") in wanted
                             and r.start in kept and r.end in kept]
        return to_networkx(nodes, relationships, self.ontology.base_label)

    def stats(self, methods: str | Iterable[str] | None = None) -> Stats:
        """Node counts by label and relation counts by type (of the methods asked)."""
        wanted = check_methods(methods)
        labels = {label: count for label, count
                  in self.run("count_by_label", methods=wanted).rows}
        types = {rel_type: count for rel_type, count
                 in self.run("count_by_type", methods=wanted).rows}
        return Stats(store=self.store.name, nodes=sum(labels.values()),
                     relationships=sum(types.values()), labels=labels, relation_types=types)
