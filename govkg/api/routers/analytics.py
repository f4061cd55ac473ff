"""Network analytics of the whole graph: centrality, projection, communities, mechanisms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from govkg.api.deps import EXPENSIVE, KG, Work
from govkg.api.errors import EXPENSIVE_RESPONSES
from govkg.api.params import CSV_RESPONSE, Csv, MethodFilter, tabular
from govkg.errors import NotFoundError
from govkg.network.analytics import ANALYSES, AnalyticsTable, names
from govkg.service.methods import check_methods

router = APIRouter(tags=["analytics"], responses=EXPENSIVE_RESPONSES, dependencies=EXPENSIVE)


class AnalysisName(BaseModel):
    name: str
    summary: str


@router.get("/analytics", response_model=list[AnalysisName])
def list_analyses() -> list[AnalysisName]:
    """The analyses GET /analytics/{name} answers."""
    return [AnalysisName(name=a.name, summary=a.summary) for a in ANALYSES.values()]


@router.get("/analytics/{name}", response_model=AnalyticsTable, responses=CSV_RESPONSE)
async def run_analysis(
    name: str, kg: KG, work: Work, request: Request,
    limit: Annotated[int, Query(ge=1, le=1000, description="rows to return")] = 20,
    method: MethodFilter = None,
    csv: Csv = False,
) -> AnalyticsTable | Response:
    """One analysis as a table (404 naming the known analyses for an unknown name). Kept
    per graph generation; computed in a process of its own that is stopped at
    GOVKG_REQUEST_TIMEOUT (408) or when the client leaves."""
    if name not in ANALYSES:
        raise NotFoundError(f"no analysis named {name!r}; known: {', '.join(ANALYSES)}",
                            details={"known": names()})
    methods = check_methods(method)
    return tabular(await work.analysis(request, kg, name, limit, methods), csv)
