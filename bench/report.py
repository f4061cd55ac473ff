"""The short table `govkg bench` prints: each target, the figure, its baseline and ratio."""

from __future__ import annotations

from typing import Any

from rich.table import Table


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def summary_table(results: dict[str, Any]) -> Table:
    table = Table(title=f"govkg bench ({results['seconds']} s)")
    for column in ("figure", "value", "baseline", "ratio", "target", "met"):
        table.add_column(column)
    for name, figure in results["targets"].items():
        met = figure.get("met")
        mark = "yes" if met else ("no" if met is False else figure.get("reason", "—"))
        table.add_row(name, _text(figure.get("value")), _text(figure.get("baseline")),
                      _text(figure.get("ratio")), _text(figure.get("target")), mark)
    return table
