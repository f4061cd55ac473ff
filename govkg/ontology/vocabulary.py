"""govkg's reference data: the gazetteer of regions and the controlled vocabularies of actor
roles and instruments (govkg/ontology/vocabulary/*.yaml), and the graph records made of them.

They are part of the ontology, not facts of a text: a region's parent is a public fact
(method `background`), a concept is govkg's own curated vocabulary (method `curated`). The law
loader links articles to these ids; the records are added to a load only where the graph and
the load do not already have them (RecordBatch.references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from govkg.errors import InputError
from govkg.ontology.terms import ACTOR_ROLE, INSTITUTION, MECHANISM, PART_OF, REGION
from govkg.records import EntityRecord, Provenance, RelationRecord

VOCABULARY_DIR = Path(str(resources.files("govkg.ontology"))) / "vocabulary"
GAZETTEER_NOTE = ("public administrative fact (govkg gazetteer, "
                  "govkg/ontology/vocabulary/regions.yaml)")


@dataclass(frozen=True)
class Region:
    """A region of the gazetteer, with the ids of its bodies."""

    id: str
    code: str
    name: str
    name_en: str
    short: tuple[str, ...]
    level: str
    parent: str | None

    def body_id(self, kind: str) -> str:
        """inst-<code>-gov, -pc (people's congress) or -pc-sc (its standing committee)."""
        return f"inst-{self.code}-{kind}"


BODY_KINDS = {
    "gov": ("人民政府", "People's Government"),
    "pc": ("人民代表大会", "People's Congress"),
    "pc-sc": ("人民代表大会常务委员会", "Standing Committee of the People's Congress"),
}
NATIONAL_BODIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "inst-cn-state-council": ("国务院", "State Council", ("中华人民共和国国务院",)),
    "inst-cn-npc": ("全国人民代表大会", "National People's Congress", ("全国人大",)),
    "inst-cn-npc-sc": ("全国人民代表大会常务委员会", "Standing Committee of the National People's "
                       "Congress", ("全国人大常委会",)),
}
_NATIONAL_KIND = {"gov": "inst-cn-state-council", "pc": "inst-cn-npc", "pc-sc": "inst-cn-npc-sc"}


class Gazetteer:
    """Regions by id and by name (full or short), and the bodies named after them."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = {r.id: r for r in regions}
        self._by_name: dict[str, Region] = {}
        for region in regions:
            for name in (region.name, *region.short):
                self._by_name.setdefault(name, region)
        names = sorted(self._by_name, key=len, reverse=True)
        self._prefix = re.compile("^(" + "|".join(map(re.escape, names)) + ")")

    def named(self, name: str) -> Region | None:
        return self._by_name.get(name)

    def at_start(self, text: str) -> Region | None:
        """The region whose name (full or short) `text` starts with, longest first."""
        match = self._prefix.match(text)
        return self._by_name[match.group(1)] if match else None

    def parent(self, region: Region) -> Region | None:
        return self.regions.get(region.parent) if region.parent else None

    def body(self, region: Region, kind: str) -> tuple[str, str]:
        """(id, name) of a region's government, people's congress or its standing committee."""
        if region.level == "national":
            body_id = _NATIONAL_KIND[kind]
            return body_id, NATIONAL_BODIES[body_id][0]
        return region.body_id(kind), region.name + BODY_KINDS[kind][0]

    def body_record(self, body_id: str) -> EntityRecord | None:
        """The Institution record of a body id this gazetteer names, or None."""
        if body_id in NATIONAL_BODIES:
            name, name_en, known = NATIONAL_BODIES[body_id]
            return _body(body_id, name, f"{name_en} of the People's Republic of China"
                         if body_id != "inst-cn-state-council" else name_en, known)
        for region in self.regions.values():
            for kind, (suffix, suffix_en) in BODY_KINDS.items():
                if region.body_id(kind) == body_id:
                    aliases: tuple[str, ...] = tuple(s + suffix for s in region.short)
                    if kind == "pc-sc":
                        aliases += tuple(f"{s}人大常委会" for s in (region.name, *region.short))
                    return _body(body_id, region.name + suffix,
                                 f"{region.name_en} {suffix_en}", aliases)
        return None

    def region_records(self, region_id: str) -> tuple[list[EntityRecord], list[RelationRecord]]:
        """The region and its ancestors, with their PART_OF links (all background)."""
        entities, relations = [], []
        region = self.regions.get(region_id)
        while region is not None:
            entities.append(EntityRecord(
                id=region.id, type=REGION, name=region.name, name_en=region.name_en,
                aliases=region.short, level=region.level,
                provenance=Provenance(method="background", note=GAZETTEER_NOTE)))
            parent = self.parent(region)
            if parent is not None:
                relations.append(RelationRecord.model_validate({
                    "type": PART_OF, "from": region.id, "to": parent.id,
                    "provenance": {"method": "background", "note": GAZETTEER_NOTE}}))
            region = parent
        return entities, relations


def _body(body_id: str, name: str, name_en: str, aliases: tuple[str, ...]) -> EntityRecord:
    return EntityRecord(id=body_id, type=INSTITUTION, name=name, name_en=name_en,
                        aliases=tuple(dict.fromkeys(aliases)), kind="government",
                        provenance=Provenance(method="background", note=GAZETTEER_NOTE))


@dataclass(frozen=True)
class Concept:
    """A concept of a controlled vocabulary, with the spellings texts use for it."""

    id: str
    name: str
    name_en: str
    labels: tuple[str, ...]
    broader: str | None
    close_match: str | None
    type: str

    def record(self, scheme: str) -> EntityRecord:
        return EntityRecord(
            id=self.id, type=self.type, name=self.name, name_en=self.name_en,
            aliases=tuple(label for label in self.labels if label != self.name),
            close_match=self.close_match,
            provenance=Provenance(method="curated", note=f"govkg controlled vocabulary: "
                                  f"{scheme} (govkg/ontology/vocabulary)"))


@dataclass(frozen=True)
class Mention:
    """A label of a concept found in a text: where, and as written."""

    concept: Concept
    start: int
    end: int
    as_written: str


class Vocabulary:
    """One scheme's concepts and a matcher that finds their labels, longest first."""

    def __init__(self, scheme: str, concepts: list[Concept]) -> None:
        self.scheme = scheme
        self.concepts = {c.id: c for c in concepts}
        self._by_label: dict[str, Concept] = {}
        for concept in concepts:
            for label in (concept.name, *concept.labels):
                self._by_label.setdefault(label, concept)
        labels = sorted(self._by_label, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, labels))) if labels else None

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping mentions, the longest label winning at each place."""
        if self._pattern is None:
            return []
        return [Mention(self._by_label[m.group(0)], m.start(), m.end(), m.group(0))
                for m in self._pattern.finditer(text)]


def _read(name: str) -> dict[str, Any]:
    path = VOCABULARY_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the vocabulary: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping")
    return data


@cache
def gazetteer() -> Gazetteer:
    regions = [Region(id=r["id"], code=r["code"], name=r["name"], name_en=r["name_en"],
                      short=tuple(r.get("short") or ()), level=r["level"],
                      parent=r.get("parent")) for r in _read("regions.yaml")["regions"]]
    return Gazetteer(regions)


def _vocabulary(name: str, type_: str) -> Vocabulary:
    data = _read(name)
    concepts = [Concept(id=c["id"], name=c["name"], name_en=c.get("name_en") or c["name"],
                        labels=tuple(c.get("labels") or ()), broader=c.get("broader"),
                        close_match=c.get("close_match"), type=type_)
                for c in data.get("concepts") or []]
    return Vocabulary(str(data["scheme"]["name_en"]), concepts)


@cache
def roles() -> Vocabulary:
    """Actor roles (ActorRole): 科学技术行政部门, 高等学校, 企业 …"""
    return _vocabulary("roles.yaml", ACTOR_ROLE)


@cache
def instruments() -> Vocabulary:
    """Instruments and mechanisms (Mechanism): 科技成果转化引导基金, 科技创新券, 后补助 …"""
    return _vocabulary("instruments.yaml", MECHANISM)


__all__ = ["BODY_KINDS", "Concept", "Gazetteer", "Mention", "Region", "Vocabulary",
           "gazetteer", "instruments", "roles"]
