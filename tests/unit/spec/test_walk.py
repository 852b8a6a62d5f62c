"""generator.spec.walk: the one reader of the raw spec dict's shape."""

from __future__ import annotations

import pytest

from generator.spec import walk

DATA = {
    "paths": {
        "/pets/{id}": {"get": {"operationId": "a"}, "parameters": [], "post": {}},
        "/a~b": {"delete": {}},
        "/skip": "not a path item",
    },
    "components": {
        "schemas": {
            "Pet": {"$ref": "#/components/schemas/Animal"},
            "Animal": {"type": "object"},
            "a/b": {"type": "string"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
        },
    },
    "list": [{"x": 1}],
}


def test_operations_in_document_order_with_escaped_pointers() -> None:
    found = [(path, method, pointer) for path, method, _, pointer in walk.iter_operations(DATA)]
    assert found == [
        ("/pets/{id}", "get", "/paths/~1pets~1{id}/get"),
        ("/pets/{id}", "post", "/paths/~1pets~1{id}/post"),
        ("/a~b", "delete", "/paths/~1a~0b/delete"),
    ]
    assert list(walk.iter_operations({"paths": []})) == []


def test_deref_follows_chains_and_names_nothing_as_none() -> None:
    assert walk.deref(DATA, {"$ref": "#/components/schemas/Pet"}) == {"type": "object"}
    assert walk.deref(DATA, {"$ref": "#/components/schemas/a~1b"}) == {"type": "string"}
    assert walk.deref(DATA, {"$ref": "#/list/0"}) == {"x": 1}
    assert walk.deref(DATA, {"$ref": "#/components/schemas/Missing"}) is None
    assert walk.deref(DATA, "plain") == "plain"
    # A cycle ends at the depth limit instead of looping forever.
    assert walk.deref(DATA, {"$ref": "#/components/schemas/Loop"}) == {
        "$ref": "#/components/schemas/Loop"}


def test_resolve_raises_for_a_pointer_that_names_nothing() -> None:
    assert walk.resolve(DATA, "#/paths/~1a~0b/delete") == {}
    assert walk.resolve(DATA, "#") is DATA
    with pytest.raises(KeyError):
        walk.resolve(DATA, "#/list/7")


@pytest.mark.parametrize(("schema", "types"), [
    ({"type": "string"}, ["string"]),
    ({"type": ["string", "null"]}, ["string", "null"]),
    ({}, [None]),
])
def test_schema_types_is_always_a_list(schema: dict[str, object], types: list[object]) -> None:
    assert walk.schema_types(schema) == types


def test_subschemas_reads_every_keyword_table() -> None:
    schema = {"items": {"a": 1}, "properties": {"p": {"b": 2}}, "allOf": [{"c": 3}],
              "description": {"not": "a schema"}}
    assert list(walk.subschemas(schema)) == [{"a": 1}, {"b": 2}, {"c": 3}]


def test_component_schema_refs_round_trip() -> None:
    ref = walk.component_schema_ref("a/b~c")
    assert ref == "#/components/schemas/a~1b~0c"
    assert walk.component_schema_name(ref) == "a/b~c"
    assert walk.component_schema_name("#/components/schemas/A/properties/x") is None
    assert walk.component_schema_name(3) is None
