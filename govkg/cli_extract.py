"""CLI commands of text extraction, graph resolution and ROR loading (registered in cli.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from govkg.errors import GovkgError, InputError
from govkg.extract.evaluate import CATEGORIES, evaluate_file, measure_speed, summarise
from govkg.extract.pipeline import extract_text
from govkg.extract.reading import read_text, text_files
from govkg.extract.resolution import (
    GraphFacts,
    GraphIndex,
    Known,
    decide,
    likely_duplicates,
)
from govkg.extract.yaml_out import candidate_id, render
from govkg.loaders.ror import RorReport, attach_ror, read_ror
from govkg.ontology.terms import FIGURE, INSTITUTION
from govkg.service import GovernanceService
from govkg.validation import validate_batch

out = Console()
err = Console(stderr=True)
DEFAULT_FIXTURES = Path("tests/fixtures/extraction")
DEFAULT_BENCH = Path("bench/extraction.json")


def _targets(files: list[Path], output: Path) -> list[tuple[Path, Path]]:
    """Where each text's candidates go: `output` for one file, output/<stem>.candidates.yaml
    for several."""
    if len(files) == 1 and output.suffix in (".yaml", ".yml"):
        return [(files[0], output)]
    if output.suffix in (".yaml", ".yml"):
        raise InputError(f"{output}: several texts need an output directory, not a file")
    seen: dict[str, int] = {}
    targets = []
    for path in files:
        count = seen.get(path.stem, 0)
        seen[path.stem] = count + 1
        stem = path.stem if count == 0 else f"{path.stem}-{count + 1}"
        targets.append((path, output / f"{stem}.candidates.yaml"))
    return targets


def run_extract(paths: list[Path], output: Path, year: int | None,
                kg: GovernanceService | None) -> list[Path]:
    """Extract every text to a reviewable YAML file; link to `kg` when given."""
    from govkg.extract.graph import KnowledgeGraphFacts, graph_index

    files = text_files(paths)
    targets = _targets(files, output)
    index = graph_index(kg) if kg is not None else GraphIndex([])
    facts: GraphFacts = KnowledgeGraphFacts(kg) if kg is not None else GraphFacts()
    total = sum(p.stat().st_size for p in files)
    written = []
    proposed: set[str] = set()
    columns = (TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("extracting", total=total)
        for path, target in targets:
            progress.update(task, description=f"extracting {path.name}")
            source = read_text(path)
            ratio = path.stat().st_size / max(1, len(source.text))

            def advance(chars: int, ratio: float = ratio) -> None:
                progress.advance(task, chars * ratio)

            result = extract_text(source.text, year=year, hint=path.stem, progress=advance)
            relations = [(r.source, r.type, r.target) for r in result.extraction.relations]
            decisions = decide(result.extraction.candidates, relations, index, facts,
                               result.document.title or path.stem)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render(result, path, target, decisions, source.encoding, proposed),
                              encoding="utf-8")
            for candidate in result.extraction.candidates:
                link = decisions.links.get(candidate.key)
                if candidate.type != FIGURE and (link is None or link.id is None):
                    index.add(Known(candidate_id(candidate), candidate.type, candidate.name,
                                    tuple(candidate.names())))
            if source.encoding != "utf-8":
                err.print(f"[yellow]note[/]: {path} is {source.encoding}; decoded as such")
            written.append(target)
    return written


def _fail(exc: GovkgError) -> typer.Exit:
    err.print(f"[bold red]error[/]: {exc.message}", highlight=False)
    if isinstance(exc.details, list):
        for line in exc.details:
            err.print(f"  - {line}", highlight=False)
    return typer.Exit(code=1)


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
    store: Annotated[str | None, typer.Option("--store", help="graph store (default: "
                                              "GOVKG_STORE or embedded)")] = None,
) -> None:
    """Propose records (policies, institutions, mechanisms, pilots, figures, coverage) from
    Chinese policy texts, each with its sentence, for review before `govkg load`."""
    try:
        if link:
            with GovernanceService.open(store) as kg:
                written = run_extract(paths, output, year, kg)
        else:
            written = run_extract(paths, output, year, None)
    except GovkgError as exc:
        raise _fail(exc) from None
    for target in written:
        out.print(f"wrote {target}")


def resolve(
    threshold: Annotated[float, typer.Option(help="similarity (0–100) from which two names "
                                             "count as nearly alike")] = 90.0,
    store: Annotated[str | None, typer.Option("--store")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List likely duplicates in the graph: shared names, abbreviations, near spellings."""
    from govkg.extract.graph import graph_index

    try:
        with GovernanceService.open(store) as kg:
            duplicates = likely_duplicates(graph_index(kg), threshold)
    except GovkgError as exc:
        raise _fail(exc) from None
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


def extract_eval(
    fixtures: Annotated[Path, typer.Option(help="folder of *.gold.yaml")] = DEFAULT_FIXTURES,
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON file for the figures")]
    = DEFAULT_BENCH,
    speed: Annotated[bool, typer.Option("--speed/--no-speed", help="also measure MB/s on "
                                        "≥1 MB of text")] = True,
) -> None:
    """Precision and recall of the extractor per category against the gold lists."""
    golds = sorted(fixtures.glob("*.gold.yaml"))
    if not golds:
        raise _fail(InputError(f"{fixtures}: no *.gold.yaml files"))
    try:
        results = [evaluate_file(g) for g in golds]
        summary = summarise(results)
        if speed:
            texts = [read_text((g.parent / str(_text_of(g))).resolve()).text for g in golds]
            summary["speed"] = measure_speed(texts)
    except GovkgError as exc:
        raise _fail(exc) from None
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for split, scores in summary["splits"].items():
        table = Table("category", "precision", "recall", "correct/predicted", "found/gold",
                      title=f"{split}: {', '.join(scores['texts'])}")
        for category in (*CATEGORIES, "dates"):
            s = scores[category]
            table.add_row(category, f"{s['precision']:.2f}", f"{s['recall']:.2f}",
                          f"{s['correct']}/{s['predicted']}", f"{s['found']}/{s['gold']}")
        out.print(table)
    if speed:
        speed_figures = summary["speed"]
        out.print(f"speed: {speed_figures['mb_per_s']} MB/s wall clock, "
                  f"{speed_figures['mb_per_cpu_s']} MB per CPU second, on "
                  f"{speed_figures['bytes']} bytes")
    out.print(f"wrote {output}")


def _text_of(gold: Path) -> str:
    from govkg.extract.evaluate import load_gold

    return str(load_gold(gold)["text"])


def load_ror(kg: GovernanceService, paths: list[Path]) -> RorReport:
    """Attach ROR ids (and PART_OF from ROR parents) to the graph's institutions."""
    from govkg.extract.graph import part_of_pairs, records_of_type

    organizations = [org for path in paths for org in read_ror(path)]
    institutions = records_of_type(kg, INSTITUTION)
    existing = part_of_pairs(kg, [i.id for i in institutions])
    batch, report = attach_ror(organizations, institutions, existing,
                               ", ".join(str(p) for p in paths))
    if batch.entities or batch.relations:
        kg.store.write(validate_batch(kg.ontology, batch, kg.store.labels_of))
    return report


def print_ror_report(report: RorReport) -> None:
    out.print(f"ROR: {report.records} records, {len(report.matched)} matched institutions, "
              f"{report.unmatched} not in the graph, {len(report.part_of)} PART_OF added")
    for line in [*report.conflicts, *report.ambiguous]:
        err.print(f"  - {line}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the commands to the main `govkg` app."""
    app.command()(extract)
    app.command()(resolve)
    app.command(name="extract-eval")(extract_eval)
