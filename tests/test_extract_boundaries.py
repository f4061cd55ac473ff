"""No proposed name starts or ends inside a word: every mention the extractor proposes, on every
text of the bundled corpus, is checked against that text's own word segmentation (rjieba,
line by line: jieba segments each run of characters between punctuation on its own, so a line
segments as it does inside its sentence)."""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path

import pytest
import rjieba

from govkg.extract.candidates import Candidate
from govkg.extract.pipeline import extract_text
from govkg.loaders.laws import law_files
from govkg.ontology.terms import FIGURE

ROOT = Path(__file__).resolve().parents[1]
CORPUS = law_files(ROOT / "data" / "corpus" / "laws") + sorted(
    (ROOT / "data" / "corpus").glob("*.txt"))


def word_boundaries(text: str) -> set[int]:
    """Offsets in `text` where a word starts or ends, by rjieba's segmentation of each line."""
    boundaries: set[int] = set()
    position = 0
    for line in text.split("\n"):
        words = rjieba.cut(line, False)
        boundaries.update(accumulate(map(len, words), initial=position))
        position += len(line) + 1
    return boundaries


def as_written(text: str, mention: Candidate) -> str:
    start, end = mention.span
    return text[start:end]


def test_the_corpus_is_there() -> None:
    assert len(CORPUS) >= 46


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_no_proposed_name_starts_or_ends_inside_a_word(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    extracted = extract_text(text, path=path)
    boundaries = word_boundaries(text)
    named = [m for m in extracted.mentions if m.type != FIGURE]
    assert len(named) > 5, "the extractor proposed almost nothing: the check would be empty"
    cut = [f"{as_written(text, m)!r} ({m.category}, {m.sentence.section}): "
           f"{text[max(0, m.span[0] - 6):m.span[1] + 6]!r}"
           for m in named if m.span[0] not in boundaries or m.span[1] not in boundaries]
    assert cut == [], "\n".join(cut)


def test_the_check_catches_a_name_cut_inside_a_word() -> None:
    text = "支持中国（上海）自由贸易试验区建设。"
    boundaries = word_boundaries(text)
    assert text.index("自由贸易") + 2 not in boundaries  # 贸易试验区 starts inside 自由贸易
    assert text.index("中国") in boundaries
    assert text.index("试验区") + 3 in boundaries
