"""Finding many fixed words at once: the vocabularies' labels, the endings of names, known
bodies. One Aho-Corasick pass over the whole text (ahocorasick-rs), the longest word at the
leftmost place, as a regular expression of alternatives would find them, but in one pass
whatever the number of words; the matches are then handed out to their sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from govkg.errors import needs_extra
from govkg.extract.sections import Document

Match = tuple[str, int, int]
"""(word, start, end) in the text searched."""


class Literals:
    """A set of words, found in a text leftmost-longest and without overlaps."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted({w for w in words if w})

    @cached_property
    def _automaton(self) -> Any:
        """Built on first use: module-level word sets cost nothing to a process that never
        extracts, and ahocorasick-rs is the `extract` extra."""
        with needs_extra("extract", "Extraction (govkg extract)"):
            from ahocorasick_rs import AhoCorasick, MatchKind
        return AhoCorasick(self.words, matchkind=MatchKind.LeftmostLongest)

    def find(self, text: str) -> list[Match]:
        words = self.words
        return [(words[i], start, end)
                for i, start, end in self._automaton.find_matches_as_indexes(text)]

    def by_sentence(self, doc: Document, text: str, skip_before: int = 0
                    ) -> dict[int, list[Match]]:
        """The matches in `text` (the document or a masked copy of it, same offsets) grouped by
        the sentence that holds them whole; none before `skip_before`."""
        sentences = doc.sentences
        words = self.words
        found: dict[int, list[Match]] = {}
        index, count = 0, len(sentences)
        for number, start, end in self._automaton.find_matches_as_indexes(text):
            if start < skip_before:
                continue
            while index + 1 < count and sentences[index + 1].start <= start:
                index += 1  # matches come in order: walk the sentences along with them
            if start < sentences[index].start or end > sentences[index].end:
                continue
            found.setdefault(index, []).append((words[number], start, end))
        return found


__all__ = ["Literals", "Match"]
