"""Network analytics with networkx: centrality, the institution–policy projection,
communities and the most connected mechanisms, each answered as one table.

The analyses read the whole graph through the store (`GovernanceService.to_networkx()`) and
look at the actors only: Source nodes (every entity is MENTIONED_IN its source) and Figure
nodes (numbers the text states) would otherwise be the hubs of every ranking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from networkx.algorithms import bipartite
from pydantic import BaseModel, Field

from govkg.errors import NotFoundError
from govkg.ontology.terms import FIGURE, INSTITUTION, MECHANISM, PILOT, POLICY, PROGRAMME, SOURCE

CONTEXT_TYPES = frozenset({SOURCE, FIGURE})
"""Classes left out of every analysis: provenance and stated numbers, not actors."""
BRIDGE_TYPES = frozenset({PILOT, PROGRAMME})
"""A policy reaches an institution through a pilot or programme it applies to or sets up
that covers (or is co-funded by) the institution; such links count as affiliations."""
LOUVAIN_SEED = 42
"""Louvain is randomised; a fixed seed gives the same communities on every run."""
DECIMALS = 4


class AnalyticsTable(BaseModel):
    """The answer of one analysis: rows in `columns` order, plus whole-graph figures."""

    name: str
    title: str
    description: str
    columns: list[str]
    rows: list[dict[str, Any]]
    summary: dict[str, Any] = Field(default_factory=dict)


def actor_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of every entity but sources and figures."""
    keep = [n for n, t in graph.nodes(data="type") if t not in CONTEXT_TYPES]
    return nx.Graph(graph.subgraph(keep))


def _entity(graph: nx.Graph, node: str) -> dict[str, Any]:
    data = graph.nodes[node]
    return {"id": node, "name": data.get("name", node), "name_en": data.get("name_en") or "",
            "type": data.get("type", "")}


def _ranked(scores: dict[str, float], limit: int) -> list[tuple[str, float]]:
    """Highest first; ties by id so that the order is the same on every run."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]


def degree(graph: nx.MultiDiGraph, limit: int) -> AnalyticsTable:
    actors = actor_graph(graph)
    centrality = nx.degree_centrality(actors)
    rows = [
        {**_entity(actors, node), "degree": actors.degree(node),
         "centrality": round(score, DECIMALS)}
        for node, score in _ranked(centrality, limit)
    ]
    return AnalyticsTable(
        name="degree", title="Degree centrality",
        description="entities with the most distinct neighbours (sources and figures left out)",
        columns=["name", "name_en", "type", "degree", "centrality"], rows=rows,
        summary={"nodes": actors.number_of_nodes(), "edges": actors.number_of_edges()},
    )


BETWEENNESS_EXACT_UP_TO = 2000
"""Exact betweenness costs O(nodes × edges): the chapter's graph is exact in a blink, the law
corpus (about ten thousand actors) would take minutes, past any request's deadline."""
BETWEENNESS_SAMPLES = 500
"""Above that size, Brandes' estimate from this many source nodes (networkx's `k`), drawn with
a fixed seed so the same graph gives the same answer."""


def betweenness(graph: nx.MultiDiGraph, limit: int) -> AnalyticsTable:
    actors = actor_graph(graph)
    exact = actors.number_of_nodes() <= BETWEENNESS_EXACT_UP_TO
    centrality = nx.betweenness_centrality(
        actors, normalized=True, seed=0,
        k=None if exact else min(BETWEENNESS_SAMPLES, actors.number_of_nodes()))
    rows = [
        {**_entity(actors, node), "degree": actors.degree(node),
         "betweenness": round(score, DECIMALS)}
        for node, score in _ranked(centrality, limit)
    ]
    how = ("exact, normalised" if exact else
           f"normalised, estimated from {BETWEENNESS_SAMPLES} sampled sources (seed 0): "
           f"the graph has over {BETWEENNESS_EXACT_UP_TO} nodes")
    return AnalyticsTable(
        name="betweenness", title="Betweenness centrality",
        description="entities that lie on the most shortest paths between others: the "
        f"brokers of the network ({how})",
        columns=["name", "name_en", "type", "degree", "betweenness"], rows=rows,
        summary={"nodes": actors.number_of_nodes(), "edges": actors.number_of_edges(),
                 "exact": exact, "sampled_sources": None if exact else BETWEENNESS_SAMPLES},
    )


def affiliations(graph: nx.MultiDiGraph) -> nx.Graph:
    """The institution–policy bipartite graph: an institution and a policy are linked when
    a relation joins them, or a pilot or programme the policy is related to is related to
    the institution."""
    actors = actor_graph(graph)
    types = dict(actors.nodes(data="type"))
    bipartite_graph = nx.Graph()
    policies = [n for n, t in types.items() if t == POLICY]
    bipartite_graph.add_nodes_from(policies, bipartite=0)
    bipartite_graph.add_nodes_from((n for n, t in types.items() if t == INSTITUTION),
                                   bipartite=1)
    for policy in policies:
        for near in actors[policy]:
            reached = [near] if types[near] == INSTITUTION else (
                list(actors[near]) if types[near] in BRIDGE_TYPES else [])
            for other in reached:
                if types[other] == INSTITUTION:
                    bipartite_graph.add_edge(policy, other)
    return bipartite_graph


def projection(graph: nx.MultiDiGraph, limit: int) -> AnalyticsTable:
    affiliation = affiliations(graph)
    institutions = [n for n, side in affiliation.nodes(data="bipartite") if side == 1]
    projected = bipartite.weighted_projected_graph(affiliation, institutions)
    pairs = sorted(projected.edges(data="weight"), key=lambda e: (-e[2], e[0], e[1]))
    names = dict(graph.nodes(data="name"))
    rows = []
    for first, second, weight in pairs[:limit]:
        a, b = sorted((first, second))
        shared = sorted(set(affiliation[a]) & set(affiliation[b]))
        rows.append({"a": a, "institution_a": names[a], "b": b, "institution_b": names[b],
                     "shared_policies": weight,
                     "policies": "; ".join(str(names[p]) for p in shared)})
    return AnalyticsTable(
        name="projection", title="Institution–policy projection",
        description="institution pairs that share policies (a policy links to an institution "
        "directly or through a pilot or programme), weighted by the number shared",
        columns=["institution_a", "institution_b", "shared_policies", "policies"], rows=rows,
        summary={"policies": affiliation.number_of_nodes() - len(institutions),
                 "institutions": len(institutions),
                 "affiliations": affiliation.number_of_edges(),
                 "linked_institutions": sum(1 for n in projected if projected.degree(n)),
                 "pairs": projected.number_of_edges()},
    )


def communities(graph: nx.MultiDiGraph, limit: int) -> AnalyticsTable:
    actors = actor_graph(graph)
    found = nx.community.louvain_communities(actors, seed=LOUVAIN_SEED)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    rows = []
    for number, members in enumerate(ordered[:limit], start=1):
        by_degree = sorted(members, key=lambda n: (-actors.degree(n), n))
        kinds = Counter(actors.nodes[n].get("type", "") for n in members)
        rows.append({"community": number, "size": len(members),
                     "types": ", ".join(f"{t} {c}" for t, c in sorted(kinds.items())),
                     "members": "; ".join(str(actors.nodes[n].get("name", n))
                                          for n in by_degree),
                     "ids": by_degree})
    return AnalyticsTable(
        name="communities", title="Communities (Louvain)",
        description=f"groups of densely linked entities by Louvain modularity (seed "
        f"{LOUVAIN_SEED}), largest first, members by degree",
        columns=["community", "size", "types", "members"], rows=rows,
        summary={"communities": len(found),
                 "modularity": round(nx.community.modularity(actors, found), DECIMALS)},
    )


def mechanisms(graph: nx.MultiDiGraph, limit: int) -> AnalyticsTable:
    actors = actor_graph(graph)
    found = [n for n, t in actors.nodes(data="type") if t == MECHANISM]
    ranked = sorted(found, key=lambda n: (-actors.degree(n), n))[:limit]
    rows = []
    for node in ranked:
        neighbours = sorted(actors[node], key=lambda n: (actors.nodes[n].get("type", ""), n))
        kinds = Counter(actors.nodes[n].get("type", "") for n in neighbours)
        rows.append({**_entity(actors, node), "connections": len(neighbours),
                     "by_type": ", ".join(f"{t} {c}" for t, c in sorted(kinds.items())),
                     "connected": "; ".join(str(actors.nodes[n].get("name", n))
                                            for n in neighbours)})
    return AnalyticsTable(
        name="mechanisms", title="Most connected mechanisms",
        description="funding and management mechanisms by the number of policies, pilots, "
        "programmes and institutions linked to them",
        columns=["name", "name_en", "connections", "by_type", "connected"], rows=rows,
        summary={"mechanisms": len(found)},
    )


@dataclass(frozen=True)
class Analysis:
    name: str
    run: Callable[[nx.MultiDiGraph, int], AnalyticsTable]
    summary: str


ANALYSES: dict[str, Analysis] = {
    a.name: a for a in (
        Analysis("degree", degree, "degree centrality"),
        Analysis("betweenness", betweenness, "betweenness centrality (brokers)"),
        Analysis("projection", projection, "institution pairs sharing policies"),
        Analysis("communities", communities, "Louvain communities"),
        Analysis("mechanisms", mechanisms, "most connected mechanisms"),
    )
}


def names() -> list[str]:
    return list(ANALYSES)


def analyse(graph: nx.MultiDiGraph, name: str, limit: int = 20) -> AnalyticsTable:
    """Run the analysis `name` on a whole-graph MultiDiGraph; NotFoundError names the known."""
    if name not in ANALYSES:
        raise NotFoundError(f"no analysis named {name!r}; known: {', '.join(ANALYSES)}",
                            details={"known": names()})
    return ANALYSES[name].run(graph, limit)


def cells(table: AnalyticsTable) -> Iterable[list[str]]:
    """The rows as text cells in column order (for terminal tables)."""
    for row in table.rows:
        yield ["" if row.get(c) is None else str(row[c]) for c in table.columns]
