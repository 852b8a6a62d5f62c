"""The intermediate representation: what every template receives, and nothing else.

This module is public API for template authors: `docs/templates.md` is checked against these
docstrings. Every decision (identifiers, type hints, status classification, resource grouping) is
made in `build.py`; templates only loop over these values and print them through the filters
(`pystr`, `pyrepr`, `docstring`, `comment`) that keep spec strings inert.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any, Literal

ParameterLocation = Literal["path", "query", "header", "cookie"]
SecurityKind = Literal["http_bearer", "http_basic", "api_key", "oauth2", "openid_connect"]
BodyKind = Literal["json", "form", "multipart", "text", "binary", "empty"]
FieldShape = Literal["scalar", "array", "object", "objects", "file", "files"]
HandlerSource = Literal["path", "query", "header", "cookie", "body", "credentials"]
# A module alias at the start of a dotted name in a hint: `_typing` in `_typing.Any`.
_ALIAS = re.compile(r"(?<![\w.])(_[A-Za-z0-9_]+)\.")
# Names a client class member may take that hints also use: a method named `list` hides the
# builtin from the annotations of every member defined after it in the same class body.
_HINT_BUILTINS = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes", "type"})


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
    `_base.FileInput`, the model holds the bytes). Always `scalar` for JSON bodies."""
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
    """The request body of an operation (the first media type the spec lists)."""

    content_type: str
    """Media type, e.g. `application/json`."""
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
    """Media type of the body, None when the response has no body."""
    type: TypeRef | None
    """Body type, None when there is no body."""
    is_success: bool
    """True for 1XX-3XX statuses (and for `default` when nothing else is a success)."""
    example: Any = None
    """The spec's example body (JSON data), or None. Render through `pyrepr`."""
    has_example: bool = False
    """True when the spec gives an example (an example may itself be null)."""
    body_kind: BodyKind = "empty"
    """How the body is read: `json` (validated into `type`), `text` (str), `binary` (bytes) or
    `empty` (no body: None)."""
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


@dataclass(frozen=True)
class SecurityScheme:
    """A security scheme the client can send and the server can check."""

    key: str
    """The scheme's name under `components.securitySchemes`."""
    kind: SecurityKind
    """`http_bearer`, `http_basic`, `api_key`, `oauth2` or `openid_connect`."""
    location: Literal["header", "query", "cookie"]
    """Where the credential travels (bearer, basic, oauth2: `header`)."""
    param_name: str
    """Header, query or cookie name (`Authorization` for bearer and basic)."""
    description: str
    """Spec description, raw."""


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
    marker: str
    """FastAPI declaration the route puts in `Annotated[hint, marker]`, e.g.
    `_fastapi.Query(alias='limit')`, spelled with `_fastapi` (`import fastapi as _fastapi`) and
    `_runtime` (`from . import _runtime`); empty for `credentials`, which the operation's
    security dependency supplies."""
    has_default: bool = False
    """True for a parameter whose spec `default` the route passes when the request omits it
    (the handler then never sees None, and `hint` has no `| None`)."""
    default: Any = None
    """That default, as JSON data (the route validates it into `hint` once)."""

    @property
    def route_hint(self) -> str:
        """Annotation in the route function, which receives None for an omitted parameter."""
        return f"{self.hint} | None" if self.has_default else self.hint


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
class Operation:
    """One HTTP operation."""

    operation_id: str
    """The spec's operationId, or one derived from method and path when it has none."""
    name: str
    """snake_case identifier of the operation (server handler method name)."""
    method: str
    """HTTP method, upper case."""
    path: str
    """Path template as in the spec, e.g. `/v4/model-groups/{model_group_id}`."""
    summary: str
    """Spec summary, raw."""
    description: str
    """Spec description, raw."""
    tags: tuple[str, ...]
    """Spec tags, in order."""
    parameters: tuple[Parameter, ...]
    """Path, query, header and cookie parameters (path-level ones merged in), path first."""
    body: RequestBody | None
    """The request body, None when the operation takes none."""
    responses: tuple[Response, ...]
    """Every declared response, in status order, `default` last."""
    security: tuple[tuple[str, ...], ...]
    """Alternatives of scheme keys (any one alternative suffices); `()` means no auth."""
    resource: tuple[str, ...]
    """Client namespace path, e.g. `("model_groups", "models")`."""
    method_name: str
    """Method name within that namespace, e.g. `create`."""
    deprecated: bool = False
    """True when the spec marks the operation deprecated."""
    return_type: TypeRef = field(default_factory=lambda: TypeRef(hint="None"))
    """What a successful call returns (a union when success statuses differ in type)."""
    route_path: str = ""
    """`path` with each `{placeholder}` renamed to its parameter's Python name (the FastAPI
    route path; Starlette placeholders must be identifiers)."""
    handler_arguments: tuple[HandlerArgument, ...] = ()
    """Keyword arguments of the server handler method: parameters, then `body`, then
    `credentials` (present when the operation has security)."""
    handler_return: str = "None"
    """Return annotation of the handler method: the success body type, `None`, or a union of
    the `reply_class`es when there are several success responses."""
    status_code: int = 200
    """Status the server sends when the handler returns a plain value (the first success)."""
    response_model: str = "None"
    """The route's FastAPI `response_model` (for FastAPI's own docs when the router is mounted
    elsewhere; the server validates and shapes replies itself): the body type of the only JSON
    success response, else `None`."""
    unauthorized_body: Any = None
    """JSON body of the 401 the server sends for missing or rejected credentials: the sample of
    the spec's 401 (or `4XX`, or error `default`) response, else `{"detail": "Not
    authenticated"}`."""
    internal_error_body: Any = None
    """JSON body of the 500 the server sends when a handler fails unexpectedly: the sample of
    the spec's 500 (or `5XX`, or error `default`) response, else
    `{"detail": "Internal Server Error"}`."""
    mock_response: Response | None = None
    """The success response the mock answers with (the first one declared)."""
    mock_echo: tuple[EchoField, ...] = ()
    """Request values the mock copies into `mock_response`'s body."""

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)

    def parameters_in(self, location: ParameterLocation) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def defaulted_arguments(self) -> tuple[HandlerArgument, ...]:
        """Handler arguments the route fills with the parameter's spec default when omitted."""
        return tuple(a for a in self.handler_arguments if a.has_default)

    @property
    def exploded_simple(self) -> tuple[Parameter, ...]:
        """Path and header parameters with `explode` (an object goes as `k=v` pairs)."""
        return tuple(p for p in self.parameters
                     if p.explode and p.location in ("path", "header"))


@dataclass(frozen=True)
class Resource:
    """A client namespace (`client.model_groups.models`) holding operations and sub-namespaces."""

    name: str
    """Attribute name on the parent namespace."""
    class_name: str
    """PascalCase stem for the generated classes, e.g. `ModelGroupsModels`."""
    path: tuple[str, ...]
    """Full namespace path from the client."""
    operations: tuple[Operation, ...]
    """Operations directly in this namespace, sorted by method name."""
    children: tuple[Resource, ...]
    """Sub-namespaces, sorted by name."""

    @property
    def operations_in_class_order(self) -> tuple[Operation, ...]:
        """`operations` with methods named like builtins (`list`, ...) last, so that the
        annotations of the other methods in the generated class still mean the builtin."""
        return tuple(sorted(self.operations, key=lambda op: op.method_name in _HINT_BUILTINS))


@dataclass(frozen=True)
class Server:
    """A server from the spec, with variables substituted by their defaults in `url`."""

    url: str
    description: str


@dataclass(frozen=True)
class Api:
    """The whole API: the root object templates receive as `api`."""

    title: str
    """`info.title`, raw."""
    version: str
    """`info.version`, raw; `0.0.0` when the document has none (FastAPI needs one)."""
    description: str
    """`info.description`, raw."""
    package: str
    """Import name of the generated package."""
    spec_path: str
    """Path of the spec as shown in headers (relative to the project when possible)."""
    spec_sha256: str
    """sha256 of the spec's bytes (all files, for multi-file specs)."""
    apigen_version: str
    """Version of apigen that generated the package."""
    servers: tuple[Server, ...]
    """Servers in spec order."""
    base_url: str
    """Default base URL: the first server's, or `http://localhost` when none is declared."""
    security_schemes: tuple[SecurityScheme, ...]
    """Schemes used by at least one operation, in spec order."""
    operations: tuple[Operation, ...]
    """All operations, in spec order."""
    resources: tuple[Resource, ...]
    """Top-level client namespaces, sorted by name."""
    env_api_key: tuple[str, ...]
    """Environment variables the client reads its credential from, first set wins."""
    env_base_url: tuple[str, ...]
    """Environment variables the client reads its base URL from, first set wins."""
    model_names: tuple[str, ...]
    """Every class `models.py` defines, in file order."""
    type_imports: tuple[tuple[str, str], ...]
    """`(module, alias)` pairs that hints outside `models.py` need, e.g. `("typing", "_typing")`."""
    options: dict[str, Any] = field(default_factory=dict)
    """Generation options that shaped the output (recorded in the manifest)."""
    credential_required: bool = False
    """True when some operation cannot be called anonymously: the client then refuses to start
    without a credential."""
    credential_hint: str = "str"
    """Type of the client's `api_key`: `str`, or `str | tuple[str, str]` when a scheme is HTTP
    basic (user and password)."""
    client_imports: tuple[str, ...] = ()
    """Import statements `_client.py` needs, exactly, in isort order with `""` between groups
    (e.g. `import typing as _typing`, `""`, `from . import _base`, `from . import models as
    _models`): the hint modules it uses, `typing` for overloads, `_base`, and `models`."""

    @property
    def all_resources(self) -> tuple[Resource, ...]:
        """Every namespace at any depth, each after its sub-namespaces: the order in which
        `_client.py` defines their classes."""

        def depth_first(resource: Resource) -> tuple[Resource, ...]:
            return (*(r for child in resource.children for r in depth_first(child)), resource)

        return tuple(r for top in self.resources for r in depth_first(top))

    def server_imports(self, *, errors: bool = False, extra: tuple[str, ...] = ()
                       ) -> ServerImports:
        """What a `server/` module printing the handler argument hints and the success response
        hints (and the error response hints when `errors`) must import; `extra` modules are
        added as `import module as _module` lines (dots become `_`)."""
        hints = [a.hint for op in self.operations for a in op.handler_arguments]
        hints += [r.type.hint for op in self.operations for r in op.responses
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
                                       for r in op.responses if r.reply_class)),
        )


@dataclass(frozen=True)
class ServerImports:
    """What a `server/` module imports (from `Api.server_imports`)."""

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
