"""ROR (Research Organization Registry) records, schema v2: names with language tags, types,
parent/child relations. Matching institutions of the graph get their ROR id; a parent/child
pair of matched institutions becomes a PART_OF relation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govkg.errors import InputError
from govkg.ontology.terms import INSTITUTION, PART_OF, SOURCE
from govkg.records import EntityRecord, Provenance, RecordBatch, RelationRecord
from govkg.records.names import normalise

ROR_SOURCE_ID = "src-ror"
_NAME_TYPES = {"ror_display", "label", "alias", "acronym"}


@dataclass(frozen=True)
class RorName:
    value: str
    lang: str | None
    types: tuple[str, ...]


@dataclass(frozen=True)
class RorOrganization:
    """The parts of a ROR v2 record govkg uses."""

    id: str
    names: tuple[RorName, ...]
    types: tuple[str, ...]
    status: str
    relationships: tuple[tuple[str, str], ...]
    """(type, ROR id): parent, child, related, successor, predecessor."""

    @property
    def display(self) -> str:
        return next((n.value for n in self.names if "ror_display" in n.types), self.names[0].value)

    def match_names(self) -> list[str]:
        """Names to match on: display names, labels and aliases in every language, not
        acronyms (CAS is too short to be sure of)."""
        return [n.value for n in self.names if set(n.types) - {"acronym"}]


def _record(raw: Any, where: str) -> RorOrganization:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a ROR record (a JSON object)")
    if "names" not in raw and "name" in raw:
        raise InputError(f"{where}: a ROR schema v1 record ('name' without 'names'); "
                         "govkg reads schema v2 (ROR data dumps since 2024)")
    ror_id = raw.get("id")
    if not isinstance(ror_id, str) or not ror_id.startswith("https://ror.org/"):
        raise InputError(f"{where}: field 'id' must be a ROR id like https://ror.org/013q1eq08")
    names = []
    for index, name in enumerate(raw.get("names") or []):
        if not isinstance(name, dict) or not isinstance(name.get("value"), str):
            raise InputError(f"{where} ({ror_id}): names[{index}] needs a 'value'")
        types = tuple(t for t in name.get("types") or [] if t in _NAME_TYPES)
        names.append(RorName(name["value"], name.get("lang"), types))
    if not names:
        raise InputError(f"{where} ({ror_id}): field 'names' is empty")
    relationships = []
    for index, rel in enumerate(raw.get("relationships") or []):
        if not isinstance(rel, dict) or not {"type", "id"} <= rel.keys():
            raise InputError(f"{where} ({ror_id}): relationships[{index}] needs 'type' and 'id'")
        relationships.append((str(rel["type"]), str(rel["id"])))
    return RorOrganization(ror_id, tuple(names), tuple(raw.get("types") or []),
                           str(raw.get("status", "active")), tuple(relationships))


def read_ror(path: Path) -> list[RorOrganization]:
    """A ROR data dump (a JSON array), an API answer ({"items": [...]}) or one record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON array of ROR records")
    return [_record(raw, f"{path}: record {index}") for index, raw in enumerate(data)]


@dataclass
class RorReport:
    """What a ROR load did."""

    records: int = 0
    matched: dict[str, str] = field(default_factory=dict)
    """ROR id → institution id."""
    part_of: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    @property
    def unmatched(self) -> int:
        return self.records - len(self.matched)


def attach_ror(
    organizations: Iterable[RorOrganization], institutions: Iterable[EntityRecord],
    existing_part_of: set[tuple[str, str]], origin: str,
) -> tuple[RecordBatch, RorReport]:
    """Institutions with their ROR id set (every other field kept), and PART_OF relations
    between matched institutions that ROR says are parent and child."""
    institutions = [i for i in institutions if i.type == INSTITUTION]
    by_key: dict[str, set[str]] = {}
    by_id = {i.id: i for i in institutions}
    for institution in institutions:
        for name in (institution.name, institution.name_en, *institution.aliases):
            if name:
                by_key.setdefault(normalise(name), set()).add(institution.id)
    report = RorReport()
    updated: dict[str, EntityRecord] = {}
    organizations = list(organizations)
    for org in organizations:
        report.records += 1
        found = set().union(*(by_key.get(normalise(n), set()) for n in org.match_names()))
        if len(found) > 1:
            report.ambiguous.append(f"{org.id} ({org.display}) matches {sorted(found)}")
            continue
        if not found:
            continue
        institution = updated.get(next(iter(found))) or by_id[next(iter(found))]
        if institution.ror and institution.ror != org.id:
            report.conflicts.append(f"{institution.id} has ROR {institution.ror}, "
                                    f"not {org.id} ({org.display})")
            continue
        changes: dict[str, Any] = {"ror": org.id}
        english = next((n.value for n in org.names if "ror_display" in n.types
                        and n.lang == "en"), None)
        if institution.name_en is None and english:
            changes["name_en"] = english
        updated[institution.id] = institution.model_copy(update=changes)
        report.matched[org.id] = institution.id
    relations = []
    provenance = Provenance(source=ROR_SOURCE_ID, method="imported",
                            note="parent/child relationship in ROR")
    for org in organizations:
        child = report.matched.get(org.id)
        for rel_type, other in org.relationships:
            parent = report.matched.get(other)
            if rel_type != "parent" or child is None or parent is None:
                continue
            if (child, parent) in existing_part_of or (child, parent) in report.part_of:
                continue
            report.part_of.append((child, parent))
            relations.append(RelationRecord.model_validate(
                {"type": PART_OF, "from": child, "to": parent,
                 "provenance": provenance.model_dump(exclude_none=True)}))
    entities: list[EntityRecord] = []
    if updated or relations:
        entities.append(EntityRecord(id=ROR_SOURCE_ID, type=SOURCE,
                                     name="Research Organization Registry (ROR)",
                                     url="https://ror.org", publisher="ROR"))
    entities += updated.values()
    return RecordBatch(origin=origin, entities=tuple(entities), relations=tuple(relations)), report
