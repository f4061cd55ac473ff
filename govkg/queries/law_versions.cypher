// name: law_versions
// summary: A law's versions in date order (its texts, and a revision known only from another source: a Policy, in force from its effective or issue date), each with the date it stops being in force, and every event of its header (kind, date, body, session) in order.
// param law_id: id of the Law
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: version (node), until (date the next version starts, or null), event (LegislativeEvent node or null), body (Institution node or null)
// example: {"law_id": "law-57c74a0f20", "methods": null}
MATCH (law:Law {id: $law_id})-[has:HAS_VERSION]->(version:Entity)
WHERE (version:LawVersion OR version:Policy)
  AND ($methods IS NULL OR (has.method IN $methods AND version.method IN $methods))
OPTIONAL MATCH (next:Entity)-[supersedes:SUPERSEDES]->(version)
WHERE (next:LawVersion OR next:Policy)
  AND ($methods IS NULL OR (supersedes.method IN $methods AND next.method IN $methods))
WITH version, min(coalesce(next.in_force_from, next.effective, next.issued)) AS until
OPTIONAL MATCH (version)-[:HAS_EVENT]->(event:LegislativeEvent)
OPTIONAL MATCH (event)-[:DECIDED_BY]->(body:Institution)
RETURN version, until, event, body
ORDER BY coalesce(version.in_force_from, version.effective, version.issued), version.version_date, event.date, event.id
