"""The server's view of the IR: what `templates/server/` prints besides the operations
themselves. Each `ServerOperation` holds the one `Operation` (built once, for client and server
alike) plus what only the server needs: the route, the handler's arguments and return type, the
replies it sends on its own, and the mock's answer. `ServerApi` is `Api.server`: the operations
in spec and in route order, and the import block every `server/` module opens with.

Public API for template authors, like `nodes.py` and `parts.py`: `docs/templates.md` is checked
against these docstrings. The values are made by `ir.server` in the one build pass; how a
handler argument is read (the FastAPI marker) is printed by `render.server_markers`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .parts import RequestBody, Response, with_none

if TYPE_CHECKING:  # the operation is the core's; this module only points at it
    from .nodes import Operation

HandlerSource = Literal["path", "query", "header", "cookie", "body", "credentials"]
ReadVia = Literal["fastapi", "styled", "body", "json", "text", "binary", "form", "media",
                  "credentials"]
# A module alias at the start of a dotted name in a hint: `_typing` in `_typing.Any`.
_ALIAS = re.compile(r"(?<![\w.])(_[A-Za-z0-9_]+)\.")


@dataclass(frozen=True)
class ValidationReply:
    """The declared error response a route answers a request that fails validation with
    (made by `ir.server_errors.ValidationReplies`)."""

    status: int
    """400 when that declaration is `400`, else 422 (for `422`, `4XX` and `default`)."""
    sample: Any = None
    """An inert instance of the declared body (None: the response declares no body)."""
    message_at: tuple[str | int, ...] | None = None
    """Where in `sample` the validation message goes (`()`: the whole body; None: nowhere)."""
    detail: bool = False
    """True when the declared schema takes FastAPI's own `{"detail": [...]}` body."""


@dataclass(frozen=True)
class ObjectLayout:
    """How the server reads an object parameter back from its pairs (see `_runtime.styled`)."""

    keys: tuple[str, ...] | None = None
    """Its property names when it admits no others; None otherwise."""
    arrays: tuple[tuple[str, ...], ...] = ()
    """Key paths of its array properties (`*`: any key)."""
    plain: bool = False
    """True when it also takes a scalar (a `oneOf` of an object and a string)."""


@dataclass(frozen=True)
class ArgumentRead:
    """How a route reads one handler argument off the request: what the IR decides. The
    `fastapi_marker` filter (`render/server_markers.py`) prints it as FastAPI code."""

    via: ReadVia
    """Who reads it: `fastapi` (FastAPI's own `Path`/`Query`/`Header`/`Cookie`), `styled`
    (`_runtime.styled`, as the parameter's style says), for a body `body` (FastAPI's `Body()`),
    `json`, `text`, `binary`, `form` (a form or multipart body) or `media` (a body offered in
    several media types), or `credentials` (the operation's security dependency)."""
    location: str = ""
    """The parameter's location (`path`, `query`, `header`, `cookie`); empty for a body."""
    key: str = ""
    """The name it is read under: the wire name, or for a path parameter the route's
    placeholder (the Python name)."""
    required: bool = True
    """False when the request may omit it."""
    kind: str = ""
    """The type hint the value is validated into by `_runtime` (`styled`, `json`, `form`)."""
    empty_list: bool = False
    """For `fastapi`: a required exploded array, absent when empty (it defaults to `[]`)."""
    style: str = ""
    """For `styled`: the parameter's `style`."""
    explode: bool = False
    """For `styled`: the parameter's `explode`."""
    shape: str = "scalar"
    """For `styled`: `scalar`, `array`, `object`, `objects` or `json`."""
    layout: ObjectLayout | None = None
    """For a `styled` object: how it is rebuilt from its pairs."""
    others: tuple[str, ...] = ()
    """For a `styled` form-exploded query object: the other query keys, which are not its own."""
    plain: bool = False
    """For a `styled` array: it also takes a scalar."""
    empty: str | None = None
    """For `styled`: what an empty value stands for (`flag` or `absent`, `allowEmptyValue`)."""
    body: RequestBody | None = None
    """For `form`: the body whose fields say how each travels (`BodyField.shape`)."""
    media: tuple[tuple[str, RequestBody], ...] = ()
    """For `media`: `type/subtype` (as a request's `Content-Type` is matched) and the body in
    that media type, default first."""


@dataclass(frozen=True)
class HandlerArgument:
    """One keyword argument of a server handler method (and of the route function calling it)."""

    name: str
    """Keyword name, unique within the operation (parameter names, then `body`, `credentials`)."""
    hint: str
    """Annotation in `server/handlers.py`; includes `| None` when the request may omit it."""
    source: HandlerSource
    """Where the value comes from: a parameter location, `body`, or `credentials` (what the
    security requirement accepted)."""
    wire_name: str
    """The parameter's name on the wire; empty for `body` and `credentials`."""
    required: bool
    """False when the request may omit it; the route then passes None."""
    read: ArgumentRead
    """How the route reads the value off the request; the `fastapi_marker` filter prints it as
    the FastAPI declaration of `Annotated[hint, marker]` (`_fastapi.Query(alias='limit')`)."""
    has_default: bool = False
    """True for a parameter whose spec `default` the route passes when the request omits it
    (the handler then never sees None, and `hint` has no `| None`)."""
    default: Any = None
    """That default, as JSON data (the route validates it into `hint` once)."""

    @property
    def route_hint(self) -> str:
        """Annotation in the route function, which receives None for an omitted parameter."""
        return with_none(self.hint) if self.has_default else self.hint


@dataclass(frozen=True)
class EchoField:
    """A request value the mock copies into the response body (the response declares the key)."""

    key: str
    """Top-level JSON key of the response body."""
    argument: str
    """Handler argument the value comes from (a parameter, or `body`)."""
    body_key: str = ""
    """When `argument` is the body: the body's JSON key holding the value; empty otherwise."""


@dataclass(frozen=True)
class MockStream:
    """The events the mock streams for an event-stream operation."""

    sample: Any
    """The data of each event (`pyrepr` it): the event type's sample, else the text `event`."""
    numbered: bool
    """True for an untyped stream: each event's text gets its number appended."""
    switch: str = ""
    """The handler argument (the request body) whose `wire_name` field turns streaming on;
    empty when the operation always streams."""
    wire_name: str = ""
    """That body field's JSON key."""

    @property
    def always(self) -> bool:
        """True when the operation always streams (no body field switches it on)."""
        return not self.switch


@dataclass(frozen=True)
class ServerOperation:
    """One operation as the server serves it: the IR `Operation` and the server's share."""

    operation: Operation
    """The operation (the same object `Api.operations` holds)."""
    route_path: str
    """`path` with each `{placeholder}` renamed to its parameter's Python name (the FastAPI
    route path; Starlette placeholders must be identifiers)."""
    handler_arguments: tuple[HandlerArgument, ...]
    """Keyword arguments of the server handler method: parameters, then `body`, then
    `credentials` (present when the operation has security)."""
    handler_return: str
    """Return annotation of the handler method: the success body type, `None`, or a union of
    the `reply_class`es when there are several success responses; for an event-stream
    operation `Events[<event type>]` (an async iterator), or the body type or that when a body
    field turns streaming on."""
    status_code: int
    """Status the server sends when the handler returns a plain value (the first success)."""
    response_model: str
    """The route's FastAPI `response_model` (for FastAPI's own docs when the router is mounted
    elsewhere; the server validates and shapes replies itself): the body type of the only JSON
    success response, else `None`."""
    unauthorized_body: Any
    """JSON body of the 401 the server sends for missing or rejected credentials: the sample of
    the spec's 401 (or `4XX`, or error `default`) response, else `{"detail": "Not
    authenticated"}`."""
    internal_error_body: Any
    """JSON body of the 500 the server sends when a handler fails unexpectedly: the sample of
    the spec's 500 (or `5XX`, or error `default`) response, else
    `{"detail": "Internal Server Error"}`."""
    validation_reply: ValidationReply | None
    """How the server answers a request that fails validation when the operation declares an
    error response for it (`422`, `400`, `4XX` or `default`); None: FastAPI's own 422."""
    mock_response: Response | None
    """The success response the mock answers with (the first one declared)."""
    mock_echo: tuple[EchoField, ...]
    """Request values the mock copies into `mock_response`'s body."""
    mock_stream: MockStream | None = None
    """What the mock streams: always, or when `switch` asks; None when it never streams."""
    route_requires: tuple[str, ...] = ()
    """Query keys a request must carry for this route to claim it: the required query
    parameters of a `#fragment` twin (Box's `/files/{id}#get_shared_link` beside `/files/{id}`);
    a request without them goes on to the twin registered after it."""
    route_body: str = ""
    """The type hint of the JSON body a request must carry for this route to claim it: a
    `#fragment` twin's body (Box's `POST /metadata_templates/schema#classifications` beside
    `/metadata_templates/schema`, which differ only by body); a request whose body does not
    validate as it goes on to the twin registered after it. Empty: any body."""

    @property
    def defaulted_arguments(self) -> tuple[HandlerArgument, ...]:
        """Handler arguments the route fills with the parameter's spec default when omitted."""
        return tuple(a for a in self.handler_arguments if a.has_default)


_TEMPLATE_PARAMETER = re.compile(r"\{[^/{}]*\}")


class _Template:
    """A path template as the router matches it."""

    def __init__(self, template: str) -> None:
        self.text = template
        parts = _TEMPLATE_PARAMETER.split(template)
        self.pattern = re.compile("[^/]+".join(re.escape(part) for part in parts))
        self.concrete = _TEMPLATE_PARAMETER.sub("\x00", template)

    def shadows(self, other: _Template) -> bool:
        """True when this template matches every URL of `other` but not the other way round:
        registered first, it would take `other`'s requests."""
        return (self.text != other.text and self.pattern.fullmatch(other.concrete) is not None
                and other.pattern.fullmatch(self.concrete) is None)


def shadows(first: str, second: str) -> bool:
    """True when route template `first` would take the requests of `second` if first."""
    return _Template(first).shadows(_Template(second))


def route_order(paths: list[str]) -> list[int]:
    """Indexes of `paths` in route registration order: each template goes before the first
    earlier one that shadows it, else last (so unrelated routes keep the spec's order)."""
    templates: dict[str, _Template] = {}
    ordered: list[tuple[_Template, int]] = []
    for index, path in enumerate(paths):
        template = templates.setdefault(path, _Template(path))
        at = next((i for i, (earlier, _) in enumerate(ordered) if earlier.shadows(template)),
                  len(ordered))
        ordered.insert(at, (template, index))
    return [index for _, index in ordered]


@dataclass(frozen=True)
class ServerImports:
    """What a `server/` module imports (from `ServerApi.imports`)."""

    stdlib: tuple[tuple[str, str], ...]
    """`(module, alias)` pairs of standard-library `import module as alias` lines, sorted."""
    third_party: tuple[tuple[str, str], ...]
    """The same for third-party modules (isort puts them in a section of their own)."""
    models: bool
    """True when a hint mentions `_models` (`from .. import models as _models`)."""
    credentials: bool
    """True when some handler takes `credentials` (the `Credentials` class)."""
    reply_classes: tuple[str, ...]
    """Every `Response.reply_class` of the API, sorted (empty when no operation has several
    success responses)."""
    events: bool = False
    """True when some operation streams events (handlers return `Events[...]`)."""


@dataclass(frozen=True)
class ServerApi:
    """The API as the server serves it: `api.server` in the templates."""

    operations: tuple[ServerOperation, ...] = ()
    """Every operation, in spec order (as `Api.operations`)."""
    type_imports: tuple[tuple[str, str], ...] = ()
    """`Api.type_imports`: the `(module, alias)` pairs hints may need."""

    @property
    def routes_by_body(self) -> bool:
        """True when some route claims requests by their body (`BufferedBody` must run)."""
        return any(op.route_body for op in self.operations)

    @property
    def operations_in_route_order(self) -> tuple[ServerOperation, ...]:
        """`operations` in the order the server registers their routes: spec order, except
        that a route comes before an earlier one whose template would also match its URLs
        (`/db/{name}:tags` before `/db/{name}`, `/pets/mine` before `/pets/{id}`): the router
        takes the first match, and OpenAPI matches the more concrete template. Among
        `#fragment` twins, the one requiring more query keys comes first (`route_requires`),
        and one claiming requests by their body (`route_body`) before one that does not."""
        paths = [op.operation.path for op in self.operations]
        ordered = [self.operations[i] for i in route_order(paths)]
        twins: dict[tuple[str, str], list[int]] = {}
        for index, op in enumerate(ordered):
            twins.setdefault((op.operation.method, op.route_path), []).append(index)
        for places in twins.values():
            if not any(ordered[i].route_requires or ordered[i].route_body for i in places):
                continue
            group = sorted((ordered[i] for i in places),
                           key=lambda op: (-len(op.route_requires), not op.route_body))
            for index, op in zip(places, group, strict=True):
                ordered[index] = op
        return tuple(ordered)

    def imports(self, *, errors: bool = False, extra: tuple[str, ...] = ()) -> ServerImports:
        """What a `server/` module printing the handler argument hints and the success response
        hints (and the error response hints when `errors`) must import; `extra` modules are
        added as `import module as _module` lines (dots become `_`)."""
        hints = [a.hint for op in self.operations for a in op.handler_arguments]
        hints += [r.type.hint for op in self.operations for r in op.operation.responses
                  if r.type is not None and (errors or r.is_success)]
        used = set(_ALIAS.findall(" ".join(hints)))
        pairs = {module: alias for module, alias in self.type_imports if alias in used}
        for module in extra:
            pairs.setdefault(module, "_" + module.replace(".", "_"))
        ordered = sorted(pairs.items())
        stdlib = tuple(p for p in ordered if p[0].split(".")[0] in sys.stdlib_module_names)
        return ServerImports(
            stdlib=stdlib,
            third_party=tuple(p for p in ordered if p not in stdlib),
            models="_models" in used,
            credentials=any(a.source == "credentials" for op in self.operations
                            for a in op.handler_arguments),
            reply_classes=tuple(sorted(r.reply_class for op in self.operations
                                       for r in op.operation.responses if r.reply_class)),
            events=any(op.operation.events is not None for op in self.operations),
        )
