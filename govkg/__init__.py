"""govkg: a knowledge graph of innovation governance.

`KnowledgeGraph` is the notebook facade (DataFrames, networkx graphs); the HTTP API and the
CLI use the typed service layer underneath, `govkg.service.GovernanceService`.
"""

__version__ = "0.1.0"

from govkg.errors import GovkgError
from govkg.notebook import KnowledgeGraph

__all__ = ["GovkgError", "KnowledgeGraph", "__version__"]
