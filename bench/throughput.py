"""A bounded HTTP/1.1 load generator for 127.0.0.1: fixed request count, time limit, keep-alive.

Hand-written on asyncio streams because it must cost far less per request than the server it
measures (an httpx client costs about as much as a FastAPI endpoint); it only speaks the
subset of HTTP/1.1 that the server answers with (Content-Length bodies, keep-alive).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

HOST = "127.0.0.1"


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


async def _worker(port: int, paths: Sequence[str], budget: list[int], deadline: float,
                  result: LoadResult, offset: int) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    index = offset
    try:
        while budget[0] > 0 and time.monotonic() < deadline:
            budget[0] -= 1
            path = paths[index % len(paths)]
            index += 1
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            result.requests += 1
            if status != 200:
                result.errors += 1
    except (OSError, asyncio.IncompleteReadError, ValueError):
        result.errors += 1
    finally:
        writer.close()


async def _run(port: int, paths: Sequence[str], requests: int, seconds: float,
               concurrency: int) -> LoadResult:
    result = LoadResult(0, 0, 0.0)
    budget = [requests]
    start = time.monotonic()
    await asyncio.gather(*(_worker(port, paths, budget, start + seconds, result,
                                   n * 7919 % max(1, len(paths)))
                           for n in range(concurrency)))
    result.seconds = time.monotonic() - start
    return result


def generate_load(port: int, paths: Sequence[str], requests: int, seconds: float,
                  concurrency: int) -> LoadResult:
    """At most `requests` GETs in at most `seconds`, `concurrency` connections, to 127.0.0.1."""
    return asyncio.run(_run(port, paths, requests, seconds, concurrency))
