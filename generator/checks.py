"""Structural checks that make generation impossible when they fail, run before any model is
generated, so a bad spec fails fast with a located message."""

from __future__ import annotations

import re
from typing import Any

from .hoist import iter_operations
from .loader import Spec

_STATUS_KEY = re.compile(r"^([1-5]\d\d|[1-5]XX|default)$")
_PATH_PARAM = re.compile(r"{([^}/]+)}")
_LOCATIONS = ("path", "query", "header", "cookie")


def check_buildable(spec: Spec) -> None:
    """Raise the first problem found: a located GenerationError."""
    data = spec.data
    if not isinstance(data.get("paths", {}), dict):
        raise spec.error("'paths' must be a mapping of path templates to path items", "/paths")
    components = data.get("components", {})
    if not isinstance(components, dict):
        raise spec.error("'components' must be a mapping", "/components")
    if not isinstance(components.get("schemas", {}), dict):
        raise spec.error("'components.schemas' must be a mapping", "/components/schemas")
    first_use: dict[str, str] = {}
    for path, _method, operation, pointer in iter_operations(data):
        op_id = operation.get("operationId")
        if isinstance(op_id, str) and op_id:
            if op_id in first_use:
                raise spec.error(
                    f"duplicate operationId {op_id!r} (first used at {first_use[op_id]})",
                    pointer + "/operationId",
                )
            first_use[op_id] = pointer
        _check_parameters(spec, path, operation, pointer)
        _check_responses(spec, operation, pointer)


def _deref(spec: Spec, value: Any) -> Any:
    while isinstance(value, dict) and isinstance(value.get("$ref"), str):
        value = spec.resolve(value["$ref"])
    return value


def _check_parameters(spec: Spec, path: str, operation: dict[str, Any], pointer: str) -> None:
    item_pointer = pointer.rsplit("/", 1)[0]
    item = spec.resolve("#" + item_pointer)
    declared: dict[str, tuple[dict[str, Any], str]] = {}
    for source, where in ((item, item_pointer), (operation, pointer)):
        raw_list = source.get("parameters") or []
        if not isinstance(raw_list, list):
            raise spec.error("'parameters' must be a list", f"{where}/parameters")
        for index, raw in enumerate(raw_list):
            at = f"{where}/parameters/{index}"
            param = _deref(spec, raw)
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                raise spec.error("a parameter needs a string 'name'", at)
            if param.get("in") not in _LOCATIONS:
                raise spec.error(
                    f"parameter {param['name']!r} has 'in': {param.get('in')!r}; "
                    f"expected one of {', '.join(_LOCATIONS)}",
                    at,
                )
            if param["in"] == "path":
                declared[param["name"]] = (param, at)
    for name in _PATH_PARAM.findall(path):
        if name not in declared:
            raise spec.error(
                f"path parameter {{{name}}} in {path!r} is not declared in 'parameters'", pointer
            )
    for name, (param, at) in declared.items():
        if param.get("required") is not True:
            raise spec.error(f"path parameter {name!r} must have 'required: true'", at)


def _check_responses(spec: Spec, operation: dict[str, Any], pointer: str) -> None:
    responses = operation.get("responses")
    if not isinstance(responses, dict) or not responses:
        raise spec.error("an operation needs a non-empty 'responses' mapping",
                         pointer + "/responses")
    for status in responses:
        if not _STATUS_KEY.match(status):
            raise spec.error(
                f"response status {status!r} is not an HTTP status code, a range like '4XX', "
                "or 'default'",
                f"{pointer}/responses/{status}",
            )
