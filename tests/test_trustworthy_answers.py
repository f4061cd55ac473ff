"""Issue 16: answers a researcher can trust, the text's own facts kept apart from background
and inference. One test per defect the issue lists, on the bundled corpus (the chapter, its
background facts, its links to the law corpus, the 45 laws), plus the checks of its "Done
when": with the filter set to the text's own facts no answer holds a background link; with
it off every background link an answer holds is marked."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.cli.main import app as cli_app
from govkg.notebook import KnowledgeGraph
from govkg.service import GovernanceService
from govkg.service.answers import EntityDetail, NetworkAnswer
from govkg.service.methods import NOT_STATED, TEXT_METHODS

TEXT = ",".join(TEXT_METHODS)
ZONE = "基础研究特区"
SIOC = "中国科学院上海有机化学研究所"


@pytest.fixture(scope="module")
def client(corpus_kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(kg=corpus_kg)) as test_client:
        yield test_client


def _bound(kg: GovernanceService, policy: str, as_of: str | None = None,
           methods: list[str] | None = None) -> list[dict[str, Any]]:
    policy_id = kg.resolve(policy).id
    return kg.run("institutions_bound_by_policy", policy_id=policy_id, as_of=as_of,
                  methods=methods).records()


# ------------------------------------------------------------------ the defects

def test_inherited_pilot_through_background_part_of_says_the_text_does_not_state_it(
        corpus_kg: GovernanceService) -> None:
    """/units/中国科学院上海有机化学研究所/pilots answered 基础研究特区 as `curated` with the
    chapter's quote, hiding that the PART_OF link making it inherited is background."""
    hits = [c for c in corpus_kg.pilots_covering(SIOC).results if c.pilot.name == ZONE]
    assert len(hits) == 1
    hit = hits[0]
    assert hit.inherited and hit.stated is False
    assert hit.chain == ["inst-cas-sioc", "inst-cas-shanghai"]
    assert [(link.type, link.method, link.stated) for link in hit.links] == [
        ("PART_OF", "background", False)]
    assert hit.caveat and "the text does not state this" in hit.caveat
    assert hit.provenance and "首批试点单位" in (hit.provenance.quote or "")
    text_only = corpus_kg.pilots_covering(SIOC, methods=TEXT).results
    assert [c.pilot.name for c in text_only] == []


def test_open_ended_first_batch_list_is_marked_open(corpus_kg: GovernanceService) -> None:
    """「…等作为首批试点单位」 is open-ended; nothing said so."""
    answer = corpus_kg.units_of(ZONE, role="pilot_unit")
    first_batch = [c for c in answer.results if c.batch == 1]
    assert {c.unit.name for c in first_batch} == {"复旦大学", "上海交通大学", "中国科学院上海分院"}
    assert all(c.open_list for c in first_batch) and answer.open_list


def test_lump_sum_pilot_covers_its_two_project_groups_not_the_city(
        corpus_kg: GovernanceService) -> None:
    """包干制改革试点 was stored as covering 上海市, so 浦东新区 and 临港新片区 inherited it;
    the text says 523 natural-science and 127 soft-science projects."""
    answer = corpus_kg.units_of("包干制改革试点")
    assert {c.unit.type for c in answer.results} == {"Project"}
    quotes = " ".join(c.provenance.quote or "" for c in answer.results if c.provenance)
    assert "523" in quotes and "127" in quotes
    for region in ("上海市", "浦东新区", "临港新片区"):
        assert "包干制改革试点" not in {c.pilot.name
                                  for c in corpus_kg.pilots_covering(region).results}


def test_co_funding_companies_are_not_pilot_units(corpus_kg: GovernanceService) -> None:
    """联影集团 and 华虹集团 were stored like pilot units; the text says they co-fund
    探索者计划. /units/联影集团/pilots still answers 探索者计划, with the role."""
    for company in ("联影集团", "华虹集团"):
        hits = corpus_kg.pilots_covering(company).results
        assert [(c.pilot.name, c.role) for c in hits] == [("探索者计划", "co_funding_partner")]
        assert hits[0].role_label == "联合资助方 (co-funding partner)"
        assert corpus_kg.pilots_covering(company, role="pilot_unit").results == []
    partners = corpus_kg.units_of("探索者计划", role="co_funding_partner").results
    assert {c.unit.name for c in partners} == {"联影集团", "华虹集团"}
    pilot_units = {c.unit.name for c in corpus_kg.units_of(ZONE, role="pilot_unit").results}
    assert not {"联影集团", "华虹集团"} & pilot_units


def test_framework_agreement_recorded_once_with_its_parties_and_ratio(
        corpus_kg: GovernanceService) -> None:
    """The 1:3 ratio was copied onto each company's edge; the agreement was not recorded."""
    rows = corpus_kg.cypher(
        "MATCH (a:Agreement)<-[p:PARTY_TO]-(party) RETURN a.id, a.ratio, party.name, "
        "p.method ORDER BY party.name").rows
    assert {(agreement, ratio) for agreement, ratio, _, _ in rows} == {
        ("agr-explorer-framework", "1:3")}
    parties = {party: method for _, _, party, method in rows}
    assert {party for party, method in parties.items() if method in TEXT_METHODS} == {
        "联影集团", "华虹集团"}
    # the text does not name the government side: any such party is marked as not stated
    assert all(method not in TEXT_METHODS for party, method in parties.items()
               if party not in {"联影集团", "华虹集团"})
    ratios_on_edges = corpus_kg.cypher(
        "MATCH (:Institution)-[r]-(:Programme {id: 'prog-explorer'}) WHERE r.ratio IS NOT NULL "
        "RETURN count(r)").rows
    assert ratios_on_edges == [[0]] or ratios_on_edges == [(0,)]
    detail = corpus_kg.entity("“探索者计划”合作框架协议")
    assert detail.provenance and "1:3" in (detail.provenance.quote or "")


def test_bound_by_policy_means_named_addressees_not_everything_in_its_region(
        corpus_kg: GovernanceService) -> None:
    """institutions_bound_by_policy for 上海市科技信用信息管理办法(试行) returned every
    institution in Shanghai through background LOCATED_IN links."""
    in_shanghai = corpus_kg.cypher(
        "MATCH (i:Institution)-[:LOCATED_IN*1..3]->(:Region {id: 'reg-shanghai'}) "
        "RETURN count(DISTINCT i)").rows[0][0]
    assert in_shanghai > 10
    assert _bound(corpus_kg, "上海市科技信用信息管理办法(试行)") == []
    named = _bound(corpus_kg, "上海市科技小巨人工程实施办法")
    assert {row["how"] for row in named} <= {"named", "covered", "role"}
    assert {row["addressee"].properties["id"] for row in named} == {"role-st-sme"}


def test_bound_by_policy_only_while_the_policy_is_in_force(
        corpus_kg: GovernanceService) -> None:
    """institutions_bound_by_policy(…, as_of=2019-01-01) returned 18 institutions for a
    policy issued 2021-11-26."""
    policy = "上海市事业单位绩效工资管理中技术合同奖酬金发放的若干规定"
    assert _bound(corpus_kg, policy, as_of="2019-01-01") == []
    assert _bound(corpus_kg, policy, as_of="2021-11-25") == []
    later = _bound(corpus_kg, policy, as_of="2022-01-01")
    assert [row["addressee"].properties["id"] for row in later] == ["role-public-institution"]
    assert later[0]["in_force_from"] == "2021-11-26"
    assert later[0]["in_force_basis"] == "issued"
    drafts = _bound(corpus_kg, "上海市新型研发机构建设管理办法(草案)")
    assert drafts == []


def test_as_of_network_and_paths_keep_only_policies_in_force(
        corpus_kg: GovernanceService) -> None:
    """Every as_of answer respects a policy's validity: the provisions issued 2021-11-26
    are not in the 2019 neighbourhood of the role they address, nor on a 2019 path."""
    policy = "pol-sh-tech-contract-reward-provisions"

    def near(as_of: str | None) -> set[str]:
        answer = corpus_kg.network("role-public-institution", depth=1, as_of=as_of)
        return {node.id for node in answer.nodes}

    def via(as_of: str | None) -> list[list[str]]:
        answer = corpus_kg.paths("role-public-institution", "reg-shanghai", max_len=2,
                                 as_of=as_of)
        return [[node.id for node in path.nodes] for path in answer.paths]

    assert policy in near(None) and policy in near("2022-01-01")
    assert policy not in near("2019-01-01") and policy not in near("2021-11-25")
    assert via("2022-01-01") == [["role-public-institution", policy, "reg-shanghai"]]
    assert via("2019-01-01") == []


def test_units_of_pilot_includes_inherited_units_and_agrees_with_pilots_of_unit(
        corpus_kg: GovernanceService) -> None:
    """/pilots/基础研究特区/units listed 3 units while /units/…/pilots said 9 are covered."""
    direct = corpus_kg.units_of(ZONE).results
    every = corpus_kg.units_of(ZONE, inherited=True).results
    assert len(direct) == 3 and len(every) == 9
    assert {c.unit.id for c in every if not c.inherited} == {c.unit.id for c in direct}
    for c in every:
        back = [b for b in corpus_kg.pilots_covering(c.unit.id).results if b.pilot.name == ZONE]
        assert back and back[0].inherited == c.inherited and back[0].chain == c.chain
        if c.inherited:
            assert c.links and all(link.method for link in c.links)


@pytest.mark.parametrize(("url", "kind", "instead"), [
    (f"/pilots/{quote('复旦大学')}/units", "Institution", "/units/inst-fudan/pilots"),
    (f"/units/{quote(ZONE)}/pilots", "Pilot", "/pilots/pilot-basic-research-zone/units"),
])
def test_wrong_kind_of_entity_answers_422_naming_it_and_the_route(
        client: TestClient, url: str, kind: str, instead: str) -> None:
    """/pilots/复旦大学/units and /units/基础研究特区/pilots answered 200 with an empty list."""
    response = client.get(url)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "wrong_kind"
    assert error["details"]["type"] == kind and error["details"]["instead"] == instead
    assert kind in error["message"] and instead in error["message"]


SOURCE_A = """\
source: {id: src-a, name: 来源甲, name_en: source A}
entities:
  - {id: pilot-zone, type: Pilot, name: 基础研究特区, name_en: basic research zone,
     provenance: {section: "1", quote: 设立基础研究特区}}
  - {id: inst-fudan, type: Institution, name: 复旦大学, name_en: Fudan University, kind: university,
     provenance: {section: "1", quote: 复旦大学作为首批试点单位}}
relations:
  - {type: COVERS, from: pilot-zone, to: inst-fudan, role: pilot_unit, batch: 1,
     provenance: {section: "1", quote: 复旦大学作为首批试点单位}}
"""
SOURCE_B = """\
source: {id: src-b, name: 来源乙, name_en: source B}
entities:
  - {id: inst-fudan, type: Institution, name: 复旦大学, name_en: Fudan University, kind: university,
     provenance: {section: "7", quote: 复旦大学列入第二批}}
relations:
  - {type: COVERS, from: pilot-zone, to: inst-fudan, role: pilot_unit, batch: 2,
     provenance: {section: "7", quote: 复旦大学列入第二批}}
  - {type: COVERS, from: pilot-zone, to: inst-fudan, role: pilot_unit, batch: 1,
     provenance: {section: "7", quote: 首批试点单位复旦大学}}
"""


def test_batches_and_sources_of_one_link_are_separate_facts(
        kg: GovernanceService, tmp_path: Path) -> None:
    """A relation was identified by (from, type, to): a unit in batch 1 and again in batch 2
    became one edge, and a second source overwrote the first one's provenance."""
    (tmp_path / "a.yaml").write_text(SOURCE_A, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SOURCE_B, encoding="utf-8")
    kg.load([tmp_path / "a.yaml"])
    kg.load([tmp_path / "b.yaml"])
    rows = kg.cypher("MATCH (:Pilot {id: 'pilot-zone'})-[r:COVERS]->(:Institution) "
                     "RETURN r.source, r.batch, r.quote ORDER BY r.source, r.batch").rows
    assert [tuple(row) for row in rows] == [
        ("src-a", 1, "复旦大学作为首批试点单位"),
        ("src-b", 1, "首批试点单位复旦大学"),
        ("src-b", 2, "复旦大学列入第二批")]
    fudan = kg.cypher("MATCH (i:Institution {id: 'inst-fudan'}) RETURN i.source, i.quote, "
                      "i.sources").rows[0]
    assert fudan[0] == "src-a" and fudan[1] == "复旦大学作为首批试点单位"
    assert list(fudan[2]) == ["src-a", "src-b"]
    quotes = kg.cypher("MATCH (:Institution {id: 'inst-fudan'})-[m:MENTIONED_IN]->(s:Source) "
                       "RETURN s.id, m.quote ORDER BY s.id").rows
    assert [tuple(row) for row in quotes] == [("src-a", "复旦大学作为首批试点单位"),
                                              ("src-b", "复旦大学列入第二批")]
    assert {c.batch for c in kg.units_of("基础研究特区").results} == {1, 2}


def test_round_figures_hang_on_the_2021_shanghai_round_with_year_region_funder(
        corpus_kg: GovernanceService) -> None:
    """The 揭榜挂帅 figures hung on the general mechanism; figures had no year, region or
    funder."""
    mechanism = corpus_kg.entity("揭榜挂帅")
    figures = {f.measure: f for f in mechanism.figures}
    assert {measure: f.value for measure, f in figures.items()} == {
        "lists_published": 14, "valid_applications": 74, "candidate_units": 19,
        "candidate_units_from_other_provinces": 10}
    for figure in figures.values():
        assert figure.event and figure.event.id == "round-jbgs-sh-2021"
        assert figure.event.type == "Round" and figure.year == "2021"
        assert [r.other.id for r in figure.regions] == ["reg-shanghai"]
        assert [(f.other.id, f.stated) for f in figure.funders] == [("inst-stcsm", False)]
        assert figure.funders[0].caveat == NOT_STATED["background"]
    on_mechanism = corpus_kg.cypher(
        "MATCH (:Mechanism {id: 'mech-jiebang-guashuai'})-[:HAS_FIGURE]->(f) RETURN count(f)"
    ).rows[0][0]
    assert on_mechanism == 0


def test_status_values_match_the_text_and_incorporation_is_not_part_of(
        corpus_kg: GovernanceService) -> None:
    """The 2021–2035 plan was `drafting` though drafting was completed; 「纳入一网通办」 was
    stored as PART_OF, the relation coverage is inherited through."""
    statuses = dict(corpus_kg.cypher("MATCH (p:Policy) RETURN p.id, p.status").rows)
    assert statuses["pol-sh-mlp-2021-2035"] == "drafted"
    scheme = corpus_kg.ontology.scheme("PolicyStatusScheme")
    assert set(statuses.values()) - {None} <= set(scheme)
    platform = corpus_kg.entity("科技管理信息平台")
    out = {(r.type, r.other.name) for r in platform.relations if r.direction == "out"}
    assert ("INCORPORATED_INTO", "“一网通办”平台") in out
    assert not [t for t, name in out if t == "PART_OF" and "一网通办" in name]


MISSING_FACTS = [
    ("pol-kegai-25", "IMPLEMENTS", "pol-sh-sci-centre-regulation", "贯彻落实"),
    ("pol-new-rnd-provisions", "IMPLEMENTS", "pol-sh-sci-centre-regulation", "贯彻落实"),
    ("pol-sh-instrument-sharing-provisions", "SUPERSEDES", "law-cfde632e9f-20071101",
     "在原有规定的基础上"),
    ("pol-sh-rnd-platform-measures", "SUPERSEDES", "pol-sh-rnd-platform-measures-earlier",
     "(修订)"),
    ("pol-sh-little-giant-measures", "SUPERSEDES", "pol-little-giant-earlier-support",
     "在原有科技小巨人工程扶持的基础上"),
    ("pol-sh-st-credit-measures", "SHARES_DATA_WITH", "inst-most-integrity-db",
     "同步汇交至科技部诚信数据库"),
    ("inst-sh-st-credit-platform", "SHARES_DATA_WITH", "inst-most-integrity-system",
     "数据共享"),
    ("inst-sh-st-credit-platform", "SHARES_DATA_WITH", "inst-sh-social-credit-system",
     "互联互通"),
    ("pol-sh-instrument-sharing-provisions", "APPLIES_TO", "reg-yrd", "长三角共享服务"),
    ("pol-basic-research-opinions", "APPLIES_TO", "reg-yrd", "长三角区域创新共同体"),
    ("mech-post-subsidy", "NAMES_ROLE", "role-innovation-base", "重点实验室、工程中心"),
    ("mech-post-subsidy", "NAMES_ROLE", "role-incubator", "创新创业载体"),
    ("mech-classified-support", "NAMES_ROLE", "role-new-rd-institute-public", "事业单位类"),
    ("mech-classified-support", "NAMES_ROLE", "role-new-rd-institute-social", "社会组织类"),
    ("mech-classified-support", "NAMES_ROLE", "role-new-rd-institute-enterprise", "企业类"),
    ("mech-credit-adoption-standard", "SUPERSEDES", "mech-credit-adoption-standard-earlier",
     "剔除原先有争议的环保、消防等"),
]


@pytest.mark.parametrize(("source", "rel_type", "target", "words"), MISSING_FACTS,
                         ids=[f"{s}-{t}-{o}" for s, t, o, _ in MISSING_FACTS])
def test_chapter_facts_missing_from_the_graph_are_there_with_their_quote(
        corpus_kg: GovernanceService, source: str, rel_type: str, target: str,
        words: str) -> None:
    """The chapter's facts not in the graph: implementing the 条例, earlier versions, data
    flowing to 科技部 systems, 长三角, 后补助, three types of new R&D institute, 剔除…."""
    rows = corpus_kg.cypher(
        "MATCH (a:Entity {id: $a})-[r]->(b:Entity {id: $b}) WHERE type(r) = $t "
        "RETURN r.method, r.quote, r.source",
        {"a": source, "b": target, "t": rel_type}).rows
    assert rows, f"{source} -{rel_type}-> {target} is not in the graph"
    method, quoted, stated_by = rows[0]
    assert method == "curated" and stated_by == "src-sh-2021-ch5"
    assert words in quoted


def test_the_chapter_links_to_the_law_corpus_by_the_loader_s_ids(
        corpus_kg: GovernanceService) -> None:
    """The revised 上海市促进大型科学仪器设施共享规定 of the chapter is a version of the work
    whose 2007 text is in the corpus, not a node of its own beside it."""
    rows = corpus_kg.cypher(
        "MATCH (law:Law {id: 'law-cfde632e9f'})-[:HAS_VERSION]->(v) "
        "RETURN v.id, labels(v), v.in_force_from, size([(v)-[:HAS_ARTICLE]->(a) | a]) "
        "ORDER BY v.id").rows
    assert [(row[0], "LawVersion" in row[1] or "Policy" in row[1]) for row in rows] == [
        ("law-cfde632e9f-20071101", True), ("pol-sh-instrument-sharing-provisions", True)]
    assert rows[0][2] == "2007-11-01" and rows[0][3] > 0


def test_every_entity_of_the_chapter_has_a_relation(corpus_kg: GovernanceService) -> None:
    """Four nodes had no relation at all (besides being mentioned)."""
    rows = corpus_kg.cypher(
        "MATCH (n:Entity)-[:MENTIONED_IN]->(:Source {id: 'src-sh-2021-ch5'}) "
        "WHERE NOT n:Figure "
        "OPTIONAL MATCH (n)-[r]-(:Entity) WHERE type(r) <> 'MENTIONED_IN' "
        "WITH n, count(r) AS links WHERE links = 0 RETURN n.id").rows
    assert rows == []


# ------------------------------------------------------------------ done when

def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _method(item: dict[str, Any]) -> str | None:
    provenance = item.get("provenance")
    own = item.get("method")
    if own is None and isinstance(provenance, dict):
        own = provenance.get("method")
    return own if isinstance(own, str) else None


ECHOES = ("query", "focus", "from", "to")
"""What an answer repeats of the question (the entity asked about), not something it found."""


def _found(answer: Any) -> Any:
    """What an answer found: its JSON without the entity it was asked about (an answer about
    a background entity names it; its links are what must be the text's own)."""
    data = answer.model_dump(mode="json")
    if isinstance(answer, EntityDetail):
        return {"relations": data["relations"], "figures": data["figures"]}
    found = {key: value for key, value in data.items() if key not in ECHOES}
    if isinstance(answer, NetworkAnswer):
        asked = data["focus"]["id"] if isinstance(data["focus"], dict) else data["focus"]
        found["nodes"] = [node for node in data["nodes"] if node["id"] != asked]
    return found


def _answers(kg: GovernanceService, methods: str | None) -> Iterator[tuple[str, Any]]:
    """Every kind of answer that shows links, over the chapter's units, pilots and policies."""
    units = ["复旦大学", SIOC, "中国科学院上海分院", "联影集团", "浦东新区", "临港新片区"]
    for unit in units:
        yield f"pilots {unit}", kg.pilots_covering(unit, methods=methods)
    for pilot in [ZONE, "探索者计划", "包干制改革试点"]:
        yield f"units {pilot}", kg.units_of(pilot, inherited=True, methods=methods)
    for key in [SIOC, "揭榜挂帅", "上海市科学技术委员会", "上海市科技信用信息管理办法(试行)"]:
        yield f"entity {key}", kg.entity(key, methods=methods)
        yield f"network {key}", kg.network(key, depth=2, methods=methods)
    yield "paths", kg.paths(SIOC, ZONE, methods=methods)
    yield "timeline", kg.timeline("2021", "2021", methods=methods)


def test_text_only_filter_leaves_no_background_link_in_any_answer(
        corpus_kg: GovernanceService) -> None:
    before = after = 0
    for _, answer in _answers(corpus_kg, None):
        before += sum(_method(i) == "background" for i in _walk(_found(answer)))
    for name, answer in _answers(corpus_kg, TEXT):
        found = [i for i in _walk(_found(answer))
                 if _method(i) not in (None, *TEXT_METHODS)]
        assert found == [], name
        after += len(found)
    assert before > 0 and after == 0


def test_without_the_filter_every_background_link_is_marked(
        corpus_kg: GovernanceService) -> None:
    marked = 0
    for name, answer in _answers(corpus_kg, None):
        for item in _walk(_found(answer)):
            if "stated" in item and _method(item) in NOT_STATED:
                assert item["stated"] is False and item["caveat"] == NOT_STATED[
                    _method(item) or ""], (name, item)
                marked += 1
    assert marked > 0


DATA_ROUTES_WITHOUT_FACTS = {"/health", "/analytics", "/ontology", "/ontology.ttl",
                             "/explorer/config", "/cypher", "/docs", "/redoc"}
"""Routes that answer no facts of the graph (or, /cypher, the user's own query)."""


def test_every_route_takes_the_method_filter(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    missing = []
    for path, operations in schema["paths"].items():
        if path in DATA_ROUTES_WITHOUT_FACTS or path.startswith("/ontology"):
            continue
        for verb, operation in operations.items():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if "method" not in names:
                missing.append(f"{verb.upper()} {path}")
    assert missing == []


def test_every_question_command_and_facade_method_takes_the_method_filter() -> None:
    import typer.main

    group = typer.main.get_command(cli_app)
    no_facts = {"load", "init", "init-schema", "serve", "docs-queries", "validate", "extract",
                "extract-eval", "resolve", "export", "ror", "query", "bench"}
    missing = []
    for name, command in getattr(group, "commands", {}).items():
        subcommands = getattr(command, "commands", None) or {name: command}
        for sub, leaf in subcommands.items():
            if sub in no_facts or name in no_facts:
                continue
            if "method" not in {p.name for p in leaf.params}:
                missing.append(sub)
    assert missing == []
    facade_questions = ["pilots_covering", "units_of", "entity", "search", "timeline",
                        "neighbourhood", "paths", "draw", "laws", "law_basis", "law_cited_by",
                        "articles", "law_versions", "law_articles", "law_diff", "catalogue",
                        "catalogue_facets", "stats", "analytics", "to_networkx"]
    lacking = [name for name in facade_questions
               if "method" not in inspect.signature(getattr(KnowledgeGraph, name)).parameters]
    assert lacking == []


def test_whole_graph_answers_take_the_filter_too(corpus_kg: GovernanceService,
                                                 client: TestClient) -> None:
    """Counts, analytics, the catalogue and a law's versions keep only the facts asked."""
    everything, text_only = corpus_kg.stats(), corpus_kg.stats(methods=TEXT)
    stated = corpus_kg.cypher("MATCH (n:Entity) WHERE n.method IN $m RETURN count(n)",
                              {"m": list(TEXT_METHODS)}).rows[0][0]
    assert text_only.nodes == stated < everything.nodes
    assert text_only.relationships < everything.relationships
    assert client.get("/stats", params={"method": TEXT}).json()["nodes"] == stated
    graph = corpus_kg.to_networkx(methods=TEXT)
    assert graph.number_of_nodes() == stated
    assert {data.get("method") for _, _, data in graph.edges(data=True)} <= set(TEXT_METHODS)
    degree = client.get("/analytics/degree", params={"method": TEXT, "limit": 500}).json()
    assert SIOC not in {str(cell) for row in degree["rows"] for cell in row}
    versions = client.get("/laws/law-cfde632e9f/versions", params={"method": "curated"})
    assert [v["version"]["id"] for v in versions.json()["versions"]] == [
        "pol-sh-instrument-sharing-provisions"]
    every_version = client.get("/laws/law-cfde632e9f/versions").json()["versions"]
    assert len(every_version) == 2
    catalogue = client.get("/catalogue", params={"method": "background", "limit": 500}).json()
    assert all(item["document"]["provenance"]["method"] == "background"
               for item in catalogue["results"])


def test_the_ontology_page_names_every_term(corpus_kg: GovernanceService) -> None:
    """docs/ontology.md follows the ontology: every class, relation and scheme value."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "ontology.md").read_text(
        encoding="utf-8")
    ontology = corpus_kg.ontology
    terms = [*ontology.entity_labels, *ontology.relations,
             *ontology.scheme("PolicyStatusScheme"), *ontology.scheme("ParticipationRoleScheme")]
    assert [term for term in terms if f"`{term}`" not in page] == []
