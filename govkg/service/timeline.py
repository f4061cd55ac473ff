"""Policies in date order, with partial dates (2021, 2021-09) standing for their whole period."""

from __future__ import annotations

from typing import Any

from govkg.errors import InputError
from govkg.records import check_partial_date
from govkg.service.answers import Entity, TimelineAnswer, TimelineEntry
from govkg.service.figures import link

QUERY = "policy_timeline"


def check_range(date_from: str | None, date_to: str | None) -> None:
    """Both ends YYYY, YYYY-MM or YYYY-MM-DD and real dates; `from` not after `to`."""
    for field, value in (("from", date_from), ("to", date_to)):
        if value is None:
            continue
        try:
            check_partial_date(value)
        except ValueError as exc:
            raise InputError(f"{field}: {exc}", details={"field": field}) from None
    if date_from and date_to:
        common = min(len(date_from), len(date_to))
        if date_from[:common] > date_to[:common]:
            raise InputError(f"from {date_from} is after to {date_to}",
                             details={"field": "from"})


def timeline_from_rows(
    rows: list[tuple[Any, ...]], base_label: str, date_from: str | None, date_to: str | None
) -> TimelineAnswer:
    """Rows of policy_timeline: (policy, date, date kind, ISSUED_BY relations, issuers); an
    issuer the text does not name (a background fact) is marked so."""
    entries = [
        TimelineEntry(date=date, date_kind=kind, policy=Entity.from_node(node, base_label),
                      issuers=[link(r, n, base_label) for r, n in zip(issued, issuers,
                                                                       strict=True)])
        for node, date, kind, issued, issuers in rows
    ]
    return TimelineAnswer(date_from=date_from, date_to=date_to, policies=entries)
