"""GEXF that Gephi opens: labels, class and relation types as attributes; reads back whole."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.exports import export
from govkg.network.gexf import RELATION_ATTRIBUTE, gexf_ready, write_gexf
from govkg.network.palette import TYPE_COLOURS, rgb
from govkg.service import GovernanceService

NS = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
GEXF_EDGE_TYPES = {"directed", "undirected", "mutual"}


def _triples(graph: nx.MultiDiGraph, attribute: str) -> set[tuple[str, str, str]]:
    return {(u, v, data[attribute]) for u, v, data in graph.edges(data=True)}


def test_corpus_gexf_reads_back_with_the_same_nodes_and_edges(
    corpus_kg: GovernanceService, tmp_path: Path
) -> None:
    output = tmp_path / "govkg.gexf"
    export(corpus_kg, "gexf", output)
    original = corpus_kg.to_networkx()
    read = nx.read_gexf(output)
    assert original.number_of_nodes() > 100
    assert read.number_of_nodes() == original.number_of_nodes()
    assert read.number_of_edges() == original.number_of_edges()
    assert _triples(read, RELATION_ATTRIBUTE) == _triples(original, "type")
    fudan = read.nodes["inst-fudan"]
    assert (fudan["label"], fudan["type"]) == ("复旦大学", "Institution")


def test_corpus_graphml_reads_back_with_the_same_nodes_and_edges(
    corpus_kg: GovernanceService, tmp_path: Path
) -> None:
    output = tmp_path / "govkg.graphml"
    export(corpus_kg, "graphml", output)
    original = corpus_kg.to_networkx()
    read = nx.read_graphml(output, force_multigraph=True)
    assert read.number_of_nodes() == original.number_of_nodes()
    assert read.number_of_edges() == original.number_of_edges()
    assert _triples(read, "type") == _triples(original, "type")


def test_gexf_is_what_gephi_expects(corpus_kg: GovernanceService, tmp_path: Path) -> None:
    """Node label = name, class as an attribute, a colour per class, and GEXF's own edge
    `type` left to direction (Gephi refuses a file with type="COVERS")."""
    output = tmp_path / "govkg.gexf"
    export(corpus_kg, "gexf", output)
    root = ET.parse(output).getroot()
    node_attrs = {a.get("title"): a.get("id")
                  for a in root.findall("g:graph/g:attributes[@class='node']/g:attribute", NS)}
    assert {"type", "name", "name_en"} <= set(node_attrs)
    nodes = root.findall("g:graph/g:nodes/g:node", NS)
    edges = root.findall("g:graph/g:edges/g:edge", NS)
    assert nodes and edges
    fudan = next(n for n in nodes if n.get("id") == "inst-fudan")
    assert fudan.get("label") == "复旦大学"
    values = {v.get("for"): v.get("value") for v in fudan.findall("g:attvalues/g:attvalue", NS)}
    assert values[node_attrs["type"]] == "Institution"
    colour = fudan.find("viz:color", NS)
    assert colour is not None
    assert tuple(int(colour.get(c, -1)) for c in "rgb") == rgb(TYPE_COLOURS["Institution"])
    assert all(e.get("type", "directed") in GEXF_EDGE_TYPES for e in edges)
    labels = {e.get("label") for e in edges}
    assert {"COVERS", "PART_OF", "USES_MECHANISM"} <= labels


def test_attribute_of_mixed_value_types_reads_back() -> None:
    """`since: 2021` next to `since: "2021-06"` is written as text, not as an integer that
    the second value would break on reading."""
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="甲", type="Pilot", batch=1)
    graph.add_node("b", label="乙", type="Institution", batch="first")
    graph.add_node("c", label="丙", type="Institution")
    graph.add_edge("a", "b", key="COVERS", type="COVERS", since=2021)
    graph.add_edge("a", "c", key="COVERS", type="COVERS", since="2021-06")
    buffer = io.BytesIO()
    write_gexf(graph, buffer)
    read = nx.read_gexf(io.BytesIO(buffer.getvalue()))
    assert {read.edges[e]["since"] for e in read.edges} == {"2021", "2021-06"}
    assert read.nodes["a"]["batch"] == "1"
    # the caller's graph is not changed
    assert graph.edges["a", "b", "COVERS"]["type"] == "COVERS"
    assert "viz" not in graph.nodes["a"]
    assert gexf_ready(graph).edges["a", "c", "COVERS"]["label"] == "COVERS"


def test_network_gexf_of_a_neighbourhood_keeps_relation_types(
    corpus_kg: GovernanceService,
) -> None:
    with TestClient(create_app(corpus_kg.settings, kg=corpus_kg)) as client:
        response = client.get("/network", params={"focus": "复旦大学", "depth": 2,
                                                  "format": "gexf"})
        as_json = client.get("/network", params={"focus": "复旦大学", "depth": 2}).json()
    assert response.status_code == 200, response.text
    read = nx.read_gexf(io.BytesIO(response.content))
    assert read.number_of_edges() == len(as_json["edges"])
    assert _triples(read, RELATION_ATTRIBUTE) == {
        (e["source"], e["target"], e["type"]) for e in as_json["edges"]}
