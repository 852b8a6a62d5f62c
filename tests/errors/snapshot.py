"""Regenerate the expected CLI output of every broken spec: `python tests/errors/snapshot.py`.

The `.stderr` files are what `apigen generate CASE --output OUT` prints, run from `cases/`; they
are written by this script (never by hand) and reviewed in the diff like any golden file.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"


def run_case(spec: Path, output: Path) -> tuple[int, str]:
    """Run the real CLI entry point in-process from the cases folder; (exit code, stderr).
    A case named `strict_*` runs with `--strict` (what apigen otherwise skips with a warning)."""
    from generator.cli import main

    stderr = io.StringIO()
    previous = Path.cwd()
    os.chdir(CASES)
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            strict = ["--strict"] if spec.name.startswith("strict_") else []
            code = main(["generate", spec.name, "--output", str(output), *strict])
    finally:
        os.chdir(previous)
    return code, stderr.getvalue()


def case_files() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))


if __name__ == "__main__":
    sys.path.insert(0, str(CASES.parents[2]))
    with tempfile.TemporaryDirectory() as tmp:
        for spec in case_files():
            code, err = run_case(spec, Path(tmp))
            spec.with_suffix(".stderr").write_text(f"exit {code}\n{err}", encoding="utf-8")
            print(f"{spec.name}: exit {code}")
