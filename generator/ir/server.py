"""The server's share of the IR: handler arguments, reply classes, samples and mock echoes.

Runs once over the operations `build.py` made (it needs them whole: names are settled, responses
classified) and fills the server fields with `dataclasses.replace`. Every decision the server,
mock and routes templates print is made here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .. import naming
from ..literals import pystr
from ..spec.document import Spec
from ..spec.walk import MAX_DEPTH, iter_operations, schema_types
from .nodes import EchoField, HandlerArgument, Operation, Parameter, RequestBody, Response
from .samples import Synthesizer

NOT_AUTHENTICATED: dict[str, Any] = {"detail": "Not authenticated"}
INTERNAL_ERROR: dict[str, Any] = {"detail": "Internal Server Error"}
_MARKERS = {
    "path": "_fastapi.Path()",
    "query": "_fastapi.Query(alias={wire})",
    "header": "_fastapi.Header(alias={wire}, convert_underscores=False)",
    "cookie": "_fastapi.Cookie(alias={wire})",
}
_BODY_MARKERS = {
    ("json", True): "_fastapi.Body()",
    ("json", False): "_fastapi.Body()",
    ("text", True): "_fastapi.Depends(_runtime.read_text)",
    ("text", False): "_fastapi.Depends(_runtime.read_optional_text)",
    ("binary", True): "_fastapi.Depends(_runtime.read_bytes)",
    ("binary", False): "_fastapi.Depends(_runtime.read_optional_bytes)",
}


def _optional(hint: str) -> str:
    return hint if hint == "None" or hint.endswith("| None") else f"{hint} | None"


def http_status(response: Response) -> int:
    """The code a server sends for `response` (ranges send their first code)."""
    if response.status_code is not None:
        return response.status_code
    if response.status.endswith("XX"):
        return int(response.status[0]) * 100
    return 200 if response.is_success else 500


def _marker(param: Parameter, shape: str | None, *, numeric_choice: bool = False) -> str:
    """FastAPI reads scalars and repeated query parameters itself; anything else (objects,
    delimited arrays, JSON-encoded values) is read by `_runtime.styled` as its style says.
    So are integer enums (`numeric_choice`): pydantic never turns the text `"2"` into the
    choice `2`, `_runtime.styled` does."""
    native = not numeric_choice and (shape is None or (
        shape == "array" and param.location == "query" and param.style == "form"
        and param.explode))
    if native and shape == "array" and param.required:
        # An empty exploded array is sent as no pair at all: absent means [].
        return f"_fastapi.Query(alias={pystr(param.wire_name)}, default_factory=list)"
    if native:
        return _MARKERS[param.location].format(wire=pystr(param.wire_name))
    # A path parameter is read from the route's placeholder, which bears its Python name.
    key = param.name if param.location == "path" else param.wire_name
    return (
        f"_fastapi.Depends(_runtime.styled({pystr(param.location)}, {pystr(key)}, "
        f"style={pystr(param.style)}, explode={param.explode}, shape={pystr(shape or 'scalar')}, "
        f"kind={param.type.hint}, required={param.required}))"
    )


def _form_marker(body: RequestBody) -> str:
    """`_runtime.form_body` for a form or multipart body: the model, and how the fields that are
    not plain scalars travel (see `BodyField.shape`)."""
    shapes = ", ".join(f"{pystr(f.wire_name)}: {pystr(f.shape)}" for f in body.fields
                       if f.shape != "scalar")
    delimiters = ", ".join(f"{pystr(f.wire_name)}: {pystr(f.delimiter)}"
                           for f in body.delimited_fields)
    deep = "".join(f"{pystr(f.wire_name)}, " for f in body.deep_fields)
    return (f"_fastapi.Depends(_runtime.form_body({body.type.hint}, required={body.required}"
            + (f", shapes={{{shapes}}}" if shapes else "")
            + (f", delimiters={{{delimiters}}}" if delimiters else "")
            + (f", deep=({deep})" if deep else "") + "))")


def handler_arguments(op: Operation, shapes: Mapping[str, str | None] | None = None,
                      numeric_choices: frozenset[str] = frozenset()
                      ) -> tuple[HandlerArgument, ...]:
    """`shapes`: parameter name -> `object`, `array` or `json` for parameters that are not
    plain scalars (see `_ServerBuilder.parameter_shape`); `numeric_choices`: names of the
    parameters whose values (or items) are integer enums (`_ServerBuilder.numeric_choice`)."""
    shapes = shapes or {}
    taken = {p.name for p in op.parameters}
    arguments = [
        HandlerArgument(
            name=p.name,
            hint=p.type.hint if p.required or p.has_default else _optional(p.type.hint),
            source=p.location,
            wire_name=p.wire_name,
            required=p.required,
            marker=_marker(p, shapes.get(p.name), numeric_choice=p.name in numeric_choices),
            has_default=p.has_default,
            default=p.default,
        )
        for p in op.parameters
    ]
    if op.body is not None:
        name = naming.unique("body", taken)
        taken.add(name)
        kind = op.body.body_kind if op.body.body_kind != "empty" else "binary"
        arguments.append(HandlerArgument(
            name=name,
            hint=op.body.type.hint if op.body.required else _optional(op.body.type.hint),
            source="body",
            wire_name="",
            required=op.body.required,
            marker=_form_marker(op.body) if kind in ("form", "multipart")
            else _BODY_MARKERS[(kind, op.body.required)],
        ))
    if op.security:
        anonymous = () in op.security
        arguments.append(HandlerArgument(
            name=naming.unique("credentials", taken),
            hint="Credentials | None" if anonymous else "Credentials",
            source="credentials",
            wire_name="",
            required=not anonymous,
            marker="",
        ))
    return tuple(arguments)


def route_path(op: Operation) -> str:
    """The FastAPI route path. A `#fragment` (Box tells apart `/shared_items` and
    `/shared_items#web_links` with one) never reaches a server: it is dropped."""
    path = op.path.partition("#")[0]
    for param in op.parameters_in("path"):
        path = path.replace("{" + param.wire_name + "}", "{" + param.name + "}")
    return path


def _error_body(op: Operation, status: int, fallback: dict[str, Any]) -> Any:
    """The sample of the response declared for `status` (exact, range, then `default`)."""
    wanted = (str(status), f"{status // 100}XX", "default")
    for key in wanted:
        for response in op.error_responses:
            if response.status != key:
                continue
            if response.content_type is None:
                return None
            return response.sample if response.has_sample else fallback
    return fallback


class _ServerBuilder:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.synthesizer = Synthesizer(spec.data, resolve=spec.resolve)
        self.raw: dict[tuple[str, str], dict[str, Any]] = {
            (path, method.upper()): op for path, method, op, _ in iter_operations(spec.data)
        }

    def deref(self, value: Any) -> Any:
        return self.spec.deref(value)

    def response_schema(self, op: Operation, response: Response) -> Any:
        raw = self.raw.get((op.path, op.method), {})
        declared = self.deref((raw.get("responses") or {}).get(response.status))
        content = declared.get("content") if isinstance(declared, dict) else None
        if not isinstance(content, dict) or response.content_type not in content:
            return None
        media = content[response.content_type]
        return media.get("schema", {}) if isinstance(media, dict) else {}

    def declared_parameter(self, op: Operation, param: Parameter) -> Any:
        """The spec's declaration of `param` (the operation's overrides the path item's)."""
        item = self.deref((self.spec.data.get("paths") or {}).get(op.path))
        raw = self.raw.get((op.path, op.method), {})
        declared: Any = None
        for source in (item, raw):
            for value in (source.get("parameters") if isinstance(source, dict) else None) or []:
                candidate = self.deref(value)
                if isinstance(candidate, dict) and candidate.get("in") == param.location \
                        and candidate.get("name") == param.wire_name:
                    declared = candidate
        return declared

    def numeric_choice(self, op: Operation, param: Parameter) -> bool:
        """True when the parameter (or each item of it) is an integer enum or const."""
        declared = self.declared_parameter(op, param)
        schema = self.deref(declared.get("schema")) if isinstance(declared, dict) else None
        if isinstance(schema, dict) and "items" in schema:
            schema = self.deref(schema["items"])
        if not isinstance(schema, dict):
            return False
        enum = schema.get("enum")
        choices: list[Any] = list(enum) if isinstance(enum, list) else []
        if "const" in schema:
            choices.append(schema["const"])
        return any(isinstance(c, int) and not isinstance(c, bool) for c in choices)

    def parameter_shape(self, op: Operation, param: Parameter) -> str | None:
        """`object`, `array` (of scalars), `objects` (an array of objects or arrays, each item
        JSON), `json` (a `content` parameter holding an object or array) or None (a scalar) for
        the parameter's declared schema."""
        declared = self.declared_parameter(op, param)
        if not isinstance(declared, dict):
            return None
        if "schema" not in declared and isinstance(declared.get("content"), dict):
            media = next(iter(declared["content"].values()), None)
            schema = media.get("schema") if isinstance(media, dict) else None
            return "json" if self.schema_shape(schema) else None
        return self.schema_shape(declared.get("schema"))

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
        return "array" if shapes == {"array"} else None

    def properties(self, schema: Any, depth: int = 0) -> set[str]:
        """Top-level property names an object schema declares (through `allOf`)."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return set()
        names = set(schema.get("properties") or {}) if isinstance(
            schema.get("properties"), dict) else set()
        for part in schema.get("allOf") or []:
            names |= self.properties(part, depth + 1)
        return names

    def response(self, op: Operation, response: Response, reply_class: str) -> Response:
        sample: Any = None
        has_sample = False
        if response.body_kind == "json":
            schema = self.response_schema(op, response)
            text = "string" if response.is_success else (response.description or "error")
            examples = (response.example,) if response.has_example else ()
            sample, has_sample = self.synthesizer.sample(schema, text=text, examples=examples)
        return replace(response, sample=sample, has_sample=has_sample,
                       http_status=http_status(response), reply_class=reply_class)

    def echo(self, op: Operation, arguments: tuple[HandlerArgument, ...]) -> tuple[EchoField, ...]:
        response = op.success_responses[0] if op.success_responses else None
        if response is None or response.body_kind != "json":
            return ()
        keys = self.properties(self.response_schema(op, response))
        echoes: dict[str, EchoField] = {}
        for param in op.parameters:
            if param.wire_name in keys:
                echoes.setdefault(param.wire_name, EchoField(param.wire_name, param.name))
        path_params = op.parameters_in("path")
        # The last path parameter names the resource the response describes.
        if path_params and "id" in keys and "id" not in echoes:
            last = path_params[-1]
            if naming.snake_case(last.wire_name).split("_")[-1] == "id":
                echoes["id"] = EchoField("id", last.name)
        body = next((a for a in arguments if a.source == "body"), None)
        if body is not None and op.body is not None:
            for body_field in op.body.fields:
                # Uploaded files are not echoed: their bytes are no JSON value.
                if body_field.wire_name in keys and body_field.shape not in ("file", "files"):
                    echoes.setdefault(body_field.wire_name, EchoField(
                        body_field.wire_name, body.name, body_key=body_field.wire_name))
        return tuple(echoes.values())

    def operation(self, op: Operation) -> Operation:
        successes = op.success_responses
        several = len(successes) > 1
        stem = naming.pascal_case(op.name) or "Operation"
        responses = tuple(
            self.response(op, r, f"{stem}{r.status[:1].upper()}{r.status[1:]}Response"
                          if several and r.is_success else "")
            for r in op.responses
        )
        op = replace(op, responses=responses)
        arguments = handler_arguments(
            op, {p.name: self.parameter_shape(op, p) for p in op.parameters},
            frozenset(p.name for p in op.parameters if self.numeric_choice(op, p)))
        first = op.success_responses[0] if op.success_responses else None
        if several:
            returns = " | ".join(r.reply_class for r in op.success_responses)
        else:
            returns = first.type.hint if first is not None and first.type is not None else "None"
        return replace(
            op,
            route_path=route_path(op),
            handler_arguments=arguments,
            handler_return=returns,
            status_code=first.http_status if first is not None else 200,
            response_model=first.type.hint if first is not None and first.type is not None
            and first.body_kind == "json" and not several else "None",
            unauthorized_body=_error_body(op, 401, NOT_AUTHENTICATED),
            internal_error_body=_error_body(op, 500, INTERNAL_ERROR),
            mock_response=first,
            mock_echo=self.echo(op, arguments),
        )


def complete_operations(spec: Spec, operations: list[Operation]) -> list[Operation]:
    """`operations` with their server fields filled in."""
    builder = _ServerBuilder(spec)
    return [builder.operation(op) for op in operations]
