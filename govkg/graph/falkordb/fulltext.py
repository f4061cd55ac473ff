"""Chinese text → a query for FalkorDB's full-text index (RediSearch, language chinese).

FalkorDB segments indexed text into words (friso) but passes a query string through as it
is, so 科技成果转化 finds nothing although 科技, 成果 and 转化 are all indexed. govkg
segments the query itself (jieba) and lets each word match either whole or as the finer
words it is made of: ((科技成果)|(科技 成果)) 转化. Only letters, digits and CJK characters
reach the index, so no user text becomes query syntax.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from govkg.errors import needs_extra


def _segmenter() -> Any:
    """rjieba, imported when first needed (the `embedded` and `extract` extras have it)."""
    with needs_extra("extract", "Full-text search on FalkorDB (Chinese word segmentation)"):
        import rjieba
    return rjieba

MAX_ALTERNATIVES = 6
"""Ways of splitting one word tried at most (the longest pieces first)."""
_WORD = re.compile(r"^\w+$")


def _tilings(word: str, pieces: set[str]) -> list[str]:
    """Ways to write `word` as a sequence of known pieces (single characters allowed)."""
    found: list[str] = []

    def walk(rest: str, taken: list[str]) -> None:
        if len(found) >= MAX_ALTERNATIVES:
            return
        if not rest:
            found.append(" ".join(taken))
            return
        starts = sorted({p for p in pieces if rest.startswith(p)} | {rest[0]}, key=len,
                        reverse=True)
        for piece in starts:
            walk(rest[len(piece):], [*taken, piece])

    walk(word, [])
    return found


@cache
def _alternatives(word: str) -> tuple[str, ...]:
    pieces = {p for p in _segmenter().cut_for_search(word) if p != word}
    return tuple(dict.fromkeys([word, *_tilings(word, pieces)]))


def redisearch_query(text: str) -> str | None:
    """The index query for `text`: every word must match, whole or in its pieces; None when
    `text` has no searchable word."""
    parts = []
    for word in _segmenter().cut(text):
        if not _WORD.match(word):
            continue
        ways = _alternatives(word)
        parts.append(word if len(ways) == 1 else "(" + "|".join(f"({w})" for w in ways) + ")")
    return " ".join(parts) or None


__all__ = ["redisearch_query"]
