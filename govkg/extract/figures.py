"""Figures: quantities a text states (14条, 超1000万元, 不低于百分之二十, 三分之一, 1个百分点,
二年) with the noun phrase they measure, tied to their sentence and article.

Not figures: article, chapter and session numbers (第十四条, 第二次会议), dates, ordinals
(一等奖), numbers inside a word (进一步, 统一) and inside titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govkg.extract.numbers import clean_number, parse_number
from govkg.extract.sections import Sentence
from govkg.extract.tokens import BOUNDARY_POS, SentenceWords, is_nounish, phrase_start

_CN = "[零〇一二三四五六七八九十百千万两]"
_NUM = (rf"(?:[0-9０-９](?:[0-9０-９,.]|[ \ue000-\uf8ff](?=[0-9]))*|[OoＯ]\.[0-9]+"
        rf"|{_CN}+(?:点{_CN}+)?)")
"""A number: digits (a stray space or a private-use character inside, 1\ue01020元, is a
conversion artefact of the text), or Chinese numerals."""
_ARTEFACT = re.compile("[ \ue000-\uf8ff]")
_UNITS = ("亿元", "万元", "千元", "元", "个百分点", "个等级", "个工作日", "个月", "个", "家", "条",
          "份", "项", "名", "人", "所", "篇", "件", "次", "起", "年", "批", "类", "倍", "日", "天",
          "级", "周岁", "岁", "小时", "公顷", "亩", "%", "％", "大", "个方面", "大行动", "个环节")
_QUALIFIERS = ("原则上不低于", "不超过", "不少于", "不低于", "不高于", "超过", "低于", "高于", "超",
               "约", "近", "逾", "达到", "达", "累计", "至少", "最高", "最低", "每")
FIGURE = re.compile(
    r"(?P<q>" + "|".join(_QUALIFIERS) + r")?\**"
    r"(?:百分之(?P<pct>" + _NUM + r")"
    r"|(?P<den>" + _CN + r"+)分之(?P<num>" + _CN + r"+)"
    r"|(?P<ra>\d{1,3})\s*[:：]\s*(?P<rb>\d{1,3})(?=[^，。；]{0,6}?(?:比例|配比))"
    r"|(?P<n>(?<![0-9０-９.〔:：第])" + _NUM + r")\**(?P<u>" + "|".join(
        sorted(_UNITS, key=len, reverse=True)) + r"))"
    r"(?=(?P<after>.{0,3}))"
)
_NOT_AFTER = ("月", "日", "号", "时", "点", "等奖", "届", "次会议")
_TRAILING = ("以上", "以下", "以内", "左右", "余", "之内")
_NOT_BEFORE = ("第", "前", "后")
_INDEFINITE = frozenset("批个类些种次条项")
"""一批, 一个, 一条: a, not a count of one."""


@dataclass(frozen=True)
class FoundFigure:
    value: int | float | str
    unit: str
    measure: str
    qualifier: str | None
    start: int
    end: int
    text: str


def _value(match: re.Match[str]) -> tuple[int | float | str, str] | None:
    if match.group("pct") is not None:
        raw = match.group("pct").replace("O", "0").replace("o", "0").replace("Ｏ", "0")
        value = parse_number(raw.replace("点", "."))
        return (clean_number(value), "%") if value is not None else None
    if match.group("den") is not None:
        denominator = parse_number(match.group("den"))
        numerator = parse_number(match.group("num"))
        if denominator is None or numerator is None or not denominator:
            return None
        return round(numerator / denominator, 4), "fraction"
    if match.group("ra") is not None:  # 1:3 as a number (the record's value is one); as
        numerator, denominator = int(match.group("ra")), int(match.group("rb"))  # written
        if not denominator:  # in the qualifier
            return None
        return round(numerator / denominator, 4), "比例"
    raw = match.group("n").replace("O", "0").replace("o", "0").replace("Ｏ", "0")
    unit = "%" if match.group("u") == "％" else match.group("u")
    if unit == "元" and raw[-1:] in ("万", "亿") and len(raw) > 1:
        raw, unit = raw[:-1], raw[-1] + "元"  # 五百万元 is 500 万元
    value = parse_number(_ARTEFACT.sub("", raw).replace("点", "."))
    if value is None:
        return None
    return clean_number(value), unit


def _measure(sentence: Sentence, sw: SentenceWords, start: int, end: int, unit: str) -> str:
    """The noun phrase the number measures: right after it (14条榜单), else the one before it
    (…的比例不低于百分之二十, 每年人均…经费不少于120元)."""
    tokens = sw.tokens
    after = sw.start_at.get(end)
    if after is not None and unit not in ("%", "fraction", "个百分点", "倍"):
        last = after
        while last < len(tokens) and (is_nounish(tokens[last]) or tokens[last].word == "的") \
                and tokens[last].pos not in BOUNDARY_POS and last - after < 4:
            last += 1
        if last > after and tokens[last - 1].word != "的":
            return sentence.text[tokens[after].start - sentence.start:
                                 tokens[last - 1].end - sentence.start]
    before = sw.end_at.get(start)
    index = before if before is not None else next(
        (i for i, t in reversed(list(enumerate(tokens))) if t.end <= start), None)
    while index is not None and index >= 0 and not is_nounish(tokens[index]):
        if tokens[index].word in ("，", "。", "；", "："):
            return ""
        index -= 1
    if index is None or index < 0:
        return ""
    first = phrase_start(sw, index)
    return sentence.text[tokens[first].start - sentence.start:tokens[index].end - sentence.start]


def find_figures(sentence: Sentence, masked: str, sw: SentenceWords) -> list[FoundFigure]:
    """Figures in one sentence (`masked`: the sentence with titles and quoted terms blanked)."""
    found = []
    for match in FIGURE.finditer(masked):
        after = match.group("after")
        if after.startswith(_NOT_AFTER) or after[:1].isdigit():
            continue
        number_start = match.start("pct") - 3 if match.group("pct") is not None else (
            match.start("den") if match.group("den") is not None else
            match.start("ra") if match.group("ra") is not None else match.start("n"))
        if masked[max(0, number_start - 1):number_start] in _NOT_BEFORE:
            continue
        start = sentence.start + number_start
        if start not in sw.start_at and match.group("n") is not None:
            continue  # a numeral inside a word (进一步, 统一)
        parsed = _value(match)
        if parsed is None:
            continue
        value, unit = parsed
        if (match.group("n") == "一" and unit in _INDEFINITE) or (
                match.group("n") in ("两", "二") and unit == "级"):
            continue  # 一批企业, 一条榜单, 市、区两级: not counts
        if unit == "大" and isinstance(value, (int, float)) and value < 3:
            continue
        if unit == "年" and ((isinstance(value, (int, float)) and value >= 100) or
                            after.startswith(("度", "以来", "前", "级"))):
            continue
        if unit == "日" and masked[max(0, match.start() - 1):match.start()] == "月":
            continue
        qualifier = match.group("q")
        if match.group("ra") is not None:
            qualifier = f"{match.group('ra')}:{match.group('rb')}"
        rest = masked[match.end():]
        for trailing in _TRAILING:
            if rest.startswith(trailing):
                qualifier = qualifier or trailing
        end = sentence.start + match.end()
        measure_start = sentence.start + (match.start("q") if match.group("q") else number_start)
        measure = _measure(sentence, sw, measure_start, end, unit)
        found.append(FoundFigure(value, unit, measure, qualifier, start, end, match.group()))
    return found
