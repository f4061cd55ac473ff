"""The ontology as Python sees it: labels, relation types and fields, read from govkg.ttl."""

from govkg.ontology.model import Ontology, OntologyClass, OntologyRelation, load_ontology

__all__ = ["Ontology", "OntologyClass", "OntologyRelation", "load_ontology"]
