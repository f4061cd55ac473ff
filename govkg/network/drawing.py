"""A static PNG of a network (matplotlib + networkx), coloured by class, labelled in Chinese.

Labels are the Chinese names when an installed font file draws every one of their characters
(govkg.network.fonts checks the glyphs of the file, then the drawing renders with that very
file); without one they fall back to the English names, and the report says so, rather than
drawing boxes. After drawing, the labels are checked again against the file used, and any
character it drew as a box is in the report's `missing_glyphs`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from govkg.errors import InputError, needs_extra
from govkg.network.fonts import INSTALL_HINT, FontFile, cjk_font, glyph_problems, latin_font
from govkg.network.palette import colour_of
from govkg.ontology.terms import FIGURE

with needs_extra("viz", "Drawing PNG pictures"):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import Patch

LAYOUT_SEED = 7
"""spring_layout is randomised; a fixed seed draws the same picture on every run."""
LABEL_CHARS = 16
"""Longer names are cut with an ellipsis so that labels do not cover the drawing."""
LABEL_OFFSET = 0.025
"""Labels sit this fraction of the drawing's height below their node, not over it."""
MISSING_GLYPH = "missing from font"
"""The text of matplotlib's warning for a character the font cannot draw."""


@dataclass
class DrawReport:
    """What was drawn: the font used, whether labels are Chinese, any missing glyphs."""

    output: Path
    nodes: int
    edges: int
    font: str
    font_file: Path
    chinese_labels: bool
    missing_glyphs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _label(data: dict[str, object], node: str, chinese: bool) -> str:
    """A node's label, shortened to LABEL_CHARS; a figure keeps its whole value and unit
    ("包干制试点自然科学基金项… 523个") and only its name is cut."""
    name = str((data.get("name") if chinese else data.get("name_en")) or node)
    if data.get("type") != FIGURE or data.get("value") is None:
        return _short(name)
    amount = (f"{data.get('qualifier') or ''}{data['value']}{data.get('unit') or ''}"
              if chinese else str(data["value"]))  # qualifier and unit are Chinese
    room = max(LABEL_CHARS - len(amount) - 1, 4)
    return f"{name if len(name) <= room else name[: room - 1] + '…'} {amount}"


def labels_of(graph: nx.MultiDiGraph, chinese: bool) -> dict[str, str]:
    """The label drawn for every node."""
    return {node: _label(data, node, chinese) for node, data in graph.nodes(data=True)}


def draw_network(
    graph: nx.MultiDiGraph, output: Path, *, title: str, font: FontFile | None,
    focus: str | None = None, size: tuple[float, float] = (14.0, 10.0), dpi: int = 120,
) -> DrawReport:
    """Draw `graph` to a PNG at `output`; Chinese labels rendered with the font file `font`
    when given, English labels in DejaVu Sans otherwise. Characters the file draws as boxes
    (its glyphs checked after drawing, and matplotlib's own warnings) are in the report."""
    if graph.number_of_nodes() == 0:
        raise InputError("nothing to draw: the network has no nodes")
    if output.suffix.lower() != ".png":
        raise InputError(f"{output}: the drawing is a PNG; name the file *.png",
                         details={"field": "output"})
    chinese = font is not None
    used = font or latin_font()
    properties = FontProperties(fname=str(used.path), size=9)
    types = {node: str(data.get("type", "")) for node, data in graph.nodes(data=True)}
    positions = nx.spring_layout(nx.Graph(graph), seed=LAYOUT_SEED,
                                 k=1.6 / max(graph.number_of_nodes(), 1) ** 0.5)
    figure = Figure(figsize=size, dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_axis_off()
    nx.draw_networkx_edges(graph, positions, ax=axes, edge_color="#9a9a9a", width=1.0,
                           arrows=True, arrowsize=10, node_size=520)
    sizes = [900 if node == focus else 520 for node in graph.nodes]
    nx.draw_networkx_nodes(graph, positions, ax=axes, node_size=sizes,
                           node_color=[colour_of(types[n]) for n in graph.nodes],
                           edgecolors=["#000000" if n == focus else "#ffffff"
                                       for n in graph.nodes], linewidths=1.5)
    labels = labels_of(graph, chinese)
    low, high = min(y for _, y in positions.values()), max(y for _, y in positions.values())
    drop = LABEL_OFFSET * max(high - low, 1.0)
    for node, (x, y) in positions.items():
        axes.text(x, y - drop, labels[node], fontproperties=properties, ha="center",
                  va="top", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                  "alpha": 0.75})
    edge_labels = {(u, v): k for u, v, k in graph.edges(keys=True)}
    nx.draw_networkx_edge_labels(graph, positions, edge_labels=edge_labels, ax=axes,
                                 font_size=6, font_color="#555555", font_family="DejaVu Sans",
                                 bbox={"alpha": 0})
    present = sorted(set(types.values()))
    figure.legend(handles=[Patch(color=colour_of(t), label=t) for t in present],
                  loc="outside lower center", ncols=min(len(present), 8),
                  prop=FontProperties(family="DejaVu Sans"), frameon=False)
    axes.set_title(title, fontproperties=FontProperties(fname=str(used.path), size=14))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(output, format="png")
    missing = [str(w.message) for w in caught if MISSING_GLYPH in str(w.message)]
    for other in caught:
        if MISSING_GLYPH not in str(other.message):
            warnings.warn_explicit(other.message, other.category, other.filename,
                                   other.lineno)
    missing += glyph_problems(used.path, title + "".join(labels.values()))
    return DrawReport(output=output, nodes=graph.number_of_nodes(),
                      edges=graph.number_of_edges(), font=used.family, font_file=used.path,
                      chinese_labels=chinese, missing_glyphs=missing)


def draw_neighbourhood(graph: nx.MultiDiGraph, output: Path) -> DrawReport:
    """Draw a neighbourhood (the service's walk: `graph.graph["focus"]` and `["depth"]`) with
    Chinese labels in a font file that draws every one of their characters, else with
    English labels and a warning that says why."""
    focus = graph.graph.get("focus")
    data = graph.nodes[focus] if focus in graph else {}
    depth = graph.graph.get("depth")
    around = f"  (depth {depth})" if depth else ""
    chinese_title = f"{data.get('name', focus or '')}  {data.get('name_en') or ''}{around}"
    font = cjk_font(chinese_title + "".join(labels_of(graph, chinese=True).values()))
    title = chinese_title if font else f"{data.get('name_en') or focus or ''}{around}"
    report = draw_network(graph, output, title=title, font=font, focus=focus)
    if font is None:
        report.warnings.append(f"no installed font draws every Chinese character of the "
                               f"labels, so the labels are English; {INSTALL_HINT}")
    if report.missing_glyphs:
        report.warnings.append(f"{len(report.missing_glyphs)} characters could not be drawn "
                               f"in {report.font}: {report.missing_glyphs[0]}")
    return report
