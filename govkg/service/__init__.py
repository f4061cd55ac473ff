"""The service layer: one implementation of each question, with typed answers.

The HTTP API, the CLI and the notebook facade all call `GovernanceService`; none of them
asks the store anything itself. May import: queries, graph, loaders, extract, network,
ontology, records, errors, settings (never api, cli, exports or notebook).
"""

from govkg.service.governance import GovernanceService

__all__ = ["GovernanceService"]
