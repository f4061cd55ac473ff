"""Neo4j value conversion and error mapping without a server, on real driver objects.

Graph values are built by the driver's own Bolt hydration (the code that decodes what a server
sends), errors by the driver's own constructor for server failures; the store tests in
test_store_contract.py check the same against a real Neo4j when NEO4J_URI is set.
"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j import exceptions as neo
from neo4j._codec.hydration.bolt.v2 import HydrationHandler
from neo4j._codec.packstream import Structure
from neo4j.time import Date

from govkg.errors import (
    GovkgError,
    InputError,
    QueryError,
    QueryTimeoutError,
    ReadOnlyError,
    StoreUnavailableError,
)
from govkg.graph import open_store
from govkg.graph.base import GraphNode, GraphPath, GraphRelationship
from govkg.graph.neo4j.values import plain, store_error
from govkg.ontology import Ontology
from govkg.settings import Settings


class Server:
    """Decodes Bolt 5 structures as the driver does for a server's records."""

    def __init__(self) -> None:
        self.scope = HydrationHandler().new_hydration_scope()

    def _hydrate(self, tag: bytes, *fields: Any) -> Any:
        return self.scope.hydration_hooks[Structure](Structure(tag, *fields))

    def node(self, n: int, labels: list[str], props: dict[str, Any]) -> Any:
        return self._hydrate(b"N", n, labels, props, f"4:db:{n}")

    def rel(self, r: int, start: int, end: int, rel_type: str, props: dict[str, Any]) -> Any:
        return self._hydrate(b"R", r, start, end, rel_type, props, f"5:db:{r}", f"4:db:{start}",
                             f"4:db:{end}")

    def path(self, nodes: list[Any], rels: list[tuple[int, str]], sequence: list[int]) -> Any:
        unbound = [self._hydrate(b"r", r, t, {}, f"5:db:{r}") for r, t in rels]
        return self._hydrate(b"P", nodes, unbound, sequence)


def test_node_and_relationship() -> None:
    server = Server()
    node = plain(server.node(1, ["Pilot", "Entity"], {"id": "pilot-zone", "aliases": ["特区"]}))
    assert node == GraphNode("4:db:1", ("Entity", "Pilot"),
                             {"id": "pilot-zone", "aliases": ["特区"]})
    assert node.key == "pilot-zone"
    rel = plain(server.rel(7, 1, 2, "COVERS", {"batch": 1, "since": "2021"}))
    assert rel == GraphRelationship("5:db:7", "COVERS", "4:db:1", "4:db:2",
                                    {"batch": 1, "since": "2021"})


def test_path_keeps_direction_of_each_relationship() -> None:
    server = Server()
    a = server.node(1, ["Entity"], {"id": "a"})
    b = server.node(2, ["Entity"], {"id": "b"})
    c = server.node(3, ["Entity"], {"id": "c"})
    # a -[PART_OF]-> b <-[COVERS]- c : the second relation is walked against its direction
    path = plain(server.path([a, b, c], [(10, "PART_OF"), (11, "COVERS")], [1, 1, -2, 2]))
    assert isinstance(path, GraphPath)
    assert [n.key for n in path.nodes] == ["a", "b", "c"]
    first, second = path.relationships
    assert (first.type, first.start, first.end) == ("PART_OF", "4:db:1", "4:db:2")
    assert (second.type, second.start, second.end) == ("COVERS", "4:db:3", "4:db:2")


def test_nested_and_temporal_values() -> None:
    server = Server()
    value = {"nodes": [server.node(1, ["Entity"], {"id": "a"})], "when": Date(2021, 6, 1),
             "n": 1.5, "none": None}
    assert plain(value) == {"nodes": [GraphNode("4:db:1", ("Entity",), {"id": "a"})],
                            "when": "2021-06-01", "n": 1.5, "none": None}


def _server_error(code: str, message: str = "the server says no") -> neo.Neo4jError:
    return neo.Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(("code", "read_only", "expected"), [
    ("Neo.ClientError.Statement.AccessMode", True, ReadOnlyError),
    ("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase", False, ReadOnlyError),
    ("Neo.ClientError.Security.Forbidden", True, ReadOnlyError),
    ("Neo.ClientError.Security.Forbidden", False, QueryError),
    ("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", True,
     QueryTimeoutError),
    ("Neo.ClientError.Transaction.TransactionTimedOut", True, QueryTimeoutError),
    ("Neo.ClientError.Statement.SyntaxError", True, QueryError),
    ("Neo.ClientError.Statement.ParameterMissing", True, QueryError),
    ("Neo.ClientError.Schema.ConstraintValidationFailed", False, QueryError),
    ("Neo.ClientError.Security.Unauthorized", True, StoreUnavailableError),
    ("Neo.ClientError.Database.DatabaseNotFound", True, StoreUnavailableError),
    ("Neo.TransientError.General.DatabaseUnavailable", True, StoreUnavailableError),
    ("Neo.DatabaseError.General.UnknownError", True, StoreUnavailableError),
])
def test_server_errors_map_to_govkg_errors(code: str, read_only: bool,
                                           expected: type[GovkgError]) -> None:
    error = store_error(_server_error(code), read_only=read_only, timeout=1.0)
    assert type(error) is expected
    assert "the server says no" in f"{error.message} {error.details}"


def test_driver_errors_map_to_store_unavailable() -> None:
    assert isinstance(store_error(neo.ServiceUnavailable("gone"), read_only=True, timeout=None),
                      StoreUnavailableError)
    assert isinstance(store_error(neo.SessionExpired("gone"), read_only=False, timeout=None),
                      StoreUnavailableError)


@pytest.mark.parametrize("url", ["bolt://127.0.0.1:9", "neo4j://127.0.0.1:9"])
def test_unreachable_neo4j_is_store_unavailable(url: str, ontology: Ontology) -> None:
    """A real connection attempt to a closed local port (nothing listens on 9)."""
    with pytest.raises(StoreUnavailableError, match="unreachable"):
        open_store(Settings(store=url, neo4j_password="secret"), ontology)


@pytest.mark.parametrize("url", ["bolt+x://127.0.0.1:9", "bolt://127.0.0.1:notaport"])
def test_malformed_neo4j_url_is_input_error(url: str, ontology: Ontology) -> None:
    with pytest.raises(InputError, match="GOVKG_STORE"):
        open_store(Settings(store=url), ontology)
