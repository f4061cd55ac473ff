"""Soak test (`make soak`, not in CI): a bounded load against `govkg serve` on 127.0.0.1.

Loads the corpus into a fresh state directory, starts the real server, sends a fixed number of
requests over mixed routes from a few threads, samples the memory of the API process and of its
FalkorDB process, and stops by itself. It fails (exit 1) on any unexpected answer or transport
error, or when memory after the warm-up grows by more than GROWTH_LIMIT. Figures go to
bench/soak.json and to the terminal.

    python -m tests.reliability.soak [--requests 6000] [--threads 4]
"""

from __future__ import annotations

import argparse
import itertools
import json
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

from tests.reliability.served import GOVKG, Served, env_for

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
    return calls


@dataclass
class Tally:
    """What the threads saw, under one lock."""

    lock: threading.Lock
    latencies: dict[str, list[float]]
    failures: list[str]
    sent: int = 0


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
                if status not in call.expect:
                    tally.failures.append(f"{call.method} {call.path}: {status}")


def _rss_mb(processes: list[psutil.Process]) -> float:
    return sum(p.memory_info().rss for p in processes) / 2**20


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def soak(requests: int, threads: int, output: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="govkg-soak-") as tmp:
        state = Path(tmp)
        loaded = subprocess.run([*GOVKG, "load", str(ROOT / "data")], env=env_for(state),
                                capture_output=True, text=True, check=False)
        if loaded.returncode != 0:
            print(loaded.stderr, file=sys.stderr)
            return 1
        served = Served.start(state, GOVKG_RATE_LIMIT="1000000/minute")
        try:
            processes = [psutil.Process(served.process.pid), served.store_process()]
            return _run(served, processes, requests, threads, output)
        finally:
            served.stop()


def _run(served: Served, processes: list[psutil.Process], requests: int, threads: int,
         output: Path) -> int:
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
    while any(w.is_alive() for w in workers):
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
        "processes": "govkg serve + its FalkorDB (redis-server)",
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
