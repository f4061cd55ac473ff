"""Numbers as Chinese texts write them: Arabic (with full-width digits), Chinese numerals, 两."""

from __future__ import annotations

import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join([*_DIGITS, *_SMALL_UNITS, *_BIG_UNITS])


def chinese_to_int(text: str) -> int | None:
    """三 → 3, 十四 → 14, 二十五 → 25, 一百零八 → 108, 两万 → 20000; None if not a numeral."""
    if not text or any(c not in CHINESE_NUMERAL_CHARS for c in text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(text: str) -> float | None:
    """A number in Arabic digits (full- or half-width, with , separators) or Chinese numerals."""
    plain = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    try:
        return float(plain)
    except ValueError:
        pass
    value = chinese_to_int(plain)
    return float(value) if value is not None else None


def clean_number(value: float) -> int | float:
    """14.0 → 14, so figures print as the text wrote them."""
    return int(value) if value.is_integer() else value
