"""Candidates as a file of the record format (docs/data-format.md) for a person to review.

Every record is `method: extracted` with a confidence, the section and the verbatim sentence it
came from; what is already in the graph is not repeated but named in a `# linked:` comment, so
loading the reviewed file creates no duplicates. Generic references are listed in comments.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from govkg.extract.candidates import Candidate, RelationCandidate
from govkg.extract.pipeline import Extracted
from govkg.extract.resolution import Decisions, Link
from govkg.ontology.terms import (
    FIGURE,
    INSTITUTION,
    MECHANISM,
    PILOT,
    POLICY,
    PROGRAMME,
    REGION,
    SOURCE,
)
from govkg.records.names import normalise

PREFIX = {POLICY: "pol", INSTITUTION: "inst", MECHANISM: "mech", PILOT: "pilot",
          PROGRAMME: "prog", FIGURE: "fig", REGION: "reg", SOURCE: "src"}
_ENTITY_FIELDS = ("name_en", "kind", "doc_type", "status", "issued", "effective", "adopted",
                  "doc_number", "value", "unit", "measure", "qualifier")
_RELATION_FIELDS = ("role", "as_written", "open_list", "since", "until", "batch", "ratio", "note")
_SOURCE_FIELDS = ("id", "name", "name_en", "aliases", "description", "publisher", "url")


def candidate_id(candidate: Candidate) -> str:
    """A stable id for a new candidate: re-extracting the text gives the same ids. A body of
    the gazetteer or a concept of a vocabulary keeps the id the law loader gives it, so the
    two loads make one record."""
    known = candidate.fields.get("known_id")
    if isinstance(known, str):
        return known
    key = candidate.key
    if candidate.type == FIGURE:  # 5倍 of one law is not 5倍 of another: the sentence tells
        key += "\x00" + candidate.sentence.text
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{PREFIX[candidate.type]}-x-{digest}"


def source_id(path: Path) -> str:
    digest = hashlib.sha1(normalise(path.stem).encode("utf-8")).hexdigest()[:10]
    return f"src-x-{digest}"


def _dump(data: Any, indent: int) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096,
                          default_flow_style=False)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def _provenance(sentence_section: str, quote: str, confidence: float, note: str) -> dict[str, Any]:
    prov: dict[str, Any] = {}
    if sentence_section:
        prov["section"] = sentence_section
    prov.update({"quote": quote, "method": "extracted", "confidence": round(confidence, 2)})
    if note:
        prov["note"] = note
    return prov


def _entity(candidate: Candidate, link: Link) -> dict[str, Any]:
    record: dict[str, Any] = {"id": candidate_id(candidate), "type": candidate.type,
                              "name": candidate.name}
    aliases = [a for a in dict.fromkeys(candidate.aliases) if a != candidate.name]
    for field in _ENTITY_FIELDS:
        if candidate.fields.get(field) not in (None, ""):
            record[field] = candidate.fields[field]
    if aliases:
        record["aliases"] = aliases
    notes = "; ".join([*candidate.notes, link.reason])
    record["provenance"] = _provenance(candidate.sentence.section,
                                      candidate.quote or candidate.sentence.text,
                                      candidate.confidence, notes)
    return record


def _relation(relation: RelationCandidate, ends: tuple[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {"type": relation.type, "from": ends[0], "to": ends[1]}
    for field in _RELATION_FIELDS:
        if relation.fields.get(field) is not None:
            record[field] = relation.fields[field]
    record["provenance"] = _provenance(relation.sentence.section,
                                      relation.quote or relation.sentence.text,
                                      relation.confidence, "")
    return record


@dataclass(frozen=True)
class Rendered:
    """The reviewable YAML of one text, and what it proposes (for the run's summary)."""

    text: str
    entities: tuple[Candidate, ...]
    """The candidates written as new records."""
    relations: int
    linked: int
    """Mentions of things the graph (or an earlier text of the run) already has."""


def render(extracted: Extracted, text_path: Path, output: Path, decisions: Decisions,
           encoding: str = "utf-8", proposed: set[str] | None = None) -> Rendered:
    """The reviewable YAML for one text.

    `proposed` holds the ids of records (entities and relations) written for earlier texts of
    the same run; they are not written again, and the new ones are added to it.
    """
    proposed = set() if proposed is None else proposed
    doc = extracted.document
    lines = [
        f"# Candidates extracted by `govkg extract` from {text_path.name} ({encoding}).",
        "# Review: correct or delete records, then `govkg load` this file. Every record is",
        "# method: extracted, with a confidence, its section and the sentence it came from.",
        "# What the graph already has is not repeated: `# linked:` lines name the graph id a",
        "# mention was taken to be, and why.",
    ]
    if extracted.year:
        lines.append(f"# Dates without a year were given the year {extracted.year}.")
    source: dict[str, Any]
    if decisions.source is not None:
        source = {k: v for k, v in decisions.source.items() if k in _SOURCE_FIELDS and v}
        lines.append(f"# linked: the text is source {source['id']} already in the graph")
    else:
        source = {"id": source_id(text_path), "name": doc.title or text_path.stem}
    if encoding == "utf-8":
        source["file"] = Path(os.path.relpath(text_path.resolve(), output.resolve().parent)
                              ).as_posix()
    else:
        lines.append(f"# The text is {encoding}, not UTF-8: its quotes are not checked at load "
                     "time (convert it to UTF-8 and add source.file to check them).")
    lines += ["source:", _dump(source, 2).rstrip("\n"), "", "entities:"]
    ids: dict[str, str] = {}
    written: list[Candidate] = []
    linked = relations = 0
    for candidate in extracted.extraction.candidates:
        link = decisions.links.get(candidate.key, Link(None, "new", 0.0))
        if link.id is not None:
            linked += 1
            ids[candidate.key] = link.id
            lines.append(f"  # linked: {candidate.type} {candidate.name} → {link.id} "
                         f"({link.reason})")
            continue
        ids[candidate.key] = candidate_id(candidate)
        if ids[candidate.key] in proposed:
            linked += 1
            lines.append(f"  # linked: {candidate.type} {candidate.name} → {ids[candidate.key]}"
                         " (proposed for an earlier text of this run)")
            continue
        proposed.add(ids[candidate.key])
        written.append(candidate)
        lines.append(_dump([_entity(candidate, link)], 2).rstrip("\n"))
    lines += ["", "relations:"]
    for relation in extracted.extraction.relations:
        ends = (ids.get(relation.source), ids.get(relation.target))
        if ends[0] is None or ends[1] is None:
            continue
        if (relation.source, relation.type, relation.target) in decisions.existing_relations:
            lines.append(f"  # linked: {ends[0]} -[{relation.type}]-> {ends[1]} is in the graph")
            continue
        relation_id = f"{ends[0]} -[{relation.type}]-> {ends[1]}"
        if relation_id in proposed:
            lines.append(f"  # linked: {relation_id} (proposed for an earlier text of this run)")
            continue
        proposed.add(relation_id)
        relations += 1
        lines.append(_dump([_relation(relation, (ends[0], ends[1]))], 2).rstrip("\n"))
    if extracted.extraction.roles:
        lines += ["", "# Roles (a function or a category of actors, not one named body), with",
                  "# the actor-role vocabulary's concept; not records, listed for the reviewer:"]
        for candidate in extracted.extraction.roles:
            section = candidate.sentence.section or "-"
            concept = candidate.fields.get("concept")
            of = f" → {concept}" if concept else ""
            lines.append(f"#   {candidate.name}{of} ({section}): {candidate.sentence.text[:60]}")
    return Rendered("\n".join(lines) + "\n", tuple(written), relations, linked)
