"""Turtle / JSON-LD in the ontology's vocabulary → RecordBatch (what `govkg export` writes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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


def _remote_contexts(value: Any, where: str = "$") -> list[str]:
    """Places in a JSON-LD document that would make a parser fetch something: an
    `@context` given as a reference (a URL or a file path) instead of inline, or
    `@import`."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}"
            if key == "@import" or (key == "@context" and _references(item)):
                found.append(here)
            found += _remote_contexts(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _remote_contexts(item, f"{where}[{index}]")
    return found


def _references(context: Any) -> bool:
    if isinstance(context, str):
        return True
    return isinstance(context, list) and any(isinstance(c, str) for c in context)


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _jsonld_text(path: Path) -> str:
    """The document's text once it is known to fetch nothing: rdflib's JSON-LD parser
    would download remote contexts and read `file://` ones (a hang, or a read of local
    files), so a document with one is refused, naming where."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text, parse_constant=_refuse_constant)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not valid JSON-LD: {exc}") from None
    places = _remote_contexts(data)
    if places:
        raise InputError(f"{path}: a JSON-LD @context must be written inline: govkg never "
                         "fetches remote or file contexts",
                         details=[f"{path}: {place}" for place in places])
    return text


def load_rdf_file(path: Path, ontology: Ontology | None = None) -> RecordBatch:
    """Parse an RDF file and turn it into records; errors name the file and the subject."""
    ontology = ontology or load_ontology()
    fmt = format_of_path(path, "rdflib_name")
    if fmt is None or fmt.rdflib_name is None:
        raise InputError(f"{path}: not an RDF file (.ttl, .jsonld)")
    graph = Graph()
    try:
        if fmt.rdflib_name == "json-ld":
            graph.parse(data=_jsonld_text(path), format="json-ld",
                        publicID=path.resolve().as_uri())
        else:
            graph.parse(path, format=fmt.rdflib_name)
    except InputError:
        raise
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
