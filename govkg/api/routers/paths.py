"""How two entities are connected."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import EXPENSIVE, KG, Work
from govkg.api.errors import EXPENSIVE_RESPONSES
from govkg.api.params import CSV_RESPONSE, AsOf, Csv, MethodFilter, tabular
from govkg.service.answers import PathsAnswer

router = APIRouter(tags=["network"], responses=EXPENSIVE_RESPONSES, dependencies=EXPENSIVE)

Key = Annotated[str, Query(min_length=1, max_length=300,
                           description="id, Chinese or English name, or alias")]


@router.get("/paths", response_model=PathsAnswer, responses=CSV_RESPONSE)
async def paths(
    kg: KG, work: Work,
    source: Annotated[Key, Query(alias="from")],
    target: Annotated[Key, Query(alias="to")],
    max_len: Annotated[int | None, Query(ge=1, description="longest path (default and cap: "
                                         "GOVKG_MAX_PATH_LEN)")] = None,
    types: Annotated[list[str] | None, Query(description="relation types a path may use "
                                             "(repeat); default all but MENTIONED_IN")] = None,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    method: MethodFilter = None,
    csv: Csv = False,
) -> PathsAnswer | Response:
    """Simple paths between two entities, either direction, shortest first; each relation
    says whether the text states it (`stated`, `caveat`)."""
    answer = await work.in_thread(lambda: kg.paths(source, target, max_len, types, as_of,
                                                   limit, methods=method))
    return tabular(answer, csv)
