// name: laws_in_force
// summary: Law versions (and revisions known from another source, a Policy from its effective or issue date) in force on a date (all versions when null), in a region and the regions above it (a city's laws with its province's and the national ones), of a level, with a title containing a text; each with the date it stops being in force.
// param as_of: ISO date (YYYY, YYYY-MM or YYYY-MM-DD; a partial date means its first day) or null for every version
// param region: Region id or null for every region
// param level: level of legal force (法律, 行政法规, 地方性法规, …) or null
// param q: normalised title text (NFKC, lower case) or null
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: law (node), version (node), jurisdiction (Region node), until (date the next version starts, or null)
// example: {"as_of": "2015-01-01", "region": "reg-shanghai", "level": null, "q": null, "methods": null}
OPTIONAL MATCH (asked:Region {id: $region})
OPTIONAL MATCH (asked)-[:PART_OF*0..4]->(above:Region)
WITH collect(DISTINCT above.id) AS places
MATCH (law:Law)-[:HAS_VERSION]->(version:Entity)
WHERE (version:LawVersion OR (version:Policy
       AND NOT coalesce(version.status, '') IN ['drafting', 'drafted', 'draft']))
  AND ($level IS NULL OR law.level = $level)
  AND ($methods IS NULL OR version.method IN $methods)
  AND ($q IS NULL OR any(key IN law.lookup_keys WHERE key CONTAINS $q))
MATCH (law)-[:IN_JURISDICTION]->(jurisdiction:Region)
WHERE $region IS NULL OR jurisdiction.id IN places
OPTIONAL MATCH (next:Entity)-[:SUPERSEDES]->(version)
WHERE next:LawVersion OR next:Policy
WITH law, version, jurisdiction, min(coalesce(next.in_force_from, next.effective, next.issued)) AS until
WITH law, version, jurisdiction, until,
     coalesce(version.in_force_from, version.effective, version.issued) AS start
WHERE $as_of IS NULL OR (start <= $as_of AND (until IS NULL OR until > $as_of))
RETURN law, version, jurisdiction, until
ORDER BY start, law.name
