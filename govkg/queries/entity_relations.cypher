// name: entity_relations
// summary: Every relation of an entity, both directions, with the entity at the other end.
// param id: entity id
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: type, outgoing (true when the entity is the start), other (node), properties (of the relation)
// example: {"id": "prog-explorer", "methods": null}
MATCH (entity:Entity {id: $id})-[relation]-(other:Entity)
WHERE $methods IS NULL OR (relation.method IN $methods AND other.method IN $methods)
RETURN type(relation) AS type,
       startNode(relation) = entity AS outgoing,
       other,
       properties(relation) AS properties
ORDER BY type, other.id
