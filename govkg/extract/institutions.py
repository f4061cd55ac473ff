"""Institutions: names found by their endings (大学, 研究所, 委员会, 集团, 平台, …), by enumerations
(X、Y和Z等5家院所), by well-known short forms (科技部) and by abbreviations the text defines
(以下简称“市科委”); references by role or class (市科技主管部门, 重点实验室) are kept apart as
generic.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from govkg.extract.candidates import Candidate
from govkg.extract.lexicon import Lexicon
from govkg.extract.sections import Document, Sentence
from govkg.extract.tokens import (
    PROPER_POS,
    Token,
    TokenIndex,
    is_boundary,
    is_cut_verb,
    is_leading_verb,
    tag,
)
from govkg.ontology.terms import INSTITUTION

MAX_NAME = 30
_SITTING = re.compile(r"第[一二三四五六七八九十百0-9]+[届次]")
"""深圳市第六届人民代表大会常务委员会第四十四次会议: a sitting named in an adoption note."""
_CLAUSE_BREAK = re.compile(r"[，。；：,;:！？!?\n]")
_HEADS = ("科研院所", "研究机构", "高等学校", "单位", "院所", "机构", "高校", "企业", "设施",
          "大学", "医院", "平台", "集团", "院校")
_HEAD_KIND = {"企业": "enterprise", "集团": "enterprise", "高校": "university",
              "高等学校": "university", "大学": "university", "院校": "university",
              "院所": "research_institute", "科研院所": "research_institute",
              "研究机构": "research_institute", "设施": "platform", "平台": "platform",
              "医院": "other", "单位": "other", "机构": "other"}
_ENUM = re.compile(
    r"(?<![高平同对均相上中次初何])等(?:[0-9０-９一二三四五六七八九十两百]+[家个所类批]?)?[^，。；、：,;:]{0,8}?("
    + "|".join(_HEADS) + ")"
)
_ITEM_SPLIT = re.compile(r"、|以及|和|及|与")
_GOVERNMENT_COMMITTEE = ("科学技术委员会", "发展和改革委员会", "经济和信息化委员会", "基金委员会",
                         "人民代表大会", "教育委员会", "卫生健康委员会")


@dataclass(frozen=True)
class Found:
    name: str
    start: int
    kind: str
    length: int
    named: bool
    confidence: float
    note: str


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start = 0
    for match in _CLAUSE_BREAK.finditer(text, 0, position):
        start = match.end()
    found = _CLAUSE_BREAK.search(text, position)
    return start, found.start() if found else len(text)


def _kind_of(name: str, ending: str, default: str) -> str:
    if ending == "委员会":
        return "government" if any(k in name for k in _GOVERNMENT_COMMITTEE) else "committee"
    if ending == "分院" and ("科学院" in name or "中科院" in name):
        return "academy"
    return default


def _walk_left(text: str, tokens: list[Token], last: int, floor: int = 0) -> int | None:
    """Index of the first token of the name ending with tokens[last], or None. Offsets of
    `tokens` are offsets in `text`; the name starts at or after `floor`."""
    index = last
    while index > 0 and tokens[index - 1].start >= floor:
        token = tokens[index - 1]
        if token.word == "”" and index == last:
            opening = text.rfind("“", floor, token.start)
            if opening < 0:
                return None
            return next((i for i in range(index - 1, -1, -1) if tokens[i].start == opening),
                        None)
        if token.word in ("）", ")"):
            opening = max(text.rfind("（", floor, token.start), text.rfind("(", floor, token.start))
            if opening > floor and token.start - opening <= 8:
                first = next((i for i in range(index - 1, -1, -1)
                              if tokens[i].start == opening), None)
                if first is not None and first > 0 and not is_boundary(tokens[first - 1], None):
                    index = first
                    continue
            break
        previous = tokens[index - 2] if index >= 2 else None
        if is_boundary(token, previous) or is_cut_verb(token):
            break
        index -= 1
    while index < last and (is_leading_verb(tokens[index]) or tokens[index].word in ("全国",)):
        index += 1
    return index


class InstitutionFinder:
    """Finds institutions in one document's sentences."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        endings = [re.escape(e) for e, _ in lexicon.endings]
        generic = [re.escape(e) for e in lexicon.generic_endings]
        self._ending = re.compile("|".join(endings + generic))
        self._ending_at_end = re.compile("(?:" + "|".join(endings + generic) + ")$")
        self._ending_kind = dict(lexicon.endings)
        self._generic_endings = set(lexicon.generic_endings)
        short = {s: body for body in lexicon.bodies for s in (body.name, *body.short)}
        self._known = short
        self._known_re = re.compile("|".join(re.escape(s) for s in
                                             sorted(short, key=len, reverse=True)))

    def _is_generic(self, name: str, ending: str, tokens: list[Token], origin: int) -> bool:
        """`tokens`: the name's tokens, offsets from `origin`."""
        if ending in self._generic_endings:
            return True
        cut = len(name) - len(ending)
        if cut <= 0:
            return True
        prefix = [t for t in tokens if t.end - origin <= cut]
        if not prefix or prefix[-1].end - origin != cut:
            prefix = tag(name[:cut])
        modifiers = self.lexicon.generic_modifiers
        return all(t.word in modifiers for t in prefix)

    def _by_ending(self, text: str, base: int, index: TokenIndex) -> list[Found]:
        """Names ending in an institution ending; `text` is the sentence, at `base`."""
        found: list[Found] = []
        matches = list(self._ending.finditer(text))
        if not matches:
            return found
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
        tokens_cache: dict[int, tuple[list[Token], dict[int, int]]] = {}
        for match in matches:
            end = match.end()
            ending = match.group()
            longer = self._ending.match(text, match.start(), min(len(text), end + 4))
            if longer is not None and longer.end() > end:
                continue
            position = bisect_right(breaks, match.start())
            begin = breaks[position - 1] if position else 0
            stop = breaks[position] - 1 if position < len(breaks) else len(text)
            cached = tokens_cache.get(begin)
            if cached is None:
                clause_tokens = index.relative(base, base + stop, base + begin)
                cached = (clause_tokens, {t.end: i for i, t in enumerate(clause_tokens)})
                tokens_cache[begin] = cached
            tokens, ends = cached
            last = ends.get(end)
            if last is None:
                continue
            first = _walk_left(text, tokens, last, begin)
            if first is None:
                continue
            name = text[tokens[first].start:end]
            if len(name) <= len(ending) and ending not in self._known:
                name = ending
            if len(name) > MAX_NAME or any(name.endswith(c) for c in self.lexicon.concepts):
                continue
            if "□" in name or _SITTING.search(name):
                continue
            offset = tokens[first].start
            generic = self._is_generic(name, ending, tokens[first:last + 1], offset)
            if generic and name == ending:
                continue
            proper = any(t.pos in PROPER_POS for t in tokens[first:last + 1])
            kind = _kind_of(name, ending, self._ending_kind.get(ending, "other"))
            confidence = 0.9 if proper else 0.75
            found.append(Found(name, offset, kind, len(name), not generic,
                               confidence, f"name ends in {ending}"))
        return found

    def _by_enumeration(self, text: str, base: int, index: TokenIndex) -> list[Found]:
        found = []
        for match in _ENUM.finditer(text):
            begin, _ = _clause_bounds(text, match.start())
            span = text[begin:match.start()]
            head = match.group(1)
            position = begin
            for item in _ITEM_SPLIT.split(span):
                item_start = text.find(item, position)
                position = item_start + len(item)
                tokens = index.relative(base + item_start, base + item_start + len(item))
                if not tokens:
                    continue
                first = _walk_left(item, tokens, len(tokens) - 1)
                if first is None:
                    continue
                name = item[tokens[first].start:]
                if not 2 <= len(name) <= MAX_NAME or "□" in name or "“" in name:
                    continue
                if self._ending_at_end.search(name) or self._known_re.fullmatch(name):
                    continue  # found by its ending or as a known body
                proper = any(t.pos in PROPER_POS for t in tokens[first:]) or \
                    self._known_re.search(name) is not None
                kind = ("research_institute" if name.endswith(("院", "所")) else
                        _HEAD_KIND.get(head, "other"))
                found.append(Found(name, item_start + tokens[first].start, kind, len(name), proper,
                                   0.7, f"item of an enumeration of {head}"))
        return found

    def _known_bodies(self, text: str) -> list[Found]:
        found = []
        for match in self._known_re.finditer(text):
            body = self._known[match.group()]
            found.append(Found(match.group(), match.start(), body.kind, len(match.group()), True,
                               0.95, f"well-known body {body.name}"))
        return found

    def find(self, doc: Document, masked: str, index: TokenIndex
             ) -> tuple[list[Candidate], list[Candidate]]:
        """Named institutions and generic references, one candidate per mention."""
        named: list[Candidate] = []
        generic: list[Candidate] = []
        for sentence in doc.sentences:
            text = masked[sentence.start:sentence.end]
            base = sentence.start
            for item in [*self._known_bodies(text), *self._by_ending(text, base, index),
                         *self._by_enumeration(text, base, index)]:
                candidate = self._candidate(item, sentence)
                (named if item.named else generic).append(candidate)
        return named, generic

    def _candidate(self, item: Found, sentence: Sentence) -> Candidate:
        body = self._known.get(item.name)
        name, aliases = item.name, []
        if body is not None and body.name != item.name:
            name, aliases = body.name, [item.name]
        return Candidate(
            type=INSTITUTION, name=name, sentence=sentence, confidence=item.confidence,
            category="institution" if item.named else "generic",
            fields={"kind": item.kind}, aliases=aliases, notes=[item.note],
            start=sentence.start + item.start, end=sentence.start + item.start + item.length,
        )
