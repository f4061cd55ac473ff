"""The neighbourhood of an entity, for drawing: JSON, GraphML or GEXF."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import EXPENSIVE, KG, Work
from govkg.api.errors import EXPENSIVE_RESPONSES
from govkg.api.params import AsOf, MethodFilter, tabular
from govkg.network.formats import network_bytes
from govkg.service.answers import NetworkAnswer

router = APIRouter(tags=["network"], responses=EXPENSIVE_RESPONSES, dependencies=EXPENSIVE)


@router.get(
    "/network",
    response_model=NetworkAnswer,
    responses={200: {"content": {"application/graphml+xml": {}, "application/gexf+xml": {},
                                 "text/csv": {}}}},
)
async def network(
    kg: KG, work: Work,
    focus: Annotated[str, Query(min_length=1, max_length=300,
                                description="id, Chinese or English name, or alias")],
    depth: Annotated[int, Query(ge=1, description="hops from the focus (capped by "
                                "GOVKG_MAX_DEPTH)")] = 1,
    types: Annotated[list[str] | None, Query(description="relation types to walk (repeat "
                                             "the parameter); default all but MENTIONED_IN")
                     ] = None,
    as_of: AsOf = None,
    format: Annotated[Literal["json", "graphml", "gexf", "csv"], Query(
        description="json (nodes and edges), graphml or gexf (Gephi), csv (the edges as one "
        "flat table)")] = "json",
    method: MethodFilter = None,
) -> NetworkAnswer | Response:
    """Entities within `depth` hops of the focus and the relations among them."""
    if format in {"json", "csv"}:
        answer = await work.in_thread(lambda: kg.network(focus, depth, types, as_of,
                                                        methods=method))
        return tabular(answer, format == "csv")
    content, media_type = await work.in_thread(
        lambda: network_bytes(kg.neighbourhood(focus, depth, types, as_of, methods=method),
                              format))
    return Response(content=content, media_type=media_type)
