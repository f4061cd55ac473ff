"""A law text in the corpus format, read into its parts: title, header events, articles.

The format (data/corpus/laws/SOURCE.md): line 1 `# title`; header paragraphs, one per
adoption, amendment, revision, approval, promulgation or entry into force, each with its date
and body; `<!-- INFO END -->`; `## 第一章 …` chapters (`###` sections); one article per
paragraph starting `第X条 `, its further paragraphs (款) following it.

Everything is kept as written and located: every article's text is a slice of the file, and
every header event keeps its text and line. What the text says is not interpreted here
beyond its structure: which body a session belongs to is worked out from its words, and a
header date that does not exist is an error naming the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from govkg.errors import InputError

INFO_END = "<!-- INFO END -->"
_DATE = re.compile(r"([0-9０-９]{4})\s*年\s*([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日")
_ARTICLE = re.compile(
    r"^第([一二三四五六七八九十百零〇两]+)条(?:之([一二三四五六七八九十]+))?[ 　]")
_CHAPTER = re.compile(r"^##(?!#)\s*(.+?)\s*$")
_SECTION = re.compile(r"^###\s*(.+?)\s*$")
_TITLE = re.compile(r"《([^《》]*(?:《[^《》]*》[^《》]*)*)》")
_BASIS_RUN = re.compile(r"根据((?:《[^《》]+》[、，,和及与]?)+)")
_REPEAL = re.compile(r"《([^《》]+)》(?:同时)?(?:予以)?废止")
_EFFECTIVE = re.compile(
    r"本(?:法|条例|规定|办法|细则|决定)自(?:(?P<date>[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*"
    r"[0-9０-９]{1,2}\s*日)|(?P<on>公布|发布)之日)起施行")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
EVENT_KINDS = ("adopted", "amended", "revised", "approved", "promulgated", "effective")


def chinese_number(text: str) -> int:
    """第一百零二条 → 102: the Chinese numerals of article and chapter numbers."""
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            raise ValueError(f"{text!r} is not a Chinese numeral")
    return total + digit


def _ascii_digits(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def iso_date(match: re.Match[str], where: str) -> str:
    """A 年月日 date as YYYY-MM-DD; InputError naming `where` when it does not exist."""
    year, month, day = (int(_ascii_digits(g)) for g in match.groups()[:3])
    import datetime as dt

    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise InputError(f"{where}: {match.group(0)} is not a real date: {exc}") from None


@dataclass(frozen=True)
class HeaderEvent:
    """One event of the header: what happened, when, by which body at which session."""

    kind: str
    date: str
    text: str
    line: int
    body_text: str | None = None
    """The body as the text writes it, with term and session
    (上海市第十届人民代表大会常务委员会第二十八次会议)."""
    session: str | None = None
    decision: str | None = None
    """The title of the decision that made an amendment or revision, as written."""
    adopted_title: str | None = None
    """The title the text was adopted under, where the header names it (a former name)."""


@dataclass(frozen=True)
class Citation:
    """A title in 《》 in an article: legal basis (根据《…》), repeal (《…》同时废止),
    amendment (关于修改…的决定) or citation."""

    title: str
    kind: str
    quote: str


@dataclass(frozen=True)
class LawArticle:
    """One article: its label as written, number, chapter and section, and exact text."""

    label: str
    number: int
    chapter: str | None
    section: str | None
    text: str
    line: int
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class EffectiveClause:
    """What the text says about its entry into force (本条例自…起施行) and where."""

    date: str | None
    on_promulgation: bool
    article: str
    quote: str


@dataclass
class LawText:
    """A law file read into its parts."""

    path: Path
    text: str
    title: str
    events: list[HeaderEvent] = field(default_factory=list)
    articles: list[LawArticle] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)
    effective: EffectiveClause | None = None

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1


def _event_kind(segment: str) -> str:
    if "批准" in segment and "修正" not in segment.split("批准", 1)[0]:
        return "approved"
    if "修订" in segment:
        return "revised"
    if "修正" in segment:
        return "amended"
    if re.search(r"公布|发布", segment) and "通过" not in segment:
        return "promulgated"
    if "施行" in segment and "通过" not in segment:
        return "effective"
    if "通过" in segment:
        return "adopted"
    return "promulgated" if "令" in segment else "adopted"


_SESSION = re.compile(
    r"((?:[^\s0-9０-９《》〈〉]{0,12}?)(?:第[一二三四五六七八九十百零〇]+届)?"
    r"(?:全国)?(?:人民代表大会常务委员会|人民代表大会|人大常委会)"
    r"第[一二三四五六七八九十百零〇0-9]+次(?:全体)?会议)")
_STATE_COUNCIL = re.compile(r"(国务院第[0-9０-９一二三四五六七八九十百零〇]+次常务会议)")
_DECISION = re.compile(r"《([^》]*(?:〈[^〉]*〉|<[^>]*>)?[^》]*决定)》")


def _header_events(law: LawText, lines: list[str], start: int) -> list[HeaderEvent]:
    """The events of the header lines (numbered from `start`), split at every date."""
    events: list[HeaderEvent] = []
    for offset, raw in enumerate(lines):
        line = raw.strip().strip("（）()").strip("　 ")
        if not line:
            continue
        number = start + offset
        where = f"{law.path}:{number}"
        dates = list(_DATE.finditer(line))
        if not dates:
            raise InputError(f"{where}: a header line without a date: {raw.strip()!r}",
                             details={"line": number})
        for index, match in enumerate(dates):
            end = dates[index + 1].start() if index + 1 < len(dates) else len(line)
            segment = line[match.start():end].rstrip("根据　 ")
            after = segment[match.end() - match.start():]
            session = _SESSION.search(after) or _STATE_COUNCIL.search(after)
            decision = _DECISION.search(after)
            adopted = re.search(r"通过《([^》]+)》", after)
            events.append(HeaderEvent(
                kind=_event_kind(after), date=iso_date(match, where), text=segment,
                line=number, body_text=session.group(1) if session else None,
                session=session.group(1) if session else None,
                decision=decision.group(1) if decision else None,
                adopted_title=adopted.group(1) if adopted and "决定" not in adopted.group(1)
                else None,
            ))
    return _amendment_adoptions(events)


def _amendment_adoptions(events: list[HeaderEvent]) -> list[HeaderEvent]:
    """A city's later 通过 whose approval is of an amending decision is the amendment's
    adoption: 2019年5月9日 洛阳市…通过 / 2019年7月26日 河南省…批准的《…决定》修正."""
    fixed = list(events)
    for index, event in enumerate(events[:-1]):
        following = events[index + 1]
        if (event.kind == "adopted" and index > 0 and following.kind == "approved"
                and following.decision):
            kind = "revised" if "修订" in following.text else "amended"
            fixed[index] = HeaderEvent(kind, event.date, event.text, event.line,
                                       event.body_text, event.session, following.decision)
    return fixed


def _citations(text: str) -> tuple[Citation, ...]:
    """Every 《title》 of an article: basis when in a 根据《…》 run, repeal before 废止."""
    basis: set[int] = set()
    for run in _BASIS_RUN.finditer(text):
        basis.update(m.start() + run.start(1) for m in _TITLE.finditer(run.group(1)))
    repeals = {m.start() for m in _REPEAL.finditer(text)}
    found = []
    for match in _TITLE.finditer(text):
        title = match.group(1)
        if not title or (title.endswith("决定") and "修改" in title):
            kind = "amendment"
        elif match.start() in basis:
            kind = "basis"
        elif match.start() in repeals:
            kind = "repeal"
        else:
            kind = "cite"
        found.append(Citation(title, kind, _sentence(text, match.start(), match.end())))
    return tuple(found)


def _sentence(text: str, start: int, end: int) -> str:
    """The clause around text[start:end], cut at 。；\\n (verbatim)."""
    left = max(text.rfind(c, 0, start) for c in "。；\n") + 1
    rights = [i for c in "。；\n" if (i := text.find(c, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def parse_law(path: Path, text: str) -> LawText:
    """Read a law file; InputError names the file and line of anything malformed."""
    lines = text.split("\n")
    if not lines or not lines[0].startswith("# ") or not lines[0][2:].strip():
        raise InputError(f"{path}:1: a law text starts with '# title'", details={"line": 1})
    law = LawText(path=path, text=text, title=lines[0][2:].strip())
    try:
        info_end = next(i for i, line in enumerate(lines) if line.strip() == INFO_END)
    except StopIteration:
        raise InputError(f"{path}: no '{INFO_END}' line after the header") from None
    law.events = _header_events(law, lines[1:info_end], start=2)
    offsets = []
    position = 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    chapter: str | None = None
    section: str | None = None
    seen: dict[tuple[int, int], int] = {}
    starts: list[tuple[int, re.Match[str]]] = []
    for index in range(info_end + 1, len(lines)):
        line = lines[index]
        if (head := _SECTION.match(line)) is not None:
            section = head.group(1)
            starts.append((index, head))
        elif (head := _CHAPTER.match(line)) is not None:
            chapter, section = head.group(1), None
            law.chapters.append(chapter)
            starts.append((index, head))
        elif (head := _ARTICLE.match(line)) is not None:
            number = chinese_number(head.group(1))
            sub = chinese_number(head.group(2)) if head.group(2) else 0
            label = line[: head.end()].rstrip(" 　")
            if (number, sub) in seen:
                raise InputError(
                    f"{path}:{index + 1}: {label} again (first at line {seen[(number, sub)]})",
                    details={"line": index + 1, "article": label})
            seen[(number, sub)] = index + 1
            starts.append((index, head))
            law.articles.append(LawArticle(label, number, chapter, section, "", index + 1))
    _fill_texts(law, lines, offsets, starts)
    if not law.articles:
        raise InputError(f"{path}: no articles (paragraphs starting 第X条) after the header")
    law.effective = _effective(law)
    return law


def _fill_texts(law: LawText, lines: list[str], offsets: list[int],
                starts: list[tuple[int, re.Match[str]]]) -> None:
    """Each article's text: from after its label to the next heading or article, verbatim."""
    bounds = [index for index, _ in starts] + [len(lines)]
    by_line = {article.line - 1: n for n, article in enumerate(law.articles)}
    for position, (index, match) in enumerate(starts):
        if index not in by_line:
            continue
        begin = offsets[index] + match.end()
        stop = offsets[bounds[position + 1]] if bounds[position + 1] < len(lines) else len(
            law.text)
        body = law.text[begin:stop].strip()
        article = law.articles[by_line[index]]
        law.articles[by_line[index]] = LawArticle(
            article.label, article.number, article.chapter, article.section, body,
            article.line, _citations(body))


def _effective(law: LawText) -> EffectiveClause | None:
    for article in reversed(law.articles):
        match = _EFFECTIVE.search(article.text)
        if match:
            date = None
            if match.group("date"):
                date_match = _DATE.search(match.group("date"))
                assert date_match is not None
                date = iso_date(date_match, f"{law.path}:{article.line}")
            return EffectiveClause(date, match.group("on") is not None, article.label,
                                   match.group(0))
    return None


def read_law(path: Path) -> LawText:
    """Read and parse a law file (UTF-8)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}): {exc.reason}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_law(path, text)


__all__ = ["EVENT_KINDS", "Citation", "EffectiveClause", "HeaderEvent", "LawArticle",
           "LawText", "chinese_number", "parse_law", "read_law"]
