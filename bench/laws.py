"""Law-corpus ingest: MB/s of law text parsed, resolved, validated and written, beside the
MB/s of reading and parsing the same files alone, in the same run (issue 14)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.loaders.law_text import read_law
from govkg.loaders.laws import law_files
from govkg.ontology.model import Ontology
from govkg.service import GovernanceService
from govkg.settings import Settings

LAWS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "laws"


def measure_law_ingest(server: EmbeddedFalkorDB, ontology: Ontology,
                       corpus: Path = LAWS) -> dict[str, Any]:
    """Parse the corpus alone (the baseline), then load it into an empty graph."""
    files = law_files(corpus)
    size = sum(p.stat().st_size for p in files)
    start = time.perf_counter()
    for path in files:
        read_law(path)
    parse_seconds = time.perf_counter() - start
    store = FalkorDBStore(ontology, graph="bench_laws", socket_path=server.socket_path)
    store.clear()
    try:
        kg = GovernanceService(store, ontology, Settings())
        start = time.perf_counter()
        report = kg.load([corpus])
        ingest_seconds = time.perf_counter() - start
        again = time.perf_counter()
        kg.load([corpus])
        reload_seconds = time.perf_counter() - again
    finally:
        store.clear()
        store.close()
    return {
        "files": len(files), "bytes": size,
        "parse_seconds": round(parse_seconds, 3),
        "parse_mb_per_s": round(size / 1e6 / parse_seconds, 3),
        "ingest_seconds": round(ingest_seconds, 3),
        "ingest_mb_per_s": round(size / 1e6 / ingest_seconds, 3),
        "reload_seconds": round(reload_seconds, 3),
        "entities": report.entities, "relations": report.relations,
        "note": "ingest = read, parse, resolve references, prepare, plan, validate (ontology "
                "and SHACL), write into an empty graph; parse = read and parse the same files",
    }


__all__ = ["measure_law_ingest"]
