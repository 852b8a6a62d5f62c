"""Broken specs: exit 2, a located one-paragraph message, no traceback, output untouched."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .snapshot import CASES, case_files, run_case

LOCATED = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+): error: .+ \(at (?P<pointer>/[^)]*)\)$")
# Cases whose problem is the whole file (unparseable) carry a line but no pointer.
NO_POINTER = {"bad_yaml.yaml", "bad_json.json"}


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture()
def populated_output(tmp_path: Path) -> Path:
    """An output folder that already holds a package with a user file beside it."""
    package = tmp_path / "out" / "package_name"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("# previously generated\n")
    (package / "notes.txt").write_text("hand-written\n")
    return tmp_path / "out"


@pytest.mark.parametrize("spec", case_files(), ids=lambda p: p.name)
def test_broken_spec_matches_snapshot(spec: Path, populated_output: Path) -> None:
    before = _tree_digest(populated_output)
    code, stderr = run_case(spec, populated_output)
    expected = spec.with_suffix(".stderr").read_text(encoding="utf-8")
    assert f"exit {code}\n{stderr}" == expected, (
        "CLI output changed; if intended, run `python tests/errors/snapshot.py` and review"
    )
    assert code == 2
    assert "Traceback" not in stderr
    assert _tree_digest(populated_output) == before


@pytest.mark.parametrize("spec", case_files(), ids=lambda p: p.name)
def test_error_names_file_line_and_pointer(spec: Path, tmp_path: Path) -> None:
    _, stderr = run_case(spec, tmp_path)
    error = [line for line in stderr.splitlines() if ": error: " in line][-1]
    if spec.name in NO_POINTER:
        assert re.match(rf"^{re.escape(spec.name)}:\d+: error: ", error)
    else:
        match = LOCATED.match(error)
        assert match is not None, error
        assert match["file"] == spec.name


def test_unreadable_file(tmp_path: Path) -> None:
    code, stderr = run_case(CASES / "does_not_exist.yaml", tmp_path)
    assert code == 2
    assert stderr == "does_not_exist.yaml: error: file not found\n"


def test_real_process_exit_code(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "generate", str(CASES / "swagger2.yaml"),
         "--output", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert "Swagger 2.0 is not supported" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
