// name: neighbourhood
// summary: The entities within `depth` hops of an entity (either direction) and the relations among them, level by level.
// param focus_id: id of the entity at the centre
// param depth: hops to walk, 1 to 4 (the API caps it further with GOVKG_MAX_DEPTH)
// param types: relation types to walk and return, e.g. ["COVERS", "PART_OF"]
// param as_of: ISO date (YYYY-MM-DD) or null; only relations in force that day (since/until, partial dates) between entities in force that day: a policy from its effective date (else its issue date) until the one that supersedes it starts, never a draft; a law version from in_force_from until the next starts
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: node, distance (hops from the focus), relations (relations from this node to others in the neighbourhood)
// example: {"focus_id": "mech-jiebang-guashuai", "depth": 1, "types": ["ESTABLISHES", "USES_MECHANISM", "HAS_FIGURE"], "as_of": null, "methods": null}
//
// A breadth-first walk written out level by level: each level expands only the new
// frontier, so the cost grows with the neighbourhood, not with the number of paths
// (a variable-length match would enumerate every path). Portable openCypher.
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
MATCH (focus:Entity {id: $focus_id})
WITH out_of_force, [[focus]] AS levels, [focus.id] AS seen
// level 1
UNWIND CASE WHEN $depth >= 1 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND NOT a.id IN out_of_force AND NOT b.id IN out_of_force
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH out_of_force, levels, seen, collect(DISTINCT b) AS found
WITH out_of_force, levels + [found] AS levels, seen + [n IN found | n.id] AS seen
// level 2
UNWIND CASE WHEN $depth >= 2 AND size(levels[-1]) > 0 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND NOT a.id IN out_of_force AND NOT b.id IN out_of_force
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH out_of_force, levels, seen, collect(DISTINCT b) AS found
WITH out_of_force, levels + [found] AS levels, seen + [n IN found | n.id] AS seen
// level 3
UNWIND CASE WHEN $depth >= 3 AND size(levels[-1]) > 0 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND NOT a.id IN out_of_force AND NOT b.id IN out_of_force
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH out_of_force, levels, seen, collect(DISTINCT b) AS found
WITH out_of_force, levels + [found] AS levels, seen + [n IN found | n.id] AS seen
// level 4
UNWIND CASE WHEN $depth >= 4 AND size(levels[-1]) > 0 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND NOT a.id IN out_of_force AND NOT b.id IN out_of_force
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH out_of_force, levels, seen, collect(DISTINCT b) AS found
WITH levels + [found] AS levels, seen
// every node with its distance, and the relations among the nodes found
UNWIND range(0, size(levels) - 1) AS distance
UNWIND levels[distance] AS node
WITH node, distance, seen + [n IN levels[-1] | n.id] AS members
OPTIONAL MATCH (node)-[r]->(other:Entity)
WHERE other.id IN members AND type(r) IN $types
  AND ($methods IS NULL OR r.method IN $methods)
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
RETURN node, distance, collect(r) AS relations
ORDER BY distance, node.id
