"""Stage 3, the models: the datamodel-code-generator adapter and the fixes of its output."""
