// name: units_of_pilot
// summary: Units (institutions, regions) a pilot or programme covers, with role, batch and since.
// param pilot_id: id of the pilot or programme
// param as_of: ISO date (YYYY-MM-DD) or null; only coverage in force that day
// returns: unit (node), coverage (COVERS relation)
// example: {"pilot_id": "pilot-basic-research-zone", "as_of": null}
MATCH (pilot:Entity {id: $pilot_id})-[coverage:COVERS]->(unit:Entity)
WHERE $as_of IS NULL OR (
        (coverage.since IS NULL OR coverage.since <= left($as_of, size(coverage.since)))
    AND (coverage.until IS NULL OR coverage.until >= left($as_of, size(coverage.until))))
RETURN unit, coverage
ORDER BY coalesce(coverage.batch, 0), unit.name
