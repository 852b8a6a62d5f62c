"""generator.output.runcache: the run fingerprint changes with whatever the output depends on."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Target
from generator.output import formatting, runcache


def _fingerprint(tmp_path: Path, formatter: str) -> str:
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.1.0\n", encoding="utf-8")
    target = Target(spec=spec, package="api", output=tmp_path / "out", formatter=formatter)
    return runcache.fingerprint(target, documents=[str(spec)], root=tmp_path, strict=False)


def test_a_ruff_upgrade_invalidates_a_ruff_formatted_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "_ruff_version", lambda: "ruff 0.6.0")
    before = _fingerprint(tmp_path, "ruff")
    monkeypatch.setattr(formatting, "_ruff_version", lambda: "ruff 0.7.0")
    assert _fingerprint(tmp_path, "ruff") != before


def test_the_formatter_choice_is_part_of_the_fingerprint(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "_ruff_version", lambda: "ruff 0.6.0")
    assert _fingerprint(tmp_path, "ruff") != _fingerprint(tmp_path, "black")
