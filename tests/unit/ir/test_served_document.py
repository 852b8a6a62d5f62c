"""`served_document`: a scalar-or-array parameter is served as the array the server reads; the
loaded spec is left as it is (models and the IR are built from it afterwards)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from generator.ir.served_document import served_document
from generator.spec.load import load_spec

ITEM = {"type": "string"}


def _served(tmp_path: Path, parameter: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    data: dict[str, Any] = {
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/a/{p}": {
            "parameters": [{"$ref": "#/components/parameters/P"}],
            "get": {"operationId": "a", "responses": {"204": {"description": "ok"}}}}},
        "components": {"parameters": {"P": parameter}},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    spec = load_spec(path)
    before = copy.deepcopy(spec.data)
    served = served_document(spec)
    assert spec.data == before
    return served, served["components"]["parameters"]["P"]["schema"]


@pytest.mark.parametrize("key", ["oneOf", "anyOf"])
def test_a_shared_path_parameter_union_is_served_as_an_array(tmp_path: Path, key: str) -> None:
    schema = {key: [ITEM, {"type": "array", "items": ITEM}]}
    served, wire = _served(tmp_path, {"name": "p", "in": "path", "required": True,
                                      "schema": schema})
    assert wire == {"type": "array", "items": ITEM, "minItems": 1}
    assert served["paths"]["/a/{p}"]["parameters"] == [{"$ref": "#/components/parameters/P"}]


def test_two_scalar_branches_are_the_items_any_of(tmp_path: Path) -> None:
    number = {"type": "integer"}
    schema = {"oneOf": [ITEM, number, {"type": "array", "items": ITEM}]}
    _, wire = _served(tmp_path, {"name": "p", "in": "path", "required": True, "schema": schema})
    assert wire == {"type": "array", "items": {"anyOf": [ITEM, number]}, "minItems": 1}


@pytest.mark.parametrize("schema", [
    {"type": "array", "items": ITEM},  # an array already
    {"oneOf": [ITEM, {"type": "integer"}]},  # no array branch
    {"oneOf": [ITEM, {"type": "array", "items": ITEM, "maxItems": 2}]},  # bounds of its own
    {"nullable": True, "oneOf": [ITEM, {"type": "array", "items": ITEM}]},
])
def test_anything_else_is_served_as_written(tmp_path: Path, schema: dict[str, Any]) -> None:
    _, wire = _served(tmp_path, {"name": "p", "in": "path", "required": True, "schema": schema})
    assert wire == schema


@pytest.mark.parametrize(("template", "concrete", "taken"), [
    ("/a/{kind}/{id}", "/a/rank/{id}", ("kind", "rank")),
    ("/a/{kind}/{id}", "/a/rank/{other}", ("kind", "rank")),  # a parameter in both: alike
    ("/a/{kind}/{id}", "/a/rank/x", None),  # two values at once: no one parameter says it
    ("/a/{kind}", "/a/{kind}", None),
    ("/a/{kind}/{id}", "/a/{k}/{i}", None),  # one route: left out, not narrowed
    ("/a/{kind}", "/a/rank:x", ("kind", "rank:x")),
    ("/a/{kind}:x", "/a/rank:x", None),  # not a whole segment
    ("/a/{kind}", "/a/rank/b", None),
])
def test_the_value_a_concrete_path_takes(template: str, concrete: str,
                                         taken: tuple[str, str] | None) -> None:
    from generator.ir.served_routes import taken_value

    assert taken_value(template, concrete) == taken


def _routes(tmp_path: Path, paths: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    ok = {"responses": {"204": {"description": "ok"}}}
    data = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {path: {"get": {**ok, "parameters": parameters}}
                      for path, parameters in paths.items()}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    spec = load_spec(path)
    before = copy.deepcopy(spec.data)
    served = served_document(spec)
    assert spec.data == before
    return served["paths"], [d.message for d in spec.findings]


def _path(name: str, schema: Any = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema or ITEM}


def test_a_free_parameter_refuses_the_segment_a_concrete_path_takes(tmp_path: Path) -> None:
    paths, warnings = _routes(tmp_path, {"/a/{x}/{y}": [_path("x"), _path("y")],
                                         "/a/b/{y}": [_path("y")], "/a/7/{y}": [_path("y")]})
    assert paths["/a/{x}/{y}"]["get"]["parameters"] == [
        _path("y"), _path("x", {"allOf": [ITEM], "not": {"enum": ["b", "7", 7]}})]
    assert paths["/a/b/{y}"]["get"]["parameters"] == [_path("y")]
    assert warnings == []


def test_of_one_route_the_first_operation_is_served(tmp_path: Path) -> None:
    paths, warnings = _routes(tmp_path, {"/a/{x}": [_path("x")], "/a/{y}": [_path("y")]})
    assert list(paths) == ["/a/{x}"]
    assert len(warnings) == 1 and "GET /a/{y} is the route of GET /a/{x}" in warnings[0]
