"""Import a golden case's generated package (`tests/golden/<case>/expected/<case>/`) for wire tests.

The golden test proves each expected tree is exactly today's generator output, so testing the
committed tree tests the generator; importing it needs no apigen code at all, as a vendored copy.
The runtime files a case shares with the home case are filled in from there (`assemble`).
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from golden_shared import GOLDEN, assemble

__all__ = ["GOLDEN", "assemble", "golden_package"]


def golden_package(case: str) -> ModuleType:
    """The package of golden case `case`, imported (its `expected/` folder goes on sys.path)."""
    folder = str(assemble(case))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(case)
