"""The one registry of file formats govkg reads and writes, by name and by file suffix.

After rdflib's plugin registry: each format names its implementations by import path
("module:function"), loaded on first use, so this module sits at the bottom of the package
and knows nothing of the loaders, exports or network code it points to. A format may be
readable (`reader`: path → RecordBatch), exportable (`exporter`: whole graph → file),
drawable (`graph_writer`: networkx graph → bytes), or an RDF syntax (`rdflib_name`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

from govkg.errors import InputError


@dataclass(frozen=True)
class Format:
    """One file format: its name, media type, suffixes and where its code lives."""

    name: str
    media_type: str
    suffixes: tuple[str, ...] = ()
    description: str = ""
    reader: str | None = None
    """"module:function" reading a file into a RecordBatch (`govkg load`)."""
    exporter: str | None = None
    """"module:function" writing the whole graph to a path (`govkg export`)."""
    graph_writer: str | None = None
    """"module:function" writing a networkx graph to a binary file (GET /network)."""
    rdflib_name: str | None = None
    """rdflib's name of an RDF syntax."""
    reads_together: bool = False
    """The reader takes every file of this format in a load at once (a list of paths), for
    formats whose files refer to each other (the versions and citations of law texts)."""


FORMATS: tuple[Format, ...] = (
    Format("yaml", "application/yaml", (".yaml", ".yml"), "govkg's curated record format",
           reader="govkg.loaders.yaml:load_yaml_file"),
    Format("md", "text/markdown", (".md",), "a law text (# title, header, 第X条 articles; "
           "data/corpus/laws/SOURCE.md)", reader="govkg.loaders.laws:load_law_files",
           reads_together=True),
    Format("ttl", "text/turtle", (".ttl",), "RDF Turtle in govkg's ontology",
           reader="govkg.loaders.rdf:load_rdf_file",
           exporter="govkg.exports.rdf_export:write_turtle", rdflib_name="turtle"),
    Format("jsonld", "application/ld+json", (".jsonld", ".json-ld"),
           "RDF JSON-LD in govkg's ontology", reader="govkg.loaders.rdf:load_rdf_file",
           exporter="govkg.exports.rdf_export:write_jsonld", rdflib_name="json-ld"),
    Format("graphml", "application/graphml+xml", (".graphml",), "GraphML (networkx, yEd)",
           exporter="govkg.exports.network_formats:write_graphml",
           graph_writer="networkx:write_graphml"),
    Format("gexf", "application/gexf+xml", (".gexf",), "GEXF 1.3 for Gephi",
           exporter="govkg.exports.network_formats:write_gexf",
           graph_writer="govkg.network.gexf:write_gexf"),
    Format("cypher", "application/x-cypher-query", (".cypher",),
           "a Cypher script of constraints and MERGEs (Neo4j)",
           exporter="govkg.exports.cypher_script:write_cypher"),
    Format("csv", "text/csv", (), "a folder of CSV files for neo4j-admin database import",
           exporter="govkg.exports.neo4j_csv:write_neo4j_csv"),
)


def _known(formats: list[Format]) -> str:
    return ", ".join(sorted(f.name for f in formats))


def get_format(name: str, role: str | None = None) -> Format:
    """The format called `name`; with `role` ("reader", "exporter", "graph_writer",
    "rdflib_name"), only among formats that have it."""
    candidates = [f for f in FORMATS if role is None or getattr(f, role)]
    found = next((f for f in candidates if f.name == name), None)
    if found is None:
        raise InputError(f"unknown format {name!r}; known: {_known(candidates)}",
                         details={"field": "format", "allowed": sorted(
                             f.name for f in candidates)})
    return found


def names(role: str) -> list[str]:
    """Names of the formats that have `role`, sorted."""
    return sorted(f.name for f in FORMATS if getattr(f, role))


def format_of_path(path: Path, role: str = "reader") -> Format | None:
    """The format a file's suffix names, among formats with `role`, or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes and getattr(f, role)), None)


def readable_suffixes() -> set[str]:
    return {s for f in FORMATS if f.reader for s in f.suffixes}


@cache
def implementation(reference: str) -> Any:
    """The function a "module:function" reference names, imported on first use."""
    module, _, attribute = reference.partition(":")
    return getattr(import_module(module), attribute)


__all__ = ["FORMATS", "Format", "format_of_path", "get_format", "implementation", "names",
           "readable_suffixes"]
