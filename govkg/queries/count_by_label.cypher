// name: count_by_label
// summary: Number of nodes per class label (of the methods asked).
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: label, count
// example: {"methods": null}
MATCH (n:Entity)
WHERE $methods IS NULL OR n.method IN $methods
UNWIND labels(n) AS label
WITH label, count(*) AS count
WHERE label <> 'Entity'
RETURN label, count
ORDER BY label
