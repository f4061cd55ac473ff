"""Questions about laws: which are in force, a law's versions and what changed between them,
what a law rests on and what cites it, and which articles name a role or an instrument.

Each question is one named query (two for full-text search: the store's index, then the
filters; one per level for links followed transitively), answered as typed models.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from govkg.errors import InputError
from govkg.graph.base import GraphNode, GraphRelationship, QueryResult
from govkg.loaders.laws import LEVELS
from govkg.ontology.model import Ontology
from govkg.ontology.terms import (
    ACTOR_ROLE,
    ARTICLE,
    CITES,
    LAW,
    LAW_VERSION,
    LEGAL_BASIS,
    MECHANISM,
    POLICY,
    REGION,
    REPEALS,
)
from govkg.ontology.vocabulary import instruments, roles
from govkg.records import check_partial_date
from govkg.records.names import normalise
from govkg.service.answers import (
    ArticleChange,
    ArticleHit,
    ArticlesAnswer,
    Entity,
    LawArticlesAnswer,
    LawDiffAnswer,
    LawEventOut,
    LawInForce,
    LawLink,
    LawLinksAnswer,
    LawsAnswer,
    LawVersionOut,
    LawVersionsAnswer,
    ProvenanceOut,
)
from govkg.service.law_diff import diff_articles
from govkg.service.methods import check_methods

MAX_LINK_DEPTH = 4
"""Steps a basis or cited-by answer follows at most."""
SEARCH_CANDIDATES = 500
"""Full-text hits taken from the store's index before the other filters."""
Methods = str | Iterable[str] | None
"""The method filter of a question (govkg.service.methods)."""
LINK_KIND = {LEGAL_BASIS: "basis", CITES: "cite", REPEALS: "repeal"}


class Asker(Protocol):
    """The part of GovernanceService the law questions use."""

    ontology: Ontology

    def run(self, name: str, **params: Any) -> QueryResult: ...

    def resolve(self, key: str, types: Iterable[str] | None = None) -> Entity: ...

    def search_text(self, label: str, field: str, text: str, limit: int
                    ) -> list[tuple[str, float]]: ...


def _entity(kg: Asker, node: GraphNode) -> Entity:
    return Entity.from_node(node, kg.ontology.base_label)


def _date(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        return check_partial_date(value)
    except ValueError as exc:
        raise InputError(f"{field}: {exc}", details={"field": field}) from None


def version_start(props: dict[str, Any]) -> tuple[str | None, str | None]:
    """When a version starts to be in force, and on what basis: a law text's in_force_from
    and in_force_basis; a revision known from another source (a Policy) from its effective
    date, else its issue date, said so ("effective" or "issued")."""
    if props.get("in_force_from"):
        return props["in_force_from"], props.get("in_force_basis")
    for field in ("effective", "issued"):
        if props.get(field):
            return props[field], field
    return None, None


def _version_out(kg: Asker, version: GraphNode, until: str | None,
                 events: list[LawEventOut] | None = None) -> LawVersionOut:
    start, basis = version_start(version.properties)
    return LawVersionOut(version=_entity(kg, version), in_force_from=start,
                         in_force_until=until, in_force_basis=basis, events=events or [])


def laws_in_force(kg: Asker, as_of: str | None = None, region: str | None = None,
                  level: str | None = None, q: str | None = None, limit: int = 100,
                  offset: int = 0, methods: Methods = None) -> LawsAnswer:
    """Law versions in force on `as_of` (every version when None), in `region` and the
    regions above it, of `level`, with `q` in a title."""
    as_of = _date(as_of, "as_of")
    if level is not None and level not in LEVELS:
        raise InputError(f"unknown level {level!r}; known: {', '.join(LEVELS)}",
                         details={"field": "level", "allowed": list(LEVELS)})
    place = kg.resolve(region, [REGION]) if region else None
    result = kg.run("laws_in_force", as_of=as_of, region=place.id if place else None,
                    level=level, q=normalise(q) if q else None,
                    methods=check_methods(methods))
    rank = {name: index for index, name in enumerate(LEVELS)}
    rows = sorted(result.rows, key=lambda r: (rank.get(r[0].properties.get("level"), 99),
                                              str(version_start(r[1].properties)[0]),
                                              r[0].properties.get("name", "")))
    results = [LawInForce(law=_entity(kg, law), level=law.properties.get("level"),
                          jurisdiction=_entity(kg, where), version=_version_out(kg, version,
                                                                                until))
               for law, version, where, until in rows]
    return LawsAnswer(as_of=as_of, region=place, level=level, q=q, total=len(results),
                      offset=offset, results=results[offset: offset + limit])


def law(kg: Asker, key: str) -> Entity:
    """The Law named by an id, a title (with or without 中华人民共和国) or an alias."""
    return kg.resolve(key, [LAW])


def law_versions(kg: Asker, key: str, methods: Methods = None) -> LawVersionsAnswer:
    """A law's versions in order, each with its header events and its interval in force
    (`methods`: only versions, and links to them, taken by these methods)."""
    work = law(kg, key)
    versions: dict[str, tuple[GraphNode, str | None, list[LawEventOut]]] = {}
    for version, until, event, body in kg.run("law_versions", law_id=work.id,
                                              methods=check_methods(methods)).rows:
        entry = versions.setdefault(version.key, (version, until, []))
        if isinstance(event, GraphNode):
            props = event.properties
            entry[2].append(LawEventOut(
                kind=props.get("kind", ""), date=props.get("date", ""),
                body=_entity(kg, body) if isinstance(body, GraphNode) else None,
                session=props.get("session"), decision=props.get("decision"),
                provenance=ProvenanceOut.from_properties(props)))
    return LawVersionsAnswer(law=work, versions=[
        _version_out(kg, version, until, events) for version, until, events in versions.values()])


def _pick_version(answer: LawVersionsAnswer, wanted: str | None, field: str,
                  default: int) -> LawVersionOut:
    """A version whose text the graph holds (a LawVersion): by id, or the one in force on a
    date, or the default (first/last). A revision known only from another source (a Policy
    version) has no articles here, and is refused by name."""
    texts = [v for v in answer.versions if v.version.type == LAW_VERSION]
    if not texts:
        raise InputError(f"{answer.law.name} has no versions in the graph")
    if wanted is None:
        return texts[default]
    date = None if any(v.version.id == wanted for v in answer.versions) else _date(wanted,
                                                                                   field)
    for version in answer.versions:
        start = version.in_force_from or ""
        if version.version.id == wanted or (date is not None and start <= date and (
                version.in_force_until is None or version.in_force_until > date)):
            if version.version.type != LAW_VERSION:
                raise InputError(
                    f"{field}: {version.version.name} ({version.version.id}) is a version of "
                    f"{answer.law.name} known only from another source; its text is not in "
                    "the graph", details={"field": field, "versions": [
                        v.version.id for v in texts]})
            return version
    raise InputError(f"{field}: no version of {answer.law.name} is in force on {date} or has "
                     "that id", details={"field": field, "versions": [
                         v.version.id for v in answer.versions]})


def law_diff(kg: Asker, key: str, old: str | None = None, new: str | None = None,
             methods: Methods = None) -> LawDiffAnswer:
    """Articles added, removed and changed from version `old` to `new` (ids or dates; by
    default the first and the last version)."""
    answer = law_versions(kg, key, methods)
    first = _pick_version(answer, old, "from", 0)
    last = _pick_version(answer, new, "to", -1)
    rows = kg.run("law_articles", versions=[first.version.id, last.version.id],
                  methods=check_methods(methods)).rows
    articles: dict[str, list[Entity]] = {first.version.id: [], last.version.id: []}
    for version_id, article in rows:
        articles[version_id].append(_entity(kg, article))
    before, after = articles[first.version.id], articles[last.version.id]

    def text(entity: Entity) -> str:
        return str((entity.model_extra or {}).get("text", ""))

    changes = [ArticleChange(
        change=c.change, old=before[c.old] if c.old is not None else None,
        new=after[c.new] if c.new is not None else None, similarity=c.similarity, diff=c.diff)
        for c in diff_articles([text(a) for a in before], [text(a) for a in after])]
    counts = {kind: sum(1 for c in changes if c.change == kind)
              for kind in ("added", "removed", "changed", "unchanged")}
    return LawDiffAnswer(law=answer.law, old=first.version, new=last.version, counts=counts,
                         changes=changes)


def law_articles(kg: Asker, key: str, version: str | None = None,
                 methods: Methods = None) -> LawArticlesAnswer:
    """The articles of one version of a law (an id or a date it was in force; by default
    the last version), in order, with their text."""
    answer = law_versions(kg, key, methods)
    chosen = _pick_version(answer, version, "version", -1)
    rows = kg.run("law_articles", versions=[chosen.version.id],
                  methods=check_methods(methods)).rows
    return LawArticlesAnswer(law=answer.law, version=chosen,
                             articles=[_entity(kg, article) for _, article in rows])


def _check_depth(depth: int) -> int:
    if not 1 <= depth <= MAX_LINK_DEPTH:
        raise InputError(f"depth {depth} is out of range; use 1 to {MAX_LINK_DEPTH}",
                         details={"field": "depth", "max": MAX_LINK_DEPTH})
    return depth


def _link(kg: Asker, depth: int, law_node: GraphNode, version: GraphNode, article: GraphNode,
          link: GraphRelationship, cited: GraphNode, cited_version: Any) -> LawLink:
    return LawLink(
        depth=depth, kind=LINK_KIND.get(link.type, link.type.lower()),
        citing_law=_entity(kg, law_node), citing_version=_entity(kg, version),
        article=_entity(kg, article), as_written=link.properties.get("as_written"),
        cited=_entity(kg, cited),
        cited_version=_entity(kg, cited_version) if isinstance(cited_version, GraphNode)
        else None, provenance=ProvenanceOut.from_properties(link.properties))


def law_basis(kg: Asker, key: str, depth: int = 1, methods: Methods = None
              ) -> LawLinksAnswer:
    """The laws a law rests on (根据《…》), followed `depth` steps."""
    work = law(kg, key)
    links: list[LawLink] = []
    seen, frontier = {work.id}, [work.id]
    for step in range(1, _check_depth(depth) + 1):
        rows = kg.run("law_basis_step", laws=frontier, methods=check_methods(methods)).rows
        frontier = []
        for law_node, version, article, link, cited, cited_version in rows:
            links.append(_link(kg, step, law_node, version, article, link, cited,
                               cited_version))
            if cited.key not in seen:
                seen.add(cited.key)
                frontier.append(cited.key)
        if not frontier:
            break
    return LawLinksAnswer(law=work, direction="basis", depth=depth, links=links)


def law_cited_by(kg: Asker, key: str, depth: int = 1, methods: Methods = None
                 ) -> LawLinksAnswer:
    """The laws whose articles rest on, cite or repeal a law, followed `depth` steps."""
    work = kg.resolve(key, [LAW, POLICY])
    links: list[LawLink] = []
    seen, frontier = {work.id}, [work.id]
    for step in range(1, _check_depth(depth) + 1):
        rows = kg.run("law_cited_by_step", laws=frontier,
                      methods=check_methods(methods)).rows
        frontier = []
        for cited, law_node, version, article, link, cited_version in rows:
            links.append(_link(kg, step, law_node, version, article, link, cited,
                               cited_version))
            if law_node.key not in seen:
                seen.add(law_node.key)
                frontier.append(law_node.key)
        if not frontier:
            break
    return LawLinksAnswer(law=work, direction="cited_by", depth=depth, links=links)


def _with_narrower(concept_id: str, scheme: str) -> list[str]:
    """A concept and every concept below it in its vocabulary (高新技术企业 is an 企业)."""
    vocabulary = roles() if scheme == ACTOR_ROLE else instruments()
    found, frontier = [concept_id], [concept_id]
    while frontier:
        current = frontier.pop()
        for concept in vocabulary.concepts.values():
            if concept.broader == current and concept.id not in found:
                found.append(concept.id)
                frontier.append(concept.id)
    return found


def articles(kg: Asker, q: str | None = None, role: str | None = None,
             instrument: str | None = None, region: str | None = None,
             as_of: str | None = None, limit: int = 50, offset: int = 0,
             methods: Methods = None) -> ArticlesAnswer:
    """Articles naming a role or instrument (and the narrower ones), in a region, in force on
    a date; with `q`, found through the store's full-text index, exact matches first."""
    as_of = _date(as_of, "as_of")
    role_entity = kg.resolve(role, [ACTOR_ROLE]) if role else None
    instrument_entity = kg.resolve(instrument, [MECHANISM]) if instrument else None
    place = kg.resolve(region, [REGION]) if region else None
    scores: dict[str, float] = {}
    if q:
        scores = dict(kg.search_text(ARTICLE, "text", q, SEARCH_CANDIDATES))
        if not scores:
            return ArticlesAnswer(q=q, role=role_entity, instrument=instrument_entity,
                                  region=place, as_of=as_of, total=0, results=[])
    result = kg.run(
        "articles", ids=list(scores) if q else None,
        roles=_with_narrower(role_entity.id, ACTOR_ROLE) if role_entity else None,
        instruments=_with_narrower(instrument_entity.id, MECHANISM) if instrument_entity
        else None, region=place.id if place else None, as_of=as_of,
        limit=SEARCH_CANDIDATES if q else offset + limit, methods=check_methods(methods))
    hits = []
    for article, version, law_node, where, until in result.rows:
        text = str(article.properties.get("text", ""))
        hits.append(ArticleHit(
            article=_entity(kg, article), version=_entity(kg, version), law=_entity(kg, law_node),
            jurisdiction=_entity(kg, where), in_force_until=until,
            score=scores.get(article.key) if q else None,
            exact=("".join(q.split()) in "".join(text.split())) if q else None))
    if q:
        hits.sort(key=lambda h: (not h.exact, -(h.score or 0.0)))
    return ArticlesAnswer(q=q, role=role_entity, instrument=instrument_entity, region=place,
                          as_of=as_of, total=len(hits), results=hits[offset: offset + limit])


__all__ = ["MAX_LINK_DEPTH", "articles", "law", "law_articles", "law_basis", "law_cited_by",
           "law_diff", "law_versions", "laws_in_force"]
