"""The compiled shapes find what pySHACL finds, and large loads are checked with them."""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Graph

from bench.synthetic import SyntheticSpec, generate
from govkg.errors import InputError
from govkg.loaders.inputs import read_inputs
from govkg.loaders.validate import prepare, validate_records
from govkg.ontology import Ontology
from govkg.ontology import shacl as shape_check
from govkg.ontology.model import load_shapes
from govkg.ontology.shape_rules import (
    ShapeChecker,
    UnsupportedShapeError,
    compile_shapes,
    packaged_rules,
)
from govkg.records import EntityRecord, Provenance, RecordBatch, RelationRecord

from .conftest import DATA, FIXTURES

FIELD_NAMES = {"id", "name", "name_en", "aliases", "confidence", "method", "kind", "value",
               "unit", "measure", "issued", "effective", "adopted", "doc_type", "status",
               "source"}


def _bad(model: type[Any], **fields: Any) -> Any:
    """A record the pydantic model would refuse, as a buggy loader might still hand over."""
    return model.model_construct(**fields)


def _cases() -> dict[str, tuple[list[EntityRecord], list[RelationRecord]]]:
    prov = Provenance(source="src-a", section="1", quote="原文")
    source = EntityRecord(id="src-a", type="Source", name="来源")
    unit = EntityRecord(id="inst-a", type="Institution", name="甲", kind="university",
                        provenance=prov)
    policy = EntityRecord(id="pol-a", type="Policy", name="办法", doc_type="measures")
    pilot = EntityRecord(id="pilot-a", type="Pilot", name="试点")
    base = [source, unit, policy, pilot]

    def rel(rel_type: str, a: str, b: str, **extra: Any) -> RelationRecord:
        return RelationRecord.model_validate({"type": rel_type, "from": a, "to": b, **extra})

    return {
        "clean": (base, [rel("COVERS", "pilot-a", "inst-a", role="pilot_unit",
                               as_written="试点", batch=1)]),
        "institution without kind": (
            [*base, _bad(EntityRecord, id="inst-b", type="Institution", name="乙",
                         aliases=(), provenance=None)], []),
        "unknown kind": (
            [*base, _bad(EntityRecord, id="inst-c", type="Institution", name="丙", kind="club",
                         aliases=(), provenance=None)], []),
        "bad doc type and status": (
            [*base, _bad(EntityRecord, id="pol-b", type="Policy", name="规定",
                         doc_type="memo", status="alive", aliases=(), provenance=None)], []),
        "issued before year 1000": (
            [*base, EntityRecord(id="pol-c", type="Policy", name="旧规", issued="0999")], []),
        "figure without unit": (
            [*base, _bad(EntityRecord, id="fig-a", type="Figure", name="数", value=3,
                         measure="projects", aliases=(), provenance=None)], []),
        "quote without source": (
            [*base, EntityRecord(id="inst-d", type="Institution", name="丁", kind="other",
                                 provenance=Provenance(quote="无出处"))], []),
        "relation quote without source": (
            base, [rel("COVERS", "pilot-a", "inst-a", provenance={"quote": "无出处"})]),
        "covers from a policy": (base, [rel("COVERS", "pol-a", "inst-a")]),
        "role outside the scheme": (base, [rel("COVERS", "pilot-a", "inst-a", role="试点")]),
        "covers a policy": (base, [rel("COVERS", "pilot-a", "pol-a")]),
        "issued by a pilot": (base, [rel("ISSUED_BY", "pol-a", "pilot-a")]),
        "figure link to a unit": (base, [rel("HAS_FIGURE", "pol-a", "inst-a")]),
        "mentioned in a unit": (base, [rel("MENTIONED_IN", "pol-a", "inst-a")]),
        "empty name": (
            [*base, _bad(EntityRecord, id="inst-e", type="Institution", name="",
                         kind="other", aliases=(), provenance=None)], []),
    }


def _focus_and_path(message: str) -> tuple[str, str | None]:
    focus, _, rest = message.partition(": ")
    head = rest.split(":", 1)[0].strip()
    relation_paths = {"covers", "issuedBy", "hasFigure", "mentionedIn", "partOf", "appliesTo",
                      "establishes", "usesMechanism", "supersedes", "amends", "fundedBy",
                      "coFunds", "locatedIn"}
    return focus, head if head in FIELD_NAMES | relation_paths else None


@pytest.mark.parametrize("case", sorted(_cases()))
def test_compiled_shapes_agree_with_pyshacl(ontology: Ontology, case: str) -> None:
    entities, relations = _cases()[case]
    labels = {e.id: e.type for e in entities}
    compiled = ShapeChecker(ontology, packaged_rules(ontology)).check(entities, relations,
                                                                      labels.get)
    reference = shape_check.pyshacl_violations(ontology, entities, relations, labels)
    assert {_focus_and_path(m) for m in compiled} == {_focus_and_path(m) for m in reference}
    assert bool(compiled) == (case != "clean")


@pytest.mark.parametrize("source", ["corpus", "mini", "synthetic"])
def test_real_and_synthetic_data_pass_both(ontology: Ontology, source: str) -> None:
    raw = {"corpus": lambda: read_inputs([DATA]), "mini": lambda: read_inputs(
        [FIXTURES / "mini.yaml"]), "synthetic": lambda: generate(SyntheticSpec(rels=1500))}
    batch = prepare(ontology, raw[source]())  # a law's references folded in, as on load
    labels = {e.id: e.type for e in batch.entities}
    checker = ShapeChecker(ontology, packaged_rules(ontology))
    assert checker.check(batch.entities, batch.relations, labels.get) == []


def test_unknown_shacl_is_refused(ontology: Ontology) -> None:
    shapes = Graph()
    shapes += load_shapes()
    shapes.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix govkg: <https://w3id.org/govkg/ontology#> .
        <urn:x> a sh:NodeShape ; sh:targetClass govkg:Policy ;
            sh:property [ sh:path govkg:name ; sh:uniqueLang true ] .
    """, format="turtle")
    with pytest.raises(UnsupportedShapeError, match="uniqueLang"):
        compile_shapes(ontology, shapes)


def test_large_load_reports_a_violation_with_its_place(
    ontology: Ontology, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shape_check, "FULL_SHACL_MAX", 100)
    batch = generate(SyntheticSpec(rels=1500, seed=4))
    broken = _bad(EntityRecord, id="inst-broken", type="Institution", name="坏", kind="club",
                  aliases=(), provenance=None)
    batch = RecordBatch(origin="big.yaml", entities=(*batch.entities, broken),
                        relations=batch.relations, locations={"inst-broken": "big.yaml:77"})
    with pytest.raises(InputError) as caught:
        validate_records(ontology, batch)
    assert any(line.startswith("big.yaml:77: inst-broken: kind:")
               for line in caught.value.details)
    clean = generate(SyntheticSpec(rels=1500, seed=4))
    assert len(validate_records(ontology, clean).entities) == len(clean.entities)
