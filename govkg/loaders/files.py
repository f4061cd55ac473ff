"""Input paths → the files to read: one rule for loaders and the extractor alike."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from pathlib import Path

from govkg.errors import InputError


def collect_files(paths: Iterable[Path], suffixes: Collection[str], *,
                  recursive: bool = False) -> list[Path]:
    """Each file as given; each directory's files with one of `suffixes` (case-insensitive),
    in name order, descending into subdirectories when `recursive`."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = path.rglob("*") if recursive else path.iterdir()
            found = sorted(p for p in candidates
                           if p.is_file() and p.suffix.lower() in suffixes)
            if not found:
                wanted = " or ".join(sorted(suffixes))
                raise InputError(f"{path}: no {wanted} files in this directory")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or directory")
    return files
