"""Shared fixtures: the seed packages generated fresh (from the current generator) into a temp
folder that is put on sys.path, so tests exercise today's code, not yesterday's goldens."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import load_targets
from generator.output.emit import write_package
from generator.pipeline import generate_target

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's apigen cache (child processes inherit this)."""
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path_factory.mktemp("apigen-cache")))


@pytest.fixture(scope="session")
def seed_packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Folder holding freshly generated `scope3_ai` and `sgp`, importable for the session."""
    out = tmp_path_factory.mktemp("seed_packages")
    for target in load_targets(ROOT):
        result = generate_target(target, root=ROOT)
        write_package(result.package, out / target.package)
    sys.path.insert(0, str(out))
    try:
        yield out
    finally:
        sys.path.remove(str(out))
