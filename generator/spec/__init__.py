"""Stage 1, the spec: load (with its line map), bundle relative `$ref`s, repair, check, validate."""
