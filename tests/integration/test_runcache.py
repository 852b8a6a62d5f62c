"""The no-change fast path: skip only when inputs and outputs are exactly as last time."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.cli import main


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the targets the pipeline really built."""
    built: list[str] = []
    real = pipeline.generate_target

    def spy(target, **kwargs):  # type: ignore[no-untyped-def]
        built.append(target.package)
        return real(target, **kwargs)

    monkeypatch.setattr("generator.cli.generate_target", spy)
    return built


def test_unchanged_run_builds_nothing(project: Path, counted: list[str]) -> None:
    assert main(["generate", "-q"]) == 0
    assert sorted(counted) == ["scope3_ai", "sgp"]
    counted.clear()
    assert main(["generate", "-q"]) == 0
    assert main(["generate", "--check", "-q"]) == 0
    assert counted == []


def test_spec_template_or_output_change_rebuilds(project: Path, counted: list[str]) -> None:
    assert main(["generate", "-q"]) == 0
    counted.clear()
    spec = project / "specs" / "sgp.yaml"
    spec.write_text(spec.read_text() + "# a comment changes the bytes\n")
    assert main(["generate", "-q"]) == 0
    assert counted == ["sgp"]
    counted.clear()
    (project / "tpl").mkdir()
    (project / "tpl" / "extra.py.jinja").write_text("X = 1\n")
    assert main(["generate", "-q", "--templates", "tpl"]) == 0
    assert sorted(counted) == ["scope3_ai", "sgp"]
    counted.clear()
    models = project / "generated" / "sgp" / "models.py"
    models.write_text(models.read_text() + "# edited\n")
    assert main(["generate", "-q", "--templates", "tpl"]) == 2  # a hand edit is refused
    assert counted == ["sgp"]  # scope3_ai is untouched, so it is still up to date


def test_cache_can_be_disabled(project: Path, counted: list[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", "")
    assert main(["generate", "-q"]) == 0
    assert main(["generate", "-q"]) == 0
    assert len(counted) == 4
