"""Picks the reader for each input path and joins everything into one batch."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from govkg.errors import InputError
from govkg.files import collect_files
from govkg.loaders.rdf_loader import load_rdf_file
from govkg.loaders.yaml_loader import load_yaml_file
from govkg.rdf_formats import format_of_path
from govkg.records import RecordBatch

YAML_SUFFIXES = {".yaml", ".yml"}


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each file as given, each directory's record files in name order."""
    return collect_files(paths, YAML_SUFFIXES)


def read_file(path: Path) -> RecordBatch:
    if path.suffix in YAML_SUFFIXES:
        return load_yaml_file(path)
    if format_of_path(path) is not None:
        return load_rdf_file(path)
    raise InputError(f"{path}: unknown input kind {path.suffix!r}; expected .yaml or .yml "
                     "(records), .ttl or .jsonld (RDF)")


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
