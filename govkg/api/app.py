"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from govkg.api.errors import install_error_handlers
from govkg.api.expensive import ExpensiveWork
from govkg.api.middleware import install_middleware
from govkg.api.params import no_unknown_parameters
from govkg.api.routers import (
    analytics,
    apidocs,
    catalogue,
    coverage,
    cypher,
    entities,
    explorer,
    laws,
    meta,
    network,
    ontology,
    paths,
    policies,
)
from govkg.service import GovernanceService
from govkg.settings import Settings, installed_version


def create_app(settings: Settings | None = None, kg: GovernanceService | None = None, *,
               hosts: list[str] | None = None) -> FastAPI:
    """An app over `kg` (kept open by the caller) or over a store it opens and closes itself.

    `hosts`: the Host headers to answer (govkg serve passes them; govkg.api.middleware).
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = kg is None
        app.state.kg = kg or GovernanceService.open(settings=settings)
        app.state.expensive.warm_up()
        try:
            yield
        finally:
            if owned:
                app.state.kg.close()
            app.state.kg = None

    app = FastAPI(
        title="govkg",
        version=installed_version(),
        description="Knowledge graph of innovation governance: policies, institutions, "
        "mechanisms, pilots and the units they cover.",
        lifespan=lifespan,
        dependencies=[Depends(no_unknown_parameters)],
        docs_url=None,  # served from package files by routers/apidocs.py, no CDN
        redoc_url=None,
    )
    app.state.kg = kg
    app.state.settings = settings
    app.state.expensive = ExpensiveWork(settings)
    install_error_handlers(app)
    install_middleware(app, settings, hosts)
    for router in (apidocs.router, coverage.router, entities.router, meta.router, network.router,
                   analytics.router, cypher.router, explorer.router, policies.router,
                   paths.router, ontology.router, laws.router, catalogue.router):
        app.include_router(router)
    return app
