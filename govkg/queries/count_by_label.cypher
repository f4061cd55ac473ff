// name: count_by_label
// summary: Number of nodes per class label.
// returns: label, count
// example: {}
MATCH (n:Entity)
UNWIND labels(n) AS label
WITH label, count(*) AS count
WHERE label <> 'Entity'
RETURN label, count
ORDER BY label
