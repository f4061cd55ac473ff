"""Serve an ASGI app on Granian, in this process and its event loop.

Granian's HTTP/1 parser (Rust: httparse and hyper) accepts raw UTF-8 bytes in a query
string, as `curl 'http://127.0.0.1:8000/entities?q=研究所'` sends them; uvicorn's parsers
(httptools/llhttp and h11) answer such a request `400 Invalid HTTP request received.` before
any application code runs (docs/http.md). The embedded server keeps what `govkg serve` had
with uvicorn: one process holding the store, SIGTERM and Ctrl-C stopping it gracefully (the
lifespan closes the store), an access log that can be turned off, forwarded headers believed
only from the configured proxies.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server.embed import Server
from granian.utils.proxies import wrap_asgi_with_proxy_headers


def serve_app(app: Any, host: str, port: int, *, access_log: bool = True,
              trusted_proxies: list[str] | None = None, grace: float = 5.0) -> None:
    """Serve `app` on host:port until SIGTERM or SIGINT; running requests get `grace`
    seconds to finish. `trusted_proxies`: the only peers whose X-Forwarded-For/-Proto
    headers are believed."""
    if trusted_proxies:
        app = wrap_asgi_with_proxy_headers(app, trusted_proxies)
    server = Server(app, address=host, port=port, interface=Interfaces.ASGI,
                    websockets=False, log_access=access_log, log_level=LogLevels.info)
    server.workers_kill_timeout = max(1, round(grace))
    # "Embedded server is experimental!" on every start says nothing to a govkg user
    logging.getLogger("_granian").addFilter(lambda record: "experimental" not in
                                            record.getMessage())

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, server.stop)
        await server.serve()

    asyncio.run(main())


__all__ = ["serve_app"]
