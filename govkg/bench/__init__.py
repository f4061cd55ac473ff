"""`govkg bench` / `make bench`: load, re-load, query, API and memory figures at scale.

Each figure is measured next to a baseline taken in the same run on the same machine (raw
bulk import, naive loader, bare client query, no-database endpoint), so the ratios hold
across machines even when the absolute numbers do not. See docs/performance.md.
"""

from govkg.bench.config import BenchConfig
from govkg.bench.run import run_bench

__all__ = ["BenchConfig", "run_bench"]
