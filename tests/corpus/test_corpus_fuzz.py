"""The gate's schemathesis harness (`corpus_fuzz.py`) on a small generated package: no
request pays for building models (Elasticsearch's first answer took 36 s cold: a timeout
that depends on the machine's load, reported by hypothesis as an unreliable run)."""

from __future__ import annotations

from typing import Any

import pytest
from corpus_fuzz import build_models
from generation_support import imported_package
from pydantic import BaseModel

NODE = {"type": "object", "properties": {
    "name": {"type": "string"},
    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
    "leaf": {"$ref": "#/components/schemas/Leaf"}}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Tree", "version": "1"},
    "paths": {"/tree": {"get": {"operationId": "tree", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}}}}}},
    "components": {"schemas": {
        "Node": NODE, "Leaf": {"type": "object", "properties": {"size": {"type": "integer"}}}}},
}


def test_every_deferred_model_is_built_before_the_first_request(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzz_tree")
    with imported_package(SPEC, folder, package="fuzz_tree") as package:
        models = [m for m in vars(package.models).values() if isinstance(m, type)
                  and issubclass(m, BaseModel) and m.__module__ == package.models.__name__]
        assert {m.__name__ for m in models} >= {"Node", "Leaf"}
        assert not all(m.__pydantic_complete__ for m in models)  # deferred, as generated
        assert build_models("fuzz_tree") >= 2
        assert all(m.__pydantic_complete__ for m in models)
        assert build_models("fuzz_tree") == 0
