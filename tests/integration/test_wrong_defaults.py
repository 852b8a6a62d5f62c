"""Defaults and constraints that contradict their schema (issue 13, items 7 and 10): one package
holding a family of schemas, every schema type given every kind of wrong default, generates with
located warnings into a package that imports, builds its app with the mock handlers, constructs
every model from its defaults and passes ruff and `mypy --strict`; `--strict` refuses the same
spec. The family also holds defaults of arrays and maps of models and an allOf subclass that
narrows inherited fields (mypy's "incompatible with supertype")."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lint import ruff_findings
from pydantic import BaseModel

from generator.config import Target
from generator.diagnostics import GenerationError, Level
from generator.output.emit import write_package
from generator.pipeline import generate_target

PRIMITIVES: dict[str, dict[str, Any]] = {
    "Text": {"type": "string", "default": "bar"},
    "Whole": {"type": "integer"},
    "Real": {"type": "number", "default": "1e-320"},
    "Switch": {"type": "boolean", "default": "false"},
    "Colour": {"type": "string", "enum": ["red", "green"]},
    "Level": {"type": "integer", "enum": [1, 2]},
    "Words": {"type": "array", "items": {"type": "string"}},
    "Point": {"type": "object", "properties": {"x": {"type": "integer"}}},
    "Stamp": {"type": "string", "minLength": 3, "maxLength": 4},
    "Side": {"type": "string", "enum": ["Left", "Right"]},
}
SHAPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "array": {"type": "array", "items": {"type": "integer"}},
    "object": {"type": "object", "properties": {"a": {"type": "integer"}}},
    "enum": {"type": "string", "enum": ["a", "b"]},
    "int_enum": {"type": "integer", "enum": [1, 2]},
    "nullable": {"type": ["string", "null"]},
    "bounded": {"type": "integer", "minimum": 0, "maximum": 5},
    "patterned": {"type": "string", "pattern": "^[a-z]+$"},
    "either": {"oneOf": [{"type": "boolean"}, {"type": "number"}]},
    # The library copies a union's default into its branches' classes.
    "one_or_many": {"oneOf": [{"type": "string", "enum": ["a", "b"]}, {
        "type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "minItems": 1}]},
    **{f"ref_{name.lower()}": {"$ref": f"#/components/schemas/{name}"} for name in PRIMITIVES},
    # The wrapper several generators write to give a reference a default or a description.
    **{f"wrapped_{name.lower()}": {"allOf": [{"$ref": f"#/components/schemas/{name}"}]}
       for name in ("Colour", "Level", "Stamp", "Side", "Point")},
}
WRONG: list[Any] = ["false", "true", "20", "-3", "1e-320", "1.5", "", "inf", "nan", "x", "b",
                    "2", 1.5, 3.0, 20, -1, True, False, [], [1], ["x"], {}, {"a": 1}, {"x": 2},
                    "'b'", "'Left'", "right", "abcd", '{"a": 1}', "[1, 2]", "Current time"]


def _spec() -> dict[str, Any]:
    schemas: dict[str, Any] = dict(PRIMITIVES)
    for shape, schema in SHAPES.items():
        schemas[f"Wrong_{shape}"] = {"type": "object", "properties": {
            f"p{index}": {**schema, "default": value} for index, value in enumerate(WRONG)}}
    # Named primitives whose own default is wrong (a RootModel's `root` default).
    schemas.update({f"Root{index}": {"type": "integer", "default": value}
                    for index, value in enumerate(["20", "x", 1.5])})
    # Defaults of arrays and maps of models; an allOf subclass narrowing inherited fields.
    schemas["Holder"] = {"type": "object", "properties": {
        "points": {"type": "array", "items": {"$ref": "#/components/schemas/Point"},
                   "default": [{"x": 1}, {"x": "2"}]},
        "named": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Point"},
                  "default": {"a": {"x": 3}}},
        "texts": {"type": "array", "items": {"$ref": "#/components/schemas/Text"},
                  "default": ["p", "q"]}}}
    schemas["Pet"] = {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}, "kind": {"type": "string"},
        "colour": {"type": "string", "enum": ["red", "green"]},
        "home": {"$ref": "#/components/schemas/Point"}}}
    schemas["Dog"] = {"allOf": [{"$ref": "#/components/schemas/Pet"}, {
        "type": "object", "required": ["kind"], "properties": {
            "kind": {"type": "string", "enum": ["dog"]},
            "colour": {"type": "string", "enum": ["red"]},
            "name": {"type": "string", "maxLength": 5},
            "home": {"type": "object", "properties": {"y": {"type": "integer"}}}}}]}
    return {
        "openapi": "3.1.0",
        "info": {"title": "wrong defaults", "version": "1"},
        "paths": {
            "": {"get": {"operationId": "root", "responses": {"200": {"description": "ok"}}}},
            "/x": {"get": {
                "operationId": "x",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer",
                                                                "default": "20"}},
                    {"name": "mode", "in": "query", "schema": {"type": "string",
                                                               "enum": ["a", "b"],
                                                               "default": ""}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "array", "minItems": -1, "maxItems": -2,
                               "items": {"type": "string", "minLength": -1}}}}}}}},
            **{f"/{name}": {"get": {
                "operationId": f"get{name}",
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{name}"}}}}}}}
               for name in schemas if name.startswith("Wrong_")},
        },
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wrong_defaults")
    path = folder / "spec.json"
    path.write_text(json.dumps(_spec()), encoding="utf-8")
    target = Target(spec=path, package="wrong_defaults", output=folder)
    result = generate_target(target, root=folder)
    assert all(d.level is Level.WARNING for d in result.diagnostics)
    write_package(result.package, target.directory)
    return folder


def test_strict_refuses_with_located_errors(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(_spec()), encoding="utf-8")
    with pytest.raises(GenerationError) as caught:
        generate_target(Target(spec=path, package="p", output=tmp_path), root=tmp_path,
                        strict=True)
    errors = [d for d in caught.value.diagnostics if d.level is Level.ERROR]
    pointers = {d.pointer for d in errors}
    assert "/paths/" in pointers
    assert "/paths/~1x/get/parameters/0/schema/default" in pointers
    assert "/components/schemas/Wrong_boolean/properties/p16/default" not in pointers  # fits
    assert "/components/schemas/Wrong_boolean/properties/p2/default" in pointers
    assert all(d.line for d in errors)


def test_the_package_imports_builds_its_app_and_every_default_validates(package: Path) -> None:
    sys.path.insert(0, str(package))
    try:
        importlib.invalidate_caches()
        models = importlib.import_module("wrong_defaults.models")
        app = importlib.import_module("wrong_defaults.server.app")
        mock = importlib.import_module("wrong_defaults.server.mock")
        app.create_app(mock.MockHandlers())
        holder = models.Holder()
        assert holder.points == [models.Point(x=1), models.Point(x=2)]
        assert holder.named == {"a": models.Point(x=3)}
        assert holder.texts == [models.Text("p"), models.Text("q")]
        dog = models.Dog.model_validate({"name": "rex", "kind": "dog", "colour": "red"})
        assert isinstance(dog, models.Pet) and dog.kind.value == "dog"
        for name in SHAPES:
            instance = getattr(models, f"Wrong{name.title().replace('_', '')}", None) or next(
                value for key, value in vars(models).items()
                if key.lower() == f"wrong{name.replace('_', '')}")
            assert isinstance(instance, type) and issubclass(instance, BaseModel)
            built = instance()
            # Every default that is kept is valid for its field: it round-trips through JSON.
            assert instance.model_validate_json(built.model_dump_json()) == built
    finally:
        sys.path.remove(str(package))
        for module in [m for m in sys.modules if m.split(".")[0] == "wrong_defaults"]:
            del sys.modules[module]


def test_the_package_passes_ruff_and_mypy_strict(package: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    assert ruff_findings(["wrong_defaults"], cwd=package) == []
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--config-file", os.devnull, "-p", "wrong_defaults"],
                          cwd=package, env=env, capture_output=True, text=True, check=False)
    assert mypy.returncode == 0, mypy.stdout
