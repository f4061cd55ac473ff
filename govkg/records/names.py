"""Name normalisation shared by the writer (lookup_keys) and every lookup."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_DROP = re.compile(r"[\s《》〈〉“”\"‘’'「」『』]+")


def normalise(text: str) -> str:
    """NFKC (full-width → half-width), lower case, no spaces, quotes or title marks."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


def lookup_keys(names: Iterable[str | None]) -> list[str]:
    return sorted({key for n in names if n and (key := normalise(n))})
