"""A network as GraphML or GEXF bytes, through the writer govkg.formats names."""

from __future__ import annotations

import io
from collections.abc import Callable

import networkx as nx

from govkg.formats import get_format, implementation


def network_bytes(graph: nx.MultiDiGraph, fmt: str) -> tuple[bytes, str]:
    """The graph written as `fmt` (graphml, gexf), and its media type."""
    chosen = get_format(fmt, "graph_writer")
    writer: Callable[[nx.MultiDiGraph, io.BytesIO], None] = implementation(
        str(chosen.graph_writer))
    buffer = io.BytesIO()
    writer(graph, buffer)
    return buffer.getvalue(), chosen.media_type
