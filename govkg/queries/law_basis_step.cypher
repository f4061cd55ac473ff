// name: law_basis_step
// summary: One step of a law's legal basis: the laws its versions' articles say they are made according to (根据《…》), each with the citing version and article and the cited law's version in force when the citing version started.
// param laws: list of Law ids
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: law (citing Law), version (citing LawVersion), article (node), link (LEGAL_BASIS relation), cited (Law or Policy node), cited_version (LawVersion in force at the citing version's start, or null)
// example: {"laws": ["law-57c74a0f20"], "methods": null}
UNWIND $laws AS law_id
MATCH (law:Law {id: law_id})-[:HAS_VERSION]->(version:LawVersion)-[:HAS_ARTICLE]->(article:Article)
MATCH (article)-[link:LEGAL_BASIS]->(cited:Entity)
WHERE $methods IS NULL OR (link.method IN $methods AND cited.method IN $methods)
OPTIONAL MATCH (cited)-[:HAS_VERSION]->(candidate:LawVersion)
WHERE candidate.in_force_from <= version.in_force_from
OPTIONAL MATCH (after:Entity)-[:SUPERSEDES]->(candidate)
WHERE after:LawVersion OR after:Policy
WITH law, version, article, link, cited, candidate, min(coalesce(after.in_force_from, after.effective, after.issued)) AS until
WHERE candidate IS NULL OR until IS NULL OR until > version.in_force_from
RETURN law, version, article, link, cited, candidate AS cited_version
ORDER BY law.id, version.in_force_from, article.number
