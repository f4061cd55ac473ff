"""Commands about laws: `govkg laws`, `govkg articles`, `govkg law versions|diff|basis|cited-by`."""

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
from govkg.service.answers import LawEventOut, LawLinksAnswer

app = typer.Typer(cls=GovkgGroup)
law_app = typer.Typer(cls=GovkgGroup, help="One law: its versions, what changed, what it "
                      "rests on and what cites it.", no_args_is_help=True)
app.add_typer(law_app, name="law")

LawArgument = Annotated[str, typer.Argument(help="law id, title (with or without "
                                            "中华人民共和国) or alias")]
AsOf = Annotated[str | None, typer.Option("--as-of", help="YYYY[-MM[-DD]]: in force that day")]
Region = Annotated[str | None, typer.Option(help="region id or name (the regions above it "
                                            "count too)")]


@app.command("laws")
def laws_in_force(
    as_of: AsOf = None,
    region: Region = None,
    level: Annotated[str | None, typer.Option(help="法律, 行政法规, 地方性法规 …")] = None,
    q: Annotated[str | None, typer.Option("--q", help="text in the title")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 100,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Law versions in force on a date in a region (national ones included), by level."""
    with open_graph(store) as kg:
        answer = kg.laws(as_of, region, level, q, limit, methods=method)
    if emit(answer, as_json, as_csv):
        return
    title = f"{answer.total} law versions" + (f" in force on {as_of}" if as_of else "")
    shown = table("level", "law", "jurisdiction", "in force from", "until", "version",
                  title=title)
    for row in answer.results:
        shown.add_row(row.level or "", row.law.name, row.jurisdiction.name,
                      row.version.in_force_from or "", row.version.in_force_until or "",
                      row.version.version.id)
    out.print(shown)


@law_app.command("versions")
def versions(law: LawArgument, method: MethodOption = None, store: StoreOption = None,
             as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """A law's versions in order, with every event of its header (date, body, kind)."""
    with open_graph(store) as kg:
        answer = kg.law_versions(law, methods=method)
    if emit(answer, as_json, as_csv):
        return
    shown = table("version", "in force", "event", "date", "body", title=answer.law.name)
    for version in answer.versions:
        span = f"{version.in_force_from} – {version.in_force_until or ''}"
        events: list[LawEventOut | None] = list(version.events) or [None]
        first = True
        for event in events:
            shown.add_row(version.version.id if first else "", span if first else "",
                          event.kind if event else "", event.date if event else "",
                          event.body.name if event and event.body else "")
            first = False
    out.print(shown)


@law_app.command("diff")
def diff(
    law: LawArgument,
    old: Annotated[str | None, typer.Option("--from", help="version id or a date")] = None,
    new: Annotated[str | None, typer.Option("--to", help="version id or a date")] = None,
    show_unchanged: Annotated[bool, typer.Option(help="list unchanged articles too")] = False,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Articles added, removed and changed between two versions."""
    with open_graph(store) as kg:
        answer = kg.law_diff(law, old, new, methods=method)
    if emit(answer, as_json, as_csv):
        return
    counts = ", ".join(f"{k} {v}" for k, v in answer.counts.items())
    shown = table("change", "old", "new", "text", title=f"{answer.law.name}: {answer.old.id} → "
                  f"{answer.new.id} ({counts})")
    for change in answer.changes:
        if change.change == "unchanged" and not show_unchanged:
            continue
        article = change.new or change.old
        text = change.diff or (str((article.model_extra or {}).get("text", "")) if article
                               else "")
        shown.add_row(change.change, change.old.name if change.old else "",
                      change.new.name if change.new else "", text)
    out.print(shown)


def _links(answer: LawLinksAnswer) -> None:
    shown = table("depth", "kind", "citing law", "version", "article", "cited",
                  "cited version", title=f"{answer.law.name}: {answer.direction}")
    for link in answer.links:
        shown.add_row(str(link.depth), link.kind, link.citing_law.name, link.citing_version.id,
                      link.article.name, link.cited.name,
                      link.cited_version.id if link.cited_version else "(not in the graph)")
    out.print(shown)


@law_app.command("basis")
def basis(law: LawArgument, depth: Annotated[int, typer.Option(min=1)] = 1,
          method: MethodOption = None, store: StoreOption = None,
          as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """The laws a law rests on (根据《…》), with the citing article, transitively."""
    with open_graph(store) as kg:
        answer = kg.law_basis(law, depth, methods=method)
    if emit(answer, as_json, as_csv):
        return
    _links(answer)


@law_app.command("cited-by")
def cited_by(law: LawArgument, depth: Annotated[int, typer.Option(min=1)] = 1,
             method: MethodOption = None, store: StoreOption = None,
             as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """The laws that rest on, cite or repeal a law, with the citing article."""
    with open_graph(store) as kg:
        answer = kg.law_cited_by(law, depth, methods=method)
    if emit(answer, as_json, as_csv):
        return
    _links(answer)


@app.command("articles")
def articles(
    q: Annotated[str | None, typer.Option("--q", help="text to find (full-text)")] = None,
    role: Annotated[str | None, typer.Option(help="actor role (高等学校 …)")] = None,
    instrument: Annotated[str | None, typer.Option(help="instrument (科技成果转化 …)")] = None,
    region: Region = None,
    as_of: AsOf = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    method: MethodOption = None,
    store: StoreOption = None,
    as_json: JsonOption = False, as_csv: CsvOption = False,
) -> None:
    """Articles by text, role, instrument, region and date, with their law version."""
    with open_graph(store) as kg:
        answer = kg.articles(q, role, instrument, region, as_of, limit, methods=method)
    if emit(answer, as_json, as_csv):
        return
    shown = table("law", "version", "article", "text", title=f"{answer.total} articles")
    for hit in answer.results:
        shown.add_row(hit.law.name, hit.version.id, hit.article.name,
                      str((hit.article.model_extra or {}).get("text", "")))
    out.print(shown)
