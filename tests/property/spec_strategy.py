"""Hypothesis strategies for random valid OpenAPI 3.1 documents, within a documented subset.

The subset (what `test_property.py` promises apigen handles):
- 1 to 4 component schemas, each an object with 1 to 5 properties; a property is a string (plain,
  `date-time`, `uuid`, or an enum of strings), an integer (maybe with a minimum), a number, a
  boolean, a nullable string (`type: [string, "null"]`), an array of strings or integers, or a
  `$ref` to an earlier schema (directly, in an array, or nullable through `anyOf`); any subset of
  the properties is required; `additionalProperties` is left open or set to false.
- Property and parameter names come from a pool of awkward ones (keywords, builtins, dunders,
  camelCase next to snake_case, dashes, dots, spaces, digits first, non-ASCII) plus random
  identifiers, distinct on the wire within one object; schema names likewise, within what
  OpenAPI allows in a component key (`[a-zA-Z0-9._-]`), distinct regardless of case.
- 1 to 5 operations on `/r<i>` or `/r<i>/{id}` (an integer or string path parameter), methods
  GET, POST, PUT, PATCH or DELETE, with or without an operationId; 0 to 3 optional query
  parameters (string, integer, boolean, or an array of strings); POST, PUT and PATCH may take a
  required or optional JSON body (a schema `$ref`); the success response is a schema `$ref`, an
  array of one, or `204` without a body, maybe with a `default` error response.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

AWKWARD_NAMES = (
    "class", "from", "import", "self", "None", "True", "id", "type", "list", "dict", "json",
    "schema", "model_config", "copy", "__init__", "__dunder__", "_private", "fooBar", "foo_bar",
    "FooBar", "foo-bar", "foo.bar", "9lives", "naïve", "ünïcödé", "x y", "return", "yield",
    "async", "match", "A", "a",
)
_IDENTIFIER = st.from_regex(r"\A[a-z][a-zA-Z0-9]{0,11}\Z", fullmatch=True)
NAMES = st.one_of(st.sampled_from(AWKWARD_NAMES), _IDENTIFIER)
_SCHEMA_NAMES = st.one_of(
    st.sampled_from(("Model", "Item", "class", "List", "Type", "Pet.Owner", "pet-owner",
                     "9Lives", "__Dunder__", "Response", "Error", "Base", "Enum", "Field")),
    st.from_regex(r"\A[A-Z][a-zA-Z0-9]{0,11}\Z", fullmatch=True),
)
_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


@st.composite
def _property(draw: st.DrawFn, earlier: list[str]) -> dict[str, Any]:
    kinds = ["string", "date-time", "uuid", "enum", "integer", "number", "boolean",
             "nullable", "strings", "integers"]
    if earlier:
        kinds += ["ref", "refs", "nullable-ref"]
    kind = draw(st.sampled_from(kinds))
    if kind == "string":
        return {"type": "string"}
    if kind in ("date-time", "uuid"):
        return {"type": "string", "format": kind}
    if kind == "enum":
        return {"type": "string", "enum": draw(st.lists(_WORDS, min_size=1, max_size=4,
                                                        unique=True))}
    if kind == "integer":
        schema: dict[str, Any] = {"type": "integer"}
        if draw(st.booleans()):
            schema["minimum"] = draw(st.integers(-5, 5))
        return schema
    if kind in ("number", "boolean"):
        return {"type": kind}
    if kind == "nullable":
        return {"type": ["string", "null"]}
    if kind in ("strings", "integers"):
        return {"type": "array", "items": {"type": kind[:-1]}}
    target = draw(st.sampled_from(earlier))
    if kind == "ref":
        return _ref(target)
    if kind == "refs":
        return {"type": "array", "items": _ref(target)}
    return {"anyOf": [_ref(target), {"type": "null"}]}


@st.composite
def _object(draw: st.DrawFn, earlier: list[str]) -> dict[str, Any]:
    names = draw(st.lists(NAMES, min_size=1, max_size=5, unique=True))
    properties = {name: draw(_property(earlier)) for name in names}
    required = [n for n in names if draw(st.booleans())]
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if draw(st.booleans()):
        schema["additionalProperties"] = False
    return schema


@st.composite
def _query_parameter(draw: st.DrawFn, name: str) -> dict[str, Any]:
    schema = draw(st.sampled_from([
        {"type": "string"}, {"type": "integer"}, {"type": "boolean"},
        {"type": "array", "items": {"type": "string"}},
    ]))
    return {"name": name, "in": "query", "schema": schema}


@st.composite
def _operation(draw: st.DrawFn, index: int, method: str, schemas: list[str],
               path_parameter: dict[str, Any] | None) -> dict[str, Any]:
    operation: dict[str, Any] = {}
    if draw(st.booleans()):
        operation["operationId"] = f"{draw(_IDENTIFIER)}Op{index}{method}"
    taken = {path_parameter["name"]} if path_parameter else set()
    query_names = [n for n in draw(st.lists(NAMES, max_size=3, unique=True)) if n not in taken]
    parameters = [dict(path_parameter)] if path_parameter else []
    parameters += [draw(_query_parameter(name)) for name in query_names]
    if parameters:
        operation["parameters"] = parameters
    if method in ("post", "put", "patch") and draw(st.booleans()):
        operation["requestBody"] = {
            "required": draw(st.booleans()),
            "content": {"application/json": {"schema": _ref(draw(st.sampled_from(schemas)))}},
        }
    shape = draw(st.sampled_from(["model", "array", "empty"]))
    responses: dict[str, Any]
    if shape == "empty":
        responses = {"204": {"description": "No content"}}
    else:
        schema = _ref(draw(st.sampled_from(schemas)))
        if shape == "array":
            schema = {"type": "array", "items": schema}
        responses = {"200": {"description": "OK",
                             "content": {"application/json": {"schema": schema}}}}
    if draw(st.booleans()):
        responses["default"] = {"description": "Error", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}}
    operation["responses"] = responses
    return operation


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid OpenAPI 3.1 document within the subset above."""
    schema_names = draw(st.lists(_SCHEMA_NAMES, min_size=1, max_size=4,
                                 unique_by=lambda n: n.lower()))
    schemas: dict[str, Any] = {}
    for index, name in enumerate(schema_names):
        schemas[name] = draw(_object(schema_names[:index]))
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 5))):
        with_id = draw(st.booleans())
        path = f"/r{index}/{{id}}" if with_id else f"/r{index}"
        path_parameter = {"name": "id", "in": "path", "required": True,
                          "schema": {"type": draw(st.sampled_from(["integer", "string"]))}
                          } if with_id else None
        methods = draw(st.lists(st.sampled_from(["get", "post", "put", "patch", "delete"]),
                                min_size=1, max_size=2, unique=True))
        paths[path] = {method: draw(_operation(index, method, schema_names, path_parameter))
                       for method in methods}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Property", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
