"""The explorer page (GET /, GET /?focus=NAME), its static files and the legend it draws.

Plain HTML and JavaScript under govkg/api/static/, with Cytoscape.js vendored there: the page
loads nothing from the internet and needs no build step.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.network.palette import colour_of
from govkg.ontology.terms import COVERS
from govkg.service.neighbourhood import DEFAULT_EXCLUDED, QUERY_MAX_DEPTH

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
INDEX = STATIC_DIR / "index.html"

router = APIRouter(tags=["explorer"], responses=ERROR_RESPONSES)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


class LegendClass(BaseModel):
    label: str
    name_zh: str
    name_en: str
    colour: str


class LegendRelation(BaseModel):
    type: str
    name_zh: str
    name_en: str
    walked_by_default: bool


class ExplorerConfig(BaseModel):
    """What the page needs from the ontology and settings: classes with their colours,
    relation types for the filter, the deepest neighbourhood GET /network allows, and which
    classes a pilot covers (units) and which cover them (pilots and programmes)."""

    classes: list[LegendClass]
    relations: list[LegendRelation]
    max_depth: int
    unit_types: list[str]
    covering_types: list[str]


@router.get("/", include_in_schema=False)
def explorer_page() -> FileResponse:
    """The explorer; `?focus=NAME` is read by the page itself."""
    return FileResponse(INDEX, media_type="text/html; charset=utf-8")


@router.get("/explorer/config", response_model=ExplorerConfig)
def explorer_config(kg: KG) -> ExplorerConfig:
    """Legend and filter choices of the explorer page, from the ontology."""
    ontology = kg.ontology
    classes = [
        LegendClass(label=label, name_zh=ontology.classes[label].name_zh,
                    name_en=ontology.classes[label].name_en, colour=colour_of(label))
        for label in ontology.entity_labels
    ]
    covers = ontology.relations[COVERS]
    relations = [
        LegendRelation(type=r.type, name_zh=r.name_zh, name_en=r.name_en,
                       walked_by_default=r.type not in DEFAULT_EXCLUDED)
        for r in sorted(ontology.relations.values(), key=lambda r: r.type)
    ]
    return ExplorerConfig(classes=classes, relations=relations,
                          max_depth=min(kg.settings.max_depth, QUERY_MAX_DEPTH),
                          unit_types=sorted(covers.range), covering_types=sorted(covers.domain))
