"""Client arguments typed by an enum or a named primitive schema also take the plain values;
a union that gains a second `Literal` that way spells one (ruff's PYI030, met on Stripe)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.config import Target
from generator.pipeline import generate_target

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "plain", "version": "1"},
    "paths": {"/x": {"get": {
        "operationId": "x",
        "parameters": [
            {"name": "when", "in": "query", "schema": {"anyOf": [
                {"type": "integer"}, {"type": "string", "enum": ["now"]},
                {"$ref": "#/components/schemas/Empty"}]}},
            {"name": "family", "in": "query", "schema": {"$ref": "#/components/schemas/Family"}},
            {"name": "stamps", "in": "query", "schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/Stamp"}}},
        ],
        "responses": {"200": {"description": "ok"}},
    }}},
    "components": {"schemas": {
        "Empty": {"type": "string", "enum": [""]},
        "Family": {"type": "string", "enum": ["llama", "gpt"]},
        "Stamp": {"type": "string", "format": "date-time", "title": "Stamp"},
    }},
}


def _arguments(tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    api = generate_target(Target(spec=path, package="plain", output=tmp_path), root=tmp_path).api
    (op,) = api.operations
    return {p.name: p.type.argument_hint for p in op.parameters}


def test_enum_arguments_take_their_values_in_one_literal(tmp_path: Path) -> None:
    hints = _arguments(tmp_path)
    assert hints["family"] == "_models.Family | _typing.Literal['llama', 'gpt']"
    assert hints["when"] == "int | _typing.Literal['now', ''] | _models.Empty"
    assert hints["stamps"] == "list[_datetime.datetime]"  # a primitive ref is the primitive
