"""A hostile vocabulary of names, and one OpenAPI document that puts a list of them at every
position a name can take: path, query, header and cookie parameter, body field, path segment,
operationId, schema name, tag, enum value.

Each operation echoes what it received: its success response declares a property named like
each of its parameters and body fields, so the generated mock copies every value it read back
into the answer (`ir.server._echo`). A call through the generated client that gets its values
back proves that the client sent the spec's wire names and that the server read them.
"""

from __future__ import annotations

import json
import keyword
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from lint import ruff_findings

HERE = Path(__file__).resolve().parent

KEYWORDS = tuple(keyword.kwlist)
SOFT_KEYWORDS = ("match", "case", "type", "_")
BUILTINS = (
    "list", "dict", "str", "int", "float", "bool", "bytes", "type", "object", "property",
    "staticmethod", "classmethod", "id", "len", "print", "isinstance", "super", "Exception",
    "getattr", "callable", "iter", "next", "range", "set", "frozenset", "tuple", "min", "max",
    "any", "all", "format", "hash", "vars", "filter", "map", "zip", "open", "input", "cast",
)
TYPING = (
    "Any", "Optional", "Union", "List", "Dict", "Literal", "Annotated", "TypeVar", "Generic",
    "Protocol", "ClassVar", "Final", "Callable", "Mapping", "Sequence", "overload", "typing",
)
STDLIB_TYPES = (
    "date", "time", "datetime", "timedelta", "UUID", "Decimal", "Enum", "IntEnum", "Path",
    "AnyUrl", "EmailStr", "SecretStr", "AwareDatetime", "UUID4", "IPv4Address", "decimal",
    "uuid", "date_aliased", "datetime_aliased",
)
PYDANTIC = (
    "BaseModel", "RootModel", "Field", "ConfigDict", "model_config", "model_fields",
    "model_extra", "model_fields_set", "model_dump", "model_dump_json", "model_validate",
    "model_copy", "model_construct", "model_json_schema", "model_post_init", "schema", "json",
    "copy", "dict", "parse_obj", "validate", "construct", "fields", "root", "__fields__",
    "__root__", "__pydantic_extra__", "TypeAdapter", "ValidationError", "pydantic",
)
APIGEN = (
    "timeout", "extra_headers", "extra_query", "extra_body", "body", "content_type", "self",
    "cls", "api_key", "base_url", "max_retries", "close", "aclose", "with_options",
    "with_raw_response", "default_headers", "http_client", "request", "credentials",
    "handlers", "authorize", "Credentials", "Handlers", "MockHandlers", "Reply", "ApiError",
    "Authorizer", "Client", "AsyncClient", "NOT_GIVEN", "NotGiven", "FileInput", "RawResponse",
    "APIError", "models", "server", "build_router", "create_app", "SCHEMES", "Endpoint",
    "_base", "_models", "_typing", "_runtime", "_fastapi", "_handlers", "_router",
    "_authorize", "_client", "_request", "_raw", "_send", "_sent", "_Canned", "_T", "httpx",
    "fastapi", "Resource", "SyncResource", "AsyncResource", "ClientWithRawResponse",
)
DUNDERS = ("__init__", "__class__", "__dict__", "__call__", "__getattr__", "__slots__",
           "__name__", "__", "_", "_private")
CASE_AND_PUNCTUATION = ("fooBar", "foo_bar", "FooBar", "foo-bar", "foo.bar", "FOO_BAR",
                        "foo bar", "Foo-Bar", "foo__bar", "foo_bar_", "foo_bar_2", "fooBar2")
NORMALISED = ("café", "cafe", "Café", "CAFE", "cafe_", "ca-fe")
UNICODE = ("naïve", "模型", "🚀", "ß", "Ωmega", "x\u00a0y")
DIGITS_FIRST = ("9lives", "123", "1st", "2nd-place", "0")
EMPTY_AFTER_CLEANING = ("$", "-", "!!!", "🐍", "__", "@", "a$")
AMBIGUOUS = ("l", "O", "I")  # pycodestyle E741-E743: read as 1 and 0

VOCABULARY: tuple[str, ...] = tuple(dict.fromkeys(
    KEYWORDS + SOFT_KEYWORDS + BUILTINS + TYPING + STDLIB_TYPES + PYDANTIC + APIGEN + DUNDERS
    + CASE_AND_PUNCTUATION + NORMALISED + UNICODE + DIGITS_FIRST + EMPTY_AFTER_CLEANING
    + AMBIGUOUS))

_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_SCHEMA_KEY = re.compile(r"^[a-zA-Z0-9._-]+$")


def header_safe(names: list[str] | tuple[str, ...]) -> list[str]:
    """The names that can be HTTP header (or cookie) names, one per case-insensitive spelling."""
    seen: set[str] = set()
    out = []
    for name in names:
        if _TOKEN.match(name) and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def path_safe(names: list[str] | tuple[str, ...]) -> list[str]:
    """Names that can be a path parameter or segment: no `/`, braces, `?`, `#` or `%`, and
    not `.`-only (a dot segment is normalised away by URL handling)."""
    return [n for n in names if n and not re.search(r"[/{}?#%\s\u00a0]", n)
            and n.strip(".")]


def schema_safe(names: list[str] | tuple[str, ...]) -> list[str]:
    """Names OpenAPI allows as component keys, one per case-insensitive spelling."""
    seen: set[str] = set()
    out = []
    for name in names:
        if _SCHEMA_KEY.match(name) and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def _string_property() -> dict[str, Any]:
    return {"type": "string"}


# The types a body field takes in turn: every library type a field name may shadow in models.py
# (`date: date` makes datamodel-code-generator import `date as date_aliased`).
FIELD_TYPES: tuple[dict[str, Any], ...] = (
    {"type": "string", "format": "date"},
    {"type": "string", "format": "time"},
    {"type": "string", "format": "date-time"},
    {"type": "string", "format": "duration"},
    {"type": "string", "format": "uuid"},
    {"type": "string", "format": "decimal"},
    {"type": "string", "format": "email"},
    {"type": "string", "format": "uri"},
    {"type": "string", "format": "ipv4"},
    {"type": "string"},
    {"type": "integer"},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "array", "items": {"type": "string"}},
    {"type": "object", "additionalProperties": {"type": "string"}},
    {},
)


def _field_type(index: int) -> dict[str, Any]:
    return dict(FIELD_TYPES[index % len(FIELD_TYPES)])


def _chunks(names: list[str], size: int) -> list[list[str]]:
    return [names[i:i + size] for i in range(0, len(names), size)] if names else []


def hostile_document(names: list[str] | tuple[str, ...], *, chunk: int = 40,
                     split: bool = False) -> dict[str, Any]:
    """One OpenAPI 3.1 document putting `names` at every position (the ones a position cannot
    carry on the wire are left out of it: see `header_safe`, `path_safe`, `schema_safe`)."""
    names = list(dict.fromkeys(n for n in names if n))
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    ops = 0

    def op_id(kind: str) -> str:
        nonlocal ops
        ops += 1
        return f"{kind}Op{ops}"

    def echo_response(keys: list[str], name: str,
                      types: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
        types = types or {}
        schemas[name] = {"type": "object", "properties": {
            k: types.get(k, _string_property()) for k in keys}}
        return {"200": {"description": "What was sent",
                        "content": {"application/json": {
                            "schema": {"$ref": f"#/components/schemas/{name}"}}}}}

    # Query parameters (and one path parameter each) in chunks.
    for index, group in enumerate(_chunks(names, chunk)):
        params = [{"name": n, "in": "query", "required": True, "schema": _string_property()}
                  for n in group]
        paths[f"/query{index}"] = {"get": {
            "operationId": op_id("query"), "parameters": params,
            "responses": echo_response(group, f"QueryEcho{index}")}}
    # Header and cookie parameters.
    headers = header_safe(names)
    for index, group in enumerate(_chunks(headers, chunk)):
        params = [{"name": n, "in": "header", "required": True, "schema": _string_property()}
                  for n in group]
        paths[f"/header{index}"] = {"get": {
            "operationId": op_id("header"), "parameters": params,
            "responses": echo_response(group, f"HeaderEcho{index}")}}
        params = [{"name": n, "in": "cookie", "required": True, "schema": _string_property()}
                  for n in group]
        paths[f"/cookie{index}"] = {"get": {
            "operationId": op_id("cookie"), "parameters": params,
            "responses": echo_response(group, f"CookieEcho{index}")}}
    # Path parameters: several in one path.
    for index, group in enumerate(_chunks(path_safe(names), 8)):
        template = f"/path{index}/" + "/".join("{" + n + "}" for n in group)
        params = [{"name": n, "in": "path", "required": True, "schema": _string_property()}
                  for n in group]
        paths[template] = {"get": {
            "operationId": op_id("path"), "parameters": params,
            "responses": echo_response(group, f"PathEcho{index}")}}
    # Body fields, and an enum of every name (as a body field and a query parameter).
    enum_values = [n for n in names]
    schemas["HostileEnum"] = {"type": "string", "enum": enum_values}
    for index, group in enumerate(_chunks(names, chunk)):
        types = {n: _field_type(i) for i, n in enumerate(group)}
        body = {"type": "object", "required": group[:3], "properties": dict(types)}
        body["properties"]["hostileEnum"] = {"$ref": "#/components/schemas/HostileEnum"}
        schemas[f"BodyIn{index}"] = body
        paths[f"/body{index}"] = {"post": {
            "operationId": op_id("body"),
            "parameters": [{"name": "choice", "in": "query", "required": True,
                            "schema": {"$ref": "#/components/schemas/HostileEnum"}},
                           {"name": "limit", "in": "query",
                            "schema": {"type": "integer"}}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/BodyIn{index}"}}}},
            "responses": echo_response([*group, "choice"], f"BodyEcho{index}", {
                **types, "choice": {"$ref": "#/components/schemas/HostileEnum"}})}}
    # Namespaces and methods: each name a path segment of its own path (`/seg/<name>`), or, for
    # a path with no segment the client can use (`/v<n>`), its first tag. Both are settled by
    # one rule (`ir.resources.resource_segments`): with `split`, a name takes one of the two (the
    # names that spell one identifier take both), so the document stays small enough to
    # type-check. A `/seg/<name>` whose last segment reads as an action (a verb, or one
    # singular word: `ir.resources.action_segment`) is the method `client.seg.<name>()`, so
    # those names are method names too, settled in the same scope.
    # Every name is an operationId on one of these operations.
    clash = set(CASE_AND_PUNCTUATION + NORMALISED)
    segments = [n for i, n in enumerate(names) if not split or i % 2 == 0 or n in clash]
    segment_ids = set(path_safe(segments))
    for name in path_safe(segments):
        paths[f"/seg/{name}"] = {"get": {"operationId": name, "responses": {
            "204": {"description": "done"}}}}
    for index, name in enumerate(names):
        if split and index % 2 == 0 and name not in clash and name in segment_ids:
            continue
        paths[f"/v{index + 1}"] = {"get": {
            "operationId": op_id("tag") if name in segment_ids else name, "tags": [name],
            "responses": {"204": {"description": "done"}}}}
    # Schema names: each an object holding a string, all returned by one operation.
    for name in schema_safe(names):
        if name not in schemas:
            schemas[name] = {"type": "object", "properties": {"value": _string_property()}}
    every = [n for n in schema_safe(names) if schemas[n].get("properties", {}).keys() == {
        "value"}]
    schemas["AllSchemas"] = {"type": "object", "properties": {
        f"p{i}": {"$ref": f"#/components/schemas/{n}"} for i, n in enumerate(every)}}
    paths["/schemas"] = {"post": {
        "operationId": op_id("schemas"),
        "requestBody": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/AllSchemas"}}}},
        "responses": {"200": {"description": "same", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/AllSchemas"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hostile names", "version": "1.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


# -- checking a generated package ------------------------------------------------------------

# A value per field type that every layer (client model, JSON, server model, answer) writes
# back the same way, so that what was sent can be compared with what came back.
_VALUES: dict[str, Any] = {
    "date": "2024-01-02", "time": "10:20:30", "date-time": "2024-01-02T03:04:05Z",
    "duration": "P1D", "uuid": "12345678-1234-5678-1234-567812345678", "decimal": "1.5",
    "email": "a@example.com", "uri": "https://example.com/", "ipv4": "10.0.0.1",
}


def _value(schema: dict[str, Any], counter: list[int], choice: str) -> Any:
    counter[0] += 1
    if schema.get("$ref", "").endswith("/HostileEnum"):
        return choice
    if schema.get("format") in _VALUES:
        return _VALUES[schema["format"]]
    kind = schema.get("type")
    if kind == "integer":
        return counter[0]
    if kind == "number":
        return counter[0] + 0.5
    if kind == "boolean":
        return True
    if kind == "array":
        return ["a", f"b{counter[0]}"]
    if kind == "object":
        return {"k": f"v{counter[0]}"}
    return f"v{counter[0]}"


def call_plan(api: Any, document: dict[str, Any]) -> list[dict[str, Any]]:
    """A call of every operation with every argument (see `hostile_probe.py`): the client's
    keyword for each parameter and body field, the wire name and value the server must see,
    and the values the answer must echo."""
    counter = [0]
    plan = []
    schemas = document["components"]["schemas"]
    values = schemas["HostileEnum"]["enum"]
    choice = next((v for v in values if v.isascii() and v.strip()), values[0])
    for op in api.operations:
        raw = document["paths"][op.path][op.method.lower()]
        declared = {(p["in"], p["name"]): p.get("schema", {}) for p in raw.get("parameters", [])}
        arguments: dict[str, Any] = {}
        wire: dict[str, dict[str, Any]] = {}
        for param in op.parameters:
            value = _value(declared[(param.location, param.wire_name)], counter, choice)
            arguments[param.name] = value
            wire.setdefault(param.location, {})[param.wire_name] = value
        if op.body is not None and op.body.fields:
            ref = raw["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            properties = schemas[ref.rsplit("/", 1)[1]]["properties"]
            for body_field in op.body.fields:
                if "$ref" in properties[body_field.wire_name] and not properties[
                        body_field.wire_name]["$ref"].endswith("/HostileEnum"):
                    continue  # a model-typed field: left out
                value = _value(properties[body_field.wire_name], counter, choice)
                arguments[body_field.name] = value
                wire.setdefault("body", {})[body_field.wire_name] = value
        success = raw["responses"].get("200", {})
        ref = json.dumps(success).rpartition("#/components/schemas/")[2].split('"')[0]
        echoes = "Echo" in ref
        declared_keys = schemas[ref]["properties"] if echoes else {}
        echo = {k: v for pairs in wire.values() for k, v in pairs.items() if k in declared_keys}
        call = {"target": [*op.resource, op.method_name], "arguments": arguments,
                "wire": wire, "echo": echo}
        plan.append(call)
        if echoes and op.path.rstrip("0123456789").endswith(("query", "header", "body")):
            plan.append({**call, "async": True})
    return plan


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False,
                          timeout=timeout)


def check_documents(documents: list[dict[str, Any]], work: Path,
                    mypy_cache: Path | None = None) -> list[str]:
    """Generate each document as package `hostile<i>` under `work`, then check them together:
    every package imports, passes `ruff check --select E,F,W,I` (line length aside: template
    prose and long spec strings are black's to wrap, not a name's) and `mypy --strict`, and every
    operation round-trips (`call_plan`, `hostile_probe.py`). Returns the problems found."""
    from generator.config import Target
    from generator.output.emit import write_package
    from generator.pipeline import generate_target

    problems: list[str] = []
    packages: list[tuple[str, list[dict[str, Any]]]] = []
    for index, document in enumerate(documents):
        package = f"hostile{index}"
        spec = work / f"{package}.json"
        spec.write_text(json.dumps(document), encoding="utf-8")
        # ruff's formatter: black on a 40 000-line client costs ten times more, and the
        # format is not what is checked here.
        target = Target(spec=spec, package=package, output=work, formatter="ruff")
        result = generate_target(target, root=work)
        errors = [d.format() for d in result.diagnostics if d.level.name == "ERROR"]
        problems += errors
        write_package(result.package, target.directory)
        packages.append((package, call_plan(result.api, document)))
    names = [package for package, _ in packages]
    if findings := ruff_findings(names, cwd=work):
        problems.append("ruff: " + "\n".join(findings)[-3000:])
    cache = ["--cache-dir", str(mypy_cache)] if mypy_cache else ["--no-incremental"]
    mypy = _run([sys.executable, "-m", "mypy", "--strict", "--config-file", os.devnull, *cache,
                 *(arg for name in names for arg in ("-p", name))], work)
    if mypy.returncode:
        problems.append("mypy: " + mypy.stdout[-3000:])
    for package, plan in packages:
        plan_file = work / f"{package}-plan.json"
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        done = _run([sys.executable, str(HERE / "hostile_probe.py"), str(work), package,
                     str(plan_file)], work)
        if done.returncode:
            problems.append(f"{package} probe: {done.stderr[-3000:]}")
            continue
        outcome = json.loads(done.stdout.strip().splitlines()[-1])
        if outcome["imports"] != "ok":
            problems.append(f"{package} import: {outcome['imports']}")
        problems += [f"{package}: {p}" for p in outcome["problems"]]
    return problems
