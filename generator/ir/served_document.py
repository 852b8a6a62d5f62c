"""The document the generated server serves (`openapi.json`): the loaded and repaired source,
except where the server reads a parameter in a form the source spells differently. A client of
the served document (schemathesis, a code generator) must send what the server accepts.

A parameter whose schema is a union of a scalar and an array of it (Elasticsearch's
`Indices`: `oneOf: [IndexName, array of IndexName]`) is read as an array (see
`ParameterShapes.schema_shape`): under `style: simple` or `form` one value is spelled as an
array of one, so the array is the whole wire form. Served as the union, a client that picks
the serialization from `type` finds none and sends the array as its Python text
(`['a', 'b']`), which no server reads as two values. Served as `type: array` (at least one item
where the parameter cannot be empty: in the path or required), it travels comma-separated.

Operations whose routes overlap are served as the server routes them (`served_routes`).
"""

from __future__ import annotations

import json
from typing import Any

from ..spec.document import Spec
from ..spec.views import ParameterView
from ..spec.walk import schema_types
from .parameter_shapes import ParameterShapes
from .served_routes import served_routes

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _Shapes(ParameterShapes):
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.data = spec.data

    def deref(self, value: Any) -> Any:
        return self.spec.deref(value)


def served_document(spec: Spec) -> dict[str, Any]:
    """`spec.data` with each scalar-or-array parameter served as an array. Nothing of
    `spec.data` is changed: what is rewritten is copied, the rest shared."""
    shapes = _Shapes(spec)
    data = spec.data
    served = dict(data)
    components = data.get("components")
    shared = components.get("parameters") if isinstance(components, dict) else None
    if isinstance(components, dict) and isinstance(shared, dict):
        rewritten = {name: _served_parameter(shapes, p) for name, p in shared.items()}
        if any(rewritten[name] is not p for name, p in shared.items()):
            served["components"] = {**components, "parameters": rewritten}
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return served
    served_paths: dict[str, Any] = {}
    for path, item in paths.items():
        served_paths[path] = _served_path_item(shapes, item)
    if any(served_paths[path] is not item for path, item in paths.items()):
        served["paths"] = served_paths
    return served_routes(spec, served)


def _served_path_item(shapes: _Shapes, item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    changed: dict[str, Any] = {}
    for key, value in item.items():
        if key == "parameters":
            new = _served_parameters(shapes, value)
        elif key in _METHODS and isinstance(value, dict) and "parameters" in value:
            parameters = _served_parameters(shapes, value["parameters"])
            new = value if parameters is value["parameters"] else {**value,
                                                                   "parameters": parameters}
        else:
            continue
        if new is not value:
            changed[key] = new
    return {**item, **changed} if changed else item


def _served_parameters(shapes: _Shapes, parameters: Any) -> Any:
    if not isinstance(parameters, list):
        return parameters
    served = [_served_parameter(shapes, p) for p in parameters]
    changed = any(new is not old for new, old in zip(served, parameters, strict=True))
    return served if changed else parameters


def _served_parameter(shapes: _Shapes, parameter: Any) -> Any:
    """`parameter` (a `$ref` is left to its target) with a scalar-or-array schema served as
    the array the server reads."""
    if not isinstance(parameter, dict):
        return parameter
    view = ParameterView(parameter, "", shapes.data)
    if not view.has_schema or shapes.parameter_shape(view) != "array":
        return parameter
    items = _wire_items(shapes, view.schema)
    if items is None:
        return parameter
    schema: dict[str, Any] = {"type": "array", "items": items}
    if view.location == "path" or view.required:
        schema["minItems"] = 1
    return {**parameter, "schema": schema}


def _wire_items(shapes: _Shapes, schema: Any) -> Any:
    """The items of the array a union of scalars and arrays of scalars is read as, or None
    when `schema` is no such union (an array already, or anything else)."""
    target = shapes.deref(schema)
    if not isinstance(target, dict) or "type" in target or "allOf" in target \
            or target.get("nullable") is True:
        return None
    branches = [b for key in ("oneOf", "anyOf") for b in target.get(key) or []]
    if not branches:
        return None
    items: dict[str, Any] = {}
    for branch in branches:
        resolved = shapes.deref(branch)
        if not isinstance(resolved, dict):
            return None
        if "array" in schema_types(resolved):
            # An array branch's own bounds would not hold of the union's wire form.
            if set(resolved) - {"type", "items", "description"}:
                return None
            branch = resolved.get("items", {})
        elif shapes.schema_shape(resolved) is not None:
            return None
        items.setdefault(json.dumps(branch, sort_keys=True), branch)
    choices = list(items.values())
    return choices[0] if len(choices) == 1 else {"anyOf": choices}
