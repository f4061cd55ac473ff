"""The bench reports how each figure grows per decade of size (issue 18, the scale sweep)."""

from __future__ import annotations

import pytest

from bench.config import BenchConfig
from bench.run import _per_decade


def test_growth_is_scaled_to_one_decade() -> None:
    assert _per_decade(100_000, 1_000_000, 2.0, 20.0) == 10.0  # linear
    assert _per_decade(100_000, 10_000_000, 2.0, 200.0) == 10.0  # linear over two decades
    assert _per_decade(100_000, 1_000_000, 3.0, 3.0) == 1.0  # flat
    assert _per_decade(100_000, 1_000_000, None, 3.0) is None


def test_ten_million_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BENCH_LARGE", raising=False)
    assert BenchConfig().sizes == (100_000, 1_000_000)
    monkeypatch.setenv("BENCH_LARGE", "1")
    assert BenchConfig().sizes == (100_000, 1_000_000, 10_000_000)
