"""The `govkg` command line: one typer app, its commands thin over the service layer.

May import anything below it (api for `serve`, exports, service, …); nothing imports it.
"""

from govkg.cli.main import app

__all__ = ["app"]
