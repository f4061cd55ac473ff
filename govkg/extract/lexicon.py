"""The extractor's domain lexicon (lexicon.yaml) plus the ontology's mechanism concepts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from govkg.ontology.model import GOVKG, load_ontology

_SKOS = Namespace(str(SKOS))


@dataclass(frozen=True)
class Concept:
    """A mechanism concept: its name, English name and the synonyms texts use."""

    name: str
    name_en: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class KnownBody:
    name: str
    kind: str
    short: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    mechanisms: tuple[Concept, ...]
    bodies: tuple[KnownBody, ...]
    endings: tuple[tuple[str, str], ...]
    """(ending, kind), longest ending first."""
    generic_endings: tuple[str, ...]
    generic_modifiers: frozenset[str]
    concepts: frozenset[str]
    programme_endings: tuple[str, ...]
    pilot_endings: tuple[str, ...]
    programmes: tuple[Concept, ...] = ()
    """Well-known markets and programmes named without a mark (创业板, 代办股份转让系统)."""
    instrument_heads: tuple[str, ...] = ()
    """Head nouns of kinds of instruments (保险, 债券, 指南, 目录, …)."""
    instrument_heads_not: frozenset[str] = frozenset()
    """Words and names ending in such a head that name no kind of instrument (体制, 有关政策)."""
    instrument_heads_weak: frozenset[str] = frozenset()
    """Heads that only complete a concept's spelling (税收优惠政策), never a kind of their own."""


def _ontology_concepts() -> list[Concept]:
    """skos:Concepts of govkg:MechanismScheme in the ontology, if it defines any."""
    graph = load_ontology().graph
    found = []
    scheme = URIRef(str(GOVKG) + "MechanismScheme")
    for concept in graph.subjects(_SKOS.inScheme, scheme):
        if (concept, RDF.type, SKOS.Concept) not in graph and not list(
            graph.objects(concept, SKOS.prefLabel)
        ):
            continue
        labels = [lit for lit in graph.objects(concept, SKOS.prefLabel) if isinstance(lit, Literal)]
        zh = [str(lit) for lit in labels if lit.language and lit.language.startswith("zh")]
        en = [str(lit) for lit in labels if lit.language == "en"]
        alt = [str(lit) for lit in graph.objects(concept, SKOS.altLabel)
               if isinstance(lit, Literal) and lit.language and lit.language.startswith("zh")]
        if zh:
            found.append(Concept(zh[0], en[0] if en else "", tuple(alt)))
    return found


@cache
def load_lexicon() -> Lexicon:
    """The packaged lexicon, read once per process (read-only)."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("govkg.extract").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    )
    concepts = {c["name"]: Concept(c["name"], c.get("en", ""), tuple(c.get("synonyms", [])))
                for c in raw["mechanisms"]}
    for concept in _ontology_concepts():
        known = concepts.get(concept.name)
        synonyms = tuple(dict.fromkeys([*(known.synonyms if known else ()), *concept.synonyms]))
        concepts[concept.name] = Concept(concept.name, concept.name_en or
                                         (known.name_en if known else ""), synonyms)
    endings = sorted(((e, kind) for kind, words in raw["endings"].items() for e in words),
                     key=lambda pair: -len(pair[0]))
    return Lexicon(
        mechanisms=tuple(concepts.values()),
        bodies=tuple(KnownBody(b["name"], b["kind"], tuple(b.get("short", [])))
                     for b in raw["institutions"]),
        endings=tuple(endings),
        generic_endings=tuple(sorted(raw["generic_endings"], key=len, reverse=True)),
        generic_modifiers=frozenset(raw["generic_modifiers"]),
        concepts=frozenset(raw["concepts"]),
        programme_endings=tuple(raw["programme_endings"]),
        pilot_endings=tuple(raw["pilot_endings"]),
        programmes=tuple(Concept(p["name"], p.get("en", ""), tuple(p.get("synonyms", [])))
                         for p in raw.get("programmes", [])),
        instrument_heads=tuple(raw.get("instrument_heads", [])),
        instrument_heads_not=frozenset(raw.get("instrument_heads_not", [])),
        instrument_heads_weak=frozenset(raw.get("instrument_heads_weak", [])),
    )
