"""The ontology itself, as Turtle or JSON-LD."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.formats import get_format
from govkg.ontology.rdf import serialise

router = APIRouter(tags=["meta"], responses=ERROR_RESPONSES)


@router.get(
    "/ontology",
    response_class=Response,
    responses={200: {"content": {"text/turtle": {}, "application/ld+json": {}}}},
)
def ontology(
    kg: KG, format: Annotated[Literal["ttl", "jsonld"], Query()] = "ttl"
) -> Response:
    """Classes, relations and fields of govkg (OWL/RDFS + SKOS, zh and en labels)."""
    return Response(content=serialise(kg.ontology.graph, format),
                    media_type=get_format(format).media_type)
