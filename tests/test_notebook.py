"""The notebook facade: each method against the real embedded store, answers from the corpus."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from govkg import KnowledgeGraph
from govkg.errors import NotFoundError, ReadOnlyError
from govkg.service import GovernanceService
from govkg.service.answers import EntityDetail

from .conftest import DATA, FIXTURES


@pytest.fixture(scope="module")
def nb(corpus_kg: GovernanceService) -> KnowledgeGraph:
    return KnowledgeGraph(corpus_kg)


def test_open_load_and_close_stop_the_embedded_store(tmp_path: Path) -> None:
    with KnowledgeGraph.open(state_dir=tmp_path) as kg:
        report = kg.load(FIXTURES / "mini.yaml")
        assert report.entities == 9
        server = kg.service.store.server  # type: ignore[attr-defined]
        assert server.alive() and "9 entities" in repr(kg)
    assert not server.alive()


def test_pilots_covering_is_a_dataframe(nb: KnowledgeGraph) -> None:
    frame = nb.pilots_covering("复旦大学")
    assert isinstance(frame, pd.DataFrame)
    row = frame[frame["pilot"] == "基础研究特区"].iloc[0]
    assert (row["role"], row["as_written"]) == ("pilot_unit", "首批试点单位")
    assert row["open_list"] and not row["inherited"] and "复旦大学" in row["quote"]
    inherited = nb.pilots_covering("上海有机所")
    assert inherited["inherited"].all()
    assert inherited["chain"].iloc[0].split(" → ")[-1] == "inst-cas-shanghai"
    assert not inherited["stated"].any()  # the CAS institutes belong to the branch: background
    assert "does not state" in inherited["caveat"].iloc[0]
    assert nb.pilots_covering("上海市科学技术委员会").empty
    assert list(nb.pilots_covering("上海市科学技术委员会").columns) == list(frame.columns)


def test_units_of(nb: KnowledgeGraph) -> None:
    assert set(nb.units_of("探索者计划")["unit"]) == {"联影集团", "华虹集团"}


def test_entity_is_typed(nb: KnowledgeGraph) -> None:
    entity = nb.entity("揭榜挂帅")
    assert isinstance(entity, EntityDetail) and entity.type == "Mechanism"
    assert {f.value for f in entity.figures} >= {14, 74, 19, 10}
    with pytest.raises(NotFoundError):
        nb.entity("不存在")


def test_search(nb: KnowledgeGraph) -> None:
    frame = nb.search("研究所", type="Institution")
    assert "上海激光技术研究所" in set(frame["name"])
    assert list(frame.columns[:5]) == ["id", "type", "name", "name_en", "aliases"]
    assert nb.search("没有这种名字").empty


def test_timeline_in_order(nb: KnowledgeGraph) -> None:
    frame = nb.timeline("2021", "2021-12-31")
    assert list(frame["date"]) == sorted(frame["date"])
    assert "关于加快推动基础研究高质量发展的若干意见" in set(frame["name"])


def test_neighbourhood_and_paths_are_networkx(nb: KnowledgeGraph) -> None:
    graph = nb.neighbourhood("基础研究特区", depth=1)
    assert isinstance(graph, nx.MultiDiGraph)
    assert {"inst-fudan", "inst-sjtu", "inst-cas-shanghai"} <= set(graph.nodes)
    paths = nb.paths("联影集团", "上海市科学技术委员会", max_len=2)
    assert paths and all(isinstance(p, nx.MultiDiGraph) for p in paths)
    assert any(("prog-explorer", "inst-stcsm", "FUNDED_BY") in p.edges(keys=True) for p in paths)


def test_cypher_is_read_only(nb: KnowledgeGraph) -> None:
    frame = nb.cypher("MATCH (p:Pilot {id: $id})-[:COVERS]->(u) RETURN u.name AS unit",
                      id="pilot-basic-research-zone")
    assert set(frame["unit"]) == {"复旦大学", "上海交通大学", "中国科学院上海分院"}
    with pytest.raises(ReadOnlyError):
        nb.cypher("CREATE (n:Entity {id: 'x'})")
    nodes = nb.query("entity_lookup", key="复旦大学")
    assert nodes["entity"].iloc[0]["id"] == "inst-fudan"


def test_analytics_draw_export(nb: KnowledgeGraph, tmp_path: Path) -> None:
    central = nb.analytics("degree", limit=5)  # betweenness: tests/test_analytics.py
    assert len(central) == 5 and "name" in central.columns
    gexf = nb.export("gexf", tmp_path / "g.gexf")
    assert nx.read_gexf(gexf).number_of_nodes() == nb.service.stats().nodes
    drawn = nb.draw("基础研究特区", tmp_path / "zone.png")
    assert drawn.output.stat().st_size > 0 and drawn.nodes >= 4


def test_stats_frame(nb: KnowledgeGraph) -> None:
    frame = nb.stats()
    counts = dict(zip(frame["name"], frame["count"], strict=True))
    assert counts["Policy"] >= 17 and counts["COVERS"] >= 10


def test_extract_proposes_reviewable_yaml(nb: KnowledgeGraph, tmp_path: Path) -> None:
    written = nb.extract(DATA / "corpus" / "shanghai-2021-st-governance.txt",
                         tmp_path / "candidates.yaml", year=2021)
    assert written == [tmp_path / "candidates.yaml"]
    assert "基础研究特区" in written[0].read_text(encoding="utf-8")
