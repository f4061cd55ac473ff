"""Query parameters shared by several routers."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel

from govkg.api.responses import json_answer
from govkg.exports.tables import table_of
from govkg.records import check_partial_date


def _real_date(value: str | None) -> str | None:
    """A date that exists (2021-02-30 does not): answered 422 like any bad parameter."""
    return None if value is None else check_partial_date(value)


AsOf = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="only relations in force on this date",
          examples=["2021-12-31"]),
    AfterValidator(_real_date),
]

PartialDate = Annotated[
    str | None,
    Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD",
          examples=["2021-01-01"]),
    AfterValidator(_real_date),
]


MethodFilter = Annotated[
    str | None,
    Query(alias="method", description="comma-separated kinds of fact to include: curated, "
          "extracted (what the texts say), background, cited, inferred, imported; default "
          "all, each marked", examples=["curated,extracted"]),
]


RoleFilter = Annotated[
    str | None,
    Query(description="comma-separated participation roles to include (govkg:"
          "ParticipationRoleScheme): pilot_unit, pilot_area, covered_programme, "
          "co_funding_partner, partner, supported_unit, host_unit, task_taker, funder, party, "
          "participant; default all", examples=["co_funding_partner"]),
]

Limit = Annotated[int, Query(ge=1, le=500, description="answers on this page")]
Offset = Annotated[int, Query(ge=0, description="answers skipped before this page")]


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def no_unknown_parameters(request: Request) -> None:
    """422 naming the known parameters for a query parameter the route does not take
    (`/policies/timeline?start=2021` is not silently the whole timeline). Routes outside the
    OpenAPI schema (the explorer page, which keeps its own state in the address) are not
    checked."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return
    known = _query_names(route.dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise RequestValidationError([
            {"loc": ("query", name), "type": "unknown_parameter", "input": None,
             "msg": f"unknown parameter {name!r}; this route takes: "
                    f"{', '.join(sorted(known)) or 'no query parameters'}"}
            for name in unknown])


CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
T = TypeVar("T")


async def csv_wanted(
    request: Request,
    format: Annotated[Literal["json", "csv"] | None, Query(
        description="csv: the answer as one flat CSV table (also chosen by `Accept: "
        "text/csv`); default JSON")] = None,
) -> bool:
    """Whether to answer CSV: `?format=csv`, or an Accept header that puts text/csv first."""
    if format is not None:
        return format == "csv"
    accept = request.headers.get("accept", "")
    return accept.split(",")[0].split(";")[0].strip().lower() == "text/csv"


Csv = Annotated[bool, Depends(csv_wanted)]
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}},
          "description": "JSON, or with `format=csv` / `Accept: text/csv` one flat CSV table"}}


def tabular(answer: T, csv: bool) -> T | Response:
    """The answer as JSON written once (govkg.api.responses), or its flat table as CSV
    (govkg.exports.tables) when `csv`."""
    if csv:
        return Response(table_of(answer).csv(), media_type=CSV_MEDIA_TYPE)
    return json_answer(answer) if isinstance(answer, BaseModel) else answer
