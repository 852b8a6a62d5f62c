"""The parts of an operation in the IR: types, parameters, bodies, responses and security
schemes. `nodes.py` holds the operation and the API around them; `server_nodes.py` the server's
view of them.

With `nodes.py`, public API for template authors: `docs/templates.md` is checked against these
docstrings. Every decision (identifiers, type hints, status classification, resource grouping) is
made in `build.py`; templates only loop over these values and print them through the filters
(`pystr`, `pyrepr`, `docstring`, `comment`) that keep spec strings inert.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Literal

ParameterLocation = Literal["path", "query", "header", "cookie"]
SecurityKind = Literal["http_bearer", "http_basic", "api_key", "oauth2", "openid_connect",
                       "unsupported"]
BodyKind = Literal["json", "form", "multipart", "text", "binary", "empty", "sse"]
FieldShape = Literal["scalar", "array", "object", "objects", "file", "files"]


def with_none(hint: str) -> str:
    """`hint | None`, unless None is already one of the union's members (`bool | None`,
    `None | int`, `None`): the one place a hint is made optional."""
    try:
        node = ast.parse(hint, mode="eval").body
    except SyntaxError:
        return f"{hint} | None"
    stack = [node]
    while stack:
        member = stack.pop()
        if isinstance(member, ast.BinOp) and isinstance(member.op, ast.BitOr):
            stack += [member.left, member.right]
        elif isinstance(member, ast.Constant) and member.value is None:
            return hint
    return f"{hint} | None"


@dataclass(frozen=True)
class TypeRef:
    """A Python type as it is written in generated modules other than `models.py`.

    `hint` refers to model classes as `_models.Name` and to library types through module
    aliases listed in `Api.type_imports` (e.g. `_typing.Any`, `_pydantic.AwareDatetime`).
    """

    hint: str
    """Annotation text, e.g. `_models.Model`, `list[str]`, `dict[str, _typing.Any]`."""
    model: str | None = None
    """Class name in `models.py` when the type is exactly one model class, else None."""
    nullable: bool = False
    """True when the schema admits JSON `null` (the hint then includes `None`)."""
    accepts: str = ""
    """For a client argument, when it takes more than `hint`: `hint` with each enum model also
    taking its plain values (a `Literal`) and each named primitive schema its primitive
    (`_models.AccessToken | str`); empty otherwise. See `argument_hint`."""

    @property
    def argument_hint(self) -> str:
        """The annotation of a client argument of this type (`accepts`, else `hint`)."""
        return self.accepts or self.hint


@dataclass(frozen=True)
class BodyField:
    """One top-level property of an object request body (JSON, form or multipart), offered as a
    keyword argument."""

    name: str
    """Keyword argument name, unique among the operation's arguments."""
    attribute: str
    """The model's attribute name for this property."""
    wire_name: str
    """The JSON key on the wire (the model field's alias)."""
    type: TypeRef
    """The field's type, without the `None` that optionality adds."""
    required: bool
    """True when the schema lists the property as required."""
    description: str
    """Schema description, raw (render through the `docstring` filter)."""
    shape: FieldShape = "scalar"
    """How a form or multipart body carries the field: `scalar` (one text value), `array` (one
    value per item, the key repeated), `object` (JSON text), `objects` (an array of objects or
    arrays: one JSON text per item), `file` or `files` (multipart file parts; the client takes
    `_base.FileInput`, the model holds the bytes). A form-urlencoded union of a container and
    scalars has the container's shape. Always `scalar` for JSON bodies."""
    content_type: str = ""
    """A multipart part's media type from the spec's `encoding` (or a 3.1 `contentMediaType`);
    empty for the defaults: no header for text parts, `application/json` for objects,
    `application/octet-stream` for files."""
    delimiter: str = ""
    """For a form-urlencoded array the spec's `encoding` does not explode: the text joining its
    items (`,` for `form`, ` ` for `spaceDelimited`, `|` for `pipeDelimited`); empty when the key
    repeats (the default)."""
    deep_object: bool = False
    """True for a form-urlencoded object or array the spec's `encoding` spells
    `style: deepObject` (Stripe's convention): `name[key]=value` per leaf, nested keys bracketed
    in turn and array items indexed (`name[0]`), instead of one JSON text."""


@dataclass(frozen=True)
class Parameter:
    """A path, query, header or cookie parameter of one operation."""

    name: str
    """Python identifier, unique within the operation (keywords get a trailing `_`)."""
    wire_name: str
    """The parameter's name in the spec and on the wire."""
    location: ParameterLocation
    """Where it travels: `path`, `query`, `header` or `cookie`."""
    type: TypeRef
    """Its type (without the `None` that optionality adds)."""
    required: bool
    """Path parameters are always required."""
    description: str
    """Spec description, raw."""
    style: str
    """OpenAPI serialization style (`simple`, `form`, `deepObject`, ...), defaults applied."""
    explode: bool
    """OpenAPI `explode`, defaults applied."""
    deprecated: bool = False
    """True when the spec marks the parameter deprecated."""
    has_default: bool = False
    """True when an optional parameter's schema gives a `default`, which the server applies."""
    default: Any = None
    """That default, as JSON data."""


@dataclass(frozen=True)
class RequestBody:
    """The request body of an operation, in its default media type: the first JSON one the
    spec lists (see `ir.media`), else the first; `alternatives` hold the others."""

    content_type: str
    """The `Content-Type` the client sends, e.g. `application/json`: the declared media type,
    a range (`*/*`) replaced by a concrete one (see `ir.media`)."""
    type: TypeRef
    """The body's type; `type.model` names the model for object bodies (JSON, form or
    multipart)."""
    required: bool
    """True when the spec marks the body required."""
    description: str
    """Spec description, raw."""
    fields: tuple[BodyField, ...] = ()
    """Top-level properties when the body is an object model (JSON, form or multipart); empty
    otherwise."""
    body_kind: BodyKind = "json"
    """How the body is encoded: `json` (serialized from `type`), `form`
    (`application/x-www-form-urlencoded` from the fields of `type`), `multipart`
    (`multipart/form-data`: a part per field, files as file parts), `text` (str) or `binary`
    (bytes; also form and multipart bodies whose schema is not an object)."""
    declared_content_type: str = ""
    """The media type as the spec declares it (may be a range, or carry parameters)."""
    alternatives: tuple[RequestBody, ...] = ()
    """The other media types the spec offers the body in (each with its own `body_kind`,
    `type` and fields), after this one, the default; empty when it offers one. The client
    then takes a `media_argument` choosing one, and the server accepts each."""
    media_argument: str = ""
    """With `alternatives`: the client's keyword argument choosing the media type (normally
    `content_type`); empty otherwise."""
    extra_argument: str = ""
    """When the body's object schema types its `additionalProperties` next to its `properties`:
    the client's keyword argument (normally `extra_properties`) taking the undeclared properties
    as a mapping, sent beside the field arguments; empty otherwise."""
    extra_hint: str = ""
    """The annotation of `extra_argument`, e.g. `dict[str, int]`."""

    @property
    def media_types(self) -> tuple[RequestBody, ...]:
        """This body and its alternatives: one per media type the spec offers, default first."""
        return (self, *self.alternatives)

    @property
    def media_choice_hint(self) -> str:
        """The annotation of `media_argument`: a `_typing.Literal` of every media type."""
        return "_typing.Literal[" + ", ".join(
            repr(b.content_type) for b in self.media_types) + "]"

    @property
    def accepted_hint(self) -> str:
        """The type of the body in any of its media types (the default's, then the others')."""
        hints = list(dict.fromkeys(b.type.hint for b in self.media_types))
        return " | ".join(hints)

    @property
    def client_hint(self) -> str:
        """`accepted_hint` as the client takes it: raw bytes also as a file to stream
        (`_base.BinaryInput`: a `Path`, a binary file object, a `(name, content, type)`)."""
        hints = list(dict.fromkeys("_base.BinaryInput" if b.body_kind == "binary"
                                   else b.type.hint for b in self.media_types))
        return " | ".join(hints)

    @property
    def required_fields(self) -> tuple[BodyField, ...]:
        """Fields the schema requires (the client checks them before sending)."""
        return tuple(f for f in self.fields if f.required)

    @property
    def nullable_fields(self) -> tuple[BodyField, ...]:
        """Fields whose schema admits `null` (an explicit None is sent, not dropped)."""
        return tuple(f for f in self.fields if f.type.nullable)

    @property
    def renamed_fields(self) -> tuple[BodyField, ...]:
        """Fields whose keyword argument is not the model attribute's name."""
        return tuple(f for f in self.fields if f.name != f.attribute)

    @property
    def file_fields(self) -> tuple[BodyField, ...]:
        """Multipart fields sent as file parts (one file or a list of them)."""
        return tuple(f for f in self.fields if f.shape in ("file", "files"))

    @property
    def typed_parts(self) -> tuple[BodyField, ...]:
        """Fields whose parts carry the content type the spec's `encoding` names."""
        return tuple(f for f in self.fields if f.content_type)

    @property
    def delimited_fields(self) -> tuple[BodyField, ...]:
        """Form arrays whose items are joined by a delimiter rather than repeated."""
        return tuple(f for f in self.fields if f.delimiter)

    @property
    def deep_fields(self) -> tuple[BodyField, ...]:
        """Form fields spelled in `deepObject` style."""
        return tuple(f for f in self.fields if f.deep_object)


@dataclass(frozen=True)
class Response:
    """One declared response of an operation."""

    status: str
    """Status key as written in the spec: `201`, `4XX` or `default`."""
    status_code: int | None
    """The numeric status for concrete codes; None for ranges and `default`."""
    description: str
    """Spec description, raw."""
    content_type: str | None
    """Media type the body travels with, None when the response has no body: the declared
    one, a range (`*/*`, `application/*`) replaced by a concrete one (`application/json` for a
    JSON body, see `ir.media`); the server and the mock answer with it."""
    type: TypeRef | None
    """Body type, None when there is no body."""
    is_success: bool
    """True for 1XX-3XX statuses (and for `default` when nothing else is a success)."""
    example: Any = None
    """The spec's example body (JSON data), or None. Render through `pyrepr`."""
    has_example: bool = False
    """True when the spec gives an example (an example may itself be null)."""
    body_kind: BodyKind = "empty"
    """How the body is read: `json` (validated into `type`), `text` (str), `binary` (bytes),
    `sse` (a `text/event-stream` of events, each of `type`: see `Operation.events`) or `empty`
    (no body: None)."""
    sample: Any = None
    """A JSON body that validates against the response schema: the spec's example when it
    does, else a minimal instance synthesized from the schema (free strings of error responses
    hold the description). The mock answers with it; the server sends an error response's sample
    when it answers 401 or 500 on its own. Render through `pyrepr`."""
    has_sample: bool = False
    """False when there is no JSON body or nothing valid could be built (`sample` is then None)."""
    http_status: int = 0
    """The code the server sends for this response: `status_code`, the first code of a range
    (`4XX` -> 400), 200 for a successful `default`, 500 for an error `default`."""
    reply_class: str = ""
    """Class a server handler returns to choose this response (defined in
    `server/handlers.py`), when the operation has several success responses; empty otherwise."""
    declared_content_type: str | None = None
    """The media type as the spec declares it (may be a range, or carry parameters)."""
    head_content_type: str | None = None
    """For a response of a HEAD operation that declares content: the media type GET would
    send, which the server names in `Content-Type` without sending a body (RFC 9110 9.3.2);
    None otherwise."""
    carries_events: bool = False
    """True for the response the server declares an event stream on (see `Operation.events`):
    the `sse` one, or, when a body field turns streaming on, the first success (the status the
    server answers a handler's events with, as its plain values)."""


@dataclass(frozen=True)
class SecurityScheme:
    """A security scheme some operation names: how the client sends its credential and the
    server reads it."""

    key: str
    """The scheme's name under `components.securitySchemes`."""
    kind: SecurityKind
    """`http_bearer`, `http_basic`, `api_key`, `oauth2`, `openid_connect` (the last two send
    a bearer token), or `unsupported` (`mutualTLS`, other HTTP schemes, unknown types: neither
    sent by the client nor checked by the server)."""
    location: Literal["header", "query", "cookie"]
    """Where the credential travels (bearer, basic, oauth2: `header`)."""
    param_name: str
    """Header, query or cookie name (`Authorization` for bearer and basic; empty for
    `unsupported`)."""
    description: str
    """Spec description, raw."""
    argument: str = ""
    """The client constructor's keyword argument for this scheme's credential: `api_key` when
    it is the only scheme the client sends, else named after the scheme (`clientId` ->
    `client_id`); empty for `unsupported`."""
    env: tuple[str, ...] = ()
    """Environment variables that argument defaults to, first set wins (`<PACKAGE>_<ARGUMENT>`;
    `Api.env_api_key` for `api_key`)."""
    hint: str = "str"
    """Type of that argument: `str`, or `str | tuple[str, str]` for HTTP basic."""


@dataclass(frozen=True)
class ModuleImport:
    """One import of a generated module: `import module as alias`, or for a sibling module of
    the package (`local`) `from . import module`, with `as alias` when the two differ."""

    module: str
    """Dotted module name (`typing`, `pydantic`), or the sibling's name (`_base`, `models`)."""
    alias: str
    """The name the module is bound to (`_typing`, `_models`)."""
    local: bool = False
    """True for a module of the generated package itself."""
