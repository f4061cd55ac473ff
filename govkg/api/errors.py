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


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 404, 408, 409, 422, 503)
}
