"""Issue 17, break 6: a large incremental load was refused with false violations, because
above the full-SHACL size the compiled checker saw relation-source entities already in the
graph as having no fields. Both loads are above govkg.ontology.shacl.FULL_SHACL_MAX records
(the issue's 100 k then 60 k relations, scaled down to keep `make test` short)."""

from __future__ import annotations

import uuid

import pytest

from bench.synthetic import SyntheticSpec, generate
from govkg.graph.falkordb.embedded import EmbeddedFalkorDB
from govkg.graph.falkordb.store import FalkorDBStore
from govkg.ontology import Ontology
from govkg.ontology.shacl import FULL_SHACL_MAX
from govkg.service import GovernanceService
from govkg.settings import Settings

pytestmark = pytest.mark.slow


def test_an_incremental_load_above_the_full_shacl_size_passes(
    falkordb_server: EmbeddedFalkorDB, ontology: Ontology
) -> None:
    store = FalkorDBStore(ontology, graph=f"large_{uuid.uuid4().hex[:10]}",
                          socket_path=falkordb_server.socket_path)
    try:
        kg = GovernanceService(store, ontology, Settings())
        first = generate(SyntheticSpec(rels=6_000, seed=2))
        generated = generate(SyntheticSpec(rels=10_000, seed=1))
        # another seed states some of the same ids with other facts, which a load refuses
        # (one value per field, govkg.records.merge); the second load adds its own entities
        # and all its relations, ending at entities the graph already has
        known = {e.id for e in first.entities}
        second = generated.model_copy(update={
            "entities": tuple(e for e in generated.entities if e.id not in known)})
        for batch in (first, second):
            assert len(batch.entities) + len(batch.relations) > FULL_SHACL_MAX
        kg.load_batch(first)
        report = kg.load_batch(second)  # raised InputError with false violations before
        assert report.entities == len(second.entities)
        assert kg.stats().nodes >= len(first.entities)
    finally:
        store.clear()
        store.close()
