"""One pass from the (bundled, hoisted) spec and the generated models to the IR."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import replace
from typing import Any

from .. import naming
from ..models.generate import GeneratedModels, module_alias
from ..prepare.inline_schemas import derived_operation_id
from ..spec.document import Spec
from ..spec.walk import MAX_DEPTH, iter_operations
from .client import client_imports, credential_hint, credential_required
from .nodes import (
    Api,
    BodyField,
    BodyKind,
    FieldShape,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    Response,
    SecurityScheme,
    Server,
    TypeRef,
)
from .server import complete_operations

_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*$", re.IGNORECASE)
_PATH_PARAM = re.compile(r"{([^}/]+)}")
# Keyword arguments every client method takes besides the operation's own.
RESERVED_ARGUMENTS = frozenset({"self", "body", "timeout", "extra_headers", "extra_query"})
# Attribute names the client classes use themselves; a namespace may not shadow them.
RESERVED_ATTRIBUTES = frozenset({
    "api_key", "base_url", "timeout", "max_retries", "close", "aclose", "with_options",
    "with_raw_response", "default_headers", "http_client", "request",
})
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
# String formats a parameter (or a bare scalar body) takes as a Python value, as the models do.
_STRING_FORMATS = {"date": ("datetime", "date"), "date-time": ("datetime", "datetime"),
                   "uuid": ("uuid", "UUID")}
_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
_FORM_KINDS: dict[str, BodyKind] = {
    "application/x-www-form-urlencoded": "form",
    "multipart/form-data": "multipart",
}
# What joins the items of a form-urlencoded array whose `encoding` says `explode: false`.
_FORM_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
# The client's type for one file of a multipart body (defined in `_base.py`).
FILE_INPUT = "_base.FileInput"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def body_kind(media_type: str | None) -> BodyKind:
    """How a body of `media_type` travels: the same split `media_type()` makes for its hint."""
    if media_type is None:
        return "empty"
    if is_json(media_type):
        return "json"
    return "text" if media_type.split(";")[0].strip().lower().startswith("text/") else "binary"


def request_body_kind(media_type: str) -> BodyKind:
    """`body_kind`, with the two form media types told apart: an object schema in one of them
    is encoded field by field (`_Builder.request_body` falls back to `binary` otherwise)."""
    return _FORM_KINDS.get(media_type.split(";")[0].strip().lower()) or body_kind(media_type)


def _is_nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind):
        return True
    variants = schema.get("anyOf") or schema.get("oneOf") or []
    return any(isinstance(v, dict) and v.get("type") == "null" for v in variants)


class _Builder:
    def __init__(self, spec: Spec, models: GeneratedModels) -> None:
        self.spec = spec
        self.data = spec.data
        self.models = models
        self.modules: set[str] = set()

    # -- types ---------------------------------------------------------------------------

    def deref(self, value: Any) -> Any:
        return self.spec.deref(value)

    def _qualified(self, hint: str) -> str:
        text, modules = self.models.qualify(hint)
        self.modules |= modules
        return text

    def _any(self) -> str:
        self.modules.add("typing")
        return "_typing.Any"

    def schema_type(self, schema: Any) -> TypeRef:
        """The type hint a client or server signature uses for `schema`."""
        nullable = _is_nullable(schema)
        hint, model = self._schema_hint(schema)
        if nullable and hint != "None" and not hint.endswith("| None"):
            hint = f"{hint} | None"
        return TypeRef(hint=hint, model=model, nullable=nullable)

    def _schema_hint(self, schema: Any, depth: int = 0) -> tuple[str, str | None]:
        if not isinstance(schema, dict) or depth > 8:
            return self._any(), None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.deref(schema)
            model = self.models.by_ref.get(ref)
            structural = isinstance(target, dict) and not any(
                k in target for k in ("properties", "enum", "allOf", "oneOf", "anyOf", "const")
            ) and target.get("type") in ("string", "integer", "number", "boolean", "array")
            if model is not None and not structural:
                return f"_models.{model.class_name}", model.class_name
            return self._schema_hint(target, depth + 1)
        if "const" in schema:
            return self._literal([schema["const"]]), None
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in enum
        ):
            return self._literal(enum), None
        kinds = schema.get("type")
        kinds = [k for k in (kinds if isinstance(kinds, list) else [kinds]) if k != "null"]
        if len(kinds) == 1 and kinds[0] in _PRIMITIVES:
            if kinds[0] == "string" and schema.get("format") == "binary":
                return "bytes", None
            if kinds[0] == "string" and schema.get("format") in _STRING_FORMATS:
                module, name = _STRING_FORMATS[schema["format"]]
                self.modules.add(module)
                return f"{module_alias(module)}.{name}", None
            return _PRIMITIVES[kinds[0]], None
        if kinds == ["array"]:
            item, _ = self._schema_hint(schema.get("items", {}), depth + 1)
            return f"list[{item}]", None
        if kinds == ["object"] and "properties" not in schema:
            return f"dict[str, {self._any()}]", None
        variants = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(variants, list) and variants:
            hints: list[str] = []
            for variant in variants:
                if isinstance(variant, dict) and variant.get("type") == "null":
                    continue
                hint, _ = self._schema_hint(variant, depth + 1)
                if hint not in hints:
                    hints.append(hint)
            if len(hints) == 1:
                return hints[0], None
            if hints:
                return " | ".join(hints), None
        return self._any(), None

    def _literal(self, values: list[Any]) -> str:
        self.modules.add("typing")
        return "_typing.Literal[" + ", ".join(repr(v) for v in values) + "]"

    def media_type(self, content: Any) -> tuple[str | None, TypeRef | None]:
        if not isinstance(content, dict) or not content:
            return None, None
        media_type = next(iter(content))
        for candidate in content:
            if is_json(candidate):
                media_type = candidate
                break
        media = content[media_type]
        schema = media.get("schema") if isinstance(media, dict) else None
        base = media_type.split(";")[0].strip().lower()
        if is_json(media_type):
            return media_type, self.schema_type(schema if schema is not None else {})
        if base.startswith("text/"):
            return media_type, TypeRef(hint="str")
        return media_type, TypeRef(hint="bytes")

    # -- pieces of an operation -------------------------------------------------------------

    def parameters(
        self, path: str, path_item: dict[str, Any], operation: dict[str, Any], pointer: str
    ) -> list[tuple[dict[str, Any], str]]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        item_pointer = pointer.rsplit("/", 1)[0]
        for source, where in ((path_item, item_pointer), (operation, pointer)):
            # checks.check_buildable has vetted names, locations and path parameters.
            for index, raw in enumerate(source.get("parameters") or []):
                param = self.deref(raw)
                merged[(str(param["in"]), str(param["name"]))] = (
                    param, f"{where}/parameters/{index}")
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
        return sorted(merged.values(), key=lambda pa: order[str(pa[0]["in"])])

    def parameter(self, param: dict[str, Any], taken: set[str]) -> Parameter:
        location = str(param["in"])
        wire = str(param["name"])
        name = naming.unique(naming.snake_identifier(wire, fallback="param"), taken)
        taken.add(name)
        schema = param.get("schema")
        type_ref: TypeRef | None = None
        if schema is None and isinstance(param.get("content"), dict):
            _, type_ref = self.media_type(param["content"])
        if type_ref is None:
            type_ref = self.schema_type(schema if schema is not None else {"type": "string"})
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

    def request_body(self, operation: dict[str, Any], taken: set[str]) -> RequestBody | None:
        body = self.deref(operation.get("requestBody"))
        if not isinstance(body, dict):
            return None
        content_type, type_ref = self.media_type(body.get("content"))
        if content_type is None or type_ref is None:
            return None
        fields: list[BodyField] = []
        media = body["content"][content_type]
        schema = media.get("schema") if isinstance(media, dict) else None
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        model = self.models.by_ref.get(ref) if isinstance(ref, str) else None
        target = self.deref(schema)
        properties = self._properties(target) or None
        kind = request_body_kind(content_type)
        if kind in ("form", "multipart"):
            if self._field_shape(schema) == "object":
                type_ref = self.schema_type(schema)
            else:  # e.g. a lone `format: binary` string: the caller's bytes, sent as they are
                kind = "binary"
        encoding = media.get("encoding") if isinstance(media, dict) else None
        if model is not None and kind in ("json", "form", "multipart") \
                and isinstance(properties, dict):
            for field in self.models.fields_of(model):
                prop = properties.get(field.alias, {})
                name = field.name
                if name in taken or name in RESERVED_ARGUMENTS:
                    name = naming.unique(f"{name}_body", taken | RESERVED_ARGUMENTS)
                taken.add(name)
                hint = self._qualified(field.type)
                nullable = _is_nullable(self.deref(prop))
                if not field.required and not nullable:
                    hint = _drop_none(hint)
                wire: dict[str, Any] = {}
                if kind != "json":
                    raw = encoding.get(field.alias) if isinstance(encoding, dict) else None
                    wire = self._field_wire(prop, raw if isinstance(raw, dict) else {}, kind)
                    if wire["shape"] in ("file", "files"):
                        hint = FILE_INPUT if wire["shape"] == "file" else f"list[{FILE_INPUT}]"
                        hint = f"{hint} | None" if nullable else hint
                fields.append(BodyField(
                    name=name,
                    attribute=field.name,
                    wire_name=field.alias,
                    type=TypeRef(hint=hint, nullable=nullable),
                    required=field.required,
                    description=_text(self.deref(prop).get("description"))
                    if isinstance(self.deref(prop), dict) else "",
                    **wire,
                ))
        return RequestBody(
            content_type=content_type,
            type=type_ref,
            required=body.get("required") is True,
            description=_text(body.get("description")),
            fields=tuple(fields),
            body_kind=kind,
        )

    def _properties(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """The property schemas of an object schema, those of its allOf parts included."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return {}
        merged: dict[str, Any] = {}
        for part in schema.get("allOf") or []:
            merged.update(self._properties(part, depth + 1))
        own = schema.get("properties")
        return {**merged, **own} if isinstance(own, dict) else merged

    def _field_wire(self, prop: Any, encoding: dict[str, Any], kind: BodyKind
                    ) -> dict[str, Any]:
        """`BodyField.shape`, `content_type`, `delimiter` and `deep_object` of a form or
        multipart field, from its schema and its `encoding` object."""
        shape = self._field_shape(prop)
        content_type = ""
        delimiter = ""
        deep_object = False
        if kind == "multipart":
            declared = encoding.get("contentType")
            content_type = declared.split(",")[0].strip() if isinstance(declared, str) else ""
            target = self.deref(prop)
            if shape == "files" and isinstance(target, dict):
                target = self.deref(target.get("items"))
            media = target.get("contentMediaType") if isinstance(target, dict) else None
            if not content_type and shape in ("file", "files") and isinstance(media, str):
                content_type = media
        elif shape != "scalar":
            style = _text(encoding.get("style")) or "form"
            explode = encoding.get("explode")
            if style == "deepObject":
                deep_object = True
            elif shape == "array" and not (
                    explode if isinstance(explode, bool) else style == "form"):
                delimiter = _FORM_DELIMITERS.get(style, ",")
        return {"shape": shape, "content_type": content_type, "delimiter": delimiter,
                "deep_object": deep_object}

    def _field_shape(self, schema: Any, depth: int = 0) -> FieldShape:
        """How a form field travels (see `BodyField.shape`); `object` also for the whole body.
        Strings are files when they are `format: binary` or (OpenAPI 3.1) carry a non-JSON
        `contentMediaType` or a `contentEncoding`."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return "scalar"
        kinds = schema.get("type")
        kinds = [k for k in (kinds if isinstance(kinds, list) else [kinds]) if k != "null"]
        if "array" in kinds:
            item = self._field_shape(schema.get("items"), depth + 1)
            return "array" if item == "scalar" else "files" if item == "file" else "objects"
        if "object" in kinds or "properties" in schema or "additionalProperties" in schema:
            return "object"
        if "string" in kinds:
            media = schema.get("contentMediaType")
            if schema.get("format") == "binary" or "contentEncoding" in schema or (
                    isinstance(media, str) and not is_json(media)):
                return "file"
            return "scalar"
        parts = [p for key in ("allOf", "anyOf", "oneOf") for p in schema.get(key) or []
                 if not (isinstance(p, dict) and p.get("type") == "null")]
        shapes = {self._field_shape(part, depth + 1) for part in parts}
        if len(shapes) == 1:
            return shapes.pop()
        return "object" if "object" in shapes else "scalar"

    def responses(self, operation: dict[str, Any], pointer: str) -> list[Response]:
        raw = operation.get("responses")
        out: list[Response] = []
        if not isinstance(raw, dict):
            raw = {}  # 3.1 makes `responses` optional
        for status, value in raw.items():  # status keys vetted by checks.check_buildable
            response = self.deref(value)
            if not isinstance(response, dict):
                response = {}
            content_type, type_ref = self.media_type(response.get("content"))
            example, has_example = _example_of(self, response, content_type)
            code = int(status) if status.isdigit() else None
            out.append(Response(
                status=status,
                status_code=code,
                description=_text(response.get("description")),
                content_type=content_type,
                type=type_ref,
                is_success=status != "default" and status[0] in "123",
                example=example,
                has_example=has_example,
                body_kind=body_kind(content_type),
            ))
        if not any(r.is_success for r in out):
            out = [replace(r, is_success=True) if r.status == "default" else r for r in out]
        if not any(r.is_success for r in out):
            # No success declared (no responses at all, or errors only): any 2XX, no body; the
            # server sends 200 and the client returns None.
            out.append(Response(status="2XX", status_code=None,
                                description="Success (the spec declares none)",
                                content_type=None, type=None, is_success=True))
        return sorted(out, key=lambda r: (r.status == "default", r.status))

    def security(self, operation: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
        requirements = operation.get("security", self.data.get("security", []))
        if not isinstance(requirements, list):
            return ()
        alternatives = [
            tuple(str(k) for k in req) for req in requirements if isinstance(req, dict)
        ]
        if any(not alt for alt in alternatives):
            # `{}` among the alternatives: authentication is optional.
            alternatives = [alt for alt in alternatives if alt] + [()]
        return tuple(alternatives)

    # -- the whole API ----------------------------------------------------------------------

    def operations(self) -> list[Operation]:
        operations: list[Operation] = []
        names: set[str] = set()
        overrides: dict[str, str] = {}
        paths = self.data.get("paths") or {}
        for path, method, op, pointer in iter_operations(self.data):
            op_id = op.get("operationId")
            if not (isinstance(op_id, str) and op_id):  # uniqueness: checks.check_buildable
                op_id = derived_operation_id(method, path)
            # A handler method named like a builtin (`list`) would shadow it for the
            # annotations of the methods after it in the generated classes.
            name = naming.unique(naming.snake_identifier(op_id, fallback="op",
                                                         avoid_builtins=True), names)
            names.add(name)
            override = op.get("x-apigen-name")
            if isinstance(override, str) and override:
                overrides[op_id] = naming.snake_identifier(override, fallback="call")
            taken: set[str] = set()
            params = [self.parameter(p, taken) for p, _ in
                      self.parameters(path, paths[path], op, pointer)]
            body = self.request_body(op, taken)
            responses = self.responses(op, pointer)
            operations.append(Operation(
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
                security=self.security(op),
                resource=_resource_path(path, op),
                method_name=_verb_name(method, path),
                deprecated=op.get("deprecated") is True,
                return_type=_return_type(responses),
            ))
        return _settle_method_names(operations, overrides)

    def security_schemes(self, operations: list[Operation]) -> list[SecurityScheme]:
        used = {key for op in operations for alt in op.security for key in alt}
        raw = (self.data.get("components") or {}).get("securitySchemes") or {}
        schemes: list[SecurityScheme] = []
        for key, value in raw.items():
            scheme = self.deref(value)
            if key not in used or not isinstance(scheme, dict):
                continue
            kind = str(scheme.get("type", ""))
            description = _text(scheme.get("description"))
            if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
                schemes.append(SecurityScheme(key, "http_basic", "header", "Authorization",
                                              description))
            elif kind == "http":
                schemes.append(SecurityScheme(key, "http_bearer", "header", "Authorization",
                                              description))
            elif kind == "apiKey":
                location = str(scheme.get("in", "header"))
                if location not in ("header", "query", "cookie"):
                    location = "header"
                schemes.append(SecurityScheme(key, "api_key", location,  # type: ignore[arg-type]
                                              str(scheme.get("name", key)), description))
            elif kind in ("oauth2", "openIdConnect"):
                kind_name = "oauth2" if kind == "oauth2" else "openid_connect"
                schemes.append(SecurityScheme(key, kind_name,  # type: ignore[arg-type]
                                              "header", "Authorization", description))
        return schemes

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


def _drop_none(hint: str) -> str:
    tree = ast.parse(hint, mode="eval").body
    parts: list[ast.expr] = []

    def flatten(node: ast.expr) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            flatten(node.left)
            flatten(node.right)
        else:
            parts.append(node)

    flatten(tree)
    kept = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is None)]
    return " | ".join(ast.unparse(p) for p in kept) if kept else hint


def _example_of(builder: _Builder, response: dict[str, Any],
                content_type: str | None) -> tuple[Any, bool]:
    if content_type is None:
        return None, False
    media = response["content"][content_type]
    if not isinstance(media, dict):
        return None, False
    if "example" in media:
        return media["example"], True
    examples = media.get("examples")
    if isinstance(examples, dict):
        for value in examples.values():
            example = builder.deref(value)
            if isinstance(example, dict) and "value" in example:
                return example["value"], True
    return None, False


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


def _resource_path(path: str, operation: dict[str, Any]) -> tuple[str, ...]:
    segments = [
        naming.snake_identifier(s, fallback="segment")
        for s in path.split("/")
        if s and not _PATH_PARAM.search(s) and not _VERSION_SEGMENT.match(s)
    ]
    segments = [s if s not in RESERVED_ATTRIBUTES else f"{s}_" for s in segments if s]
    if not segments:
        tags = operation.get("tags") or []
        first = naming.snake_identifier(str(tags[0])) if tags else ""
        segments = [first or "default"]
    return tuple(segments)


def _verb_name(method: str, path: str) -> str:
    method = method.lower()
    if method == "get":
        return "retrieve" if path.rstrip("/").endswith("}") else "list"
    return {"post": "create", "put": "update", "patch": "update", "delete": "delete"}.get(
        method, method
    )


def _settle_method_names(operations: list[Operation], overrides: dict[str, str]
                         ) -> list[Operation]:
    """Verb names where unambiguous; clashes fall back to the operation name; the
    `x-apigen-name` extension (`overrides`, by operation id) wins over both."""
    groups: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for index, op in enumerate(operations):
        groups[(op.resource, op.method_name)].append(index)
    settled = list(operations)
    for indexes in groups.values():
        if len(indexes) > 1:
            for index in indexes:
                settled[index] = replace(settled[index], method_name=settled[index].name)
    settled = [
        replace(op, method_name=overrides[op.operation_id]) if op.operation_id in overrides
        else op
        for op in settled
    ]
    # A namespace's methods and sub-namespaces share one attribute space.
    children = {op.resource[:i + 1] for op in settled for i in range(len(op.resource))}
    clash = {(op.resource, op.method_name) for op in settled
             if (*op.resource, op.method_name) in children}
    return [
        replace(op, method_name=f"{op.method_name}_") if (op.resource, op.method_name) in clash
        else op
        for op in settled
    ]


def build_resources(operations: list[Operation]) -> tuple[Resource, ...]:
    def build(prefix: tuple[str, ...]) -> Resource:
        here = sorted((op for op in operations if op.resource == prefix),
                      key=lambda op: op.method_name)
        child_names = sorted({op.resource[len(prefix)] for op in operations
                              if len(op.resource) > len(prefix)
                              and op.resource[:len(prefix)] == prefix})
        return Resource(
            name=prefix[-1],
            class_name="".join(naming.pascal_case(p) for p in prefix) or "Root",
            path=prefix,
            operations=tuple(here),
            children=tuple(build((*prefix, child)) for child in child_names),
        )

    tops = sorted({op.resource[0] for op in operations})
    return tuple(build((top,)) for top in tops)


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
) -> Api:
    builder = _Builder(spec, models)
    operations = complete_operations(spec, builder.operations())
    servers = builder.servers()
    raw_info = spec.data.get("info")
    info: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
    prefix = naming.env_prefix(package)
    schemes = builder.security_schemes(operations)
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
        env_api_key=_dedupe((f"{prefix}_API_KEY", *env_api_key)),
        env_base_url=_dedupe((f"{prefix}_BASE_URL", *env_base_url)),
        model_names=models.class_order,
        type_imports=type_imports,
        options=dict(options or {}),
        credential_required=credential_required(operations),
        credential_hint=credential_hint(schemes),
        client_imports=client_imports(operations, type_imports),
    )


def _dedupe(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


