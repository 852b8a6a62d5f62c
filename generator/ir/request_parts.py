"""The IR builder's reading of an operation's request: its parameters and its body in each
media type (`build.py` puts them together with the responses into an `Operation`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..diagnostics import escape_pointer_token
from ..scopes import CLIENT_ARGUMENT
from ..spec.operations import OperationView
from ..spec.views import MediaTypeView, ParameterView, RequestBodyView, text
from .hints import SchemaReader, drop_none, is_nullable, request_body_kind
from .media import essence, wire_media_type
from .parts import BodyField, Parameter, RequestBody, TypeRef, with_none

_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
# The client's type for one file of a multipart body (defined in `_base.py`).
FILE_INPUT = "_base.FileInput"
# The field pydantic keeps a model's typed extra properties in (`additionalProperties`).
EXTRA_FIELD = "__pydantic_extra__"


class RequestReader(SchemaReader):
    """Parameters and request bodies, read from the spec and the generated models."""

    def parameter(self, param: ParameterView, taken: set[str]) -> Parameter:
        location = param.location
        wire = param.name
        settled = CLIENT_ARGUMENT.settle(wire, taken, fallback="param")
        if (name := settled.name) and settled.moved:
            self.spec.warn(f"{location} parameter {wire!r} is the client argument `{name}` "
                           f"(`{settled.spelled}` is the method's own)", param.pointer + "/name")
        taken.add(name)
        schema = param.schema
        type_ref: TypeRef | None = None
        if schema is None and param.has_content:
            _, type_ref = self.media_type(param.content)
        if type_ref is None:
            type_ref = self.schema_type(schema if schema is not None else {"type": "string"})
        type_ref = self.accepting(type_ref)
        style = param.style or _DEFAULT_STYLE[location]
        explode = param.explode
        required = location == "path" or param.required
        resolved = self.deref(schema)
        has_default = not required and isinstance(resolved, dict) and "default" in resolved \
            and resolved["default"] is not None
        return Parameter(
            name=name,
            wire_name=wire,
            location=location,  # type: ignore[arg-type]
            type=type_ref,
            required=required,
            description=param.description,
            style=style,
            explode=explode if explode is not None else style == "form",
            deprecated=param.deprecated,
            has_default=has_default,
            default=resolved["default"] if has_default else None,
        )

    def request_body(self, operation: OperationView, taken: set[str]) -> RequestBody | None:
        body = operation.request_body
        if body is None:
            return None
        content = body.content
        media, type_ref = self.media_type(content)
        if media is None or type_ref is None:
            return None
        before = set(taken)
        primary = self.body_media(body, media, type_ref, taken, body.pointer)
        alternatives: dict[tuple[str, str], RequestBody] = {essence(primary.content_type): primary}
        for other in content.values():
            alternative = self.body_media(body, other, self.media_hint(other), set(before))
            alternatives.setdefault(essence(alternative.content_type), alternative)
        del alternatives[essence(primary.content_type)]
        if not alternatives:
            return primary
        return replace(primary, alternatives=tuple(alternatives.values()),
                       media_argument=CLIENT_ARGUMENT.settle("content_type", taken).name)

    def body_media(self, body: RequestBodyView, media: MediaTypeView, type_ref: TypeRef,
                   taken: set[str], warn_at: str = "") -> RequestBody:
        """The request body in one of its media types (`warn_at`: where to report moves)."""
        fields: list[BodyField] = []
        content_type = media.media_type
        schema = media.schema
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        model = self.models.by_ref.get(ref) if isinstance(ref, str) else None
        where = ref[1:] if isinstance(ref, str) and ref.startswith("#/") else warn_at
        target = self.deref(schema)
        properties = self.properties_of(target) or None
        kind = request_body_kind(content_type, schema=self.schema_kind(media))
        if kind in ("form", "multipart"):
            if self.field_shape(schema) == "object":
                type_ref = self.schema_type(schema)
            else:  # e.g. a lone `format: binary` string: the caller's bytes, sent as they are
                kind = "binary"
        extra_argument = extra_hint = ""
        model_fields = self.models.fields_of(model) if model is not None else ()
        if [f.name for f in model_fields] == ["root"] and "root" not in (properties or {}):
            # A RootModel (a union, list or scalar body): its `root` is the whole body, which
            # travels as `body=`; there are no field arguments.
            model_fields = ()
        if model is not None and kind in ("json", "form", "multipart") \
                and isinstance(properties, dict):
            for field in model_fields:
                if field.name == EXTRA_FIELD:
                    # Typed `additionalProperties`: the model's extras, one mapping argument.
                    extra_hint = drop_none(self._qualified(field.type))
                    continue
                prop = properties.get(field.alias, {})
                settled = CLIENT_ARGUMENT.settle(field.alias, taken, spelled=field.name,
                                                 suffix="_body", suffix_taken=True)
                if (name := settled.name) and settled.moved and warn_at:
                    self.spec.warn(f"body field {field.alias!r} is the client argument "
                                   f"`{name}` (`{settled.spelled}` is the method's own)",
                                   f"{where}/properties/{escape_pointer_token(field.alias)}"
                                   if where != warn_at else where)
                taken.add(name)
                hint = self._qualified(field.type)
                nullable = is_nullable(self.deref(prop))
                if not field.required and not nullable:
                    hint = drop_none(hint)
                wire: dict[str, Any] = {}
                if kind != "json":
                    wire = self.field_wire(prop, media.encoding(field.alias), kind)
                    if wire["shape"] in ("file", "files"):
                        hint = FILE_INPUT if wire["shape"] == "file" else f"list[{FILE_INPUT}]"
                        hint = with_none(hint) if nullable else hint
                fields.append(BodyField(
                    name=name,
                    attribute=field.name,
                    wire_name=field.alias,
                    type=self.accepting(TypeRef(hint=hint, nullable=nullable)),
                    required=field.required,
                    description=text(self.deref(prop).get("description"))
                    if isinstance(self.deref(prop), dict) else "",
                    **wire,
                ))
        if extra_hint and fields:
            extra_argument = CLIENT_ARGUMENT.settle("extra_properties", taken).name
            taken.add(extra_argument)
        return RequestBody(
            extra_argument=extra_argument,
            extra_hint=extra_hint,
            content_type=wire_media_type(content_type, kind),
            declared_content_type=content_type,
            type=type_ref,
            required=body.required,
            description=body.description,
            fields=tuple(fields),
            body_kind=kind,
        )

