"""Find the font file that draws Chinese labels, by checking the glyphs it really has.

matplotlib's default DejaVu Sans has no Han glyphs, and its bundled "Last Resort" font maps
every Chinese character to one placeholder box: a charmap lookup says both "cover" 复旦大学
when neither can draw it. So a font is accepted only when, in the file that will render,
every character of the text has a glyph of its own that is neither the missing-glyph box
(.notdef) nor a placeholder shared by different characters, and draws some ink. The drawing
then renders with that file (`FontProperties(fname=...)`), not with a family name that
matplotlib's cached font list could resolve to another file.

A Debian CJK font (`fonts-wqy-zenhei`, installed by `make browser`; `fonts-noto-cjk` also
works) is found by what it covers, not by its name.
"""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from govkg.errors import needs_extra

with needs_extra("viz", "Drawing PNG pictures"):
    import numpy as np
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

PROBE = "复旦大学揭榜挂帅基础研究特区"
"""Characters a font must draw as themselves; always checked with the label text, so that a
placeholder font that maps every ideograph to one box is caught even for a one-character
label."""
PREFERRED = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC",
             "WenQuanYi Micro Hei", "Noto Sans CJK JP", "Droid Sans Fallback")
"""Families tried first, in this order (simplified-Chinese designs before the others)."""
INSTALL_HINT = "apt-get install fonts-wqy-zenhei (or run `make browser`)"
NOT_A_CHARACTER = "\U0010ffff"
"""A noncharacter: a font draws it with its missing-glyph box, if with anything."""
_PROBE_SIZE = 32


@dataclass(frozen=True)
class FontFile:
    """A font file and the family name it reports."""

    family: str
    path: Path


def _checked(text: str) -> list[str]:
    """The distinct characters of `text` that must have ink (no spaces or controls)."""
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and unicodedata.category(ch)[0] not in "CZ":
            seen.setdefault(ch, None)
    return list(seen)


def _ink(font: FT2Font, text: str) -> np.ndarray:
    """The pixels `font` sets for `text` (its own warning about a missing glyph is not
    needed: the caller compares the pixels)."""
    font.set_size(_PROBE_SIZE, 72)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        font.set_text(text, 0.0)
    font.draw_glyphs_to_bitmap(antialiased=False)
    return np.asarray(font.get_image()) > 0


def glyph_problems(path: Path, text: str) -> list[str]:
    """The characters of `text` that the font file at `path` would not draw as themselves:
    no glyph, the missing-glyph box, a placeholder glyph shared by different characters
    (checked together with PROBE), or no ink. Empty when every character is drawn."""
    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return _checked(text)
    chars = _checked(text)
    problems: dict[str, str] = {}
    by_glyph: dict[int, set[str]] = {}
    for ch in _checked(text + PROBE):
        index = font.get_char_index(ord(ch))
        if index == 0:
            problems[ch] = "no glyph"
        else:
            by_glyph.setdefault(index, set()).add(unicodedata.normalize("NFKC", ch))
    for ch in chars:
        if ch in problems:
            continue
        shared = by_glyph.get(font.get_char_index(ord(ch)), set())
        if len(shared) > 1:
            problems[ch] = "placeholder glyph shared with " + "".join(sorted(shared - {ch}))
    missing_box = _ink(font, NOT_A_CHARACTER)
    for ch in chars:
        if ch in problems:
            continue
        drawn = _ink(font, ch)
        if not drawn.any():
            problems[ch] = "no ink"
        elif drawn.shape == missing_box.shape and np.array_equal(drawn, missing_box):
            problems[ch] = "the missing-glyph box"
    return [f"{ch} (U+{ord(ch):04X}): {why}" for ch, why in problems.items() if ch in chars]


def _register_new_system_fonts() -> None:
    """matplotlib caches its font list on first use (a JSON file kept across runs); a font
    installed after that (say by `make browser` on a machine that had drawn before) is not
    in it. Every system font file the list lacks is added before a choice is made."""
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def _candidates() -> list[FontFile]:
    """Every font file matplotlib knows that still exists, preferred families first."""
    rank = {name: i for i, name in enumerate(PREFERRED)}
    entries = sorted(font_manager.fontManager.ttflist,
                     key=lambda e: (rank.get(e.name, len(rank)), e.name, e.fname))
    files: dict[str, FontFile] = {}
    for entry in entries:
        if entry.fname not in files and Path(entry.fname).is_file():
            files[entry.fname] = FontFile(family=str(entry.name), path=Path(entry.fname))
    return list(files.values())


def cjk_font(text: str = PROBE, candidates: Iterable[FontFile] | None = None
             ) -> FontFile | None:
    """The first font file that draws every character of `text` (and PROBE) as itself, or
    None. Looked up afresh on every call: nothing is cached between choices."""
    if candidates is None:
        _register_new_system_fonts()
        candidates = _candidates()
    for candidate in candidates:
        if not glyph_problems(candidate.path, text):
            return candidate
    return None


def latin_font() -> FontFile:
    """matplotlib's bundled DejaVu Sans (Latin only), for English labels."""
    path = Path(font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"),
                                      fallback_to_default=False))
    return FontFile(family="DejaVu Sans", path=path)
