"""GraphML and GEXF (Gephi) exports through networkx, with labels and types as attributes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from govkg.network import gexf
from govkg.service import GovernanceService


def write_graphml(kg: GovernanceService, output: Path) -> None:
    nx.write_graphml(kg.to_networkx(), output)


def write_gexf(kg: GovernanceService, output: Path) -> None:
    gexf.write_gexf(kg.to_networkx(), output)
