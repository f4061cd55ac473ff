// name: figures_of_entity
// summary: The figures the text states about an entity, its own and those of the rounds that use it (a mechanism's figures are counts of a round of it, such as Shanghai's 2021 round of 揭榜挂帅), each with the event it counts, its year, the event's region and funder, its unit and the quoted sentence.
// param id: entity id
// param methods: list of methods to include (curated, extracted, background, cited, inferred, imported) or null for all
// returns: figure (node), relation (HAS_FIGURE, with provenance), event (the entity the figure counts: the entity itself or one of its rounds), year (the figure's year, else the event's), located (LOCATED_IN relations of the event), regions (their Region nodes), funded (FUNDED_BY relations of the event), funders (their nodes)
// example: {"id": "mech-jiebang-guashuai", "methods": null}
MATCH (entity:Entity {id: $id})
OPTIONAL MATCH (round:Round)-[uses:USES_MECHANISM]->(entity)
WHERE $methods IS NULL OR (uses.method IN $methods AND round.method IN $methods)
WITH entity, collect(round) AS rounds
UNWIND [entity] + rounds AS event
MATCH (event)-[relation:HAS_FIGURE]->(figure:Figure)
WHERE $methods IS NULL OR (relation.method IN $methods AND figure.method IN $methods)
OPTIONAL MATCH (event)-[place:LOCATED_IN]->(region:Region)
WHERE $methods IS NULL OR (place.method IN $methods AND region.method IN $methods)
WITH figure, relation, event, collect(place) AS located, collect(region) AS regions
OPTIONAL MATCH (event)-[funding:FUNDED_BY]->(funder:Entity)
WHERE $methods IS NULL OR (funding.method IN $methods AND funder.method IN $methods)
RETURN figure, relation, event, coalesce(figure.year, event.year) AS year, located, regions,
       collect(funding) AS funded, collect(funder) AS funders
ORDER BY event.id, figure.measure, figure.id
