"""RDF serialisations govkg reads and writes: Turtle and JSON-LD, by short name and suffix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from govkg.errors import InputError


@dataclass(frozen=True)
class RdfFormat:
    name: str
    rdflib_name: str
    media_type: str
    suffixes: tuple[str, ...]


RDF_FORMATS = {
    "ttl": RdfFormat("ttl", "turtle", "text/turtle", (".ttl",)),
    "jsonld": RdfFormat("jsonld", "json-ld", "application/ld+json", (".jsonld", ".json-ld")),
}


def rdf_format(name: str) -> RdfFormat:
    if name not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {name!r}; known: {', '.join(sorted(RDF_FORMATS))}",
                         details={"field": "format"})
    return RDF_FORMATS[name]


def format_of_path(path: Path) -> RdfFormat | None:
    """The RDF format a file name says it holds, or None if it is not RDF."""
    suffix = path.suffix.lower()
    return next((f for f in RDF_FORMATS.values() if suffix in f.suffixes), None)


def serialise(graph: Graph, name: str) -> bytes:
    """The graph as Turtle or JSON-LD (compacted with the graph's own prefixes), UTF-8."""
    fmt = rdf_format(name)
    if fmt.rdflib_name == "json-ld":
        used = {str(term) for triple in graph for term in triple}
        context = {prefix: str(ns) for prefix, ns in graph.namespaces()
                   if prefix and any(term.startswith(str(ns)) for term in used)}
        return graph.serialize(format="json-ld", context=context, indent=2,
                               encoding="utf-8")
    return graph.serialize(format=fmt.rdflib_name, encoding="utf-8")
