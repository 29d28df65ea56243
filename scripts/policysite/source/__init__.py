"""Reading the source: strict YAML with every value kept as typed and located; earlier versions."""
