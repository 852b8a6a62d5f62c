"""The intermediate representation: what every template receives, and nothing else. This
module holds the operation and its client namespaces; `parts.py` the operation's parts;
`server_nodes.py` the server's view of them, which this core does not carry; `api.py` the API
around both (`Api`, the root object templates receive).

This module is public API for template authors: `docs/templates.md` is checked against these
docstrings. Every decision (identifiers, type hints, status classification, resource grouping) is
made in `build.py`; templates only loop over these values and print them through the filters
(`pystr`, `pyrepr`, `docstring`, `comment`) that keep spec strings inert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..scopes import ANNOTATION_BUILTINS
from .features import EventStream, Pagination
from .parts import (
    Parameter,
    ParameterLocation,
    RequestBody,
    Response,
    TypeRef,
)


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
    stream: Literal["", "off", "on", "either"] = ""
    """For an operation whose body field turns streaming on (`Operation.events.param`):
    `off` (the field `False` or left out: the model), `on` (`True`: a `Stream`), `either`
    (the implementation, or `body=`: both); empty for every other operation."""


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
    """What a successful call returns (a union when success statuses differ in type); for a
    paginated operation, one page as the server sends it; for an operation that always
    streams, the type of one event."""
    pagination: Pagination | None = None
    """How the client walks the pages, None when the operation is not paginated."""
    events: EventStream | None = None
    """How the operation streams server-sent events; None when it does not."""

    def client_return_hint(self, is_async: bool, stream: str = "") -> str:
        """The return annotation of one client `def` (`stream`: its `ClientSignature.stream`):
        for an event-stream operation its `Stream` (`AsyncStream`) of events, or where a body
        field turns streaming on, the model (`off`), the stream (`on`) or either; for a
        paginated operation the page object; else `return_type`."""
        if self.events is not None:
            kind = "AsyncStream" if is_async else "Stream"
            streamed = f"_streaming.{kind}[{self.events.hint}]"
            if not self.events.param or stream == "on":
                return streamed
            return self.return_type.hint if stream == "off" \
                else f"{self.return_type.hint} | {streamed}"
        if self.pagination is None:
            return self.return_type.hint
        return self.pagination.async_hint if is_async else self.pagination.sync_hint

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
        if self.events is not None and self.events.param:
            return (ClientSignature(True, "declared", "none", "off"),
                    ClientSignature(True, "declared", "none", "on"),
                    ClientSignature(True, "none", "required", "either"),
                    ClientSignature(False, "optional", "optional", "either"))
        return (ClientSignature(True, "declared", "none"),
                ClientSignature(True, "none", "required"),
                ClientSignature(False, "optional", "optional"))

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


@dataclass(frozen=True)
class Server:
    """A server from the spec, with variables substituted by their defaults in `url`."""

    url: str
    description: str
