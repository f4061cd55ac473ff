"""Dependencies of the routers, injected with Annotated."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from govkg.api.expensive import ExpensiveWork
from govkg.errors import AuthError, StoreUnavailableError
from govkg.service import GovernanceService
from govkg.settings import Settings


async def get_kg(request: Request) -> GovernanceService:
    """async: FastAPI would run a plain function in its thread pool, one more hop a request."""
    kg: GovernanceService | None = getattr(request.app.state, "kg", None)
    if kg is None:
        raise StoreUnavailableError("the graph store is not open")
    return kg


async def get_work(request: Request) -> ExpensiveWork:
    """The expensive routes' pools, deadline and cache (govkg.api.expensive)."""
    work: ExpensiveWork = request.app.state.expensive
    return work


KG = Annotated[GovernanceService, Depends(get_kg)]
Work = Annotated[ExpensiveWork, Depends(get_work)]

API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key", scheme_name="expensive-routes key", auto_error=False,
    description="needed by /cypher, /network, /paths and /analytics when GOVKG_API_KEY is set")


async def require_key(request: Request,
                      key: Annotated[str | None, Security(API_KEY_HEADER)] = None) -> None:
    """401 unless the request carries GOVKG_API_KEY (when one is set)."""
    settings: Settings = request.app.state.settings
    if settings.api_key is None:
        return
    wanted = settings.api_key.get_secret_value()
    if key is None or not secrets.compare_digest(key.encode(), wanted.encode()):
        raise AuthError("this route needs the API key in the X-API-Key header "
                        "(GOVKG_API_KEY)", details={"header": "X-API-Key"})


EXPENSIVE = [Depends(require_key)]
"""Dependencies of every expensive router: the API key, when one is set."""
