"""Helpers shared by test modules (a uniquely named module: `conftest` names clash)."""

from __future__ import annotations

from pathlib import Path

from generator.config import Target
from generator.emit import write_package
from generator.pipeline import generate_target

ROOT = Path(__file__).resolve().parents[1]


def generate_into(spec: Path, output: Path, *, package: str, templates: Path | None = None,
                  root: Path = ROOT) -> Path:
    """Generate one spec into `output/package` and return that folder."""
    target = Target(spec=spec, package=package, output=output, templates=templates)
    result = generate_target(target, root=root)
    write_package(result.package, target.directory)
    return target.directory
