"""The `govkg` app: one typer app; each module of govkg.cli adds its commands to it."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from govkg.cli import ask, explore, extract, laws, load
from govkg.cli.common import EXIT_HELP, GovkgGroup, StoreOption, say
from govkg.errors import InputError
from govkg.settings import Settings, installed_version

app = typer.Typer(
    cls=GovkgGroup,
    help="govkg: a knowledge graph of innovation governance (policies, institutions, "
    "mechanisms, pilots). Settings come from GOVKG_* environment variables or a .env file; "
    "the embedded store lives in the per-user data directory unless GOVKG_STATE_DIR says "
    "otherwise. Start with `govkg init` (loads the bundled corpus).",
    epilog=EXIT_HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


SHUTDOWN_GRACE_S = 5
"""How long `govkg serve` lets running requests finish after SIGTERM before it closes them."""


def _stop_on_sigterm(signum: int, _frame: FrameType | None) -> None:
    """SIGTERM ends a command as Ctrl-C does: its `with` blocks close, so an embedded store
    this process started is stopped (unless another process uses it)."""
    raise SystemExit(128 + signum)


def _show_version(value: bool) -> None:
    if value:
        say(f"govkg {installed_version()}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True, help="print the version and exit")]
    = False,
) -> None:
    """govkg: a knowledge graph of innovation governance."""
    signal.signal(signal.SIGTERM, _stop_on_sigterm)


app.add_typer(load.app)
app.add_typer(ask.app)
app.add_typer(explore.app)
app.add_typer(extract.app)
app.add_typer(laws.app)


@app.command("docs-queries")
def docs_queries(
    output: Annotated[Path, typer.Option("--output", "-o", help="file to write")] = Path(
        "docs/queries.md"),
    check: Annotated[bool, typer.Option("--check", help="only check that the file is "
                                        "current; exit 1 if not")] = False,
) -> None:
    """Write docs/queries.md from the headers of the query files."""
    from govkg.queries.docs import render

    text = render()
    if check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            raise InputError(f"{output} is stale; run `govkg docs-queries`")
        say(f"{output} is current")
        return
    if not output.parent.is_dir():
        raise InputError(f"{output.parent} does not exist: docs-queries writes the "
                         "documentation of a source checkout (run it there, or give -o FILE)")
    output.write_text(text, encoding="utf-8")
    say(f"wrote {output}")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default GOVKG_HOST, 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="default GOVKG_PORT, 8000")] = None,
    store: StoreOption = None,
    access_log: Annotated[bool, typer.Option(help="log every request (the server's access "
                                             "log); off costs less per request")] = True,
) -> None:
    """Serve the HTTP API, the explorer page and the OpenAPI docs (/docs, /redoc) with
    Granian; stops gracefully on SIGTERM or Ctrl-C."""
    from govkg.api import create_app
    from govkg.api.middleware import allowed_hosts
    from govkg.api.server import serve_app

    settings = Settings()
    if store is not None:
        settings = settings.model_copy(update={"store": store})
    bound = host or settings.host
    serve_app(create_app(settings, hosts=allowed_hosts(settings, bound)), bound,
              port or settings.port, access_log=access_log,
              trusted_proxies=settings.trusted_proxies, grace=SHUTDOWN_GRACE_S)


@app.command()
def bench(
    rels: Annotated[list[int] | None, typer.Option("--rels", help="graph sizes in relations "
                                                   "(repeat; default 100000 and 1000000)")] = None,
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("bench/results.json"),
    smoke: Annotated[bool, typer.Option(help="a tiny run that only proves the bench works")]
    = False,
) -> None:
    """Measure load, re-load, queries, API throughput and memory against same-run
    baselines (from a source checkout: the benchmark is not part of the installed package)."""
    try:
        from bench.main import run_from_cli
    except ModuleNotFoundError:
        raise InputError("the benchmark runs from a source checkout of govkg: "
                         "`make bench` there") from None
    run_from_cli(rels, output, smoke)


if __name__ == "__main__":
    app()
