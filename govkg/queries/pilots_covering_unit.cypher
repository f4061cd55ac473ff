// name: pilots_covering_unit
// summary: Pilots and programmes that cover a unit, directly or inherited through PART_OF; the unit is named by its id, name, English name or alias, resolved in the same query (one round trip).
// param key: normalised id, name, English name or alias of the unit (NFKC, lower case, without 《》), as govkg stores in lookup_keys
// param as_of: ISO date (YYYY-MM-DD) or null; only coverage and hierarchy in force that day
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// param roles: list of participation roles to include (govkg:ParticipationRoleScheme: pilot_unit, co_funding_partner …) or null for all
// returns: unit (node: each entity the key names; one row with the rest null when nothing covers it), pilot (node), coverage (COVERS relation), covered (the unit the pilot covers), chain (ids from the unit up to the covered unit), links (the PART_OF relations of the chain)
// example: {"key": "inst-fudan", "as_of": null, "methods": null, "roles": null}
MATCH (unit:Entity)
WHERE $key IN unit.lookup_keys
// WITH keeps FalkorDB's planner starting at the lookup_keys index (else: a label scan)
WITH unit
OPTIONAL MATCH chain = (unit)-[:PART_OF*0..6]->(covered:Entity),
      (pilot:Entity)-[coverage:COVERS]->(covered)
WHERE (pilot:Pilot OR pilot:Programme)
  AND ($roles IS NULL OR coverage.role IN $roles)
  AND ($methods IS NULL OR (coverage.method IN $methods AND pilot.method IN $methods
       AND all(link IN relationships(chain) WHERE link.method IN $methods)))
  AND ($as_of IS NULL OR (
        (coverage.since IS NULL OR coverage.since <= left($as_of, size(coverage.since)))
    AND (coverage.until IS NULL OR coverage.until >= left($as_of, size(coverage.until)))
    AND all(link IN relationships(chain) WHERE
            (link.since IS NULL OR link.since <= left($as_of, size(link.since)))
        AND (link.until IS NULL OR link.until >= left($as_of, size(link.until))))))
RETURN unit, pilot, coverage, covered, [n IN nodes(chain) | n.id] AS chain,
       relationships(chain) AS links
ORDER BY unit.id, size(chain), pilot.name
