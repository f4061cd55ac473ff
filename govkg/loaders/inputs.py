"""Picks the reader for each input path (govkg.formats) and joins everything into one batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from govkg.errors import InputError
from govkg.formats import format_of_path, implementation, names, readable_suffixes
from govkg.loaders.files import collect_files
from govkg.records import RecordBatch

DIRECTORY_SUFFIXES = {".yaml", ".yml"}
"""What a directory given to `govkg load` contributes: its record files."""


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each file as given, each directory's record files in name order."""
    return collect_files(paths, DIRECTORY_SUFFIXES)


def read_file(path: Path) -> RecordBatch:
    """One input file through the reader its suffix names."""
    fmt = format_of_path(path)
    if fmt is None or fmt.reader is None:
        raise InputError(f"{path}: unknown input kind {path.suffix!r}; expected one of "
                         f"{', '.join(sorted(readable_suffixes()))} "
                         f"(formats {', '.join(names('reader'))})")
    reader: Callable[[Path], RecordBatch] = implementation(fmt.reader)
    return reader(path)


def check_size(path: Path, max_bytes: int | None) -> None:
    """Refuse a file larger than `max_bytes` before reading it (GOVKG_MAX_INPUT_BYTES)."""
    if max_bytes is None:
        return
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path}: {size} bytes, more than the {max_bytes} an input may have "
                         "(GOVKG_MAX_INPUT_BYTES); split it into several files")


def read_inputs(paths: Iterable[Path], max_bytes: int | None = None) -> RecordBatch:
    """One batch from every input, so a multi-file load is all-or-nothing."""
    files = expand(paths)
    for path in files:
        check_size(path, max_bytes)
    batch = RecordBatch()
    for path in files:
        batch = batch.merged(read_file(path))
    return batch
