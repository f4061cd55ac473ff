"""govkg: a knowledge graph of innovation governance.

`KnowledgeGraph` is the notebook facade (DataFrames, networkx graphs); the HTTP API and the
CLI use the typed service layer underneath, `govkg.service.GovernanceService`. The facade
is imported on first use, so the CLI and the server do not pay for pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govkg.errors import GovkgError
from govkg.settings import installed_version

if TYPE_CHECKING:
    from govkg.notebook import KnowledgeGraph

__version__ = installed_version()
__all__ = ["GovkgError", "KnowledgeGraph", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from govkg.notebook import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'govkg' has no attribute {name!r}")
