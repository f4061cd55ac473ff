// name: pilots_by_batch
// summary: Pilots and programmes with the units they cover, grouped by batch and ordered by date (since).
// param pilot_id: id of one pilot or programme, or null for all
// param as_of: ISO date (YYYY-MM-DD) or null; only coverage in force that day
// returns: pilot (node), batch, since, units (nodes), roles
// example: {"pilot_id": null, "as_of": null}
MATCH (pilot:Entity)-[coverage:COVERS]->(unit:Entity)
WHERE (pilot:Pilot OR pilot:Programme)
  AND ($pilot_id IS NULL OR pilot.id = $pilot_id)
  AND ($as_of IS NULL OR (
        (coverage.since IS NULL OR coverage.since <= left($as_of, size(coverage.since)))
    AND (coverage.until IS NULL OR coverage.until >= left($as_of, size(coverage.until)))))
WITH pilot, coverage.batch AS batch, coverage.since AS since, unit, coverage.role AS role
ORDER BY unit.name
RETURN pilot, batch, since, collect(unit) AS units, collect(DISTINCT role) AS roles
ORDER BY coalesce(since, '9999'), pilot.name, coalesce(batch, 0)
