"""Stage 1, load: strict YAML with positions (files, events -> values, the cause of a syntax error)."""
