"""Whole-graph exports by format name (govkg.formats); `govkg export --format NAME`.

May import: service and everything below it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from govkg.formats import get_format, implementation, names

if TYPE_CHECKING:
    from govkg.service import GovernanceService

Exporter = Callable[["GovernanceService", Path], None]


def exporters() -> dict[str, Exporter]:
    """Every export format: name → writer(kg, output path)."""
    return {name: implementation(str(get_format(name).exporter)) for name in names("exporter")}


def export(kg: GovernanceService, fmt: str, output: Path) -> None:
    exporter: Exporter = implementation(str(get_format(fmt, "exporter").exporter))
    exporter(kg, output)
