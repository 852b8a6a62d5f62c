"""Structural checks that make generation impossible when they fail, run before any model is
generated, so a bad spec fails fast with a located message."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import escape_pointer_token, unescape_pointer_token
from .document import Spec
from .walk import HTTP_METHODS, iter_operations, iter_ref_holders, split_pointer

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
    for kind, section in components.items():
        if not (isinstance(section, dict) or str(kind).startswith("x-")):
            raise spec.error(f"'components.{kind}' must be a mapping",
                             "/components/" + escape_pointer_token(kind))
    _check_refs(spec)
    _check_allof_cycles(spec)
    # A repeated operationId is made unique, with a located warning, by `ir.build`.
    for path, _method, operation, pointer in iter_operations(data):
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
    from openapi_schema_validator import (  # only on the path that builds (see ir/samples.py)
        OAS30Validator,
        OAS31Validator,
        oas30_format_checker,
        oas31_format_checker,
    )

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
            try:
                error = next(iter(validator_class(own, format_checker=checker).iter_errors(
                    default)), None)
            except Exception:  # a malformed schema (`type: null`): validation
                continue  # warnings report the schema itself
            if error is not None:
                at = where[:-2] if where.endswith("/-") else f"{where}/{index}"
                raise spec.error(
                    f"parameter {raw.get('name')!r} has an invalid default: {error.message}",
                    at + "/schema/default" if "$ref" not in (raw.get("schema") or {})
                    else at + "/schema",
                )


def _not_a_schema(tokens: list[str]) -> str | None:
    """What a `$ref` target names when it cannot be a schema, else None."""
    if not tokens:
        return "the whole document"
    if len(tokens) == 1 and not tokens[0].startswith("x-"):
        return f"the top-level {tokens[0]!r} section"
    if tokens[0] == "components" and len(tokens) == 2:
        return f"the whole 'components.{tokens[1]}' section"
    if tokens[0] == "components" and tokens[1] != "schemas" and len(tokens) == 3:
        return f"a component of kind {tokens[1]!r}"
    if tokens[0] in ("paths", "webhooks") and len(tokens) <= 3:
        return "a path item" if len(tokens) == 2 else "an operation"
    return None


def _check_refs(spec: Spec) -> None:
    """Every `$ref` is a string, and one standing for a schema names something that can be a
    schema (not the document, a section, a parameter or an operation)."""
    for holder, where in iter_ref_holders(spec.data, ""):
        ref = holder["$ref"]
        if not isinstance(ref, str):
            raise spec.error(f"$ref must be a string, not {type(ref).__name__}", where + "/$ref")
        tokens = split_pointer(where)
        # A schema is entered through `components.schemas` or a `schema` keyword (of a
        # parameter, header or media type); everything below stays a schema.
        in_schema = tokens[:2] == ["components", "schemas"] or "schema" in tokens
        if not in_schema or not ref.startswith("#"):
            continue
        named = _not_a_schema(split_pointer(ref))
        if named is None:
            continue
        schema = _schema_of_component(spec, ref)
        if schema is None:
            raise spec.error(f"$ref {ref[:80]!r} stands for a schema but names {named}",
                             where + "/$ref")
        # A response, body, parameter or header with one schema: that schema is what the
        # author meant (`schema: {$ref: '#/components/responses/Unauthorized'}`).
        del holder["$ref"]
        holder.update(schema)
        spec.warn(f"$ref {ref[:80]!r} stands for a schema but names {named}; read as the "
                  "schema it holds", where + "/$ref")


def _schema_of_component(spec: Spec, ref: str) -> dict[str, Any] | None:
    """The one schema a response, request body, parameter or header component holds (as a
    `$ref` to it when it is a component schema, else a copy), or None."""
    tokens = split_pointer(ref)
    if len(tokens) != 3 or tokens[0] != "components" or tokens[1] not in (
            "responses", "requestBodies", "parameters", "headers"):
        return None
    target = spec.deref({"$ref": ref})
    if not isinstance(target, dict):
        return None
    found: list[Any] = []
    if "schema" in target:
        found.append(target["schema"])
    content = target.get("content")
    if isinstance(content, dict):
        found += [m["schema"] for m in content.values() if isinstance(m, dict) and "schema" in m]
    distinct = {json.dumps(f, sort_keys=True, default=str) for f in found}
    if len(distinct) != 1 or not isinstance(found[0], dict):
        return None
    return copy.deepcopy(found[0])


def _allof_parents(schema: Any) -> Iterator[str]:
    """The `$ref`s a schema inherits through `allOf` (inline `allOf` members included)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        members = node.get("allOf") if isinstance(node, dict) else None
        for member in members if isinstance(members, list) else []:
            if isinstance(member, dict) and isinstance(member.get("$ref"), str):
                yield member["$ref"]
            elif isinstance(member, dict):
                stack.append(member)


def _check_allof_cycles(spec: Spec) -> None:
    """A schema that inherits itself through `allOf` has no meaning (and no class hierarchy)."""
    schemas = spec.data.get("components", {}).get("schemas", {})
    prefix = "#/components/schemas/"
    for start in schemas:
        seen = {start}
        frontier = [(start, [start])]
        while frontier:
            name, chain = frontier.pop()
            for ref in _allof_parents(schemas.get(name)):
                if not ref.startswith(prefix):
                    continue
                parent = unescape_pointer_token(ref[len(prefix):])
                if parent == start:
                    path = " -> ".join([*chain, parent])
                    raise spec.error(f"schema {start!r} inherits itself through allOf ({path})",
                                     "/components/schemas/" + escape_pointer_token(start)
                                     + "/allOf")
                if parent not in seen and parent in schemas:
                    seen.add(parent)
                    frontier.append((parent, [*chain, parent]))
