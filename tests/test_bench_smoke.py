"""The bench runs end to end at a tiny size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bench import run_bench
from bench.config import SMOKE, TARGETS

pytestmark = pytest.mark.slow  # the bench smoke run: left out of `make test-fast`


def test_smoke_bench_writes_every_figure(tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    results = run_bench(replace(SMOKE, output=output, work_dir=tmp_path / "work"),
                        log=lambda line: None)
    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["targets"] == json.loads(json.dumps(results["targets"]))
    size = written["sizes"][str(SMOKE.sizes[0])]
    assert len(written["machine"]["load_average_at_start"]) == 3
    assert size["loader_peak_mib"] > 0
    assert size["fresh_load"]["statements"] > 0
    assert size["fresh_load"]["entities_written"] == size["generated"]["entities"]
    assert size["fresh_load"]["store_peak_mib"] > 0
    assert 0 < size["fresh_load"]["source_seconds"] < size["fresh_load"]["with_source_seconds"]
    assert size["reload"]["counts_identical"] is True
    assert size["reload"]["statements"] == 0
    assert size["naive"]["extrapolated"] is True
    assert size["throughput"]["govkg_errors"] == 0 and size["throughput"]["ceiling_errors"] == 0
    for way in ("bare_client", "store_layer", "http_api"):
        assert size["queries"]["pilots_covering_unit"][way]["samples"] == SMOKE.query_samples
    breakdown = size["request_breakdown"]["pilots_covering_unit"]
    assert set(breakdown["steps_p50_ms"]) == {
        "store_query_with_resolution", "answer_building", "serialisation", "http_and_framework"}
    assert set(breakdown["shares_of_request"]) == set(breakdown["steps_p50_ms"])
    assert breakdown["round_trips_per_question"] == 1
    names = set(written["targets"])
    assert {"fresh_load_vs_raw_ceiling", "fresh_load_vs_naive", "reload_vs_fresh_time",
            "api_throughput_vs_ceiling", "extraction_mb_per_s", "peak_rss_serving_gib",
            "pilots_covering_unit_store_p99_vs_bare", "pilots_covering_unit_api_p99_ms",
            "units_of_pilot_api_p99_ms", "law_ingest_vs_parse"} <= names
    laws = written["laws"]
    assert laws["files"] == 45 and laws["ingest_mb_per_s"] > 0 and laws["parse_mb_per_s"] > 0
    for figure in written["targets"].values():
        assert "target" in figure and "met" in figure
        if figure["target"] is None:
            continue
        if figure.get("value") is not None:
            assert figure["ratio"] is not None
        else:
            assert figure["reason"].startswith("not measured")
    assert set(TARGETS) <= set(SMOKE.targets)
