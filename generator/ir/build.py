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
from ..scopes import CLIENT_ARGUMENT, HANDLER_METHOD
from ..spec.document import Spec
from ..spec.walk import iter_operations
from .api import Api
from .client import client_imports
from .events import event_stream
from .hints import SchemaReader, body_kind, drop_none, is_nullable, request_body_kind
from .media import essence, wire_media_type
from .nodes import Operation, Server
from .pagination import (
    EXTENSION,
    PageShape,
    Pagination,
    PaginationError,
    PaginationReader,
    PaginationSettings,
)
from .parts import BodyField, Parameter, RequestBody, Response, TypeRef, with_none
from .resources import (
    Placement,
    build_resources,
    leaf_paths,
    overlay_placements,
    place,
    settle_method_names,
)
from .samples import Synthesizer
from .security import credential_hint, credential_required, requirements, security_schemes
from .server import ServerFacts, reply_responses, server_operation
from .server_errors import ValidationReplies
from .server_nodes import ObjectLayout, ServerApi, ServerOperation
from .transport import transport_headers

_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
# The client's type for one file of a multipart body (defined in `_base.py`).
FILE_INPUT = "_base.FileInput"
# The field pydantic keeps a model's typed extra properties in (`additionalProperties`).
EXTRA_FIELD = "__pydantic_extra__"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


class _Builder(SchemaReader):
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
        self.routes = Counter((method, path.partition("#")[0])
                              for path, method, _, _ in iter_operations(spec.data))

    # -- pieces of an operation -------------------------------------------------------------

    def parameter(self, param: dict[str, Any], taken: set[str], pointer: str) -> Parameter:
        location = str(param["in"])
        wire = str(param["name"])
        settled = CLIENT_ARGUMENT.settle(wire, taken, fallback="param")
        if (name := settled.name) and settled.moved:
            self.spec.warn(f"{location} parameter {wire!r} is the client argument `{name}` "
                           f"(`{settled.spelled}` is the method's own)", pointer + "/name")
        taken.add(name)
        schema = param.get("schema")
        type_ref: TypeRef | None = None
        if schema is None and isinstance(param.get("content"), dict):
            _, type_ref = self.media_type(param["content"])
        if type_ref is None:
            type_ref = self.schema_type(schema if schema is not None else {"type": "string"})
        type_ref = self.accepting(type_ref)
        style = _text(param.get("style")) or _DEFAULT_STYLE[location]
        explode = param.get("explode")
        required = location == "path" or param.get("required") is True
        resolved = self.deref(schema)
        has_default = not required and isinstance(resolved, dict) and "default" in resolved \
            and resolved["default"] is not None
        return Parameter(
            name=name,
            wire_name=wire,
            location=location,  # type: ignore[arg-type]
            type=type_ref,
            required=required,
            description=_text(param.get("description")),
            style=style,
            explode=bool(explode) if isinstance(explode, bool) else style == "form",
            deprecated=param.get("deprecated") is True,
            has_default=has_default,
            default=resolved["default"] if has_default else None,
        )

    def request_body(self, operation: dict[str, Any], taken: set[str], pointer: str
                     ) -> RequestBody | None:
        body = self.deref(operation.get("requestBody"))
        if not isinstance(body, dict):
            return None
        content_type, type_ref = self.media_type(body.get("content"))
        if content_type is None or type_ref is None:
            return None
        before = set(taken)
        primary = self.body_media(body, content_type, type_ref, taken, f"{pointer}/requestBody")
        alternatives: dict[tuple[str, str], RequestBody] = {essence(primary.content_type): primary}
        for other, media in body["content"].items():
            alternative = self.body_media(body, other, self.media_hint(other, media), set(before))
            alternatives.setdefault(essence(alternative.content_type), alternative)
        del alternatives[essence(primary.content_type)]
        if not alternatives:
            return primary
        return replace(primary, alternatives=tuple(alternatives.values()),
                       media_argument=CLIENT_ARGUMENT.settle("content_type", taken).name)

    def body_media(self, body: dict[str, Any], content_type: str, type_ref: TypeRef,
                   taken: set[str], warn_at: str = "") -> RequestBody:
        """The request body in one of its media types (`warn_at`: where to report moves)."""
        fields: list[BodyField] = []
        media = body["content"][content_type]
        schema = media.get("schema") if isinstance(media, dict) else None
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        model = self.models.by_ref.get(ref) if isinstance(ref, str) else None
        where = ref[1:] if isinstance(ref, str) and ref.startswith("#/") else warn_at
        target = self.deref(schema)
        properties = self.properties_of(target) or None
        kind = request_body_kind(content_type, schema=self.schema_kind(media))
        if kind in ("form", "multipart"):
            if self.field_shape(schema) == "object":
                type_ref = self.schema_type(schema)
            else:  # e.g. a lone `format: binary` string: the caller's bytes, sent as they are
                kind = "binary"
        encoding = media.get("encoding") if isinstance(media, dict) else None
        extra_argument = extra_hint = ""
        model_fields = self.models.fields_of(model) if model is not None else ()
        if [f.name for f in model_fields] == ["root"] and "root" not in (properties or {}):
            # A RootModel (a union, list or scalar body): its `root` is the whole body, which
            # travels as `body=`; there are no field arguments.
            model_fields = ()
        if model is not None and kind in ("json", "form", "multipart") \
                and isinstance(properties, dict):
            for field in model_fields:
                if field.name == EXTRA_FIELD:
                    # Typed `additionalProperties`: the model's extras, one mapping argument.
                    extra_hint = drop_none(self._qualified(field.type))
                    continue
                prop = properties.get(field.alias, {})
                settled = CLIENT_ARGUMENT.settle(field.alias, taken, spelled=field.name,
                                                 suffix="_body", suffix_taken=True)
                if (name := settled.name) and settled.moved and warn_at:
                    self.spec.warn(f"body field {field.alias!r} is the client argument "
                                   f"`{name}` (`{settled.spelled}` is the method's own)",
                                   f"{where}/properties/{escape_pointer_token(field.alias)}"
                                   if where != warn_at else where)
                taken.add(name)
                hint = self._qualified(field.type)
                nullable = is_nullable(self.deref(prop))
                if not field.required and not nullable:
                    hint = drop_none(hint)
                wire: dict[str, Any] = {}
                if kind != "json":
                    raw = encoding.get(field.alias) if isinstance(encoding, dict) else None
                    wire = self.field_wire(prop, raw if isinstance(raw, dict) else {}, kind)
                    if wire["shape"] in ("file", "files"):
                        hint = FILE_INPUT if wire["shape"] == "file" else f"list[{FILE_INPUT}]"
                        hint = with_none(hint) if nullable else hint
                fields.append(BodyField(
                    name=name,
                    attribute=field.name,
                    wire_name=field.alias,
                    type=self.accepting(TypeRef(hint=hint, nullable=nullable)),
                    required=field.required,
                    description=_text(self.deref(prop).get("description"))
                    if isinstance(self.deref(prop), dict) else "",
                    **wire,
                ))
        if extra_hint and fields:
            extra_argument = CLIENT_ARGUMENT.settle("extra_properties", taken).name
            taken.add(extra_argument)
        return RequestBody(
            extra_argument=extra_argument,
            extra_hint=extra_hint,
            content_type=wire_media_type(content_type, kind),
            declared_content_type=content_type,
            type=type_ref,
            required=body.get("required") is True,
            description=_text(body.get("description")),
            fields=tuple(fields),
            body_kind=kind,
        )

    def responses(self, operation: dict[str, Any], pointer: str = "",
                  method: str = "get") -> tuple[list[Response], dict[str, Any]]:
        """The operation's responses, with the mock's sample of each JSON one, and the schema
        of each by status (None when it has no content); `pointer` locates the operation. A
        HEAD response has no content whatever it declares (RFC 9110 9.3.2): the client reads
        none and the server sends none."""
        raw = operation.get("responses")
        out: list[Response] = []
        schemas: dict[str, Any] = {}
        if not isinstance(raw, dict):
            raw = {}  # 3.1 makes `responses` optional
        for status, value in raw.items():  # status keys vetted by checks.check_buildable
            response = self.deref(value)
            if not isinstance(response, dict):
                response = {}
            content_type, type_ref = self.media_type(
                None if method == "head" else response.get("content"))
            kind = body_kind(None)
            if content_type is not None:
                media = response["content"][content_type]
                schemas[status] = media.get("schema", {}) if isinstance(media, dict) else {}
                kind = body_kind(content_type, schema=self.schema_kind(media))
            example, has_example = self.example_of(response, content_type)
            code = int(status) if status.isdigit() else None
            head_content_type = None
            if method == "head":
                head_type, _ = self.media_type(response.get("content"))
                head_content_type = None if head_type is None \
                    else wire_media_type(head_type, body_kind(head_type))
            out.append(Response(
                status=status,
                status_code=code,
                description=_text(response.get("description")),
                content_type=None if content_type is None
                else wire_media_type(content_type, kind),
                declared_content_type=content_type,
                head_content_type=head_content_type,
                type=type_ref,
                is_success=status != "default" and status[0] in "123",
                example=example,
                has_example=has_example,
                body_kind=kind,
            ))
        if not any(r.is_success for r in out):
            out = [replace(r, is_success=True) if r.status == "default" else r for r in out]
        if not any(r.is_success for r in out):
            # No success declared (no responses at all, or errors only): any 2XX, no body; the
            # server sends 200 and the client returns None.
            out.append(Response(status="2XX", status_code=None,
                                description="Success (the spec declares none)",
                                content_type=None, type=None, is_success=True))
        ordered = sorted(out, key=lambda r: (r.status == "default", r.status))
        return [self.with_sample(r, schemas.get(r.status),
                                 f"{pointer}/responses/{escape_pointer_token(r.status)}")
                for r in ordered], schemas

    def with_sample(self, response: Response, schema: Any, where: str) -> Response:
        """A JSON response with the value the mock server sends for it. A schema no instance
        could be found for, or none fitting exactly one variant of each `oneOf` (overlapping
        variants: a defect of the spec, where the mock sends the nearest, an instance valid
        with the `oneOf` read as `anyOf`), is reported at generation, not met at run time."""
        if response.body_kind != "json":
            return response
        text = "string" if response.is_success else (response.description or "error")
        examples = (response.example,) if response.has_example else ()
        sample, has_sample, exact = self.synthesizer.noted_sample(schema, text=text,
                                                                  examples=examples)
        if not has_sample:
            self.spec.warn(f"no valid example of the {response.status} response, and none "
                           "could be synthesized: the mock server cannot answer it", where)
        elif has_sample and not exact:
            self.spec.warn(f"no instance of the {response.status} response fits exactly one "
                           "variant of a `oneOf` (variants overlap): the mock server answers "
                           "one that fits several", where)
        return replace(response, sample=sample, has_sample=has_sample)

    def event_sample(self, schema: Any) -> tuple[Any, bool]:
        """An event of `schema` the mock streams (the JSON data of one event)."""
        sample, has_sample, _ = self.synthesizer.noted_sample(schema, text="string",
                                                              examples=())
        return sample, has_sample

    def twinned(self, op: Operation) -> bool:
        """True when another operation has `op`'s method and path but for a `#fragment`."""
        return self.routes[(op.method.lower(), op.path.partition("#")[0])] > 1

    def server_facts(self, op: Operation, declared: list[dict[str, Any]],
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

    def page_shape(self, method: str, op: dict[str, Any], declared: list[dict[str, Any]],
                   responses: list[Response], schemas: dict[str, Any]) -> PageShape:
        """What pagination reads of an operation."""
        query = {str(raw["name"]): self.deref(raw.get("schema")) or {}
                 for raw in declared if raw.get("in") == "query"}
        successes = [r for r in responses if r.is_success]
        first = successes[0] if successes else None
        body = self.deref(schemas.get(first.status)) \
            if first is not None and first.body_kind == "json" else None
        declared_responses = op.get("responses")
        raw_responses: dict[str, Any] = declared_responses \
            if isinstance(declared_responses, dict) else {}
        link = False
        for response in successes:
            declared_response = self.deref(raw_responses.get(response.status))
            headers = declared_response.get("headers") \
                if isinstance(declared_response, dict) else None
            if isinstance(headers, dict) and any(str(h).lower() == "link" for h in headers):
                link = True
        hints = {r.type.hint for r in successes if r.type is not None}
        return PageShape(method=method, query=query, body=body, link_header=link,
                         single_type=len(hints) == 1 and len(successes) == 1)

    def pagination(self, op_id: str, op: dict[str, Any], shape: PageShape, pointer: str
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
        if EXTENSION in op:
            try:
                return self.pages.configured(op[EXTENSION], shape, source="extension")
            except PaginationError as exc:
                self.spec.warn(f"{EXTENSION}: {exc}; the operation is not paginated",
                               f"{pointer}/{EXTENSION}")
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
        paths = self.data.get("paths") or {}
        seen_ids: set[str] = set()
        at_path = Counter(path.partition("#")[0] for path, _, _, _ in iter_operations(self.data))
        leaves = leaf_paths(at_path)
        for path, method, op, pointer in iter_operations(self.data):
            op_id = op.get("operationId")
            if not (isinstance(op_id, str) and op_id):  # uniqueness: spec.repair
                op_id = derived_operation_id(method, path)
            settled = HANDLER_METHOD.settle(op_id, names, fallback="op")
            if (name := settled.name) and settled.moved:
                self.spec.warn(f"operation {op_id!r} is the handler method `{name}` "
                               f"(`{settled.spelled}` is the server's own)", pointer)
            names.add(name)
            override = op.get("x-apigen-name")
            if isinstance(override, str) and override:
                overrides[op_id] = (None, naming.snake_identifier(override, fallback="call"))
            taken: set[str] = set()
            located = self.parameters(path, paths[path], op, pointer)
            declared = [raw for raw, _ in located]
            params = [self.parameter(raw, taken, at) for raw, at in located]
            body = self.request_body(op, taken, pointer)
            responses, schemas = self.responses(op, pointer, method)
            responses = reply_responses(name, responses, reply_classes)
            streaming = event_stream(op, responses, body, deref=self.deref,
                                     schema_type=self.schema_type, sample=self.event_sample,
                                     warn=self.spec.warn, pointer=pointer)
            responses = streaming.responses
            operation = Operation(
                operation_id=op_id,
                name=name,
                method=method.upper(),
                path=path,
                summary=_text(op.get("summary")),
                description=_text(op.get("description")),
                tags=tuple(str(t) for t in op.get("tags") or []),
                parameters=tuple(params),
                body=body,
                responses=tuple(responses),
                security=requirements(op, self.data),
                **self.placement(path, method, op, op_id, pointer, at_path, leaves),
                deprecated=op.get("deprecated") is True,
                return_type=_return_type(responses),
                events=streaming.events,
            )
            shape = self.page_shape(method, op, declared, responses, schemas)
            operation = replace(operation, pagination=self.pagination(op_id, op, shape, pointer))
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

    def placement(self, path: str, method: str, op: dict[str, Any], op_id: str, pointer: str,
                  at_path: Counter[str], leaves: frozenset[str]) -> dict[str, Any]:
        resource, method_name = place(
            path, method, op, op_id, pointer=pointer, warn=self.spec.warn,
            reported=self.moved_segments, leaves=leaves,
            operations_here=at_path[path.partition("#")[0]], method_naming=self.method_naming)
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
        for raw in self.data.get("servers") or []:
            if not isinstance(raw, dict) or not isinstance(raw.get("url"), str):
                continue
            url = raw["url"]
            for var, spec in (raw.get("variables") or {}).items():
                if isinstance(spec, dict) and "default" in spec:
                    url = url.replace("{" + var + "}", str(spec["default"]))
            servers.append(Server(url=url, description=_text(raw.get("description"))))
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
    raw_info = spec.data.get("info")
    info: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
    prefix = naming.env_prefix(package)
    env_keys = _dedupe((f"{prefix}_API_KEY", *env_api_key))
    schemes = security_schemes(spec, (key for op in operations for alt in op.security
                                      for key in alt), prefix=prefix, env_api_key=env_keys)
    type_imports = tuple((m, module_alias(m)) for m in sorted(builder.modules))
    return Api(
        title=_text(info.get("title")) or package,
        version=str(info.get("version", "")) or "0.0.0",
        description=_text(info.get("description")),
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
        transport=transport_headers(spec.data, header_names or {}, env_log=f"{prefix}_LOG",
                                    warn=spec.warn),
    )


def _dedupe(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


