"""The runtime modules as rendered before formatting, and the table of their formatted text
that `generator/output/preformatted.json` ships (see `generator/output/preformatted.py`)."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from generator.config import Target
from generator.output import formatting, preformatted
from generator.pipeline import generate_target

ROOT = Path(__file__).resolve().parents[1]
SPECS = (ROOT / "specs" / "scope3_ai.yaml", ROOT / "specs" / "sgp.yaml",
         ROOT / "tests" / "golden" / "feature_security" / "spec.yaml")
"""APIs that differ in what per-API code they have (security schemes, bodies, servers)."""


def rendered_runtime() -> dict[str, str]:
    """Module name -> rendered source, for every module that renders to the same text for each
    of `SPECS` (apart from models.py, which is never the same)."""
    seen: list[dict[str, str]] = []
    for spec in SPECS:
        captured: dict[str, str] = {}

        class Capture(formatting.Formatting):
            into = captured

            def add(self, files: dict[str, str]) -> None:
                self.into.update(files)
                super().add(files)

        with tempfile.TemporaryDirectory() as out, \
                mock.patch("generator.pipeline.Formatting", Capture):
            generate_target(Target(spec=spec, package="pkg", output=Path(out),
                                   formatter="ruff"), root=spec.parent)
        seen.append(captured)
    first = seen[0]
    return {name: text for name, text in sorted(first.items()) if name != "models.py"
            and all(other.get(name) == text for other in seen[1:])}


@contextlib.contextmanager
def without_table() -> Iterator[None]:
    with mock.patch.object(preformatted, "lookup", lambda key: None):
        yield


def fresh_table(sources: dict[str, str]) -> dict[str, Any]:
    """Format cache key -> formatted text of each source, for each formatter, formatted now."""
    table: dict[str, Any] = {}
    with without_table():
        for formatter in formatting.FORMATTERS:
            fingerprint = formatting.formatter_fingerprint(formatter)
            done = formatting.format_files(sources, formatter=formatter, cache=None, workers=1)
            for name, source in sources.items():
                table[formatting._key(fingerprint, source)] = done[name]
    return table
