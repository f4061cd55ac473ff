"""The expensive routes' own pools, deadlines and cache, so that they cannot take the API down.

Routes whose work grows with the graph (POST /cypher, /network, /paths, /analytics) run on
pools of their own, GOVKG_EXPENSIVE_WORKERS wide: threads for the store-bound ones, processes
for analytics. The cheap routes (/health, /stats, coverage, entities) keep the default thread
pool, so a burst of expensive requests never starves them.

An analysis is pure Python (networkx) over the whole graph: no thread can stop it. So it runs
in a child process (forked from a server of preloaded processes, so a start costs
milliseconds), which reads the graph itself and is killed at GOVKG_REQUEST_TIMEOUT, or as
soon as the client goes away. Its answer is kept per graph generation (the store's counter of
replacements), so repeated questions about an unchanged graph cost nothing.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.forkserver
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import anyio
from anyio import CapacityLimiter
from fastapi import Request

from govkg import errors
from govkg.errors import GovkgError, QueryTimeoutError, StoreUnavailableError
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.network.analytics import AnalyticsTable, analyse
from govkg.service import GovernanceService
from govkg.settings import Settings

T = TypeVar("T")
POLL_S = 0.05
"""How often a waiting analysis looks at its child and at the client."""
BUSY_RETRY_S = 5
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["govkg.service", "govkg.network.analytics"])


def child_settings(kg: GovernanceService) -> Settings:
    """The settings of a child process: the parent's very store and graph (a child never
    starts or stops the embedded store), reads as patient as the request."""
    settings = kg.settings
    update: dict[str, Any] = {"store_timeout": settings.request_timeout}
    if isinstance(kg.store, FalkorDBStore):
        update |= {"store": kg.store.address, "graph": kg.store.graph_name}
    return settings.model_copy(update=update)


def _analyse_in_child(settings: Settings, name: str, limit: int, methods: list[str] | None,
                      answer: Connection) -> None:
    """The child's work: read the graph (the facts of `methods`), analyse it, send the table
    (or the error) back."""
    try:
        with GovernanceService.open(settings=settings) as kg:
            table = analyse(kg.to_networkx(methods), name, limit)
        answer.send(("ok", table.model_dump()))
    except GovkgError as exc:
        answer.send(("error", type(exc).__name__, exc.message, exc.details))
    except Exception as exc:  # handed to the parent, which answers 500 in the error shape
        answer.send(("error", "GovkgError", f"the analysis failed: {type(exc).__name__}",
                     str(exc)))
    finally:
        answer.close()


def _rebuilt(kind: str, message: str, details: Any) -> GovkgError:
    cls = getattr(errors, kind, GovkgError)
    if not (isinstance(cls, type) and issubclass(cls, GovkgError)):
        cls = GovkgError
    return cls(message, details)


@dataclass
class ExpensiveWork:
    """Pools, deadline and cache of one app's expensive routes."""

    settings: Settings
    threads: CapacityLimiter = field(init=False)
    processes: asyncio.Semaphore = field(init=False)
    cache: OrderedDict[tuple[str, str, int, str], AnalyticsTable] = field(init=False)

    def __post_init__(self) -> None:
        self.threads = CapacityLimiter(self.settings.expensive_workers)
        self.processes = asyncio.Semaphore(self.settings.expensive_workers)
        self.cache = OrderedDict()

    def warm_up(self) -> None:
        """Start the server of analysis processes now, not on the first request."""
        multiprocessing.forkserver.ensure_running()

    async def in_thread(self, work: Callable[[], T]) -> T:
        """`work` on the expensive routes' own threads."""
        return await anyio.to_thread.run_sync(work, limiter=self.threads)

    async def analysis(self, request: Request, kg: GovernanceService, name: str,
                       limit: int, methods: list[str] | None = None) -> AnalyticsTable:
        """The analysis `name`: from the cache of this graph generation, or computed in a
        child process that is killed at the deadline or when the client leaves."""
        deadline = time.monotonic() + self.settings.request_timeout
        generation = await self.in_thread(kg.store.generation)
        key = (generation or "", name, limit, ",".join(methods or ()))
        if generation is not None and key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        try:
            await asyncio.wait_for(self.processes.acquire(),
                                   max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise StoreUnavailableError(
                f"{self.settings.expensive_workers} analyses are running; try again shortly",
                details={"retry_after": BUSY_RETRY_S}) from None
        try:
            table = await self._run_child(request, child_settings(kg), name, limit, methods,
                                          deadline)
        finally:
            self.processes.release()
        if generation is not None and self.settings.analytics_cache:
            self.cache[key] = table
            while len(self.cache) > self.settings.analytics_cache:
                self.cache.popitem(last=False)
        return table

    async def _run_child(self, request: Request, settings: Settings, name: str, limit: int,
                         methods: list[str] | None, deadline: float) -> AnalyticsTable:
        receiving, sending = _context.Pipe(duplex=False)
        child = _context.Process(target=_analyse_in_child, name=f"govkg-analytics-{name}",
                                 args=(settings, name, limit, methods, sending),
                                 daemon=True)
        child.start()
        sending.close()
        try:
            while not receiving.poll():
                if not child.is_alive() and not receiving.poll():
                    raise StoreUnavailableError(
                        f"the analysis process ended without an answer (exit code "
                        f"{child.exitcode})")
                if time.monotonic() > deadline:
                    raise QueryTimeoutError(
                        f"the analysis {name!r} was stopped after GOVKG_REQUEST_TIMEOUT "
                        f"({self.settings.request_timeout:g} s); `govkg analytics {name}` has "
                        "no deadline", details={"timeout": self.settings.request_timeout})
                if await request.is_disconnected():
                    raise QueryTimeoutError("the client left; the analysis was stopped")
                await asyncio.sleep(POLL_S)
            outcome = receiving.recv()
        finally:
            receiving.close()
            if child.is_alive():
                child.kill()
            await anyio.to_thread.run_sync(child.join, 5.0)
        if outcome[0] == "ok":
            return AnalyticsTable.model_validate(outcome[1])
        raise _rebuilt(*outcome[1:])


__all__ = ["ExpensiveWork", "child_settings"]
