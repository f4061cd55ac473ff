"""Which pilots cover a unit, and which units a pilot covers."""

from __future__ import annotations

from fastapi import APIRouter

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import AsOf
from govkg.service.answers import CoverageAnswer

router = APIRouter(tags=["coverage"], responses=ERROR_RESPONSES)


@router.get("/units/{unit}/pilots", response_model=CoverageAnswer)
def pilots_of_unit(unit: str, kg: KG, as_of: AsOf = None) -> CoverageAnswer:
    """Pilots and programmes covering a unit (id, name, English name or alias), direct and
    inherited through PART_OF; 404 with close names if the unit is unknown."""
    return kg.pilots_covering(unit, as_of=as_of)


@router.get("/pilots/{pilot}/units", response_model=CoverageAnswer)
def units_of_pilot(pilot: str, kg: KG, as_of: AsOf = None) -> CoverageAnswer:
    """Units a pilot or programme covers, with role, batch and since."""
    return kg.units_of(pilot, as_of=as_of)
