"""What every command shares: consoles, options, the store context and one error path.

A GovkgError raised by any command is printed once, here (`GovkgGroup`), with its details,
and the command exits with the code of its kind (EXIT_CODES); commands do not catch it
themselves.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from govkg.errors import (
    AmbiguousNameError,
    AuthError,
    ConflictError,
    GovkgError,
    InputError,
    LeaseLostError,
    MissingExtraError,
    NotFoundError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreUnavailableError,
    WrongKindError,
)
from govkg.exports.tables import flat_value, table_of
from govkg.graph.base import GraphNode
from govkg.queries.user import to_json
from govkg.service import GovernanceService

out = Console()
err = Console(stderr=True)


def table(*columns: str, title: str | None = None) -> Table:
    """A table whose cells fold long (Chinese) names onto more lines instead of cutting them."""
    made = Table(title=title)
    for column in columns:
        made.add_column(column, overflow="fold")
    return made


def say(text: str) -> None:
    """A one-line message on stdout, never wrapped (paths and ids stay whole for scripts)."""
    out.print(text, soft_wrap=True, highlight=False)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="embedded, falkordb://host:port, neo4j://… (default: "
                 "GOVKG_STORE or embedded)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
MethodOption = Annotated[
    str | None,
    typer.Option("--method", help="kinds of fact to include, comma-separated: curated, "
                 "extracted (what the texts say), background, cited, inferred, imported "
                 "(default: all, each marked)"),
]


def report_error(exc: GovkgError) -> None:
    """The error's message and details on stderr."""
    err.print(f"[bold red]error[/]: {escape(exc.message)}", highlight=False, soft_wrap=True)
    details = exc.details
    if isinstance(details, list):
        for line in details:
            err.print(f"  - {escape(str(line))}", highlight=False, soft_wrap=True)
    elif details:
        err.print(f"  {escape(json.dumps(details, ensure_ascii=False))}", highlight=False,
                  soft_wrap=True)


EXIT_CODES: dict[type[GovkgError], int] = {
    InputError: 3, QueryError: 3, WrongKindError: 3, AmbiguousNameError: 3,
    NotFoundError: 4,
    ReadOnlyError: 5, AuthError: 5, ConflictError: 5, LeaseLostError: 5, QueryTimeoutError: 5,
    StoreUnavailableError: 6,
    MissingExtraError: 7,
}
"""Exit code of each kind of error; any other GovkgError exits 1, a usage error 2 (click)."""

EXIT_HELP = ("Exit codes: 0 done; 1 other error; 2 bad usage (unknown option, missing "
             "argument); 3 bad input (a file, a value, an ambiguous name, a question of the "
             "wrong kind of entity); 4 not found; 5 refused (a write in read-only Cypher, a "
             "query past its time limit, a conflicting load); 6 store unavailable; 7 an "
             "optional part of govkg is not installed (the message names the extra).")


def exit_code(exc: GovkgError) -> int:
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


class GovkgGroup(TyperGroup):
    """The command group: a GovkgError from any command becomes a message and the exit code
    of its kind (EXIT_CODES)."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        try:
            return super().invoke(ctx)
        except GovkgError as exc:
            report_error(exc)
            raise typer.Exit(code=exit_code(exc)) from None


def warn_if_empty(kg: GovernanceService) -> None:
    """Say so when the graph is empty (a question would answer "not found" otherwise) and how
    to fill it."""
    hint = kg.empty_store_hint()
    if hint:
        err.print(f"[yellow]warning[/]: {escape(hint)}", highlight=False, soft_wrap=True)


@contextmanager
def open_graph(store: str | None, *, asks: bool = True) -> Iterator[GovernanceService]:
    """The service over `store` (default: GOVKG_STORE), closed when the command ends; a
    command that `asks` warns first when the graph is empty."""
    with GovernanceService.open(store) as kg:
        if asks:
            warn_if_empty(kg)
        yield kg


def cell(value: Any) -> str:
    """A table cell: nodes by name and id, lists joined, objects by their name; never JSON."""
    if isinstance(value, GraphNode):
        return f"{value.properties.get('name', value.key)} ({value.key})"
    if isinstance(value, str):
        return value
    shown = flat_value(to_json(value))
    return "" if shown is None else str(shown)


def print_json(data: Any) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str))


CsvOption = Annotated[bool, typer.Option("--csv", help="print one flat CSV table (the same "
                                          "as the API's ?format=csv)")]


def emit(answer: Any, as_json: bool, as_csv: bool) -> bool:
    """Print the answer as JSON or CSV when asked (True: printed, no table to draw)."""
    if as_json:
        data = answer.model_dump(mode="json", by_alias=True) if isinstance(
            answer, BaseModel) else answer
        print_json(data)
        return True
    if as_csv:
        sys.stdout.write(table_of(answer).csv())
        return True
    return False


__all__ = [
    "EXIT_HELP",
    "CsvOption",
    "GovkgGroup",
    "JsonOption",
    "MethodOption",
    "StoreOption",
    "cell",
    "emit",
    "err",
    "exit_code",
    "open_graph",
    "out",
    "print_json",
    "report_error",
    "say",
    "table",
    "warn_if_empty",
]
