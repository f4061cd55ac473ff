// name: entity_names
// summary: Id, type, names and aliases of every entity except figures and sources (for suggestions).
// returns: id, labels, name, name_en, aliases
// example: {}
MATCH (entity:Entity)
WHERE NOT entity:Figure AND NOT entity:Source
RETURN entity.id AS id, labels(entity) AS labels, entity.name AS name,
       entity.name_en AS name_en, entity.aliases AS aliases
ORDER BY id
