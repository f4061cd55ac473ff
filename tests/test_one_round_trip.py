"""A coverage question named by an id, name or alias is one store round trip (the query
resolves the key); a key that names nothing, several entities or one of another class still
gets close names, the candidates or the route to ask, as before. Queries are counted through
the real store's `query` on the embedded FalkorDB."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from govkg.errors import AmbiguousNameError, InputError, NotFoundError, WrongKindError
from govkg.service import GovernanceService
from tests.conftest import FIXTURES


@pytest.fixture
def count(monkeypatch: pytest.MonkeyPatch) -> Callable[[GovernanceService], list[str]]:
    """`count(kg)`: the list every query the store runs is appended to (the real method runs)."""

    def counted(kg: GovernanceService) -> list[str]:
        sent: list[str] = []
        real = kg.store.query

        def query(cypher: str, *args: Any, **kwargs: Any) -> Any:
            sent.append(cypher)
            return real(cypher, *args, **kwargs)

        monkeypatch.setattr(kg.store, "query", query)
        return sent

    return counted


@pytest.mark.parametrize("key", ["inst-fudan", "复旦大学", "Fudan University", "FUDAN UNIVERSITY"])
def test_pilots_of_a_unit_by_id_or_exact_name_is_one_round_trip(
        corpus_kg: GovernanceService, count: Callable[[GovernanceService], list[str]],
        key: str) -> None:
    sent = count(corpus_kg)
    answer = corpus_kg.pilots_covering(key)
    assert len(sent) == 1
    assert answer.query.id == "inst-fudan"
    assert "基础研究特区" in {c.pilot.name for c in answer.results}


@pytest.mark.parametrize("key", ["pilot-basic-research-zone", "基础研究特区",
                                 "basic research zone"])
def test_units_of_a_pilot_by_id_or_alias_is_one_round_trip(
        corpus_kg: GovernanceService, count: Callable[[GovernanceService], list[str]],
        key: str) -> None:
    sent = count(corpus_kg)
    answer = corpus_kg.units_of(key, inherited=True)
    assert len(sent) == 1
    assert answer.query.id == "pilot-basic-research-zone"
    assert {"inst-fudan", "inst-sjtu"} <= {c.unit.id for c in answer.results}
    assert any(c.inherited for c in answer.results)


def test_a_unit_nothing_covers_is_one_round_trip_and_an_empty_answer(
        corpus_kg: GovernanceService, count: Callable[[GovernanceService], list[str]]) -> None:
    sent = count(corpus_kg)
    answer = corpus_kg.pilots_covering("上海市科学技术委员会")
    assert len(sent) == 1
    assert answer.query.name == "上海市科学技术委员会" and answer.results == []


def test_filters_that_keep_nothing_still_name_the_unit(
        corpus_kg: GovernanceService, count: Callable[[GovernanceService], list[str]]) -> None:
    sent = count(corpus_kg)
    answer = corpus_kg.pilots_covering("复旦大学", as_of="2020-01-01", role="funder")
    assert len(sent) == 1
    assert answer.query.id == "inst-fudan" and answer.results == []


def test_an_unknown_key_falls_back_to_close_names(
        corpus_kg: GovernanceService, count: Callable[[GovernanceService], list[str]]) -> None:
    sent = count(corpus_kg)
    with pytest.raises(NotFoundError) as info:
        corpus_kg.pilots_covering("复旦大")
    assert info.value.details["suggestions"][0]["name"] == "复旦大学"
    assert len(sent) > 1  # the coverage query, then resolve() and the names for suggestions


def test_a_key_of_another_class_says_what_to_ask(corpus_kg: GovernanceService) -> None:
    with pytest.raises(WrongKindError) as info:
        corpus_kg.pilots_covering("基础研究特区")
    assert info.value.details["instead"] == "/pilots/pilot-basic-research-zone/units"
    with pytest.raises(WrongKindError):
        corpus_kg.units_of("复旦大学")


@pytest.fixture
def shared_names(kg: GovernanceService, tmp_path: Path) -> GovernanceService:
    """The mini graph, where the pilot's name 基础研究特区 is also an institute's alias, and
    同名 is the alias of two institutes."""
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    data["entities"] += [
        {"id": "inst-other-explorer", "type": "Institution", "name": "另一个探索者",
         "aliases": ["基础研究特区", "同名"], "kind": "research_institute"},
        {"id": "inst-twin", "type": "Institution", "name": "孪生所", "aliases": ["同名"],
         "kind": "research_institute"}]
    path = tmp_path / "shared.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kg.load([path])
    return kg


def test_a_name_shared_across_classes_is_taken_by_the_class_asked_in_one_round_trip(
        shared_names: GovernanceService,
        count: Callable[[GovernanceService], list[str]]) -> None:
    sent = count(shared_names)
    assert shared_names.pilots_covering("基础研究特区").query.id == "inst-other-explorer"
    assert shared_names.units_of("基础研究特区").query.id == "pilot-zone"
    assert len(sent) == 2


def test_a_name_of_two_units_is_ambiguous_with_the_candidates(
        shared_names: GovernanceService) -> None:
    with pytest.raises(AmbiguousNameError) as info:
        shared_names.pilots_covering("同名")
    assert {c["id"] for c in info.value.details["candidates"]} == {
        "inst-other-explorer", "inst-twin"}


def test_the_asked_entity_is_the_one_resolve_names(corpus_kg: GovernanceService) -> None:
    for key in ("中国科学院上海有机化学研究所", "联影集团", "中科院上海分院"):
        entity = corpus_kg.resolve(key)
        assert corpus_kg.pilots_covering(key).query == entity
        assert corpus_kg.pilots_covering(key) == corpus_kg.pilots_covering(entity.id)


def test_an_unknown_key_is_reported_before_a_bad_role(corpus_kg: GovernanceService) -> None:
    """The key's own error comes first, as when the key was resolved before the filters."""
    with pytest.raises(NotFoundError):
        corpus_kg.pilots_covering("复旦大", role="no_such_role")
    with pytest.raises(WrongKindError):
        corpus_kg.units_of("复旦大学", methods="no_such_method")
    with pytest.raises(InputError) as info:
        corpus_kg.pilots_covering("复旦大学", role="no_such_role")
    assert info.value.details["field"] == "role"
