"""Find a font that draws Chinese, through matplotlib's font_manager.

matplotlib's default DejaVu Sans has no Han glyphs: labels like 复旦大学 come out as boxes.
A Debian CJK font (`fonts-wqy-zenhei`, installed by `make browser`; `fonts-noto-cjk` also
works) is picked by what it covers, not by its name, so any installed CJK font serves.
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib import font_manager

PROBE = "复旦大学揭榜挂帅基础研究特区"
"""Characters a font must have to draw the corpus's names."""
PREFERRED = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "Noto Sans CJK JP", "Droid Sans Fallback")
"""Families tried first, in this order (simplified-Chinese designs before the others)."""
INSTALL_HINT = "apt-get install fonts-wqy-zenhei (or run `make browser`)"


def _covers(fname: str, text: str) -> bool:
    try:
        charmap = font_manager.get_font(fname).get_charmap()
    except (OSError, RuntimeError):
        return False
    return all(ord(ch) in charmap for ch in text)


def _ordered(entries: Iterable[font_manager.FontEntry]) -> list[font_manager.FontEntry]:
    rank = {name: i for i, name in enumerate(PREFERRED)}
    return sorted(entries, key=lambda e: (rank.get(e.name, len(rank)), e.name, e.fname))


def _register_new_system_fonts() -> None:
    """matplotlib caches its font list on first use; a font installed after that (say by
    `make browser` on a machine that had drawn before) is added here."""
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def cjk_font(text: str = PROBE) -> str | None:
    """The family name of an installed font with every character of `text`, or None."""
    for attempt in range(2):
        if attempt:
            _register_new_system_fonts()
        for entry in _ordered(font_manager.fontManager.ttflist):
            if _covers(entry.fname, text):
                return str(entry.name)
    return None


def regular_weight(family: str) -> int:
    """The installed weight of `family` closest to regular (400): asking for 'normal' from a
    font that only has 500 (WenQuanYi Zen Hei) makes matplotlib log a warning per text."""
    weights = [int(e.weight) for e in font_manager.fontManager.ttflist
               if e.name == family and isinstance(e.weight, int)]
    return min(weights, key=lambda w: abs(w - 400)) if weights else 400
