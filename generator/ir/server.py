"""The server's share of an operation: handler arguments, reply classes, the route and the mock's
echoes. It reads the IR only: what it needs from the spec (`ServerFacts`) is read by `build.py`
in the one pass that builds the operation. Every decision the server, mock and routes templates
print is made here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import naming
from ..literals import pystr
from ..scopes import HANDLER_ARGUMENT, SERVER_MODULE_NAMES
from .media import essence
from .nodes import Operation, ValidationReply
from .parts import (
    EchoField,
    HandlerArgument,
    Parameter,
    RequestBody,
    Response,
    with_none,
)

_PLACEHOLDER = re.compile(r"{([^}/]+)}")
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




def http_status(response: Response) -> int:
    """The code a server sends for `response` (ranges send their first code)."""
    if response.status_code is not None:
        return response.status_code
    if response.status.endswith("XX"):
        return int(response.status[0]) * 100
    return 200 if response.is_success else 500


@dataclass(frozen=True)
class ObjectLayout:
    """How the server reads an object parameter back from its pairs (see `_runtime.styled`)."""

    keys: tuple[str, ...] | None = None
    """Its property names when it admits no others; None otherwise."""
    arrays: tuple[tuple[str, ...], ...] = ()
    """Key paths of its array properties (`*`: any key)."""
    plain: bool = False
    """True when it also takes a scalar (a `oneOf` of an object and a string)."""


def _layout_arguments(param: Parameter, layout: ObjectLayout | None,
                      others: tuple[str, ...]) -> str:
    """The `_runtime.styled` keyword arguments describing an object parameter."""
    if layout is None:
        return ""
    text = ""
    if param.location == "query" and param.style == "form" and param.explode and others:
        text += f", others=({''.join(pystr(o) + ', ' for o in others)})"
    if layout.keys is not None:
        text += f", keys=({''.join(pystr(k) + ', ' for k in layout.keys)})"
    if layout.arrays:
        paths = "".join("(" + "".join(pystr(k) + ", " for k in path) + "), "
                        for path in layout.arrays)
        text += f", arrays=({paths})"
    if layout.plain:
        text += ", plain=True"
    return text


def _marker(param: Parameter, shape: str | None, *, retyped: bool = False,
            empty: str | None = None,
            layout: ObjectLayout | None = None, others: tuple[str, ...] = ()) -> str:
    """FastAPI reads scalars and repeated query parameters itself; anything else (objects,
    delimited arrays, JSON-encoded values) is read by `_runtime.styled` as its style says.
    So are the parameters pydantic cannot read from their text (`retyped`): integer enums
    (pydantic never turns the text `"2"` into the choice `2`) and schemas that admit null (the
    text `null` is null); `_runtime.styled` does. So are those whose empty value stands for
    something (`empty`: `allowEmptyValue`, see `ParameterShapes.empty_value`)."""
    plain = layout is not None and layout.plain
    native = not retyped and empty is None and not plain and (shape is None or (
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
        f"kind={param.type.hint}, required={param.required}"
        f"{_layout_arguments(param, layout if shape == 'object' else None, others)}"
        f"{', plain=True' if plain and shape == 'array' else ''}"
        f"{f', empty={pystr(empty)}' if empty else ''}))"
    )


def _form_marker(body: RequestBody) -> str:
    return f"_fastapi.Depends({_form_reader(body)})"


def _form_reader(body: RequestBody) -> str:
    """`_runtime.form_body` for a form or multipart body: the model, and how the fields that are
    not plain scalars travel (see `BodyField.shape`)."""
    shapes = ", ".join(f"{pystr(f.wire_name)}: {pystr(f.shape)}" for f in body.fields
                       if f.shape != "scalar")
    delimiters = ", ".join(f"{pystr(f.wire_name)}: {pystr(f.delimiter)}"
                           for f in body.delimited_fields)
    deep = "".join(f"{pystr(f.wire_name)}, " for f in body.deep_fields)
    return (f"_runtime.form_body({body.type.hint}, required={body.required}"
            + (f", shapes={{{shapes}}}" if shapes else "")
            + (f", delimiters={{{delimiters}}}" if delimiters else "")
            + (f", deep=({deep})" if deep else "") + ")")


_READERS = {"text": "_runtime.read_text", "binary": "_runtime.read_bytes",
            "empty": "_runtime.read_bytes"}


def _media_marker(body: RequestBody) -> str:
    """`_runtime.any_body` for a body offered in several media types: a reader per media type
    (the request's `Content-Type` picks one; without one, the first, the default)."""
    readers = []
    for media in body.media_types:
        if media.body_kind == "json":
            reader = f"_runtime.json_body({media.type.hint})"
        elif media.body_kind in ("form", "multipart"):
            reader = _form_reader(media)
        else:
            reader = _READERS[media.body_kind]
        readers.append(f"{pystr(essence_text(media.content_type))}: {reader}")
    return (f"_fastapi.Depends(_runtime.any_body({{{', '.join(readers)}}}, "
            f"required={body.required}))")


def _fastapi_reads_json(media_type: str) -> bool:
    """True when FastAPI's `Body()` decodes a body of `media_type` as JSON (`application/json`
    and `application/*+json`); other JSON media types (`text/json`) are read by
    `_runtime.json_body`."""
    kind, subtype = essence(media_type)
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def essence_text(media_type: str) -> str:
    """`type/subtype` of a media type, as the server matches a request's `Content-Type`."""
    return "/".join(essence(media_type))


def handler_arguments(op: Operation, shapes: Mapping[str, str | None] | None = None,
                      retyped: frozenset[str] = frozenset(),
                      layouts: Mapping[str, ObjectLayout] | None = None,
                      credential_keys: tuple[str, ...] = (),
                      empty_values: Mapping[str, str] | None = None,
                      ) -> tuple[HandlerArgument, ...]:
    """`shapes`: parameter name -> `object`, `array` or `json` for parameters that are not
    plain scalars (see `_ServerBuilder.parameter_shape`); `retyped`: names of the
    parameters whose text pydantic cannot read itself (`ParameterShapes.retyped`);
    `layouts`: parameter name -> how an object parameter is read back; `credential_keys`:
    the query keys credentials travel in; `empty_values`: parameter name -> what its empty value
    stands for (`flag` or `absent`, see `ParameterShapes.empty_value`)."""
    empty_values = empty_values or {}
    shapes = shapes or {}
    layouts = layouts or {}
    taken = {p.name for p in op.parameters}
    query = [*(p.wire_name for p in op.parameters_in("query")), *credential_keys]
    arguments = [
        HandlerArgument(
            name=p.name,
            hint=p.type.hint if p.required or p.has_default else with_none(p.type.hint),
            source=p.location,
            wire_name=p.wire_name,
            required=p.required,
            marker=_marker(p, shapes.get(p.name), retyped=p.name in retyped,
                           empty=empty_values.get(p.name),
                           layout=layouts.get(p.name),
                           others=tuple(w for w in query if w != p.wire_name)),
            has_default=p.has_default,
            default=p.default,
        )
        for p in op.parameters
    ]
    if op.body is not None:
        name = HANDLER_ARGUMENT.settle("body", taken).name
        taken.add(name)
        kind = op.body.body_kind if op.body.body_kind != "empty" else "binary"
        hint = op.body.accepted_hint
        if op.body.alternatives:
            marker = _media_marker(op.body)
        elif kind == "json" and not _fastapi_reads_json(op.body.content_type):
            marker = (f"_fastapi.Depends(_runtime.json_body({op.body.type.hint}, "
                      f"required={op.body.required}))")
        elif kind in ("form", "multipart"):
            marker = _form_marker(op.body)
        else:
            marker = _BODY_MARKERS[(kind, op.body.required)]
        arguments.append(HandlerArgument(
            name=name,
            hint=hint if op.body.required else with_none(hint),
            source="body",
            wire_name="",
            required=op.body.required,
            marker=marker,
        ))
    if op.security:
        anonymous = () in op.security
        arguments.append(HandlerArgument(
            name=HANDLER_ARGUMENT.settle("credentials", taken).name,
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
    names = {param.wire_name: param.name for param in op.parameters_in("path")}
    # One pass: a placeholder renamed to a name that is another's wire name stays renamed.
    return _PLACEHOLDER.sub(lambda m: "{" + names.get(m.group(1), m.group(1)) + "}",
                            op.path.partition("#")[0])


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


@dataclass(frozen=True)
class ServerFacts:
    """What the server's share of an operation takes from the spec besides the operation
    itself, read by `build.py` in the same pass that builds the operation."""

    shapes: Mapping[str, str | None] = field(default_factory=dict)
    """Parameter name -> `object`, `array`, `objects`, `json`, or None for a plain scalar."""
    retyped: frozenset[str] = frozenset()
    """Names of the parameters whose text (or items') pydantic cannot read itself: integer
    enums, schemas that admit null (`ParameterShapes.retyped`)."""
    layouts: Mapping[str, ObjectLayout] = field(default_factory=dict)
    """Parameter name -> how an object parameter is read back from its pairs."""
    credential_keys: tuple[str, ...] = ()
    """Query keys the operation's API key schemes travel in (no object parameter's own)."""
    empty_values: Mapping[str, str] = field(default_factory=dict)
    """Parameter name -> what its empty value stands for (`ParameterShapes.empty_value`)."""
    twin: bool = False
    """True when another operation has the same method and path but for a `#fragment`."""
    echo_keys: frozenset[str] = frozenset()
    """Top-level property names of the first success response's JSON schema."""
    validation_reply: ValidationReply | None = None
    """The declared error response a failed validation is answered with (see
    `server_errors`); None: FastAPI's own 422."""


def _reply(response: Response, reply_class: str) -> Response:
    return replace(response, http_status=http_status(response), reply_class=reply_class)


def _echo(op: Operation, arguments: tuple[HandlerArgument, ...],
          keys: frozenset[str]) -> tuple[EchoField, ...]:
    response = op.success_responses[0] if op.success_responses else None
    if response is None or response.body_kind != "json":
        return ()
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


def server_operation(op: Operation, facts: ServerFacts, classes: set[str] | None = None
                     ) -> Operation:
    """`op` with its server fields filled in: reply classes and status codes, handler
    arguments, the FastAPI route and the mock's answers. `classes`: the reply classes of the
    operations before, which this one's may not repeat (`get_foo_2` and `get_foo2` both spell
    `GetFoo2`); it receives this one's."""
    successes = op.success_responses
    several = len(successes) > 1
    base = naming.pascal_case(op.name) or "Operation"
    taken = classes if classes is not None else set()

    def reply_names(stem: str) -> list[str]:
        return [f"{stem}{r.status[:1].upper()}{r.status[1:]}Response" for r in successes]

    stem, n = base, 2
    while several and (set(reply_names(stem)) & (taken | SERVER_MODULE_NAMES)):
        stem, n = f"{base}{n}", n + 1
    if several:
        taken |= set(reply_names(stem))
    responses = tuple(
        _reply(r, f"{stem}{r.status[:1].upper()}{r.status[1:]}Response"
                      if several and r.is_success else "")
        for r in op.responses
    )
    op = replace(op, responses=responses)
    arguments = handler_arguments(op, facts.shapes, facts.retyped, facts.layouts,
                                  facts.credential_keys, facts.empty_values)
    first = op.success_responses[0] if op.success_responses else None
    if several:
        returns = " | ".join(r.reply_class for r in op.success_responses)
    else:
        returns = first.type.hint if first is not None and first.type is not None else "None"
    return replace(
        op,
        route_path=route_path(op),
        route_requires=tuple(p.wire_name for p in op.parameters_in("query") if p.required)
        if facts.twin and "#" in op.path else (),
        handler_arguments=arguments,
        handler_return=returns,
        status_code=first.http_status if first is not None else 200,
        response_model=first.type.hint if first is not None and first.type is not None
        and first.body_kind == "json" and not several else "None",
        unauthorized_body=_error_body(op, 401, NOT_AUTHENTICATED),
        internal_error_body=_error_body(op, 500, INTERNAL_ERROR),
        validation_reply=facts.validation_reply,
        mock_response=first,
        mock_echo=_echo(op, arguments, facts.echo_keys),
    )
