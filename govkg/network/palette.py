"""One colour per class, shared by the explorer page, the PNG drawing and the GEXF export.

Okabe–Ito colours, chosen to stay distinguishable for colour-blind readers; provenance
(Source) and numbers (Figure) are greys because they are context, not actors.
"""

from __future__ import annotations

from typing import Final

from govkg.ontology.terms import (
    FIGURE,
    INSTITUTION,
    MECHANISM,
    PILOT,
    POLICY,
    PROGRAMME,
    REGION,
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
}
OTHER_COLOUR: Final = "#333333"


def colour_of(node_type: str) -> str:
    """The hex colour of a class label (dark grey for anything unknown)."""
    return TYPE_COLOURS.get(node_type, OTHER_COLOUR)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """'#RRGGBB' → (r, g, b) in 0…255."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
