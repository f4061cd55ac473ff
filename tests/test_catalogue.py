"""The faceted list of policies and laws (GET /catalogue, the explorer's list view) and a
law version's articles (GET /laws/{law}/articles), on the corpus: every facet count is
checked against a count made independently, with Cypher of its own, over the graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from govkg.api import create_app
from govkg.errors import InputError
from govkg.service import GovernanceService
from tests.conftest import DATA


@pytest.fixture(scope="module")
def client(corpus_kg: GovernanceService) -> Iterator[TestClient]:
    with TestClient(create_app(kg=corpus_kg)) as test_client:
        yield test_client


def _count(kg: GovernanceService, query: str, **params: object) -> int:
    return int(kg.cypher(query, params).rows[0][0])


def _facet(answer: dict, facet: str) -> dict[str, int]:  # type: ignore[type-arg]
    return {v["value"]: v["count"] for v in answer["facets"][facet]}


def test_every_policy_and_law_is_listed(client: TestClient, corpus_kg: GovernanceService
                                        ) -> None:
    answer = client.get("/catalogue", params={"limit": 500}).json()
    laws = _count(corpus_kg, "MATCH (n:Law) RETURN count(n)")
    policies = _count(corpus_kg, "MATCH (n:Policy) RETURN count(n)")
    assert answer["total"] == laws + policies == len(answer["results"])
    assert _facet(answer, "type") == {"Law": laws, "Policy": policies}
    # every law with a text has its versions' years; a cited-only law has none
    for item in answer["results"]:
        if item["document"]["type"] == "Law":
            has_text = (item["document"]["provenance"] or {}).get("method") != "cited"
            assert bool(item["years"]) == has_text, item["document"]["name"]


def test_facet_counts_equal_independent_counts(client: TestClient,
                                               corpus_kg: GovernanceService) -> None:
    answer = client.get("/catalogue").json()
    levels = _facet(answer, "level")
    assert levels["地方性法规"] == _count(
        corpus_kg, "MATCH (n:Law {level: $level}) RETURN count(n)", level="地方性法规")
    assert sum(levels.values()) == _count(
        corpus_kg, "MATCH (n:Law) WHERE n.level IS NOT NULL RETURN count(n)")
    regions = _facet(answer, "region")
    assert regions["reg-shanghai"] == _count(
        corpus_kg, "MATCH (n)-[:IN_JURISDICTION|APPLIES_TO]->(:Region {id: 'reg-shanghai'}) "
        "WHERE n:Law OR n:Policy RETURN count(DISTINCT n)")
    roles = _facet(answer, "role")
    assert roles["role-university"] == _count(
        corpus_kg, "MATCH (n:Law)-[:HAS_VERSION]->(:LawVersion)-[:HAS_ARTICLE]->(:Article)"
        "-[:NAMES_ROLE]->(:ActorRole {id: 'role-university'}) RETURN count(DISTINCT n)")
    instruments = _facet(answer, "instrument")
    top = answer["facets"]["instrument"][0]["value"]
    assert instruments[top] == _count(
        corpus_kg, "MATCH (n) WHERE (n:Law OR n:Policy) AND ("
        "(n)-[:USES_MECHANISM|ESTABLISHES]->(:Mechanism {id: $m}) OR "
        "(n)-[:HAS_VERSION]->(:LawVersion)-[:HAS_ARTICLE]->(:Article)-[:USES_MECHANISM]->"
        "(:Mechanism {id: $m})) RETURN count(DISTINCT n)", m=top)
    years = _facet(answer, "year")
    assert years["2021"] == _count(
        corpus_kg, "MATCH (n:Law)-[:HAS_VERSION]->(v:LawVersion) "
        "WHERE v.version_date STARTS WITH '2021' RETURN count(DISTINCT n)") + _count(
        corpus_kg, "MATCH (n:Policy) WHERE coalesce(n.issued, n.effective) STARTS WITH '2021' "
        "RETURN count(n)")


def test_chosen_values_narrow_the_list_and_its_counts(
        client: TestClient, corpus_kg: GovernanceService) -> None:
    chosen = {"level": "地方性法规", "role": "role-university", "region": "reg-shanghai"}
    answer = client.get("/catalogue", params=chosen).json()
    expected = _count(
        corpus_kg, "MATCH (n:Law {level: '地方性法规'})-[:IN_JURISDICTION]->"
        "(:Region {id: 'reg-shanghai'}) WHERE (n)-[:HAS_VERSION]->(:LawVersion)-"
        "[:HAS_ARTICLE]->(:Article)-[:NAMES_ROLE]->(:ActorRole {id: 'role-university'}) "
        "RETURN count(DISTINCT n)")
    assert 0 < answer["total"] == expected
    assert answer["filters"] == chosen
    assert _facet(answer, "level") == {"地方性法规": expected}
    assert _facet(answer, "role")["role-university"] == expected
    for item in answer["results"]:
        assert item["level"] == "地方性法规"
        assert "reg-shanghai" in {r["id"] for r in item["regions"]}
    # adding a value gives the count the facet showed for it
    year = answer["facets"]["year"][0]
    narrower = client.get("/catalogue", params={**chosen, "year": year["value"]}).json()
    assert narrower["total"] == year["count"]


def test_the_service_and_the_api_answer_the_same(client: TestClient,
                                                 corpus_kg: GovernanceService) -> None:
    api = client.get("/catalogue", params={"type": "Law", "limit": 5}).json()
    service = corpus_kg.catalogue(limit=5, type="Law").model_dump(mode="json")
    assert api == service


@pytest.mark.parametrize(("params", "status"), [({"type": "Institution"}, 400),
                                                ({"year": "21"}, 422), ({"limit": 0}, 422)])
def test_bad_facet_values_answer_in_the_error_shape(client: TestClient, params: dict[str, str],
                                                    status: int) -> None:
    response = client.get("/catalogue", params=params)
    assert response.status_code == status
    assert set(response.json()) == {"error"}


def test_unknown_facets_are_refused_by_the_service(corpus_kg: GovernanceService) -> None:
    with pytest.raises(InputError, match="unknown facet"):
        corpus_kg.catalogue(colour="red")


def test_a_law_versions_articles(client: TestClient, corpus_kg: GovernanceService) -> None:
    latest = client.get("/laws/上海市科学技术进步条例/articles").json()
    older = client.get("/laws/上海市科学技术进步条例/articles",
                       params={"version": "2015-01-01"}).json()
    assert latest["version"]["version"]["version_date"].startswith("2024")
    assert older["version"]["version"]["version_date"].startswith("2010")
    for answer in (latest, older):
        version_id = answer["version"]["version"]["id"]
        assert len(answer["articles"]) == _count(
            corpus_kg, "MATCH (:LawVersion {id: $v})-[:HAS_ARTICLE]->(a) RETURN count(a)",
            v=version_id)
        numbers = [a["number"] for a in answer["articles"]]
        assert numbers == sorted(numbers) and numbers[0] == 1
    source = next(Path(DATA / "corpus" / "laws").glob("*.md")).parent
    texts = "".join(p.read_text(encoding="utf-8") for p in source.glob("*.md"))
    assert all(a["text"] in texts for a in latest["articles"])
    missing = client.get("/laws/上海市科学技术进步条例/articles", params={"version": "1990"})
    assert missing.status_code == 400


def test_the_notebook_has_the_catalogue_and_a_versions_articles(
        client: TestClient, corpus_kg: GovernanceService) -> None:
    from govkg.notebook import KnowledgeGraph

    nb = KnowledgeGraph(corpus_kg)
    chosen = {"level": "地方性法规", "region": "reg-shanghai"}
    answer = client.get("/catalogue", params={**chosen, "limit": 500}).json()
    frame = nb.catalogue(**chosen)
    assert list(frame["id"]) == [item["document"]["id"] for item in answer["results"]]
    assert all(isinstance(v, str) for v in frame["regions"])  # flat cells, no lists
    facets = nb.catalogue_facets(**chosen)
    assert dict(zip(facets.loc[facets["facet"] == "year", "value"],
                    facets.loc[facets["facet"] == "year", "count"], strict=True)) == _facet(
        answer, "year")
    articles = nb.law_articles("上海市科学技术进步条例", "2025-01-01")
    served = client.get("/laws/上海市科学技术进步条例/articles",
                        params={"version": "2025-01-01"}).json()["articles"]
    assert list(articles["article_id"]) == [a["id"] for a in served]
    assert articles["text"].iloc[0] == served[0]["text"] and articles["text"].iloc[0]
