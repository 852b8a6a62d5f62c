"""Smoke calls: every operation of a document, called four ways through its generated client.

- `required`: the required arguments only, body fields as keyword arguments where the method
  takes them so (else `body=`);
- `all`: every parameter and every body property;
- `model`: the required arguments with `body=` an instance of the body's model class;
- `async`: the `required` call through `AsyncClient`.

The IR says how an operation is called (client namespace, method name, keyword names, which
parameters are required, how its body travels); the spec's schemas say what values are valid.
Values come from apigen's own sample synthesizer (examples and defaults that validate, else a
minimal instance), so an argument never contradicts the spec. Plans are JSON so that a separate
process (which imports the generated package) can run them.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from typing import Any

from generator.ir.api import Api
from generator.ir.nodes import Operation
from generator.ir.samples import Synthesizer

BYTES_KEY = "__bytes__"
"""A JSON stand-in for a `bytes` value: `{"__bytes__": "<base64>"}`."""
MODEL_KEY = "__model__"
"""A JSON stand-in for a model instance: `{"__model__": "ClassName", "value": {...}}`."""
WAYS = ("required", "all", "model", "async")


@dataclass(frozen=True)
class Call:
    """One client call: `client.<resource...>.<method>(**arguments)`."""

    operation_id: str
    method: str
    path: str
    resource: tuple[str, ...]
    method_name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    way: str = "required"
    """One of `WAYS`."""
    problem: str = ""
    """Why no valid arguments could be built (the call is then counted as failed)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def wire_request(op: Operation) -> tuple[str, str]:
    """What a server sees of an operation: method and path (a `#fragment` is not sent)."""
    return op.method, op.path.partition("#")[0]


def choose(operations: tuple[Operation, ...], limit: int | None = None) -> list[Operation]:
    """Every operation (or `limit` spread evenly over the API, deterministic). An operation
    whose request is the same as an earlier one's (paths that differ only by a `#fragment`) is
    left out: the server cannot tell them apart, so it answers the earlier one."""
    seen: set[tuple[str, str]] = set()
    distinct = []
    for op in operations:
        if wire_request(op) not in seen:
            seen.add(wire_request(op))
            distinct.append(op)
    operations = tuple(distinct)
    count = len(operations)
    if limit is None or count <= limit:
        return list(operations)
    return [operations[i * count // limit] for i in range(limit)]


class _Resolver:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def resolve(self, ref: str) -> Any:
        node: Any = self.data
        for raw in ref.lstrip("#").strip("/").split("/"):
            token = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def deref(self, value: Any) -> Any:
        for _ in range(64):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                break
            value = self.resolve(value["$ref"])
        return value


class _Planner:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.refs = _Resolver(data)
        self.synthesizer = Synthesizer(data, resolve=self.refs.resolve)

    def served(self, op: Operation) -> bool:
        """False for an operation the served document leaves out: its route is another's
        (templated paths that differ only in parameter names, see `ir.served_routes`), so
        the server never reaches it and no call to it can round-trip."""
        item = self.refs.deref((self.data.get("paths") or {}).get(op.path))
        return isinstance(item, dict) and isinstance(item.get(op.method.lower()), dict)

    def raw_operation(self, op: Operation) -> tuple[dict[str, Any], dict[str, Any]]:
        item = self.refs.deref((self.data.get("paths") or {}).get(op.path) or {})
        raw = item.get(op.method.lower()) if isinstance(item, dict) else None
        if not isinstance(raw, dict):
            raise LookupError(f"{op.method} {op.path} is not in the spec")
        return item, raw

    def raw_parameters(self, item: dict[str, Any], raw: dict[str, Any]
                       ) -> dict[tuple[str, str], dict[str, Any]]:
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for source in (item, raw):
            for value in source.get("parameters") or []:
                param = self.refs.deref(value)
                if isinstance(param, dict):
                    found[(str(param.get("in")), str(param.get("name")))] = param
        return found

    def value(self, schema: Any, what: str) -> Any:
        value, ok = self.synthesizer.sample(schema if schema is not None else {}, text="string")
        if not ok:
            raise ValueError(f"no valid value for {what}")
        return value

    def parameter_value(self, param: dict[str, Any], what: str) -> Any:
        schema = self.parameter_schema(param)
        resolved = self.refs.deref(schema)
        if isinstance(resolved, dict) and resolved.get("type") == "array" and not resolved.get(
                "minItems"):
            # One item exercises more than none (unless the item can only be null).
            value, ok = self.synthesizer.sample({**resolved, "minItems": 1}, text="string")
            if ok and None not in value:
                return value
        return self.value(schema, what)

    def parameter_schema(self, param: dict[str, Any]) -> Any:
        if "schema" in param:
            return param["schema"]
        content = param.get("content")
        if isinstance(content, dict) and content:
            media = next(iter(content.values()))
            return media.get("schema", {}) if isinstance(media, dict) else {}
        return {"type": "string"}

    def body_schema(self, op: Operation, raw: dict[str, Any]) -> Any:
        assert op.body is not None
        body = self.refs.deref(raw.get("requestBody"))
        media = (body.get("content") or {}).get(op.body.content_type) if isinstance(
            body, dict) else None
        return media.get("schema", {}) if isinstance(media, dict) else {}

    def body_value(self, op: Operation, raw: dict[str, Any], *, full: bool = False) -> Any:
        assert op.body is not None
        if op.body.body_kind == "text":
            return "text"
        if op.body.body_kind not in ("json", "form", "multipart"):
            return {BYTES_KEY: base64.b64encode(b"data").decode("ascii")}
        schema = self.body_schema(op, raw)
        if full:
            resolved = self.refs.deref(schema)
            properties = resolved.get("properties") if isinstance(resolved, dict) else None
            if isinstance(properties, dict) and properties:
                # Every property, and still every one the schema requires (some may be
                # declared only in its `oneOf` variants).
                required = [r for r in resolved.get("required") or [] if isinstance(r, str)]
                value, ok = self.synthesizer.sample(
                    {**resolved, "required": sorted({*properties, *required})}, text="string")
                if ok:
                    return value
        return self.value(schema, "the request body")

    def arguments(self, op: Operation, item: dict[str, Any], raw: dict[str, Any], way: str
                  ) -> dict[str, Any]:
        params = self.raw_parameters(item, raw)
        every = way == "all"
        arguments: dict[str, Any] = {}
        for parameter in op.parameters:
            if not (parameter.required or every):
                continue
            declared = params.get((parameter.location, parameter.wire_name), {})
            arguments[parameter.name] = self.parameter_value(
                declared, f"parameter {parameter.wire_name!r}")
        body = op.body
        if body is None or not (body.required or every):
            return arguments
        value = self.body_value(op, raw, full=every)
        model = body.type.hint.removeprefix("_models.")
        if way == "model" and model.isidentifier() and body.body_kind == "json":
            arguments["body"] = {MODEL_KEY: model, "value": value}
        elif body.fields and body.body_kind == "json" and isinstance(value, dict):
            by_wire = {f.wire_name: f.name for f in body.fields}
            arguments.update({by_wire[k]: v for k, v in value.items() if k in by_wire})
        else:
            arguments["body"] = value
        return arguments

    def calls(self, op: Operation) -> list[Call]:
        if not self.served(op):
            return []
        call = Call(op.operation_id, op.method, op.path, op.resource, op.method_name)
        ways = [w for w in WAYS if w != "model" or (
            op.body is not None and op.body.body_kind == "json"
            and op.body.type.hint.removeprefix("_models.").isidentifier())]
        found = []
        for way in ways:
            try:
                item, raw = self.raw_operation(op)
                arguments = self.arguments(op, item, raw, "required" if way == "async" else way)
            except (LookupError, ValueError) as exc:
                found.append(Call(**{**asdict(call), "way": way, "problem": str(exc)}))
                continue
            found.append(Call(**{**asdict(call), "way": way, "arguments": arguments}))
        return found


def plan_calls(api: Api, data: dict[str, Any], limit: int | None = None) -> list[Call]:
    """Calls for every operation of `api` (or `limit` of them) the server serves, each way it
    can be called; `data` is the served document (the package's `openapi.json`)."""
    planner = _Planner(data)
    return [call for op in choose(api.operations, limit) for call in planner.calls(op)]


def from_json(value: Any) -> Any:
    """Undo the `bytes` stand-in of a planned argument."""
    if isinstance(value, dict):
        if set(value) == {BYTES_KEY}:
            return base64.b64decode(value[BYTES_KEY])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
