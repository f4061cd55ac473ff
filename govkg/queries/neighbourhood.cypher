// name: neighbourhood
// summary: The entities within `depth` hops of an entity (either direction) and the relations among them, level by level.
// param focus_id: id of the entity at the centre
// param depth: hops to walk, 1 to 4 (the API caps it further with GOVKG_MAX_DEPTH)
// param types: relation types to walk and return, e.g. ["COVERS", "PART_OF"]
// param as_of: ISO date (YYYY-MM-DD) or null; only relations in force that day (since/until, partial dates)
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: node, distance (hops from the focus), relations (relations from this node to others in the neighbourhood)
// example: {"focus_id": "mech-jiebang-guashuai", "depth": 1, "types": ["ESTABLISHES", "USES_MECHANISM", "HAS_FIGURE"], "as_of": null, "methods": null}
//
// A breadth-first walk written out level by level: each level expands only the new
// frontier, so the cost grows with the neighbourhood, not with the number of paths
// (a variable-length match would enumerate every path). Portable openCypher.
MATCH (focus:Entity {id: $focus_id})
WITH [[focus]] AS levels, [focus.id] AS seen
// level 1
UNWIND CASE WHEN $depth >= 1 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH levels, seen, collect(DISTINCT b) AS found
WITH levels + [found] AS levels, seen + [n IN found | n.id] AS seen
// level 2
UNWIND CASE WHEN $depth >= 2 AND size(levels[-1]) > 0 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH levels, seen, collect(DISTINCT b) AS found
WITH levels + [found] AS levels, seen + [n IN found | n.id] AS seen
// level 3
UNWIND CASE WHEN $depth >= 3 AND size(levels[-1]) > 0 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH levels, seen, collect(DISTINCT b) AS found
WITH levels + [found] AS levels, seen + [n IN found | n.id] AS seen
// level 4
UNWIND CASE WHEN $depth >= 4 AND size(levels[-1]) > 0 THEN levels[-1] ELSE [null] END AS a
OPTIONAL MATCH (a)-[r]-(b:Entity)
WHERE type(r) IN $types AND NOT b.id IN seen
  AND ($methods IS NULL OR (r.method IN $methods AND b.method IN $methods))
  AND ($as_of IS NULL OR (
        (r.since IS NULL OR r.since <= left($as_of, size(r.since)))
    AND (r.until IS NULL OR r.until >= left($as_of, size(r.until)))))
WITH levels, seen, collect(DISTINCT b) AS found
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
