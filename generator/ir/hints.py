"""Schema -> type hint, and the other facts the IR reads off one schema: its properties, how a
form field or a parameter travels (its shape), whether its values are integer choices.

`SchemaReader` holds the spec and the models of one run; `build.py` reads every schema through
it, once, so the client and the server stand on the same answers.
"""

from __future__ import annotations

import ast
from typing import Any

from ..models.generate import GeneratedModels, module_alias
from ..spec.document import Spec
from ..spec.operations import DocumentView
from ..spec.views import EncodingView, MediaTypeView
from ..spec.walk import MAX_DEPTH, schema_types
from .media import SchemaKind, is_json_media, wire_kind
from .parameter_shapes import ParameterShapes
from .parts import BodyKind, FieldShape, TypeRef, with_none
from .plain_values import PlainValues

_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
# String formats a parameter (or a bare scalar body) takes as a Python value, as the models do.
_STRING_FORMATS = {"date": ("datetime", "date"), "date-time": ("datetime", "datetime"),
                   "uuid": ("uuid", "UUID")}
# What joins the items of a form-urlencoded array whose `encoding` says `explode: false`.
_FORM_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
_FORM_KINDS: dict[str, BodyKind] = {
    "application/x-www-form-urlencoded": "form",
    "multipart/form-data": "multipart",
}


def is_json(media_type: str) -> bool:
    """A JSON media type by its name alone (no range): `application/json`, `text/json`, `+json`."""
    return is_json_media(media_type, has_schema=False)


def body_kind(media_type: str | None, *, schema: SchemaKind = "none") -> BodyKind:
    """How a body of `media_type` travels (`media.wire_kind`); `empty` without one."""
    if media_type is None:
        return "empty"
    return wire_kind(media_type, schema)


def request_body_kind(media_type: str, *, schema: SchemaKind = "none") -> BodyKind:
    """`body_kind`, with the two form media types told apart: an object schema in one of them
    is encoded field by field (`build.request_body` falls back to `binary` otherwise)."""
    return _FORM_KINDS.get(media_type.split(";")[0].strip().lower()) or body_kind(
        media_type, schema=schema)


def is_nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind):
        return True
    variants = schema.get("anyOf") or schema.get("oneOf") or []
    return any(isinstance(v, dict) and v.get("type") == "null" for v in variants)


def drop_none(hint: str) -> str:
    tree = ast.parse(hint, mode="eval").body
    parts: list[ast.expr] = []

    def flatten(node: ast.expr) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            flatten(node.left)
            flatten(node.right)
        else:
            parts.append(node)

    flatten(tree)
    kept = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is None)]
    return " | ".join(ast.unparse(p) for p in kept) if kept else hint



class SchemaReader(ParameterShapes, PlainValues):
    """One run's schemas as the IR needs them; collects the library modules hints refer to."""

    def __init__(self, spec: Spec, models: GeneratedModels) -> None:
        self.spec = spec
        self.data = spec.data
        self.document = DocumentView(spec.data)
        self.models = models
        self.modules: set[str] = set()
        self._plain: dict[str, tuple[str, frozenset[str]]] | None = None

    def deref(self, value: Any) -> Any:
        return self.spec.deref(value)

    def _qualified(self, hint: str) -> str:
        text, modules = self.models.qualify(hint)
        self.modules |= modules
        return text

    def _any(self) -> str:
        self.modules.add("typing")
        return "_typing.Any"

    def schema_type(self, schema: Any) -> TypeRef:
        """The type hint a client or server signature uses for `schema`."""
        nullable = is_nullable(schema)
        hint, model = self._schema_hint(schema)
        if nullable:
            hint = with_none(hint)
        return TypeRef(hint=hint, model=model, nullable=nullable)

    def _schema_hint(self, schema: Any, depth: int = 0) -> tuple[str, str | None]:
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return self._any(), None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.deref(schema)
            model = self.models.by_ref.get(ref)
            structural = isinstance(target, dict) and not any(
                k in target for k in ("properties", "enum", "allOf", "oneOf", "anyOf", "const")
            ) and target.get("type") in ("string", "integer", "number", "boolean", "array")
            if model is not None and not structural:
                return f"_models.{model.class_name}", model.class_name
            return self._schema_hint(target, depth + 1)
        if "const" in schema:
            return self._literal([schema["const"]]), None
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in enum
        ):
            return self._literal(enum), None
        kinds = [k for k in schema_types(schema) if k != "null"]
        if len(kinds) == 1 and kinds[0] in _PRIMITIVES:
            if kinds[0] == "string" and schema.get("format") == "binary":
                return "bytes", None
            if kinds[0] == "string" and schema.get("format") in _STRING_FORMATS:
                module, name = _STRING_FORMATS[schema["format"]]
                self.modules.add(module)
                return f"{module_alias(module)}.{name}", None
            return _PRIMITIVES[kinds[0]], None
        if kinds == ["array"]:
            items = schema.get("items", {})
            item, _ = self._schema_hint(items, depth + 1)
            if is_nullable(self.deref(items)) and item != "_typing.Any":
                item = with_none(item)  # `[1, null]`: the items keep their nullability
            return f"list[{item}]", None
        if kinds == ["object"] and "properties" not in schema:
            extra = schema.get("additionalProperties")
            value = self._any()
            if isinstance(extra, dict) and extra:
                value, _ = self._schema_hint(extra, depth + 1)
                if is_nullable(self.deref(extra)) and value != "_typing.Any":
                    value = with_none(value)
            return f"dict[str, {value}]", None
        variants = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(variants, list) and variants:
            hints: list[str] = []
            for variant in variants:
                if isinstance(variant, dict) and variant.get("type") == "null":
                    continue
                hint, _ = self._schema_hint(variant, depth + 1)
                if hint not in hints:
                    hints.append(hint)
            if len(hints) == 1:
                return hints[0], None
            if hints:
                return " | ".join(hints), None
        return self._any(), None

    def _literal(self, values: list[Any]) -> str:
        self.modules.add("typing")
        return "_typing.Literal[" + ", ".join(repr(v) for v in values) + "]"

    def schema_kind(self, media: MediaTypeView | None) -> SchemaKind:
        """What the schema of a media type object describes (see `media.SchemaKind`)."""
        schema = self.deref(media.schema) if media is not None else None
        if not isinstance(schema, dict) or not schema:
            return "none"
        kinds = [k for k in schema_types(schema) if k != "null"]
        if kinds == ["string"] and not any(k in schema for k in ("enum", "const")):
            return "bytes" if schema.get("format") == "binary" else "string"
        return "data"

    def media_type(self, content: dict[str, MediaTypeView]
                   ) -> tuple[MediaTypeView | None, TypeRef | None]:
        """The media type a body is read and written in (the first JSON one the spec lists,
        see `media.is_json_media`, else the first one) and its type."""
        if not content:
            return None, None
        chosen = next(iter(content.values()))
        for media in content.values():
            structured = self.schema_kind(media) == "data"
            if is_json_media(media.media_type, has_schema=structured):
                chosen = media
                break
        return chosen, self.media_hint(chosen)

    def media_hint(self, media: MediaTypeView) -> TypeRef:
        """The type of a body declared as the media type `media`."""
        kind = body_kind(media.media_type, schema=self.schema_kind(media))
        if kind == "json":
            schema = media.schema
            return self.schema_type(schema if schema is not None else {})
        return TypeRef(hint="str" if kind == "text" else "bytes")

    def example_of(self, media: MediaTypeView | None) -> tuple[Any, bool]:
        """The example a response's body in `media` gives, and whether it gives one."""
        if media is None:
            return None, False
        if media.has_example:
            return media.example, True
        for value in media.example_values():
            return value, True
        return None, False

    def properties_of(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """The property schemas of an object schema, those of its allOf parts included."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return {}
        merged: dict[str, Any] = {}
        for part in schema.get("allOf") or []:
            merged.update(self.properties_of(part, depth + 1))
        own = schema.get("properties")
        return {**merged, **own} if isinstance(own, dict) else merged

    def field_shape(self, schema: Any, depth: int = 0, *, containers: bool = False
                    ) -> FieldShape:
        """How a form field travels (see `BodyField.shape`); `object` also for the whole body.
        Strings are files when they are `format: binary` or (OpenAPI 3.1) carry a non-JSON
        `contentMediaType` or a `contentEncoding`. A union of a container and scalars is a
        scalar, unless `containers`: then the container's shape."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return "scalar"
        kinds = [k for k in schema_types(schema) if k != "null"]
        if "array" in kinds:
            item = self.field_shape(schema.get("items"), depth + 1)
            return "array" if item == "scalar" else "files" if item == "file" else "objects"
        if "object" in kinds or "properties" in schema or "additionalProperties" in schema:
            return "object"
        if "string" in kinds:
            media = schema.get("contentMediaType")
            if schema.get("format") == "binary" or "contentEncoding" in schema or (
                    isinstance(media, str) and not is_json(media)):
                return "file"
            return "scalar"
        parts = [p for key in ("allOf", "anyOf", "oneOf") for p in schema.get(key) or []
                 if not (isinstance(p, dict) and p.get("type") == "null")]
        shapes = {self.field_shape(part, depth + 1) for part in parts}
        if containers and len(shapes - {"scalar"}) == 1:
            return (shapes - {"scalar"}).pop()
        if len(shapes) == 1:
            return shapes.pop()
        return "object" if "object" in shapes else "scalar"

    def property_names(self, schema: Any, depth: int = 0) -> set[str]:
        """Top-level property names an object schema declares (through `allOf`)."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return set()
        names = set(schema.get("properties") or {}) if isinstance(
            schema.get("properties"), dict) else set()
        for part in schema.get("allOf") or []:
            names |= self.property_names(part, depth + 1)
        return names

    def field_wire(self, prop: Any, encoding: EncodingView, kind: BodyKind
                    ) -> dict[str, Any]:
        """`BodyField.shape`, `content_type`, `delimiter` and `deep_object` of a form or
        multipart field, from its schema and its `encoding` object. A form-urlencoded union of
        a container and scalars (Stripe's `anyOf: [object, {enum: [""]}]`) has the container's
        shape: the server then rebuilds the container, and a lone value that fits no container
        is read as the scalar."""
        shape = self.field_shape(prop, containers=kind == "form")
        content_type = ""
        delimiter = ""
        deep_object = False
        if kind == "multipart":
            declared = encoding.content_type
            content_type = declared.split(",")[0].strip() if declared is not None else ""
            target = self.deref(prop)
            if shape == "files" and isinstance(target, dict):
                target = self.deref(target.get("items"))
            media = target.get("contentMediaType") if isinstance(target, dict) else None
            if not content_type and shape in ("file", "files") and isinstance(media, str):
                content_type = media
        elif shape != "scalar":
            style = encoding.style or "form"
            explode = encoding.explode
            if style == "deepObject":
                deep_object = True
            elif shape == "array" and not (explode if explode is not None else style == "form"):
                delimiter = _FORM_DELIMITERS.get(style, ",")
        return {"shape": shape, "content_type": content_type, "delimiter": delimiter,
                "deep_object": deep_object}
