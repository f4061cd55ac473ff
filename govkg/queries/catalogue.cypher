// name: catalogue
// summary: Every policy and law (the work, not its versions) with what the faceted list view counts: regions, the dates its versions were made, the instruments and actor roles it names (a law through the articles of its versions).
// param types: class labels to list, e.g. ["Law", "Policy"]
// returns: document (node), regions (list of [id, name]: the law's jurisdiction or the regions a policy applies to), made (version_date of each law version), instruments (list of [id, name] of mechanisms), roles (list of [id, name] of actor roles)
// example: {"types": ["Law", "Policy"]}
//
// One row per document; each OPTIONAL MATCH is collected before the next, so the rows never
// multiply (a law with 80 articles naming 30 roles stays one row). A null match is kept out
// of the lists by CASE (collect skips nulls, not a list of nulls).
MATCH (doc:Entity)
WHERE any(label IN labels(doc) WHERE label IN $types)
OPTIONAL MATCH (doc)-[:IN_JURISDICTION|APPLIES_TO]->(region:Region)
WITH doc, collect(DISTINCT CASE WHEN region IS NULL THEN null
                           ELSE [region.id, region.name] END) AS regions
OPTIONAL MATCH (doc)-[:HAS_VERSION]->(version:LawVersion)
WITH doc, regions, collect(version.version_date) AS made
OPTIONAL MATCH (doc)-[:USES_MECHANISM|ESTABLISHES]->(own:Mechanism)
WITH doc, regions, made, collect(DISTINCT CASE WHEN own IS NULL THEN null
                                         ELSE [own.id, own.name] END) AS own_instruments
OPTIONAL MATCH (doc)-[:HAS_VERSION]->(:LawVersion)-[:HAS_ARTICLE]->(:Article)
               -[:USES_MECHANISM]->(named:Mechanism)
WITH doc, regions, made, own_instruments,
     collect(DISTINCT CASE WHEN named IS NULL THEN null
                      ELSE [named.id, named.name] END) AS article_instruments
WITH doc, regions, made, own_instruments + article_instruments AS instruments
OPTIONAL MATCH (doc)-[:HAS_VERSION]->(:LawVersion)-[:HAS_ARTICLE]->(:Article)
               -[:NAMES_ROLE]->(role:ActorRole)
WITH doc, regions, made, instruments,
     collect(DISTINCT CASE WHEN role IS NULL THEN null ELSE [role.id, role.name] END) AS roles
RETURN doc AS document, regions, made, instruments, roles
ORDER BY doc.name, doc.id
