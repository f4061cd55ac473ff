"""Query parameters shared by several routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

AsOf = Annotated[
    str | None,
    Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="only relations in force on this date",
          examples=["2021-12-31"]),
]

PartialDate = Annotated[
    str | None,
    Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD",
          examples=["2021-01-01"]),
]
