"""The plain records every loader produces and every store writes, with their provenance.

May import: govkg.errors only. Everything above reads and writes these types; nothing here
knows about stores, queries or the ontology's files.
"""

from govkg.records.batch import (
    EntityRecord,
    Method,
    PartialDate,
    Provenance,
    RecordBatch,
    RelationKey,
    RelationRecord,
    add_location,
    check_partial_date,
    join_locations,
    relation_key_text,
)

__all__ = [
    "EntityRecord",
    "Method",
    "PartialDate",
    "Provenance",
    "RecordBatch",
    "RelationKey",
    "RelationRecord",
    "add_location",
    "check_partial_date",
    "join_locations",
    "relation_key_text",
]
