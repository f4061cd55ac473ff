"""Liveness and counts."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import CSV_RESPONSE, Csv, MethodFilter, tabular
from govkg.errors import StoreUnavailableError
from govkg.service.answers import Stats

router = APIRouter(tags=["meta"], responses=ERROR_RESPONSES)


class Health(BaseModel):
    status: str
    store: str


@router.get("/health", response_model=Health)
def health(kg: KG) -> Health:
    """200 when the store answers, 503 otherwise."""
    if not kg.store.ping():
        raise StoreUnavailableError(f"{kg.store.name} does not answer")
    return Health(status="ok", store=kg.store.name)


@router.get("/stats", response_model=Stats, responses=CSV_RESPONSE)
def stats(kg: KG, method: MethodFilter = None, csv: Csv = False) -> Stats | Response:
    """Node counts by label and relation counts by type (`method`: of those methods only)."""
    return tabular(kg.stats(methods=method), csv)
