"""Rule-based extraction of reviewable records from Chinese policy texts.

`run.run_extract` is the whole pipeline over files (read, extract, link to what a graph
already holds, write one YAML file per text and a summary for a directory); the service
layer and through it the CLI and the notebook facade call it. May import: loaders (file
collection, the law parser, the law batch's jurisdiction and body rules), ontology (its
vocabularies and gazetteer), records, errors. It reads a graph only through the `GraphIndex`
and `GraphFacts` it is given.
"""
