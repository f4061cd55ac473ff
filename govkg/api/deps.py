"""Dependencies of the routers, injected with Annotated."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from govkg.errors import StoreUnavailableError
from govkg.service import KnowledgeGraph


def get_kg(request: Request) -> KnowledgeGraph:
    kg: KnowledgeGraph | None = getattr(request.app.state, "kg", None)
    if kg is None:
        raise StoreUnavailableError("the graph store is not open")
    return kg


KG = Annotated[KnowledgeGraph, Depends(get_kg)]
