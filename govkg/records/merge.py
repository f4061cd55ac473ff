"""One entity stated by several sources: one node that keeps every source, or a refusal.

A node has one value per field (a name, a kind, a date), as a Neo4j node has one value per
property and as govkg's SHACL shapes allow one (sh:maxCount 1). When a second source states an
entity the graph (or the same load) already has:

- the facts must agree: a field both give must have the same value, else the load is refused,
  naming the field, both values and both sources (rdflib would keep both values and SHACL
  would then refuse the node; govkg refuses before writing);
- a field only one source gives is kept; aliases of both are kept (they are many-valued,
  skos:altLabel);
- the node keeps the first source's provenance (source, section, quote, method) and lists
  every source in `sources`; each source's section and quote stays on the entity's own
  MENTIONED_IN edge to that source, so no source's provenance is overwritten.

The same source stating the entity again with other facts is an edit of that source: within
one load it is refused (which one is meant?); loaded later it replaces the entity, unless
other sources state it too, in which case the new facts must agree with theirs.
"""

from __future__ import annotations

from govkg.records.batch import EntityRecord

_NOT_FACTS = frozenset({"id", "provenance", "sources", "aliases"})
"""Fields that are not compared: identity, provenance, and the many-valued ones."""


class ConflictingFactsError(ValueError):
    """Two statements of one entity disagree on single-valued fields."""

    def __init__(self, entity_id: str, differing: dict[str, tuple[object, object]]) -> None:
        self.entity_id = entity_id
        self.differing = differing
        shown = "; ".join(f"{name}: {a!r} vs {b!r}" for name, (a, b) in differing.items())
        super().__init__(f"{entity_id}: {shown}")


def source_of(entity: EntityRecord) -> str:
    """The source id an entity record is stated by ("" when it names none)."""
    return entity.provenance.source or "" if entity.provenance else ""


def sources_of(entity: EntityRecord) -> tuple[str, ...]:
    """Every source an entity record lists, its own provenance source first."""
    own = source_of(entity)
    listed = tuple(s for s in entity.sources if s != own)
    return ((own,) if own else ()) + listed


def differing_facts(first: EntityRecord, second: EntityRecord
                    ) -> dict[str, tuple[object, object]]:
    """Single-valued fields both records give with different values (and the class)."""
    found: dict[str, tuple[object, object]] = {}
    for name in EntityRecord.model_fields:
        if name in _NOT_FACTS:
            continue
        a, b = getattr(first, name), getattr(second, name)
        if a is not None and b is not None and a != b:
            found[name] = (a, b)
    return found


def merge_statements(first: EntityRecord, second: EntityRecord) -> EntityRecord:
    """One record of two statements of the same entity: `first`'s provenance, every source,
    the fields either gives, the aliases of both; ConflictingFactsError if they disagree."""
    differing = differing_facts(first, second)
    if differing:
        raise ConflictingFactsError(first.id, differing)
    filled = {name: getattr(second, name) for name in EntityRecord.model_fields
              if name not in _NOT_FACTS and getattr(first, name) is None
              and getattr(second, name) is not None}
    aliases = first.aliases + tuple(a for a in second.aliases
                                    if a not in first.aliases and a != first.name)
    sources = sources_of(first) + tuple(s for s in sources_of(second)
                                        if s not in sources_of(first))
    return first.model_copy(update={**filled, "aliases": aliases, "sources": sources})


__all__ = ["ConflictingFactsError", "differing_facts", "merge_statements", "source_of",
           "sources_of"]
