"""FalkorDB behind the GraphStore protocol: the embedded server govkg runs itself, the client,
the all-or-nothing writer (bulk import, digests of unchanged records, the write lock).

May import: graph (base, statements, schema), ontology, records, errors.
"""

from govkg.graph.falkordb.store import FalkorDBStore

__all__ = ["FalkorDBStore"]
