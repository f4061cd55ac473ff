"""RDF export and load: graph → Turtle/JSON-LD → empty store → Turtle/JSON-LD is isomorphic.

govkg's RDF has no blank node (every node and term has an IRI), so two graphs are isomorphic
exactly when they hold the same triples: a set comparison, checked after asserting that no
blank node is there (rdflib's `isomorphic` canonicalises and costs minutes on the corpus).
The corpus's round trip compares the two stores themselves, every node and relation with
every property (tests/reliability/graphsum.py), which is stricter than comparing their
exports and spares a second export and parse of 128 000 triples."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal

from govkg.errors import InputError
from govkg.exports import export, exporters
from govkg.graph.base import GraphStore
from govkg.ontology import Ontology
from govkg.ontology.model import ENTITY_NS, GOVKG
from govkg.service import GovernanceService
from govkg.settings import Settings
from tests.conftest import DATA, FIXTURES
from tests.reliability.graphsum import export_lines

FORMATS = [("ttl", "turtle"), ("jsonld", "json-ld")]
CorpusExport = Callable[[str, str], tuple[Path, Graph]]


def _parse(path: Path, fmt: str) -> Graph:
    return Graph().parse(path, format=fmt)


def _same_graph(one: Graph, two: Graph) -> bool:
    """Isomorphic, for graphs without blank nodes."""
    assert not any(isinstance(term, BNode) for triple in one for term in triple)
    return set(one) == set(two)


@pytest.fixture(scope="module")
def corpus_export(corpus_kg: GovernanceService,
                  tmp_path_factory: pytest.TempPathFactory) -> CorpusExport:
    """The corpus exported and parsed once per format for the whole module."""
    made: dict[str, tuple[Path, Graph]] = {}

    def exported(fmt: str, rdflib_format: str) -> tuple[Path, Graph]:
        if fmt not in made:
            path = tmp_path_factory.mktemp("rdf") / f"corpus.{fmt}"
            export(corpus_kg, fmt, path)
            made[fmt] = (path, _parse(path, rdflib_format))
        return made[fmt]
    return exported


def test_rdf_formats_are_registered() -> None:
    assert {"ttl", "jsonld"} <= set(exporters())


@pytest.mark.parametrize(("fmt", "rdflib_format"), FORMATS)
def test_chapter_round_trip_is_isomorphic(kg: GovernanceService, tmp_path: Path, fmt: str,
                                          rdflib_format: str) -> None:
    """Every format, on the chapter and its background (the corpus, in Turtle, below)."""
    kg.load([DATA / "shanghai-2021-ch5.yaml", DATA / "background.yaml"])
    stats = kg.stats().model_dump(exclude={"store"})
    first, second = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
    export(kg, fmt, first)
    kg.store.clear()
    kg.load([first])
    export(kg, fmt, second)
    one, two = _parse(first, rdflib_format), _parse(second, rdflib_format)
    assert len(one) > 1000
    assert _same_graph(one, two), (len(set(one) - set(two)), len(set(two) - set(one)))
    assert kg.stats().model_dump(exclude={"store"}) == stats


def test_corpus_round_trip_is_isomorphic(
    corpus_kg: GovernanceService, kg: GovernanceService, corpus_export: CorpusExport,
) -> None:
    first, one = corpus_export("ttl", "turtle")
    assert kg.stats().nodes == 0 and len(one) > 100_000
    report = kg.load([first])
    # the store holds exactly what the corpus store holds (list values in any order)
    loaded = export_lines(kg.store, unordered_lists=True)
    original = export_lines(corpus_kg.store, unordered_lists=True)
    assert len(loaded) == len(original) > 10_000
    assert loaded == original, (sorted(set(original) - set(loaded))[:3],
                                sorted(set(loaded) - set(original))[:3])
    assert report.entities == corpus_kg.stats().nodes
    # the answers are the same as from the YAML
    assert [c.pilot.id for c in kg.pilots_covering("上海有机所").results] == [
        c.pilot.id for c in corpus_kg.pilots_covering("上海有机所").results]


def test_export_uses_the_ontology_iris(corpus_export: CorpusExport, ontology: Ontology) -> None:
    path, graph = corpus_export("ttl", "turtle")
    fudan = ENTITY_NS["inst-fudan"]
    assert (fudan, RDF.type, ontology.classes["Institution"].iri) in graph
    assert (fudan, GOVKG.name, Literal("复旦大学", lang="zh")) in graph
    zone = ENTITY_NS["pilot-basic-research-zone"]
    assert (zone, ontology.relations["COVERS"].iri, fudan) in graph
    text = path.read_text(encoding="utf-8")
    assert "lookup_keys" not in text


def test_rdf_loads_are_idempotent(kg: GovernanceService, tmp_path: Path) -> None:
    kg.load([FIXTURES / "mini.yaml"])
    path = tmp_path / "mini.ttl"
    export(kg, "ttl", path)
    before = kg.stats()
    kg.load([path])
    assert kg.stats() == before


def _bad(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix govkg: <https://w3id.org/govkg/ontology#> .\n"
                    "@prefix id: <https://w3id.org/govkg/id/> .\n"
                    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + text,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "expected"), [
    ("id:x a govkg:Institution ; govkg:name \"X\"@zh ; govkg:colour \"red\" .",
     "unknown property"),
    ("id:x a govkg:Building ; govkg:name \"X\"@zh .", "unknown class"),
    ("id:x govkg:name \"X\"@zh .", "no govkg class"),
    ("id:x a govkg:Institution ; govkg:name \"X\"@zh ; govkg:partOf \"somewhere\" .",
     "a relation links two entity IRIs"),
    ("id:x a govkg:Institution ; govkg:name \"X\"@zh ; <http://example.org/p> 1 .",
     "not in govkg's vocabulary"),
    ("id:x a govkg:Institution ; govkg:name \"X\"@zh", "not valid ttl"),
    ("id:x a govkg:Policy ; govkg:name \"X\"@zh ; govkg:issued \"2021-13\" .", "issued"),
    ("id:x a govkg:Policy ; govkg:name \"X\"@zh, \"Y\"@zh .", "has several values"),
])
def test_bad_rdf_is_refused_with_a_readable_reason(
    kg: GovernanceService, tmp_path: Path, text: str, expected: str
) -> None:
    path = _bad(tmp_path, text.replace("govkg:partOf", _iri_of_part_of()))
    with pytest.raises(InputError) as caught:
        kg.load([path])
    error = caught.value
    shown = error.message + " " + " ".join(map(str, error.details or []))
    assert expected in shown
    assert str(path) in error.message
    assert kg.stats().nodes == 0


def _iri_of_part_of() -> str:
    from govkg.ontology import load_ontology

    return f"<{load_ontology().relations['PART_OF'].iri}>"


def test_rdf_loads_go_through_shacl(kg: GovernanceService, tmp_path: Path) -> None:
    """A record-shaped file that breaks a SHACL shape is refused with the violation named."""
    kg.load([FIXTURES / "mini.yaml"])
    good = tmp_path / "mini.ttl"
    export(kg, "ttl", good)
    graph = _parse(good, "turtle")
    fudan = ENTITY_NS["inst-fudan"]
    # an institution kind outside the shapes' list
    graph.set((fudan, GOVKG.kind, Literal("castle")))
    bad = tmp_path / "castle.ttl"
    graph.serialize(bad, format="turtle")
    fresh = GovernanceService(_empty(kg.store), kg.ontology, Settings())
    with pytest.raises(InputError, match="SHACL") as caught:
        fresh.load([bad])
    assert any("inst-fudan" in line for line in caught.value.details)
    assert fresh.stats().nodes == 0


def _empty(store: GraphStore) -> GraphStore:
    store.clear()
    return store
