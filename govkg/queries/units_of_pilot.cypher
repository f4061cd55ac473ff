// name: units_of_pilot
// summary: Units (institutions, regions, programmes, projects) a pilot or programme covers, with role, batch, since and open_list; with inherited, also the units below them through PART_OF (each with the chain that makes it covered); the pilot is named by its id, name, English name or alias, resolved in the same query (one round trip).
// param key: normalised id, name, English name or alias of the pilot or programme (NFKC, lower case, without 《》), as govkg stores in lookup_keys
// param as_of: ISO date (YYYY-MM-DD) or null; only coverage and hierarchy in force that day
// param inherited: true to add the units covered through PART_OF
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// param roles: list of participation roles to include (govkg:ParticipationRoleScheme: pilot_unit, co_funding_partner …) or null for all
// returns: pilot (node: each entity the key names; one row with the rest null when it covers nothing), unit (node), coverage (COVERS relation), covered (the unit the pilot covers), chain (ids from the unit up to the covered unit), links (the PART_OF relations of the chain)
// example: {"key": "pilot-basic-research-zone", "as_of": null, "inherited": false, "methods": null, "roles": null}
MATCH (pilot:Entity)
WHERE $key IN pilot.lookup_keys
// WITH keeps FalkorDB's planner starting at the lookup_keys index (else: a label scan)
WITH pilot
OPTIONAL MATCH (pilot)-[coverage:COVERS]->(covered:Entity)
WHERE ($methods IS NULL OR (coverage.method IN $methods AND covered.method IN $methods))
  AND ($roles IS NULL OR coverage.role IN $roles)
  AND ($as_of IS NULL OR (
        (coverage.since IS NULL OR coverage.since <= left($as_of, size(coverage.since)))
    AND (coverage.until IS NULL OR coverage.until >= left($as_of, size(coverage.until)))))
// two OPTIONAL MATCHes, not one of both patterns: FalkorDB ran that one slower (13.4 vs
// 11.4 ms at 100 k relations); the chain of length 0 always matches a kept coverage, so a unit is
// null only where the coverage is
WITH pilot, coverage, covered
OPTIONAL MATCH chain = (unit:Entity)-[:PART_OF*0..6]->(covered)
WHERE ($inherited OR length(chain) = 0)
  AND ($methods IS NULL OR (unit.method IN $methods
       AND all(link IN relationships(chain) WHERE link.method IN $methods)))
  AND ($as_of IS NULL OR all(link IN relationships(chain) WHERE
        (link.since IS NULL OR link.since <= left($as_of, size(link.since)))
    AND (link.until IS NULL OR link.until >= left($as_of, size(link.until)))))
RETURN pilot, unit, coverage, covered, [n IN nodes(chain) | n.id] AS chain,
       relationships(chain) AS links
ORDER BY pilot.id, size(chain), coalesce(coverage.batch, 0), unit.name
