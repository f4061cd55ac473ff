"""Guards at the edge of the HTTP API: body size, rate of expensive routes, CORS; each
answers in govkg's one error shape."""

from __future__ import annotations

import math
import time

from fastapi import FastAPI
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from govkg.api.errors import error_response
from govkg.settings import Settings

EXPENSIVE_PREFIXES = ("/cypher", "/network", "/paths", "/analytics")
"""Routes whose work grows with the graph (user Cypher, walks, path search, whole-graph
analytics): these count against GOVKG_RATE_LIMIT."""


def _expensive(path: str) -> bool:
    return any(path == p or path.startswith(f"{p}/") for p in EXPENSIVE_PREFIXES)


class BodyTooLargeError(HTTPException):
    """Raised while reading a body past the limit; FastAPI passes HTTPExceptions through."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"the request body has more than {max_bytes} bytes "
                              "(GOVKG_MAX_BODY_BYTES)")


class BodyLimit:
    """413 for a body over GOVKG_MAX_BODY_BYTES: at once when Content-Length says so, else
    as soon as the bytes read pass the limit (a streamed body has no length)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = error_response(413, "body_too_large", str(BodyTooLargeError(
                self.max_bytes).detail), {"max_bytes": self.max_bytes})
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLargeError(self.max_bytes)
            return message

        await self.app(scope, counted, send)


class RateLimit:
    """At most GOVKG_RATE_LIMIT requests per client to the expensive routes; 429 above."""

    def __init__(self, app: ASGIApp, limits: list[RateLimitItem]) -> None:
        self.app = app
        self.limits = limits
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _expensive(scope["path"]):
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else "unknown"
        for limit in self.limits:
            if not self.limiter.hit(limit, "expensive", client):
                reset = self.limiter.get_window_stats(limit, "expensive", client).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                response = error_response(
                    429, "rate_limited",
                    f"more than {limit} requests to the expensive routes; retry in {wait}s",
                    {"limit": str(limit), "retry_after": wait},
                )
                response.headers["Retry-After"] = str(wait)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_middleware(app: FastAPI, settings: Settings) -> None:
    """Register the guards the settings ask for (the rate limit always, the rest if set)."""
    limits = parse_many(settings.rate_limit)
    app.add_middleware(RateLimit, limits=limits)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)  # outermost
