"""`benchmarks/load.py` as a smoke run: `apigen serve` under a small bounded mix of valid and
invalid requests (an oversized body among them) answers every one, none with a 5xx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_load_script_finds_no_server_error() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "scope3_ai", "--requests", "150",
         "--concurrency", "10", "--oversized", "1", "--max-seconds", "60"],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5xx responses: 0" in run.stdout
    assert "oversized       413: 1" in run.stdout
    assert "transport error" not in run.stdout
