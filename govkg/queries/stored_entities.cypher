// name: stored_entities
// summary: The entities of the graph with these ids, as stored; a load merges a second source's statement of an entity into the stored one (docs/data-format.md, "One entity, several sources").
// param ids: list of entity ids
// returns: entity (node)
// example: {"ids": ["inst-fudan", "reg-shanghai"]}
UNWIND $ids AS key
MATCH (entity:Entity {id: key})
RETURN entity
ORDER BY entity.id
