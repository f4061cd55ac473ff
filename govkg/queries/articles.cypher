// name: articles
// summary: Articles, with their law version and law, filtered by id (a full-text hit list), the roles and instruments they name, the region (and the regions above it) and the date their version is in force.
// param ids: list of Article ids (full-text hits) or null for all
// param roles: list of ActorRole ids the article must name one of, or null
// param instruments: list of Mechanism ids the article must name one of, or null
// param region: Region id or null
// param as_of: ISO date or null (every version)
// param limit: most articles returned
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: article (node), version (node), law (node), jurisdiction (Region node), until (date the version stops being in force, or null)
// example: {"ids": null, "roles": ["role-university"], "instruments": null, "region": null, "as_of": "2022-01-01", "limit": 5, "methods": null}
OPTIONAL MATCH (asked:Region {id: $region})
OPTIONAL MATCH (asked)-[:PART_OF*0..4]->(above:Region)
WITH collect(DISTINCT above.id) AS places
MATCH (law:Law)-[:HAS_VERSION]->(version:LawVersion)-[:HAS_ARTICLE]->(article:Article)
WHERE ($ids IS NULL OR article.id IN $ids)
  AND ($methods IS NULL OR article.method IN $methods)
MATCH (law)-[:IN_JURISDICTION]->(jurisdiction:Region)
WHERE $region IS NULL OR jurisdiction.id IN places
OPTIONAL MATCH (next:Entity)-[:SUPERSEDES]->(version)
WHERE next:LawVersion OR next:Policy
WITH article, version, law, jurisdiction, min(coalesce(next.in_force_from, next.effective, next.issued)) AS until
WHERE $as_of IS NULL OR (version.in_force_from <= $as_of AND (until IS NULL OR until > $as_of))
OPTIONAL MATCH (article)-[:NAMES_ROLE]->(role:ActorRole)
WITH article, version, law, jurisdiction, until, collect(role.id) AS named_roles
WHERE $roles IS NULL OR any(r IN named_roles WHERE r IN $roles)
OPTIONAL MATCH (article)-[:USES_MECHANISM]->(instrument:Mechanism)
WITH article, version, law, jurisdiction, until, collect(instrument.id) AS named_instruments
WHERE $instruments IS NULL OR any(i IN named_instruments WHERE i IN $instruments)
RETURN article, version, law, jurisdiction, until
ORDER BY version.in_force_from DESC, law.name, article.number
LIMIT $limit
