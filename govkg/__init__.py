"""govkg: a knowledge graph of innovation governance."""

from govkg.errors import GovkgError
from govkg.service import KnowledgeGraph

__all__ = ["GovkgError", "KnowledgeGraph"]
__version__ = "0.1.0"
