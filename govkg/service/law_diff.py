"""What changed between two versions of a law, article by article.

Articles are matched by their text, not their number: a revision that inserts an article
renumbers every one after it, and those are not changes. The two sequences of texts are
aligned (difflib); inside a stretch that differs, each old article is paired with the new one
most like it (similarity at least PAIR_SIMILARITY) as `changed`; what is left is `removed` or
`added`. A changed article carries the text with [-removed-] and {+added+} parts.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

PAIR_SIMILARITY = 0.5
"""Texts at least this alike (difflib ratio) count as one article changed."""


@dataclass(frozen=True)
class Change:
    """One result: indexes into the old and new article lists (None when absent)."""

    change: str
    old: int | None
    new: int | None
    similarity: float | None = None
    diff: str | None = None


def _squeeze(text: str) -> str:
    return "".join(text.split())


def inline_diff(old: str, new: str) -> str:
    """`new` with the parts of `old` it dropped as [-…-] and the parts it added as {+…+}."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(new[b0:b1])
            continue
        if op in ("delete", "replace"):
            out.append(f"[-{old[a0:a1]}-]")
        if op in ("insert", "replace"):
            out.append(f"{{+{new[b0:b1]}+}}")
    return "".join(out)


def _pair(old: Sequence[str], new: Sequence[str], old_at: list[int], new_at: list[int]
          ) -> list[Change]:
    """Inside a differing stretch: best-alike pairs as changed, the rest removed / added."""
    candidates = []
    for i in old_at:
        for j in new_at:
            ratio = difflib.SequenceMatcher(None, old[i], new[j], autojunk=False).ratio()
            if ratio >= PAIR_SIMILARITY:
                candidates.append((ratio, i, j))
    used_old: set[int] = set()
    used_new: set[int] = set()
    changes = []
    for ratio, i, j in sorted(candidates, reverse=True):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        changes.append(Change("changed", i, j, round(ratio, 3), inline_diff(old[i], new[j])))
    changes += [Change("removed", i, None) for i in old_at if i not in used_old]
    changes += [Change("added", None, j) for j in new_at if j not in used_new]
    return changes


def diff_articles(old: Sequence[str], new: Sequence[str]) -> list[Change]:
    """The changes from the article texts `old` to `new`, in the order of the new version
    (articles removed from a stretch first in it)."""
    matcher = difflib.SequenceMatcher(None, [_squeeze(t) for t in old],
                                      [_squeeze(t) for t in new], autojunk=False)
    changes: list[Change] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            changes += [Change("unchanged", a0 + k, b0 + k, 1.0) for k in range(a1 - a0)]
        else:
            stretch = _pair(old, new, list(range(a0, a1)), list(range(b0, b1)))
            changes += sorted(stretch, key=lambda c: (-1 if c.new is None else c.new,
                                                      c.old or 0))
    return changes


__all__ = ["PAIR_SIMILARITY", "Change", "diff_articles", "inline_diff"]
