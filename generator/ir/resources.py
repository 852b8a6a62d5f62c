"""Where an operation lives in the client: its resource namespace (`client.models.groups`), its
method name there (`create`, `list`, `retrieve`, ... where unambiguous), and the namespace tree."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import Any

from .. import naming
from .nodes import Operation, Resource

_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*$", re.IGNORECASE)
_PATH_PARAM = re.compile(r"{([^}/]+)}")
# Attribute names the client classes use themselves; a namespace may not shadow them.
RESERVED_ATTRIBUTES = frozenset({
    "api_key", "base_url", "timeout", "max_retries", "close", "aclose", "with_options",
    "with_raw_response", "default_headers", "http_client", "request",
    # Builtins the generated class bodies use (`@property`): an attribute of that name
    # would shadow them for every definition after it.
    "property", "staticmethod", "classmethod",
})


def resource_path(path: str, operation: dict[str, Any]) -> tuple[str, ...]:
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


def verb_name(method: str, path: str) -> str:
    method = method.lower()
    if method == "get":
        return "retrieve" if path.rstrip("/").endswith("}") else "list"
    return {"post": "create", "put": "update", "patch": "update", "delete": "delete"}.get(
        method, method
    )


def settle_method_names(operations: list[Operation], overrides: dict[str, str]
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
        replace(op, method_name=f"{op.method_name}_")
        if (op.resource, op.method_name) in clash or op.method_name in RESERVED_ATTRIBUTES
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
