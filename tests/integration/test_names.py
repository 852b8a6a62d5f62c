"""The `names` golden case: keywords, builtins, dunders, names that differ only in case or
punctuation, non-ASCII and emoji, dotted and dashed, digits first and very long names become
valid, collision-free, stable identifiers, with the wire name kept as the alias; the package
passes ruff and mypy --strict, and every operation round-trips through the mock server."""

from __future__ import annotations

import copy
import json
import keyword
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from golden_shared import assemble
from lint import ruff_findings

from generator.config import Target
from generator.models.generate import generate_models
from generator.output.emit import write_package
from generator.pipeline import Result, generate_target
from generator.prepare.inline_schemas import hoist_inline_schemas, normalise_schema_names
from generator.spec.load import load_spec

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "golden" / "names"
EXPECTED = assemble("names")
CORPUS_HELPERS = ROOT / "tests" / "corpus"


def _spec() -> dict[str, Any]:
    return yaml.safe_load((CASE / "spec.yaml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _generate(spec: dict[str, Any], folder: Path) -> Result:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return generate_target(Target(spec=path, package="names", output=folder), root=folder)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_ruff_and_mypy_strict_are_clean() -> None:
    assert ruff_findings(["names"], cwd=EXPECTED) == []
    mypy = _run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
                 os.devnull, "-p", "names"], EXPECTED)
    assert mypy.returncode == 0, mypy.stdout


def test_every_wire_name_is_an_alias_of_a_distinct_identifier() -> None:
    probe = (
        "import json, names\n"
        "out = {}\n"
        "for name in dir(names.models):\n"
        "    cls = getattr(names.models, name)\n"
        "    if isinstance(cls, type) and issubclass(cls, names.models.BaseModel) "
        "and cls.__module__ == 'names.models':\n"
        "        out[name] = {f: i.alias or f for f, i in cls.model_fields.items()}\n"
        "print(json.dumps(out))\n"
    )
    done = _run([sys.executable, "-c", probe], EXPECTED)
    assert done.returncode == 0, done.stderr
    classes: dict[str, dict[str, str]] = json.loads(done.stdout)
    wire = set(_spec()["components"]["schemas"]["Names"]["properties"])
    fields = classes["Names"]
    assert set(fields.values()) == wire
    for name in fields:
        assert name.isidentifier() and not keyword.iskeyword(name), name
        assert not (name.startswith("__") and name.endswith("__")), name


def _class_names(spec: dict[str, Any], folder: Path) -> dict[str, str]:
    """Component schema (by its name in `spec`) -> the class models.py gives it."""
    folder.mkdir()
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    loaded = load_spec(path)
    renames = normalise_schema_names(loaded.data)
    hoist_inline_schemas(loaded.data)
    models = generate_models(loaded.data, display="spec.json")
    prefix = "#/components/schemas/"
    return {name: models.by_ref[prefix + renames.get(name, name)].class_name
            for name in spec["components"]["schemas"]}


def test_the_same_schemas_keep_their_class_names_when_others_are_added(
        tmp_path: Path) -> None:
    spec = _spec()
    grown = copy.deepcopy(spec)
    # Unrelated names, and names whose class name clashes with existing ones: a name that is
    # already a class name keeps it, and
    # renamed names take suffixes in the order of their spec names (`pet_owner` sorts last).
    grown["components"]["schemas"] = {
        "Aardvark": {"type": "object", "properties": {"a": {"type": "string"}}},
        "Zebra_Crossing": {"type": "object", "properties": {"z": {"type": "string"}}},
        "pet_owner": {"type": "object", "properties": {"b": {"type": "string"}}},
        **spec["components"]["schemas"],
        "ITEM": {"type": "object", "properties": {"c": {"type": "string"}}},
        "Names2": {"type": "object", "properties": {"d": {"type": "string"}}},
    }
    before = _class_names(spec, tmp_path / "before")
    after = _class_names(grown, tmp_path / "after")
    assert {name: after[name] for name in before} == before
    assert len(set(after.values())) == len(after)
    assert before["PetOwner"] == "PetOwner"
    assert (before["Pet.Owner"], before["pet-owner"]) == ("PetOwner2", "PetOwner3")
    assert after["pet_owner"] == "PetOwner4"
    first = _generate(spec, tmp_path / "first")
    second = _generate(grown, tmp_path / "second")

    def surface(result: Result) -> list[Any]:
        return [(op.name, op.resource, op.method_name, tuple(p.name for p in op.parameters))
                for op in result.api.operations]

    assert surface(second) == surface(first)


def test_every_operation_round_trips_through_the_mock(tmp_path: Path) -> None:
    sys.path.insert(0, str(CORPUS_HELPERS))
    from corpus_calls import plan_calls

    spec = _spec()
    result = _generate(spec, tmp_path)
    write_package(result.package, tmp_path / "names")
    plan = [c.to_json() for c in plan_calls(result.api, spec, limit=100)]
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    done = _run([sys.executable, str(CORPUS_HELPERS / "corpus_smoke.py"), str(tmp_path),
                 "names", str(tmp_path / "plan.json")], tmp_path)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["imports"] == "ok"
    assert len({c["operation_id"] for c in outcome["calls"]}) == len(result.api.operations) == 8
    assert [c for c in outcome["calls"] if not c["ok"]] == []


@pytest.mark.parametrize("name", ["list", "class", "__init__"])
def test_operation_names_avoid_keywords_builtins_and_dunders(name: str, tmp_path: Path) -> None:
    result = _generate(_spec(), tmp_path)
    handler_names = {op.operation_id: op.name for op in result.api.operations}
    assert handler_names[name] != name
    assert handler_names[name].isidentifier() and not keyword.iskeyword(handler_names[name])
