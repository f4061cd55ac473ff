// name: entity_relations
// summary: Every relation of an entity, both directions, with the entity at the other end.
// param id: entity id
// returns: type, outgoing (true when the entity is the start), other (node), properties (of the relation)
// example: {"id": "prog-explorer"}
MATCH (entity:Entity {id: $id})-[relation]-(other:Entity)
RETURN type(relation) AS type,
       startNode(relation) = entity AS outgoing,
       other,
       properties(relation) AS properties
ORDER BY type, other.id
