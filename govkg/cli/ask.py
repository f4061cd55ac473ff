"""Commands that ask the graph: pilots, query, stats, analytics, viz."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from govkg.cli.common import (
    CsvOption,
    GovkgGroup,
    JsonOption,
    MethodOption,
    StoreOption,
    cell,
    emit,
    err,
    open_graph,
    out,
    say,
    table,
)
from govkg.cli.common import print_json as _print_json
from govkg.errors import InputError
from govkg.queries.user import to_json
from govkg.service.answers import CoverageAnswer

app = typer.Typer(cls=GovkgGroup)


RoleOption = Annotated[
    str | None,
    typer.Option("--role", help="participation roles to include, comma-separated: "
                 "pilot_unit, co_funding_partner, supported_unit, … (govkg:"
                 "ParticipationRoleScheme; default all)"),
]


def _coverage_table(answer: CoverageAnswer, title: str, first: str) -> None:
    shown = table(first, "English", "role", "since", "via", "stated", "quote", title=title)
    for c in answer.results:
        other = c.pilot if first == "pilot" else c.unit
        via = " → ".join(c.chain) if c.inherited else "direct"
        quote = c.provenance.quote if c.provenance and c.provenance.quote else ""
        said = "yes" if c.stated else c.caveat or "no"
        role = c.role_label or c.role or ""
        if c.as_written:
            role = f"{role} «{c.as_written}»"
        if c.open_list:
            role += " (list open: 等)"
        shown.add_row(other.name, other.name_en or "", role, c.since or "", via, said, quote)
    out.print(shown)


@app.command()
def pilots(
    unit: Annotated[str, typer.Argument(help="unit id, Chinese or English name, or alias")],
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    method: MethodOption = None,
    role: RoleOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Which pilots and programmes cover a unit (direct and inherited through PART_OF)."""
    with open_graph(store) as kg:
        answer = kg.pilots_covering(unit, as_of=as_of, methods=method, role=role)
    if emit(answer, as_json, as_csv):
        return
    _coverage_table(answer, f"pilots covering {answer.query.name} ({answer.query.id})",
                    "pilot")


@app.command()
def units(
    pilot: Annotated[str, typer.Argument(help="pilot or programme id, name or alias")],
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    inherited: Annotated[bool, typer.Option(help="add the units covered through PART_OF")]
    = False,
    method: MethodOption = None,
    role: RoleOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Which units a pilot or programme covers (with --inherited, through PART_OF too)."""
    with open_graph(store) as kg:
        answer = kg.units_of(pilot, as_of=as_of, inherited=inherited, methods=method,
                             role=role)
    if emit(answer, as_json, as_csv):
        return
    _coverage_table(answer, f"units of {answer.query.name} ({answer.query.id})", "unit")


OPTIONAL_PARAMS: dict[str, Any] = {"as_of": None, "methods": None,
                                   "inherited": False}
"""Parameters of named queries that may be left out (as in the API): no date, every method,
direct coverage only."""


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
    as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Run read-only Cypher, or a named query with --name, with parameters."""
    if (cypher is None) == (name is None):
        raise InputError("give either CYPHER or --name")
    params = _parse_params(param or [])
    if name:
        from govkg.queries import get_query

        wanted = get_query(name).params
        params = {**{k: v for k, v in OPTIONAL_PARAMS.items() if k in wanted}, **params}
    with open_graph(store) as kg:
        result = kg.run(name, **params) if name else kg.cypher(str(cypher), params)
    if as_json:
        _print_json([to_json(r) for r in result.records()])
        return
    if emit({"columns": list(result.columns),
             "rows": [[to_json(v) for v in row] for row in result.rows]}, False, as_csv):
        return
    table = Table(*result.columns)
    for row in result.rows:
        table.add_row(*(cell(v) for v in row))
    out.print(table)


@app.command()
def stats(method: MethodOption = None, store: StoreOption = None, as_json: JsonOption = False,
          as_csv: CsvOption = False) -> None:
    """Node counts by label and relation counts by type (--method: of those methods only)."""
    with open_graph(store) as kg:
        answer = kg.stats(methods=method)
    if emit(answer, as_json, as_csv):
        return
    table = Table("kind", "name", "count", title=f"{answer.store}: {answer.nodes} nodes, "
                  f"{answer.relationships} relations")
    for label, count in answer.labels.items():
        table.add_row("node", label, str(count))
    for rel_type, count in answer.relation_types.items():
        table.add_row("relation", rel_type, str(count))
    out.print(table)


@app.command()
def analytics(
    name: Annotated[str, typer.Argument(help="degree, betweenness, projection, communities "
                                        "or mechanisms")],
    limit: Annotated[int, typer.Option(min=1, help="rows to show")] = 20,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Network analytics of the whole graph (networkx), as a table (--method: of the facts
    taken by those methods only)."""
    from govkg.network.analytics import analyse, cells

    with open_graph(store) as kg:
        answer = analyse(kg.to_networkx(methods=method), name, limit)
    if emit(answer, as_json, as_csv):
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
    method: MethodOption = None,
    store: StoreOption = None,
) -> None:
    """Draw an entity's neighbourhood as a PNG, coloured by class, with Chinese labels."""
    from govkg.network.drawing import draw_neighbourhood

    with open_graph(store) as kg:
        graph = kg.neighbourhood(focus, depth, methods=method)
    report = draw_neighbourhood(graph, output)
    for warning in report.warnings:
        err.print(f"[yellow]warning[/]: {warning}", highlight=False)
    say(f"drew {report.nodes} nodes and {report.edges} relations to {output} "
              f"(labels in {report.font})")
