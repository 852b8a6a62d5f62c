"""The one module that knows the shape of the raw OpenAPI dict.

Everything else asks here: where the operations are (`iter_operations`, `HTTP_METHODS`), what a
`$ref` names (`resolve`, `deref`), which keywords hold subschemas (`subschemas`), and which
types a schema admits (`schema_types`, for `type: x` and `type: [x, "null"]` alike).

What each OpenAPI object holds is read through the typed views beside this module
(`views.py`, `operations.py`), built on these helpers.

`MAX_DEPTH` bounds every walk that follows references or nests into schemas: a cycle the
loader could not reject (a schema that contains itself through properties) ends there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import escape_pointer_token, unescape_pointer_token

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# How deep any walk over the spec goes: `$ref` hops, nested schemas, sample values.
MAX_DEPTH = 32

# Keywords whose values are schemas, maps of schemas, or lists of schemas (JSON Schema / OAS).
SCHEMA_VALUE = (
    "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedProperties", "unevaluatedItems", "additionalItems",
)
SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
COMPONENT_SCHEMAS = "#/components/schemas/"


def split_pointer(pointer: str) -> list[str]:
    """`#/components/schemas/a~1b` -> `["components", "schemas", "a/b"]`."""
    if pointer in ("", "/", "#", "#/"):
        return []
    return [unescape_pointer_token(t) for t in pointer.lstrip("#").lstrip("/").split("/")]


def resolve(data: Any, ref: str) -> Any:
    """The value a local `$ref` (or JSON pointer) names; KeyError when it names nothing."""
    node = data
    for token in split_pointer(ref):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node


def deref(data: Any, value: Any) -> Any:
    """Follow a chain of `$ref`s to the value it names; None when one names nothing."""
    for _ in range(MAX_DEPTH):
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            break
        try:
            value = resolve(data, value["$ref"])
        except KeyError:
            return None
    return value


def iter_operations(data: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(path, method, operation, pointer) for every operation, in document order."""
    paths = data.get("paths") or {}
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation, f"/paths/{escape_pointer_token(path)}/{method}"


def subschemas(schema: dict[str, Any]) -> Iterator[Any]:
    """The schema's direct subschemas, keyword table by keyword table."""
    for key in SCHEMA_VALUE:
        if key in schema:
            yield schema[key]
    for key in SCHEMA_MAP:
        if isinstance(schema.get(key), dict):
            yield from schema[key].values()
    for key in SCHEMA_LIST:
        if isinstance(schema.get(key), list):
            yield from schema[key]


def schema_types(schema: dict[str, Any]) -> list[Any]:
    """`type` as a list: `"string"` -> `["string"]`, a list as it is, none -> `[None]`."""
    kind = schema.get("type")
    return kind if isinstance(kind, list) else [kind]


def component_schemas(data: dict[str, Any], *, create: bool = False) -> dict[str, Any] | None:
    """`components.schemas` (None when it is no mapping); with `create`, made (empty) when
    missing or malformed, for the rewrites that add schemas."""
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(schemas, dict) or not create:
        return schemas if isinstance(schemas, dict) else None
    if not isinstance(components, dict):
        components = data["components"] = {}
    created: dict[str, Any] = {}
    components["schemas"] = created
    return created


def set_component_schemas(data: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Replace `components.schemas` (after `component_schemas(data, create=True)`)."""
    data["components"]["schemas"] = schemas


def component_schema_ref(name: str) -> str:
    """The `$ref` of `components.schemas[name]`."""
    return COMPONENT_SCHEMAS + escape_pointer_token(name)


def component_schema_name(ref: Any) -> str | None:
    """The component schema name a `$ref` names exactly, else None."""
    if isinstance(ref, str) and ref.startswith(COMPONENT_SCHEMAS) \
            and "/" not in ref[len(COMPONENT_SCHEMAS):]:
        return unescape_pointer_token(ref[len(COMPONENT_SCHEMAS):])
    return None


COMPONENT_KINDS = (
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
)
"""The sections of `components`."""
# Keywords whose value is literal data (an example, a default, allowed values), never a
# reference: a `$ref` key inside is data. `value` is an Example Object's payload.
_LITERAL_KEYWORDS = frozenset({"example", "default", "enum", "const", "value"})
# Mappings whose keys are names chosen by the spec author (a property called `default` is a
# schema, not a default value).
_NAMED_MAPS = frozenset({
    "properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "paths",
    "webhooks", "responses", "callbacks", "links", "headers", "encoding", "content",
    "examples", "variables", "mapping", "scopes", *COMPONENT_KINDS,
})


def iter_ref_holders(value: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every mapping with a `$ref` key (of any type), with its pointer, depth first in document
    order, skipping literal data (examples, defaults, enums, consts)."""
    stack: list[tuple[Any, str, bool]] = [(value, pointer, False)]
    while stack:
        node, where, named = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node and not named:
                yield node, where
            for key, child in reversed(list(node.items())):
                if not isinstance(child, (dict, list)):
                    continue
                if not named and key in _LITERAL_KEYWORDS and not (
                        key == "default" and where.endswith("/responses")):
                    continue
                if key == "examples" and isinstance(child, list):
                    continue  # a schema's examples: literal values
                names = not named and key in _NAMED_MAPS
                stack.append((child, f"{where}/{escape_pointer_token(key)}", names))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                child = node[index]
                if isinstance(child, (dict, list)):
                    stack.append((child, f"{where}/{index}", False))


def iter_schemas(data: Any) -> Iterator[tuple[dict[str, Any], str]]:
    """Every schema object of the document with its pointer: the component schemas, every
    `schema` of a parameter, header or media type, and their subschemas (literal data such as
    examples and defaults is never entered)."""
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    while stack:
        node, where, is_schema = stack.pop()
        if is_schema:
            if not isinstance(node, dict):
                continue
            yield node, where
            children: list[tuple[Any, str]] = []
            for key in SCHEMA_VALUE:
                if key in node:
                    children.append((node[key], f"{where}/{key}"))
            for key in SCHEMA_MAP:
                if isinstance(node.get(key), dict):
                    children += [(value, f"{where}/{key}/{escape_pointer_token(name)}")
                                 for name, value in node[key].items()]
            for key in SCHEMA_LIST:
                if isinstance(node.get(key), list):
                    children += [(value, f"{where}/{key}/{index}")
                                 for index, value in enumerate(node[key])]
            stack.extend((child, at, True) for child, at in reversed(children))
        elif isinstance(node, dict):
            in_components = where == "/components/schemas"
            for key, child in reversed(list(node.items())):
                if key in _LITERAL_KEYWORDS or not isinstance(child, (dict, list)):
                    continue
                if key == "examples" and isinstance(child, list):
                    continue  # literal values
                at = f"{where}/{escape_pointer_token(key)}"
                stack.append((child, at, in_components or key == "schema"))
        elif isinstance(node, list):
            stack.extend((child, f"{where}/{index}", False)
                         for index, child in reversed(list(enumerate(node))))


# What a `$ref` stands for is decided by where it is. A position's kind names the OpenAPI object
# it holds; `child_kind` gives the kind of each of its keys: "map:K" is a mapping of K by name,
# "list:K" a list of K, "literal" data that is never a reference ("exampleValue": unless the
# whole value is a `$ref` to a file that exists), "other" anything else (info,
# tags, servers, `x-` extensions), where a `$ref` is still followed but names no component.
_SINGULAR = {
    "schemas": "schema", "responses": "response", "parameters": "parameter",
    "examples": "example", "requestBodies": "requestBody", "headers": "header",
    "securitySchemes": "securityScheme", "links": "link", "callbacks": "callback",
    "pathItems": "pathItem",
}
COMPONENT_OF_KIND = {kind: section for section, kind in _SINGULAR.items()}
"""The `components` section a position of each kind files its external targets under."""
_PARAMETER = {"schema": "schema", "content": "map:mediaType", "examples": "map:example",
              "example": "exampleValue"}
_SHAPES: dict[str, dict[str, str]] = {
    "document": {"paths": "map:pathItem", "webhooks": "map:pathItem",
                 "components": "components"},
    "components": {section: "map:" + kind for section, kind in _SINGULAR.items()},
    "pathItem": {"parameters": "list:parameter", "query": "operation",
                 **{method: "operation" for method in HTTP_METHODS}},
    "operation": {"parameters": "list:parameter", "requestBody": "requestBody",
                  "responses": "map:response", "callbacks": "map:callback"},
    "parameter": _PARAMETER,
    "header": _PARAMETER,
    "requestBody": {"content": "map:mediaType"},
    "mediaType": {"schema": "schema", "examples": "map:example", "encoding": "map:encoding",
                  "example": "exampleValue"},
    "encoding": {"headers": "map:header"},
    "response": {"headers": "map:header", "content": "map:mediaType", "links": "map:link"},
    "example": {"value": "exampleValue"},
    "schema": {
        **{key: "schema" for key in SCHEMA_VALUE},
        **{key: "map:schema" for key in SCHEMA_MAP},
        **{key: "list:schema" for key in SCHEMA_LIST},
        "discriminator": "discriminator", "examples": "literal",
    },
    "discriminator": {"mapping": "mapping"},
}


def child_kind(kind: str, key: str | int) -> str:
    """The kind of the value under `key` (a list index for "list:K") of a position of `kind`."""
    if kind.startswith("list:"):
        return kind[5:]
    key = str(key)
    if kind.startswith("map:"):
        return "other" if key.startswith("x-") and kind != "map:schema" else kind[4:]
    if kind == "callback":
        return "other" if key.startswith("x-") else "pathItem"
    shape = _SHAPES.get(kind)
    if shape is not None and key in shape:
        return shape[key]
    return "literal" if key in _LITERAL_KEYWORDS or kind == "literal" else "other"
