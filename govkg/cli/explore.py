"""Commands for the API's remaining questions: search, entity, timeline, paths, network.

Each takes the API's parameter names (`--type`, `--as-of`, `--from`/`--to`, `--depth`,
`--max-len`, `--method`, `--limit`, `--offset`) and prints a table, `--json` (the API's
answer) or `--csv` (the API's `?format=csv`).
"""

from __future__ import annotations

from typing import Annotated

import typer

from govkg.cli.common import (
    CsvOption,
    GovkgGroup,
    JsonOption,
    MethodOption,
    StoreOption,
    emit,
    open_graph,
    out,
    table,
)
from govkg.service.answers import EntityPage, Link

app = typer.Typer(cls=GovkgGroup)

AsOf = Annotated[str | None, typer.Option("--as-of", help="YYYY-MM-DD: only relations in "
                                          "force that day")]
Types = Annotated[list[str] | None, typer.Option("--type", help="relation types to walk "
                                                 "(repeat); default all but MENTIONED_IN")]
SEARCH_CAP = 10_000


@app.command()
def search(
    q: Annotated[str, typer.Argument(help="text in a name, English name, alias or id")],
    type: Annotated[str | None, typer.Option("--type", help="class, e.g. Institution")]
    = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Entities whose name, English name, alias or id contains the text (GET /entities)."""
    with open_graph(store) as kg:
        found = kg.search(q, type=type, limit=SEARCH_CAP, methods=method)
    answer = EntityPage(q=q, type=type, total=len(found), limit=limit, offset=offset,
                        results=found[offset:offset + limit])
    if emit(answer, as_json, as_csv):
        return
    shown = table("id", "type", "name", "English", "aliases",
                  title=f"{answer.total} entities matching {q!r}")
    for entity in answer.results:
        shown.add_row(entity.id, entity.type, entity.name, entity.name_en or "",
                      "; ".join(entity.aliases))
    out.print(shown)


@app.command()
def entity(
    key: Annotated[str, typer.Argument(help="id, Chinese or English name, or alias")],
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """One entity with its relations, figures and where each comes from
    (GET /entities/{id}); --csv lists its relations."""
    with open_graph(store) as kg:
        answer = kg.entity(key, methods=method)
    if emit(answer, as_json, as_csv):
        return
    prov = answer.provenance
    out.print(f"[bold]{answer.name}[/] ({answer.id}, {answer.type})"
              + (f" — {answer.name_en}" if answer.name_en else ""), highlight=False)
    if answer.aliases:
        out.print(f"aliases: {'; '.join(answer.aliases)}", highlight=False)
    if prov:
        out.print(f"source: {prov.source or ''} {prov.section or ''} ({prov.method}) "
                  f"{prov.quote or prov.note or ''}", highlight=False)
    shown = table("direction", "relation", "other", "type", "method", "quote",
                  title=f"{len(answer.relations)} relations")
    for rel in answer.relations:
        props = rel.properties
        shown.add_row(rel.direction, rel.type, f"{rel.other.name} ({rel.other.id})",
                      rel.other.type, str(props.get("method") or ""),
                      str(props.get("quote") or ""))
    out.print(shown)


def _issuer(link: Link) -> str:
    """An issuer's name, marked when the text does not state the ISSUED_BY link."""
    return link.other.name if link.stated else f"{link.other.name} (not stated)"


@app.command()
def timeline(
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY[-MM[-DD]]")] = None,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Policies and law versions dated within the range, in date order
    (GET /policies/timeline)."""
    with open_graph(store) as kg:
        answer = kg.timeline(date_from, date_to, methods=method)
    answer = answer.model_copy(update={"total": len(answer.policies)})
    if emit(answer, as_json, as_csv):
        return
    shown = table("date", "which date", "policy", "English", "issuers",
                  title=f"{answer.total} policies and law versions")
    for entry in answer.policies:
        shown.add_row(entry.date, entry.date_kind, entry.policy.name,
                      entry.policy.name_en or "",
                      "; ".join(_issuer(link) for link in entry.issuers))
    out.print(shown)


@app.command()
def paths(
    source: Annotated[str, typer.Argument(help="from: id, name or alias")],
    target: Annotated[str, typer.Argument(help="to: id, name or alias")],
    max_len: Annotated[int | None, typer.Option("--max-len", min=1, help="longest path "
                                                "(default and cap GOVKG_MAX_PATH_LEN)")]
    = None,
    types: Types = None,
    as_of: AsOf = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """How two entities are connected, shortest paths first (GET /paths)."""
    with open_graph(store) as kg:
        answer = kg.paths(source, target, max_len, types, as_of, limit, methods=method)
    if emit(answer, as_json, as_csv):
        return
    shown = table("#", "length", "path", "stated",
                  title=f"{answer.source.name} → {answer.target.name}: {len(answer.paths)} "
                  "paths")
    for number, path in enumerate(answer.paths, 1):
        names = {node.id: node.name for node in path.nodes}
        steps = " · ".join(f"{names.get(r.source, r.source)} -{r.type}-> "
                           f"{names.get(r.target, r.target)}" for r in path.relations)
        said = "yes" if all(r.stated for r in path.relations) else "; ".join(
            r.caveat for r in path.relations if r.caveat) or "no"
        shown.add_row(str(number), str(path.length), steps, said)
    out.print(shown)


@app.command()
def network(
    focus: Annotated[str, typer.Argument(help="id, name or alias at the centre")],
    depth: Annotated[int, typer.Option(min=1, help="hops from the focus (cap "
                                       "GOVKG_MAX_DEPTH)")] = 1,
    types: Types = None,
    as_of: AsOf = None,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The neighbourhood of an entity: its relations as a table (GET /network; for Gephi
    use `govkg export` or GET /network?format=gexf, for a picture `govkg viz`)."""
    with open_graph(store) as kg:
        answer = kg.network(focus, depth, types, as_of, methods=method)
    if emit(answer, as_json, as_csv):
        return
    names = {node.id: node.name for node in answer.nodes}
    shown = table("source", "relation", "target", "method", "stated",
                  title=f"{answer.focus.name}: {len(answer.nodes)} entities, "
                  f"{len(answer.edges)} relations")
    for edge in answer.edges:
        shown.add_row(names.get(edge.source, edge.source), edge.type,
                      names.get(edge.target, edge.target),
                      edge.provenance.method or "" if edge.provenance else "",
                      "yes" if edge.stated else (edge.caveat or "no"))
    out.print(shown)
