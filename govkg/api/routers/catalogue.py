"""The faceted list of policies and laws: facets level, region, year, instrument, role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import CSV_RESPONSE, Csv, MethodFilter, tabular
from govkg.service.answers import CatalogueAnswer

router = APIRouter(tags=["catalogue"], responses=ERROR_RESPONSES)

@router.get("/catalogue", response_model=CatalogueAnswer, responses=CSV_RESPONSE)
def catalogue(
    kg: KG,
    type: Annotated[str | None, Query(max_length=50, description="class label of the "
                                      "document: a value of the `type` facet")] = None,
    level: Annotated[str | None, Query(max_length=50, description="法律, 行政法规, "
                                       "地方性法规, …")] = None,
    region: Annotated[str | None, Query(max_length=200, description="Region id (the law's "
                                        "jurisdiction, the region a policy applies to)")]
    = None,
    year: Annotated[str | None, Query(pattern=r"^\d{4}$", description="a year a law "
                                      "version was made, or a policy issued")] = None,
    instrument: Annotated[str | None, Query(max_length=200, description="Mechanism id")]
    = None,
    role: Annotated[str | None, Query(max_length=200, description="ActorRole id")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    method: MethodFilter = None,
    csv: Csv = False,
) -> CatalogueAnswer | Response:
    """Policies and laws having every given facet value, with the count of each facet
    value among them (the counts the explorer's list view shows)."""
    return tabular(kg.catalogue(limit, offset, methods=method, type=type, level=level,
                                region=region, year=year, instrument=instrument, role=role),
                   csv)
