"""Search entities and read one entity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import MethodFilter
from govkg.service.answers import Entity, EntityDetail

router = APIRouter(tags=["entities"], responses=ERROR_RESPONSES)


@router.get("/entities", response_model=list[Entity])
def search_entities(
    kg: KG,
    q: Annotated[str, Query(min_length=1, max_length=200, description="name, alias or id text")],
    type: Annotated[str | None, Query(description="class label, e.g. Institution")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    method: MethodFilter = None,
) -> list[Entity]:
    """Entities whose name, English name, alias or id contains `q`."""
    return kg.search(q, type=type, limit=limit, methods=method)


@router.get("/entities/{key}", response_model=EntityDetail)
def get_entity(key: str, kg: KG, method: MethodFilter = None) -> EntityDetail:
    """One entity (by id, name, English name or alias) with relations, figures, provenance."""
    return kg.entity(key, methods=method)
