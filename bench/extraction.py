"""Extraction speed (MB/s of Chinese text) of govkg.extract, when that package is installed."""

from __future__ import annotations

import importlib
import importlib.util
import time
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
ENTRY = ("govkg.extract.pipeline", "extract_text")
"""The extractor's entry point: a function taking the text."""


def measure_extraction(seconds: float) -> dict[str, Any]:
    """Run the extractor over the bundled corpus for about `seconds`; MB are UTF-8 bytes."""
    module_name, function = ENTRY
    if importlib.util.find_spec("govkg.extract") is None:
        return {"measured": False, "reason": "not measured: extractor absent"}
    try:
        extract = getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError) as exc:
        return {"measured": False, "reason": f"not measured: extractor has no "
                f"{module_name}.{function} ({exc})"}
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not texts:
        return {"measured": False, "reason": f"not measured: no corpus text in {CORPUS}"}
    extract(texts[0])  # warm-up: lexicons and patterns load once
    done_bytes, start = 0, time.perf_counter()
    while True:
        for text in texts:
            extract(text)
            done_bytes += len(text.encode("utf-8"))
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return {"measured": True, "mb_per_s": round(done_bytes / 1e6 / elapsed, 4),
            "bytes": done_bytes, "seconds": round(elapsed, 3),
            "entry": f"{module_name}.{function}", "texts": len(texts)}
