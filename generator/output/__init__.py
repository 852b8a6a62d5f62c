"""Stage 6, the output: formatting, the manifest and atomic write or --check, the run cache."""
