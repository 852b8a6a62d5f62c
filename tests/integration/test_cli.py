"""The CLI as a user runs it: generate, --check (0 clean, 1 + diff on drift), config, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_generate_writes_every_target_then_check_is_clean(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate"]) == 0
    assert (project / "generated" / "scope3_ai" / "models.py").is_file()
    assert (project / "generated" / "sgp" / "py.typed").is_file()
    capsys.readouterr()
    assert main(["generate", "--check"]) == 0
    assert capsys.readouterr().out == ""


def test_check_reports_drift_with_a_diff_after_a_spec_edit(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "-q"]) == 0
    spec = project / "specs" / "sgp.yaml"
    spec.write_text(spec.read_text().replace("Number of deployments of this model instance",
                                             "How many deployments this instance has"))
    before = (project / "generated" / "sgp" / "models.py").read_bytes()
    capsys.readouterr()
    assert main(["generate", "--check"]) == 1
    captured = capsys.readouterr()
    assert "--- a/generated/sgp/models.py" in captured.out
    assert "+++ b/generated/sgp/models.py" in captured.out
    assert "+    How many deployments this instance has" in captured.out
    assert "out of date" in captured.err
    assert (project / "generated" / "sgp" / "models.py").read_bytes() == before


def test_second_generate_rewrites_nothing(project: Path) -> None:
    assert main(["generate", "-q"]) == 0
    models = project / "generated" / "scope3_ai" / "models.py"
    stamp = models.stat().st_mtime_ns
    assert main(["generate", "-q"]) == 0
    assert models.stat().st_mtime_ns == stamp


def test_single_spec_with_output_and_package(project: Path) -> None:
    out = project / "elsewhere" / "vendor"
    assert main(["generate", "specs/sgp.yaml", "--output", str(out), "--package", "sgp_v4"]) == 0
    assert (out / "sgp_v4" / "__init__.py").is_file()
    assert main(["generate", "specs/sgp.yaml", "--output", str(out), "--package", "sgp_v4",
                 "--check"]) == 0


def test_default_targets_without_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "generated").iterdir()) == ["scope3_ai", "sgp"]


def test_bad_package_name_is_bad_input(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", "specs/sgp.yaml", "--package", "Not-Valid"]) == 2
    assert "not a lower-case Python identifier" in capsys.readouterr().err


def test_strict_turns_validation_warnings_into_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "loose.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: Loose, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      operationId: getX\n      responses:\n        '200':\n          description: ok\n"
        "      unknownKeyword: true\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate", "loose.yaml", "--output", "out"]) == 0
    assert "loose.yaml:" in capsys.readouterr().err
    assert main(["generate", "loose.yaml", "--output", "strict_out", "--strict"]) == 2
    err = capsys.readouterr().err
    assert ": error: invalid OpenAPI:" in err
    assert not (tmp_path / "strict_out").exists()


def test_console_script_runs(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("apigen ")
