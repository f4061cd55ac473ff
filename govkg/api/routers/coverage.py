"""Which pilots cover a unit, and which units a pilot covers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.models import CoverageAnswer

router = APIRouter(tags=["coverage"], responses=ERROR_RESPONSES)

AsOf = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="only coverage in force on this date",
          examples=["2021-12-31"]),
]


@router.get("/units/{unit}/pilots", response_model=CoverageAnswer)
def pilots_of_unit(unit: str, kg: KG, as_of: AsOf = None) -> CoverageAnswer:
    """Pilots and programmes covering a unit (id, name, English name or alias), direct and
    inherited through PART_OF; 404 with close names if the unit is unknown."""
    return kg.pilots_covering(unit, as_of=as_of)


@router.get("/pilots/{pilot}/units", response_model=CoverageAnswer)
def units_of_pilot(pilot: str, kg: KG, as_of: AsOf = None) -> CoverageAnswer:
    """Units a pilot or programme covers, with role, batch and since."""
    return kg.units_of(pilot, as_of=as_of)
