// name: all_nodes
// summary: Every entity node (for whole-graph exports and analytics).
// returns: node
// example: {}
MATCH (node:Entity)
RETURN node
ORDER BY node.id
