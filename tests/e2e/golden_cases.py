"""Import a golden case's generated package (`tests/golden/<case>/expected/<case>/`) for wire tests.

The golden test proves each expected tree is exactly today's generator output, so testing the
committed tree tests the generator; importing it needs no apigen code at all, as a vendored copy.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def golden_package(case: str) -> ModuleType:
    """The package of golden case `case`, imported (its `expected/` folder goes on sys.path)."""
    folder = str(GOLDEN / case / "expected")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(case)
