"""Guards at the edge of the HTTP API: Host header, deadline, body size, rate of expensive
routes, CORS; each answers in govkg's one error shape."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from urllib.parse import quote_from_bytes

from fastapi import FastAPI
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
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


DEADLINE_GRACE_S = 1.0
"""The request deadline waits this much past GOVKG_REQUEST_TIMEOUT, so that a route's own
deadline (analytics) answers first, with its own message."""


class Deadline:
    """503 (with Retry-After) for a request still unanswered after GOVKG_REQUEST_TIMEOUT.

    The route's work is cancelled where it can be (awaits); work in a thread ends by the
    store's own timeouts, and whatever it sends after the deadline is dropped.
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = late = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if late:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded))
        done, _ = await asyncio.wait({task}, timeout=self.seconds + DEADLINE_GRACE_S)
        if task in done:
            task.result()
            return
        late = True
        task.cancel()
        task.add_done_callback(_swallow)
        if not started:
            response = error_response(
                503, "deadline", f"no answer within GOVKG_REQUEST_TIMEOUT ({self.seconds:g} s)",
                {"timeout": self.seconds})
            await response(scope, receive, send)


def _swallow(task: asyncio.Future[None]) -> None:
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()


ASCII = bytes(range(0x80))


class RawQueryBytes:
    """Percent-encode the raw UTF-8 bytes of a query string (`?q=研究所` as curl sends it) into
    the %XX form a browser sends, which means the same: Starlette reads a query string as
    latin-1, so raw bytes would reach the routes as mojibake."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query: bytes = scope.get("query_string", b"")
        if scope["type"] == "http" and query and not query.isascii():
            scope = {**scope, "query_string": quote_from_bytes(query, safe=ASCII).encode()}
        await self.app(scope, receive, send)


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class HostCheck:
    """Starlette's TrustedHostMiddleware decides; a refused Host answers 400 in the error
    shape. It stops DNS rebinding: a page of another site whose name resolves to this
    machine cannot use the API, since its requests carry that site's name as Host."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowed = False

        async def passed(_scope: Scope, _receive: Receive, _send: Send) -> None:
            nonlocal allowed
            allowed = True

        async def dropped(_message: Message) -> None:
            return None

        check = TrustedHostMiddleware(passed, allowed_hosts=self.allowed_hosts,
                                      www_redirect=False)
        await check(scope, receive, dropped)
        if allowed:
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        response = error_response(400, "invalid_host", f"this server does not answer for the "
                                  f"host {host!r} (GOVKG_ALLOWED_HOSTS)",
                                  {"allowed": self.allowed_hosts})
        await response(scope, receive, send)


def allowed_hosts(settings: Settings, bound: str) -> list[str]:
    """GOVKG_ALLOWED_HOSTS, else the loopback names and the address `govkg serve` binds."""
    if settings.allowed_hosts:
        return settings.allowed_hosts
    extra = [] if bound in {"0.0.0.0", "::", ""} else [bound]
    return sorted({*LOOPBACK_HOSTS, *extra})


def install_middleware(app: FastAPI, settings: Settings,
                       hosts: list[str] | None = None) -> None:
    """Register the guards the settings ask for: the rate limit and the deadline always,
    the Host check when `hosts` is given (govkg serve), CORS if set."""
    limits = parse_many(settings.rate_limit)
    app.add_middleware(RateLimit, limits=limits)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(Deadline, seconds=settings.request_timeout)
    if hosts is not None:
        app.add_middleware(HostCheck, allowed_hosts=hosts)
    app.add_middleware(RawQueryBytes)  # outermost
