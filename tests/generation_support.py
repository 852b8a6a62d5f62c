"""Helpers shared by test modules (a uniquely named module: `conftest` names clash)."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.config import Target
from generator.output.emit import write_package
from generator.pipeline import generate_target

ROOT = Path(__file__).resolve().parents[1]


def generate_into(spec: Path, output: Path, *, package: str, templates: Path | None = None,
                  root: Path = ROOT) -> Path:
    """Generate one spec into `output/package` and return that folder."""
    target = Target(spec=spec, package=package, output=output, templates=templates)
    result = generate_target(target, root=root)
    write_package(result.package, target.directory)
    return target.directory


@contextmanager
def imported_package(spec: dict[str, Any], output: Path, *, package: str) -> Iterator[ModuleType]:
    """Write `spec` (JSON data) into `output`, generate `package` there and import it for the
    duration of the block."""
    path = output / f"{package}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    generate_into(path, output, package=package)
    sys.path.insert(0, str(output))
    importlib.invalidate_caches()
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(output))
