"""What the detectors propose: candidate entities and relations, each tied to its sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from govkg.extract.sections import Sentence
from govkg.records.names import normalise


@lru_cache(maxsize=65536)
def _key(type_: str, name: str) -> str:
    return f"{type_}:{normalised(name)}"


@lru_cache(maxsize=65536)
def normalised(name: str) -> str:
    """govkg.records.names.normalise, remembered: the same names recur through a text."""
    return normalise(name)


@dataclass(slots=True)
class Candidate:
    """A proposed entity. `key` merges mentions of the same thing within one text."""

    type: str
    name: str
    sentence: Sentence
    confidence: float
    category: str
    """What the evaluation counts it as: policy, institution, role, mechanism, programme,
    figure."""
    fields: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    quote: str | None = None
    """A quote other than the sentence (e.g. a title line and the date line below it)."""
    start: int = -1
    """Offset of the mention in the document (for ordering and nearest-mention lookups)."""
    end: int = -1
    """End offset of the mention as written (-1: start + len(name))."""
    shared: bool = False
    """The words of the mention also name something of another kind (a role)."""

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end if self.end >= 0 else self.start + len(self.name)

    @property
    def key(self) -> str:
        return _key(self.type, self.name)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


def nearest_label(mentions: list[Candidate], before: int) -> list[Candidate]:
    """Of mentions sorted by sentence, those of the last sentence before sentence `before`
    (the label line a sentence belongs to, not the same label text further up)."""
    low, high = 0, len(mentions)
    while low < high:
        middle = (low + high) // 2
        if mentions[middle].sentence.index < before:
            low = middle + 1
        else:
            high = middle
    if low == 0:
        return []
    last = mentions[low - 1].sentence.index
    found = []
    for mention in reversed(mentions[:low]):
        if mention.sentence.index != last:
            break
        found.append(mention)
    return found[::-1]


@dataclass
class RelationCandidate:
    """A proposed relation between two candidates (by key) or a candidate and a graph id."""

    type: str
    source: str
    target: str
    sentence: Sentence
    confidence: float
    fields: dict[str, Any] = field(default_factory=dict)
    quote: str | None = None


@dataclass
class Extraction:
    """Everything proposed for one text."""

    candidates: list[Candidate] = field(default_factory=list)
    relations: list[RelationCandidate] = field(default_factory=list)
    roles: list[Candidate] = field(default_factory=list)
    """Role references (市科学技术行政部门, 高等学校): kept apart, listed for the reviewer with
    their vocabulary concept, not loaded as institutions."""
