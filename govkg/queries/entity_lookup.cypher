// name: entity_lookup
// summary: Entities whose id, Chinese name, English name or alias is exactly the key.
// param key: normalised key (NFKC, lower case, without 《》), as govkg stores in lookup_keys
// returns: entity (node)
// example: {"key": "中科院上海分院"}
MATCH (entity:Entity)
WHERE $key IN entity.lookup_keys
RETURN entity
ORDER BY entity.id
