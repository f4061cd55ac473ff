"""Whole-graph exports by format name; `govkg export --format NAME` picks one here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from govkg.errors import InputError
from govkg.exports.cypher_script import write_cypher
from govkg.exports.neo4j_csv import write_neo4j_csv
from govkg.exports.network_formats import write_gexf, write_graphml
from govkg.exports.rdf_export import write_jsonld, write_turtle
from govkg.service import GovernanceService

Exporter = Callable[[GovernanceService, Path], None]


def exporters() -> dict[str, Exporter]:
    """Every export format: name → writer(kg, output path)."""
    return {
        "graphml": write_graphml,
        "gexf": write_gexf,
        "ttl": write_turtle,
        "jsonld": write_jsonld,
        "cypher": write_cypher,
        "csv": write_neo4j_csv,
    }


def export(kg: GovernanceService, fmt: str, output: Path) -> None:
    writers = exporters()
    if fmt not in writers:
        raise InputError(f"unknown export format {fmt!r}; known: {', '.join(sorted(writers))}")
    writers[fmt](kg, output)
