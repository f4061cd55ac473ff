"""A synthetic governance graph with the ontology's shape, sized by relations, same for a seed.

Used by the benchmark (`govkg bench`) and by anyone who wants to try govkg at scale:
regions (country → provinces → cities), institutions in PART_OF hierarchies located in
cities, a fixed scheme of mechanisms, policies issued by government bodies, pilots and
programmes covering units with role/batch/since, figures, and one Source per province;
every entity carries provenance, so validation adds a MENTIONED_IN edge for each.

The size counts the relations that end up in the graph (MENTIONED_IN included); the
generator lands within a few per cent of the asked number.
"""

from __future__ import annotations

import random
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from govkg.ontology.terms import (
    AMENDS,
    APPLIES_TO,
    CO_FUNDS,
    COVERS,
    ESTABLISHES,
    FIGURE,
    FUNDED_BY,
    HAS_FIGURE,
    INSTITUTION,
    ISSUED_BY,
    LOCATED_IN,
    MECHANISM,
    PART_OF,
    PILOT,
    POLICY,
    PROGRAMME,
    REGION,
    SOURCE,
    SUPERSEDES,
    USES_MECHANISM,
)
from govkg.records import EntityRecord, Provenance, RecordBatch, RelationRecord

PROVINCES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
    "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
    "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区", "台湾省",
)
MECHANISMS = (
    ("jiebang-guashuai", "揭榜挂帅", "open competition"),
    ("saimazhi", "赛马制", "horse-race funding"),
    ("lichengbei", "里程碑考核", "milestone review"),
    ("baoganzhi", "经费包干制", "lump-sum budgeting"),
    ("houbuzhu", "后补助", "post-hoc subsidy"),
    ("fumian-qingdan", "负面清单", "negative list"),
    ("jigoushi-zizhu", "机构式资助", "institutional funding"),
    ("xiangmu-zizhu", "项目制资助", "project funding"),
    ("tongxing-pingyi", "同行评议", "peer review"),
    ("rencai-pingjia", "分类评价", "classified evaluation"),
    ("zhuanhua-jiangli", "成果转化奖励", "technology transfer reward"),
    ("kuaxueke", "跨学科资助", "interdisciplinary funding"),
)
# (kind, stem) of institutions by depth in their hierarchy: roots, then their parts.
LEVELS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("government", "科学技术厅"), ("university", "大学"), ("academy", "科学院分院"),
     ("enterprise", "集团")),
    (("government", "科技处"), ("university", "学院"), ("research_institute", "研究所"),
     ("enterprise", "研究院")),
    (("research_institute", "重点实验室"), ("platform", "工程中心"),
     ("new_type_rnd", "新型研发机构")),
    (("research_institute", "课题组"), ("platform", "公共服务平台")),
)
LEVEL_SHARE = (0.06, 0.24, 0.34, 0.36)
DOC_TYPES = ("measures", "regulation", "plan", "action_plan", "notice", "opinions", "rules")
ROLES = (("pilot_unit", "首批试点单位"), ("pilot_unit", "第二批试点单位"),
         ("task_taker", "承担单位"), ("co_funding_partner", "合作企业"),
         ("supported_unit", "示范单位"))
"""(role of govkg:ParticipationRoleScheme, the phrase a text would write)"""
COVERS_PER_PILOT = 40

# Each share is "entities of that kind per relation asked"; tuned so relations land near
# the asked number (institutions bring PART_OF, LOCATED_IN and MENTIONED_IN each).
INSTITUTIONS_PER_REL = 0.205
PILOTS_PER_REL = 0.004
POLICIES_PER_REL = 0.03
FIGURES_PER_REL = 0.01
CITIES_PER_REL = 0.002


@dataclass(frozen=True)
class SyntheticSpec:
    """What to generate: about `rels` relations, the same records for the same `seed`."""

    rels: int
    seed: int = 1


def _count(rels: int, share: float, least: int) -> int:
    return max(least, round(rels * share))


class _Builder:
    """Accumulates records and hands them out in batches of about `per_batch` records; one
    instance per generation (no shared state). What it keeps between batches is the ids the
    later records point at, not the records."""

    def __init__(self, seed: int, origin: str, per_batch: int) -> None:
        self.rng = random.Random(seed)
        self.origin = origin
        self.per_batch = per_batch
        self.part = 0
        self.entities: list[EntityRecord] = []
        self.relations: list[RelationRecord] = []

    def take(self) -> RecordBatch:
        batch = RecordBatch(origin=f"{self.origin} part {self.part}",
                            entities=tuple(self.entities), relations=tuple(self.relations))
        self.part += 1
        self.entities, self.relations = [], []
        return batch

    def full(self) -> Iterator[RecordBatch]:
        """The records so far as a batch once there are `per_batch` of them."""
        if len(self.entities) + len(self.relations) >= self.per_batch:
            yield self.take()

    def entity(self, **fields: Any) -> str:
        self.entities.append(EntityRecord(**fields))
        return str(fields["id"])

    def relation(self, rel_type: str, source: str, target: str, **fields: Any) -> None:
        self.relations.append(RelationRecord(type=rel_type, source_id=source,
                                             target_id=target, **fields))

    def year(self, low: int = 2012, high: int = 2024) -> str:
        year = self.rng.randint(low, high)
        return str(year) if self.rng.random() < 0.5 else f"{year}-{self.rng.randint(1, 12):02d}"


def _provenance(source: str, section: str, quote: str) -> Provenance:
    return Provenance(source=source, section=section, quote=quote, method="imported")


def generate(spec: SyntheticSpec) -> RecordBatch:
    """Records for `spec` in one batch: deterministic (same seed and size, same records in the
    same order as generate_batches gives them)."""
    entities: list[EntityRecord] = []
    relations: list[RelationRecord] = []
    for part in generate_batches(spec, per_batch=1 << 62):
        entities += part.entities
        relations += part.relations
    return RecordBatch(origin=_origin(spec), entities=tuple(entities),
                       relations=tuple(relations))


def _origin(spec: SyntheticSpec) -> str:
    return f"synthetic(rels={spec.rels}, seed={spec.seed})"


def generate_batches(spec: SyntheticSpec, per_batch: int = 10_000) -> Iterator[RecordBatch]:
    """The records of `spec` in batches of about `per_batch` records, made as they are read: a
    load of them holds one batch at a time, at any size (the bench's loader figures)."""
    b = _Builder(spec.seed, _origin(spec), per_batch)
    rels = spec.rels
    n_prov = max(1, min(len(PROVINCES), rels // 2000))
    provinces = PROVINCES[:n_prov]

    sources = [
        b.entity(id=f"src-{i:02d}", type=SOURCE, name=f"{name}科技进步报告",
                 name_en=f"S&T progress report, province {i}", publisher=f"{name}科学技术厅")
        for i, name in enumerate(provinces)
    ]
    country = b.entity(id="reg-cn", type=REGION, name="中华人民共和国", name_en="China",
                       aliases=("中国",),
                       provenance=_provenance(sources[0], "1", "中华人民共和国"))
    province_ids = []
    for i, name in enumerate(provinces):
        pid = b.entity(id=f"reg-p{i:02d}", type=REGION, name=name,
                       provenance=_provenance(sources[i], "1", f"{name}科技创新概况"))
        b.relation(PART_OF, pid, country)
        province_ids.append(pid)
    cities: list[tuple[str, int]] = []
    for c in range(_count(rels, CITIES_PER_REL, n_prov)):
        p = c % n_prov
        cid = b.entity(id=f"reg-c{c:05d}", type=REGION, name=f"{provinces[p]}第{c}市",
                       provenance=_provenance(sources[p], "1", f"{provinces[p]}第{c}市科技工作"))
        b.relation(PART_OF, cid, province_ids[p])
        cities.append((cid, p))

    mechanisms = []
    for key, name, name_en in MECHANISMS:
        mechanisms.append(b.entity(
            id=f"mech-{key}", type=MECHANISM, name=name, name_en=name_en,
            provenance=_provenance(sources[0], "5.3", f"推行{name}等科研管理机制")))

    institutions = yield from _institutions(b, rels, cities, sources, provinces)
    governments = [i for i, kind, _ in institutions if kind == "government"]
    enterprises = [i for i, kind, _ in institutions if kind == "enterprise"]
    policies = yield from _policies(b, rels, governments, institutions, cities, mechanisms,
                                    sources)
    pilots = yield from _pilots(b, rels, policies, institutions, cities, mechanisms,
                                enterprises, sources)
    yield from _figures(b, rels, [*policies, *pilots, *mechanisms], sources)
    if b.entities or b.relations:
        yield b.take()


def _institutions(
    b: _Builder, rels: int, cities: Sequence[tuple[str, int]], sources: Sequence[str],
    provinces: Sequence[str],
) -> Generator[RecordBatch, None, list[tuple[str, str, int]]]:
    """Institutions level by level, each below one of the level above: (id, kind, province)."""
    total = _count(rels, INSTITUTIONS_PER_REL, len(LEVELS) * 2)
    made: list[tuple[str, str, int]] = []
    above: list[tuple[str, str, int, str]] = []
    by_province = [[c for c, p in cities if p == n] or [c for c, _ in cities]
                   for n in range(len(provinces))]
    serial = 0
    for depth, share in enumerate(LEVEL_SHARE):
        here: list[tuple[str, str, int, str]] = []
        for _ in range(max(1, round(total * share))):
            kind, stem = b.rng.choice(LEVELS[depth])
            if above:
                parent, _, province, parent_name = b.rng.choice(above)
                city = b.rng.choice(by_province[province])
            else:
                city, province = b.rng.choice(cities)
                parent, parent_name = "", provinces[province]
            iid = f"inst-{serial:07d}"
            name = f"{parent_name if depth else provinces[province]}第{serial}{stem}"
            quote = f"{name}于{b.year()}年成立,隶属{parent_name}"
            b.entity(id=iid, type=INSTITUTION, name=name, name_en=f"institution {serial}",
                     aliases=(f"{stem}{serial}",) if serial % 3 == 0 else (), kind=kind,
                     provenance=_provenance(sources[province], f"{depth + 2}.{serial % 9 + 1}",
                                            quote))
            if parent:
                b.relation(PART_OF, iid, parent, since=b.year(2000, 2015))
            b.relation(LOCATED_IN, iid, city)
            here.append((iid, kind, province, name))
            made.append((iid, kind, province))
            serial += 1
            yield from b.full()
        above = here
    return made


def _policies(
    b: _Builder, rels: int, governments: Sequence[str],
    institutions: Sequence[tuple[str, str, int]], cities: Sequence[tuple[str, int]],
    mechanisms: Sequence[str], sources: Sequence[str],
) -> Generator[RecordBatch, None, list[str]]:
    policies: list[str] = []
    for n in range(_count(rels, POLICIES_PER_REL, 2)):
        province = n % len(sources)
        issued = b.year(2010, 2024)
        name = f"关于深化科技体制改革的若干措施(第{n}号)"
        pid = b.entity(
            id=f"pol-{n:06d}", type=POLICY, name=name, name_en=f"policy {n}",
            doc_type=b.rng.choice(DOC_TYPES), status="in_force", issued=issued,
            doc_number=f"科发〔{issued[:4]}〕{n}号",
            provenance=_provenance(sources[province], f"5.{n % 7 + 1}",
                                   f"《{name}》于{issued[:4]}年印发"),
        )
        b.relation(ISSUED_BY, pid, b.rng.choice(governments))
        targets = {b.rng.choice(institutions)[0] for _ in range(b.rng.randint(1, 3))}
        if b.rng.random() < 0.3:
            targets.add(b.rng.choice(cities)[0])
        for target in sorted(targets):
            b.relation(APPLIES_TO, pid, target)
        b.relation(USES_MECHANISM, pid, b.rng.choice(mechanisms))
        if policies and b.rng.random() < 0.1:
            b.relation(SUPERSEDES, pid, b.rng.choice(policies))
        elif policies and b.rng.random() < 0.1:
            b.relation(AMENDS, pid, b.rng.choice(policies))
        policies.append(pid)
        yield from b.full()
    return policies


def _pilots(
    b: _Builder, rels: int, policies: Sequence[str],
    institutions: Sequence[tuple[str, str, int]], cities: Sequence[tuple[str, int]],
    mechanisms: Sequence[str], enterprises: Sequence[str], sources: Sequence[str],
) -> Generator[RecordBatch, None, list[str]]:
    pilots: list[str] = []
    units = [i for i, _, _ in institutions]
    for n in range(_count(rels, PILOTS_PER_REL, 2)):
        province = n % len(sources)
        is_pilot = n % 3 != 2
        label, prefix = (PILOT, "pilot") if is_pilot else (PROGRAMME, "prog")
        name = f"基础研究特区试点第{n}期" if is_pilot else f"探索者计划第{n}期"
        pid = b.entity(id=f"{prefix}-{n:05d}", type=label, name=name,
                       name_en=f"{prefix} {n}",
                       provenance=_provenance(sources[province], "5.3", f"启动{name}"))
        b.relation(ESTABLISHES, b.rng.choice(policies), pid)
        for mechanism in sorted(set(b.rng.sample(mechanisms, b.rng.randint(1, 3)))):
            b.relation(USES_MECHANISM, pid, mechanism)
        funder = b.rng.choice(institutions)[0]
        b.relation(FUNDED_BY, pid, funder)
        if enterprises:
            b.relation(CO_FUNDS, b.rng.choice(enterprises), pid, ratio="1:3")
        b.relation(LOCATED_IN, pid, b.rng.choice(cities)[0])
        size = max(1, int(b.rng.expovariate(1 / COVERS_PER_PILOT)))
        covered = set(b.rng.sample(units, min(size, len(units))))
        if b.rng.random() < 0.2:
            covered.add(b.rng.choice(cities)[0])
        for unit in sorted(covered):
            batch = b.rng.randint(1, 3)
            role, written = ROLES[batch - 1] if b.rng.random() < 0.8 else b.rng.choice(ROLES)
            b.relation(
                COVERS, pid, unit, role=role, as_written=written, batch=batch,
                since=b.year(2015, 2023),
                until=b.year(2024, 2030) if b.rng.random() < 0.1 else None,
                provenance=_provenance(sources[province], "5.3",
                                       f"{unit}作为{name}第{batch}批试点单位"),
            )
        pilots.append(pid)
        yield from b.full()
    return pilots


def _figures(b: _Builder, rels: int, subjects: Sequence[str], sources: Sequence[str]
             ) -> Iterator[RecordBatch]:
    for n in range(_count(rels, FIGURES_PER_REL, 1)):
        value = float(b.rng.randint(1, 5000))
        fid = b.entity(id=f"fig-{n:06d}", type=FIGURE, name=f"统计数据{n}", measure="projects",
                       value=value, unit="项",
                       provenance=_provenance(sources[n % len(sources)], "5.1",
                                              f"支持项目{int(value)}项"))
        b.relation(HAS_FIGURE, b.rng.choice(subjects), fid)
        yield from b.full()


def stored_relations(batch: RecordBatch) -> int:
    """Relations the graph will hold: the batch's own plus one MENTIONED_IN per sourced entity."""
    mentions = sum(1 for e in batch.entities
                   if e.provenance is not None and e.provenance.source not in (None, e.id))
    return len(batch.relations) + mentions


def _yaml_record(record: EntityRecord | RelationRecord) -> dict[str, Any]:
    data = record.model_dump(mode="json", by_alias=True, exclude_none=True)
    if not data.get("aliases", True):
        del data["aliases"]
    return data


def yaml_documents(batch: RecordBatch, per_file: int) -> Iterator[str]:
    """The batch in the record format, `per_file` records a document (entities first)."""
    records: list[EntityRecord | RelationRecord] = [*batch.entities, *batch.relations]
    for start in range(0, len(records), per_file):
        chunk = records[start : start + per_file]
        document = {
            "entities": [_yaml_record(r) for r in chunk if isinstance(r, EntityRecord)],
            "relations": [_yaml_record(r) for r in chunk if isinstance(r, RelationRecord)],
        }
        yield yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=200)


def write_yaml(batch: RecordBatch, folder: Path, per_file: int = 50_000) -> list[Path]:
    """Write the batch as numbered YAML files that `govkg load FOLDER` reads back."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, text in enumerate(yaml_documents(batch, per_file)):
        path = folder / f"synthetic-{n:04d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


__all__ = ["SyntheticSpec", "generate", "generate_batches", "stored_relations", "write_yaml",
           "yaml_documents"]
