"""Checks of the curated data in data/*.yaml against its corpus and the record model.

No server and no store: only PyYAML, the standard library and govkg.records.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from govkg.loaders.laws import read_manifest, work_id
from govkg.ontology.vocabulary import roles
from govkg.records import EntityRecord, RelationRecord

DATA = Path(__file__).resolve().parent.parent / "data"
CHAPTER = DATA / "shanghai-2021-ch5.yaml"
CORPUS = DATA / "corpus" / "shanghai-2021-st-governance.txt"

FIVE_PUBLIC_FUNCTION_INSTITUTES = {
    "上海电器科学研究所",
    "上海化工研究院",
    "上海材料研究所",
    "上海工业自动化仪表研究院",
    "上海激光技术研究所",
}


def _load(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict), f"{path.name}: expected a mapping"
    return document


FILES = sorted(DATA.glob("*.yaml"))
DOCS = {path.name: _load(path) for path in FILES}


def _entities() -> list[tuple[str, dict[str, Any]]]:
    return [(name, e) for name, doc in DOCS.items() for e in doc.get("entities") or []]


def _relations() -> list[tuple[str, dict[str, Any]]]:
    return [(name, r) for name, doc in DOCS.items() for r in doc.get("relations") or []]


def _sources() -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        doc["source"]["id"]: (name, doc["source"])
        for name, doc in DOCS.items()
        if doc.get("source")
    }


def _by_id() -> dict[str, dict[str, Any]]:
    found = {e["id"]: e for _, e in _entities()}
    found.update({sid: {**src, "type": "Source"} for sid, (_, src) in _sources().items()})
    return found


def _corpus_text() -> str:
    return CORPUS.read_text(encoding="utf-8")


def _section_texts(text: str) -> dict[str, str]:
    """Text of each section of the chapter: "5" (introduction), "5-timeline", "5.1" … "5.5"."""
    parts: dict[str, list[str]] = {}
    current = "5"
    for line in text.split("\n"):
        heading = re.match(r"^(5\.\d) ", line)
        if heading:
            current = heading.group(1)
        section = "5-timeline" if line.startswith("- ") else current
        parts.setdefault(section, []).append(line)
    return {section: "\n".join(lines) for section, lines in parts.items()}


def _label(record: dict[str, Any]) -> str:
    if "id" in record:
        return str(record["id"])
    return f"{record.get('from')} -{record.get('type')}-> {record.get('to')}"


def _quoted_records() -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, rec)
        for name, rec in [*_entities(), *_relations()]
        if (rec.get("provenance") or {}).get("quote") is not None
    ]


def test_data_files_exist() -> None:
    assert CHAPTER.exists()
    assert (DATA / "background.yaml").exists()
    assert CORPUS.exists()
    assert (DATA / "corpus" / "SOURCE.md").exists()


def test_top_level_keys_only() -> None:
    for name, doc in DOCS.items():
        assert set(doc) <= {"source", "entities", "relations"}, name


def test_chapter_source_points_at_the_corpus() -> None:
    source = DOCS[CHAPTER.name]["source"]
    assert source["id"] == "src-sh-2021-ch5"
    assert (CHAPTER.parent / source["file"]).resolve() == CORPUS.resolve()


def test_every_quote_is_verbatim_in_its_corpus() -> None:
    """Each quote is a substring of the file of its source (default: the file's source)."""
    texts: dict[str, str] = {}
    for source_id, (_name, source) in _sources().items():
        if source.get("file"):
            texts[source_id] = (DATA / source["file"]).read_text(encoding="utf-8")
    default_of = {name: (doc.get("source") or {}).get("id") for name, doc in DOCS.items()}
    records = _quoted_records()
    assert records, "no quotes found"
    missing = []
    for name, record in records:
        prov = record["provenance"]
        source_id = prov.get("source") or default_of[name]
        text = texts.get(source_id, _corpus_text())
        if prov["quote"] not in text:
            missing.append(f"{name}: {_label(record)}: {prov['quote']!r}")
    assert not missing, "quotes not found verbatim:\n" + "\n".join(missing)


def test_chapter_quotes_are_in_their_section() -> None:
    sections = _section_texts(_corpus_text())
    wrong = []
    for name, record in _quoted_records():
        if name != CHAPTER.name:
            continue
        prov = record["provenance"]
        section = prov.get("section")
        if section not in sections or prov["quote"] not in sections[section]:
            wrong.append(f"{_label(record)}: section {section!r}: {prov['quote']!r}")
    assert not wrong, "quotes outside their section:\n" + "\n".join(wrong)


def test_every_chapter_record_has_provenance_with_quote() -> None:
    doc = DOCS[CHAPTER.name]
    lacking = [
        _label(rec)
        for rec in [*doc["entities"], *doc["relations"]]
        if not (rec.get("provenance") or {}).get("quote")
        or not (rec.get("provenance") or {}).get("section")
        or (rec.get("provenance") or {}).get("method", "curated") not in {"curated", "cited"}
    ]
    # cited: an earlier version the chapter only refers to (「(修订)」, 「在原有…的基础上」)
    assert not lacking, f"records without a curated or cited section+quote: {lacking}"


def test_background_records_have_a_note_and_no_quote() -> None:
    doc = DOCS["background.yaml"]
    assert doc["source"]["id"] == "src-background"
    assert "file" not in doc["source"]
    for rec in [*doc.get("entities", []), *doc.get("relations", [])]:
        prov = rec.get("provenance") or {}
        assert prov.get("method") == "background", _label(rec)
        assert prov.get("note"), _label(rec)
        assert "quote" not in prov, _label(rec)


def test_every_book_title_is_a_policy_name() -> None:
    """Every 《…》 title of the corpus is the name (or a variant spelling) of a Policy."""
    titles = set(re.findall(r"《([^》]+)》", _corpus_text()))
    assert titles
    policies = [e for _, e in _entities() if e["type"] == "Policy"]
    names = {p["name"] for p in policies}
    spellings = names | {a for p in policies for a in p.get("aliases") or []}
    folded_names = {unicodedata.normalize("NFKC", n) for n in names}
    missing = sorted(t for t in titles if t not in spellings)
    assert not missing, f"titles not modelled as Policy: {missing}"
    # a variant spelling (half-width comma) must still fold to the name of a Policy
    unmatched = sorted(t for t in titles if unicodedata.normalize("NFKC", t) not in folded_names)
    assert not unmatched, f"titles only matched through an unrelated alias: {unmatched}"


def test_ids_are_unique() -> None:
    ids = [e["id"] for _, e in _entities()] + list(_sources())
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"


def test_id_prefixes() -> None:
    prefixes = {
        "Policy": "pol-",
        "Institution": "inst-",
        "Mechanism": "mech-",
        "Pilot": "pilot-",
        "Programme": "prog-",
        "Region": "reg-",
        "Figure": "fig-",
    }
    wrong = [e["id"] for _, e in _entities() if not e["id"].startswith(prefixes.get(e["type"], ""))]
    assert not wrong, f"ids without the prefix of their type: {wrong}"


def _defined_elsewhere() -> set[str]:
    """Ids the data may point at without defining: actor roles of the vocabulary, and the
    law works and versions the law loader makes from data/corpus/laws (work_id of the title,
    and -YYYYMMDD of the day a version came into force)."""
    laws = {work_id(row.title) for row in read_manifest(DATA / "corpus" / "laws").values()}
    return set(roles().concepts) | laws


def _is_law_version(key: str, laws: set[str]) -> bool:
    """A version id of a corpus law: its work id and the day (YYYYMMDD) the text gives."""
    work, _, day = key.rpartition("-")
    return work in laws and len(day) == 8 and day.isdigit()


def test_every_relation_end_is_defined() -> None:
    elsewhere = _defined_elsewhere()
    known = set(_by_id()) | elsewhere | {r[end] for _, r in _relations() for end in ("from", "to")
                                         if _is_law_version(r[end], elsewhere)}
    dangling = [
        f"{name}: {_label(r)}"
        for name, r in _relations()
        if r["from"] not in known or r["to"] not in known
    ]
    assert not dangling, f"relations to undefined ids: {dangling}"


def test_relations_are_not_given_twice() -> None:
    keys = [(r["from"], r["type"], r["to"]) for _, r in _relations()]
    duplicates = [k for k, n in Counter(keys).items() if n > 1]
    assert not duplicates, f"relations given twice: {duplicates}"


@pytest.mark.parametrize(
    ("name", "entity"), _entities(), ids=lambda v: v if isinstance(v, str) else v.get("id", "?")
)
def test_entity_parses(name: str, entity: dict[str, Any]) -> None:
    EntityRecord.model_validate(entity)


def test_relations_parse() -> None:
    for _, relation in _relations():
        RelationRecord.model_validate(relation)


def test_sources_parse() -> None:
    for _, (_, source) in _sources().items():
        data = {k: v for k, v in source.items() if k != "file"}
        EntityRecord.model_validate({**data, "type": "Source"})


def test_figures_have_value_unit_measure() -> None:
    for _, e in _entities():
        if e["type"] == "Figure":
            assert isinstance(e.get("value"), int | float), e["id"]
            assert e.get("unit") and e.get("measure"), e["id"]


def _named(name: str) -> dict[str, Any]:
    matches = [e for _, e in _entities() if e["name"] == name]
    assert len(matches) == 1, f"{name}: {len(matches)} entities"
    return matches[0]


def _relations_of(
    rel_type: str, source: str | None = None, target: str | None = None
) -> list[dict[str, Any]]:
    return [
        r
        for _, r in _relations()
        if r["type"] == rel_type
        and (source is None or r["from"] == source)
        and (target is None or r["to"] == target)
    ]


def test_five_public_function_institutes() -> None:
    ids = set()
    for name in FIVE_PUBLIC_FUNCTION_INSTITUTES:
        entity = _named(name)
        assert entity["type"] == "Institution"
        assert entity["kind"] == "research_institute"
        ids.add(entity["id"])
    programme = _named("支持新型科研院所履行公共职能")
    covered = {r["to"] for r in _relations_of("COVERS", source=programme["id"])}
    assert ids <= covered


def test_basic_research_zone_covers_its_three_first_units() -> None:
    zone = _named("基础研究特区")
    assert zone["type"] == "Pilot"
    covers = _relations_of("COVERS", source=zone["id"])
    units = {_by_id()[r["to"]]["name"] for r in covers}
    assert {"复旦大学", "上海交通大学", "中国科学院上海分院"} <= units
    for relation in covers:
        assert relation["role"] == "pilot_unit" and relation["as_written"] == "首批试点单位"
        assert relation["batch"] == 1
        assert relation["since"] == "2021"


def test_explorer_programme_co_funders() -> None:
    programme = _named("探索者计划")
    assert programme["type"] == "Programme"
    known = _by_id()
    co_funds = _relations_of("CO_FUNDS", target=programme["id"])
    # the co-funding is one agreement's, recorded once with its ratio and its parties
    agreements = [known[r["from"]] for r in co_funds]
    assert [(a["type"], a["ratio"]) for a in agreements] == [("Agreement", "1:3")]
    assert all("ratio" not in r for r in co_funds)
    parties = {known[r["from"]]["name"]
               for r in _relations_of("PARTY_TO", target=agreements[0]["id"])}
    assert {"联影集团", "华虹集团"} <= parties
    covers = _relations_of("COVERS", source=programme["id"])
    roles_of = {known[r["to"]]["name"]: r["role"] for r in covers}
    assert roles_of["联影集团"] == roles_of["华虹集团"] == "co_funding_partner"


def test_cas_shanghai_branch_is_part_of_cas_and_has_institutes() -> None:
    branch = _named("中国科学院上海分院")
    parents = {r["to"] for r in _relations_of("PART_OF", source=branch["id"])}
    assert _named("中国科学院")["id"] in parents
    institutes = {r["from"] for r in _relations_of("PART_OF", target=branch["id"])}
    assert _named("中国科学院上海有机化学研究所")["id"] in institutes


def test_dates_as_the_text_gives_them() -> None:
    expected = {
        "上海市科技信用信息管理办法(试行)": ("effective", "2021-01-01"),
        "上海市知识产权保护条例": ("effective", "2021-03"),
        "上海市中央引导地方科技发展资金管理办法": ("issued", "2021-05"),
        "上海市建设具有全球影响力的科技创新中心“十四五”规划": ("issued", "2021-09"),
        "关于加快推动基础研究高质量发展的若干意见": ("issued", "2021-09-18"),
        "上海市科技小巨人工程实施办法": ("effective", "2021-09-01"),
        "上海市研发与转化功能型平台管理办法(修订)": ("effective", "2021-10-01"),
        "上海市事业单位绩效工资管理中技术合同奖酬金发放的若干规定": ("issued", "2021-11-26"),
        "上海市促进大型科学仪器设施共享规定": ("issued", "2021-12-01"),
    }
    for name, (field, value) in expected.items():
        assert _named(name).get(field) == value, name
