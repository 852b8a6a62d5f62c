"""The intermediate representation: what every template receives, and nothing else. This
module holds the operation and the API around it; `parts.py` the operation's parts.

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

from ..scopes import ANNOTATION_BUILTINS
from .parts import (
    EchoField,
    HandlerArgument,
    ModuleImport,
    Parameter,
    ParameterLocation,
    RequestBody,
    Response,
    SecurityScheme,
    TypeRef,
)

# A module alias at the start of a dotted name in a hint: `_typing` in `_typing.Any`.
_ALIAS = re.compile(r"(?<![\w.])(_[A-Za-z0-9_]+)\.")


@dataclass(frozen=True)
class ClientSignature:
    """One `def` of a client method: an `@overload`, or the implementation."""

    overload: bool
    """True for an `@typing.overload` stub, False for the implementation."""
    fields: Literal["none", "declared", "optional"]
    """Whether the body's fields are keyword arguments: not at all, required as the schema
    says, or all optional (the implementation, which also takes `body=`)."""
    body: Literal["none", "required", "optional"]
    """Whether the whole body is the `body=` argument, and whether it may be left out."""


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
    route_requires: tuple[str, ...] = ()
    """Query keys a request must carry for this route to claim it: the required query
    parameters of a `#fragment` twin (Box's `/files/{id}#get_shared_link` beside `/files/{id}`);
    a request without them goes on to the twin registered after it."""
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
    validation_reply: ValidationReply | None = None
    """How the server answers a request that fails validation when the operation declares an
    error response for it (`422`, `400`, `4XX` or `default`); None: FastAPI's own 422."""
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
    def client_signatures(self) -> tuple[ClientSignature, ...]:
        """The client method's `def`s: a body offered field by field gets two overloads
        (fields, or a whole `body=` model) and an implementation that takes either."""
        if self.body is None:
            return (ClientSignature(False, "none", "none"),)
        if not self.body.fields:
            return (ClientSignature(False, "none",
                                    "required" if self.body.required else "optional"),)
        return (ClientSignature(True, "declared", "none"),
                ClientSignature(True, "none", "required"),
                ClientSignature(False, "optional", "optional"))

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
        return tuple(sorted(self.operations, key=lambda op: op.method_name in ANNOTATION_BUILTINS))


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
    client_imports: tuple[tuple[ModuleImport, ...], ...] = ()
    """The imports `_client.py` needs, exactly, in isort's groups and order (standard library,
    third party, the package's own modules): the hint modules it uses, `typing` for overloads,
    `_base`, and `models`."""

    @property
    def operations_in_route_order(self) -> tuple[Operation, ...]:
        """`operations` in the order the server registers their routes: spec order, except
        that a route comes before an earlier one whose template would also match its URLs
        (`/db/{name}:tags` before `/db/{name}`, `/pets/mine` before `/pets/{id}`): the router
        takes the first match, and OpenAPI matches the more concrete template. Among
        `#fragment` twins, the one requiring more query keys comes first (`route_requires`)."""
        ordered = [self.operations[i] for i in route_order([op.path for op in self.operations])]
        twins: dict[tuple[str, str], list[int]] = {}
        for index, op in enumerate(ordered):
            if op.route_requires:
                twins.setdefault((op.method, op.route_path), []).append(index)
        for places in twins.values():
            group = sorted((ordered[i] for i in places), key=lambda op: -len(op.route_requires))
            for index, op in zip(places, group, strict=True):
                ordered[index] = op
        return tuple(ordered)

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
