// name: count_by_type
// summary: Number of relations per relation type.
// returns: type, count
// example: {}
MATCH (:Entity)-[r]->(:Entity)
RETURN type(r) AS type, count(*) AS count
ORDER BY type
