"""Extraction speed (MB/s of Chinese text) of govkg.extract, beside its same-run baseline.

The texts are the bundled corpus (the 45 law texts of data/corpus/laws and the report
chapter). The baseline reads and word-segments the same texts and does nothing else (UTF-8
decoding and rjieba's tagger, which extraction needs anyway); the two are timed in alternating
rounds, so load from other processes falls on both alike, and the ratio says how much the rules
cost beyond segmentation. MB are UTF-8 bytes.
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
ENTRY = ("govkg.extract.pipeline", "extract_text")
"""The extractor's entry point: a function taking the text (and the path, keyword `path`)."""


def corpus_files(corpus: Path = CORPUS) -> list[Path]:
    """The law texts (those the manifest lists) and the chapter."""
    from govkg.loaders.laws import law_files

    laws = corpus / "laws"
    return (law_files(laws) if laws.is_dir() else []) + sorted(corpus.glob("*.txt"))


def _read_and_segment(paths: list[Path]) -> None:
    import rjieba

    for path in paths:
        rjieba.tag(path.read_text(encoding="utf-8"), False)


def _timed(work: Callable[[], None]) -> tuple[float, float]:
    began, began_cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - began, time.process_time() - began_cpu


def measure_extraction(seconds: float, corpus: Path = CORPUS) -> dict[str, Any]:
    """Extract the corpus over and over for about `seconds`, each round beside one round of
    reading and segmenting the same files."""
    module_name, function = ENTRY
    if importlib.util.find_spec("govkg.extract") is None:
        return {"measured": False, "reason": "not measured: extractor absent"}
    try:
        extract = getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError) as exc:
        return {"measured": False, "reason": f"not measured: extractor has no "
                f"{module_name}.{function} ({exc})"}
    paths = corpus_files(corpus)
    if not paths:
        return {"measured": False, "reason": f"not measured: no corpus text in {corpus}"}
    size = sum(len(p.read_text(encoding="utf-8").encode("utf-8")) for p in paths)

    def extract_all() -> None:
        for path in paths:
            extract(path.read_text(encoding="utf-8"), path=path)

    extract_all()  # warm-up: vocabularies, automata and patterns are built once
    _read_and_segment(paths)
    rounds = 0
    spent = {"extract": [0.0, 0.0], "baseline": [0.0, 0.0]}
    started = time.perf_counter()
    while rounds == 0 or time.perf_counter() - started < seconds:
        for name, work in (("baseline", lambda: _read_and_segment(paths)),
                           ("extract", extract_all)):
            wall, cpu = _timed(work)
            spent[name][0] += wall
            spent[name][1] += cpu
        rounds += 1
    done = size * rounds / 1e6
    extract_wall, extract_cpu = spent["extract"]
    base_wall, base_cpu = spent["baseline"]
    return {
        "measured": True, "entry": f"{module_name}.{function}", "texts": len(paths),
        "bytes": size, "rounds": rounds,
        "mb_per_s": round(done / extract_wall, 4),
        "mb_per_cpu_s": round(done / extract_cpu, 4) if extract_cpu else None,
        "baseline_mb_per_s": round(done / base_wall, 4),
        "baseline_mb_per_cpu_s": round(done / base_cpu, 4) if base_cpu else None,
        "vs_read_and_segment": round(base_wall / extract_wall, 4),
        "seconds": round(extract_wall, 3),
        "baseline": "reading the same files and segmenting them with rjieba (words and tags), "
                    "nothing else, in alternating rounds",
    }
