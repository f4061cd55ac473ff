"""One error shape for every 4xx/5xx: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from govkg.errors import (
    AmbiguousNameError,
    AuthError,
    ConflictError,
    GovkgError,
    InputError,
    LeaseLostError,
    NotFoundError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreUnavailableError,
    WrongKindError,
)
from govkg.ontology.terms import INSTITUTION, LAW, POLICY

log = logging.getLogger(__name__)

STATUS: dict[type[GovkgError], int] = {
    InputError: 400,
    AuthError: 401,
    QueryError: 400,
    ReadOnlyError: 400,
    NotFoundError: 404,
    QueryTimeoutError: 408,
    AmbiguousNameError: 409,
    WrongKindError: 422,
    ConflictError: 409,
    LeaseLostError: 409,
    StoreUnavailableError: 503,
}


HTTP_CODES = {404: "not_found", 413: "body_too_large"}
"""Codes of the errors Starlette and FastAPI raise themselves."""
RETRY_AFTER_S = 5
"""Retry-After of a 503: a store restarting, or busy, usually answers within seconds."""


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorResponse(BaseModel):
    """The shape of every error answer."""

    error: ErrorBody


def error_response(status: int, code: str, message: str, details: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details))
    if status == 503:
        headers = {"Retry-After": str(RETRY_AFTER_S), **(headers or {})}
    return JSONResponse(status_code=status, content=body.model_dump(), headers=headers)


def status_of(exc: GovkgError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GovkgError)
    async def _govkg(_: Request, exc: GovkgError) -> JSONResponse:
        return error_response(status_of(exc), exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
            for e in exc.errors()
        ]
        return error_response(422, "invalid_request", "the request is not valid", details)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error_response(500, "internal", "unexpected server error", type(exc).__name__)


def _documented(description: str, code: str, message: str, details: Any = None
                ) -> dict[str, Any]:
    """An error answer of OpenAPI: the shape, what it means, and an example."""
    example = {"error": {"code": code, "message": message, "details": details}}
    return {"model": ErrorResponse, "description": description,
            "content": {"application/json": {"example": example}}}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented("Bad input (a value the route cannot use, refused Cypher)",
                     "invalid_input", "unknown class 'Institutio'",
                     {"field": "type", "allowed": [INSTITUTION, POLICY]}),
    404: _documented("No entity by that id, name or alias; details carry close names",
                     "not_found", "no Institution/Region named '复旦'",
                     {"suggestions": [{"id": "inst-fudan", "type": INSTITUTION,
                                       "name": "复旦大学", "name_en": "Fudan University"}]}),
    408: _documented("The query ran past its time limit and was cut", "timeout",
                     "the query ran longer than 5 s (GOVKG_QUERY_TIMEOUT)"),
    409: _documented("A name that matches several entities; details carry them",
                     "ambiguous", "'科技进步法' names 2 entities",
                     [{"id": "law-a", "type": LAW}, {"id": "law-b", "type": LAW}]),
    422: _documented("A parameter with an invalid value or an unknown name, or a question "
                     "of the wrong kind of entity", "invalid_request",
                     "the request is not valid",
                     [{"field": "query.as_of", "message": "2021-13-01 is not a date"}]),
    503: _documented("The store is down or busy, or the request passed GOVKG_REQUEST_TIMEOUT "
                     "(with Retry-After)", "store_unavailable",
                     "falkordb does not answer"),
}
"""The error answers every route may give, in the one error shape, with examples."""

EXPENSIVE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: _documented("GOVKG_API_KEY is set and the X-API-Key header is missing or wrong",
                     "unauthorised", "this route needs the API key in the X-API-Key header "
                     "(GOVKG_API_KEY)", {"header": "X-API-Key"}),
    429: _documented("More requests to the expensive routes than GOVKG_RATE_LIMIT (with "
                     "Retry-After)", "rate_limited", "more than 600 per 1 minute requests "
                     "to the expensive routes; retry in 12s",
                     {"limit": "600 per 1 minute", "retry_after": 12}),
}
"""The expensive routes' (/cypher, /network, /paths, /analytics) answers: also 401 and 429."""

BODY_RESPONSES: dict[int | str, dict[str, Any]] = {
    **EXPENSIVE_RESPONSES,
    413: _documented("A request body over GOVKG_MAX_BODY_BYTES", "body_too_large",
                     "the request body has more than 1048576 bytes (GOVKG_MAX_BODY_BYTES)",
                     {"max_bytes": 1048576}),
}
"""Routes that take a body (POST /cypher): also 413."""
