// name: institutions_bound_by_policy
// summary: Institutions a policy applies to: directly, as parts of a body it applies to, as located in a region it applies to, or as units covered by a pilot or programme it applies to.
// param policy_id: id of the policy
// param as_of: ISO date (YYYY-MM-DD) or null; only relations in force that day (since/until, partial dates)
// returns: institution (node), target (what the policy applies to), via (ids from the institution up to the target), applies (the APPLIES_TO relation)
// example: {"policy_id": "pol-sh-sci-centre-regulation", "as_of": null}
//
// PART_OF and LOCATED_IN chains are followed up to 6 links; through a pilot or programme the
// institution (or a body it is part of) must be one the pilot COVERS.
MATCH (policy:Policy {id: $policy_id})-[applies:APPLIES_TO]->(target:Entity)
OPTIONAL MATCH (target)-[cover:COVERS]->(unit:Entity)
WITH applies, target, CASE WHEN target:Pilot OR target:Programme THEN unit ELSE target END AS reached,
     CASE WHEN target:Pilot OR target:Programme THEN cover ELSE null END AS cover
WHERE reached IS NOT NULL
  AND ($as_of IS NULL OR (
        (applies.since IS NULL OR applies.since <= left($as_of, size(applies.since)))
    AND (applies.until IS NULL OR applies.until >= left($as_of, size(applies.until)))
    AND (cover IS NULL OR (
          (cover.since IS NULL OR cover.since <= left($as_of, size(cover.since)))
      AND (cover.until IS NULL OR cover.until >= left($as_of, size(cover.until)))))))
MATCH chain = (institution:Institution)-[:PART_OF|LOCATED_IN*0..6]->(reached)
WHERE $as_of IS NULL OR all(link IN relationships(chain) WHERE
        (link.since IS NULL OR link.since <= left($as_of, size(link.since)))
    AND (link.until IS NULL OR link.until >= left($as_of, size(link.until))))
WITH institution, target, applies, [n IN nodes(chain) | n.id] + CASE WHEN reached = target THEN [] ELSE [target.id] END AS via
ORDER BY size(via)
WITH institution, collect({target: target, via: via, applies: applies})[0] AS best
RETURN institution, best.target AS target, best.via AS via, best.applies AS applies
ORDER BY size(via), institution.name
