"""The extraction pipeline over files: each text → one reviewable YAML file of candidates,
and for a directory of texts a summary table beside them (summary.md).

Linking needs what a graph already holds; it comes in as a GraphIndex and GraphFacts (the
service layer builds them from the store), so this module never opens a store. Progress
goes to an optional callback, so the CLI can draw a bar and a notebook need not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import InputError, needs_extra
from govkg.extract.pipeline import extract_text
from govkg.extract.reading import read_text, text_files
from govkg.extract.resolution import GraphFacts, GraphIndex, Known, decide
from govkg.extract.summary import SUMMARY_FILE, TextSummary, render_summary
from govkg.extract.yaml_out import candidate_id, render
from govkg.ontology.terms import FIGURE

Progress = Callable[[str, float, float], None]
"""progress(description, done, total): bytes of input read so far out of all of it."""


@dataclass
class ExtractRun:
    """What a run wrote, notes for the reader (encodings detected), and the summary of each
    text (written as summary.md beside the files when the output is a directory)."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summaries: list[TextSummary] = field(default_factory=list)
    summary_file: Path | None = None


def targets(files: list[Path], output: Path) -> list[tuple[Path, Path]]:
    """Where each text's candidates go: `output` for one file, output/<stem>.candidates.yaml
    for several."""
    if len(files) == 1 and output.suffix in (".yaml", ".yml"):
        return [(files[0], output)]
    if output.suffix in (".yaml", ".yml"):
        raise InputError(f"{output}: several texts need an output directory, not a file")
    seen: dict[str, int] = {}
    chosen = []
    for path in files:
        count = seen.get(path.stem, 0)
        seen[path.stem] = count + 1
        stem = path.stem if count == 0 else f"{path.stem}-{count + 1}"
        chosen.append((path, output / f"{stem}.candidates.yaml"))
    return chosen


def run_extract(paths: list[Path], output: Path, year: int | None, index: GraphIndex,
                facts: GraphFacts, progress: Progress | None = None) -> ExtractRun:
    """Extract every text to a reviewable YAML file, linked to `index` and `facts`."""
    with needs_extra("extract", "Extraction (govkg extract)"):  # all of it, before any work
        import rapidfuzz  # noqa: F401  (name resolution)
        import rjieba  # noqa: F401  (word segmentation)
    files = text_files(paths)
    total = float(sum(p.stat().st_size for p in files))
    done = 0.0
    run = ExtractRun()
    proposed: set[str] = set()
    for path, target in targets(files, output):
        source = read_text(path)
        ratio = path.stat().st_size / max(1, len(source.text))

        def advance(chars: int, name: str = path.name, ratio: float = ratio) -> None:
            nonlocal done
            done += chars * ratio
            if progress is not None:
                progress(f"extracting {name}", done, total)

        result = extract_text(source.text, year=year, hint=path.stem, progress=advance,
                              path=path)
        relations = [(r.source, r.type, r.target) for r in result.extraction.relations]
        decisions = decide(result.extraction.candidates, relations, index, facts,
                           result.document.title or path.stem)
        target.parent.mkdir(parents=True, exist_ok=True)
        rendered = render(result, path, target, decisions, source.encoding, proposed)
        target.write_text(rendered.text, encoding="utf-8")
        run.summaries.append(TextSummary.of(path, target, rendered.entities,
                                            rendered.relations, rendered.linked,
                                            len(result.extraction.roles)))
        for candidate in result.extraction.candidates:
            link = decisions.links.get(candidate.key)
            if candidate.type != FIGURE and (link is None or link.id is None):
                index.add(Known(candidate_id(candidate), candidate.type, candidate.name,
                                tuple(candidate.names())))
        if source.encoding != "utf-8":
            run.notes.append(f"{path} is {source.encoding}; decoded as such")
        run.written.append(target)
    if output.suffix not in (".yaml", ".yml"):
        output.mkdir(parents=True, exist_ok=True)
        run.summary_file = output / SUMMARY_FILE
        run.summary_file.write_text(render_summary(run.summaries, output), encoding="utf-8")
    return run


__all__ = ["ExtractRun", "Progress", "run_extract", "targets"]
