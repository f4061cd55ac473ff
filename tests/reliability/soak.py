"""Soak test (`make soak`, not in CI): a bounded load against `govkg serve` on 127.0.0.1.

Loads the corpus into a fresh state directory, starts the real server, sends a fixed number of
requests over mixed routes (hostile queries among them) from a few threads while a chaos
thread loads more files through the real CLI, pauses a loader and the store (SIGSTOP/SIGCONT)
and kills the store, samples the memory of the API process, and stops by itself. It fails
(exit 1) on any unexpected answer or transport error, when the graph at the end is not the
corpus plus the loaded files (content checksum against a fresh load), or when the API's
memory after the warm-up grows by more than GROWTH_LIMIT. Figures go to bench/soak.json and to
the terminal.

    python -m tests.reliability.soak [--requests 6000] [--threads 4]
"""

from __future__ import annotations

import argparse
import itertools
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil

from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import load_ontology
from tests.reliability.graphsum import graph_state
from tests.reliability.served import GOVKG, Served, env_for, kill_dead

ROOT = Path(__file__).resolve().parents[2]
WALL_LIMIT_S = 900.0
"""The soak stops by itself after this long, whatever is left."""
GROWTH_LIMIT = 0.10
"""Allowed growth of resident memory between the end of warm-up and the end of the run."""
WARM_UP_SHARE = 0.2


@dataclass(frozen=True)
class Call:
    """One request of the mix and the statuses it may answer."""

    group: str
    method: str
    path: str
    body: dict[str, object] | None = None
    expect: frozenset[int] = frozenset({200})


def _mix() -> list[Call]:
    units = ["复旦大学", "上海交通大学", "中科院上海分院", "联影集团", "inst-fudan", "华虹集团"]
    cypher = [
        "MATCH (p:Pilot)-[c:COVERS]->(u) RETURN p.name, u.name, c.role",
        "MATCH (n:Entity) RETURN labels(n)[1] AS label, count(n) ORDER BY label",
        "MATCH (i:Institution)-[f:CO_FUNDS]->(p) RETURN i.name, p.name, f.ratio",
    ]
    calls = [Call("units", "GET", f"/units/{quote(u)}/pilots") for u in units]
    calls += [
        Call("unknown", "GET", f"/units/{quote('不存在的单位')}/pilots", expect=frozenset({404})),
        Call("pilots", "GET", f"/pilots/{quote('基础研究特区')}/units"),
        Call("search", "GET", f"/entities?q={quote('研究')}&type=Institution"),
        Call("entity", "GET", "/entities/prog-explorer"),
        Call("network", "GET", "/network?focus=inst-fudan&depth=2"),
        Call("network", "GET", "/network?focus=inst-fudan&depth=1&format=gexf"),
        Call("paths", "GET", "/paths?from=inst-united-imaging&to=inst-stcsm&max_len=4"),
        Call("timeline", "GET", "/policies/timeline?from=2020&to=2022"),
        Call("analytics", "GET", "/analytics/degree?limit=10"),
        Call("meta", "GET", "/stats"),
        Call("meta", "GET", "/health"),
        Call("write", "POST", "/cypher", {"query": "CREATE (:Entity {id: 'x'})"},
             expect=frozenset({400})),
    ]
    calls += [Call("cypher", "POST", "/cypher", {"query": q}) for q in cypher]
    calls += [Call("hostile", "POST", "/cypher", {"query": q}, expect=frozenset({400}))
              for q in HOSTILE]
    return calls


HOSTILE = [
    "RETURN size([x IN range(1,40000) | size([y IN range(1,40000) | y])])",
    "RETURN size(reduce(s='xxxxxxxx', i IN range(1,40) | s+s))",
    "UNWIND range(1,1000000000) AS x RETURN count(x)",
    "MATCH p = (a)-[*]-(b) RETURN count(p)",
    "MATCH (a), (b) RETURN count(*)",
]
"""The issue's queries that took the store down: refused before they run."""
STORE_DOWN = frozenset({503, 408})
"""While the chaos thread pauses or kills the store, routes that need it may answer 503 (no
answer within GOVKG_STORE_TIMEOUT) or 408 (a query that waited in the paused store past its
own TIMEOUT); counted apart, never as unexpected."""
EXTRA = [
    f"entities:\n  - {{id: inst-soak-{n}, type: Institution, name: 压力测试机构{n}, "
    f"kind: university}}\nrelations:\n  - {{type: PART_OF, from: inst-soak-{n}, "
    "to: inst-cas}\n" for n in range(3)
]


@dataclass
class Tally:
    """What the threads saw, under one lock."""

    lock: threading.Lock
    latencies: dict[str, list[float]]
    failures: list[str]
    sent: int = 0
    store_down: int = 0


def _worker(base: str, calls: list[Call], tally: Tally, deadline: float) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        for call in calls:
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                response = client.request(call.method, call.path, json=call.body)
                status: int | str = response.status_code
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.sent += 1
                tally.latencies[call.group].append(elapsed)
                if status not in call.expect and status not in STORE_DOWN:
                    tally.failures.append(f"{call.method} {call.path}: {status}")
                elif status in STORE_DOWN:
                    tally.store_down += 1


def _rss_mb(processes: list[psutil.Process]) -> float:
    return sum(p.memory_info().rss for p in processes) / 2**20


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _load(state: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GOVKG, "load", *map(str, paths)], env=env_for(state),
                          capture_output=True, text=True, check=False, timeout=300)


def _chaos(served: Served, extras: list[Path], log: list[str]) -> None:
    """Loads, a paused loader, a paused store and a killed store, one after another."""
    def step(what: str, ok: bool) -> None:
        log.append(f"{what}: {'ok' if ok else 'FAILED'}")

    time.sleep(2)
    step("load while serving", _load(served.state_dir, extras[0]).returncode == 0)
    loader = subprocess.Popen([*GOVKG, "load", str(extras[1])], env=env_for(served.state_dir),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.3)
    loader.send_signal(signal.SIGSTOP)
    time.sleep(2)
    loader.send_signal(signal.SIGCONT)
    step("paused loader", loader.wait(timeout=300) == 0)
    store = served.store_process()
    store.suspend()
    time.sleep(2)
    store.resume()
    step("paused store", True)
    time.sleep(2)
    kill_dead(served.store_process())
    served.wait_healthy()
    step("killed store", True)
    step("load after the kill", _load(served.state_dir, extras[2]).returncode == 0)


def _expected_state(tmp: Path, extras: list[Path]) -> object:
    state = tmp / "expected"
    for group in ([ROOT / "data"], *([e] for e in extras)):
        if _load(state, *group).returncode != 0:
            return None
    return _state(state)


def _state(state: Path) -> object:
    embedded = EmbeddedFalkorDB(state)
    embedded.start()
    store = FalkorDBStore(load_ontology(), graph="govkg", socket_path=embedded.socket_path)
    try:
        return graph_state(store)
    finally:
        store.close()
        embedded.release()


def soak(requests: int, threads: int, output: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="govkg-soak-") as tmp:
        state = Path(tmp) / "served"
        loaded = _load(state, ROOT / "data")
        if loaded.returncode != 0:
            print(loaded.stderr, file=sys.stderr)
            return 1
        extras = []
        for n, text in enumerate(EXTRA):
            extras.append(Path(tmp) / f"extra-{n}.yaml")
            extras[-1].write_text(text, encoding="utf-8")
        served = Served.start(state, GOVKG_RATE_LIMIT="1000000/minute")
        log: list[str] = []
        try:
            chaos = threading.Thread(target=_chaos, args=(served, extras, log))
            chaos.start()
            code = _run(served, [psutil.Process(served.process.pid)], requests, threads,
                        output, chaos, log)
            chaos.join()
            final = _served_state(served)
        finally:
            served.stop()
        expected = _expected_state(Path(tmp), extras)
        same = final == expected and expected is not None
        ok_chaos = all(line.endswith(": ok") for line in log) and len(log) == 5
        print(f"chaos: {'; '.join(log)}; final graph "
              f"{'equals' if same else 'DIFFERS FROM'} the expected one")
        return code if same and ok_chaos else 1


def _served_state(served: Served) -> object:
    store = FalkorDBStore(load_ontology(), graph="govkg",
                          socket_path=served.state_dir / "falkordb.sock")
    try:
        return graph_state(store)
    finally:
        store.close()


def _run(served: Served, processes: list[psutil.Process], requests: int, threads: int,
         output: Path, chaos: threading.Thread, log: list[str]) -> int:
    mix = _mix()
    plan = list(itertools.islice(itertools.cycle(mix), requests))
    chunks = [plan[i::threads] for i in range(threads)]
    tally = Tally(threading.Lock(), defaultdict(list), [])
    deadline = time.monotonic() + WALL_LIMIT_S
    workers = [threading.Thread(target=_worker, args=(served.base, chunk, tally, deadline))
               for chunk in chunks]
    started = time.perf_counter()
    samples: list[tuple[int, float]] = [(0, _rss_mb(processes))]
    for worker in workers:
        worker.start()
    while any(w.is_alive() for w in workers) or chaos.is_alive():
        time.sleep(0.5)
        samples.append((tally.sent, _rss_mb(processes)))
    elapsed = time.perf_counter() - started
    samples.append((tally.sent, _rss_mb(processes)))
    warm = next(rss for sent, rss in samples if sent >= WARM_UP_SHARE * requests)
    end = samples[-1][1]
    growth = (end - warm) / warm
    all_latencies = [v for values in tally.latencies.values() for v in values]
    report = {
        "requests": tally.sent,
        "threads": threads,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(tally.sent / elapsed, 1),
        "unexpected": len(tally.failures),
        "store_down_503_or_408": tally.store_down,
        "chaos": log,
        "first_unexpected": tally.failures[:10],
        "latency_ms": {
            group: {"n": len(values), "p50": round(statistics.median(values) * 1000, 1),
                    "p95": round(_percentile(values, 0.95) * 1000, 1),
                    "max": round(max(values) * 1000, 1)}
            for group, values in sorted(tally.latencies.items())
        },
        "latency_ms_all": {"p50": round(statistics.median(all_latencies) * 1000, 1),
                           "p95": round(_percentile(all_latencies, 0.95) * 1000, 1),
                           "p99": round(_percentile(all_latencies, 0.99) * 1000, 1)},
        "rss_mb": {"start": round(samples[0][1], 1), "after_warm_up": round(warm, 1),
                   "end": round(end, 1), "max": round(max(r for _, r in samples), 1),
                   "growth_after_warm_up": round(growth, 4)},
        "processes": "govkg serve (the API process)",
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    ok = tally.sent == requests and not tally.failures and growth <= GROWTH_LIMIT
    print(f"soak {'passed' if ok else 'FAILED'}: {tally.sent}/{requests} requests, "
          f"{len(tally.failures)} unexpected, memory {growth:+.1%} after warm-up "
          f"(limit {GROWTH_LIMIT:.0%}); figures in {output}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "soak.json")
    args = parser.parse_args()
    return soak(args.requests, args.threads, args.output)


if __name__ == "__main__":
    sys.exit(main())
