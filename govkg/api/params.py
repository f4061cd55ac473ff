"""Query parameters shared by several routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

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
