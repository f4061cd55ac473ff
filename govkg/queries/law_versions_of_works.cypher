// name: law_versions_of_works
// summary: The versions the graph holds of the given laws, with the dates that order them (used when a load adds versions, to chain them with those already loaded).
// param works: list of Law ids
// returns: work (id), version (id), in_force_from, version_date
// example: {"works": ["law-57c74a0f20"]}
UNWIND $works AS work_id
MATCH (work:Law {id: work_id})-[:HAS_VERSION]->(version:LawVersion)
RETURN work.id AS work, version.id AS version, version.in_force_from AS in_force_from,
       version.version_date AS version_date
ORDER BY work, in_force_from, version_date
