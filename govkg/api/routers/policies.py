"""Policies in date order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.models import TimelineAnswer

router = APIRouter(tags=["policies"], responses=ERROR_RESPONSES)

PartialDate = Annotated[
    str | None,
    Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD",
          examples=["2021-01-01"]),
]


@router.get("/policies/timeline", response_model=TimelineAnswer)
def timeline(
    kg: KG,
    date_from: Annotated[PartialDate, Query(alias="from")] = None,
    date_to: Annotated[PartialDate, Query(alias="to")] = None,
) -> TimelineAnswer:
    """Policies dated (issued, else effective) within the range, in date order; a date known
    only to the month sorts before the days of that month and counts for the whole month."""
    return kg.timeline(date_from, date_to)
