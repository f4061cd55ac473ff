"""Networks for analysis and pictures: networkx conversion, analytics, GEXF/GraphML, drawing.

Everything here takes a networkx graph (or store values to convert into one), never the
service. May import: graph (its plain values), ontology, records, errors.
"""
