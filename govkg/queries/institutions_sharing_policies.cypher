// name: institutions_sharing_policies
// summary: Co-membership: pairs of institutions tied to the same policy, pilot or programme (applied to, covered, co-funding, issuing), with what they share.
// param institution_id: id of one institution, or null for every pair
// param types: relation types that tie an institution to a policy, pilot or programme, e.g. ["APPLIES_TO", "COVERS", "CO_FUNDS", "ISSUED_BY"]
// param min_shared: least number of shared policies, pilots or programmes
// returns: institution (node), other (node), shared (ids), shared_names, count
// example: {"institution_id": null, "types": ["APPLIES_TO", "COVERS", "CO_FUNDS", "ISSUED_BY"], "min_shared": 1}
MATCH (institution:Institution)-[r1]-(group:Entity)-[r2]-(other:Institution)
WHERE (group:Policy OR group:Pilot OR group:Programme)
  AND type(r1) IN $types AND type(r2) IN $types
  AND institution <> other
  AND (($institution_id IS NULL AND institution.id < other.id) OR institution.id = $institution_id)
WITH institution, other, group
ORDER BY group.id
WITH institution, other, collect(DISTINCT group.id) AS shared, collect(DISTINCT group.name) AS shared_names
WHERE size(shared) >= $min_shared
RETURN institution, other, shared, shared_names, size(shared) AS count
ORDER BY count DESC, institution.id, other.id
