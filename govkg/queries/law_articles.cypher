// name: law_articles
// summary: The articles of law versions, in order, with chapter and exact text.
// param versions: list of LawVersion ids
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: version (id), article (node)
// example: {"versions": ["law-57c74a0f20-20100917", "law-57c74a0f20-20240510"], "methods": null}
UNWIND $versions AS version_id
MATCH (version:LawVersion {id: version_id})-[:HAS_ARTICLE]->(article:Article)
WHERE $methods IS NULL OR article.method IN $methods
RETURN version.id AS version, article
ORDER BY version, article.number, article.id
