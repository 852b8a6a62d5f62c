"""The intermediate representation: what every template receives, and nothing else.

This module is public API for template authors: `docs/templates.md` is checked against these
docstrings. Every decision (identifiers, type hints, status classification, resource grouping) is
made in `build.py`; templates only loop over these values and print them through the filters
(`pystr`, `pyrepr`, `docstring`, `comment`) that keep spec strings inert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ParameterLocation = Literal["path", "query", "header", "cookie"]
SecurityKind = Literal["http_bearer", "http_basic", "api_key", "oauth2", "openid_connect"]


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
    """One top-level property of a JSON object request body, offered as a keyword argument."""

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


@dataclass(frozen=True)
class RequestBody:
    """The request body of an operation (the first media type the spec lists)."""

    content_type: str
    """Media type, e.g. `application/json`."""
    type: TypeRef
    """The body's type; `type.model` names the model for JSON object bodies."""
    required: bool
    """True when the spec marks the body required."""
    description: str
    """Spec description, raw."""
    fields: tuple[BodyField, ...] = ()
    """Top-level properties when the body is a JSON object model; empty otherwise."""


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

    @property
    def success_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if r.is_success)

    @property
    def error_responses(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)

    def parameters_in(self, location: ParameterLocation) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)


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
    """`info.version`, raw."""
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
