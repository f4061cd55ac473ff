"""Picks the reader for each input path (govkg.formats) and joins everything into one batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from govkg.errors import InputError
from govkg.formats import Format, format_of_path, implementation, names, readable_suffixes
from govkg.loaders.files import collect_files
from govkg.loaders.laws import MANIFEST, law_files
from govkg.records import EntityRecord, RecordBatch, RelationRecord, add_location

DIRECTORY_SUFFIXES = {".yaml", ".yml"}
"""What a directory given to `govkg load` contributes: its record files, and the law texts
of every law corpus (a folder with a manifest.csv) below it."""


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each file as given; each directory's record files in name order, then
    the texts each manifest.csv below it lists."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files += collect_files([path], DIRECTORY_SUFFIXES)
            continue
        corpora = sorted(m.parent for m in path.rglob(MANIFEST))
        records = [p for p in sorted(path.iterdir())
                   if p.is_file() and p.suffix.lower() in DIRECTORY_SUFFIXES]
        if not records and not corpora:
            collect_files([path], DIRECTORY_SUFFIXES)  # raises: nothing to read here
        files += records
        for corpus in corpora:
            files += law_files(corpus)
    return files


def _format(path: Path) -> Format:
    fmt = format_of_path(path)
    if fmt is None or fmt.reader is None:
        raise InputError(f"{path}: unknown input kind {path.suffix!r}; expected one of "
                         f"{', '.join(sorted(readable_suffixes()))} "
                         f"(formats {', '.join(names('reader'))})")
    return fmt


def read_file(path: Path) -> RecordBatch:
    """One input file through the reader its suffix names."""
    return read_files([path])


def iter_files(files: list[Path]) -> Iterator[RecordBatch]:
    """The files through their readers, one batch at a time: a batch per file, or one for all
    the files of a format that reads them together (after the others)."""
    together: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        fmt = _format(path)
        if fmt.reads_together:
            together[fmt.name].append(path)
            continue
        reader: Callable[[Path], RecordBatch] = implementation(str(fmt.reader))
        yield reader(path)
    for name, group in together.items():
        group_reader: Callable[[list[Path]], RecordBatch] = implementation(
            str(next(f for f in map(_format, group) if f.name == name).reader))
        yield group_reader(group)


def read_files(files: list[Path]) -> RecordBatch:
    """The files through their readers, joined into one batch."""
    return join_batches(iter_files(files))


def join_batches(batches: Iterable[RecordBatch]) -> RecordBatch:
    """One batch from several (each record keeps every place it was written), in one pass:
    joining them one by one would copy what is already joined for every batch."""
    origins: list[str] = []
    entities: list[EntityRecord] = []
    relations: list[RelationRecord] = []
    references: list[EntityRecord] = []
    locations: dict[str, str] = {}
    for batch in batches:
        origins.append(batch.origin)
        entities += batch.entities
        relations += batch.relations
        references += batch.references
        for key, where in batch.locations.items():
            add_location(locations, key, where)
    return RecordBatch.model_construct(
        origin=", ".join(origins) if origins else "<memory>", entities=tuple(entities),
        relations=tuple(relations), locations=locations, references=tuple(references))


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
    return join_batches(iter_inputs(paths, max_bytes))


def iter_inputs(paths: Iterable[Path], max_bytes: int | None = None) -> Iterator[RecordBatch]:
    """Every input's batch, one at a time (a load streams them); sizes are checked first."""
    files = expand(paths)
    for path in files:
        check_size(path, max_bytes)
    return iter_files(files)
