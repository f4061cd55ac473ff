"""A text in the law corpus format (`# title`, a header of dated events, `<!-- INFO END -->`,
articles) read with the law loader's own parser, so that the document's title, its header
events (kind, date, body), its effective date and its issuer come out exactly as the loader
reads them, and its jurisdiction from its title, a manifest.csv beside the file, or the
bodies of its header. Any other text gives None and is read by the general rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govkg.errors import InputError
from govkg.loaders.law_text import INFO_END, HeaderEvent, LawText, parse_law
from govkg.loaders.laws import (
    MAKES_VERSION,
    MANIFEST,
    ManifestRow,
    event_body,
    jurisdiction_of,
    read_manifest,
)
from govkg.ontology.vocabulary import Gazetteer, Region, gazetteer


@dataclass(frozen=True)
class Event:
    """One header event: kind, ISO date, the body's full name (None when it names none),
    and where its line is in the text."""

    kind: str
    date: str
    body: str | None
    text: str
    start: int
    end: int
    body_start: int
    body_end: int
    decision: str | None
    body_id: str | None = None


@dataclass(frozen=True)
class LawHeader:
    """What the header and the closing article of a law text say about the text itself."""

    law: LawText
    title: str
    region: Region | None
    events: tuple[Event, ...]
    effective: str | None
    effective_where: str | None
    effective_quote: str | None
    issuer: Event | None
    end: int
    """Offset of the `<!-- INFO END -->` line: what comes before it is the header."""


def _row(path: Path | None) -> ManifestRow | None:
    if path is None:
        return None
    manifest = path.parent / MANIFEST
    try:
        stamp = manifest.stat().st_mtime_ns
    except OSError:
        return None
    try:
        return _manifest(path.parent, stamp).get(path.name)
    except InputError:
        return None


@lru_cache(maxsize=16)
def _manifest(folder: Path, stamp: int) -> dict[str, ManifestRow]:
    """A folder's manifest, read once while the file is unchanged (`stamp`: its mtime)."""
    return read_manifest(folder)


def _region(law: LawText, path: Path | None, places: Gazetteer) -> Region | None:
    try:
        return jurisdiction_of(law, _row(path), places)
    except InputError:
        return None


def _event(law: LawText, event: HeaderEvent, offsets: list[int], home: Region | None,
           places: Gazetteer) -> Event:
    line_start = offsets[event.line - 1]
    line = law.text[line_start:offsets[event.line] - 1 if event.line < len(offsets)
                    else len(law.text)]
    start = line_start + max(0, line.find(event.text))
    end = start + len(event.text)
    body_name = body_id = None
    body_start, body_end = start, start
    if home is not None:
        body_id = event_body(event, home, places)
        record = places.body_record(body_id) if body_id else None
        body_name = record.name if record is not None else None
    if body_name is not None:
        written = event.body_text or next(
            (n for n in (body_name, "中华人民共和国国务院", "国务院") if n in event.text), None)
        found = law.text.find(written, start, end) if written else -1
        if found >= 0 and written is not None:
            body_start, body_end = found, found + len(written)
    return Event(event.kind, event.date, body_name, event.text, start, end, body_start,
                 body_end, event.decision, body_id if body_name else None)


def read_header(text: str, path: Path | None = None,
                places: Gazetteer | None = None) -> LawHeader | None:
    """The law header of `text`, or None when the text is not in the law corpus format."""
    if not text.startswith("# ") or INFO_END not in text:
        return None
    places = places or gazetteer()
    try:
        law = parse_law(path or Path("<text>"), text)
    except InputError:
        return None
    region = _region(law, path, places)
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    events = tuple(_event(law, e, offsets, region, places) for e in law.events)
    issuer = None
    for event in events:
        if event.body and (event.kind in MAKES_VERSION or
                           (issuer is None and event.kind == "promulgated")):
            issuer = event
    effective, where, quote = _effective(law, events)
    return LawHeader(law, law.title, region, events, effective, where, quote, issuer,
                     text.index(INFO_END))


def _effective(law: LawText, events: tuple[Event, ...]
               ) -> tuple[str | None, str | None, str | None]:
    """The date the text says it takes effect: a 施行 line of the header, else its closing
    article (本条例自…起施行; 自公布之日起施行 with the header's promulgation date)."""
    header = next((e for e in events if e.kind == "effective"), None)
    if header is not None:
        return header.date, "题注", header.text
    clause = law.effective
    if clause is None:
        return None, None, None
    if clause.date:
        return clause.date, clause.article, clause.quote
    promulgated = next((e.date for e in reversed(events) if e.kind == "promulgated"), None)
    if clause.on_promulgation and promulgated:
        return promulgated, clause.article, clause.quote
    return None, None, None


__all__ = ["Event", "LawHeader", "read_header"]
