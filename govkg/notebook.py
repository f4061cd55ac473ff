"""The notebook facade: govkg's questions answered as pandas DataFrames and networkx graphs.

It adds no question of its own: each method calls the service layer (the same one the HTTP
API and the CLI use) and reshapes the typed answer into what pandas and networkx users
expect, the way the neo4j driver's `to_df()` does.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import networkx as nx

from govkg.errors import needs_extra
from govkg.graph.base import GraphNode, GraphPath, GraphRelationship, QueryResult
from govkg.service import GovernanceService
from govkg.service.answers import (
    Coverage,
    CoverageAnswer,
    Entity,
    EntityDetail,
    LawEventOut,
    LawLinksAnswer,
    LoadReport,
)
from govkg.settings import Settings

with needs_extra("notebook", "KnowledgeGraph (DataFrames)"):
    import pandas as pd

if TYPE_CHECKING:
    from govkg.network.drawing import DrawReport

class EmptyGraphWarning(UserWarning):
    """KnowledgeGraph.open() found no entity in the store: questions would answer "not
    found"; the message says where the store is and how to load it."""


Methods = str | list[str] | None
"""Kinds of fact to include ("curated,extracted" or a list); all when None."""
COVERAGE_COLUMNS = [
    "pilot_id", "pilot", "pilot_en", "pilot_type", "unit_id", "unit", "unit_en", "role",
    "role_label", "as_written", "since", "until", "batch", "open_list", "inherited", "chain",
    "method", "stated", "caveat", "section", "quote",
]
ENTITY_COLUMNS = ["id", "type", "name", "name_en", "aliases"]
LAW_COLUMNS = ["law_id", "law", "level", "jurisdiction", "version_id", "in_force_from",
               "in_force_until", "in_force_basis"]
VERSION_COLUMNS = ["version_id", "in_force_from", "in_force_until", "in_force_basis", "event",
                   "date", "body", "session", "decision"]
DIFF_COLUMNS = ["change", "old_article", "new_article", "similarity", "diff"]
LINK_COLUMNS = ["depth", "kind", "citing_law", "citing_version", "article", "as_written",
                "cited_id", "cited", "cited_method", "cited_version", "quote"]
ARTICLE_COLUMNS = ["article_id", "article", "law", "version_id", "jurisdiction", "text",
                   "score", "exact"]
LAW_ARTICLE_COLUMNS = ["article_id", "article", "chapter", "number", "text"]
CATALOGUE_COLUMNS = ["id", "type", "name", "level", "regions", "years", "instruments", "roles"]
TIMELINE_COLUMNS = ["date", "date_kind", "id", "name", "name_en", "doc_type", "status",
                    "issuers"]


def _coverage_row(coverage: Coverage) -> dict[str, Any]:
    prov = coverage.provenance
    return {
        "pilot_id": coverage.pilot.id, "pilot": coverage.pilot.name,
        "pilot_en": coverage.pilot.name_en, "pilot_type": coverage.pilot.type,
        "unit_id": coverage.unit.id, "unit": coverage.unit.name,
        "unit_en": coverage.unit.name_en, "role": coverage.role,
        "role_label": coverage.role_label, "as_written": coverage.as_written,
        "since": coverage.since, "until": coverage.until, "batch": coverage.batch,
        "open_list": coverage.open_list, "inherited": coverage.inherited,
        "chain": " → ".join(coverage.chain), "method": prov.method if prov else None,
        "stated": coverage.stated, "caveat": coverage.caveat,
        "section": prov.section if prov else None, "quote": prov.quote if prov else None,
    }


def coverage_frame(answer: CoverageAnswer) -> pd.DataFrame:
    """One row per (pilot, unit) coverage, direct before inherited."""
    return pd.DataFrame([_coverage_row(c) for c in answer.results], columns=COVERAGE_COLUMNS)


def entity_frame(entities: Iterable[Entity]) -> pd.DataFrame:
    """One row per entity: the common columns, then every type-specific field."""
    rows = [entity.model_dump(exclude={"provenance"}) for entity in entities]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=ENTITY_COLUMNS)
    rest = [c for c in frame.columns if c not in ENTITY_COLUMNS]
    return frame[ENTITY_COLUMNS + rest]


def _cell(value: Any) -> Any:
    """Graph values in a DataFrame cell: nodes and relations as dicts, paths as id lists."""
    if isinstance(value, GraphNode):
        return {"id": value.key, "labels": list(value.labels), **value.properties}
    if isinstance(value, GraphRelationship):
        return {"type": value.type, **value.properties}
    if isinstance(value, GraphPath):
        return [node.key for node in value.nodes]
    if isinstance(value, list):
        return [_cell(v) for v in value]
    return value


def _links_frame(answer: LawLinksAnswer) -> pd.DataFrame:
    return pd.DataFrame([{
        "depth": link.depth, "kind": link.kind, "citing_law": link.citing_law.name,
        "citing_version": link.citing_version.id, "article": link.article.name,
        "as_written": link.as_written, "cited_id": link.cited.id, "cited": link.cited.name,
        "cited_method": link.cited.provenance.method if link.cited.provenance else None,
        "cited_version": link.cited_version.id if link.cited_version else None,
        "quote": link.provenance.quote if link.provenance else None}
        for link in answer.links], columns=LINK_COLUMNS)


def result_frame(result: QueryResult) -> pd.DataFrame:
    return pd.DataFrame([[_cell(v) for v in row] for row in result.rows],
                        columns=list(result.columns))


class KnowledgeGraph:
    """govkg for notebooks: tables as DataFrames, networks as networkx graphs.

    Open the embedded store (started and stopped for you) or a server by URL::

        from govkg import KnowledgeGraph
        with KnowledgeGraph.open() as kg:           # or KnowledgeGraph.open("neo4j://…")
            kg.load("data/")
            kg.pilots_covering("复旦大学")          # DataFrame
            kg.neighbourhood("基础研究特区", 2)     # networkx.MultiDiGraph

    Entities are found by id, Chinese name, English name or alias everywhere. `service`
    is the typed layer underneath (pydantic answers), shared with the HTTP API and CLI.
    """

    def __init__(self, service: GovernanceService) -> None:
        self.service = service

    @classmethod
    def open(cls, store: str | None = None, *, state_dir: str | Path | None = None,
             settings: Settings | None = None) -> KnowledgeGraph:
        """Open `store` ("embedded" by default, or falkordb://, neo4j://, bolt:// URLs);
        `state_dir` is where the embedded store keeps its data (default GOVKG_STATE_DIR)."""
        settings = settings or Settings()
        if state_dir is not None:
            settings = settings.model_copy(update={"state_dir": Path(state_dir)})
        service = GovernanceService.open(store, settings=settings)
        hint = service.empty_store_hint()
        if hint:
            warnings.warn(hint, EmptyGraphWarning, stacklevel=2)
        return cls(service)

    def close(self) -> None:
        """Close the store; an embedded store this object started is stopped."""
        self.service.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        stats = self.service.stats()
        if not stats.nodes:
            return (f"<KnowledgeGraph {stats.store}: empty, in {self.service.location()}; "
                    "kg.load_bundled() loads the bundled corpus>")
        return (f"<KnowledgeGraph {stats.store}: {stats.nodes} entities, "
                f"{stats.relationships} relations>")

    # ------------------------------------------------------------------ loading

    def load_bundled(self) -> LoadReport:
        """Load the corpus shipped with govkg: the Shanghai 2021 chapter, background facts
        and 45 S&T laws (idempotent: nothing is written when it is already there)."""
        return self.service.load_bundled()

    def load(self, *paths: str | Path) -> LoadReport:
        """Validate and load YAML or RDF files (or folders of them), all-or-nothing."""
        return self.service.load([Path(p) for p in paths])

    def extract(self, path: str | Path, output: str | Path, year: int | None = None
                ) -> list[Path]:
        """Propose records from Chinese policy texts (a file or a folder) into YAML files
        for review (`output`: a .yaml file, or a folder for several texts); load the reviewed
        files with `load`. Names already in the graph are linked, not duplicated."""
        return self.service.extract([Path(path)], Path(output), year).written

    # ------------------------------------------------------------------ questions

    def pilots_covering(self, unit: str, as_of: str | None = None,
                        method: Methods = None, role: Methods = None) -> pd.DataFrame:
        """Pilots and programmes covering `unit`, direct and inherited through PART_OF;
        `stated` is False where the text does not state a link (`caveat` says why);
        `method="curated,extracted"` keeps only what the texts say; `role="pilot_unit"` (or
        co_funding_partner …) only that kind of participation; `open_list` is True where the
        text's list of units ends with 等."""
        return coverage_frame(self.service.pilots_covering(unit, as_of=as_of, methods=method,
                                                           role=role))

    def units_of(self, pilot: str, as_of: str | None = None, inherited: bool = False,
                 method: Methods = None, role: Methods = None) -> pd.DataFrame:
        """Units a pilot or programme covers, with role, batch and since; `inherited` adds
        the units covered through PART_OF; `role` keeps one kind of participation."""
        return coverage_frame(self.service.units_of(pilot, as_of=as_of, inherited=inherited,
                                                    methods=method, role=role))

    def entity(self, name_or_id: str, method: Methods = None) -> EntityDetail:
        """One entity with its relations, figures and provenance (a pydantic model)."""
        return self.service.entity(name_or_id, methods=method)

    def search(self, q: str, type: str | None = None, limit: int = 20,
               method: Methods = None) -> pd.DataFrame:
        """Entities whose name, English name, alias or id contains `q`."""
        return entity_frame(self.service.search(q, type=type, limit=limit, methods=method))

    def timeline(self, start: str | None = None, end: str | None = None,
                 method: Methods = None) -> pd.DataFrame:
        """Policies and law versions dated within [start, end] (YYYY, YYYY-MM or
        YYYY-MM-DD), in date order."""
        answer = self.service.timeline(start, end, methods=method)
        rows = [{"date": e.date, "date_kind": e.date_kind, "id": e.policy.id,
                 "name": e.policy.name, "name_en": e.policy.name_en,
                 "doc_type": getattr(e.policy, "doc_type", None),
                 "status": getattr(e.policy, "status", None), "issuers": ", ".join(
                     i.other.name + ("" if i.stated else " (not stated)") for i in e.issuers)}
                for e in answer.policies]
        return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)

    def neighbourhood(self, focus: str, depth: int = 1,
                      relation_types: list[str] | None = None,
                      as_of: str | None = None, method: Methods = None) -> nx.MultiDiGraph:
        """Entities within `depth` hops of `focus` and the relations among them."""
        return self.service.neighbourhood(focus, depth, relation_types, as_of, methods=method)

    def paths(self, a: str, b: str, max_len: int | None = None,
              method: Methods = None) -> list[nx.MultiDiGraph]:
        """How two entities are connected: one small graph per path, shortest first; each
        edge has `method` and `stated` (False where the text does not state it)."""
        graphs = []
        for path in self.service.paths(a, b, max_len=max_len, methods=method).paths:
            graph = nx.MultiDiGraph(length=path.length)
            for node in path.nodes:
                graph.add_node(node.id, type=node.type, label=node.name, name_en=node.name_en)
            for edge in path.relations:
                graph.add_edge(edge.source, edge.target, key=edge.type, type=edge.type,
                               method=edge.provenance.method if edge.provenance else None,
                               stated=edge.stated, caveat=edge.caveat)
            graphs.append(graph)
        return graphs

    def cypher(self, query: str, **params: Any) -> pd.DataFrame:
        """Run read-only Cypher with parameters; writes are refused by the store."""
        return result_frame(self.service.cypher(query, params))

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a named query of the library (see docs/queries.md)."""
        return result_frame(self.service.run(name, **params))

    def analytics(self, name: str, limit: int = 20, method: Methods = None) -> pd.DataFrame:
        """A network analysis of the whole graph (degree, betweenness, projection,
        communities, mechanisms), of the facts taken by `method` only if given; its
        whole-graph figures are in `frame.attrs`."""
        from govkg.network.analytics import analyse

        table = analyse(self.service.to_networkx(methods=method), name, limit)
        frame = pd.DataFrame(table.rows, columns=table.columns)
        frame.attrs.update(table.summary)
        return frame

    def draw(self, focus: str, output: str | Path, depth: int = 1,
             method: Methods = None) -> DrawReport:
        """A PNG of the neighbourhood of `focus`, with Chinese labels when a CJK font exists."""
        from govkg.network.drawing import draw_neighbourhood

        return draw_neighbourhood(self.service.neighbourhood(focus, depth, methods=method),
                                  Path(output))

    def export(self, fmt: str, output: str | Path) -> Path:
        """Write the whole graph as `fmt` (gexf for Gephi, graphml, ttl, jsonld, cypher, csv)."""
        from govkg.exports import export

        export(self.service, fmt, Path(output))
        return Path(output)

    # ------------------------------------------------------------------ laws

    def laws(self, as_of: str | None = None, region: str | None = None,
             level: str | None = None, q: str | None = None,
             method: Methods = None) -> pd.DataFrame:
        """Law versions in force on `as_of` in `region` (national ones included), by level."""
        answer = self.service.laws(as_of, region, level, q, limit=10_000, methods=method)
        return pd.DataFrame([{
            "law_id": r.law.id, "law": r.law.name, "level": r.level,
            "jurisdiction": r.jurisdiction.name, "version_id": r.version.version.id,
            "in_force_from": r.version.in_force_from, "in_force_until": r.version.in_force_until,
            "in_force_basis": r.version.in_force_basis} for r in answer.results],
            columns=LAW_COLUMNS)

    def law_versions(self, law: str, method: Methods = None) -> pd.DataFrame:
        """One row per header event of each version (a version without events: one row)."""
        answer = self.service.law_versions(law, methods=method)
        rows = []
        for v in answer.versions:
            events: list[LawEventOut | None] = list(v.events) or [None]
            for event in events:
                rows.append({
                    "version_id": v.version.id, "in_force_from": v.in_force_from,
                    "in_force_until": v.in_force_until, "in_force_basis": v.in_force_basis,
                    "event": event.kind if event else None, "date": event.date if event else None,
                    "body": event.body.name if event and event.body else None,
                    "session": event.session if event else None,
                    "decision": event.decision if event else None})
        return pd.DataFrame(rows, columns=VERSION_COLUMNS)

    def law_diff(self, law: str, old: str | None = None, new: str | None = None,
                 method: Methods = None) -> pd.DataFrame:
        """One row per article added, removed, changed or unchanged between two versions."""
        answer = self.service.law_diff(law, old, new, methods=method)
        return pd.DataFrame([{
            "change": c.change, "old_article": c.old.name if c.old else None,
            "new_article": c.new.name if c.new else None, "similarity": c.similarity,
            "diff": c.diff} for c in answer.changes], columns=DIFF_COLUMNS)

    def law_basis(self, law: str, depth: int = 1, method: Methods = None) -> pd.DataFrame:
        """The laws `law` rests on (根据《…》), one row per citing article, transitively."""
        return _links_frame(self.service.law_basis(law, depth, methods=method))

    def law_cited_by(self, law: str, depth: int = 1, method: Methods = None) -> pd.DataFrame:
        """The laws that rest on, cite or repeal `law`, one row per citing article."""
        return _links_frame(self.service.law_cited_by(law, depth, methods=method))

    def articles(self, q: str | None = None, role: str | None = None,
                 instrument: str | None = None, region: str | None = None,
                 as_of: str | None = None, limit: int = 100,
                 method: Methods = None) -> pd.DataFrame:
        """Articles by full-text search, role, instrument, region and date in force."""
        answer = self.service.articles(q, role, instrument, region, as_of, limit,
                                       methods=method)
        return pd.DataFrame([{
            "article_id": h.article.id, "article": h.article.name, "law": h.law.name,
            "version_id": h.version.id, "jurisdiction": h.jurisdiction.name,
            "text": (h.article.model_extra or {}).get("text"), "score": h.score,
            "exact": h.exact} for h in answer.results], columns=ARTICLE_COLUMNS)

    def law_articles(self, law: str, version: str | None = None,
                     method: Methods = None) -> pd.DataFrame:
        """One version's articles in order (a version id or a date it was in force; default
        the last version), with chapter, number and exact text."""
        answer = self.service.law_articles(law, version, methods=method)
        rows = []
        for article in answer.articles:
            extra = article.model_extra or {}
            rows.append({"article_id": article.id, "article": article.name,
                         "chapter": extra.get("chapter"), "number": extra.get("number"),
                         "text": extra.get("text")})
        return pd.DataFrame(rows, columns=LAW_ARTICLE_COLUMNS)

    def catalogue(self, limit: int = 10_000, method: Methods = None, **facets: str | None
                  ) -> pd.DataFrame:
        """Policies and laws with the chosen facet values (type, level, region, year,
        instrument, role), one row each; facet values of several entities joined with "、".
        The facet counts are `catalogue_facets`."""
        answer = self.service.catalogue(limit, 0, methods=method, **facets)
        return pd.DataFrame([{
            "id": item.document.id, "type": item.document.type, "name": item.document.name,
            "level": item.level, "regions": "、".join(r.name for r in item.regions),
            "years": "、".join(item.years),
            "instruments": "、".join(i.name for i in item.instruments),
            "roles": "、".join(r.name for r in item.roles)} for item in answer.results],
            columns=CATALOGUE_COLUMNS)

    def catalogue_facets(self, method: Methods = None, **facets: str | None) -> pd.DataFrame:
        """The count of every facet value among the documents with the chosen facet
        values: the numbers of the explorer's list view."""
        answer = self.service.catalogue(1, 0, methods=method, **facets)
        return pd.DataFrame([{"facet": facet, "value": v.value, "label": v.label,
                              "count": v.count}
                             for facet, values in answer.facets.items() for v in values],
                            columns=["facet", "value", "label", "count"])

    def to_networkx(self, method: Methods = None) -> nx.MultiDiGraph:
        """The whole graph (or the facts taken by `method`), keyed by govkg ids, with names
        and types as attributes."""
        return self.service.to_networkx(methods=method)

    def stats(self, method: Methods = None) -> pd.DataFrame:
        """Counts of entities by class and relations by type (of `method` only if given)."""
        stats = self.service.stats(methods=method)
        rows = [("entity", k, v) for k, v in stats.labels.items()]
        rows += [("relation", k, v) for k, v in stats.relation_types.items()]
        return pd.DataFrame(rows, columns=["kind", "name", "count"])
