"""Commands of text extraction: extract, resolve, extract-eval."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from govkg.cli.common import GovkgGroup, StoreOption, err, open_graph, out, say
from govkg.errors import InputError
from govkg.extract.evaluate import (
    CATEGORIES,
    evaluate_file,
    load_gold,
    measure_speed,
    summarise,
)
from govkg.extract.reading import read_text
from govkg.extract.resolution import GraphFacts, GraphIndex
from govkg.extract.run import ExtractRun, run_extract
from govkg.extract.summary import TYPES

app = typer.Typer(cls=GovkgGroup)


def _progress_bar() -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())
    return Progress(*columns, console=err, transient=True)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="policy texts (.txt, UTF-8 or GBK) or "
                                                     "directories of them")],
    output: Annotated[Path, typer.Option("--output", "-o", help="candidates.yaml for one "
                                         "text, a directory for several")],
    year: Annotated[int | None, typer.Option(help="year of dates written without one "
                                             "(default: from the title, file name or text)")]
    = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="link candidates to what "
                                       "the graph already has (default) or not")] = True,
    store: StoreOption = None,
) -> None:
    """Propose records (policies, institutions, programmes, mechanisms, figures, coverage;
    roles as comments) from Chinese policy texts, each with its sentence, for review before
    `govkg load`. For a directory: one file per text and summary.md beside them."""
    with _progress_bar() as bar:
        task = bar.add_task("extracting", total=None)

        def progress(description: str, done: float, total: float) -> None:
            bar.update(task, description=description, completed=done, total=total)

        run: ExtractRun
        if link:
            with open_graph(store, asks=False) as kg:
                run = kg.extract(paths, output, year, progress=progress)
        else:
            run = run_extract(paths, output, year, GraphIndex([]), GraphFacts(), progress)
    for note in run.notes:
        err.print(f"[yellow]note[/]: {note}", highlight=False)
    if len(run.summaries) > 1 or run.summary_file is not None:
        out.print(_summary_table(run))
    for target in run.written:
        say(f"wrote {target}")
    if run.summary_file is not None:
        say(f"wrote {run.summary_file} (one row per text: proposals by type, low confidence)")


def _summary_table(run: ExtractRun) -> Table:
    table = Table("text", *TYPES, "relations", "linked", "roles", "low confidence",
                  title=f"{len(run.summaries)} texts: new records proposed")
    for row in run.summaries:
        table.add_row(row.text.name, *(str(row.proposed.get(t, 0)) for t in TYPES),
                      str(row.relations), str(row.linked), str(row.roles), str(len(row.low)))
    return table


@app.command()
def resolve(
    threshold: Annotated[float, typer.Option(help="similarity (0–100) from which two names "
                                             "count as nearly alike")] = 90.0,
    store: StoreOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List likely duplicates in the graph: shared names, abbreviations, near spellings."""
    with open_graph(store) as kg:
        duplicates = kg.duplicates(threshold)
    if as_json:
        out.print_json(json.dumps([{"first": d.first.id, "second": d.second.id,
                                    "reason": d.reason, "score": d.score}
                                   for d in duplicates], ensure_ascii=False))
        return
    table = Table("first", "second", "why", "score", title=f"{len(duplicates)} likely duplicates")
    for d in duplicates:
        table.add_row(f"{d.first.name} ({d.first.id})", f"{d.second.name} ({d.second.id})",
                      d.reason, f"{d.score:.0f}")
    out.print(table)


@app.command("extract-eval")
def extract_eval(
    fixtures: Annotated[Path, typer.Option(help="folder of *.gold.yaml (in a source "
                                           "checkout: tests/fixtures/gold)")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON file for the figures")]
    = Path("extraction.json"),
    speed: Annotated[bool, typer.Option("--speed/--no-speed", help="also measure MB/s on "
                                        "≥1 MB of text")] = True,
    split: Annotated[str | None, typer.Option(help="only the gold lists of this split "
                                              "(dev while tuning rules)")] = None,
) -> None:
    """Precision and recall of the extractor per category against the gold lists."""
    golds = sorted(fixtures.glob("*.gold.yaml"))
    if split is not None:
        golds = [g for g in golds if str(load_gold(g).get("split", "dev")) == split]
    if not golds:
        raise InputError(f"{fixtures}: no *.gold.yaml files"
                         + (f" of split {split!r}" if split else ""))
    results = [evaluate_file(g) for g in golds]
    summary = summarise(results)
    if speed:
        texts = [read_text((g.parent / str(load_gold(g)["text"])).resolve()).text
                 for g in golds]
        summary["speed"] = measure_speed(texts)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for split, scores in summary["splits"].items():
        table = Table("category", "precision", "recall", "correct/predicted", "found/gold",
                      title=f"{split}: {', '.join(scores['texts'])}")
        for category in CATEGORIES:
            if category not in scores:
                continue
            s = scores[category]
            table.add_row(category, f"{s['precision']:.2f}", f"{s['recall']:.2f}",
                          f"{s['correct']}/{s['predicted']}", f"{s['found']}/{s['gold']}")
        out.print(table)
    if speed:
        speed_figures = summary["speed"]
        say(f"speed: {speed_figures['mb_per_s']} MB/s wall clock, "
                  f"{speed_figures['mb_per_cpu_s']} MB per CPU second, on "
                  f"{speed_figures['bytes']} bytes")
    say(f"wrote {output}")

