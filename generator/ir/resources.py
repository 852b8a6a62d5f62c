"""Where an operation lives in the client: its resource namespace (`client.models.groups`), its
method name there (`create`, `list`, `retrieve`, ... where unambiguous), and the namespace tree."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import naming
from ..diagnostics import escape_pointer_token
from ..scopes import CLIENT_ATTRIBUTE, Settled
from .nodes import Operation, Resource

_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*$", re.IGNORECASE)
_PATH_PARAM = re.compile(r"{([^}/]+)}")


def resource_segments(path: str, operation: dict[str, Any]) -> list[tuple[Settled, str]]:
    """The namespace of an operation, as (attribute, spec text) per step: its path's segments
    (parameters and version segments left out), else its first tag, else `default`; each an
    attribute of the namespace (or client) above it, settled in `scopes.CLIENT_ATTRIBUTE`
    (`property` -> `property_`)."""
    raw = [s for s in path.split("/")
           if s and not _PATH_PARAM.search(s) and not _VERSION_SEGMENT.match(s)]
    spelled = [(CLIENT_ATTRIBUTE.spell(s, fallback="segment"), s) for s in raw]
    spelled = [(name, s) for name, s in spelled if name]
    if not spelled:
        tags = operation.get("tags") or []
        tag = str(tags[0]) if tags else ""
        spelled = [(CLIENT_ATTRIBUTE.spell(tag, fallback="value") if tag else "default", tag)]
    return [(CLIENT_ATTRIBUTE.settle(s, spelled=name), s) for name, s in spelled]


def namespace(path: str, operation: dict[str, Any], pointer: str,
              warn: Callable[[str, str], None], reported: set[str]) -> tuple[str, ...]:
    """The operation's client namespace (`resource_segments`); a segment or tag that had to
    move off a name the client classes hold is reported once (`reported`: those already)."""
    steps = resource_segments(path, operation)
    for settled, text in steps:
        if settled.moved and text not in reported:
            reported.add(text)
            warn(f"{text!r} is the client namespace `{settled.name}` "
                 f"(`{settled.spelled}` is the client's own)", pointer)
    return tuple(settled.name for settled, _ in steps)


def verb_name(method: str, path: str) -> str:
    method = method.lower()
    if method == "get":
        return "retrieve" if path.rstrip("/").endswith("}") else "list"
    return {"post": "create", "put": "update", "patch": "update", "delete": "delete"}.get(
        method, method
    )


def settle_method_names(operations: list[Operation], overrides: dict[str, str],
                        warn: Callable[[str, str], None] | None = None) -> list[Operation]:
    """Verb names where unambiguous; clashes fall back to the operation name; the
    `x-apigen-name` extension (`overrides`, by operation id) wins over both. A method gives
    way to a sub-namespace of its name (`list_`); one that has to move off the client's own
    names is reported through `warn`."""
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
    # A namespace's methods and sub-namespaces share one attribute space: a method gives way
    # to a sub-namespace of its name, and to the client's own attributes.
    children = {op.resource[:i + 1] for op in settled for i in range(len(op.resource))}
    namespaces: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for child in children:
        namespaces[child[:-1]].add(child[-1])
    taken = {resource: set(names) for resource, names in namespaces.items()}
    out = []
    for op in sorted(settled, key=lambda op: (op.resource, op.method_name, op.name)):
        name = op.method_name
        if name in namespaces.get(op.resource, ()):
            name += "_"
        name = CLIENT_ATTRIBUTE.settle(name, taken.setdefault(op.resource, set()),
                                       spelled=name).name
        taken[op.resource].add(name)
        if op.method_name in CLIENT_ATTRIBUTE.own and warn is not None:
            warn(f"{op.method.upper()} {op.path} is the client method `{name}` "
                 f"(`{op.method_name}` is the client's own)",
                 f"/paths/{escape_pointer_token(op.path)}/{op.method.lower()}")
        out.append(replace(op, method_name=name))
    by_name = {op.name: op for op in out}
    return [by_name[op.name] for op in settled]


def build_resources(operations: list[Operation]) -> tuple[Resource, ...]:
    prefixes = sorted({op.resource[:i + 1] for op in operations for i in range(len(op.resource))})
    class_names = _class_names(prefixes)

    def build(prefix: tuple[str, ...]) -> Resource:
        here = sorted((op for op in operations if op.resource == prefix),
                      key=lambda op: op.method_name)
        child_names = sorted({op.resource[len(prefix)] for op in operations
                              if len(op.resource) > len(prefix)
                              and op.resource[:len(prefix)] == prefix})
        return Resource(
            name=prefix[-1],
            class_name=class_names[prefix],
            path=prefix,
            operations=tuple(here),
            children=tuple(build((*prefix, child)) for child in child_names),
        )

    tops = sorted({op.resource[0] for op in operations})
    return tuple(build((top,)) for top in tops)


def _class_names(prefixes: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """A class-name stem per namespace, unique in `_client.py`: `("model_groups", "models")` ->
    `ModelGroupsModels`. Two namespaces that spell one stem (`foo_bar` and `foo.bar`), or a
    stem that is another's with `Async` in front (the asynchronous flavour's prefix), are
    numbered (`FooBar2`): the shallower namespace first, then in path order, and a stem
    starting with `Async` after the others."""
    taken: set[str] = set()
    names: dict[tuple[str, ...], str] = {}
    stems = {prefix: "".join(naming.pascal_case(p) for p in prefix) or "Root"
             for prefix in prefixes}
    # Shallower namespaces first, and a stem of its own before one that starts with `Async`.
    for prefix in sorted(prefixes, key=lambda p: (stems[p].startswith("Async"), len(p), p)):
        stem = stems[prefix]
        name, n = stem, 2
        while name in taken or f"Async{name}" in taken:
            name, n = f"{stem}{n}", n + 1
        taken |= {name, f"Async{name}"}
        names[prefix] = name
    return names
