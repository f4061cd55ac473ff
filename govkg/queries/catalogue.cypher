// name: catalogue
// summary: Every policy and law (the work, not its versions) with what the faceted list view counts: regions, the dates its versions were made, the instruments and actor roles it names (a law through the articles of its versions).
// param types: class labels to list, e.g. ["Law", "Policy"]
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: document (node), regions (list of [id, name]: the law's jurisdiction or the regions a policy applies to), made (version_date of each law version), instruments (list of [id, name] of mechanisms), roles (list of [id, name] of actor roles)
// example: {"types": ["Law", "Policy"], "methods": null}
//
// One row per document; each OPTIONAL MATCH is collected before the next, so the rows never
// multiply (a law with 80 articles naming 30 roles stays one row). A null match is kept out
// of the lists by CASE (collect skips nulls, not a list of nulls).
MATCH (doc:Entity)
WHERE any(label IN labels(doc) WHERE label IN $types)
  AND ($methods IS NULL OR doc.method IN $methods)
OPTIONAL MATCH (doc)-[placed:IN_JURISDICTION|APPLIES_TO]->(region:Region)
WHERE $methods IS NULL OR (placed.method IN $methods AND region.method IN $methods)
WITH doc, collect(DISTINCT CASE WHEN region IS NULL THEN null
                           ELSE [region.id, region.name] END) AS regions
OPTIONAL MATCH (doc)-[has:HAS_VERSION]->(version:LawVersion)
WHERE $methods IS NULL OR (has.method IN $methods AND version.method IN $methods)
WITH doc, regions, collect(version.version_date) AS made
OPTIONAL MATCH (doc)-[uses:USES_MECHANISM|ESTABLISHES]->(own:Mechanism)
WHERE $methods IS NULL OR (uses.method IN $methods AND own.method IN $methods)
WITH doc, regions, made, collect(DISTINCT CASE WHEN own IS NULL THEN null
                                         ELSE [own.id, own.name] END) AS own_instruments
OPTIONAL MATCH (doc)-[:HAS_VERSION]->(:LawVersion)-[:HAS_ARTICLE]->(:Article)
               -[names:USES_MECHANISM]->(named:Mechanism)
WHERE $methods IS NULL OR (names.method IN $methods AND named.method IN $methods)
WITH doc, regions, made, own_instruments,
     collect(DISTINCT CASE WHEN named IS NULL THEN null
                      ELSE [named.id, named.name] END) AS article_instruments
WITH doc, regions, made, own_instruments + article_instruments AS instruments
OPTIONAL MATCH (doc)-[:HAS_VERSION]->(:LawVersion)-[:HAS_ARTICLE]->(:Article)
               -[addresses:NAMES_ROLE]->(role:ActorRole)
WHERE $methods IS NULL OR (addresses.method IN $methods AND role.method IN $methods)
WITH doc, regions, made, instruments,
     collect(DISTINCT CASE WHEN role IS NULL THEN null ELSE [role.id, role.name] END) AS roles
RETURN doc AS document, regions, made, instruments, roles
ORDER BY doc.name, doc.id
