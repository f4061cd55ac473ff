"""Law texts → records: each law a work (Law) with one version per text (LawVersion), its
header events, its articles, and what the articles cite and name.

The files of one load are read together, because a law's versions, the laws it cites and the
bodies and regions it names are shared between files. Every fact keeps its source (the
version's file), its place (the article, or the header) and its quote; the method says how it
was taken: `extracted` for what the rules read from the text, `imported` for the corpus
manifest's metadata, `cited` for a law known only because a text cites it, `inferred` for the
order of versions, `background` for the gazetteer's regions and bodies.

Which version is in force when: a version starts to be in force on the date its text states
(本条例自…起施行, or a 施行 line of the header) when that date is not older than the version
itself; otherwise on the manifest's date; otherwise on the version's own date (marked as
such in `in_force_basis`). It stays in force until the version that SUPERSEDES it starts.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govkg.errors import InputError
from govkg.loaders.law_text import HeaderEvent, LawArticle, LawText, read_law
from govkg.ontology.terms import (
    AMENDS,
    ARTICLE,
    CITES,
    DECIDED_BY,
    HAS_ARTICLE,
    HAS_EVENT,
    HAS_VERSION,
    IN_JURISDICTION,
    ISSUED_BY,
    LAW,
    LAW_VERSION,
    LEGAL_BASIS,
    LEGISLATIVE_EVENT,
    NAMES,
    NAMES_ROLE,
    POLICY,
    REPEALS,
    SOURCE,
    SUPERSEDES,
    USES_MECHANISM,
)
from govkg.ontology.vocabulary import Gazetteer, Region, gazetteer, instruments, roles
from govkg.records import EntityRecord, Provenance, RecordBatch, RelationKey, RelationRecord
from govkg.records.batch import relation_key_text
from govkg.records.names import normalise

MANIFEST = "manifest.csv"
PRC = "中华人民共和国"
LEVELS = ("法律", "行政法规", "地方性法规", "部门规章", "地方政府规章", "规范性文件")
HEADER = "题注"
"""Section name of the header (the notes under the title) in provenance."""
KIND_ZH = {"adopted": "通过", "amended": "修正", "revised": "修订", "approved": "批准",
           "promulgated": "公布", "effective": "施行"}
MAKES_VERSION = ("adopted", "amended", "revised")
CITATION_RELATIONS = {"basis": LEGAL_BASIS, "repeal": REPEALS, "cite": CITES,
                      "amendment": CITES}
_LAW_ENDINGS = ("法", "条例", "规定", "办法", "细则", "规则", "决议")
_NAMED_LOCAL = re.compile(
    r"(?<![县区级以上各设的和、与及])(本省|本市|省|市|自治区)"
    r"(人民政府|人民代表大会常务委员会|人民代表大会)(?![^，。；、：]{0,12}?(?:部门|机构))")
_STATE_COUNCIL = re.compile(r"国务院(?![^，。；、：]{0,12}?(?:部门|机构))")
_NPC = re.compile(r"全国人民代表大会(常务委员会)?")


def strip_prc(title: str) -> str:
    return title[len(PRC):] if title.startswith(PRC) and len(title) > len(PRC) else title


def short_hash(text: str, size: int = 5) -> str:
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


def work_id(title: str) -> str:
    """The id of the law a title names, the same with and without 中华人民共和国."""
    return f"law-{short_hash(normalise(strip_prc(title)))}"


@dataclass(frozen=True)
class ManifestRow:
    """One row of a corpus's manifest.csv (see data/corpus/laws/SOURCE.md)."""

    file: str
    title: str
    version_date: str | None
    level: str
    region: str
    valid_from: str | None
    expired: bool
    sha256: str
    where: str


def _manifest_date(value: str, where: str, field: str) -> str | None:
    if not value:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{where}: {field} {value!r} is not a real date (YYYY-MM-DD)",
                         details={"field": field}) from None


def read_manifest(folder: Path) -> dict[str, ManifestRow]:
    """The manifest of a law corpus folder by file name, checked row by row."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    rows: dict[str, ManifestRow] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"file", "title", "level", "region"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(f"{path}:1: manifest lacks column(s) {sorted(missing)}")
        for number, row in enumerate(reader, start=2):
            where = f"{path}:{number}"
            level = (row.get("level") or "").strip()
            if level not in LEVELS:
                raise InputError(f"{where}: unknown level {level!r}; known: {', '.join(LEVELS)}",
                                 details={"field": "level", "allowed": list(LEVELS)})
            rows[row["file"]] = ManifestRow(
                file=row["file"], title=row["title"],
                version_date=_manifest_date(row.get("version_date") or "", where,
                                            "version_date"),
                level=level, region=(row.get("region") or "").strip(),
                valid_from=_manifest_date(row.get("valid_from") or "", where, "valid_from"),
                expired=(row.get("expired") or "").strip() == "1",
                sha256=(row.get("sha256") or "").strip(), where=where)
    return rows


@dataclass
class _Context:
    """What one file's records need to know about the law."""

    law: LawText
    row: ManifestRow | None
    jurisdiction: Region
    version_id: str
    source_id: str
    work: str


class LawBatchBuilder:
    """Builds the records of a set of law files (see the module text)."""

    def __init__(self, places: Gazetteer | None = None) -> None:
        self.places = places or gazetteer()
        self.roles = roles()
        self.instruments = instruments()
        self.entities: list[EntityRecord] = []
        self.relations: dict[RelationKey, RelationRecord] = {}
        self.references: dict[str, EntityRecord] = {}
        self.locations: dict[str, str] = {}
        self.versions: dict[str, list[EntityRecord]] = defaultdict(list)
        self.titles: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        """work id → (version date, title, source id) of each version."""
        self.jurisdictions: dict[str, tuple[Region, Provenance]] = {}
        self.levels: dict[str, str] = {}
        self.former_titles: dict[str, set[str]] = defaultdict(set)

    # ------------------------------------------------------------------ per file

    def add(self, law: LawText, row: ManifestRow | None) -> None:
        if row is not None and row.sha256:
            digest = hashlib.sha256(law.text.encode("utf-8")).hexdigest()
            if not digest.startswith(row.sha256):
                raise InputError(f"{law.path}: its SHA-256 {digest[:16]} differs from "
                                 f"{row.where} ({row.sha256}): the file was changed",
                                 details={"file": str(law.path)})
        jurisdiction = self._jurisdiction(law, row)
        version_date = self._version_date(law, row)
        work = work_id(law.title)
        version_id = f"{work}-{version_date.replace('-', '')}"
        context = _Context(law, row, jurisdiction, version_id, f"src-{version_id}", work)
        if any(v.id == version_id for v in self.versions[work]):
            raise InputError(f"{law.path}: a second text of {law.title} dated {version_date}",
                             details={"file": str(law.path)})
        self._source(context)
        version = self._version(context, version_date)
        self.versions[work].append(version)
        self.titles[work].append((version_date, law.title, context.source_id))
        self.levels.setdefault(work, self._level(law, row, context))
        self._relate(HAS_VERSION, work, version_id, self._prov(context, "标题", law.title))
        self._events(context)
        for article in law.articles:
            self._article(context, article)

    def _prov(self, context: _Context, section: str | None, quote: str | None = None,
              method: str = "extracted", note: str | None = None) -> Provenance:
        return Provenance.model_validate({"source": context.source_id, "section": section,
                                          "quote": quote, "method": method, "note": note})

    def _jurisdiction(self, law: LawText, row: ManifestRow | None) -> Region:
        return jurisdiction_of(law, row, self.places)

    def _version_date(self, law: LawText, row: ManifestRow | None) -> str:
        dated = [e.date for e in law.events if e.kind != "effective"]
        if dated:
            return max(dated)
        if row is not None and row.version_date:
            return row.version_date
        if law.effective is not None and law.effective.date:
            return law.effective.date
        raise InputError(f"{law.path}:1: no date for this version: the header has no events, "
                         "no manifest row gives one and the text states no effective date",
                         details={"file": str(law.path)})

    def _level(self, law: LawText, row: ManifestRow | None, context: _Context) -> str:
        if row is not None:
            return row.level
        makers = [self._body(e, context) for e in law.events if e.kind in MAKES_VERSION]
        made_by = next((b for b in reversed(makers) if b), None)
        if made_by in ("inst-cn-npc", "inst-cn-npc-sc"):
            return "法律"
        if made_by == "inst-cn-state-council":
            return "行政法规"
        if made_by is not None and made_by.endswith(("-pc", "-pc-sc")):
            return "地方性法规"
        raise InputError(f"{law.path}:1: unknown level: no manifest row and no adopting "
                         "body in the header tells whether it is a 法律, 行政法规 or 地方性法规",
                         details={"field": "level", "allowed": list(LEVELS)})

    # ------------------------------------------------------------------ header

    def _body(self, event: HeaderEvent, context: _Context) -> str | None:
        """The id of the body that acted in a header event, or None when it names none."""
        return event_body(event, context.jurisdiction, self.places)

    def _events(self, context: _Context) -> None:
        law = context.law
        issuer: tuple[str, HeaderEvent] | None = None
        for index, event in enumerate(law.events, start=1):
            event_id = f"{context.version_id}-e{index}"
            record = EntityRecord(
                id=event_id, type=LEGISLATIVE_EVENT,
                name=f"{law.title} {KIND_ZH[event.kind]}（{event.date}）", kind=event.kind,
                date=event.date, session=event.session, decision=event.decision,
                provenance=self._prov(context, HEADER, event.text))
            self._entity(record, f"{law.path}:{event.line}")
            self._relate(HAS_EVENT, context.version_id, event_id,
                         self._prov(context, HEADER, event.text))
            body = self._body(event, context)
            if body is not None:
                self._body_reference(body)
                self._relate(DECIDED_BY, event_id, body, self._prov(context, HEADER, event.text))
                if event.kind in MAKES_VERSION or (issuer is None and event.kind == "promulgated"):
                    issuer = (body, event)
            if event.decision:
                self._decision(context, event)
            if event.adopted_title and normalise(event.adopted_title) != normalise(law.title):
                self.former_titles[context.work].add(event.adopted_title)
        if issuer is not None:
            self._relate(ISSUED_BY, context.version_id, issuer[0],
                         self._prov(context, HEADER, issuer[1].text))

    def _decision(self, context: _Context, event: HeaderEvent) -> None:
        """The decision an amendment or revision was made by: a policy known only because
        the header cites it, AMENDS the version it made (or the law, for an older one)."""
        assert event.decision is not None
        title = re.sub(r"[〈<]", "《", re.sub(r"[〉>]", "》", event.decision))
        decision_id = f"pol-dec-{short_hash(f'{normalise(title)} {event.date}')}"
        self._reference(EntityRecord(
            id=decision_id, type=POLICY, name=title, doc_type="decision", issued=event.date,
            provenance=self._prov(context, HEADER, event.text, method="cited",
                                  note=f"known only because the header of {context.law.title} "
                                       "cites it")))
        target = context.version_id if event.date == max(
            e.date for e in context.law.events if e.kind != "effective") else context.work
        self._relate(AMENDS, decision_id, target, self._prov(context, HEADER, event.text))

    # ------------------------------------------------------------------ articles

    def _article(self, context: _Context, article: LawArticle) -> None:
        law = context.law
        article_id = f"{context.version_id}-a{article.number}"
        if article.label.endswith(tuple("一二三四五六七八九十")) and "之" in article.label:
            article_id += f"-{article.label.rsplit('之', 1)[1]}"
        self._entity(EntityRecord(
            id=article_id, type=ARTICLE, name=article.label, number=article.number,
            chapter=article.chapter, text=article.text,
            provenance=self._prov(context, article.label)), f"{law.path}:{article.line}")
        self._relate(HAS_ARTICLE, context.version_id, article_id,
                     self._prov(context, article.label))
        for citation in article.citations:
            target = work_id(citation.title)
            if target == context.work and citation.kind != "repeal":
                continue  # the law naming itself
            self._relate(CITATION_RELATIONS[citation.kind], article_id, target,
                         self._prov(context, article.label, citation.quote),
                         as_written=citation.title)
            self._cited(context, article, citation.title, citation.quote)
        for vocabulary, relation in ((self.roles, NAMES_ROLE), (self.instruments, USES_MECHANISM)):
            for mention in vocabulary.find(article.text):
                self._reference(mention.concept.record(vocabulary.scheme))
                self._relate(relation, article_id, mention.concept.id,
                             self._prov(context, article.label,
                                        _clause(article.text, mention.start, mention.end)),
                             as_written=mention.as_written)
        for body, start, end in self._named_bodies(context, article.text):
            self._body_reference(body)
            self._relate(NAMES, article_id, body,
                         self._prov(context, article.label, _clause(article.text, start, end)),
                         as_written=article.text[start:end])

    def _named_bodies(self, context: _Context, text: str) -> Iterable[tuple[str, int, int]]:
        return named_bodies(text, context.jurisdiction, self.places)

    def _cited(self, context: _Context, article: LawArticle, title: str, quote: str) -> None:
        """A law or policy known only because it is cited (dropped when it is loaded)."""
        is_law = title.endswith(_LAW_ENDINGS) and not title.endswith("决定")
        aliases = (strip_prc(title),) if strip_prc(title) != title else ()
        record = EntityRecord(
            id=work_id(title), type=LAW if is_law else POLICY, name=title, aliases=aliases,
            doc_type=None if is_law else _doc_type(title),
            provenance=self._prov(context, article.label, quote, method="cited",
                                  note=f"known only because {context.law.title} cites it"))
        self._reference(record)

    # ------------------------------------------------------------------ bookkeeping

    def _source(self, context: _Context) -> None:
        law, row = context.law, context.row
        digest = hashlib.sha256(law.text.encode("utf-8")).hexdigest()
        self._entity(EntityRecord(
            id=context.source_id, type=SOURCE, name=f"{law.title}（{context.version_id[-8:]}）",
            file=str(law.path), sha256=digest,
            publisher="国家法律法规数据库 (via the LawRefBook/Laws collection)" if row else None),
            f"{law.path}:1")

    def _version(self, context: _Context, version_date: str) -> EntityRecord:
        law, row = context.law, context.row
        stated = law.effective.date if law.effective else None
        header = next((e.date for e in law.events if e.kind == "effective"), None)
        stated = header or stated
        promulgated = next((e.date for e in reversed(law.events) if e.kind == "promulgated"),
                           None)
        if law.effective is not None and law.effective.on_promulgation and promulgated:
            stated = stated or promulgated
        if stated is not None and stated >= version_date:
            start, basis = stated, "effective"
        elif row is not None and row.valid_from and row.valid_from >= version_date:
            start, basis = row.valid_from, "manifest"
        else:
            start, basis = version_date, "adoption"
        record = EntityRecord(
            id=context.version_id, type=LAW_VERSION, name=f"{law.title}（{version_date}）",
            aliases=(law.title,), version_date=version_date,
            effective=stated, in_force_from=start, in_force_basis=basis,
            provenance=self._prov(
                context, law.effective.article if basis == "effective" and law.effective
                else HEADER, law.effective.quote if basis == "effective" and law.effective
                else None, note=_basis_note(basis, stated, row)))
        self._entity(record, f"{law.path}:1")
        return record

    def _entity(self, record: EntityRecord, where: str) -> None:
        self.entities.append(record)
        self.locations[record.id] = where

    def _relate(self, type_: str, source: str, target: str, provenance: Provenance,
                **fields: Any) -> None:
        relation = RelationRecord.model_validate(
            {"type": type_, "from": source, "to": target, **fields,
             "provenance": provenance.model_dump(exclude_none=True)})
        self.relations.setdefault(relation.key, relation)  # the first mention is kept

    def _reference(self, record: EntityRecord, *, defining: bool = False) -> None:
        """A shared record; `defining` ones (a law read here) win over any other."""
        if defining:
            self.references[record.id] = record
        else:
            self.references.setdefault(record.id, record)

    def _body_reference(self, body_id: str) -> None:
        record = self.places.body_record(body_id)
        if record is not None:
            self._reference(record)

    # ------------------------------------------------------------------ whole batch

    def batch(self, origin: str) -> RecordBatch:
        """The records of every file added: versions chained, one record per law."""
        for work, versions in self.versions.items():
            ordered = sorted(versions, key=lambda v: (str(v.in_force_from),
                                                      str(v.version_date)))
            for earlier, later in itertools.pairwise(ordered):
                self._relate(SUPERSEDES, later.id, earlier.id, Provenance(
                    method="inferred", note="the later text of the same law; it starts to "
                    f"be in force on {later.in_force_from}"))
            self._work(work, ordered)
        relations = tuple(self.relations.values())
        locations = dict(self.locations)
        for relation in relations:
            text = relation_key_text(relation.key)
            locations.setdefault(text, self.locations.get(relation.source_id, origin))
        return RecordBatch(origin=origin, entities=tuple(self.entities), relations=relations,
                           locations=locations, references=tuple(self.references.values()))

    def _work(self, work: str, ordered: list[EntityRecord]) -> None:
        titles = self.titles[work]
        _date, title, source = max(titles)
        aliases = {t for _, t, _ in titles} | {strip_prc(t) for _, t, _ in titles}
        aliases |= self.former_titles[work]
        aliases.discard(title)
        context_region = self._region_of(work)
        provenance = Provenance(source=source, section="标题", quote=title, method="extracted")
        self._reference(EntityRecord(
            id=work, type=LAW, name=title, aliases=tuple(sorted(aliases)),
            level=self.levels[work], provenance=provenance), defining=True)
        if context_region is not None:
            region, region_provenance = context_region
            entities, relations = self.places.region_records(region.id)
            for entity in entities:
                self._reference(entity)
            for relation in relations:
                self.relations.setdefault(relation.key, relation)
            self._relate(IN_JURISDICTION, work, region.id, region_provenance)

    def _region_of(self, work: str) -> tuple[Region, Provenance] | None:
        return self.jurisdictions.get(work)


# ---------------------------------------------------------------------- bodies and places


def jurisdiction_of(law: LawText, row: ManifestRow | None, places: Gazetteer) -> Region:
    """The region whose law this is: its title's region (or the manifest's, when the title
    names another), else the region of a body of its header; InputError when none tells."""
    by_title = places.at_start(law.title)
    by_row = places.named(row.region) if row and row.region else None
    if row is not None and row.region and by_row is None:
        raise InputError(f"{row.where}: unknown region {row.region!r}",
                         details={"field": "region"})
    if by_title is not None and (by_row is None or by_title.id == by_row.id
                                 or by_title.parent == by_row.id):
        return by_title
    if by_row is not None:
        return by_row
    for event in law.events:
        region = event_region(event, None, places)
        if region is not None:
            return region
    raise InputError(f"{law.path}:1: cannot tell whose law {law.title!r} is (no region "
                     "in its title or header): give it a row in a manifest.csv beside it",
                     details={"file": str(law.path)})


def event_region(event: HeaderEvent, home: Region | None, places: Gazetteer) -> Region | None:
    """The region of the body of a header event (市/省 read in `home`, when given)."""
    text = event.body_text or event.text.split("日", 1)[-1]
    text = text.strip(" 　")
    region = places.at_start(text)
    if region is not None:
        return region
    if home is not None:
        if text.startswith("市"):
            return home
        if text.startswith("省"):
            return places.parent(home) if home.level == "city" else home
    return None


def event_body(event: HeaderEvent, home: Region, places: Gazetteer) -> str | None:
    """The id of the body that acted in a header event, or None when it names none."""
    if event.kind == "effective":
        return None
    text = event.body_text or ""
    if _NPC.search(text):
        return "inst-cn-npc-sc" if "常务委员会" in text else "inst-cn-npc"
    if "国务院" in event.text.split("《", 1)[0] or (event.decision or "").startswith(
            "国务院") or "国务院" in text:
        return "inst-cn-state-council"
    segment = text or event.text.split("日", 1)[-1].strip()
    region = event_region(HeaderEvent(event.kind, event.date, segment, event.line, segment),
                          home, places)
    if region is None:
        return None
    if "常务委员会" in segment or "人大常委会" in segment:
        return places.body(region, "pc-sc")[0]
    if "人民代表大会" in segment:
        return places.body(region, "pc")[0]
    if "人民政府" in segment:
        return places.body(region, "gov")[0]
    return None


def named_bodies(text: str, home: Region, places: Gazetteer) -> Iterable[tuple[str, int, int]]:
    """Bodies a text names, resolved in the law's jurisdiction `home`: 市人民政府 in a
    Ningbo regulation is 宁波市人民政府; a 市 in a province's law names no one body."""
    kinds = {"人民政府": "gov", "人民代表大会常务委员会": "pc-sc", "人民代表大会": "pc"}
    for match in _NAMED_LOCAL.finditer(text):
        region = local_region(match.group(1), home, places)
        if region is not None:
            yield places.body(region, kinds[match.group(2)])[0], match.start(), match.end()
    for match in _STATE_COUNCIL.finditer(text):
        yield "inst-cn-state-council", match.start(), match.end()
    for match in _NPC.finditer(text):
        body = "inst-cn-npc-sc" if match.group(1) else "inst-cn-npc"
        yield body, match.start(), match.end()


def local_region(place: str, home: Region, places: Gazetteer) -> Region | None:
    """The region a text's 市, 本市, 省, 本省 or 自治区 means in a law of `home`, or None
    when it names no one region (a 市 in a province's law, a 省 in a 直辖市's)."""
    place = place.removeprefix("本")
    if place == "市" and (home.level == "city" or home.name.endswith("市")):
        return home
    if place in ("省", "自治区") and home.level in ("province", "city"):
        region = places.parent(home) if home.level == "city" else home
        if region is not None and region.name.endswith("市"):
            return None  # a 直辖市 has no 省
        return region
    return None


def _doc_type(title: str) -> str:
    if title.endswith(("规划", "纲要")):
        return "plan"
    if title.endswith("决定"):
        return "decision"
    if title.endswith("意见"):
        return "opinions"
    return "other"


def _basis_note(basis: str, stated: str | None, row: ManifestRow | None) -> str | None:
    if basis == "effective":
        return None
    said = f"the text states {stated}, the date of an earlier version" if stated else (
        "the text states no effective date")
    if basis == "manifest":
        return f"in force from the corpus manifest's date ({row.where if row else ''}); {said}"
    return f"in force from this version's own date; {said}"


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end], cut at 。；\\n (verbatim)."""
    left = max(text.rfind(c, 0, start) for c in "。；\n") + 1
    rights = [i for c in "。；\n" if (i := text.find(c, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def load_law_files(paths: list[Path]) -> RecordBatch:
    """Records of law texts read together (see the module text)."""
    builder = LawBatchBuilder()
    manifests: dict[Path, dict[str, ManifestRow]] = {}
    paths = sorted(paths)  # the first mention of a shared record wins: the same in any order
    for path in paths:
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder)
        law = read_law(path)
        row = manifests[folder].get(path.name)
        builder.add(law, row)
        work = work_id(law.title)
        if work not in builder.jurisdictions:
            region = jurisdiction_of(law, row, builder.places)
            if row is not None and row.region:
                prov = Provenance(source=f"src-{builder.versions[work][-1].id}",
                                  section="manifest", method="imported",
                                  note=f"region and level from {row.where}")
            else:
                prov = Provenance(source=f"src-{builder.versions[work][-1].id}",
                                  section="标题", quote=law.title, method="extracted")
            builder.jurisdictions[work] = (region, prov)
    origin = ", ".join(str(p) for p in paths) if len(paths) <= 3 else (
        f"{paths[0].parent} ({len(paths)} law texts)")
    return builder.batch(origin)


def law_files(folder: Path) -> list[Path]:
    """The law texts of a corpus folder: the files its manifest lists, in its order."""
    rows = read_manifest(folder)
    missing = [name for name in rows if not (folder / name).is_file()]
    if missing:
        raise InputError(f"{folder / MANIFEST}: lists files that are not there: {missing[:5]}")
    return [folder / name for name in rows]


__all__ = ["LEVELS", "MANIFEST", "LawBatchBuilder", "ManifestRow", "event_body", "event_region",
           "jurisdiction_of", "law_files", "load_law_files", "local_region", "named_bodies",
           "read_manifest", "strip_prc", "work_id"]
