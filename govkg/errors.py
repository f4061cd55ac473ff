"""The one exception tree of govkg: every failure a user can cause or meet is a GovkgError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class GovkgError(Exception):
    """Root of all govkg errors; `code` is stable and machine-readable, `details` is JSON-able."""

    code = "govkg_error"

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InputError(GovkgError):
    """Bad input from a file or a request: nothing was written."""

    code = "invalid_input"


class NotFoundError(GovkgError):
    """An entity that does not exist; details carry close-name suggestions."""

    code = "not_found"


class WrongKindError(GovkgError):
    """A question asked of the wrong kind of entity (a pilot question about a unit); details
    name what the entity is and the question to ask instead."""

    code = "wrong_kind"


class AmbiguousNameError(GovkgError):
    """A name that matches several entities; details carry the candidates."""

    code = "ambiguous"


class ReadOnlyError(GovkgError):
    """A query sent to a read-only entry point tried to write."""

    code = "read_only"


class QueryTimeoutError(GovkgError):
    """A query ran past its time limit and was cut."""

    code = "timeout"


class QueryError(GovkgError):
    """A query the store refused (syntax or semantic error)."""

    code = "query_error"


class ConflictError(GovkgError):
    """The graph changed between a load's plan and its write; plan and validate again."""

    code = "conflict"


class LeaseLostError(GovkgError):
    """A writer lost its write lock (paused past its lifetime) and wrote nothing."""

    code = "lease_lost"


class StoreUnavailableError(GovkgError):
    """The graph store cannot be reached or started."""

    code = "store_unavailable"


class AuthError(GovkgError):
    """A request without the API key a route needs (GOVKG_API_KEY)."""

    code = "unauthorised"


class MissingExtraError(GovkgError):
    """An optional dependency is not installed; the message names the extra that installs it
    (`pip install 'govkg[EXTRA]'`)."""

    code = "missing_extra"


@contextmanager
def needs_extra(extra: str, purpose: str, hint: str = "") -> Iterator[None]:
    """Imports of an optional package inside this block fail with a MissingExtraError naming
    `extra` instead of an ImportError traceback."""
    try:
        yield
    except ImportError as exc:
        package = exc.name or "a package"
        raise MissingExtraError(
            f"{purpose} needs {package}, which is not installed: pip install "
            f"'govkg[{extra}]'" + (f"; {hint}" if hint else ""),
            details={"extra": extra, "package": package}) from None
