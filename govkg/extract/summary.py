"""The review summary of a run over many texts: one row per text with what it proposes by type
and the proposals to look at first (low confidence), written as summary.md beside the
candidate files, so a reviewer of a hundred texts knows where to start.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from govkg.extract.candidates import Candidate
from govkg.ontology.terms import FIGURE, INSTITUTION, MECHANISM, PILOT, POLICY, PROGRAMME

LOW_CONFIDENCE = 0.6
"""Proposals below this are listed by name in the summary: the rules could not decide."""
SUMMARY_FILE = "summary.md"
TYPES = (POLICY, INSTITUTION, PROGRAMME, PILOT, MECHANISM, FIGURE)


@dataclass
class TextSummary:
    """What one text's candidate file proposes."""

    text: Path
    output: Path
    proposed: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    linked: int = 0
    roles: int = 0
    low: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, text: Path, output: Path, written: tuple[Candidate, ...], relations: int,
           linked: int, roles: int) -> TextSummary:
        summary = cls(text, output, Counter(c.type for c in written), relations, linked, roles)
        summary.low = [f"{c.name} ({c.type}, {c.confidence:.2f})" for c in written
                       if c.confidence < LOW_CONFIDENCE]
        return summary


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_summary(rows: list[TextSummary], folder: Path) -> str:
    """summary.md: a Markdown table, one row per text, links relative to `folder`."""
    lines = [
        "# Extraction summary",
        "",
        f"{len(rows)} texts. Counts are the new records each candidate file proposes (what the "
        "graph or an earlier text already has is linked, not counted); roles are listed in the "
        f"files as comments. Low confidence (< {LOW_CONFIDENCE}): review these first.",
        "",
        "| text | candidates | " + " | ".join(TYPES) + " | relations | linked | roles | "
        "low confidence |",
        "|---|---|" + "---|" * len(TYPES) + "---|---|---|---|",
    ]
    for row in rows:
        link = Path(os.path.relpath(row.output.resolve(), folder.resolve())).as_posix()
        counts = " | ".join(str(row.proposed.get(t, 0)) for t in TYPES)
        low = "; ".join(row.low) if row.low else "–"
        lines.append(f"| {_cell(row.text.name)} | [{_cell(row.output.name)}]({link}) | "
                     f"{counts} | {row.relations} | {row.linked} | {row.roles} | "
                     f"{_cell(low)} |")
    totals = Counter[str]()
    for row in rows:
        totals.update(row.proposed)
    lines += ["", "Total proposed: " + ", ".join(f"{t} {totals.get(t, 0)}" for t in TYPES)
              + f"; relations {sum(r.relations for r in rows)}; "
              f"low confidence {sum(len(r.low) for r in rows)}.", ""]
    return "\n".join(lines)


__all__ = ["LOW_CONFIDENCE", "SUMMARY_FILE", "TYPES", "TextSummary", "render_summary"]
