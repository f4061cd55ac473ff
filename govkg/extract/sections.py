"""Segmentation: lines, structure (章/节/条/款, 5.1, 一、, （一）, 1.) and sentences with offsets.

Every later step works on `Sentence`s, whose `text` is a verbatim slice of the document, so a
quote can be checked against the source, and whose `section` is the structural address
(第四条第二款, 5.3, 二（三）) that becomes the provenance section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govkg.extract.numbers import CHINESE_NUMERAL_CHARS

_CN = f"[{CHINESE_NUMERAL_CHARS}0-9０-９]+"
CHAPTER = re.compile(rf"^第({_CN})章[\s　]*(.*)$")
PART = re.compile(rf"^第({_CN})节[\s　]*(.*)$")
ARTICLE = re.compile(rf"^第({_CN})条[\s　]*")
DECIMAL = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)[\s　]+(\S.*)$")
CHAPTER_NUMBER = re.compile(r"^0*(\d{1,2})[\s　]+(\S.{0,40})$")
TOP_ITEM = re.compile(r"^([一二三四五六七八九十]{1,3})、(.*)$")
SUB_ITEM = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[)）](.*)$")
NUM_ITEM = re.compile(r"^(\d{1,2})[\.．、](?!\d)[\s　]*(.*)$")
_BULLET = re.compile(r"^(?:[-*•◆●■▪>#]+\s*)+")
_COMMENT = re.compile(r"^<!--.*-->$")
_DATED = re.compile(r"^[0-9０-９]{4}\s*年")
_SENTENCE_END = re.compile(r"[。！？；!?;]")
_CLOSERS = "”’」』）)》"
SENTENCE_MARKS = "。！？；!?;"
_PARENTHESISED = re.compile(r"^[（(].*[)）]$")
_WHOLE_TITLE = re.compile(r"^《[^《》]+》$")
_LIST = re.compile(r"^[-*>]")


@dataclass(frozen=True)
class Line:
    """A non-empty line with its offsets, section and role."""

    text: str
    start: int
    end: int
    section: str
    kind: str
    """heading (structure), label (short line naming what follows), body."""


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a heading line) with the context later steps need."""

    index: int
    text: str
    start: int
    end: int
    section: str
    line: int
    label: str | None
    """The nearest short label line above in the same section (“基础研究特区”, 《…》)."""


@dataclass
class Document:
    """A segmented text."""

    text: str
    title: str | None
    title_line: int | None
    lines: list[Line] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    def line_sentences(self, line: int) -> list[Sentence]:
        return [s for s in self.sentences if s.line == line]

    @property
    def title_start(self) -> int | None:
        """Offset of the title in the text (after any Markdown `# `)."""
        if self.title is None or self.title_line is None:
            return None
        line = self.lines[self.title_line]
        found = line.text.find(self.title)
        return line.start + found if found >= 0 else None


@dataclass
class _State:
    chapter: str = ""
    article: str = ""
    paragraph: int = 0
    decimal: str = ""
    top: str = ""
    sub: str = ""
    item: str = ""

    def address(self) -> str:
        if self.article:
            para = f"第{_cn(self.paragraph)}款" if self.paragraph > 1 else ""
            return f"{self.chapter}{self.article}{para}" if self.chapter else \
                f"{self.article}{para}"
        if self.decimal:
            return self.decimal
        parts = [p for p in (self.top, self.sub, self.item) if p]
        if parts:
            return "".join(parts)
        return self.chapter


def _cn(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return f"{'' if tens == 1 else digits[tens]}十{digits[ones] if ones else ''}"


def _is_label(text: str) -> bool:
    """A short line without sentence punctuation that names what the next lines are about."""
    return (len(text) <= 40 and not _SENTENCE_END.search(text) and "，" not in text[:-1]
            and not re.search(r"[：:].", text) and not _DATED.match(text))


_PIECE = re.compile(rf"[^{SENTENCE_MARKS}]*[{SENTENCE_MARKS}]+[{_CLOSERS}]*|[^{SENTENCE_MARKS}]+$")


def _split_sentences(text: str, offset: int) -> list[tuple[str, int, int]]:
    """Split a line at 。！？； keeping closing quotes with their sentence."""
    out = []
    for piece in _PIECE.finditer(text):
        begin, end = piece.span()
        chunk = text[begin:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append((stripped, offset + begin + lead, offset + begin + lead + len(stripped)))
    return out


def segment(text: str) -> Document:
    """Lines, sections and sentences of a policy text."""
    state = _State()
    lines: list[Line] = []
    position = 0
    for raw in text.splitlines(keepends=True):
        line_start = position
        position += len(raw)
        stripped = raw.strip()
        if not stripped or _COMMENT.match(stripped):
            continue
        start = line_start + raw.index(stripped[0])
        end = start + len(stripped)
        body = _BULLET.sub("", stripped)
        kind = "body"
        if match := CHAPTER.match(body):
            state = _State(chapter=f"第{match.group(1)}章")
            kind = "heading"
        elif match := PART.match(body):
            state.article, state.paragraph = "", 0
            kind = "heading"
        elif match := ARTICLE.match(body):
            state.article, state.paragraph = f"第{match.group(1)}条", 1
        elif match := DECIMAL.match(body):
            state = _State(chapter=state.chapter, decimal=match.group(1))
            kind = "heading" if _is_label(match.group(2)) else "body"
        elif (match := CHAPTER_NUMBER.match(body)) and not _SENTENCE_END.search(body):
            state = _State(chapter=match.group(1))
            kind = "heading"
        elif match := TOP_ITEM.match(body):
            state = _State(chapter=state.chapter, top=match.group(1))
            kind = "heading" if _is_label(match.group(2)) else "body"
        elif match := SUB_ITEM.match(body):
            state.sub, state.item = f"（{match.group(1)}）", ""
        elif (match := NUM_ITEM.match(body)) and not state.article:
            state.item = f"{match.group(1)}."
        elif state.article:
            state.paragraph += 1
        elif _WHOLE_TITLE.match(body) or (
            _is_label(body) and not _PARENTHESISED.match(body) and not _LIST.match(stripped)
        ):
            kind = "label"
        lines.append(Line(stripped, start, end, state.address(), kind))

    title, title_line = _title(lines)
    sentences: list[Sentence] = []
    label: str | None = None
    label_section: str | None = None
    for number, line in enumerate(lines):
        if line.kind == "heading":
            label, label_section = None, line.section
        elif line.kind == "label" and not _is_dateline(line.text):
            label, label_section = line.text, line.section
        current = label if label_section == line.section else None
        for piece, start, end in _split_sentences(line.text, line.start):
            sentences.append(Sentence(len(sentences), piece, start, end, line.section, number,
                                      current))
    return Document(text=text, title=title, title_line=title_line, lines=lines,
                    sentences=sentences)


_DATELINE = re.compile(r"^[0-9０-９〇零一二三四五六七八九十年月日号\s]+"
                       r"(发布|施行|实施|印发|公布|通过|起施行)?$")


def _is_dateline(text: str) -> bool:
    return bool(_DATELINE.match(text))


def _title(lines: list[Line]) -> tuple[str | None, int | None]:
    """The document's own heading: its first line, when that line reads as a title."""
    for number, line in enumerate(lines[:3]):
        text = _BULLET.sub("", line.text)
        if ARTICLE.match(text) or _PARENTHESISED.match(text) or _is_dateline(text):
            continue
        if match := CHAPTER_NUMBER.match(text):
            return match.group(2).strip(), number
        if len(text) <= 100 and not _SENTENCE_END.search(text) and not text.endswith("："):
            return text, number
        return None, None
    return None, None


def is_dateline(text: str) -> bool:
    """A line that is only a date and a verb such as 发布/施行 (9月1日施行)."""
    return _is_dateline(text)
