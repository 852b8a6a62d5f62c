"""`unwrap_union_wrappers`: an `allOf` that only wraps a `$ref`'d union of scalars reaches the
model generator as `anyOf`, so the model keeps every branch (Elasticsearch's
`SimpleQueryStringFlags`: the free string `"OR|AND"` was refused, only the enum was kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from generation_support import imported_package

from generator.prepare.union_wrappers import unwrap_union_wrappers

FLAG = {"type": "string", "enum": ["AND", "OR"]}
PIPE = {"oneOf": [{"$ref": "#/components/schemas/Flag"}, {"type": "string"}]}


def _data(flags: dict[str, Any], pipe: dict[str, Any] = PIPE) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "f", "version": "1"}, "paths": {},
            "components": {"schemas": {
                "Query": {"type": "object", "properties": {
                    "flags": {"$ref": "#/components/schemas/Flags"},
                    "inline": {"description": "d",
                               "allOf": [{"$ref": "#/components/schemas/Pipe"}]}}},
                "Flags": flags, "Pipe": pipe, "Flag": FLAG}}}


def test_a_wrapped_scalar_union_becomes_any_of() -> None:
    data = _data({"description": "d", "allOf": [{"$ref": "#/components/schemas/Pipe"}]})
    unwrap_union_wrappers(data)
    schemas = data["components"]["schemas"]
    assert schemas["Flags"] == {"description": "d",
                                "anyOf": [{"$ref": "#/components/schemas/Pipe"}]}
    assert "anyOf" in schemas["Query"]["properties"]["inline"]


@pytest.mark.parametrize(("flags", "pipe"), [
    ({"allOf": [{"$ref": "#/components/schemas/Pipe"}], "type": "string"}, PIPE),  # typed
    ({"allOf": [{"$ref": "#/components/schemas/Pipe"}, {"maxLength": 3}]}, PIPE),  # two parts
    ({"allOf": [{"$ref": "#/components/schemas/Pipe"}]},
     {"oneOf": [{"type": "object"}, {"type": "string"}]}),  # an object branch: inheritance
])
def test_anything_else_is_left_alone(flags: dict[str, Any], pipe: dict[str, Any]) -> None:
    data = _data(flags, pipe)
    unwrap_union_wrappers(data)
    assert data["components"]["schemas"]["Flags"] == flags


def test_the_model_takes_every_branch_of_the_union(tmp_path: Path) -> None:
    spec = _data({"description": "d", "allOf": [{"$ref": "#/components/schemas/Pipe"}]})
    spec["paths"] = {"/s": {"post": {
        "operationId": "s", "responses": {"204": {"description": "ok"}},
        "requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Query"}}}}}}}
    with imported_package(spec, tmp_path, package="union_wrappers") as package:
        query = package.models.Query.model_validate({"flags": "OR|AND", "inline": "OR|AND"})
        assert query.model_dump(mode="json", exclude_none=True) == {
            "flags": "OR|AND", "inline": "OR|AND"}
        assert package.models.Query.model_validate({"flags": "OR"}).model_dump(
            mode="json", exclude_none=True) == {"flags": "OR"}
