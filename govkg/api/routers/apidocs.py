"""The API's own documentation pages, /docs (Swagger UI) and /redoc (ReDoc), served from the
package: both load their JavaScript and CSS from govkg/api/static/vendor/ (vendored from npm
by `make vendor-js`), never from a CDN, so they work offline and where a CDN is blocked."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

VENDOR = "/static/vendor"
SWAGGER_JS = f"{VENDOR}/swagger-ui-dist/swagger-ui-bundle.js"
SWAGGER_CSS = f"{VENDOR}/swagger-ui-dist/swagger-ui.css"
REDOC_JS = f"{VENDOR}/redoc/redoc.standalone.js"
FAVICON = "/static/favicon.svg"

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json; no validator badge (it would call an outside site)."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url, title=f"{request.app.title} — API",
        swagger_js_url=SWAGGER_JS, swagger_css_url=SWAGGER_CSS, swagger_favicon_url=FAVICON,
        swagger_ui_parameters={"validatorUrl": None})


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over /openapi.json, without Google Fonts."""
    return get_redoc_html(openapi_url=request.app.openapi_url,
                          title=f"{request.app.title} — API reference", redoc_js_url=REDOC_JS,
                          redoc_favicon_url=FAVICON, with_google_fonts=False)
