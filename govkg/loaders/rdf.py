"""Turtle / JSON-LD in the ontology's vocabulary → RecordBatch (what `govkg export` writes)."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, Literal

from govkg.errors import InputError
from govkg.formats import format_of_path
from govkg.ontology.model import ENTITY_NS, GOVKG, Ontology, load_ontology
from govkg.ontology.rdf import graph_to_batch
from govkg.records import RecordBatch, relation_key_text

_STATEMENT_PARTS = {RDF.type, RDF.subject, RDF.predicate, RDF.object}


def unknown_terms(ontology: Ontology, graph: Graph) -> list[str]:
    """Triples in govkg's namespaces that the ontology does not know (nothing is dropped
    silently): unknown predicates and classes, and govkg classes on non-govkg subjects."""
    fields = {f.iri for f in ontology.fields.values()}
    relations = {r.iri for r in ontology.relations.values()}
    classes = {c.iri for c in ontology.classes.values()}
    problems = set()
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    for subject in set(graph.subjects()) - statements:
        if str(subject).startswith(str(ENTITY_NS)) and not any(
                t in classes for t in graph.objects(subject, RDF.type)):
            problems.add(f"<{subject}>: no govkg class (rdf:type)")
    for subject, predicate, obj in graph:
        if predicate in relations and not (str(subject).startswith(str(ENTITY_NS))
                                           and str(obj).startswith(str(ENTITY_NS))):
            problems.add(f"<{subject}> <{predicate}> {obj.n3()}: a relation links two "
                         f"entity IRIs ({ENTITY_NS}…)")
        if predicate == RDF.type:
            if str(obj).startswith(str(GOVKG)) and obj not in classes:
                problems.add(f"<{subject}>: unknown class <{obj}>")
            elif obj in classes and not str(subject).startswith(str(ENTITY_NS)):
                problems.add(f"<{subject}>: entity IRIs must start with {ENTITY_NS}")
            continue
        if predicate in _STATEMENT_PARTS:
            continue
        if str(predicate).startswith(str(GOVKG)):
            if predicate not in fields and predicate not in relations:
                problems.add(f"<{subject}>: unknown property <{predicate}>")
            elif predicate in fields and not isinstance(obj, Literal):
                problems.add(f"<{subject}> <{predicate}> {obj.n3()}: a field takes a literal")
        elif str(subject).startswith(str(ENTITY_NS)):
            problems.add(f"<{subject}>: property <{predicate}> is not in govkg's vocabulary")
    return sorted(problems)


def load_rdf_file(path: Path, ontology: Ontology | None = None) -> RecordBatch:
    """Parse an RDF file and turn it into records; errors name the file and the subject."""
    ontology = ontology or load_ontology()
    fmt = format_of_path(path, "rdflib_name")
    if fmt is None or fmt.rdflib_name is None:
        raise InputError(f"{path}: not an RDF file (.ttl, .jsonld)")
    graph = Graph()
    try:
        graph.parse(path, format=fmt.rdflib_name)
    except Exception as exc:  # rdflib's parsers raise many kinds (even IndexError)
        raise InputError(f"{path}: not valid {fmt.name}: {type(exc).__name__}: {exc}"
                         ) from None
    problems = unknown_terms(ontology, graph)
    if problems:
        raise InputError(f"{path}: {len(problems)} triple(s) outside govkg's ontology",
                         details=problems)
    try:
        batch = graph_to_batch(ontology, graph, str(path))
    except InputError as exc:
        raise InputError(f"{path}: {exc.message}", details=exc.details) from None
    locations = {e.id: f"{path}: <{ENTITY_NS[e.id]}>" for e in batch.entities}
    locations.update({relation_key_text(r.key): f"{path}: {relation_key_text(r.key)}"
                      for r in batch.relations})
    return batch.model_copy(update={"locations": locations})
