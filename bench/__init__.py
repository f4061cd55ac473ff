"""The benchmark (`make bench`): load, re-load, query, API and memory figures at scale.

Outside the govkg wheel: it runs from a source checkout. Each figure is measured next to a
baseline taken in the same run on the same machine (raw bulk import, naive loader, bare
client query, no-database endpoint), so the ratios hold across machines even when the
absolute numbers do not. See docs/performance.md.
"""

from bench.config import BenchConfig
from bench.run import run_bench

__all__ = ["BenchConfig", "run_bench"]
