"""Structural checks that make generation impossible when they fail, run before any model is
generated, so a bad spec fails fast with a located message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from openapi_schema_validator import (
    OAS30Validator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)

from ..diagnostics import escape_pointer_token
from .document import Spec
from .walk import HTTP_METHODS, iter_operations

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
    _check_parameter_defaults(spec)


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
            param = spec.deref(raw)
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
    # 3.1 makes `responses` optional: an operation without any declares no response body.
    responses = operation.get("responses", {})
    if not isinstance(responses, dict):
        raise spec.error("'responses' must be a mapping of status codes to responses",
                         pointer + "/responses")
    for status in responses:
        if not _STATUS_KEY.match(status):
            raise spec.error(
                f"response status {status!r} is not an HTTP status code, a range like '4XX', "
                "or 'default'",
                f"{pointer}/responses/{status}",
            )


def _parameter_lists(data: dict[str, Any]) -> Iterator[tuple[Any, str]]:
    """Every `parameters` list of path items, operations and `components.parameters`."""
    for path, item in (data.get("paths") or {}).items():
        if isinstance(item, dict):
            base = "/paths/" + escape_pointer_token(path)
            yield item.get("parameters"), base + "/parameters"
            for method, operation in item.items():
                if method in HTTP_METHODS and isinstance(operation, dict):
                    yield operation.get("parameters"), f"{base}/{method}/parameters"
    components = (data.get("components") or {}).get("parameters")
    if isinstance(components, dict):
        for name, param in components.items():
            yield [param], "/components/parameters/" + escape_pointer_token(name) + "/-"


def _check_parameter_defaults(spec: Spec) -> None:
    """A parameter's `default` must be a valid value of its own schema (type, format, enum):
    the default is what the server assumes when the client sends nothing. Like
    openapi-python-client, a number is accepted as the default of a string (as its text)."""
    oas30 = str(spec.data.get("openapi", "")).startswith("3.0")
    validator_class = OAS30Validator if oas30 else OAS31Validator
    checker = oas30_format_checker if oas30 else oas31_format_checker
    for raw_list, where in _parameter_lists(spec.data):
        for index, raw in enumerate(raw_list if isinstance(raw_list, list) else []):
            if isinstance(raw, dict) and "$ref" in raw:
                continue  # checked where it is defined
            schema = raw.get("schema") if isinstance(raw, dict) else None
            schema = spec.deref(schema)
            if not isinstance(schema, dict) or "default" not in schema:
                continue
            default = schema["default"]
            kinds = schema.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if "string" in kinds and isinstance(default, (int, float)) and not isinstance(
                    default, bool):
                default = str(default)
            own = {k: schema[k] for k in ("type", "format", "enum", "nullable") if k in schema}
            error = next(iter(validator_class(own, format_checker=checker).iter_errors(default)),
                         None)
            if error is not None:
                at = where[:-2] if where.endswith("/-") else f"{where}/{index}"
                raise spec.error(
                    f"parameter {raw.get('name')!r} has an invalid default: {error.message}",
                    at + "/schema/default" if "$ref" not in (raw.get("schema") or {})
                    else at + "/schema",
                )
