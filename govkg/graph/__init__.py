"""Graph stores behind one protocol, chosen by the GOVKG_STORE setting."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from govkg.errors import InputError
from govkg.graph.base import GraphStore
from govkg.ontology.model import Ontology
from govkg.settings import Settings


def open_store(settings: Settings, ontology: Ontology) -> GraphStore:
    """The store named by `settings.store`: embedded, falkordb://, unix://, neo4j:// or bolt://."""
    from govkg.graph.falkordb.embedded import StoreLimits
    from govkg.graph.falkordb.store import FalkorDBStore

    url = settings.store
    if url == "embedded":
        limits = StoreLimits(settings.store_memory, settings.query_memory,
                             settings.store_address_space)
        return FalkorDBStore.embedded(ontology, settings.state_dir, graph=settings.graph,
                                      batch_size=settings.write_batch_size,
                                      lock_ttl=settings.write_lock_ttl,
                                      read_timeout=settings.store_timeout, limits=limits)
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError as exc:
        raise InputError(f"GOVKG_STORE={url!r}: not a valid URL: {exc}") from None
    if parsed.scheme in {"falkordb", "redis"}:
        return FalkorDBStore(ontology, graph=settings.graph, host=parsed.hostname or "127.0.0.1",
                             port=port or 6379, batch_size=settings.write_batch_size,
                             lock_ttl=settings.write_lock_ttl,
                             read_timeout=settings.store_timeout)
    if parsed.scheme == "unix":
        return FalkorDBStore(ontology, graph=settings.graph, socket_path=Path(parsed.path),
                             batch_size=settings.write_batch_size,
                             lock_ttl=settings.write_lock_ttl,
                             read_timeout=settings.store_timeout)
    if parsed.scheme.startswith(("neo4j", "bolt")):
        from govkg.graph.neo4j.store import Neo4jStore

        return Neo4jStore.from_settings(settings, ontology)
    raise InputError(
        f"GOVKG_STORE={url!r}: expected embedded, falkordb://host:port, unix:///path, "
        "neo4j://… or bolt://…"
    )


__all__ = ["GraphStore", "open_store"]
