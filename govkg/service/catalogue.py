"""The faceted list of policies and laws (the explorer's list view, GET /catalogue).

One named query gives every document with its regions, version dates, instruments and
roles; the facets are counted here over the documents that match every chosen value, so a
count is always the number of documents the list shows when that value is added.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from govkg.errors import InputError
from govkg.graph.base import GraphNode, QueryResult
from govkg.ontology.model import Ontology
from govkg.ontology.terms import LAW, POLICY
from govkg.service.answers import (
    CatalogueAnswer,
    CatalogueItem,
    Entity,
    FacetRef,
    FacetValue,
)

QUERY = "catalogue"
DOCUMENT_TYPES = (LAW, POLICY)
FACETS = ("type", "level", "region", "year", "instrument", "role")
"""The facets, in the order the page shows them."""


class Asker(Protocol):
    """The part of GovernanceService the catalogue uses."""

    ontology: Ontology

    def run(self, name: str, **params: Any) -> QueryResult: ...


def _refs(pairs: Iterable[list[Any]]) -> list[FacetRef]:
    return sorted((FacetRef(id=str(i), name=str(n)) for i, n in pairs), key=lambda r: r.id)


def _years(document: GraphNode, made: Iterable[Any]) -> list[str]:
    """A law's years are the years its versions were made; a policy's the year it was
    issued (else the year it took effect)."""
    props = document.properties
    dates = [str(d) for d in made if d] or [str(props.get("issued") or props.get("effective")
                                                  or "")]
    return sorted({d[:4] for d in dates if len(d) >= 4}, reverse=True)


def item_of(row: tuple[Any, ...], base_label: str) -> CatalogueItem:
    document, regions, made, instruments, roles = row
    entity = Entity.from_node(document, base_label)
    return CatalogueItem(document=entity, level=document.properties.get("level"),
                         regions=_refs(regions), years=_years(document, made),
                         instruments=_refs(instruments), roles=_refs(roles))


def facet_values(item: CatalogueItem) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of every facet the item counts in; none for a facet it lacks."""
    return {
        "type": [(item.document.type, item.document.type)],
        "level": [(item.level, item.level)] if item.level else [],
        "region": [(r.id, r.name) for r in item.regions],
        "year": [(y, y) for y in item.years],
        "instrument": [(r.id, r.name) for r in item.instruments],
        "role": [(r.id, r.name) for r in item.roles],
    }


def check_filters(filters: Mapping[str, str | None]) -> dict[str, str]:
    unknown = sorted(set(filters) - set(FACETS))
    if unknown:
        raise InputError(f"unknown facet(s) {', '.join(unknown)}",
                         details={"field": unknown[0], "allowed": list(FACETS)})
    chosen = {k: v for k, v in filters.items() if v}
    if chosen.get("type") not in (None, *DOCUMENT_TYPES):
        raise InputError(f"type must be one of {', '.join(DOCUMENT_TYPES)}",
                         details={"field": "type", "allowed": list(DOCUMENT_TYPES)})
    return chosen


def _count(items: list[CatalogueItem]) -> dict[str, list[FacetValue]]:
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in FACETS}
    labels: dict[tuple[str, str], str] = {}
    for item in items:
        for facet, pairs in facet_values(item).items():
            for value, label in pairs:
                counts[facet][value] += 1
                labels[facet, value] = label
    facets: dict[str, list[FacetValue]] = {}
    for facet, counter in counts.items():
        values = [FacetValue(value=v, label=labels[facet, v], count=c)
                  for v, c in counter.items()]
        if facet == "year":
            values.sort(key=lambda f: f.value, reverse=True)
        else:
            values.sort(key=lambda f: (-f.count, f.label))
        facets[facet] = values
    return facets


def catalogue(kg: Asker, filters: Mapping[str, str | None], limit: int = 50,
              offset: int = 0, methods: list[str] | None = None) -> CatalogueAnswer:
    """Documents that have every chosen facet value, and the facet counts over them
    (`methods`, checked: only documents and links taken by these methods)."""
    chosen = check_filters(filters)
    rows = kg.run(QUERY, types=list(DOCUMENT_TYPES), methods=methods).rows
    items = [item_of(row, kg.ontology.base_label) for row in rows]
    matching = [item for item in items
                if all(value in {v for v, _ in facet_values(item)[facet]}
                       for facet, value in chosen.items())]
    return CatalogueAnswer(filters=chosen, total=len(matching), offset=offset,
                           facets=_count(matching), results=matching[offset: offset + limit])
