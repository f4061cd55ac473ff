"""Idempotence and determinism: the same inputs, loaded in any order, in one go or in steps,
once or twice, give the same graph (content checksum of every node and relation)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.ontology import Ontology

from ..conftest import DATA, FIXTURES
from .conftest import Cli, make_cli
from .graphsum import GraphState

CH5 = DATA / "shanghai-2021-ch5.yaml"
BACKGROUND = DATA / "background.yaml"
"""background.yaml refers to entities of ch5, so on its own it can only come after it."""
CH5_LAWS = DATA / "shanghai-2021-ch5-laws.yaml"
"""The chapter's links to the law corpus: after (or with) both."""
LAWS = DATA / "corpus" / "laws"
LAW_FILES = sorted(LAWS.glob("*-*.md"))

ORDERS = {
    "directory-twice": [[DATA], [DATA]],
    "files-reversed": [[*reversed(LAW_FILES), CH5_LAWS, BACKGROUND, CH5]],
    "in-two-loads": [[CH5], [BACKGROUND, LAWS, CH5_LAWS]],
    "part-then-all-reversed": [[CH5], [LAWS, CH5_LAWS, BACKGROUND, CH5]],
    "laws-first": [[LAWS], [CH5, BACKGROUND], [CH5_LAWS]],
}


@pytest.fixture(scope="module")
def reference(falkordb_server: EmbeddedFalkorDB, ontology: Ontology) -> GraphState:
    """The graph of one `govkg load data/` into an empty graph (the bulk path)."""
    with make_cli(falkordb_server, ontology) as cli:
        result = cli("load", DATA)
        assert result.exit_code == 0, result.output
        return cli.state()


@pytest.mark.parametrize("loads", list(ORDERS.values()), ids=list(ORDERS))
def test_same_inputs_same_graph(cli: Cli, reference: GraphState,
                                loads: list[list[Path]]) -> None:
    for paths in loads:
        result = cli("load", *paths)
        assert result.exit_code == 0, result.output
    assert cli.state() == reference


def test_reference_is_the_whole_corpus(reference: GraphState) -> None:
    assert reference.nodes > 100 and reference.relations > 200


MINI = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini_reference(falkordb_server: EmbeddedFalkorDB, ontology: Ontology) -> GraphState:
    with make_cli(falkordb_server, ontology) as cli:
        assert cli("load", FIXTURES / "mini.yaml").exit_code == 0
        return cli.state()


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entities=st.permutations(MINI["entities"]), relations=st.permutations(MINI["relations"]),
       split=st.integers(min_value=0, max_value=len(MINI["entities"])))
def test_record_order_does_not_matter(
    falkordb_server: EmbeddedFalkorDB, ontology: Ontology, mini_reference: GraphState,
    tmp_path: Path, entities: list[dict[str, object]], relations: list[dict[str, object]],
    split: int,
) -> None:
    """mini.yaml's records shuffled over two files, loaded as one: the same graph."""
    first = {"source": MINI["source"], "entities": entities[:split]}
    second = {"source": MINI["source"], "entities": entities[split:], "relations": relations}
    paths = []
    for name, document in (("b.yaml", first), ("a.yaml", second)):
        path = tmp_path / name
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    with make_cli(falkordb_server, ontology) as cli:
        result = cli("load", *paths)
        assert result.exit_code == 0, result.output
        assert cli.state() == mini_reference
