"""POST /cypher: a researcher's own read-only Cypher, with a time limit and a row cap."""

from __future__ import annotations

from fastapi import APIRouter

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.queries.user import CypherAnswer, CypherRequest

router = APIRouter(tags=["cypher"], responses=ERROR_RESPONSES)


@router.post("/cypher", response_model=CypherAnswer)
def run_cypher(body: CypherRequest, kg: KG) -> CypherAnswer:
    """Run read-only Cypher with parameters. Writes (CREATE, MERGE, SET, DELETE, REMOVE,
    writing procedures) and LOAD CSV answer 400 and change nothing; a query past
    GOVKG_QUERY_TIMEOUT answers 408; more rows than GOVKG_ROW_CAP are cut, with
    `truncated: true`."""
    return kg.cypher_answer(body.query, body.params)
