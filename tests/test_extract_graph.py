"""Candidates against a real graph: they load, they link to what is there, re-extraction
proposes nothing new, and `resolve` finds duplicates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from govkg.extract.resolution import likely_duplicates
from govkg.loaders.laws import law_files
from govkg.service import GovernanceService
from govkg.service.extraction import graph_index

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CHAPTER = DATA / "corpus" / "shanghai-2021-st-governance.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "extraction"


def _records(path: Path) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {"entities": document.get("entities") or [],
            "relations": document.get("relations") or []}


def test_candidates_load_into_an_empty_graph(kg: GovernanceService, tmp_path: Path) -> None:
    [target] = kg.extract([CHAPTER], tmp_path / "candidates.yaml").written
    records = _records(target)
    assert all(e["provenance"]["method"] == "extracted" for e in records["entities"])
    assert all(0 < e["provenance"]["confidence"] <= 1 for e in records["entities"])
    report = kg.load([target])
    assert report.entities > 50
    fudan = kg.pilots_covering("复旦大学").results
    assert [c.pilot.name for c in fudan] == ["基础研究特区"]


def test_re_extracting_a_loaded_text_proposes_nothing(kg: GovernanceService, tmp_path: Path
                                                      ) -> None:
    [first] = kg.extract([CHAPTER], tmp_path / "first.yaml").written
    kg.load([first])
    before = kg.stats()
    [second] = kg.extract([CHAPTER], tmp_path / "second.yaml").written
    assert _records(second) == {"entities": [], "relations": []}
    assert "# linked: Institution 上海化工院" in second.read_text(encoding="utf-8")
    kg.load([second])
    assert kg.stats() == before


def test_extraction_links_to_the_curated_records(kg: GovernanceService, tmp_path: Path) -> None:
    kg.load([DATA])
    [target] = kg.extract([CHAPTER], tmp_path / "candidates.yaml").written
    text = target.read_text(encoding="utf-8")
    for mention, graph_id in [("上海化工院", "inst-srici"), ("上海材料所", "inst-srim"),
                              ("中科院上海分院", "inst-cas-shanghai"),
                              ("基础研究特区", "pilot-basic-research-zone"),
                              ("探索者计划", "prog-explorer"),
                              ("揭榜挂帅", "mech-jiebang-guashuai"),
                              ("上海市科技信用信息管理办法(试行)", "pol-sh-st-credit-measures")]:
        assert f" {mention} → {graph_id} (" in text, mention
    assert "# linked: the text is source src-sh-2021-ch5" in text
    new = {e["type"] for e in _records(target)["entities"]}
    assert not {"Institution", "Policy"} & new, new  # the curated records have them all
    curated = kg.entity("inst-srici")
    kg.load([target])
    assert kg.entity("inst-srici").model_dump() == curated.model_dump()


def test_a_directory_in_one_run_loads_together(kg: GovernanceService, tmp_path: Path) -> None:
    written = kg.extract([FIXTURES], tmp_path / "out").written
    assert len(written) == len(list(FIXTURES.glob("*.txt")))
    kg.load([tmp_path / "out"])
    ids = [e["id"] for path in written for e in _records(path)["entities"]]
    assert len(ids) == len(set(ids))
    assert likely_duplicates(graph_index(kg)) == []


def test_resolve_lists_likely_duplicates(kg: GovernanceService, tmp_path: Path) -> None:
    path = tmp_path / "dupes.yaml"
    path.write_text(yaml.safe_dump({"entities": [
        {"id": "inst-a", "type": "Institution", "name": "上海化工研究院",
         "kind": "research_institute"},
        {"id": "inst-b", "type": "Institution", "name": "上海化工院",
         "kind": "research_institute"},
        {"id": "inst-c", "type": "Institution", "name": "复旦大学", "kind": "university"},
        {"id": "inst-d", "type": "Institution", "name": "复旦大学 ", "aliases": ["复旦"],
         "kind": "university"},
        {"id": "inst-e", "type": "Institution", "name": "中国科学院", "kind": "academy"},
        {"id": "inst-f", "type": "Institution", "name": "中国科学院上海分院", "kind": "academy"},
    ]}, allow_unicode=True), encoding="utf-8")
    kg.load([path])
    pairs = {(d.first.id, d.second.id) for d in likely_duplicates(graph_index(kg))}
    assert pairs == {("inst-a", "inst-b"), ("inst-c", "inst-d")}


LAWS = DATA / "corpus" / "laws"
SOME_LAWS = ("浙江-宁波市科技创新促进条例-2011-04-11.md", "北京-中关村国家自主创新示范区条例.md",
             "全国-国家科学技术奖励条例-2020-10-07.md")


def test_a_folder_of_laws_reruns_to_nothing_after_its_load(kg: GovernanceService,
                                                          tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in SOME_LAWS:
        (texts / name).write_text((LAWS / name).read_text(encoding="utf-8"), encoding="utf-8")
    first = kg.extract([texts], tmp_path / "first")
    assert (tmp_path / "first" / "summary.md").is_file()
    assert sum(sum(s.proposed.values()) for s in first.summaries) > 50
    kg.load([tmp_path / "first"])
    before = kg.stats()
    second = kg.extract([texts], tmp_path / "second")
    for path in second.written:
        assert _records(path) == {"entities": [], "relations": []}, path.name
    assert all(sum(s.proposed.values()) == 0 for s in second.summaries)
    kg.load([tmp_path / "second"])
    assert kg.stats() == before


def test_extracted_laws_and_the_law_loader_make_one_record_per_body(
        kg: GovernanceService, tmp_path: Path) -> None:
    """Bodies of the gazetteer and concepts of the vocabularies keep the law loader's ids: a
    load of the laws after a load of their candidates does not duplicate them."""
    name = SOME_LAWS[0]
    [written] = kg.extract([LAWS / name], tmp_path / "ningbo.yaml").written
    ids = {e["id"] for e in _records(written)["entities"]}
    assert {"inst-ningbo-gov", "inst-ningbo-pc-sc", "inst-zj-pc-sc"} <= ids
    assert any(i.startswith("mech-") and "-x-" not in i for i in ids)
    kg.load([written])
    kg.load([LAWS / name])
    assert kg.entity("inst-ningbo-gov").name == "宁波市人民政府"
    assert likely_duplicates(graph_index(kg)) == [] or all(
        "inst-ningbo" not in (d.first.id + d.second.id) for d in likely_duplicates(graph_index(kg)))


@pytest.mark.slow
def test_the_whole_corpus_reruns_to_nothing_after_its_load(kg: GovernanceService,
                                                          tmp_path: Path) -> None:
    """Every law text and the chapter: the candidates load, and a second run proposes no
    entity and no relation (figures of different texts stay different records)."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for path in [*law_files(LAWS), CHAPTER]:
        (texts / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    first = kg.extract([texts], tmp_path / "first")
    kg.load([tmp_path / "first"])
    figures = sum(s.proposed.get("Figure", 0) for s in first.summaries)
    assert kg.stats().labels["Figure"] == figures
    second = kg.extract([texts], tmp_path / "second")
    leftover = {path.name: _records(path) for path in second.written
                if _records(path) != {"entities": [], "relations": []}}
    assert leftover == {}
