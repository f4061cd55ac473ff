"""Which kinds of fact an answer includes: the `method=` filter of every route and command.

A fact (node or relation) is curated (read from the text by hand), extracted (read by rules),
background (a public fact no source states), cited (known only because another text cites
it), inferred (derived by govkg) or imported (from another database). Answers include all by
default and mark each; `method=curated,extracted` keeps only what the texts say.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from govkg.errors import InputError
from govkg.records import Method

METHODS: tuple[str, ...] = get_args(Method)
TEXT_METHODS: tuple[str, ...] = ("curated", "extracted")
"""What a source's text itself states (read by hand or by rules)."""
NOT_STATED = {
    "background": "the text does not state this: a public fact added as background",
    "inferred": "the text does not state this: derived by govkg",
    "cited": "known only because another text cites it",
    "imported": "the text does not state this: from another database",
}
"""What an answer says of a link whose method is not the text's own word."""


def check_methods(methods: str | Iterable[str] | None, field: str = "method"
                  ) -> list[str] | None:
    """The methods asked ("curated,extracted" or a list), checked; None for all."""
    if methods is None:
        return None
    wanted = ([m.strip() for m in methods.split(",")] if isinstance(methods, str)
              else [str(m).strip() for m in methods])
    wanted = [m for m in wanted if m]
    unknown = [m for m in wanted if m not in METHODS]
    if unknown or not wanted:
        raise InputError(
            f"unknown method(s) {', '.join(unknown)}" if unknown else "give at least one method",
            details={"field": field, "allowed": list(METHODS)})
    return sorted(set(wanted))


def caveat(method: str | None) -> str | None:
    """What to say of a fact taken by `method` (None when the text states it)."""
    return NOT_STATED.get(method or "")


__all__ = ["METHODS", "NOT_STATED", "TEXT_METHODS", "caveat", "check_methods"]
