"""The law questions through the HTTP API, the CLI and the Python facade, on the corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from govkg.api import create_app
from govkg.cli import app
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.notebook import KnowledgeGraph
from govkg.service import GovernanceService


@pytest.fixture(scope="module")
def client(corpus_kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(kg=corpus_kg)) as test_client:
        yield test_client


def _error(response) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"error"}
    return body["error"]


def test_laws_in_force_in_a_city_include_the_province_and_the_nation(
        client: TestClient) -> None:
    body = client.get("/laws", params={"as_of": "2022-06-01", "region": "宁波市"}).json()
    assert body["region"]["id"] == "reg-ningbo"
    places = {r["jurisdiction"]["name"] for r in body["results"]}
    assert places == {"中华人民共和国", "浙江省", "宁波市"}
    levels = [r["level"] for r in body["results"]]
    assert levels == sorted(levels, key=["法律", "行政法规", "地方性法规"].index)
    everything = client.get("/laws", params={"region": "宁波市"}).json()
    assert everything["total"] > body["total"]  # every version, in force or not


@pytest.mark.parametrize("title", ["中华人民共和国科学技术普及法", "科学技术普及法"])
def test_versions_by_title_with_or_without_the_prefix(client: TestClient, title: str) -> None:
    body = client.get(f"/laws/{quote(title)}/versions").json()
    assert body["law"]["name"] == "中华人民共和国科学技术普及法"
    spans = [(v["in_force_from"], v["in_force_until"]) for v in body["versions"]]
    assert spans == [("2002-06-29", "2024-12-25"), ("2024-12-25", None)]
    last = body["versions"][-1]["events"]
    assert [(e["kind"], e["date"], e["body"]["name"]) for e in last] == [
        ("adopted", "2002-06-29", "全国人民代表大会常务委员会"),
        ("revised", "2024-12-25", "全国人民代表大会常务委员会")]
    assert all(e["provenance"]["quote"] for e in last)


def test_diff_between_dates(client: TestClient) -> None:
    body = client.get(f"/laws/{quote('国家科学技术奖励条例')}/diff",
                      params={"from": "2021-01-01", "to": "2025-01-01"}).json()
    assert body["old"]["id"].endswith("20201007") and body["new"]["id"].endswith("20240526")
    counts = body["counts"]
    assert counts["unchanged"] > counts["changed"] > 0  # a light revision
    changed = [c for c in body["changes"] if c["change"] == "changed"]
    assert all("{+" in c["diff"] or "[-" in c["diff"] for c in changed)


def test_basis_and_cited_by(client: TestClient) -> None:
    basis = client.get(f"/laws/{quote('上海市科学技术进步条例')}/basis").json()
    assert {(link["cited"]["name"], link["article"]["name"]) for link in basis["links"]} == {
        ("中华人民共和国科学技术进步法", "第一条")}
    resolved = {link["citing_version"]["id"][-8:]: link["cited_version"]
                for link in basis["links"]}
    assert resolved["20240510"]["id"].endswith("20211224")  # in force on 2024-06-01
    assert resolved["20100917"] is None  # the 2007 text in force then is not in the corpus
    cited = client.get(f"/laws/{quote('科学技术进步法')}/cited-by", params={"depth": 2}).json()
    kinds = {(link["kind"], link["depth"]) for link in cited["links"]}
    assert ("basis", 1) in kinds
    assert len({link["citing_law"]["id"] for link in cited["links"]}) >= 15


def test_articles_by_role_text_and_date(client: TestClient) -> None:
    body = client.get("/articles", params={"role": "高等学校", "q": "科技成果转化",
                                           "as_of": "2022-01-01", "limit": 200}).json()
    assert body["role"]["id"] == "role-university"
    assert body["total"] > 5
    exact = [h for h in body["results"] if h["exact"]]
    assert exact and body["results"][: len(exact)] == exact  # the exact phrase first
    for hit in exact:
        assert "科技成果转化" in "".join(hit["article"]["text"].split())


@pytest.mark.parametrize(("path", "params", "status", "code"), [
    ("/laws/不存在的条例/versions", {}, 404, "not_found"),
    ("/laws", {"as_of": "2021-13-01"}, 422, "invalid_request"),
    ("/laws", {"level": "法规"}, 400, "invalid_input"),
    (f"/laws/{quote('科学技术进步法')}/basis", {"depth": 9}, 422, "invalid_request"),
    (f"/laws/{quote('科学技术进步法')}/diff", {"from": "1990-01-01"}, 400, "invalid_input"),
])
def test_bad_questions_answer_in_the_error_shape(client: TestClient, path: str,
                                                 params: dict[str, object], status: int,
                                                 code: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert _error(response)["code"] == code


def test_cli_and_facade_answer_the_same(corpus_kg: GovernanceService,
                                        falkordb_server: EmbeddedFalkorDB,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVKG_STORE", f"unix://{falkordb_server.socket_path}")
    monkeypatch.setenv("GOVKG_GRAPH", corpus_kg.store.graph_name)  # type: ignore[attr-defined]
    runner = CliRunner()
    listed = runner.invoke(app, ["laws", "--as-of", "2015-01-01", "--region", "上海市",
                                 "--json"])
    assert listed.exit_code == 0, listed.output
    ids = {r["version"]["version"]["id"] for r in json.loads(listed.output)["results"]}
    facade = KnowledgeGraph(corpus_kg).laws(as_of="2015-01-01", region="上海市")
    assert ids == set(facade["version_id"])
    for args in (["law", "versions", "上海市科学技术进步条例"],
                 ["law", "diff", "上海市科学技术进步条例"],
                 ["law", "basis", "上海市科学技术进步条例"],
                 ["law", "cited-by", "科学技术进步法"],
                 ["articles", "--role", "高等学校", "--as-of", "2022-01-01"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    frame = KnowledgeGraph(corpus_kg).law_diff("上海市科学技术进步条例")
    assert set(frame["change"]) <= {"added", "removed", "changed", "unchanged"}
    assert all(isinstance(v, str) and ("{+" in v or "[-" in v)
               for v in frame.loc[frame["change"] == "changed", "diff"])
