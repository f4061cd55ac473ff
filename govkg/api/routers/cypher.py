"""POST /cypher: a researcher's own read-only Cypher, with a time limit and a row cap."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from govkg.api.deps import EXPENSIVE, KG, Work
from govkg.api.errors import BODY_RESPONSES
from govkg.api.params import CSV_RESPONSE, Csv, tabular
from govkg.queries.user import CypherAnswer, CypherRequest

router = APIRouter(tags=["cypher"], responses=BODY_RESPONSES, dependencies=EXPENSIVE)


@router.post("/cypher", response_model=CypherAnswer, responses=CSV_RESPONSE)
async def run_cypher(body: CypherRequest, kg: KG, work: Work,
                     csv: Csv = False) -> CypherAnswer | Response:
    """Run read-only Cypher with parameters. Writes (CREATE, MERGE, SET, DELETE, REMOVE,
    writing procedures), LOAD CSV and constructs the store cannot bound (large range(),
    nested list iterations, reduce() doubling its accumulator, unbounded variable-length
    relationships, cartesian products of whole scans) answer 400 naming the construct and
    change nothing; a query past GOVKG_QUERY_TIMEOUT answers 408; more rows than
    GOVKG_ROW_CAP are cut, with `truncated: true`."""
    return tabular(await work.in_thread(lambda: kg.cypher_answer(body.query, body.params)), csv)
