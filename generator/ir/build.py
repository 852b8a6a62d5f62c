"""One pass from the (bundled, hoisted) spec and the generated models to the IR: each operation
is read once, and its client and server shares are built from that one reading."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .. import naming
from ..diagnostics import Diagnostic, Level, escape_pointer_token
from ..models.generate import GeneratedModels, module_alias
from ..prepare.inline_schemas import derived_operation_id
from ..scopes import HANDLER_METHOD
from ..spec.document import Spec
from ..spec.operations import OperationView
from ..spec.views import ParameterView
from .api import Api
from .client import client_imports
from .events import event_stream
from .nodes import Operation, Server
from .pagination import (
    EXTENSION,
    PageShape,
    Pagination,
    PaginationError,
    PaginationReader,
    PaginationSettings,
)
from .parts import Response, TypeRef
from .request_parts import RequestReader
from .resources import (
    Placement,
    build_resources,
    leaf_paths,
    overlay_placements,
    place,
    settle_method_names,
)
from .response_parts import ResponseReader
from .samples import Synthesizer
from .security import credential_hint, credential_required, requirements, security_schemes
from .server import ServerFacts, reply_responses, server_operation
from .server_errors import ValidationReplies
from .server_nodes import ObjectLayout, ServerApi, ServerOperation
from .transport import transport_headers


class _Builder(RequestReader, ResponseReader):
    def __init__(self, spec: Spec, models: GeneratedModels, *, method_naming: str = "path",
                 names: tuple[tuple[str, str], ...] = (),
                 names_source: str = "pyproject.toml",
                 names_at: tuple[tuple[str, str, int | None], ...] = (),
                 paging: PaginationSettings | None = None) -> None:
        super().__init__(spec, models)
        self.method_naming = method_naming
        self.names = names
        self.names_source = names_source
        self.names_at = {key: (pointer, line) for key, pointer, line in names_at}
        self.paging = paging or PaginationSettings()
        self.pages = PaginationReader(deref=self.deref, properties=self.properties_of,
                                      type_of=self.schema_type)
        self.synthesizer = Synthesizer(spec.data, resolve=spec.resolve)
        self.validation = ValidationReplies(self.synthesizer)
        self.moved_segments: set[str] = set()
        # (method, path without its `#fragment`) -> how many operations it has.
        self.routes = Counter((op.method, op.path.partition("#")[0])
                              for op in self.document.operations())

    # -- pieces of an operation -------------------------------------------------------------

    def twinned(self, op: Operation) -> bool:
        """True when another operation has `op`'s method and path but for a `#fragment`."""
        return self.routes[(op.method.lower(), op.path.partition("#")[0])] > 1

    def server_facts(self, op: Operation, declared: list[ParameterView],
                     schemas: dict[str, Any]) -> ServerFacts:
        """What the server reads off the declarations this pass already holds: `declared` are
        the operation's parameter objects, in the order of `op.parameters`."""
        pairs = list(zip(op.parameters, declared, strict=True))
        first = op.success_responses[0] if op.success_responses else None
        return ServerFacts(
            shapes={p.name: self.parameter_shape(raw) for p, raw in pairs},
            retyped=frozenset(p.name for p, raw in pairs if self.retyped(raw)),
            empty_values={p.name: empty for p, raw in pairs
                          if (empty := self.empty_value(raw)) is not None},
            layouts={p.name: ObjectLayout(*self.object_layout(raw)) for p, raw in pairs
                     if self.parameter_shape(raw) in ("object", "array")},
            credential_keys=self.query_credentials(op),
            twin=self.twinned(op),
            echo_keys=frozenset(self.property_names(schemas.get(first.status)))
            if first is not None and first.body_kind == "json" else frozenset(),
            validation_reply=self.validation.reply(op, schemas),
        )

    def page_shape(self, op: OperationView, declared: list[ParameterView],
                   responses: list[Response], schemas: dict[str, Any]) -> PageShape:
        """What pagination reads of an operation."""
        query = {param.name: self.deref(param.schema) or {}
                 for param in declared if param.location == "query"}
        successes = [r for r in responses if r.is_success]
        first = successes[0] if successes else None
        body = self.deref(schemas.get(first.status)) \
            if first is not None and first.body_kind == "json" else None
        declared_responses = op.responses
        link = False
        for response in successes:
            declared_response = declared_responses.get(response.status)
            if declared_response is not None and any(
                    str(h).lower() == "link" for h in declared_response.headers):
                link = True
        hints = {r.type.hint for r in successes if r.type is not None}
        return PageShape(method=op.method, query=query, body=body, link_header=link,
                         single_type=len(hints) == 1 and len(successes) == 1)

    def pagination(self, op_id: str, op: OperationView, shape: PageShape
                   ) -> Pagination | None:
        """The operation's pagination: configured in `[tool.apigen]`, else by its extension,
        else detected. A setting that does not fit is a warning, and no pagination."""
        if op_id in self.paging.table:
            try:
                return self.pages.configured(self.paging.table[op_id], shape, source="config")
            except PaginationError as exc:
                self.spec.findings.append(Diagnostic(
                    Level.WARNING, f"pagination of operation {op_id!r}: {exc}; the operation "
                    "is not paginated", self.paging.where, None, f"pagination.{op_id}"))
                return None
        extensions = op.extensions
        if EXTENSION in extensions:
            try:
                return self.pages.configured(extensions[EXTENSION], shape, source="extension")
            except PaginationError as exc:
                self.spec.warn(f"{EXTENSION}: {exc}; the operation is not paginated",
                               f"{op.pointer}/{EXTENSION}")
                return None
        return self.pages.detect(shape) if self.paging.detect else None

    # -- the whole API ----------------------------------------------------------------------

    def operations(self) -> tuple[list[Operation], list[ServerOperation]]:
        """Every operation, in spec order, and the server's view of each."""
        operations: list[Operation] = []
        facts: dict[str, ServerFacts] = {}
        names: set[str] = set()
        reply_classes: set[str] = set()
        overrides: dict[str, Placement] = {}
        seen_ids: set[str] = set()
        at_path = Counter(op.path.partition("#")[0] for op in self.document.operations())
        leaves = leaf_paths(at_path)
        for op in self.document.operations():
            path, method, pointer = op.path, op.method, op.pointer
            # uniqueness: spec.repair
            op_id = op.operation_id or derived_operation_id(method, path)
            settled = HANDLER_METHOD.settle(op_id, names, fallback="op")
            if (name := settled.name) and settled.moved:
                self.spec.warn(f"operation {op_id!r} is the handler method `{name}` "
                               f"(`{settled.spelled}` is the server's own)", pointer)
            names.add(name)
            override = op.extensions.get("x-apigen-name")
            if isinstance(override, str) and override:
                overrides[op_id] = (None, naming.snake_identifier(override, fallback="call"))
            taken: set[str] = set()
            declared = self.parameters(op)
            params = [self.parameter(param, taken) for param in declared]
            body = self.request_body(op, taken)
            responses, schemas = self.responses(op)
            responses = reply_responses(name, responses, reply_classes)
            streaming = event_stream(op, responses, body, deref=self.deref,
                                     schema_type=self.schema_type, sample=self.event_sample,
                                     warn=self.spec.warn)
            responses = streaming.responses
            operation = Operation(
                operation_id=op_id,
                name=name,
                method=method.upper(),
                path=path,
                summary=op.summary,
                description=op.description,
                tags=tuple(str(t) for t in op.tags),
                parameters=tuple(params),
                body=body,
                responses=tuple(responses),
                security=requirements(op, self.document),
                **self.placement(op, op_id, at_path, leaves),
                deprecated=op.deprecated,
                return_type=_return_type(responses),
                events=streaming.events,
            )
            shape = self.page_shape(op, declared, responses, schemas)
            operation = replace(operation, pagination=self.pagination(op_id, op, shape))
            seen_ids.add(op_id)
            facts[name] = self.server_facts(operation, declared, schemas)
            operations.append(operation)
        for op_id in self.paging.table:
            if op_id not in seen_ids:
                self.spec.findings.append(Diagnostic(
                    Level.WARNING, f"pagination is configured for operation {op_id!r}, which "
                    "the document does not have", self.paging.where, None, f"pagination.{op_id}"))
        # Method names are the client's; the server's view points at the settled operations.
        overlay = overlay_placements(self.names, (op.operation_id for op in operations),
                                     self.config_warning)
        operations = settle_method_names(operations, {**overrides, **overlay}, self.spec.warn)
        for placed in operations:
            if placed.operation_id in overlay:
                resource, method_name = overlay[placed.operation_id]
                asked = (*(resource or placed.resource), method_name)
                got = (*placed.resource, placed.method_name)
                if asked != got:
                    self.config_warning(f"names: {'.'.join(asked)!r} is taken; "
                                        f"{placed.operation_id!r} is client.{'.'.join(got)}",
                                        placed.operation_id)
        return operations, [server_operation(op, facts[op.name]) for op in operations]

    def placement(self, op: OperationView, op_id: str, at_path: Counter[str],
                  leaves: frozenset[str]) -> dict[str, Any]:
        resource, method_name = place(
            op.path, op.method, op.tags, op_id, pointer=op.pointer, warn=self.spec.warn,
            reported=self.moved_segments, leaves=leaves,
            operations_here=at_path[op.path.partition("#")[0]], method_naming=self.method_naming)
        return {"resource": resource, "method_name": method_name}

    def config_warning(self, message: str, operation_id: str) -> None:
        """A located warning about the names overlay (its file and key)."""
        pointer, line = self.names_at.get(
            operation_id, (f"/tool/apigen/names/{escape_pointer_token(operation_id)}", None))
        finding = Diagnostic(Level.WARNING, message, self.names_source, line, pointer)
        if finding not in self.spec.findings:
            self.spec.findings.append(finding)

    def servers(self) -> list[Server]:
        servers: list[Server] = []
        for server in self.document.servers:  # the validator reports a malformed one
            url = server.url
            for var, default in server.defaults.items():
                url = url.replace("{" + var + "}", str(default))
            servers.append(Server(url=url, description=server.description))
        return servers


def _return_type(responses: list[Response]) -> TypeRef:
    types = [r.type for r in responses if r.is_success and r.type is not None]
    if not types:
        return TypeRef(hint="None")
    hints: list[str] = []
    for t in types:
        if t.hint not in hints:
            hints.append(t.hint)
    if len(hints) == 1:
        return types[0]
    return TypeRef(hint=" | ".join(hints))


def build_api(
    spec: Spec,
    models: GeneratedModels,
    *,
    package: str,
    spec_path: str,
    apigen_version: str,
    env_api_key: tuple[str, ...] = (),
    env_base_url: tuple[str, ...] = (),
    options: dict[str, Any] | None = None,
    header_names: Mapping[str, str | None] | None = None,
    paging: PaginationSettings | None = None,
    method_naming: str = "path",
    names: tuple[tuple[str, str], ...] = (),
    names_source: str = "pyproject.toml",
    names_at: tuple[tuple[str, str, int | None], ...] = (),
) -> Api:
    """The IR of one spec. `method_naming` (`path` or `operation_id`) and `names` (the
    overlay: operationId -> `namespace.method`, reported in `names_source` where `names_at`
    says) place the client's methods; `header_names` and `paging` are the transport headers
    and pagination settings configured."""
    builder = _Builder(spec, models, method_naming=method_naming, names=names,
                       names_source=names_source, names_at=names_at, paging=paging)
    operations, server_operations = builder.operations()
    servers = builder.servers()
    document = builder.document
    prefix = naming.env_prefix(package)
    env_keys = _dedupe((f"{prefix}_API_KEY", *env_api_key))
    schemes = security_schemes(spec, (key for op in operations for alt in op.security
                                      for key in alt), prefix=prefix, env_api_key=env_keys)
    type_imports = tuple((m, module_alias(m)) for m in sorted(builder.modules))
    return Api(
        title=document.title or package,
        version=document.version or "0.0.0",
        description=document.description,
        package=package,
        spec_path=spec_path,
        spec_sha256=spec.sha256,
        apigen_version=apigen_version,
        servers=tuple(servers),
        base_url=servers[0].url if servers else "http://localhost",
        security_schemes=tuple(schemes),
        operations=tuple(operations),
        resources=build_resources(operations),
        env_api_key=env_keys,
        env_base_url=_dedupe((f"{prefix}_BASE_URL", *env_base_url)),
        model_names=models.class_order,
        type_imports=type_imports,
        options=dict(options or {}),
        credential_required=credential_required((op.security for op in operations), schemes),
        credential_hint=credential_hint(schemes),
        client_imports=client_imports(operations, type_imports),
        server=ServerApi(operations=tuple(server_operations), type_imports=type_imports),
        transport=transport_headers(document.extensions, header_names or {},
                                    env_log=f"{prefix}_LOG",
                                    warn=spec.warn),
    )


def _dedupe(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


