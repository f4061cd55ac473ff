// name: policy_timeline
// summary: Policies and law versions in date order within a date range; a date known only to the month or year sorts before the days of that month or year.
// param from: first date of the range (YYYY, YYYY-MM or YYYY-MM-DD) or null for no lower bound
// param to: last date of the range (YYYY, YYYY-MM or YYYY-MM-DD) or null for no upper bound
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: policy (Policy or LawVersion node), date (issued, else a law version's date, else effective), date_kind ("issued", "version" or "effective"), issued (ISSUED_BY relations, with their methods), issuers (Institution nodes, in the same order)
// example: {"from": "2021-01-01", "to": "2021-12-31", "methods": null}
//
// A partial date stands for its whole month or year and counts when that period meets the
// range: "2021-09" is in a range from 2021-09-15. Policies without any date are left out.
MATCH (policy:Entity)
WHERE (policy:Policy OR policy:LawVersion)
  AND ($methods IS NULL OR policy.method IN $methods)
WITH policy, coalesce(policy.issued, policy.version_date, policy.effective) AS date,
     CASE WHEN policy.issued IS NOT NULL THEN 'issued'
          WHEN policy.version_date IS NOT NULL THEN 'version'
          ELSE 'effective' END AS date_kind
WHERE date IS NOT NULL
  AND ($from IS NULL OR left(date, CASE WHEN size(date) < size($from) THEN size(date) ELSE size($from) END)
                        >= left($from, CASE WHEN size(date) < size($from) THEN size(date) ELSE size($from) END))
  AND ($to IS NULL OR left(date, CASE WHEN size(date) < size($to) THEN size(date) ELSE size($to) END)
                      <= left($to, CASE WHEN size(date) < size($to) THEN size(date) ELSE size($to) END))
OPTIONAL MATCH (policy)-[issued:ISSUED_BY]->(issuer:Institution)
WHERE $methods IS NULL OR (issued.method IN $methods AND issuer.method IN $methods)
WITH policy, date, date_kind, issued, issuer
ORDER BY issuer.name
RETURN policy, date, date_kind, collect(issued) AS issued, collect(issuer) AS issuers
ORDER BY date, policy.id
