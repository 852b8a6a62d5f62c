"""apigen's own start-up: `apigen generate` with nothing to regenerate must not pay for the heavy
libraries (datamodel-code-generator, black, the OpenAPI validators); they are imported on the
path that uses them. Checked in a fresh interpreter, where an import is visible."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("datamodel_code_generator", "black", "openapi_schema_validator",
         "openapi_spec_validator", "jsonschema", "jsonschema_rs")


def test_the_cli_imports_no_heavy_library() -> None:
    probe = ("import json, sys\nimport generator.cli\n"
             f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, check=True, timeout=60)
    assert json.loads(result.stdout) == []


def test_a_no_op_check_imports_no_heavy_library(tmp_path: Path) -> None:
    # The seeds as they are in generated/: `--check` finds them up to date; the first run warms
    # a cache of our own, the second must decide from it alone.
    env = {**os.environ, "APIGEN_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "generator.cli", "generate", "--check", "-q"],
                   cwd=ROOT, env=env, check=True, timeout=300)
    probe = (
        "import json, sys\nfrom generator.cli import main\n"
        "code = main(['generate', '--check', '-q'])\n"
        f"print(json.dumps([code, sorted(m for m in {HEAVY!r} if m in sys.modules)]))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False, timeout=120)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [0, []], result.stderr
