"""What one bench run measures, and how much of it (the smoke run is the same, smaller)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

TARGETS = {
    "fresh_load_vs_raw_ceiling": 0.8,
    "fresh_load_vs_naive": 100.0,
    "reload_vs_fresh_time": 0.5,
    "store_p99_vs_bare_p99": 2.0,
    "api_p99_ms": 5.0,
    "api_throughput_vs_ceiling": 0.5,
    "extraction_mb_per_s": 1.0,
    "peak_rss_gib": 1.0,
}
"""Targets of issue 9; each figure in results.json carries its target and whether it is met."""


def default_sizes() -> tuple[int, ...]:
    """The scale sweep in relations: 100 k and 1 M, and 10 M when BENCH_LARGE=1 (ten times
    the 1 M run's time and store memory; left out by default)."""
    large = os.environ.get("BENCH_LARGE", "") not in ("", "0")
    return (100_000, 1_000_000, 10_000_000) if large else (100_000, 1_000_000)


@dataclass(frozen=True)
class BenchConfig:
    """Sizes in relations; the largest size gets the API and memory figures."""

    sizes: tuple[int, ...] = field(default_factory=default_sizes)
    seed: int = 1
    output: Path = Path("bench/results.json")
    work_dir: Path | None = None
    """Where the bench keeps its own store and CSV files (a temporary folder by default)."""
    query_samples: int = 1000
    """Keys per query and way: p99 is then the 10th slowest, still a tail, at half the time."""
    query_warmup: int = 100
    naive_sample_nodes: int = 3000
    throughput_requests: int = 20_000
    throughput_seconds: float = 15.0
    throughput_concurrency: int = 32
    extraction_seconds: float = 3.0
    targets: dict[str, float] = field(default_factory=lambda: dict(TARGETS))



SMOKE = BenchConfig(
    sizes=(2_000,), query_samples=50, query_warmup=10, naive_sample_nodes=100,
    throughput_requests=300, throughput_seconds=3.0, throughput_concurrency=4,
    extraction_seconds=0.2,
)
