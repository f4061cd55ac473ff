"""Search entities and read one entity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import CSV_RESPONSE, Csv, Limit, MethodFilter, Offset, tabular
from govkg.service.answers import EntityDetail, EntityPage

router = APIRouter(tags=["entities"], responses=ERROR_RESPONSES)


SEARCH_CAP = 10_000
"""Entities a search counts at most (`total`)."""


@router.get("/entities", response_model=EntityPage, responses=CSV_RESPONSE)
def search_entities(
    kg: KG,
    q: Annotated[str, Query(min_length=1, max_length=200, description="name, alias or id text")],
    type: Annotated[str | None, Query(description="class label, e.g. Institution")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
    method: MethodFilter = None,
    csv: Csv = False,
) -> EntityPage | Response:
    """Entities whose name, English name, alias or id contains `q`: one page (`limit`,
    `offset`) and the `total`."""
    found = kg.search(q, type=type, limit=SEARCH_CAP, methods=method)
    return tabular(EntityPage(q=q, type=type, total=len(found), limit=limit, offset=offset,
                      results=found[offset:offset + limit]), csv)


@router.get("/entities/{key}", response_model=EntityDetail, responses=CSV_RESPONSE)
def get_entity(key: str, kg: KG, method: MethodFilter = None,
               csv: Csv = False) -> EntityDetail | Response:
    """One entity (by id, name, English name or alias) with relations, figures, provenance."""
    return tabular(kg.entity(key, methods=method), csv)
