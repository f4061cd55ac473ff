"""Which pilots cover a unit, and which units a pilot covers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import CSV_RESPONSE, AsOf, Csv, MethodFilter, RoleFilter, tabular
from govkg.service.answers import CoverageAnswer

router = APIRouter(tags=["coverage"], responses=ERROR_RESPONSES)


@router.get("/units/{unit}/pilots", response_model=CoverageAnswer, responses=CSV_RESPONSE)
def pilots_of_unit(unit: str, kg: KG, as_of: AsOf = None,
                   method: MethodFilter = None, role: RoleFilter = None,
                   csv: Csv = False) -> CoverageAnswer | Response:
    """Pilots and programmes covering a unit (id, name, English name or alias), direct and
    inherited through PART_OF, each link of a chain with its method and quote (`stated:
    false` when the text does not state it), each with its participation role (`role`,
    `role_label`, `as_written`) and `open_list` where the text's list ends with 等; 404 with
    close names if the unit is unknown, 422 if it is a pilot."""
    return tabular(kg.pilots_covering(unit, as_of=as_of, methods=method, role=role), csv)


@router.get("/pilots/{pilot}/units", response_model=CoverageAnswer, responses=CSV_RESPONSE)
def units_of_pilot(
    pilot: str, kg: KG, as_of: AsOf = None,
    inherited: Annotated[bool, Query(description="add the units covered through PART_OF, "
                                     "marked inherited")] = False,
    method: MethodFilter = None, role: RoleFilter = None,
    csv: Csv = False,
) -> CoverageAnswer | Response:
    """Units a pilot or programme covers, with role, batch, since and open_list; 422 if it
    is a unit."""
    return tabular(kg.units_of(pilot, as_of=as_of, inherited=inherited, methods=method,
                               role=role), csv)
