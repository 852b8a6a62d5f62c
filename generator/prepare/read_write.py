"""readOnly and writeOnly: the request shape and the response shape of a schema.

OpenAPI marks a property readOnly when responses carry it and requests must not, writeOnly for
the opposite. A component schema that reaches such a property (among its own properties, or
through the schemas it references) gets a request shape without the readOnly properties and a
response shape without the writeOnly ones, added as components of their own (`UserRequest`,
`UserResponse`) before models are generated. Request bodies and parameters are then pointed at
request shapes and responses at response shapes; the schema's own model keeps every property and
serves wherever no direction applies (webhooks, callbacks, unused components).

A shape is made only where it differs from the schema: a schema with readOnly properties only
has no response shape. Names are `<Name>Request` and `<Name>Response`; one the spec already uses
(any case) takes the first free of `<Name>Request2`, `<Name>Request3`, ..., so a spec name never
changes. datamodel-code-generator's own `read_only_write_only_model_type` is not used: with `all`
a request shape still nests the full schemas it references (a required readOnly property of a
nested object stays required), `request-response` drops the schema's own model, and its metadata
gives both shapes the same source `$ref`, so apigen could not tell them apart.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, Literal

from ..spec.operations import operations
from ..spec.views import MediaTypeView, ParameterView
from ..spec.walk import (
    COMPONENT_SCHEMAS,
    MAX_DEPTH,
    SCHEMA_LIST,
    SCHEMA_MAP,
    SCHEMA_VALUE,
    component_schema_name,
    component_schemas,
    subschemas,
)

Direction = Literal["request", "response"]
_DROPPED_BY: dict[Direction, str] = {"request": "readOnly", "response": "writeOnly"}
_SUFFIX: dict[Direction, str] = {"request": "Request", "response": "Response"}
class _Splitter:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.affected: dict[Direction, set[str]] = {
            direction: self._affected(direction) for direction in ("request", "response")
        }
        self.names: dict[tuple[str, Direction], str] = {}
        taken = {name.lower() for name in schemas}
        for name in sorted(schemas):
            for direction in ("request", "response"):
                if name not in self.affected[direction]:
                    continue
                stem = name + _SUFFIX[direction]
                variant, n = stem, 2
                while variant.lower() in taken:
                    variant, n = f"{stem}{n}", n + 1
                taken.add(variant.lower())
                self.names[(name, direction)] = variant

    def flagged(self, schema: Any, direction: Direction, depth: int = 0) -> bool:
        """True when a property schema carries the mark `direction` drops (itself, or the
        component its bare `$ref` names)."""
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return False
        if schema.get(_DROPPED_BY[direction]) is True:
            return True
        name = component_schema_name(schema.get("$ref"))
        return name is not None and self.flagged(self.schemas.get(name), direction, depth + 1)

    def _walk(self, schema: Any) -> Iterator[dict[str, Any]]:
        """Every schema node of `schema`, not following `$ref`s."""
        stack = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                yield node
                stack.extend(subschemas(node))

    def _affected(self, direction: Direction) -> set[str]:
        """Components that reach a property `direction` drops, directly or through refs."""
        affected: set[str] = set()
        referrers: dict[str, set[str]] = {}
        for name, schema in self.schemas.items():
            for node in self._walk(schema):
                target = component_schema_name(node.get("$ref"))
                if target is not None:
                    referrers.setdefault(target, set()).add(name)
                properties = node.get("properties")
                if isinstance(properties, dict) and any(
                        self.flagged(p, direction) for p in properties.values()):
                    affected.add(name)
        pending = list(affected)
        while pending:
            for referrer in referrers.get(pending.pop(), ()):
                if referrer not in affected:
                    affected.add(referrer)
                    pending.append(referrer)
        return affected

    def dropped(self, schema: Any, direction: Direction, depth: int = 0) -> set[str]:
        """Names of the properties `direction` drops from an object schema (through `allOf`)."""
        name = component_schema_name(schema.get("$ref")) if isinstance(schema, dict) else None
        if name is not None:
            schema = self.schemas.get(name)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return set()
        properties = schema.get("properties")
        names = {key for key, value in properties.items() if self.flagged(value, direction)} \
            if isinstance(properties, dict) else set()
        for part in schema.get("allOf") or []:
            names |= self.dropped(part, direction, depth + 1)
        return names

    def shape(self, schema: Any, direction: Direction) -> None:
        """Turn `schema` (in place) into its `direction` shape: properties that direction drops
        removed (also from `required`), refs to affected components pointed at their shapes."""
        self._drop(schema, direction, set())
        for node in list(self._walk(schema)):
            node_ref = self._shape_ref(node.get("$ref"), direction)
            if node_ref is not None:
                node["$ref"] = node_ref
            discriminator = node.get("discriminator")
            mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
            if isinstance(mapping, dict):
                for key, ref in mapping.items():
                    mapping[key] = self._shape_ref(ref, direction) or ref

    def _shape_ref(self, ref: Any, direction: Direction) -> str | None:
        target = component_schema_name(ref)
        if target is None or target not in self.affected[direction]:
            return None
        return COMPONENT_SCHEMAS + self.names[(target, direction)]

    def _drop(self, node: Any, direction: Direction, inherited: set[str]) -> None:
        """Remove the properties `direction` drops, and their names from `required`; `inherited`
        names what sibling `allOf` parts drop."""
        if not isinstance(node, dict):
            return
        dropped = set(inherited)
        properties = node.get("properties")
        if isinstance(properties, dict):
            dropped |= {k for k, v in properties.items() if self.flagged(v, direction)}
            node["properties"] = {k: v for k, v in properties.items() if k not in dropped}
        parts = node.get("allOf")
        if isinstance(parts, list):
            # A required list in one part may name a property another part drops.
            dropped |= {name for part in parts for name in self.dropped(part, direction)}
        if isinstance(node.get("required"), list) and dropped:
            node["required"] = [name for name in node["required"] if name not in dropped]
            if not node["required"]:
                del node["required"]  # 3.0 wants a non-empty list
        for key in SCHEMA_LIST:
            if isinstance(node.get(key), list):
                for sub in node[key]:
                    self._drop(sub, direction, dropped if key == "allOf" else set())
        for key in SCHEMA_VALUE:
            self._drop(node.get(key), direction, set())
        for key in SCHEMA_MAP:
            if isinstance(node.get(key), dict):
                for sub in node[key].values():
                    self._drop(sub, direction, set())

    def add_shapes(self) -> None:
        for (name, direction), variant in sorted(self.names.items(), key=lambda kv: kv[1]):
            shaped = copy.deepcopy(self.schemas[name])
            self.shape(shaped, direction)
            self.schemas[variant] = shaped


def _media_schemas(content: dict[str, MediaTypeView]) -> Iterator[MediaTypeView]:
    """The media types of a `content` that hold a schema object."""
    for media in content.values():
        if isinstance(media.schema, dict):
            yield media


def split_read_write(data: dict[str, Any]) -> dict[tuple[str, Direction], str]:
    """Add the request and response shapes of the component schemas that need them and point
    request bodies, parameters and responses at them (in place, after hoisting). Returns
    (schema, direction) -> shape name."""
    schemas = component_schemas(data)
    if not schemas:
        return {}
    splitter = _Splitter(schemas)
    if not splitter.names:
        return {}
    splitter.add_shapes()
    for operation in operations(data):
        for param in operation.declared_parameters():
            if isinstance(param.schema, dict):
                _shape_at(splitter, param, "request")
            for media in _media_schemas(param.content):
                _shape_at(splitter, media, "request")
        body = operation.request_body
        for media in _media_schemas(body.content if body is not None else {}):
            _shape_at(splitter, media, "request")
        for response in operation.responses.values():
            for media in _media_schemas(response.content):
                _shape_at(splitter, media, "response")
    return dict(splitter.names)


def _shape_at(splitter: _Splitter, holder: MediaTypeView | ParameterView,
              direction: Direction) -> None:
    # A copy: YAML anchors can make a request and a response share one schema object.
    schema = copy.deepcopy(holder.schema)
    holder.set_schema(schema)
    splitter.shape(schema, direction)
