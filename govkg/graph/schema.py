"""Indexes and constraints from the ontology, spelled in each store's dialect.

One source (the ontology's base label, its `govkg:indexed` fields and its name fields, those
that specialise skos:prefLabel or skos:altLabel) gives both dialects, so the embedded store and
Neo4j index the same things. Only the spelling differs:

- Neo4j: named `CREATE CONSTRAINT/INDEX … IF NOT EXISTS` statements (idempotent by themselves);
  the uniqueness constraint on `id` brings its own range index, so `id` gets no second one.
- FalkorDB: unnamed `CREATE INDEX`, the full-text procedure `db.idx.fulltext.createNodeIndex`
  and the `GRAPH.CONSTRAINT` command (which needs the exact-match index on `id` first); none is
  idempotent, so the store skips "already indexed/exists" answers.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, URIRef

from govkg.ontology.model import GOVKG, Ontology
from govkg.records.fields import LOOKUP_KEYS

KEY = "id"
"""The property that identifies a node (the write Cypher MERGEs on it)."""
PREFIX = "govkg"
NEO4J_FULLTEXT_ANALYZER = "cjk"
FALKORDB_FULLTEXT_LANGUAGE = "chinese"
_NAME_PARENTS = (SKOS.prefLabel, SKOS.altLabel)


def name_fields(ontology: Ontology) -> list[str]:
    """Fields that name an entity (sub-properties of skos:prefLabel/altLabel): full-text indexed."""
    graph = ontology.graph
    found = []
    for name in ontology.fields:
        iri = URIRef(str(GOVKG) + name)
        if (iri, RDF.type, OWL.DatatypeProperty) not in graph:
            continue
        if any((iri, RDFS.subPropertyOf, parent) in graph for parent in _NAME_PARENTS):
            found.append(name)
    return sorted(found)


def text_indexes(ontology: Ontology) -> list[tuple[str, str]]:
    """(class label, field) of every full-text index of a text field (govkg:fullTextOn)."""
    return sorted((label, name) for name, f in ontology.fields.items()
                  for label in f.full_text_on)


def neo4j_text_index_name(ontology: Ontology, label: str, field: str) -> str:
    return f"{PREFIX}_{label.lower()}_{field}"


def _check_key(ontology: Ontology) -> None:
    if KEY not in ontology.fields:
        raise ValueError(f"the ontology defines no {KEY!r} field to key nodes on")


def _index_name(ontology: Ontology, suffix: str) -> str:
    return f"{PREFIX}_{ontology.base_label.lower()}_{suffix}"


def neo4j_schema_names(ontology: Ontology) -> dict[str, str]:
    """Name → kind ("constraint" or "index") of everything neo4j_schema creates."""
    names = {_index_name(ontology, KEY): "constraint"}
    for prop in ontology.indexed_fields:
        if prop != KEY:
            names[_index_name(ontology, prop)] = "index"
    if name_fields(ontology):
        names[_index_name(ontology, "names")] = "index"
    for label, field in text_indexes(ontology):
        names[neo4j_text_index_name(ontology, label, field)] = "index"
    return names


def neo4j_schema(ontology: Ontology) -> list[str]:
    """Neo4j 5 DDL: key constraint, range indexes, full-text index on names; idempotent."""
    _check_key(ontology)
    base = ontology.base_label
    statements = [
        f"CREATE CONSTRAINT {_index_name(ontology, KEY)} IF NOT EXISTS "
        f"FOR (n:{base}) REQUIRE n.{KEY} IS UNIQUE"
    ]
    statements += [
        f"CREATE RANGE INDEX {_index_name(ontology, prop)} IF NOT EXISTS "
        f"FOR (n:{base}) ON (n.{prop})"
        for prop in ontology.indexed_fields if prop != KEY
    ]
    names = name_fields(ontology)
    if names:
        fields = ", ".join(f"n.{prop}" for prop in names)
        statements.append(
            f"CREATE FULLTEXT INDEX {_index_name(ontology, 'names')} IF NOT EXISTS "
            f"FOR (n:{base}) ON EACH [{fields}] "
            f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{NEO4J_FULLTEXT_ANALYZER}'}}}}"
        )
    statements += [
        f"CREATE FULLTEXT INDEX {neo4j_text_index_name(ontology, label, field)} IF NOT EXISTS "
        f"FOR (n:{label}) ON EACH [n.{field}] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{NEO4J_FULLTEXT_ANALYZER}'}}}}"
        for label, field in text_indexes(ontology)
    ]
    return statements


def falkordb_index_cypher(ontology: Ontology) -> list[str]:
    """FalkorDB index Cypher: range indexes (the key first), then the full-text index on names."""
    _check_key(ontology)
    base = ontology.base_label
    fields = [KEY, *(p for p in ontology.indexed_fields if p != KEY), LOOKUP_KEYS]
    # lookup_keys (an array) too: FalkorDB's range index answers `$key IN n.lookup_keys`,
    # which every name lookup (entity_lookup.cypher) asks; without it that is a full scan.
    statements = [f"CREATE INDEX FOR (n:{base}) ON (n.{prop})" for prop in fields]
    names = name_fields(ontology)
    if names:
        quoted = ", ".join(f"'{prop}'" for prop in names)
        statements.append(
            "CALL db.idx.fulltext.createNodeIndex("
            f"{{label: '{base}', language: '{FALKORDB_FULLTEXT_LANGUAGE}'}}, {quoted})"
        )
    statements += [
        "CALL db.idx.fulltext.createNodeIndex("
        f"{{label: '{label}', language: '{FALKORDB_FULLTEXT_LANGUAGE}'}}, '{field}')"
        for label, field in text_indexes(ontology)
    ]
    return statements


def falkordb_constraint_args(ontology: Ontology, graph: str) -> list[tuple[str, ...]]:
    """GRAPH.CONSTRAINT arguments for the key's uniqueness (needs the key's range index)."""
    _check_key(ontology)
    return [("GRAPH.CONSTRAINT", "CREATE", graph, "UNIQUE", "NODE", ontology.base_label,
             "PROPERTIES", "1", KEY)]
