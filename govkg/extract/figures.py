"""Figures: numbers with their units (14条, 超1000万元, 30%, 两家) and the entity they describe."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkg.extract.numbers import clean_number, parse_number
from govkg.extract.sections import Sentence
from govkg.extract.tokens import is_boundary, tag

_UNITS = ("亿元", "万元", "千元", "元", "个", "家", "条", "份", "项", "名", "人", "所", "篇", "件",
          "次", "起", "年", "批", "类", "倍", "日", "天", "%", "％")
_QUALIFIERS = ("不超过", "不少于", "不低于", "超过", "超", "约", "近", "逾", "达", "累计")
FIGURE = re.compile(
    r"(?P<q>" + "|".join(_QUALIFIERS) + r")?\**(?P<n>(?<![0-9０-９.〔:：])[0-9０-９][0-9０-９,.]*"
    r"|(?<![一二三四五六七八九十两百千万第])[二三四五六七八九十两百][一二三四五六七八九十百千]*)"
    r"\**(?P<u>" + "|".join(_UNITS) + r")(?P<after>.{0,3})"
)
_NOT_AFTER = ("月", "日", "号", "时", "点")
_TRAILING = ("以上", "以下", "以内", "左右", "余")


@dataclass(frozen=True)
class FoundFigure:
    value: int | float
    unit: str
    measure: str
    qualifier: str | None
    start: int
    text: str


def _measure(rest: str, before: str) -> str:
    """The noun the number counts: 14条榜单 → 榜单; else the noun before it (间接费用比例 …
    不超过30%); else the words that follow (来自外省市)."""
    clause = re.split(r"[，。；：,;:、]", rest.replace("“", "").replace("”", ""), maxsplit=1)[0]
    clause = clause.removeprefix("的")
    words: list[str] = []
    for token in tag(clause[:16]):
        if is_boundary(token, None) or token.pos.startswith(("v", "m")) or token.word in "*":
            break
        words.append(token.word)
        if len("".join(words)) >= 10:
            break
    if words:
        return "".join(words)
    head = re.split(r"[，。；：,;:、]", before)[-1]
    nouns: list[str] = []
    for token in reversed(tag(head[-16:])):
        if not token.pos.startswith("n"):
            if nouns:
                break
            continue
        nouns.insert(0, token.word)
    return "".join(nouns) or clause[:10].strip("*")


def find_figures(sentence: Sentence, masked: str) -> list[FoundFigure]:
    """Figures in one sentence (masked: numbers in titles and quoted terms are not counted)."""
    original = sentence.text
    found = []
    for match in FIGURE.finditer(masked):
        number, unit, after = match.group("n"), match.group("u"), match.group("after")
        value = parse_number(number)
        if value is None or after.startswith(_NOT_AFTER):
            continue
        if unit == "年" and (value >= 100 or after.startswith(("度", "以来", "前"))):
            continue
        if unit == "日" and masked[max(0, match.start() - 1):match.start()] == "月":
            continue
        if after.startswith(("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")):
            continue
        unit = "%" if unit == "％" else unit
        qualifier = match.group("q")
        rest = original[match.end("u"):]
        for trailing in _TRAILING:
            if rest.startswith(trailing):
                qualifier = qualifier or trailing
                rest = rest[len(trailing):]
        before = original[:match.start()]
        measure = _measure("" if unit == "%" else rest, before)
        found.append(FoundFigure(clean_number(value), unit, measure, qualifier,
                                 match.start("n"), match.group()))
    return found
