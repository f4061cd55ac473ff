"""The questions of the spine, answered from the bundled corpus through the service layer."""

from __future__ import annotations

import re

import pytest

from govkg.errors import AmbiguousNameError, InputError, NotFoundError
from govkg.service import GovernanceService

from .conftest import DATA

CORPUS = (DATA / "corpus" / "shanghai-2021-st-governance.txt").read_text(encoding="utf-8")


def _pilot_names(kg: GovernanceService, unit: str, as_of: str | None = None) -> set[str]:
    return {c.pilot.name for c in kg.pilots_covering(unit, as_of=as_of).results}


@pytest.mark.parametrize("unit", [
    "复旦大学", "上海交通大学", "中科院上海分院", "中国科学院上海分院",
    "Fudan University", "inst-sjtu",
])
def test_basic_research_zone_covers_first_batch(corpus_kg: GovernanceService, unit: str) -> None:
    answer = corpus_kg.pilots_covering(unit)
    zone = [c for c in answer.results if c.pilot.name == "基础研究特区"]
    assert zone, answer
    coverage = zone[0]
    assert coverage.pilot.name_en and not coverage.inherited
    assert coverage.provenance is not None and coverage.provenance.quote
    assert coverage.provenance.quote in CORPUS
    assert "首批试点单位" in coverage.provenance.quote


@pytest.mark.parametrize("unit", ["联影集团", "华虹集团"])
def test_explorer_programme_with_co_funding(corpus_kg: GovernanceService, unit: str) -> None:
    assert "探索者计划" in _pilot_names(corpus_kg, unit)
    detail = corpus_kg.entity(unit)
    parties = [r for r in detail.relations if r.type == "PARTY_TO"]
    assert [r.other.name for r in parties] == ["“探索者计划”合作框架协议"]
    agreement = corpus_kg.entity(parties[0].other.id)
    assert (agreement.model_extra or {}).get("ratio") == "1:3"
    assert [r.other.name for r in agreement.relations if r.type == "CO_FUNDS"] == ["探索者计划"]


def test_unit_covered_by_nothing_gets_empty_list(corpus_kg: GovernanceService) -> None:
    assert corpus_kg.pilots_covering("上海市科学技术委员会").results == []


def test_unknown_unit_gets_close_names(corpus_kg: GovernanceService) -> None:
    with pytest.raises(NotFoundError) as info:
        corpus_kg.pilots_covering("复旦大")
    names = [s["name"] for s in info.value.details["suggestions"]]
    assert names and names[0] == "复旦大学"
    with pytest.raises(NotFoundError) as info:
        corpus_kg.pilots_covering("上海交通大")
    assert "上海交通大学" in [s["name"] for s in info.value.details["suggestions"]]


def test_inherited_coverage_through_part_of(corpus_kg: GovernanceService) -> None:
    answer = corpus_kg.pilots_covering("上海有机所")
    zone = next(c for c in answer.results if c.pilot.name == "基础研究特区")
    assert zone.inherited
    assert zone.chain[0] == answer.query.id and zone.chain[-1] == zone.unit.id
    assert zone.unit.name == "中国科学院上海分院"


def test_as_of_excludes_coverage_before_it_began(corpus_kg: GovernanceService) -> None:
    assert "基础研究特区" in _pilot_names(corpus_kg, "复旦大学", as_of="2021-12-31")
    assert "基础研究特区" not in _pilot_names(corpus_kg, "复旦大学", as_of="2020-12-31")


def test_units_of_the_zone(corpus_kg: GovernanceService) -> None:
    answer = corpus_kg.units_of("基础研究特区")
    expected = {"复旦大学", "上海交通大学", "中国科学院上海分院"}
    assert {c.unit.name for c in answer.results} == expected
    assert all(c.role == "pilot_unit" and c.as_written == "首批试点单位" and c.batch == 1
               for c in answer.results)


def test_public_function_institutes(corpus_kg: GovernanceService) -> None:
    for name in ["上海电器科学研究所", "上海化工院", "上海材料所", "上海工业自动化仪表研究院",
                 "上海激光技术研究所"]:
        assert _pilot_names(corpus_kg, name), name


def test_every_policy_title_is_queryable_with_its_date(corpus_kg: GovernanceService) -> None:
    titles = set(re.findall(r"《([^》]+)》", CORPUS))
    for title in titles:
        entity = corpus_kg.resolve(title, ["Policy"])
        assert entity.type == "Policy", title
    # the chapter's 2021 revision of these provisions, and the law of the corpus (2007 text)
    both = corpus_kg.search("上海市促进大型科学仪器设施共享规定")
    assert {e.type for e in both if e.name == "上海市促进大型科学仪器设施共享规定"} == {
        "Policy", "Law"}
    dated = {
        "上海市科技信用信息管理办法(试行)": ("effective", "2021-01-01"),
        "关于加快推动基础研究高质量发展的若干意见": ("issued", "2021-09-18"),
        "上海市中央引导地方科技发展资金管理办法": ("issued", "2021-05"),
        "上海市知识产权保护条例": ("effective", "2021-03"),
    }
    for title, (field, value) in dated.items():
        assert getattr(corpus_kg.resolve(title), field) == value, title


def test_mechanisms_and_their_figures(corpus_kg: GovernanceService) -> None:
    for name in ["揭榜挂帅", "赛马制", "里程碑", "包干制", "后补助", "机构式资助", "负面清单"]:
        assert corpus_kg.search(name, type="Mechanism"), name
    figures = {(f.value, f.unit) for f in corpus_kg.entity("揭榜挂帅").figures}
    assert {(14.0, "条"), (74.0, "份")} <= figures


def test_search_and_detail(corpus_kg: GovernanceService) -> None:
    institutes = corpus_kg.search("研究所", type="Institution", limit=50)
    assert {"上海电器科学研究所", "上海激光技术研究所"} <= {e.name for e in institutes}
    with pytest.raises(InputError, match="unknown class"):
        corpus_kg.search("x", type="Person")
    detail = corpus_kg.entity("prog-explorer")
    assert {r.type for r in detail.relations} >= {"COVERS", "CO_FUNDS", "MENTIONED_IN"}
    assert any(f.value == 1000 for f in detail.figures)


def test_stats_counts_every_class(corpus_kg: GovernanceService) -> None:
    stats = corpus_kg.stats()
    assert set(stats.labels) == {"Policy", "Institution", "Mechanism", "Pilot", "Programme",
                                 "Project", "Round", "Agreement", "Region", "Figure", "Source",
                                 "Law", "LawVersion", "Article", "LegislativeEvent", "ActorRole"}
    assert stats.relation_types["COVERS"] >= 10


def test_reload_changes_nothing(corpus_kg: GovernanceService) -> None:
    before = corpus_kg.stats()
    corpus_kg.load([DATA])
    assert corpus_kg.stats() == before


def test_ambiguous_name_lists_candidates(kg: GovernanceService, tmp_path) -> None:
    path = tmp_path / "twins.yaml"
    twin = "  - {{id: {id}, type: Institution, name: {name}, aliases: [同名], kind: other}}\n"
    path.write_text("entities:\n" + twin.format(id="inst-a", name="甲所")
                    + twin.format(id="inst-b", name="乙所"), encoding="utf-8")
    kg.load([path])
    with pytest.raises(AmbiguousNameError) as info:
        kg.resolve("同名")
    assert {c["id"] for c in info.value.details["candidates"]} == {"inst-a", "inst-b"}
