// name: law_cited_by_step
// summary: One step of what cites a law: the law versions whose articles name it as legal basis, cite it or repeal it, with the article and the kind of link, and the cited law's version in force when the citing version started.
// param laws: list of Law (or Policy) ids
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: cited (node), law (citing Law), version (citing LawVersion), article (node), link (LEGAL_BASIS, CITES or REPEALS relation), cited_version (LawVersion of the cited law in force at the citing version's start, or null)
// example: {"laws": ["law-58e80bf8d3"], "methods": null}
UNWIND $laws AS cited_id
MATCH (cited:Entity {id: cited_id})<-[link:LEGAL_BASIS|CITES|REPEALS]-(article:Article)
WHERE $methods IS NULL OR link.method IN $methods
MATCH (law:Law)-[:HAS_VERSION]->(version:LawVersion)-[:HAS_ARTICLE]->(article)
OPTIONAL MATCH (cited)-[:HAS_VERSION]->(candidate:LawVersion)
WHERE candidate.in_force_from <= version.in_force_from
OPTIONAL MATCH (after:Entity)-[:SUPERSEDES]->(candidate)
WHERE after:LawVersion OR after:Policy
WITH cited, law, version, article, link, candidate, min(coalesce(after.in_force_from, after.effective, after.issued)) AS until
WHERE candidate IS NULL OR until IS NULL OR until > version.in_force_from
RETURN cited, law, version, article, link, candidate AS cited_version
ORDER BY version.in_force_from, law.name, article.number
