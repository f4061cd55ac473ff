"""The ontology is complete, labelled in both languages, and the only source of names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDFS, Namespace

from govkg.ontology import terms
from govkg.ontology.model import GOVKG, Ontology, load_shapes
from govkg.queries import query_library

ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

DESIGN_RELATIONS = {
    "ISSUED_BY", "APPLIES_TO", "ESTABLISHES", "USES_MECHANISM", "COVERS", "PART_OF",
    "SUPERSEDES", "AMENDS", "FUNDED_BY", "CO_FUNDS", "LOCATED_IN", "MENTIONED_IN",
}
DESIGN_CLASSES = {"Policy", "Institution", "Mechanism", "Pilot", "Programme", "Region",
                  "Source", "Figure", "Project", "Round", "Agreement"}
LAW_CLASSES = {"Law", "LawVersion", "Article", "LegislativeEvent", "ActorRole"}
"""The laws after ELI's work / expression split: work, version, article, header event; actor
roles as a controlled vocabulary."""


def test_design_classes_and_relations_exist(ontology: Ontology) -> None:
    assert set(ontology.entity_labels) == DESIGN_CLASSES | LAW_CLASSES
    assert set(ontology.relations) >= DESIGN_RELATIONS


def test_every_term_has_zh_and_en_labels(ontology: Ontology) -> None:
    for term in [*ontology.classes.values(), *ontology.relations.values(),
                 *ontology.fields.values()]:
        assert term.name_zh and term.name_en, term.iri


def test_reuses_w3c_vocabularies(ontology: Ontology) -> None:
    graph = ontology.graph
    assert (GOVKG.Institution, RDFS.subClassOf, ORG.Organization) in graph
    assert (GOVKG.Policy, RDFS.subClassOf, ELI.LegalResource) in graph
    assert (GOVKG.Mechanism, RDFS.subClassOf, SKOS.Concept) in graph
    assert (GOVKG.Source, RDFS.subClassOf, PROV.Entity) in graph
    assert (GOVKG.partOf, RDFS.subPropertyOf, ORG.subOrganizationOf) in graph
    assert (GOVKG.Law, RDFS.subClassOf, ELI.LegalResource) in graph
    assert (GOVKG.LawVersion, RDFS.subClassOf, ELI.LegalExpression) in graph
    assert (GOVKG.Article, RDFS.subClassOf, ELI.LegalResourceSubdivision) in graph
    assert (GOVKG.hasVersion, RDFS.subPropertyOf, ELI.is_realized_by) in graph


def test_domain_and_range_are_read(ontology: Ontology) -> None:
    covers = ontology.relations["COVERS"]
    assert covers.domain == {"Pilot", "Programme"}
    # coverage may point at a programme or a project group, as the text says (issue 16)
    assert covers.range == {"Institution", "Region", "Programme", "Project"}
    assert not ontology.allows("PART_OF", "Institution", "Programme")
    assert ontology.allows("COVERS", "Programme", "Region")
    assert not ontology.allows("COVERS", "Policy", "Institution")
    assert ontology.allows("HAS_FIGURE", "Mechanism", "Figure")  # domain Entity: any subclass


def test_unknown_names_are_refused(ontology: Ontology) -> None:
    with pytest.raises(KeyError, match="unknown class"):
        ontology.label("Person")
    with pytest.raises(KeyError, match="unknown relation"):
        ontology.relation("KNOWS")
    with pytest.raises(KeyError):
        ontology.label(ontology.base_label)


def test_terms_module_names_exist_in_the_ontology(ontology: Ontology) -> None:
    for name in terms.CLASSES:
        ontology.label(name)
    for name in terms.RELATIONS:
        ontology.relation(name)


def test_shapes_parse_and_target_classes_of_the_ontology(ontology: Ontology) -> None:
    shapes = load_shapes()
    sh = Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes.objects(None, sh.targetClass))
    assert targets
    assert targets <= {c.iri for c in ontology.classes.values()}


_LABEL_OR_TYPE = re.compile(r"(?<![\w$'\"])[a-z_]*:([A-Z][A-Za-z_]*)\b")


@pytest.mark.parametrize("name", sorted(query_library()))
def test_query_files_use_only_ontology_names(name: str, ontology: Ontology) -> None:
    text = "\n".join(
        line for line in query_library()[name].cypher.splitlines()
        if not line.lstrip().startswith("//")
    )
    known = set(ontology.classes) | set(ontology.relations)
    used = set(_LABEL_OR_TYPE.findall(text))
    assert used <= known, f"{name}: {used - known} not in the ontology"


def test_python_code_does_not_spell_labels_or_relation_types(ontology: Ontology) -> None:
    """Labels and relation types are imported from govkg.ontology, never written in code."""
    package = Path(__file__).resolve().parents[1] / "govkg"
    names = set(ontology.entity_labels) | set(ontology.relations)
    pattern = re.compile(r"""["']({})["']""".format("|".join(sorted(names))))
    offenders = []
    for path in package.rglob("*.py"):
        if path.parent.name == "ontology":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
