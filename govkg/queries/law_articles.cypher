// name: law_articles
// summary: The articles of law versions, in order, with chapter and exact text.
// param versions: list of LawVersion ids
// returns: version (id), article (node)
// example: {"versions": ["law-57c74a0f20-20100917", "law-57c74a0f20-20240510"]}
UNWIND $versions AS version_id
MATCH (version:LawVersion {id: version_id})-[:HAS_ARTICLE]->(article:Article)
RETURN version.id AS version, article
ORDER BY version, article.number, article.id
