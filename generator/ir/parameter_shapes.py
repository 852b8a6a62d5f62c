"""How a parameter's value is spelled and read back, read off its schema: its shape (scalar,
array, object, JSON), whether its values are integer choices, and for an object the layout the
server needs to rebuild it from its key/value pairs. A mixin of `hints.SchemaReader`, which
supplies `deref`, `properties_of` and `property_names`."""

from __future__ import annotations

from typing import Any

from ..spec.document import Spec
from ..spec.operations import DocumentView, OperationView
from ..spec.views import ParameterView
from ..spec.walk import MAX_DEPTH, schema_types
from .nodes import Operation
from .transport import HTTP_TOKEN

# How deep the server looks for array properties inside an object parameter.
_LAYOUT_DEPTH = 4


class ParameterShapes:
    """Parameter facts `build.py` hands the server (see `server.ServerFacts`)."""

    spec: Spec
    data: dict[str, Any]
    document: DocumentView

    def deref(self, value: Any) -> Any:
        raise NotImplementedError

    def properties_of(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        raise NotImplementedError

    def property_names(self, schema: Any, depth: int = 0) -> set[str]:
        raise NotImplementedError

    def parameters(self, operation: OperationView) -> list[ParameterView]:
        """The operation's parameters (the path item's merged in), path first, then query,
        header and cookie; a header or cookie parameter no request can carry is skipped with
        a warning."""
        merged: dict[tuple[str, str], ParameterView] = {}
        # checks.check_buildable has vetted names, locations and path parameters.
        for param in operation.declared_parameters():
            if param.location in ("header", "cookie") and not HTTP_TOKEN.fullmatch(param.name):
                # No request can carry it: every call would fail before reaching a server.
                self.spec.warn(
                    f"{param.location} parameter {param.name!r} is skipped: its name "
                    "is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only)",
                    param.pointer + "/name")
                continue
            merged[param.key] = param
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
        return sorted(merged.values(), key=lambda param: order[param.location])

    def query_credentials(self, op: Operation) -> tuple[str, ...]:
        """The query keys the operation's API key schemes travel in."""
        schemes = self.document.security_schemes
        names: list[str] = []
        for key in dict.fromkeys(k for alternative in op.security for k in alternative):
            scheme = schemes.get(key)
            if scheme is not None and scheme.type == "apiKey" and scheme.location == "query" \
                    and scheme.name is not None:
                names.append(scheme.name)
        return tuple(names)

    def retyped(self, declared: ParameterView) -> bool:
        """True when pydantic cannot read a parameter's text (or each item's) itself: an
        integer enum or const (the text `"2"` is never the choice `2`), or a schema that
        admits null (the text `null` is the null it sends, see `_runtime.styled`). So is a
        `$ref` to a union (`oneOf`/`anyOf`, Elasticsearch's `Duration`): its model is a
        RootModel, which FastAPI takes for a model of the whole query (every call a 422)."""
        return self.numeric_choice(declared) or self.admits_null(declared) \
            or self.union_model(declared)

    def union_model(self, declared: ParameterView) -> bool:
        """True when a parameter's schema is a `$ref` to a `oneOf`/`anyOf` (a RootModel)."""
        schema = declared.schema
        if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
            return False
        target = self.deref(schema)
        return isinstance(target, dict) and any(
            isinstance(target.get(key), list) for key in ("oneOf", "anyOf"))

    def empty_value(self, declared: ParameterView) -> str | None:
        """What an empty value (`?flag=`, `?flag`) of a scalar query parameter that declares
        `allowEmptyValue` stands for, when its schema takes no empty text: `flag` (true) for a
        boolean, which a bare key switches on, else `absent` (as if not sent). None: no rule."""
        if not (declared.allow_empty_value and declared.location == "query"):
            return None
        schema = self.deref(declared.schema)
        kinds = set(schema_types(schema)) - {"null"} if isinstance(schema, dict) else set()
        if not kinds or kinds & {"string", None} or self.parameter_shape(declared) is not None:
            return None
        return "flag" if kinds == {"boolean"} else "absent"

    def admits_null(self, declared: ParameterView) -> bool:
        """True when a parameter's schema (or its items') admits null: `nullable`, a `null`
        type, enum or const, or a `oneOf`/`anyOf` branch that does."""
        schema = self.deref(declared.schema)
        if isinstance(schema, dict) and "items" in schema:
            schema = schema["items"]
        return self._admits_null(schema, 0)

    def _admits_null(self, schema: Any, depth: int) -> bool:
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return False
        enum = schema.get("enum")
        if schema.get("nullable") is True or "null" in schema_types(schema) or (
                isinstance(enum, list) and None in enum) or (
                "const" in schema and schema["const"] is None):
            return True
        return any(self._admits_null(part, depth + 1)
                   for key in ("oneOf", "anyOf") for part in schema.get(key) or [])

    def numeric_choice(self, declared: ParameterView) -> bool:
        """True when a parameter (or each item of it) is an integer enum or const."""
        schema = self.deref(declared.schema)
        if isinstance(schema, dict) and "items" in schema:
            schema = self.deref(schema["items"])
        if not isinstance(schema, dict):
            return False
        enum = schema.get("enum")
        choices: list[Any] = list(enum) if isinstance(enum, list) else []
        if "const" in schema:
            choices.append(schema["const"])
        return any(isinstance(c, int) and not isinstance(c, bool) for c in choices)

    def parameter_shape(self, declared: ParameterView) -> str | None:
        """`object`, `array` (of scalars), `objects` (an array of objects or arrays, each item
        JSON), `json` (a `content` parameter holding an object or array) or None (a scalar) for
        the parameter's declared schema."""
        if not declared.has_schema and declared.has_content:
            media = next(iter(declared.content.values()), None)
            return "json" if media is not None and self.schema_shape(media.schema) else None
        return self.schema_shape(declared.schema)

    def schema_shape(self, schema: Any, depth: int = 0) -> str | None:
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return None
        kinds = schema_types(schema)
        if "object" in kinds or "properties" in schema or "additionalProperties" in schema:
            return "object"
        if "array" in kinds:
            items = self.schema_shape(schema.get("items"), depth + 1)
            return "objects" if items in ("object", "array", "objects") else "array"
        shapes = {self.schema_shape(part, depth + 1)
                  for key in ("allOf", "oneOf", "anyOf") for part in schema.get(key) or []}
        if "object" in shapes:
            return "object"
        if "objects" in shapes:
            return "objects"
        # A union of a scalar and an array (`oneOf: [string, array of string]`) travels as an
        # array: FastAPI reads only scalars itself, and one value is an array of one.
        return "array" if "array" in shapes else None

    def object_layout(self, declared: ParameterView) -> tuple[tuple[str, ...] | None,
                                                     tuple[tuple[str, ...], ...], bool]:
        """How an object parameter's value is read back from its pairs: its property names
        when it admits no others (None otherwise), the key paths of its array properties
        (`*` for any key of a typed `additionalProperties`), and whether it also takes a
        scalar (a `oneOf`/`anyOf` with a non-object branch)."""
        schema = self.deref(declared.schema)
        if not isinstance(schema, dict):
            return None, (), False
        branches = [self.deref(b) for key in ("oneOf", "anyOf") for b in schema.get(key) or []]
        objects = [b for b in branches if self.schema_shape(b) == "object"] or [schema]
        plain = any(self.schema_shape(b) is None and isinstance(b, dict)
                    and set(schema_types(b)) - {"null"} for b in branches)
        closed = len(objects) == 1 and objects[0].get("additionalProperties") is False
        keys = tuple(sorted(self.property_names(objects[0]))) if closed else None
        arrays: list[tuple[str, ...]] = []
        for branch in objects:
            self._array_paths(branch, (), arrays, 0)
        return keys, tuple(dict.fromkeys(arrays)), plain

    def _array_paths(self, schema: Any, path: tuple[str, ...], out: list[tuple[str, ...]],
                     depth: int) -> None:
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > _LAYOUT_DEPTH:
            return
        children = dict(self.properties_of(schema))
        extra = self.deref(schema.get("additionalProperties"))
        if isinstance(extra, dict):
            children["*"] = extra
        for key, child in children.items():
            shape = self.schema_shape(child)
            if shape in ("array", "objects"):
                out.append((*path, key))
            elif shape == "object":
                self._array_paths(child, (*path, key), out, depth + 1)

