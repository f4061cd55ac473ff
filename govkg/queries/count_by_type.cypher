// name: count_by_type
// summary: Number of relations per relation type (of the methods asked, between entities of those methods).
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: type, count
// example: {"methods": null}
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $methods IS NULL OR (r.method IN $methods AND a.method IN $methods
                          AND b.method IN $methods)
RETURN type(r) AS type, count(*) AS count
ORDER BY type
