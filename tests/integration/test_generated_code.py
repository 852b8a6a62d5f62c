"""Generated code is deterministic, black-formatted, ruff-clean, mypy --strict clean and
importable on its own (no apigen import)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import black
import pytest
from lint import ruff_findings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("scope3_ai", "sgp")


def _generate(out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    for package in PACKAGES:
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "generate", f"specs/{package}.yaml",
             "--output", str(out), "--package", package, "-q"],
            cwd=ROOT, env=env, check=True,
        )
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_output_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a", "0")
    second = _generate(tmp_path / "b", "4242")
    assert first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []


def _python_files() -> list[Path]:
    return sorted((ROOT / "generated").rglob("*.py"))


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_black_formatted(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    mode = black.Mode(target_versions={black.mode.TargetVersion.PY310})
    assert black.format_str(source, mode=mode) == source


def test_ruff_check_is_clean() -> None:
    assert ruff_findings(["generated"], cwd=ROOT) == []


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", os.devnull,
         *PACKAGES],
        cwd=ROOT / "generated", capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_without_apigen(package: str, tmp_path: Path) -> None:
    """Vendored code runs with no apigen installed: copy it elsewhere, import it isolated."""
    import shutil

    shutil.copytree(ROOT / "generated" / package, tmp_path / "vendor" / package)
    probe = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def guard(name, *a, **k):\n"
        "    if name.split('.')[0] in ('generator', 'apigen'):\n"
        "        raise ImportError('generated code imported ' + name)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = guard\n"
        f"import {package}, pkgutil, importlib\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path / "vendor",
                            capture_output=True, text=True, check=False,
                            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
