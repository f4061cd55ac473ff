// name: figures_of_entity
// summary: The figures the text states about an entity (counts, amounts, shares), with unit and the quoted sentence.
// param id: entity id
// returns: figure (node), relation (HAS_FIGURE, with provenance)
// example: {"id": "mech-jiebang-guashuai"}
MATCH (entity:Entity {id: $id})-[relation:HAS_FIGURE]->(figure:Figure)
RETURN figure, relation
ORDER BY figure.measure, figure.id
