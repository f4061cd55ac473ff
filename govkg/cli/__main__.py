"""`python -m govkg.cli`: the same entry point as the `govkg` command."""

from govkg.cli.main import app

app()
