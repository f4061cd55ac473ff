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
LAW: Final = "Law"
LAW_VERSION: Final = "LawVersion"
ARTICLE: Final = "Article"
LEGISLATIVE_EVENT: Final = "LegislativeEvent"
ACTOR_ROLE: Final = "ActorRole"
PROJECT: Final = "Project"
ROUND: Final = "Round"
AGREEMENT: Final = "Agreement"

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
HAS_VERSION: Final = "HAS_VERSION"
HAS_ARTICLE: Final = "HAS_ARTICLE"
HAS_EVENT: Final = "HAS_EVENT"
DECIDED_BY: Final = "DECIDED_BY"
IN_JURISDICTION: Final = "IN_JURISDICTION"
LEGAL_BASIS: Final = "LEGAL_BASIS"
CITES: Final = "CITES"
REPEALS: Final = "REPEALS"
NAMES_ROLE: Final = "NAMES_ROLE"
NAMES: Final = "NAMES"
INCORPORATED_INTO: Final = "INCORPORATED_INTO"
IMPLEMENTS: Final = "IMPLEMENTS"
SHARES_DATA_WITH: Final = "SHARES_DATA_WITH"
PARTY_TO: Final = "PARTY_TO"

# concept schemes (local names in govkg.ttl) whose notations are the values of a field
PARTICIPATION_ROLES: Final = "ParticipationRoleScheme"
"""Values of `role` on COVERS, CO_FUNDS, FUNDED_BY and PARTY_TO."""
POLICY_STATUSES: Final = "PolicyStatusScheme"
"""Values of a Policy's `status`."""
NOT_BINDING_STATUSES: Final = ("drafting", "drafted", "draft")
"""Statuses of a policy that binds no one yet (the text says it is not issued)."""

CLASSES: Final = (POLICY, INSTITUTION, MECHANISM, PILOT, PROGRAMME, REGION, FIGURE, SOURCE,
                  LAW, LAW_VERSION, ARTICLE, LEGISLATIVE_EVENT, ACTOR_ROLE, PROJECT, ROUND,
                  AGREEMENT)
RELATIONS: Final = (
    COVERS, PART_OF, HAS_FIGURE, MENTIONED_IN, ISSUED_BY, APPLIES_TO, ESTABLISHES,
    USES_MECHANISM, SUPERSEDES, AMENDS, FUNDED_BY, CO_FUNDS, LOCATED_IN, HAS_VERSION,
    HAS_ARTICLE, HAS_EVENT, DECIDED_BY, IN_JURISDICTION, LEGAL_BASIS, CITES, REPEALS,
    NAMES_ROLE, NAMES, INCORPORATED_INTO, IMPLEMENTS, SHARES_DATA_WITH, PARTY_TO,
)
SCHEMES: Final = (PARTICIPATION_ROLES, POLICY_STATUSES)
