"""Curated YAML → RecordBatch, with the file and line of every record kept for error messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from govkg.errors import InputError
from govkg.ontology.terms import SOURCE
from govkg.ontology.vocabulary import instruments, roles
from govkg.records import (
    EntityRecord,
    Provenance,
    RecordBatch,
    RelationRecord,
    add_location,
    relation_key_text,
)
from govkg.records.fields import DATE_FIELDS

_LINE = "__line__"
_TOP_LEVEL = {"source", "entities", "relations"}


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of each mapping, so errors can point at it.

    Aliases (`*name`) are refused: records never need them, and a few nested ones expand
    into gigabytes ("billion laughs") once the records are copied.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in record files", mark)
        return super().compose_node(parent, index)


_CBase: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLineLoader(_CBase):  # type: ignore[misc]
    """The same loader on libyaml's parser (PyYAML's wheels carry it): scanning and composing
    in C, ten times faster on large files. Used only for texts without a `*`, so that no
    alias can occur and the pure-Python loader's alias check is not needed."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping  # type: ignore[no-any-return]


def _construct_text(loader: Any, node: yaml.ScalarNode) -> str:
    """Dates stay text, so that an impossible one (2021-02-30) is refused by the record
    checks with its file and line instead of failing inside PyYAML."""
    return str(loader.construct_scalar(node))


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def _read_document(text: str) -> Any:
    """The YAML document, lines kept; libyaml when no alias can occur."""
    loader = _LineLoader if "*" in text else _FastLineLoader
    return yaml.load(text, Loader=loader)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != _LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _as_text(value: Any) -> Any:
    """YAML reads 2021 and 2021-03-01 as int and date; records want the text as written."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value




def _normalise(raw: dict[str, Any]) -> dict[str, Any]:
    data = _strip_lines(raw)
    for key in data.keys() & set(DATE_FIELDS):
        if isinstance(data[key], int) and not isinstance(data[key], bool):
            data[key] = str(data[key])
    return _as_text(data)  # type: ignore[no-any-return]


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"]) or "record"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


_SPACE = re.compile(r"\s+")


def _quote_missing(
    record: EntityRecord | RelationRecord, source_id: str | None, source_text: str | None
) -> str | None:
    """A quote must be verbatim from the source file it names (whitespace aside)."""
    prov = record.provenance
    if source_text is None or prov is None or not prov.quote or prov.source != source_id:
        return None
    if _SPACE.sub("", prov.quote) in _SPACE.sub("", source_text):
        return None
    return f"provenance.quote is not in the source text: {prov.quote!r}"


def parse_yaml_text(text: str, origin: str, base_dir: Path | None = None) -> RecordBatch:
    """Parse the record format; raise InputError naming `origin`, line and field."""
    try:
        document = _read_document(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{origin}{line}: malformed YAML: {problem}") from None
    if document is None:
        raise InputError(f"{origin}: empty file, no records")
    if not isinstance(document, dict):
        raise InputError(f"{origin}:1: expected a mapping with 'entities' and 'relations'")
    unknown = set(document) - _TOP_LEVEL - {_LINE}
    if unknown:
        raise InputError(
            f"{origin}:1: unknown top-level key(s) {sorted(unknown)}; "
            f"allowed: {sorted(_TOP_LEVEL)}"
        )
    errors: list[str] = []
    locations: dict[str, str] = {}
    entities: list[EntityRecord] = []
    relations: list[RelationRecord] = []
    default_source: str | None = None
    source_text: str | None = None

    source = document.get("source")
    if source is not None:
        if not isinstance(source, dict):
            raise InputError(f"{origin}: 'source' must be a mapping")
        line = source.get(_LINE, "?")
        data = _normalise(source)
        source_file = data.pop("file", None)
        if source_file is not None and base_dir is not None:
            try:
                source_text = (base_dir / str(source_file)).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                errors.append(f"{origin}:{line}: source.file {source_file!r}: cannot read: {exc}")
        data.setdefault("type", SOURCE)
        try:
            source_record = EntityRecord.model_validate(data)
            entities.append(source_record)
            default_source = source_record.id
            locations[source_record.id] = f"{origin}:{line}"
        except ValidationError as exc:
            errors.append(f"{origin}:{line}: source: {_describe(exc)}")

    for key, model in (("entities", EntityRecord), ("relations", RelationRecord)):
        items = document.get(key) or []
        if not isinstance(items, list):
            errors.append(f"{origin}:{document.get(_LINE, 1)}: '{key}' must be a list")
            continue
        for index, raw in enumerate(items):
            if not isinstance(raw, dict):
                errors.append(f"{origin}: {key}[{index}]: expected a mapping, got {raw!r}")
                continue
            line = raw.get(_LINE, "?")
            data = _normalise(raw)
            prov = data.setdefault("provenance", {})
            if isinstance(prov, dict) and default_source and "source" not in prov:
                prov["source"] = default_source
            if prov == {}:
                del data["provenance"]
            record: EntityRecord | RelationRecord
            try:
                record = model.model_validate(data)
            except ValidationError as exc:
                label = data.get("id") or data.get("type") or f"#{index}"
                errors.append(f"{origin}:{line}: {key}[{index}] ({label}): {_describe(exc)}")
                continue
            quote_error = _quote_missing(record, default_source, source_text)
            if quote_error:
                errors.append(f"{origin}:{line}: {key}[{index}]: {quote_error}")
                continue
            if isinstance(record, EntityRecord):
                entities.append(record)
                add_location(locations, record.id, f"{origin}:{line}")
            else:
                relations.append(record)
                add_location(locations, relation_key_text(record.key), f"{origin}:{line}")
    if errors:
        raise InputError(f"{origin}: {len(errors)} invalid record(s)", details=errors)
    if not entities and not relations:
        raise InputError(f"{origin}: no records: 'entities' and 'relations' are empty")
    return RecordBatch(
        origin=origin,
        entities=tuple(entities),
        relations=tuple(relations),
        locations=locations,
        references=_vocabulary_references(entities, relations),
    )


def _vocabulary_references(entities: list[EntityRecord], relations: list[RelationRecord]
                           ) -> tuple[EntityRecord, ...]:
    """Concepts of govkg's controlled vocabularies (actor roles, instruments) a file points
    at by id without defining them: added to the load where the graph lacks them, as the law
    loader adds the concepts its articles name (RecordBatch.references)."""
    defined = {e.id for e in entities}
    wanted = {end for r in relations for end in (r.source_id, r.target_id)} - defined
    found: dict[str, EntityRecord] = {}
    for vocabulary in (roles(), instruments()):
        for concept_id in sorted(wanted & vocabulary.concepts.keys()):
            found[concept_id] = vocabulary.concepts[concept_id].record(vocabulary.scheme)
    return tuple(found.values())


def load_yaml_file(path: Path) -> RecordBatch:
    """Read one YAML file of records (UTF-8)."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}:{line}: not UTF-8 text (byte {exc.start}): {exc.reason}; "
                         "convert it, e.g. iconv -f GBK -t UTF-8") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_yaml_text(text, origin=str(path), base_dir=path.parent)


__all__ = ["Provenance", "load_yaml_file", "parse_yaml_text"]
