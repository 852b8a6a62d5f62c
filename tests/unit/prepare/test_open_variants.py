"""generator/prepare/open_variants.py: `oneOf` object variants that allow unknown keys say so,
so their models keep the keys that may be all that tells the variants apart."""

from __future__ import annotations

from typing import Any

import pydantic

from generator.models.generate import generate_models
from generator.prepare.open_variants import open_one_of_variants

REF = "#/components/schemas/"


def document(schemas: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": response}}}}}}},
            "components": {"schemas": schemas}}


def test_object_variants_through_refs_and_all_of_are_opened() -> None:
    schemas = {"Token": {"type": "object", "properties": {"t": {"type": "string"}}},
               "Ext": {"type": "object", "properties": {"x": {"type": "string"}}},
               "Closed": {"type": "object", "additionalProperties": False,
                          "properties": {"c": {"type": "string"}}},
               "Alone": {"type": "object", "properties": {"a": {"type": "string"}}}}
    data = document(schemas, {"oneOf": [{"$ref": REF + "Token"},
                                        {"allOf": [{}, {"$ref": REF + "Ext"}]},
                                        {"$ref": REF + "Closed"}]})
    data["components"]["schemas"]["Nullable"] = {
        "oneOf": [{"$ref": REF + "Alone"}, {"type": "null"}]}
    open_one_of_variants(data)
    assert schemas["Token"]["additionalProperties"] is True
    assert schemas["Ext"]["additionalProperties"] is True
    assert schemas["Closed"]["additionalProperties"] is False
    # A nullable object has one variant to tell apart: its model is left as it was.
    assert "additionalProperties" not in schemas["Alone"]


def test_the_model_keeps_the_key_that_tells_the_variants_apart() -> None:
    # Supabase's POST /signup: `{"id": 0}` is a token response with an unknown key, no user.
    schemas = {"Token": {"type": "object", "properties": {"t": {"type": "string"}}},
               "User": {"type": "object", "properties": {"id": {"type": "string"}}}}
    data = document(schemas, {"oneOf": [{"$ref": REF + "Token"}, {"$ref": REF + "User"}]})
    open_one_of_variants(data)
    namespace: dict[str, Any] = {}
    exec(generate_models(data, display="t.yaml").source, namespace)
    adapter = pydantic.TypeAdapter(namespace["Token"] | namespace["User"])
    value = adapter.validate_python({"id": 0})
    assert adapter.dump_python(value, mode="json", by_alias=True, exclude_unset=True) == {"id": 0}
