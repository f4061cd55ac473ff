"""Validation before any write: ontology names, references, domain/range, SHACL, conflicts."""

from __future__ import annotations

import pytest

from govkg.errors import InputError
from govkg.loaders.validate import validate_records
from govkg.loaders.yaml import parse_yaml_text
from govkg.ontology import Ontology

HEADER = "source: {id: src-t, name: 测试}\n"


def _validate(ontology: Ontology, body: str, known: dict[str, str] | None = None):
    batch = parse_yaml_text(HEADER + body, origin="t.yaml")
    return validate_records(ontology, batch, known or {})


def _details(ontology: Ontology, body: str, known: dict[str, str] | None = None) -> str:
    with pytest.raises(InputError) as info:
        _validate(ontology, body, known)
    return "\n".join([info.value.message, *map(str, info.value.details or [])])


def test_valid_batch_gets_mentioned_in_edges(ontology: Ontology) -> None:
    batch = _validate(ontology, "entities:\n  - {id: reg-a, type: Region, name: 上海}\n")
    assert [(r.type, r.source_id, r.target_id) for r in batch.relations] == [
        ("MENTIONED_IN", "reg-a", "src-t")]


def test_unknown_class(ontology: Ontology) -> None:
    text = _details(ontology, "entities:\n  - {id: per-a, type: Person, name: 张三}\n")
    assert "t.yaml:3" in text and "unknown class 'Person'" in text


def test_unknown_relation(ontology: Ontology) -> None:
    body = ("entities:\n  - {id: reg-a, type: Region, name: 上海}\n"
            "relations:\n  - {type: KNOWS, from: reg-a, to: reg-a}\n")
    text = _details(ontology, body)
    assert "t.yaml:5" in text and "unknown relation 'KNOWS'" in text


def test_missing_reference(ontology: Ontology) -> None:
    body = ("entities:\n  - {id: pilot-a, type: Pilot, name: 特区}\n"
            "relations:\n  - {type: COVERS, from: pilot-a, to: inst-nobody}\n")
    text = _details(ontology, body)
    assert "t.yaml:5" in text and "COVERS.to" in text and "inst-nobody" in text


def test_reference_to_entity_already_in_graph(ontology: Ontology) -> None:
    body = ("entities:\n  - {id: pilot-a, type: Pilot, name: 特区}\n"
            "relations:\n  - {type: COVERS, from: pilot-a, to: inst-known}\n")
    batch = _validate(ontology, body, {"inst-known": "Institution"})
    assert any(r.target_id == "inst-known" for r in batch.relations)


def test_domain_and_range(ontology: Ontology) -> None:
    body = ("entities:\n  - {id: pol-a, type: Policy, name: 办法}\n"
            "  - {id: reg-a, type: Region, name: 上海}\n"
            "relations:\n  - {type: COVERS, from: pol-a, to: reg-a}\n")
    assert "COVERS cannot go from a Policy to a Region" in _details(ontology, body)


def test_duplicate_id_with_conflicting_facts(ontology: Ontology) -> None:
    body = ("entities:\n  - {id: reg-a, type: Region, name: 上海}\n"
            "  - {id: reg-a, type: Region, name: 北京}\n")
    text = _details(ontology, body)
    assert "duplicate id 'reg-a'" in text and "name" in text


def test_identical_duplicates_are_merged(ontology: Ontology) -> None:
    body = ("entities:\n  - {id: reg-a, type: Region, name: 上海}\n"
            "  - {id: reg-a, type: Region, name: 上海}\n")
    assert len(_validate(ontology, body).entities) == 2  # source + one region


def test_id_with_another_class_in_graph(ontology: Ontology) -> None:
    body = "entities:\n  - {id: reg-a, type: Region, name: 上海}\n"
    assert "is of class Institution in the graph" in _details(ontology, body,
                                                        {"reg-a": "Institution"})


@pytest.mark.parametrize(("body", "message"), [
    ("entities:\n  - {id: inst-a, type: Institution, name: 甲}\n", "kind"),
    ("entities:\n  - {id: inst-a, type: Institution, name: 甲, kind: spaceship}\n", "kind"),
    ("entities:\n  - {id: pol-a, type: Policy, name: 甲, doc_type: poem}\n", "doc_type"),
    ("entities:\n  - {id: fig-a, type: Figure, name: 数, measure: n, value: 3}\n", "unit"),
])
def test_shacl_shapes(ontology: Ontology, body: str, message: str) -> None:
    text = _details(ontology, body)
    assert "SHACL" in text and message in text


def test_shacl_violation_points_at_the_line(ontology: Ontology) -> None:
    body = ("entities:\n  - {id: reg-a, type: Region, name: 上海}\n"
            "  - {id: inst-a, type: Institution, name: 甲}\n")
    assert "t.yaml:4: inst-a" in _details(ontology, body)
