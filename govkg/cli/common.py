"""What every command shares: consoles, options, the store context and one error path.

A GovkgError raised by any command is printed once, here (`GovkgGroup`), with its details,
and the command exits 1; commands do not catch it themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from govkg.errors import GovkgError
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
    err.print(f"[bold red]error[/]: {exc.message}", highlight=False, soft_wrap=True)
    details = exc.details
    if isinstance(details, list):
        for line in details:
            err.print(f"  - {line}", highlight=False, soft_wrap=True)
    elif details:
        err.print(f"  {json.dumps(details, ensure_ascii=False)}", highlight=False,
                  soft_wrap=True)


class GovkgGroup(TyperGroup):
    """The command group: a GovkgError from any command becomes a message and exit 1."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        try:
            return super().invoke(ctx)
        except GovkgError as exc:
            report_error(exc)
            raise typer.Exit(code=1) from None


@contextmanager
def open_graph(store: str | None) -> Iterator[GovernanceService]:
    """The service over `store` (default: GOVKG_STORE), closed when the command ends."""
    with GovernanceService.open(store) as kg:
        yield kg


def cell(value: Any) -> str:
    """A table cell: nodes by name and id, text as it is, anything else as JSON."""
    if isinstance(value, GraphNode):
        return f"{value.properties.get('name', value.key)} ({value.key})"
    if isinstance(value, str):
        return value
    return json.dumps(to_json(value), ensure_ascii=False)


def print_json(data: Any) -> None:
    out.print_json(json.dumps(data, ensure_ascii=False, default=str))


__all__ = ["GovkgGroup", "JsonOption", "MethodOption", "StoreOption", "cell", "err",
           "open_graph", "out", "print_json", "report_error", "say", "table"]
