"""Plain records that every loader produces and every store writes: the one data format."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def check_partial_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD, and only dates that exist."""
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None
    return value


PartialDate = Annotated[str, AfterValidator(check_partial_date)]
RelationKey = tuple[str, str, str, str]
"""A relation's identity: (from id, type, to id, rid)."""
RELATION_KEY = "rid"
"""The derived relation property that holds RelationRecord.rid in a store."""
Method = Literal["curated", "extracted", "background", "cited", "inferred", "imported"]
"""How a fact was taken: by hand from the text, by rules, a public fact no source states,
known only because another text cites it, derived by govkg, or from another database."""


class Provenance(BaseModel):
    """Where a fact came from: source id, section, the quoted sentence, how it was taken."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str | None = None
    section: str | None = None
    quote: str | None = None
    method: Method = "curated"
    confidence: float | None = Field(default=None, ge=0, le=1)
    note: str | None = None

    def as_properties(self) -> dict[str, Any]:
        # the fields in model order, read directly: a load calls this for every record
        return {k: v for k, v in self.__dict__.items() if v is not None}


CURATED: dict[str, Any] = Provenance().as_properties()
"""The provenance properties of a record given without provenance: written by hand."""


class EntityRecord(BaseModel):
    """A node: `type` is an ontology class, `id` is unique across the graph."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    type: str
    name: str = Field(min_length=1)
    name_en: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    kind: str | None = None
    doc_type: str | None = None
    status: str | None = None
    issued: PartialDate | None = None
    effective: PartialDate | None = None
    adopted: PartialDate | None = None
    doc_number: str | None = None
    value: int | float | None = None
    unit: str | None = None
    measure: str | None = None
    qualifier: str | None = None
    year: PartialDate | None = None
    ratio: str | None = None
    url: str | None = None
    publisher: str | None = None
    ror: str | None = None
    close_match: str | None = None
    level: str | None = None
    version_date: PartialDate | None = None
    in_force_from: PartialDate | None = None
    in_force_basis: str | None = None
    number: int | None = None
    chapter: str | None = None
    text: str | None = None
    date: PartialDate | None = None
    session: str | None = None
    decision: str | None = None
    file: str | None = None
    sha256: str | None = None
    sources: tuple[str, ...] = ()
    """Every source that states this entity (see govkg.records.merge); the first is the one
    whose provenance the node carries. Filled in by the load; a record may leave it out."""
    provenance: Provenance | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(
                f"{value!r}: ids use lower-case ASCII letters, digits, '.', '_' and '-'"
            )
        return value

    @field_validator("value", "number", mode="before")
    @classmethod
    def _no_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a number, not a boolean")
        return value

    def properties(self) -> dict[str, Any]:
        """Flat graph properties: record fields plus provenance, without nulls or `type`; a
        record given without provenance was written by hand (method curated). `sources`
        lists every source stating the entity, its own provenance source first (as
        govkg.records.merge.sources_of).

        The fields are read in model order straight from the instance (what model_dump would
        give, at a fraction of its cost: a load computes this once for every record)."""
        data = {k: v for k, v in self.__dict__.items()
                if v is not None and k not in _ENTITY_NOT_PROPERTIES}
        data["aliases"] = list(self.aliases)
        own = self.provenance.source if self.provenance is not None else None
        sources = ([own, *(s for s in self.sources if s != own)] if own
                   else list(self.sources))
        if sources:
            data["sources"] = sources
        data.update(self.provenance.as_properties() if self.provenance is not None
                    else CURATED)
        return data


class RelationRecord(BaseModel):
    """An edge: `type` is an ontology relation; identity is (from, type, to, rid)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    type: str
    source_id: str = Field(alias="from")
    target_id: str = Field(alias="to")
    role: str | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    batch: int | None = None
    ratio: str | None = None
    as_written: str | None = None
    open_list: bool | None = None
    """true when the text lists the units with 等: the list is not exhaustive."""
    note: str | None = None
    provenance: Provenance | None = None

    @property
    def rid(self) -> str:
        """What tells this relation apart from another of the same type between the same two
        entities: its source and batch. Two sources stating one link are two facts, each
        with its own provenance; a unit in batch 1 and again in batch 2 is two memberships."""
        source = self.provenance.source if self.provenance and self.provenance.source else ""
        return source if self.batch is None else f"{source}#{self.batch}"

    @property
    def key(self) -> RelationKey:
        return (self.source_id, self.type, self.target_id, self.rid)

    def properties(self) -> dict[str, Any]:
        """Flat graph properties: fields, provenance and the relation key (`rid`)."""
        data = {k: v for k, v in self.__dict__.items()
                if v is not None and k not in _RELATION_NOT_PROPERTIES}
        data.update(self.provenance.as_properties() if self.provenance is not None
                    else CURATED)
        data[RELATION_KEY] = self.rid
        return data


_ENTITY_NOT_PROPERTIES = frozenset({"type", "provenance", "sources"})
_RELATION_NOT_PROPERTIES = frozenset({"type", "source_id", "target_id", "provenance"})


class RecordBatch(BaseModel):
    """What one input (a file, a request) contributes; written all-or-nothing."""

    model_config = ConfigDict(frozen=True)

    origin: str = "<memory>"
    entities: tuple[EntityRecord, ...] = ()
    relations: tuple[RelationRecord, ...] = ()
    locations: dict[str, str] = Field(default_factory=dict)
    """Where each record was written ("file:line"), by entity id or relation key text."""
    references: tuple[EntityRecord, ...] = ()
    """Records of shared things this input points at (a region, a body, a vocabulary concept,
    a law known only because it is cited), added to the load only where neither the graph nor
    the load's own records define that id: another source's fuller record always wins."""

    def where(self, key: str) -> str:
        return self.locations.get(key, self.origin)

    def merged(self, other: RecordBatch) -> RecordBatch:
        """One batch from two, so several files load in one all-or-nothing write."""
        origin = f"{self.origin}, {other.origin}" if self.origin != "<memory>" else other.origin
        return RecordBatch(
            origin=origin,
            entities=self.entities + other.entities,
            relations=self.relations + other.relations,
            locations=join_locations(self.locations, other.locations),
            references=self.references + other.references,
        )


def add_location(locations: dict[str, str], key: str, where: str) -> None:
    """Record where `key` was written; a second place is kept too ("a.yaml:3 and b.yaml:9"),
    so errors name both. In place: a loader adds one location per record."""
    seen = locations.get(key)
    if seen is None:
        locations[key] = where
    elif where not in seen.split(" and "):
        locations[key] = f"{seen} and {where}"


def join_locations(first: dict[str, str], second: dict[str, str]) -> dict[str, str]:
    """Both batches' places of every record (see add_location)."""
    joined = dict(first)
    for key, where in second.items():
        add_location(joined, key, where)
    return joined


def relation_key_text(key: RelationKey) -> str:
    text = f"{key[0]} -[{key[1]}]-> {key[2]}"
    return f"{text} ({key[3]})" if key[3] else text
