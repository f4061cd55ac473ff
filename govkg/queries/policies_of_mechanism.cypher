// name: policies_of_mechanism
// summary: Policies that establish or use a mechanism (揭榜挂帅, 包干制, …), with how and the quoted sentence.
// param mechanism_id: id of the mechanism
// returns: policy (node), how (ESTABLISHES or USES_MECHANISM), relation (with provenance)
// example: {"mechanism_id": "mech-st-credit-review"}
MATCH (policy:Policy)-[relation:ESTABLISHES|USES_MECHANISM]->(mechanism:Mechanism {id: $mechanism_id})
RETURN policy, type(relation) AS how, relation
ORDER BY coalesce(policy.issued, policy.effective, '9999'), policy.id, how
