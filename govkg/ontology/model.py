"""Reads govkg.ttl with rdflib; the only place where labels and relation types come from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

GOVKG = Namespace("https://w3id.org/govkg/ontology#")
ENTITY_NS = Namespace("https://w3id.org/govkg/id/")
ONTOLOGY_IRI = URIRef("https://w3id.org/govkg/ontology")
ONTOLOGY_DIR = Path(str(resources.files("govkg.ontology")))
ONTOLOGY_FILE = ONTOLOGY_DIR / "govkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class OntologyClass:
    """A node label of the property graph and its OWL class."""

    label: str
    iri: URIRef
    name_zh: str
    name_en: str
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class OntologyRelation:
    """A relation type of the property graph and its OWL object property."""

    type: str
    iri: URIRef
    name_zh: str
    name_en: str
    domain: frozenset[str]
    range: frozenset[str]


@dataclass(frozen=True)
class OntologyField:
    """A record field (datatype property) and its IRI."""

    name: str
    iri: URIRef
    name_zh: str
    name_en: str
    indexed: bool
    full_text_on: tuple[str, ...] = ()
    """Classes on which every store builds a full-text index of this field."""


@dataclass(frozen=True)
class SchemeConcept:
    """A concept of a SKOS scheme whose notation is the value of a record field."""

    notation: str
    iri: URIRef
    name_zh: str
    name_en: str
    definition: str = ""


@dataclass(frozen=True)
class Ontology:
    """Classes, relations and fields of govkg, with helpers to check names against them."""

    graph: Graph
    base_label: str
    classes: dict[str, OntologyClass]
    relations: dict[str, OntologyRelation]
    fields: dict[str, OntologyField] = field(default_factory=dict)
    schemes: dict[str, dict[str, SchemeConcept]] = field(default_factory=dict)
    """Concept schemes by local name (ParticipationRoleScheme …): concepts by notation."""

    def scheme(self, name: str) -> dict[str, SchemeConcept]:
        """The concepts of a scheme by notation, else KeyError naming the schemes."""
        if name not in self.schemes:
            raise KeyError(f"unknown scheme {name!r}; known: {', '.join(sorted(self.schemes))}")
        return self.schemes[name]

    @property
    def entity_labels(self) -> list[str]:
        """Node labels a record may have (every class but the base label)."""
        return sorted(label for label in self.classes if label != self.base_label)

    @property
    def indexed_fields(self) -> list[str]:
        return sorted(name for name, f in self.fields.items() if f.indexed)

    def label(self, name: str) -> str:
        """Return `name` if it is a node label of the ontology, else raise KeyError."""
        if name not in self.classes or name == self.base_label:
            raise KeyError(f"unknown class {name!r}; known: {', '.join(self.entity_labels)}")
        return name

    def relation(self, name: str) -> str:
        """Return `name` if it is a relation type of the ontology, else raise KeyError."""
        if name not in self.relations:
            known = ", ".join(sorted(self.relations))
            raise KeyError(f"unknown relation {name!r}; known: {known}")
        return name

    def allows(self, relation: str, source_label: str, target_label: str) -> bool:
        """Whether `relation` may link a node of `source_label` to one of `target_label`."""
        rel = self.relations[relation]
        return self._fits(source_label, rel.domain) and self._fits(target_label, rel.range)

    def _fits(self, label: str, allowed: frozenset[str]) -> bool:
        if not allowed:
            return True
        seen = {label}
        frontier = [label]
        while frontier:
            current = self.classes.get(frontier.pop())
            if current is None:
                continue
            for parent in current.parents:
                if parent not in seen:
                    seen.add(parent)
                    frontier.append(parent)
        return bool(seen & allowed)


def _text(graph: Graph, subject: URIRef, predicate: URIRef, lang: str | None = None) -> str:
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and (lang is None or value.language == lang):
            return str(value)
    return ""


def _labels_of(graph: Graph, node: Node | None, by_iri: dict[Node, str]) -> frozenset[str]:
    """Class names of a domain/range: one class, or an owl:unionOf list of classes."""
    if node is None:
        return frozenset()
    if node in by_iri:
        return frozenset({by_iri[node]})
    union = graph.value(node, OWL.unionOf)
    if union is None:
        return frozenset()
    return frozenset(by_iri[item] for item in Collection(graph, union) if item in by_iri)


def parse_ontology(graph: Graph) -> Ontology:
    """Build the Python view of an ontology graph."""
    classes_by_iri: dict[Node, str] = {}
    class_iris: dict[str, URIRef] = {}
    for iri in graph.subjects(RDF.type, OWL.Class):
        if isinstance(iri, URIRef):
            name = _text(graph, iri, GOVKG.graphName)
            if name:
                classes_by_iri[iri] = name
                class_iris[name] = iri
    classes = {
        name: OntologyClass(
            label=name,
            iri=iri,
            name_zh=_text(graph, iri, RDFS.label, "zh"),
            name_en=_text(graph, iri, RDFS.label, "en"),
            parents=tuple(
                sorted(
                    classes_by_iri[p]
                    for p in graph.objects(iri, RDFS.subClassOf)
                    if p in classes_by_iri
                )
            ),
        )
        for name, iri in class_iris.items()
    }
    relations: dict[str, OntologyRelation] = {}
    for iri in graph.subjects(RDF.type, OWL.ObjectProperty):
        if not isinstance(iri, URIRef):
            continue
        name = _text(graph, iri, GOVKG.graphName)
        if not name:
            continue
        relations[name] = OntologyRelation(
            type=name,
            iri=iri,
            name_zh=_text(graph, iri, RDFS.label, "zh"),
            name_en=_text(graph, iri, RDFS.label, "en"),
            domain=_labels_of(graph, graph.value(iri, RDFS.domain), classes_by_iri),
            range=_labels_of(graph, graph.value(iri, RDFS.range), classes_by_iri),
        )
    fields: dict[str, OntologyField] = {}
    for iri in graph.subjects(RDF.type, OWL.DatatypeProperty):
        if isinstance(iri, URIRef) and str(iri).startswith(str(GOVKG)):
            name = str(iri)[len(str(GOVKG)) :]
            fields[name] = OntologyField(
                name=name,
                iri=iri,
                name_zh=_text(graph, iri, RDFS.label, "zh"),
                name_en=_text(graph, iri, RDFS.label, "en"),
                indexed=bool(graph.value(iri, GOVKG.indexed)),
                full_text_on=tuple(sorted(classes_by_iri[c] for c in graph.objects(
                    iri, GOVKG.fullTextOn) if c in classes_by_iri)),
            )
    base_label = _text(graph, ONTOLOGY_IRI, GOVKG.baseLabel)
    return Ontology(
        graph=graph,
        base_label=base_label,
        classes=classes,
        relations=relations,
        fields=fields,
        schemes=_schemes(graph),
    )


def _schemes(graph: Graph) -> dict[str, dict[str, SchemeConcept]]:
    """govkg's SKOS schemes whose concepts have a notation, by the scheme's local name."""
    found: dict[str, dict[str, SchemeConcept]] = {}
    for concept in graph.subjects(SKOS.inScheme, None):
        scheme, notation = graph.value(concept, SKOS.inScheme), graph.value(concept,
                                                                           SKOS.notation)
        if not isinstance(concept, URIRef) or not isinstance(scheme, URIRef) or not notation:
            continue
        name = str(scheme)[len(str(GOVKG)):] if str(scheme).startswith(str(GOVKG)) else ""
        if name:
            found.setdefault(name, {})[str(notation)] = SchemeConcept(
                notation=str(notation), iri=concept,
                name_zh=_text(graph, concept, SKOS.prefLabel, "zh"),
                name_en=_text(graph, concept, SKOS.prefLabel, "en"),
                definition=_text(graph, concept, SKOS.definition, "en") or _text(
                    graph, concept, SKOS.definition))
    return found


@cache
def load_ontology() -> Ontology:
    """The packaged ontology, parsed once per process (it is read-only)."""
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return parse_ontology(graph)


@cache
def load_shapes() -> Graph:
    """The packaged SHACL shapes graph."""
    graph = Graph()
    graph.parse(SHAPES_FILE, format="turtle")
    return graph
