"""Names of ontology terms that code needs by name; tests prove each exists in govkg.ttl.

Code outside govkg.ontology imports these instead of spelling a label or relation type.
"""

from __future__ import annotations

from typing import Final

# classes (node labels)
POLICY: Final = "Policy"
INSTITUTION: Final = "Institution"
MECHANISM: Final = "Mechanism"
PILOT: Final = "Pilot"
PROGRAMME: Final = "Programme"
REGION: Final = "Region"
FIGURE: Final = "Figure"
SOURCE: Final = "Source"

# relation types
COVERS: Final = "COVERS"
PART_OF: Final = "PART_OF"
HAS_FIGURE: Final = "HAS_FIGURE"
MENTIONED_IN: Final = "MENTIONED_IN"
ISSUED_BY: Final = "ISSUED_BY"
APPLIES_TO: Final = "APPLIES_TO"
ESTABLISHES: Final = "ESTABLISHES"
USES_MECHANISM: Final = "USES_MECHANISM"
SUPERSEDES: Final = "SUPERSEDES"
AMENDS: Final = "AMENDS"
FUNDED_BY: Final = "FUNDED_BY"
CO_FUNDS: Final = "CO_FUNDS"
LOCATED_IN: Final = "LOCATED_IN"

CLASSES: Final = (POLICY, INSTITUTION, MECHANISM, PILOT, PROGRAMME, REGION, FIGURE, SOURCE)
RELATIONS: Final = (
    COVERS, PART_OF, HAS_FIGURE, MENTIONED_IN, ISSUED_BY, APPLIES_TO, ESTABLISHES,
    USES_MECHANISM, SUPERSEDES, AMENDS, FUNDED_BY, CO_FUNDS, LOCATED_IN,
)
