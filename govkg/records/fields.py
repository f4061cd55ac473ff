"""The one list of record fields the rest of govkg needs by group, derived from the models.

Provenance fields are the fields of `Provenance`; date fields are the record fields typed
as partial dates. A store adds one derived property of its own, `lookup_keys`.
"""

from __future__ import annotations

from typing import Final, get_args

from pydantic import BaseModel

from govkg.records.batch import (
    RELATION_KEY,
    EntityRecord,
    PartialDate,
    Provenance,
    RelationRecord,
)

PROVENANCE_FIELDS: Final = tuple(Provenance.model_fields)
"""source, section, quote, method, confidence, note: stored flat on nodes and edges."""

LOOKUP_KEYS: Final = "lookup_keys"
"""Derived node property: normalised id, names and aliases, for exact and substring lookup."""


def _date_fields(*models: type[BaseModel]) -> tuple[str, ...]:
    found: list[str] = []
    for model in models:
        for name, info in model.model_fields.items():
            if PartialDate in get_args(info.annotation) and name not in found:
                found.append(name)
    return tuple(found)


DATE_FIELDS: Final = _date_fields(EntityRecord, RelationRecord)
"""Fields holding partial dates (YYYY, YYYY-MM, YYYY-MM-DD) on entities and relations."""

DERIVED_FIELDS: Final = (LOOKUP_KEYS, RELATION_KEY)
"""Properties a store holds that no record field gives: they are dropped when graph values are
read back as records, and not shown as facts."""

__all__ = ["DATE_FIELDS", "DERIVED_FIELDS", "LOOKUP_KEYS", "PROVENANCE_FIELDS", "RELATION_KEY"]
