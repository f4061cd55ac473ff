"""Network analytics of the whole graph: centrality, projection, communities, mechanisms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.network.analytics import ANALYSES, AnalyticsTable, analyse

router = APIRouter(tags=["analytics"], responses=ERROR_RESPONSES)


class AnalysisName(BaseModel):
    name: str
    summary: str


@router.get("/analytics", response_model=list[AnalysisName])
def list_analyses() -> list[AnalysisName]:
    """The analyses GET /analytics/{name} answers."""
    return [AnalysisName(name=a.name, summary=a.summary) for a in ANALYSES.values()]


@router.get("/analytics/{name}", response_model=AnalyticsTable)
def run_analysis(
    name: str, kg: KG,
    limit: Annotated[int, Query(ge=1, le=1000, description="rows to return")] = 20,
) -> AnalyticsTable:
    """One analysis as a table (404 naming the known analyses for an unknown name)."""
    return analyse(kg.to_networkx(), name, limit)
