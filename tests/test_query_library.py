"""The query library: documented headers, docs/queries.md current, answers from the corpus."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from govkg.graph.base import GraphNode
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.queries import query_library
from govkg.queries.docs import body, command, render
from govkg.service import GovernanceService
from tests.conftest import ROOT

LIBRARY = query_library()
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
REQUIRED = {"policy_timeline", "policies_of_mechanism", "institutions_bound_by_policy",
            "neighbourhood", "paths_between", "institutions_sharing_policies",
            "pilots_by_batch", "figures_of_entity"}


def test_the_library_covers_the_researchers_questions() -> None:
    assert set(LIBRARY) >= REQUIRED


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_header_documents_parameters_returns_and_an_example(name: str) -> None:
    query = LIBRARY[name]
    used = set(_PARAM.findall(body(query)))
    assert set(query.params) == used, f"{name}: declared {set(query.params)}, used {used}"
    assert all(meaning for meaning in query.params.values())
    assert query.returns, f"{name}: no '// returns:'"
    assert set(query.example) == used, f"{name}: the example must give every parameter"


def test_docs_queries_md_is_current() -> None:
    committed = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/queries.md is stale: run `govkg docs-queries`"
    for name in LIBRARY:
        assert f"### `{name}`" in committed


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_example_answers_on_the_corpus(corpus_kg: GovernanceService, name: str) -> None:
    result = corpus_kg.run(name, **LIBRARY[name].example)
    assert result.rows, f"{name}: its documented example finds nothing in the corpus"


def _ids(values: list[GraphNode]) -> list[str]:
    return [v.key for v in values]


def test_policies_of_mechanism(corpus_kg: GovernanceService) -> None:
    rows = corpus_kg.run("policies_of_mechanism", mechanism_id="mech-classified-support").rows
    assert [(policy.key, how) for policy, how, _ in rows] == [
        ("pol-sh-new-rnd-measures-draft", "ESTABLISHES")]
    credit = corpus_kg.run("policies_of_mechanism", mechanism_id="mech-st-credit-review").rows
    policy, how, relation = credit[0]
    assert (policy.key, how) == ("pol-sh-st-credit-measures", "USES_MECHANISM")
    assert relation.properties["quote"]


def test_a_policy_being_drafted_binds_no_one(corpus_kg: GovernanceService) -> None:
    # the policy applies to the programme, which covers the five new-type institutes; the
    # text says the policy is being drafted (研究制订), so it binds none of them yet
    covered = {c.unit.id for c in corpus_kg.units_of("prog-public-function").results}
    assert {"inst-srici", "inst-sipai", "inst-srim", "inst-silt", "inst-seari"} <= covered
    rows = corpus_kg.run("institutions_bound_by_policy",
                         policy_id="pol-public-function-eval-policy", as_of=None,
                         methods=None).records()
    assert rows == []


def test_a_region_is_where_a_policy_holds_not_who_it_binds(
        corpus_kg: GovernanceService) -> None:
    # 条例 applies to 上海市; Fudan and the CAS institutes are located there (partly through
    # background facts), and are not thereby addressees of it
    rows = corpus_kg.run("institutions_bound_by_policy",
                         policy_id="pol-sh-sci-centre-regulation", as_of=None,
                         methods=None).records()
    assert {r["addressee"].key for r in rows} & {"inst-fudan", "inst-cas-sioc"} == set()
    roles = corpus_kg.run("institutions_bound_by_policy",
                          policy_id="pol-research-autonomy-measures", as_of=None,
                          methods=None).records()
    assert {(r["addressee"].key, r["how"]) for r in roles} == {
        ("role-medical-institution", "role"), ("role-public-institution", "role"),
        ("role-research-institute", "role"), ("role-university", "role")}


def test_co_membership(corpus_kg: GovernanceService) -> None:
    types = ["APPLIES_TO", "COVERS", "CO_FUNDS", "ISSUED_BY"]
    rows = corpus_kg.run("institutions_sharing_policies", institution_id="inst-united-imaging",
                         types=types, min_shared=1).records()
    assert [(r["other"].key, r["shared"]) for r in rows] == [("inst-huahong", ["prog-explorer"])]
    zone = corpus_kg.run("institutions_sharing_policies", institution_id=None, types=types,
                         min_shared=1).records()
    pairs = {(r["institution"].key, r["other"].key): r["shared"] for r in zone}
    assert pairs[("inst-fudan", "inst-sjtu")] == ["pilot-basic-research-zone"]
    assert ("inst-sjtu", "inst-fudan") not in pairs  # each pair once


def test_pilots_by_batch(corpus_kg: GovernanceService) -> None:
    rows = corpus_kg.run("pilots_by_batch", pilot_id="pilot-basic-research-zone",
                         as_of=None).records()
    assert len(rows) == 1
    first = rows[0]
    assert (first["batch"], first["since"]) == (1, "2021")
    assert set(_ids(first["units"])) == {"inst-fudan", "inst-sjtu", "inst-cas-shanghai"}
    assert not corpus_kg.run("pilots_by_batch", pilot_id="pilot-basic-research-zone",
                             as_of="2020-12-31").rows


def test_figures_of_jiebang_guashuai(corpus_kg: GovernanceService) -> None:
    rows = corpus_kg.run("figures_of_entity", id="mech-jiebang-guashuai", methods=None).records()
    values = {row["figure"].properties["measure"]: row["figure"].properties["value"]
              for row in rows}
    # 发布14条榜单 … 收到74份有效揭榜材料, 拟挂帅的19家单位有10家来自外省市
    assert values == {"lists_published": 14, "valid_applications": 74, "candidate_units": 19,
                      "candidate_units_from_other_provinces": 10}


def test_cli_runs_a_named_query_as_documented(
    corpus_kg: GovernanceService, falkordb_server: EmbeddedFalkorDB,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOVKG_STORE", f"unix://{falkordb_server.socket_path}")
    monkeypatch.setenv("GOVKG_GRAPH", corpus_kg.store.graph_name)  # type: ignore[attr-defined]
    args = command(LIBRARY["policy_timeline"]).split()[1:]
    assert args[:3] == ["query", "--name", "policy_timeline"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["policy"]["id"] == "pol-sh-st-credit-measures"
    assert len(rows) == 15  # the chapter's 10, four law versions of 2021 and a decision


def test_cli_docs_queries_check(tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "queries.md"
    runner = CliRunner()
    assert runner.invoke(app, ["docs-queries", "--check", "-o", str(target)]).exit_code == 3
    assert runner.invoke(app, ["docs-queries", "-o", str(target)]).exit_code == 0
    assert runner.invoke(app, ["docs-queries", "--check", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == render()
