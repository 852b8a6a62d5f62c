"""A schema marked `deprecated: true` that becomes a RootModel (an array, a scalar, a union):
pydantic refuses to validate a RootModel whose `root` field carries `deprecated=True` once the
model is built by `model_rebuild()` (`AttributeError: root`), which is how a deferred model is
built when something asks for it (Datadog's `SyntheticsRestrictedRoles` answered 500 after
the gate's harness built every model up front). The generated models never mark `root`."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from generation_support import imported_package
from pydantic import BaseModel

SCHEMAS: dict[str, tuple[dict[str, Any], Any]] = {
    "roles": ({"type": "array", "items": {"type": "string"}}, ["a", "b"]),
    "code": ({"type": "string", "maxLength": 8}, "x1"),
    "count": ({"type": "integer", "minimum": 0}, 3),
    "either": ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, 5),
}


def _spec() -> dict[str, Any]:
    components = {name.title(): {**schema, "deprecated": True, "description": f"{name} (old)"}
                  for name, (schema, _) in SCHEMAS.items()}
    components["Holder"] = {"type": "object", "properties": {
        name: {"$ref": f"#/components/schemas/{name.title()}"} for name in SCHEMAS}}
    return {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/holders": {"post": {
            "operationId": "createHolder",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Holder"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Holder"}}}}}}}},
        "components": {"schemas": components},
    }


def test_deprecated_root_models_validate_after_model_rebuild(tmp_path: Path) -> None:
    with imported_package(_spec(), tmp_path, package="deprecated_roots") as package:
        models = package.models
        source = (tmp_path / "deprecated_roots" / "models.py").read_text(encoding="utf-8")
        assert "deprecated=True" not in source
        for value in list(vars(models).values()):  # in module order, as a harness would
            if isinstance(value, type) and issubclass(value, BaseModel) \
                    and value.__module__ == models.__name__:
                value.model_rebuild()
        data = {name: sample for name, (_, sample) in SCHEMAS.items()}
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            holder = models.Holder.model_validate(data)
        assert holder.model_dump(mode="json", exclude_none=True) == data
        for name, (_, sample) in SCHEMAS.items():
            assert getattr(models, name.title()).model_validate(sample).root == sample


@pytest.mark.parametrize("field", sorted(SCHEMAS))
def test_the_server_reads_a_deprecated_root_after_every_model_is_built(
        tmp_path: Path, field: str) -> None:
    from fastapi.testclient import TestClient

    with imported_package(_spec(), tmp_path, package=f"deprecated_server_{field}") as package:
        for value in list(vars(package.models).values()):
            if isinstance(value, type) and issubclass(value, BaseModel) \
                    and value.__module__ == package.models.__name__:
                value.model_rebuild()
        from importlib import import_module

        server = import_module(f"{package.__name__}.server")
        client = TestClient(server.create_app(server.MockHandlers()))
        sample = SCHEMAS[field][1]
        response = client.post("/holders", json={field: sample})
        assert response.status_code == 200, response.text
