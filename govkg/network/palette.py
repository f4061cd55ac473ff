"""One colour per class, shared by the explorer page, the PNG drawing and the GEXF export.

Okabe–Ito colours, chosen to stay distinguishable for colour-blind readers; provenance
(Source) and numbers (Figure) are greys because they are context, not actors. A law and its
versions share the policies' blue family; articles and header events are lighter context. A
project group is a lighter programme, a round a lighter mechanism (one round of it); an
agreement is brown.
"""

from __future__ import annotations

from typing import Final

from govkg.ontology.terms import (
    ACTOR_ROLE,
    AGREEMENT,
    ARTICLE,
    FIGURE,
    INSTITUTION,
    LAW,
    LAW_VERSION,
    LEGISLATIVE_EVENT,
    MECHANISM,
    PILOT,
    POLICY,
    PROGRAMME,
    PROJECT,
    REGION,
    ROUND,
    SOURCE,
)

TYPE_COLOURS: Final[dict[str, str]] = {
    POLICY: "#0072B2",
    INSTITUTION: "#E69F00",
    MECHANISM: "#009E73",
    PILOT: "#D55E00",
    PROGRAMME: "#CC79A7",
    REGION: "#56B4E9",
    FIGURE: "#B0B0B0",
    SOURCE: "#707070",
    LAW: "#004C7A",
    LAW_VERSION: "#3D8FC4",
    ARTICLE: "#9CC7E4",
    LEGISLATIVE_EVENT: "#D9D9D9",
    ACTOR_ROLE: "#F0E442",
    PROJECT: "#E7B8D3",
    ROUND: "#7FCFB5",
    AGREEMENT: "#A6761D",
}
OTHER_COLOUR: Final = "#333333"


def colour_of(node_type: str) -> str:
    """The hex colour of a class label (dark grey for anything unknown)."""
    return TYPE_COLOURS.get(node_type, OTHER_COLOUR)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """'#RRGGBB' → (r, g, b) in 0…255."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
