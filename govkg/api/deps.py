"""Dependencies of the routers, injected with Annotated."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from govkg.errors import StoreUnavailableError
from govkg.service import GovernanceService


async def get_kg(request: Request) -> GovernanceService:
    """async: FastAPI would run a plain function in its thread pool, one more hop a request."""
    kg: GovernanceService | None = getattr(request.app.state, "kg", None)
    if kg is None:
        raise StoreUnavailableError("the graph store is not open")
    return kg


KG = Annotated[GovernanceService, Depends(get_kg)]
