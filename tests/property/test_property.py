"""Property: for random valid specs within the subset `spec_strategy.py` documents, apigen never
fails or crashes; its output compiles, imports and passes `ruff check`; the mock server answers
every generated operation and the generated client parses every answer."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from spec_strategy import specs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "corpus"))

from corpus_calls import plan_calls  # noqa: E402
from lint import ruff_findings  # noqa: E402

from generator.config import Target  # noqa: E402
from generator.output.emit import write_package  # noqa: E402
from generator.pipeline import generate_target  # noqa: E402

pytestmark = pytest.mark.slow
PACKAGE = "property_api"


def _check_package(spec: dict[str, Any], work: Path) -> None:
    path = work / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    target = Target(spec=path, package=PACKAGE, output=work)
    result = generate_target(target, root=work)
    assert [d.format() for d in result.diagnostics] == [], "the strategy made an invalid spec"
    write_package(result.package, target.directory)
    for name, content in result.package.files.items():
        if name.endswith(".py"):
            compile(content, name, "exec")
    assert ruff_findings([PACKAGE], cwd=work) == []
    plan = [c.to_json() for c in plan_calls(result.api, spec, limit=len(result.api.operations))]
    assert [c["problem"] for c in plan if c["problem"]] == []
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    smoke = subprocess.run(
        [sys.executable, str(HERE.parent / "corpus" / "corpus_smoke.py"), str(work), PACKAGE,
         str(plan_file)], cwd=work, capture_output=True, text=True, check=False, timeout=300)
    assert smoke.returncode == 0, smoke.stderr[-3000:]
    outcome = json.loads(smoke.stdout.strip().splitlines()[-1])
    assert outcome["imports"] == "ok"
    failed = [f"{c['operation_id']} [{c['way']}]: {c['error']}" for c in outcome["calls"]
              if not c["ok"]]
    assert failed == []
    assert len({c["operation_id"] for c in outcome["calls"]}) == len(result.api.operations)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=specs())
def test_random_valid_specs_generate_working_packages(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory(prefix="apigen-property-") as tmp:
        _check_package(spec, Path(tmp))
