"""Policies in date order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import CSV_RESPONSE, Csv, MethodFilter, Offset, PartialDate, tabular
from govkg.service.answers import TimelineAnswer

router = APIRouter(tags=["policies"], responses=ERROR_RESPONSES)


@router.get("/policies/timeline", response_model=TimelineAnswer, responses=CSV_RESPONSE)
def timeline(
    kg: KG,
    date_from: Annotated[PartialDate, Query(alias="from")] = None,
    date_to: Annotated[PartialDate, Query(alias="to")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000, description="entries on this page")] = 1000,
    offset: Offset = 0,
    method: MethodFilter = None,
    csv: Csv = False,
) -> TimelineAnswer | Response:
    """Policies dated (issued, else effective) within the range, in date order; a date known
    only to the month sorts before the days of that month and counts for the whole month.
    One page (`limit`, `offset`) and the `total`."""
    answer = kg.timeline(date_from, date_to, methods=method)
    return tabular(answer.model_copy(update={
        "total": len(answer.policies), "limit": limit, "offset": offset,
        "policies": answer.policies[offset:offset + limit]}), csv)
