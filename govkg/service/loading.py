"""Every load, whatever its input: prepare → plan → validate → apply, all-or-nothing.

The store says what a batch would change (`plan`, govkg.graph.base.LoadPlan); validation
checks exactly that against the graph facts the plan carries; `apply` writes it only if the
graph is still the one the plan was made against, and otherwise the load is planned and
validated again. Curated YAML, RDF, ROR matches and extraction reviews all come through here.
"""

from __future__ import annotations

from govkg.errors import ConflictError
from govkg.graph.base import GraphStore, LoadPlan
from govkg.loaders.validate import prepare, validate_changes
from govkg.ontology.model import Ontology
from govkg.records import RecordBatch
from govkg.service.answers import LoadReport
from govkg.service.merging import with_stored_statements
from govkg.service.references import complete

PLAN_ATTEMPTS = 5
"""Plans a load may make while other loads keep changing the graph under it."""


def ready(store: GraphStore, ontology: Ontology, batch: RecordBatch) -> RecordBatch:
    """A read batch made ready to plan: what it points at and the graph lacks added
    (govkg.service.references), then prepared (govkg.loaders.validate.prepare)."""
    return prepare(ontology, complete(store, batch))


def checked_plan(store: GraphStore, ontology: Ontology, batch: RecordBatch) -> LoadPlan:
    """The plan of a prepared batch, validated; InputError names what is wrong."""
    plan = with_stored_statements(store, ontology, store.plan(batch))
    validate_changes(ontology, plan.batch, plan.entities, plan.relations, plan.known)
    return plan


def load_batch(store: GraphStore, ontology: Ontology, batch: RecordBatch) -> LoadReport:
    """Prepare, plan, validate and apply `batch`; plan again when another load got there
    first (ConflictError after PLAN_ATTEMPTS)."""
    for attempt in range(1, PLAN_ATTEMPTS + 1):
        plan = checked_plan(store, ontology, ready(store, ontology, batch))
        try:
            summary = store.apply(plan)
        except ConflictError:
            if attempt == PLAN_ATTEMPTS:
                raise
            continue
        return LoadReport(origin=batch.origin, entities=summary.nodes,
                          relations=summary.relationships, statements=summary.batches)
    raise AssertionError("unreachable")  # the loop returns or raises


__all__ = ["PLAN_ATTEMPTS", "checked_plan", "load_batch", "ready"]
