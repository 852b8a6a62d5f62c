"""The server's share of an operation (`server_nodes.ServerOperation`): handler arguments, reply
classes, the route and the mock's echoes. It reads the IR only: what it needs from the spec
(`ServerFacts`) is read by `build.py` in the one pass that builds the operation. Every decision
the server, mock and routes templates print is made here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import naming
from ..scopes import HANDLER_ARGUMENT, SERVER_MODULE_NAMES
from .media import essence
from .nodes import Operation
from .parts import Parameter, RequestBody, Response, with_none
from .server_nodes import (
    ArgumentRead,
    EchoField,
    HandlerArgument,
    MockStream,
    ObjectLayout,
    ServerOperation,
    ValidationReply,
)

_PLACEHOLDER = re.compile(r"{([^}/]+)}")
NOT_AUTHENTICATED: dict[str, Any] = {"detail": "Not authenticated"}
INTERNAL_ERROR: dict[str, Any] = {"detail": "Internal Server Error"}


def http_status(response: Response) -> int:
    """The code a server sends for `response` (ranges send their first code)."""
    if response.status_code is not None:
        return response.status_code
    if response.status.endswith("XX"):
        return int(response.status[0]) * 100
    return 200 if response.is_success else 500


def _parameter_read(param: Parameter, shape: str | None, *, retyped: bool = False,
                    empty: str | None = None, layout: ObjectLayout | None = None,
                    others: tuple[str, ...] = ()) -> ArgumentRead:
    """FastAPI reads scalars and repeated query parameters itself; anything else (objects,
    delimited arrays, JSON-encoded values) is read by `_runtime.styled` as its style says.
    So are the parameters pydantic cannot read from their text (`retyped`): integer enums
    (pydantic never turns the text `"2"` into the choice `2`) and schemas that admit null (the
    text `null` is null); `_runtime.styled` does. So are those whose empty value stands for
    something (`empty`: `allowEmptyValue`, see `ParameterShapes.empty_value`)."""
    plain = layout is not None and layout.plain
    form_exploded = param.location == "query" and param.style == "form" and param.explode
    native = not retyped and empty is None and not plain and (
        shape is None or (shape == "array" and form_exploded))
    if native:
        # An empty exploded array is sent as no pair at all: absent means [].
        return ArgumentRead(via="fastapi", location=param.location, key=param.wire_name,
                            required=param.required,
                            empty_list=shape == "array" and param.required)
    layout = layout if shape == "object" else None
    return ArgumentRead(
        via="styled",
        location=param.location,
        # A path parameter is read from the route's placeholder, which bears its Python name.
        key=param.name if param.location == "path" else param.wire_name,
        required=param.required,
        kind=param.type.hint,
        style=param.style,
        explode=param.explode,
        shape=shape or "scalar",
        layout=layout,
        others=others if layout is not None and form_exploded else (),
        plain=plain and shape == "array",
        empty=empty,
    )


def _body_read(body: RequestBody) -> ArgumentRead:
    """How the route reads the request body: FastAPI's `Body()` for the JSON it decodes itself,
    else a `_runtime` reader for its kind, or one per media type when it is offered in several."""
    if body.alternatives:
        return ArgumentRead(via="media", required=body.required,
                            media=tuple((essence_text(m.content_type), m)
                                        for m in body.media_types))
    kind = body.body_kind
    if kind == "json":
        if _fastapi_reads_json(body.content_type):
            return ArgumentRead(via="body", required=body.required)
        return ArgumentRead(via="json", required=body.required, kind=body.type.hint)
    if kind in ("form", "multipart"):
        return ArgumentRead(via="form", required=body.required, kind=body.type.hint, body=body)
    return ArgumentRead(via="text" if kind == "text" else "binary", required=body.required)


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
            read=_parameter_read(p, shapes.get(p.name), retyped=p.name in retyped,
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
        hint = op.body.accepted_hint
        arguments.append(HandlerArgument(
            name=name,
            hint=hint if op.body.required else with_none(hint),
            source="body",
            wire_name="",
            required=op.body.required,
            read=_body_read(op.body),
        ))
    if op.security:
        anonymous = () in op.security
        arguments.append(HandlerArgument(
            name=HANDLER_ARGUMENT.settle("credentials", taken).name,
            hint="Credentials | None" if anonymous else "Credentials",
            source="credentials",
            wire_name="",
            required=not anonymous,
            read=ArgumentRead(via="credentials", required=not anonymous),
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


def reply_responses(name: str, responses: list[Response], classes: set[str]
                    ) -> list[Response]:
    """`responses` with the code the server sends for each and, when there are several success
    responses, the class a handler returns to choose each one. `classes`: the reply classes of
    the operations before, which this one's may not repeat (`get_foo_2` and `get_foo2` both
    spell `GetFoo2`); it receives this one's."""
    successes = [r for r in responses if r.is_success]
    several = len(successes) > 1
    base = naming.pascal_case(name) or "Operation"

    def reply_names(stem: str) -> list[str]:
        return [f"{stem}{r.status[:1].upper()}{r.status[1:]}Response" for r in successes]

    stem, n = base, 2
    while several and (set(reply_names(stem)) & (classes | SERVER_MODULE_NAMES)):
        stem, n = f"{base}{n}", n + 1
    if several:
        classes |= set(reply_names(stem))
    return [_reply(r, f"{stem}{r.status[:1].upper()}{r.status[1:]}Response"
                      if several and r.is_success else "")
            for r in responses]


def server_operation(op: Operation, facts: ServerFacts) -> ServerOperation:
    """The server's share of `op` (whose responses carry their reply classes, see
    `reply_responses`): handler arguments, the FastAPI route and the mock's answers."""
    arguments = handler_arguments(op, facts.shapes, facts.retyped, facts.layouts,
                                  facts.credential_keys, facts.empty_values)
    successes = op.success_responses
    several = len(successes) > 1
    first = successes[0] if successes else None
    if several:
        returns = " | ".join(r.reply_class for r in successes)
    else:
        returns = first.type.hint if first is not None and first.type is not None else "None"
    if op.events is not None:
        stream = f"Events[{op.events.type.hint if op.events.type is not None else 'object'}]"
        returns = f"{returns} | {stream}" if op.events.param else stream
    return ServerOperation(
        operation=op,
        route_path=route_path(op),
        route_requires=tuple(p.wire_name for p in op.parameters_in("query") if p.required)
        if facts.twin and "#" in op.path else (),
        route_body=op.body.type.hint if facts.twin and "#" in op.path and op.body is not None
        and op.body.body_kind == "json" and not op.body.alternatives else "",
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
        mock_stream=_mock_stream(op, arguments),
    )


def _mock_stream(op: Operation, arguments: tuple[HandlerArgument, ...]) -> MockStream | None:
    """What the mock streams: the event sample (an untyped stream: numbered text), always, or
    when the body's switching field is true."""
    if op.events is None:
        return None
    typed = op.events.type is not None
    sample = op.events.sample if typed else "event"
    if not op.events.param:
        return MockStream(sample=sample, numbered=not typed)
    body = next((a.name for a in arguments if a.source == "body"), "")
    if not body:
        return None
    return MockStream(sample=sample, numbered=not typed, switch=body,
                      wire_name=op.events.wire_name)
