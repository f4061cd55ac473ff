"""Typed answers of the service layer, shared by the HTTP API, the CLI and the Python facade."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from govkg.graph.base import GraphNode
from govkg.records.fields import LOOKUP_KEYS, PROVENANCE_FIELDS


class ProvenanceOut(BaseModel):
    source: str | None = None
    section: str | None = None
    quote: str | None = None
    method: str | None = None
    confidence: float | None = None
    note: str | None = None

    @classmethod
    def from_properties(cls, props: dict[str, Any]) -> ProvenanceOut | None:
        """Built without validation: the store returns what a validated load wrote."""
        found = {k: props[k] for k in PROVENANCE_FIELDS if props.get(k) is not None}
        return cls.model_construct(**found) if found else None


_NAMED_FIELDS = frozenset({"id", "name", "name_en", "aliases", LOOKUP_KEYS})


class Entity(BaseModel):
    """An entity: id, type, names and aliases, type-specific fields, and provenance."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: str
    name: str
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    provenance: ProvenanceOut | None = None

    @classmethod
    def from_node(cls, node: GraphNode, base_label: str) -> Entity:
        """Built without validation (`model_construct`): the store returns what a validated
        load wrote, and the answer is not checked twice on its way out (docs/performance.md)."""
        props = node.properties
        extra = {
            k: v for k, v in props.items()
            if k not in PROVENANCE_FIELDS and k not in _NAMED_FIELDS
        }
        return cls.model_construct(
            id=node.key,
            type=node.class_label(base_label),
            name=str(props.get("name", node.key)),
            name_en=props.get("name_en"),
            aliases=list(props.get("aliases") or []),
            provenance=ProvenanceOut.from_properties(props),
            **extra,
        )


class Link(BaseModel):
    """A relation an answer shows beside an entity, with how it was taken and, when the text
    does not state it, what to know."""

    type: str
    other: Entity
    method: str | None = None
    stated: bool = Field(default=True, description="whether a source's text states it "
                         "(curated or extracted)")
    caveat: str | None = None
    provenance: ProvenanceOut | None = None


class ChainLink(BaseModel):
    """One link of the chain that makes a coverage inherited, with where it comes from."""

    source: str
    target: str
    type: str
    method: str | None = None
    stated: bool = Field(description="whether a source's text states this link (curated or "
                         "extracted), not background knowledge or govkg's own inference")
    caveat: str | None = Field(default=None, description="what to know when the text does "
                               "not state it")
    provenance: ProvenanceOut | None = None


class Coverage(BaseModel):
    """A pilot or programme covering a unit, directly or through the PART_OF hierarchy."""

    pilot: Entity
    unit: Entity
    role: str | None = Field(default=None, description="how the unit takes part: a role of "
                             "govkg:ParticipationRoleScheme (pilot_unit, co_funding_partner …)")
    role_label: str | None = Field(default=None, description="the role's zh and en labels")
    as_written: str | None = Field(default=None, description="the role as the text writes it")
    since: str | None = None
    until: str | None = None
    batch: int | None = None
    open_list: bool = Field(default=False, description="the text lists the units with 等 "
                            "(…等作为首批试点单位): the units it names are not all of them")
    method: str | None = Field(default=None, description="how the coverage itself was taken")
    caveat: str | None = Field(default=None, description="what to know when the text does not "
                               "state the coverage or a link of its chain")
    inherited: bool = False
    chain: list[str] = Field(default_factory=list, description="unit ids from the asked unit "
                             "up to the unit the pilot covers")
    links: list[ChainLink] = Field(default_factory=list, description="the PART_OF links of "
                                   "the chain, each with its method and quote")
    stated: bool = Field(default=True, description="whether the text states every link of "
                         "this answer (the coverage and, if inherited, the chain)")
    provenance: ProvenanceOut | None = None


class CoverageAnswer(BaseModel):
    """Answer of GET /units/{unit}/pilots and /pilots/{pilot}/units."""

    query: Entity
    as_of: str | None = None
    role: str | None = Field(default=None, description="the participation role asked for")
    open_list: bool = Field(default=False, description="some coverage comes from a list the "
                            "text leaves open (等): more units may be covered than listed")
    results: list[Coverage]


class EntityPage(BaseModel):
    """Answer of GET /entities: one page of the entities found, and how many there are."""

    q: str
    type: str | None = None
    total: int = Field(description="entities found in all (up to the search cap)")
    limit: int
    offset: int = 0
    results: list[Entity]


class Relation(BaseModel):
    type: str
    direction: str = Field(description="out when the entity is the start, in otherwise")
    other: Entity
    properties: dict[str, Any] = Field(default_factory=dict)
    stated: bool = Field(default=True, description="whether a source's text states it "
                         "(curated or extracted)")
    caveat: str | None = Field(default=None, description="what to know when the text does "
                               "not state it")


class FigureOut(Entity):
    """A figure with what it counts: the event (the entity itself, or a round of it), the
    year, and the event's region and funder, each link marked when the text does not state
    it."""

    event: Entity | None = None
    year: str | None = Field(default=None, description="the period it counts (the figure's "
                             "year, else the event's)")
    regions: list[Link] = Field(default_factory=list)
    funders: list[Link] = Field(default_factory=list)


class EntityDetail(Entity):
    relations: list[Relation] = Field(default_factory=list)
    figures: list[FigureOut] = Field(default_factory=list)


class Suggestion(BaseModel):
    id: str
    type: str
    name: str
    name_en: str | None = None


class Stats(BaseModel):
    store: str
    nodes: int
    relationships: int
    labels: dict[str, int]
    relation_types: dict[str, int]


class LoadReport(BaseModel):
    """What a load read and wrote. `entities` and `relations` count the records of this load
    (its inputs' own, and the shared records it pointed at that the graph lacked), not the
    ones a re-load found already there (`stats()` says what the graph holds)."""

    origin: str
    entities: int
    relations: int
    statements: int


class NetworkNode(Entity):
    """An entity of a neighbourhood, with its distance (hops) from the focus."""

    distance: int = 0


class NetworkEdge(BaseModel):
    """A relation of a neighbourhood between two govkg ids, with its properties."""

    model_config = ConfigDict(extra="allow")

    source: str
    target: str
    type: str
    stated: bool = Field(default=True, description="whether a source's text states it")
    caveat: str | None = None
    provenance: ProvenanceOut | None = None


class NetworkAnswer(BaseModel):
    """Answer of GET /network: the focus, the nodes around it and the relations among them."""

    focus: Entity
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class TimelineEntry(BaseModel):
    """A policy on the timeline: its date (issued, else effective) and which date it is."""

    date: str
    date_kind: str = Field(description="issued, version (the date a law version was made) or "
                           "effective")
    policy: Entity
    issuers: list[Link] = Field(default_factory=list, description="ISSUED_BY links, each "
                                "marked when the text does not name the issuer")


class TimelineAnswer(BaseModel):
    """Answer of GET /policies/timeline: policies in date order; a month-only or year-only
    date sorts before the days of that month or year."""

    date_from: str | None = Field(default=None, alias="from")
    date_to: str | None = Field(default=None, alias="to")
    total: int | None = Field(default=None, description="entries in the range in all")
    limit: int | None = None
    offset: int = 0
    policies: list[TimelineEntry]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class PathOut(BaseModel):
    """One path: its entities in order and the relations between them (either direction)."""

    length: int
    nodes: list[Entity]
    relations: list[NetworkEdge]


class PathsAnswer(BaseModel):
    """Answer of GET /paths: how two entities are connected, shortest paths first."""

    source: Entity = Field(alias="from")
    target: Entity = Field(alias="to")
    max_len: int
    as_of: str | None = None
    paths: list[PathOut]

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


# ---------------------------------------------------------------------- laws


class LawEventOut(BaseModel):
    """One event of a law version's header: what happened, when, by which body."""

    kind: str = Field(description="adopted, amended, revised, approved, promulgated, effective")
    date: str
    body: Entity | None = None
    session: str | None = None
    decision: str | None = None
    provenance: ProvenanceOut | None = None


class LawVersionOut(BaseModel):
    """A version (text) of a law with the interval it is in force."""

    version: Entity
    in_force_from: str | None = None
    in_force_until: str | None = Field(default=None, description="the day the next version "
                                       "starts to be in force; null while it is in force")
    in_force_basis: str | None = Field(default=None, description="effective (the text states "
                                       "the date), manifest or adoption (see docs/laws.md); "
                                       "issued for a revision known from another source "
                                       "that gives only its issue date")
    events: list[LawEventOut] = Field(default_factory=list)


class LawInForce(BaseModel):
    """A law and the version of it in force (GET /laws)."""

    law: Entity
    level: str | None = None
    jurisdiction: Entity
    version: LawVersionOut


class LawsAnswer(BaseModel):
    """Answer of GET /laws: law versions in force on a date, in a region, by level."""

    as_of: str | None = None
    region: Entity | None = None
    level: str | None = None
    q: str | None = None
    total: int
    offset: int = 0
    results: list[LawInForce]


class LawVersionsAnswer(BaseModel):
    """Answer of GET /laws/{law}/versions: every version in order, with its header events."""

    law: Entity
    versions: list[LawVersionOut]


class LawArticlesAnswer(BaseModel):
    """Answer of GET /laws/{law}/articles: one version's articles in order, with their text."""

    law: Entity
    version: LawVersionOut
    articles: list[Entity]


class ArticleChange(BaseModel):
    """An article added, removed, changed or kept between two versions."""

    change: str = Field(description="added, removed, changed or unchanged")
    old: Entity | None = Field(default=None, description="the article in the older version")
    new: Entity | None = Field(default=None, description="the article in the newer version")
    similarity: float | None = Field(default=None, description="0–1, of the two texts")
    diff: str | None = Field(default=None, description="the text with [-removed-] and "
                             "{+added+} parts")


class LawDiffAnswer(BaseModel):
    """Answer of GET /laws/{law}/diff: what changed, article by article."""

    law: Entity
    old: Entity
    new: Entity
    counts: dict[str, int]
    changes: list[ArticleChange]


class LawLink(BaseModel):
    """A law that rests on, cites or repeals another, with the article that says so."""

    depth: int
    kind: str = Field(description="basis (根据《…》), cite or repeal")
    citing_law: Entity
    citing_version: Entity
    article: Entity
    as_written: str | None = None
    cited: Entity
    cited_version: Entity | None = Field(default=None, description="the cited law's version "
                                         "in force when the citing version started")
    provenance: ProvenanceOut | None = None


class LawLinksAnswer(BaseModel):
    """Answer of GET /laws/{law}/basis and /laws/{law}/cited-by."""

    law: Entity
    direction: str = Field(description="basis or cited_by")
    depth: int
    links: list[LawLink]


class ArticleHit(BaseModel):
    """An article with its law version and law; `score` when found by full-text search."""

    article: Entity
    version: Entity
    law: Entity
    jurisdiction: Entity
    in_force_until: str | None = None
    score: float | None = None
    exact: bool | None = Field(default=None, description="the text contains the query as "
                               "written")


class ArticlesAnswer(BaseModel):
    """Answer of GET /articles."""

    q: str | None = None
    role: Entity | None = None
    instrument: Entity | None = None
    region: Entity | None = None
    as_of: str | None = None
    total: int
    results: list[ArticleHit]


# ---------------------------------------------------------------------- catalogue


class FacetRef(BaseModel):
    """An entity a document counts under in a facet (a region, an instrument, a role)."""

    id: str
    name: str


class FacetValue(BaseModel):
    """One value of a facet and how many of the listed documents have it."""

    value: str = Field(description="what to pass back as the facet's parameter")
    label: str
    count: int


class CatalogueItem(BaseModel):
    """A policy or a law with the values it counts under in each facet."""

    document: Entity
    level: str | None = None
    regions: list[FacetRef] = Field(default_factory=list)
    years: list[str] = Field(default_factory=list, description="a law's: the years its "
                             "versions were made; a policy's: the year issued (or effective)")
    instruments: list[FacetRef] = Field(default_factory=list)
    roles: list[FacetRef] = Field(default_factory=list)


class CatalogueAnswer(BaseModel):
    """Answer of GET /catalogue: the documents with every chosen facet value, and the
    count of each facet value among them."""

    filters: dict[str, str]
    total: int
    offset: int = 0
    facets: dict[str, list[FacetValue]]
    results: list[CatalogueItem]
