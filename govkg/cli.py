"""The `govkg` command line (typer): one entry point, a sub-command per task."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from govkg.cli_extract import load_ror, print_ror_report, register
from govkg.errors import GovkgError, InputError
from govkg.graph.base import GraphNode
from govkg.service import GovernanceService
from govkg.settings import Settings
from govkg.user_cypher import to_json

app = typer.Typer(
    help="govkg: a knowledge graph of innovation governance (policies, institutions, "
    "mechanisms, pilots). Settings come from GOVKG_* environment variables.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="embedded, falkordb://host:port, neo4j://… (default: "
                 "GOVKG_STORE or embedded)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]


def _fail(exc: GovkgError) -> typer.Exit:
    err.print(f"[bold red]error[/]: {exc.message}", highlight=False)
    details = exc.details
    if isinstance(details, list):
        for line in details:
            err.print(f"  - {line}", highlight=False)
    elif details:
        err.print(f"  {json.dumps(details, ensure_ascii=False)}", highlight=False)
    return typer.Exit(code=1)


@contextmanager
def _graph(store: str | None) -> Iterator[GovernanceService]:
    try:
        with GovernanceService.open(store) as kg:
            yield kg
    except GovkgError as exc:
        raise _fail(exc) from None


def _cell(value: Any) -> str:
    if isinstance(value, GraphNode):
        return f"{value.properties.get('name', value.key)} ({value.key})"
    if isinstance(value, str):
        return value
    return json.dumps(to_json(value), ensure_ascii=False)


def _print_json(data: Any) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str))


@app.command()
def load(
    paths: Annotated[list[Path] | None,
                     typer.Argument(help="YAML or RDF (.ttl, .jsonld, as `govkg export` "
                                    "writes) files, or directories of YAML")] = None,
    store: StoreOption = None,
    ror: Annotated[list[Path] | None, typer.Option(
        "--ror", help="ROR schema-v2 JSON (a data dump): attach ROR ids to matching "
        "institutions")] = None,
) -> None:
    """Validate the inputs, then write them in one all-or-nothing, idempotent load."""
    if not paths and not ror:
        raise _fail(InputError("give YAML files or directories, or --ror FILE"))
    with _graph(store) as kg:
        try:
            if paths:
                report = kg.load(paths)
                written = (f"in {report.statements} statements" if report.statements
                           else "(unchanged, nothing written)")
                out.print(f"loaded {report.entities} entities and {report.relations} "
                          f"relations from {report.origin} {written}")
            if ror:
                print_ror_report(load_ror(kg, ror))
        except GovkgError as exc:
            raise _fail(exc) from None


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="YAML or RDF (.ttl, .jsonld) files, or "
                                                "directories of YAML")],
    store: StoreOption = None,
) -> None:
    """Check inputs against the ontology, the SHACL shapes and the graph; write nothing."""
    with _graph(store) as kg:
        try:
            batch = kg.read(paths)
        except GovkgError as exc:
            raise _fail(exc) from None
        out.print(f"valid: {len(batch.entities)} entities, {len(batch.relations)} relations "
                  f"in {batch.origin}")


@app.command()
def pilots(
    unit: Annotated[str, typer.Argument(help="unit id, Chinese or English name, or alias")],
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which pilots and programmes cover a unit (direct and inherited through PART_OF)."""
    with _graph(store) as kg:
        try:
            answer = kg.pilots_covering(unit, as_of=as_of)
        except GovkgError as exc:
            raise _fail(exc) from None
    if as_json:
        _print_json(answer.model_dump(mode="json"))
        return
    table = Table(title=f"pilots covering {answer.query.name} ({answer.query.id})")
    for column in ("pilot", "English", "role", "since", "via", "quote"):
        table.add_column(column)
    for c in answer.results:
        via = " → ".join(c.chain) if c.inherited else "direct"
        quote = c.provenance.quote if c.provenance and c.provenance.quote else ""
        table.add_row(c.pilot.name, c.pilot.name_en or "", c.role or "", c.since or "", via,
                      quote)
    out.print(table)


def _parse_params(pairs: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--param {pair!r}: expected NAME=VALUE")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params


@app.command()
def query(
    cypher: Annotated[str | None, typer.Argument(help="read-only Cypher")] = None,
    name: Annotated[str | None, typer.Option("--name", help="a named query of queries/")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p",
                                                    help="NAME=VALUE (JSON or text)")] = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Run read-only Cypher, or a named query with --name, with parameters."""
    if (cypher is None) == (name is None):
        raise _fail(InputError("give either CYPHER or --name"))
    with _graph(store) as kg:
        try:
            params = _parse_params(param or [])
            result = kg.run(name, **params) if name else kg.cypher(str(cypher), params)
        except GovkgError as exc:
            raise _fail(exc) from None
    if as_json:
        _print_json([to_json(r) for r in result.records()])
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row))
    out.print(table)


@app.command()
def stats(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Node counts by label and relation counts by type."""
    with _graph(store) as kg:
        answer = kg.stats()
    if as_json:
        _print_json(answer.model_dump())
        return
    table = Table("kind", "name", "count", title=f"{answer.store}: {answer.nodes} nodes, "
                  f"{answer.relationships} relations")
    for label, count in answer.labels.items():
        table.add_row("node", label, str(count))
    for rel_type, count in answer.relation_types.items():
        table.add_row("relation", rel_type, str(count))
    out.print(table)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="export format: graphml, gexf, "
                                     "cypher (a Neo4j script), csv (a folder for neo4j-admin "
                                     "database import)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="file (or folder) to write")],
    store: StoreOption = None,
) -> None:
    """Write the whole graph in a format other tools read (Gephi, Neo4j, RDF tools)."""
    from govkg.exports import export as run_export

    with _graph(store) as kg:
        try:
            run_export(kg, fmt, output)
        except GovkgError as exc:
            raise _fail(exc) from None
    out.print(f"wrote {fmt} to {output}")


@app.command("init-schema")
def init_schema(store: StoreOption = None) -> None:
    """Create the ontology's key constraint and indexes in the store; safe to run again."""
    with _graph(store) as kg:
        try:
            created = kg.store.apply_schema()
        except GovkgError as exc:
            raise _fail(exc) from None
    for statement in created:
        out.print(statement, highlight=False)
    out.print(f"{kg.store.name}: schema in place ({len(created)} created now)")


@app.command()
def analytics(
    name: Annotated[str, typer.Argument(help="degree, betweenness, projection, communities "
                                        "or mechanisms")],
    limit: Annotated[int, typer.Option(min=1, help="rows to show")] = 20,
    store: StoreOption = None,
    as_json: JsonOption = False,
) -> None:
    """Network analytics of the whole graph (networkx), as a table."""
    from govkg.analytics import analyse, cells

    with _graph(store) as kg:
        try:
            answer = analyse(kg.to_networkx(), name, limit)
        except GovkgError as exc:
            raise _fail(exc) from None
    if as_json:
        _print_json(answer.model_dump())
        return
    summary = ", ".join(f"{k} {v}" for k, v in answer.summary.items())
    table = Table(title=f"{answer.title} ({summary})", caption=answer.description)
    for column in answer.columns:
        table.add_column(column, overflow="fold")  # Chinese names have no spaces to wrap at
    for row in cells(answer):
        table.add_row(*row)
    out.print(table)


@app.command()
def viz(
    focus: Annotated[str, typer.Option("--focus", help="id, name or alias at the centre")],
    output: Annotated[Path, typer.Option("--output", "-o", help="PNG file to write")],
    depth: Annotated[int, typer.Option(help="hops from the focus")] = 1,
    store: StoreOption = None,
) -> None:
    """Draw an entity's neighbourhood as a PNG, coloured by class, with Chinese labels."""
    from govkg.drawing import draw_focus

    with _graph(store) as kg:
        try:
            report = draw_focus(kg, focus, depth, output)
        except GovkgError as exc:
            raise _fail(exc) from None
    for warning in report.warnings:
        err.print(f"[yellow]warning[/]: {warning}", highlight=False)
    out.print(f"drew {report.nodes} nodes and {report.edges} relations to {output} "
              f"(labels in {report.font})")


@app.command("docs-queries")
def docs_queries(
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")] = Path(
        "docs/queries.md"),
    check: Annotated[bool, typer.Option("--check", help="only check that the file is "
                                        "current; exit 1 if not")] = False,
) -> None:
    """Write docs/queries.md from the headers of the query files."""
    from govkg.queries.docs import render

    text = render()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            raise _fail(InputError(f"{output} is stale; run `govkg docs-queries`"))
        out.print(f"{output} is current")
        return
    output.write_text(text, encoding="utf-8")
    out.print(f"wrote {output}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default GOVKG_HOST, 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="default GOVKG_PORT, 8000")] = None,
    store: StoreOption = None,
    access_log: Annotated[bool, typer.Option(help="log every request (uvicorn's access "
                                             "log); off costs less per request")] = True,
) -> None:
    """Serve the HTTP API (and OpenAPI docs at /docs)."""
    import uvicorn

    from govkg.api import create_app

    settings = Settings()
    if store is not None:
        settings = settings.model_copy(update={"store": store})
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port,
                access_log=access_log)


register(app)  # extract, resolve, extract-eval (govkg/cli_extract.py)

@app.command()
def bench(
    rels: Annotated[list[int] | None, typer.Option("--rels", help="graph sizes in relations "
                                                   "(repeat; default 100000 and 1000000)")] = None,
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("bench/results.json"),
    smoke: Annotated[bool, typer.Option(help="a tiny run that only proves the bench works")]
    = False,
) -> None:
    """Measure load, re-load, queries, API throughput and memory against same-run baselines."""
    from dataclasses import replace

    from govkg.bench import BenchConfig, run_bench
    from govkg.bench.config import SMOKE
    from govkg.bench.report import summary_table

    config = replace(SMOKE if smoke else BenchConfig(), output=output)
    if rels:
        config = replace(config, sizes=tuple(rels))
    try:
        results = run_bench(config, log=lambda line: err.print(line, highlight=False))
    except GovkgError as exc:
        raise _fail(exc) from None
    out.print(summary_table(results))


if __name__ == "__main__":
    app()
