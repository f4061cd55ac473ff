// name: paths_between
// summary: How two entities are connected: simple paths of at most max_len relations (either direction), shortest first.
// param from_id: id of the first entity
// param to_id: id of the second entity
// param max_len: longest path, 1 to 6 (the API caps it further with GOVKG_MAX_PATH_LEN)
// param types: relation types a path may use, e.g. ["COVERS", "CO_FUNDS", "LOCATED_IN", "PART_OF"]
// param as_of: ISO date (YYYY-MM-DD) or null; only relations in force that day (since/until, partial dates) between entities in force that day (policies and law versions: see neighbourhood)
// param limit: most paths to return
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: path, length
// example: {"from_id": "inst-united-imaging", "to_id": "inst-stcsm", "max_len": 4, "types": ["CO_FUNDS", "COVERS", "LOCATED_IN", "PART_OF"], "as_of": null, "limit": 10, "methods": null}
//
// A bounded variable-length match (no shortestPath, whose placement differs between engines);
// a path never visits a node twice.
// policies and law versions not in force on $as_of (none when it is null): not yet in force
// (from the effective date, else the issue date; undated ones too), drafts, and those
// superseded by one that has started
OPTIONAL MATCH (old:Entity)<-[:SUPERSEDES]-(newer:Entity)
WHERE $as_of IS NOT NULL AND (old:Policy OR old:LawVersion)
  AND coalesce(newer.in_force_from, newer.effective, newer.issued) IS NOT NULL
  AND coalesce(newer.in_force_from, newer.effective, newer.issued)
      <= left($as_of, size(coalesce(newer.in_force_from, newer.effective, newer.issued)))
WITH collect(DISTINCT old.id) AS ended
OPTIONAL MATCH (doc:Policy)
WHERE $as_of IS NOT NULL AND (coalesce(doc.status, '') IN ['drafting', 'drafted', 'draft']
  OR coalesce(doc.effective, doc.issued) IS NULL
  OR coalesce(doc.effective, doc.issued) > left($as_of, size(coalesce(doc.effective, doc.issued))))
WITH ended, collect(DISTINCT doc.id) AS unstarted
WITH ended + unstarted AS closed
OPTIONAL MATCH (version:LawVersion)
WHERE $as_of IS NOT NULL AND (version.in_force_from IS NULL
  OR version.in_force_from > left($as_of, size(version.in_force_from)))
WITH closed, collect(DISTINCT version.id) AS versions
WITH closed + versions AS out_of_force
MATCH (a:Entity {id: $from_id})
MATCH (b:Entity {id: $to_id})
MATCH path = (a)-[*1..6]-(b)
WHERE length(path) <= $max_len
  AND all(r IN relationships(path) WHERE type(r) IN $types
        AND ($as_of IS NULL OR (
              (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
          AND (r.until IS NULL OR r.until >= left($as_of, size(r.until))))))
  AND all(n IN nodes(path) WHERE single(m IN nodes(path) WHERE m = n))
  AND none(n IN nodes(path) WHERE n.id IN out_of_force)
  AND ($methods IS NULL OR (all(r IN relationships(path) WHERE r.method IN $methods)
                            AND all(n IN nodes(path) WHERE n.method IN $methods)))
RETURN path, length(path) AS length
ORDER BY length, [n IN nodes(path) | n.id]
LIMIT $limit
