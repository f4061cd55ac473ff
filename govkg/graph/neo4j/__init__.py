"""Neo4j 5 behind the GraphStore protocol, through the official `neo4j` driver.

May import: graph (base, statements, schema), ontology, records, errors, settings.
"""
