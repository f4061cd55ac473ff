"""Commands that put data in and take it out: load, validate, init-schema, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govkg.bundled import bundled_corpus
from govkg.cli.common import GovkgGroup, StoreOption, err, open_graph, out, say
from govkg.errors import InputError
from govkg.formats import names
from govkg.loaders.ror import RorReport
from govkg.service import GovernanceService
from govkg.service.answers import LoadReport

app = typer.Typer(cls=GovkgGroup)


def print_ror_report(report: RorReport) -> None:
    say(f"ROR: {report.records} records, {len(report.matched)} matched institutions, "
              f"{report.unmatched} not in the graph, {len(report.part_of)} PART_OF added")
    for line in [*report.conflicts, *report.ambiguous]:
        err.print(f"  - {line}", highlight=False)


@app.command()
def load(
    paths: Annotated[list[Path] | None,
                     typer.Argument(help="YAML or RDF (.ttl, .jsonld, as `govkg export` "
                                    "writes) files, or directories of YAML")] = None,
    bundled: Annotated[bool, typer.Option(
        "--bundled", help="load the corpus shipped with govkg (the Shanghai 2021 chapter, "
        "background facts, 45 S&T laws), from a checkout or an installed wheel")] = False,
    store: StoreOption = None,
    ror: Annotated[list[Path] | None, typer.Option(
        "--ror", help="ROR schema-v2 JSON (a data dump): attach ROR ids to matching "
        "institutions")] = None,
) -> None:
    """Validate the inputs, then write them in one all-or-nothing, idempotent load."""
    if not paths and not ror and not bundled:
        raise InputError("give YAML files or directories, --bundled or --ror FILE")
    with open_graph(store, asks=False) as kg:
        inputs = [*(paths or []), *([bundled_corpus()] if bundled else [])]
        if inputs:
            _report_load(kg.load(inputs), kg)
        if ror:
            print_ror_report(kg.load_ror(ror))


def _report_load(report: LoadReport, kg: GovernanceService) -> None:
    """The load's own counts and what the graph holds after it: a re-load counts only the
    records it did not find in the graph, which alone reads as if records were lost."""
    written = (f"in {report.statements} statements" if report.statements
               else "(unchanged, nothing written)")
    held = kg.stats()
    say(f"loaded {report.entities} entities and {report.relations} relations from "
        f"{report.origin} {written} into {kg.location()}; the graph holds {held.nodes} "
        f"entities and {held.relationships} relations")


@app.command()
def init(store: StoreOption = None) -> None:
    """Create the schema and load the bundled corpus: a new installation, ready to ask
    (the same as `govkg init-schema` then `govkg load --bundled`; safe to run again)."""
    with open_graph(store, asks=False) as kg:
        kg.store.apply_schema()
        _report_load(kg.load_bundled(), kg)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="YAML or RDF (.ttl, .jsonld) files, or "
                                                "directories of YAML")],
    store: StoreOption = None,
) -> None:
    """Check inputs against the ontology, the SHACL shapes and the graph; write nothing."""
    with open_graph(store, asks=False) as kg:
        batch = kg.read(paths)
    say(f"valid: {len(batch.entities)} entities, {len(batch.relations)} relations "
              f"in {batch.origin}")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="export format: "
                                     f"{', '.join(names('exporter'))} (cypher: a Neo4j "
                                     "script; csv: a folder for neo4j-admin database import)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="file (or folder) to write")],
    store: StoreOption = None,
) -> None:
    """Write the whole graph in a format other tools read (Gephi, Neo4j, RDF tools)."""
    from govkg.exports import export as run_export

    with open_graph(store) as kg:
        run_export(kg, fmt, output)
    say(f"wrote {fmt} to {output}")


@app.command("init-schema")
def init_schema(store: StoreOption = None) -> None:
    """Create the ontology's key constraint and indexes in the store; safe to run again."""
    with open_graph(store, asks=False) as kg:
        created = kg.store.apply_schema()
        name = kg.store.name
    for statement in created:
        out.print(statement, highlight=False)
    say(f"{name}: schema in place ({len(created)} created now)")
