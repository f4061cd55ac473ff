"""Laws and their articles: in force by date and region, versions, diffs, citations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from govkg.api.deps import KG
from govkg.api.errors import ERROR_RESPONSES
from govkg.api.params import CSV_RESPONSE, Csv, MethodFilter, PartialDate, tabular
from govkg.service.answers import (
    ArticlesAnswer,
    LawArticlesAnswer,
    LawDiffAnswer,
    LawLinksAnswer,
    LawsAnswer,
    LawVersionsAnswer,
)
from govkg.service.laws import MAX_LINK_DEPTH

router = APIRouter(tags=["laws"], responses=ERROR_RESPONSES)

Law = Annotated[str, "an id, a title (with or without 中华人民共和国) or an alias"]
Region = Annotated[str | None, Query(max_length=100, description="region id or name; the "
                                     "regions above it count too (a city's answer has its "
                                     "province's and the national laws)",
                                     examples=["上海市"])]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0)]
Depth = Annotated[int, Query(ge=1, le=MAX_LINK_DEPTH, description="links followed")]


@router.get("/laws", response_model=LawsAnswer, responses=CSV_RESPONSE)
def laws(
    kg: KG,
    as_of: Annotated[PartialDate, Query(description="versions in force that day (a partial "
                                        "date: its first day); every version when absent")]
    = None,
    region: Region = None,
    level: Annotated[str | None, Query(description="法律, 行政法规, 地方性法规, …")] = None,
    q: Annotated[str | None, Query(max_length=100, description="text in the title")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    method: MethodFilter = None,
    csv: Csv = False,
) -> LawsAnswer | Response:
    """Law versions in force on a date in a region (national ones included), by level."""
    return tabular(kg.laws(as_of, region, level, q, limit, offset, methods=method), csv)


@router.get("/laws/{law}/versions", response_model=LawVersionsAnswer, responses=CSV_RESPONSE)
def versions(law: Law, kg: KG, method: MethodFilter = None,
             csv: Csv = False) -> LawVersionsAnswer | Response:
    """A law's versions in order, when each was in force, and every event of its header."""
    return tabular(kg.law_versions(law, methods=method), csv)


@router.get("/laws/{law}/articles", response_model=LawArticlesAnswer, responses=CSV_RESPONSE)
def law_articles(
    law: Law, kg: KG,
    version: Annotated[str | None, Query(description="version id or a date it was in force; "
                                         "default the last version")] = None,
    method: MethodFilter = None,
    csv: Csv = False,
) -> LawArticlesAnswer | Response:
    """One version's articles in order, with chapter, number and exact text."""
    return tabular(kg.law_articles(law, version, methods=method), csv)


@router.get("/laws/{law}/diff", response_model=LawDiffAnswer, responses=CSV_RESPONSE)
def diff(
    law: Law, kg: KG,
    old: Annotated[str | None, Query(alias="from", description="version id or a date it "
                                     "was in force; default the first version")] = None,
    new: Annotated[str | None, Query(alias="to", description="version id or a date it was "
                                     "in force; default the last version")] = None,
    method: MethodFilter = None,
    csv: Csv = False,
) -> LawDiffAnswer | Response:
    """Articles added, removed and changed between two versions, with a text diff."""
    return tabular(kg.law_diff(law, old, new, methods=method), csv)


@router.get("/laws/{law}/basis", response_model=LawLinksAnswer, responses=CSV_RESPONSE)
def basis(law: Law, kg: KG, depth: Depth = 1, method: MethodFilter = None,
          csv: Csv = False) -> LawLinksAnswer | Response:
    """The laws it rests on (根据《…》), with the citing article, transitively."""
    return tabular(kg.law_basis(law, depth, methods=method), csv)


@router.get("/laws/{law}/cited-by", response_model=LawLinksAnswer, responses=CSV_RESPONSE)
def cited_by(law: Law, kg: KG, depth: Depth = 1, method: MethodFilter = None,
             csv: Csv = False) -> LawLinksAnswer | Response:
    """The laws that rest on it, cite it or repeal it, with the citing article."""
    return tabular(kg.law_cited_by(law, depth, methods=method), csv)


@router.get("/articles", response_model=ArticlesAnswer, responses=CSV_RESPONSE)
def articles(
    kg: KG,
    q: Annotated[str | None, Query(max_length=100, description="text to find (full-text "
                                   "index; the exact phrase first)")] = None,
    role: Annotated[str | None, Query(description="actor role id or name (高等学校 …)")]
    = None,
    instrument: Annotated[str | None, Query(description="instrument or mechanism id or "
                                            "name (科技成果转化 …)")] = None,
    region: Region = None,
    as_of: Annotated[PartialDate, Query(description="only articles of versions in force "
                                        "that day")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    method: MethodFilter = None,
    csv: Csv = False,
) -> ArticlesAnswer | Response:
    """Articles with their text and law version: full-text ranked when `q` is given."""
    return tabular(kg.articles(q, role, instrument, region, as_of, limit, offset,
                               methods=method), csv)
