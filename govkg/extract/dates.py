"""Dates as Chinese texts write them, kept as partial as the text: 2021年 → 2021, 9月 → 2021-09.

A month or day without a year takes the document's year (given, or inferred from the text), and
the note says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from govkg.extract.numbers import parse_number

_NUM = r"[0-9０-９〇零一二三四五六七八九十两]+"
DATE = re.compile(
    rf"(?:(?P<y>(?:19|20)[0-9]{{2}}|[一二〇零][〇零一二三四五六七八九]{{3}})\s*年\s*)?"
    rf"(?P<m>{_NUM})\s*月(?:\s*(?P<d>{_NUM})\s*[日号])?"
    rf"|(?P<yo>(?:19|20)[0-9]{{2}})\s*年(?![度代底初末内以来])"
)
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*年|[—–-]|\b)")


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the text: year, year-month or year-month-day."""

    value: str
    start: int
    end: int
    year_inferred: bool


def _chinese_year(text: str) -> int | None:
    digits = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
    if text.isdigit():
        return int(text)
    if all(c in digits for c in text):
        return int("".join(digits[c] for c in text))
    return None


def find_dates(text: str, default_year: int | None) -> list[PartialDate]:
    """Every date expression in `text` that can be placed in a year."""
    found = []
    for match in DATE.finditer(text):
        if match.group("yo"):
            found.append(PartialDate(match.group("yo"), match.start(), match.end(), False))
            continue
        year = _chinese_year(match.group("y")) if match.group("y") else default_year
        month = parse_number(match.group("m"))
        day = parse_number(match.group("d")) if match.group("d") else None
        if year is None or month is None or not 1 <= month <= 12:
            continue
        value = f"{year:04d}-{int(month):02d}"
        if day is not None:
            if not 1 <= day <= 31:
                continue
            value += f"-{int(day):02d}"
        found.append(PartialDate(value, match.start(), match.end(), match.group("y") is None))
    return found


def infer_year(text: str, hint: str | None = None) -> int | None:
    """The year a text is about: a year in `hint` (a title or file name), else the most common."""
    if hint:
        match = re.search(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])", hint)
        if match:
            return int(match.group(1))
    counts = Counter(int(y) for y in _YEAR.findall(text))
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def more_precise(first: str | None, second: str | None) -> str | None:
    """Of two dates that agree, the more precise; of two that disagree, the first."""
    if first is None:
        return second
    if second is None:
        return first
    if second.startswith(first) and len(second) > len(first):
        return second
    return first
