"""Spec strings are data: the hostile golden case compiles, importing it runs nothing, and every
hostile string comes back out of the generated code exactly as the spec wrote it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from golden_shared import assemble

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "golden" / "hostile_strings"
# The committed package, with the runtime files it shares with the home case filled in.
PACKAGE = assemble("hostile_strings") / "hostile_strings"


def _spec() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((CASE / "spec.yaml").read_text(encoding="utf-8"))


def test_every_generated_file_compiles() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-c", code], cwd=PACKAGE.parent, env=env,
                          capture_output=True, text=True, check=False)


def test_importing_executes_nothing_from_the_spec() -> None:
    probe = (
        "import os, importlib, pkgutil\n"
        "os.system = lambda *a: (_ for _ in ()).throw(AssertionError('os.system called'))\n"
        "import hostile_strings\n"
        "for m in pkgutil.walk_packages(hostile_strings.__path__, 'hostile_strings.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('imported')\n"
    )
    result = _run(probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "imported\n"
    assert "pwned" not in result.stdout + result.stderr


def test_strings_round_trip_as_data() -> None:
    spec = _spec()
    schema = spec["components"]["schemas"]["Hostile"]
    weird = schema["properties"]['weird key """']
    enum_values = spec["components"]["schemas"]["HostileEnum"]["enum"]
    probe = (
        "import json\n"
        "from hostile_strings import models\n"
        "field = models.Hostile.model_fields['weird_key____']\n"
        "print(json.dumps({\n"
        "  'enum': [m.value for m in models.HostileEnum],\n"
        "  'alias': field.alias,\n"
        "  'default': field.default,\n"
        "  'examples': field.examples,\n"
        "  'doc': models.HostileEnum.__doc__,\n"
        "  'dumped': models.Hostile(**{'class': 'x'}).model_dump(by_alias=True, mode='json'),\n"
        "}))\n"
    )
    result = _run(probe)
    assert result.returncode == 0, result.stderr
    import json

    seen = json.loads(result.stdout)
    assert seen["enum"] == enum_values
    assert seen["alias"] == 'weird key """'
    assert seen["default"] == weird["default"]
    assert seen["examples"] == weird["examples"]
    assert seen["doc"].strip() == spec["components"]["schemas"]["HostileEnum"]["description"]
    assert seen["dumped"]['weird key """'] == weird["default"]
    assert seen["dumped"]["class"] == "x"


def test_package_docstring_keeps_title_and_description() -> None:
    spec = _spec()
    result = _run("import hostile_strings; print(repr(hostile_strings.__doc__))")
    assert result.returncode == 0, result.stderr
    doc = eval(result.stdout)  # repr of a str from our own subprocess
    assert spec["info"]["description"].replace("\r\n", "\n").split("\n")[0] in doc
    assert "import os; os.system('echo pwned')" in doc
