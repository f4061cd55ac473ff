"""Reading policy texts: UTF-8 first, then GB18030 (a superset of GBK and GB2312), else an error.

Chinese government sites still publish GBK files, so a GBK text is detected and decoded rather
than refused; anything that is neither is refused with the file and the byte offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from govkg.errors import InputError
from govkg.loaders.files import collect_files

TEXT_SUFFIXES = {".txt", ".text", ".md"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MIN_CJK_SHARE = 0.2
"""A GB18030 decoding is believed only when at least this share of the characters (spaces
aside, ASCII included) is Chinese: a Latin-1 text with a few accents also decodes, to a few
stray Chinese characters among its ASCII."""


@dataclass(frozen=True)
class SourceText:
    """A decoded text and how it was decoded."""

    path: Path
    text: str
    encoding: str


def _cjk_share(text: str) -> float:
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return 0.0
    return len(_CJK.findall(text)) / len(letters)


def decode(data: bytes, origin: str) -> tuple[str, str]:
    """Text and encoding name of `data`: UTF-8 (with or without BOM) or GB18030."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(
                f"{origin}: neither UTF-8 nor GBK/GB18030 text (invalid UTF-8 at byte "
                f"{utf8_error.start}); convert it to UTF-8, e.g. iconv -f <encoding> -t UTF-8"
            ) from None
        if _cjk_share(text) < _MIN_CJK_SHARE:
            raise InputError(
                f"{origin}: not UTF-8 (invalid byte at {utf8_error.start}) and its GB18030 "
                "reading is not Chinese text; give a UTF-8 or GBK file"
            ) from None
        return text, "gb18030"


def read_text(path: Path) -> SourceText:
    """Read one text file, detecting GBK/GB18030."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file (NUL bytes), expected plain text")
    text, encoding = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: empty text")
    return SourceText(path=path, text=text, encoding=encoding)


def text_files(paths: Iterable[Path]) -> list[Path]:
    """Files to extract from: files as given, directories' .txt/.md files (recursively) in order."""
    return collect_files(paths, TEXT_SUFFIXES, recursive=True)
