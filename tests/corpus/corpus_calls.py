"""Smoke calls: for each chosen operation, the minimal valid arguments of its client method.

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

from generator.ir.nodes import Api, Operation
from generator.ir.samples import Synthesizer

MAX_CALLS = 20
BYTES_KEY = "__bytes__"
"""A JSON stand-in for a `bytes` value: `{"__bytes__": "<base64>"}`."""


@dataclass(frozen=True)
class Call:
    """One client call: `client.<resource...>.<method>(**arguments)`."""

    operation_id: str
    method: str
    path: str
    resource: tuple[str, ...]
    method_name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    problem: str = ""
    """Why no valid arguments could be built (the call is then counted as failed)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def wire_request(op: Operation) -> tuple[str, str]:
    """What a server sees of an operation: method and path (a `#fragment` is not sent)."""
    return op.method, op.path.partition("#")[0]


def choose(operations: tuple[Operation, ...], limit: int = MAX_CALLS) -> list[Operation]:
    """Up to `limit` operations spread evenly over the API (deterministic). An operation whose
    request is the same as an earlier one's (paths that differ only by a `#fragment`) is left
    out: the server cannot tell them apart, so it answers the earlier one."""
    seen: set[tuple[str, str]] = set()
    distinct = []
    for op in operations:
        if wire_request(op) not in seen:
            seen.add(wire_request(op))
            distinct.append(op)
    operations = tuple(distinct)
    count = len(operations)
    if count <= limit:
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

    def body_value(self, op: Operation, raw: dict[str, Any]) -> Any:
        assert op.body is not None
        if op.body.body_kind == "text":
            return "text"
        if op.body.body_kind not in ("json", "form", "multipart"):
            return {BYTES_KEY: base64.b64encode(b"data").decode("ascii")}
        body = self.refs.deref(raw.get("requestBody"))
        media = (body.get("content") or {}).get(op.body.content_type) if isinstance(
            body, dict) else None
        schema = media.get("schema", {}) if isinstance(media, dict) else {}
        return self.value(schema, "the request body")

    def call(self, op: Operation) -> Call:
        call = Call(op.operation_id, op.method, op.path, op.resource, op.method_name)
        try:
            item, raw = self.raw_operation(op)
            params = self.raw_parameters(item, raw)
            arguments: dict[str, Any] = {}
            for parameter in op.parameters:
                if not parameter.required:
                    continue
                declared = params.get((parameter.location, parameter.wire_name), {})
                arguments[parameter.name] = self.parameter_value(
                    declared, f"parameter {parameter.wire_name!r}")
            if op.body is not None and op.body.required:
                arguments["body"] = self.body_value(op, raw)
        except (LookupError, ValueError) as exc:
            return Call(**{**asdict(call), "problem": str(exc)})
        return Call(**{**asdict(call), "arguments": arguments})


def plan_calls(api: Api, data: dict[str, Any], limit: int = MAX_CALLS) -> list[Call]:
    """Calls for up to `limit` operations of `api`; `data` is the bundled spec (the package's
    `openapi.json`)."""
    planner = _Planner(data)
    return [planner.call(op) for op in choose(api.operations, limit)]


def from_json(value: Any) -> Any:
    """Undo the `bytes` stand-in of a planned argument."""
    if isinstance(value, dict):
        if set(value) == {BYTES_KEY}:
            return base64.b64decode(value[BYTES_KEY])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
