"""ROR schema-v2 records: read with clear errors, attached to matching institutions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from govkg.errors import InputError
from govkg.loaders.ror import read_ror
from govkg.service import GovernanceService

ROOT = Path(__file__).resolve().parents[1]
ROR = ROOT / "tests" / "fixtures" / "ror" / "ror-data.json"
DATA = ROOT / "data"


def test_reads_names_types_and_relations() -> None:
    organizations = {o.id: o for o in read_ror(ROR)}
    cas = organizations["https://ror.org/034t30j35"]
    assert cas.display == "Chinese Academy of Sciences"
    assert "中国科学院" in cas.match_names()
    assert "CAS" not in cas.match_names()
    assert ("child", "https://ror.org/05qbk4x57") in cas.relationships
    assert organizations["https://ror.org/013q1eq08"].types == ("education", "funder")


@pytest.mark.parametrize(("content", "message"), [
    ("[{\"id\": \"https://ror.org/1\", \"name\": \"Old\"}]", "schema v1"),
    ("[{\"id\": \"013q1eq08\", \"names\": [{\"value\": \"x\"}]}]", "'id' must be a ROR id"),
    ("[{\"id\": \"https://ror.org/1\", \"names\": []}]", "'names' is empty"),
    ("[\n{\"id\": ", ":2:"),
    ("\"text\"", "JSON array"),
])
def test_bad_records_are_refused_with_where(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "ror.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_ror(path)


def test_ror_ids_attach_and_nothing_else_changes(kg: GovernanceService) -> None:
    kg.load([DATA])
    before = kg.entity("inst-fudan").model_dump()
    report = kg.load_ror([ROR])
    assert report.matched == {"https://ror.org/013q1eq08": "inst-fudan",
                              "https://ror.org/0220qvk04": "inst-sjtu",
                              "https://ror.org/034t30j35": "inst-cas"}
    assert report.unmatched == 2
    after = kg.entity("inst-fudan").model_dump()
    assert after.pop("ror") == "https://ror.org/013q1eq08"
    after["relations"] = [r for r in after["relations"] if r["other"]["id"] != "src-ror"]
    assert after == before
    stats = kg.stats()
    kg.load_ror([ROR])
    assert kg.stats() == stats


def test_parents_in_ror_become_part_of(kg: GovernanceService, tmp_path: Path) -> None:
    path = tmp_path / "ucas.yaml"
    path.write_text(yaml.safe_dump({"entities": [
        {"id": "inst-cas", "type": "Institution", "name": "中国科学院", "kind": "academy"},
        {"id": "inst-ucas", "type": "Institution", "name": "中国科学院大学", "kind": "university"},
    ]}, allow_unicode=True), encoding="utf-8")
    kg.load([path])
    report = kg.load_ror([ROR])
    assert report.part_of == [("inst-ucas", "inst-cas")]
    rows = kg.cypher("MATCH (a:Entity {id: 'inst-ucas'})-[r:PART_OF]->(b) "
                     "RETURN b.id, r.method").rows
    assert [list(row) for row in rows] == [["inst-cas", "imported"]]
    assert kg.entity("inst-ucas").name_en == "University of Chinese Academy of Sciences"


def test_a_different_ror_id_is_a_conflict_not_an_overwrite(kg: GovernanceService,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "fudan.yaml"
    path.write_text(yaml.safe_dump({"entities": [
        {"id": "inst-fudan", "type": "Institution", "name": "复旦大学", "kind": "university",
         "ror": "https://ror.org/000000000"}]}, allow_unicode=True), encoding="utf-8")
    kg.load([path])
    report = kg.load_ror([ROR])
    assert report.conflicts and "inst-fudan" in report.conflicts[0]
    assert kg.entity("inst-fudan").model_extra["ror"] == "https://ror.org/000000000"


def test_an_api_answer_is_read_too(tmp_path: Path) -> None:
    records = json.loads(ROR.read_text(encoding="utf-8"))
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"number_of_results": 1, "items": records[:1]}),
                    encoding="utf-8")
    assert [o.id for o in read_ror(path)] == ["https://ror.org/013q1eq08"]
