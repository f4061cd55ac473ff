// name: all_relationships
// summary: Every relation between entities (for whole-graph exports and analytics).
// returns: relationship
// example: {}
MATCH (a:Entity)-[relationship]->(b:Entity)
RETURN relationship
ORDER BY a.id, type(relationship), b.id
