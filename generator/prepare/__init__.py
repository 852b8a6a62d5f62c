"""Stage 2, spec -> spec rewrites before the models: inline schemas get names, read/write shapes."""
