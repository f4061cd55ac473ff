// name: institutions_bound_by_policy
// summary: Who a policy binds: the institutions its text names as addressees (APPLIES_TO), the units of a pilot or programme it applies to (COVERS), and the actor roles it addresses by description (NAMES_ROLE) — not everything located in its region. A policy binds from its effective date (else its issue date, marked as such) until the policy that supersedes it starts, and never while it is being drafted.
// param policy_id: id of the policy
// param as_of: ISO date (YYYY-MM-DD) or null; only while the policy is in force that day, and only relations in force that day (since/until, partial dates)
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: addressee (Institution or ActorRole node), how ("named", "covered" or "role"), target (what the policy applies to), via (ids from the addressee to the policy's target), applies (the APPLIES_TO or NAMES_ROLE relation), cover (the COVERS relation when through a pilot or programme, else null), in_force_from, in_force_basis ("effective" or "issued"), in_force_until (the start of the policy that supersedes it, or null)
// example: {"policy_id": "pol-sh-little-giant-measures", "as_of": null, "methods": null}
//
// A region a policy applies to is where it holds, not an addressee: institutions located
// there (often a background fact) are not bound by it through that. A policy whose status
// is drafting, drafted or draft binds no one; without an effective or issue date it binds no
// one on a given day (as_of), since the text does not say from when.
MATCH (policy:Policy {id: $policy_id})
OPTIONAL MATCH (successor:Entity)-[:SUPERSEDES]->(policy)
WITH policy, coalesce(policy.effective, policy.issued) AS start,
     CASE WHEN policy.effective IS NOT NULL THEN 'effective'
          WHEN policy.issued IS NOT NULL THEN 'issued' END AS basis,
     min(coalesce(successor.in_force_from, successor.effective, successor.issued)) AS until
WHERE NOT coalesce(policy.status, '') IN ['drafting', 'drafted', 'draft']
  AND ($methods IS NULL OR policy.method IN $methods)
  AND ($as_of IS NULL OR (start IS NOT NULL AND start <= left($as_of, size(start))
       AND (until IS NULL OR left($as_of, size(until)) < until)))
MATCH (policy)-[applies:APPLIES_TO|NAMES_ROLE]->(target:Entity)
WHERE ($methods IS NULL OR (applies.method IN $methods AND target.method IN $methods))
  AND ($as_of IS NULL OR (
        (applies.since IS NULL OR applies.since <= left($as_of, size(applies.since)))
    AND (applies.until IS NULL OR applies.until >= left($as_of, size(applies.until)))))
OPTIONAL MATCH (target)-[cover:COVERS]->(unit:Institution)
WHERE (target:Pilot OR target:Programme)
  AND ($methods IS NULL OR (cover.method IN $methods AND unit.method IN $methods))
  AND ($as_of IS NULL OR (
        (cover.since IS NULL OR cover.since <= left($as_of, size(cover.since)))
    AND (cover.until IS NULL OR cover.until >= left($as_of, size(cover.until)))))
WITH policy, start, basis, until, applies, target, cover,
     CASE WHEN target:Institution OR target:ActorRole THEN target ELSE unit END AS addressee
WHERE addressee IS NOT NULL
RETURN addressee,
       CASE WHEN addressee:ActorRole THEN 'role' WHEN cover IS NULL THEN 'named'
            ELSE 'covered' END AS how,
       target,
       CASE WHEN addressee = target THEN [target.id] ELSE [addressee.id, target.id] END AS via,
       applies, CASE WHEN addressee = target THEN null ELSE cover END AS cover,
       start AS in_force_from, basis AS in_force_basis, until AS in_force_until
ORDER BY how, addressee.name
