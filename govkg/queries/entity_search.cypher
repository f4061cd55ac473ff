// name: entity_search
// summary: Entities whose id, name, English name or an alias contains the text, optionally of one type.
// param q: normalised search text (NFKC, lower case)
// param type: class label (Policy, Institution, Mechanism, Pilot, Programme, Region, Figure, Source) or null
// param limit: maximum number of entities
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: entity (node)
// example: {"q": "研究所", "type": "Institution", "limit": 20, "methods": null}
MATCH (entity:Entity)
WHERE ($type IS NULL OR $type IN labels(entity))
  AND ($methods IS NULL OR entity.method IN $methods)
  AND any(k IN entity.lookup_keys WHERE k CONTAINS $q)
RETURN entity
ORDER BY size(entity.name), entity.id
LIMIT $limit
