"""Where an operation lives in the client: its resource namespace (`client.models.groups`), its
method name there (`create`, `list`, `retrieve`, ... where unambiguous), and the namespace tree."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from .. import naming
from ..diagnostics import escape_pointer_token
from ..scopes import CLIENT_ATTRIBUTE, Settled
from .nodes import Operation, Resource

_VERSION_SEGMENT = re.compile(r"^v\d+(\.\d+)*$", re.IGNORECASE)
_PATH_PARAM = re.compile(r"{([^}/]+)}")


def resource_segments(path: str, tags: Sequence[Any]) -> list[tuple[Settled, str]]:
    """The namespace of an operation, as (attribute, spec text) per step: its path's segments
    (parameters and version segments left out), else its first tag, else `default`; each an
    attribute of the namespace (or client) above it, settled in `scopes.CLIENT_ATTRIBUTE`
    (`property` -> `property_`)."""
    raw = [s for s in path.split("/")
           if s and not _PATH_PARAM.search(s) and not _VERSION_SEGMENT.match(s)]
    spelled = [(CLIENT_ATTRIBUTE.spell(s, fallback="segment"), s) for s in raw]
    spelled = [(name, s) for name, s in spelled if name]
    if not spelled:
        tag = str(tags[0]) if tags else ""
        spelled = [(CLIENT_ATTRIBUTE.spell(tag, fallback="value") if tag else "default", tag)]
    return [(CLIENT_ATTRIBUTE.settle(s, spelled=name), s) for name, s in spelled]


def namespace(path: str, tags: Sequence[Any], pointer: str,
              warn: Callable[[str, str], None], reported: set[str]) -> tuple[str, ...]:
    """The operation's client namespace (`resource_segments`); a segment or tag that had to
    move off a name the client classes hold is reported once (`reported`: those already)."""
    return _reported(resource_segments(path, tags), pointer, warn, reported)


def tag_namespace(path: str, tags: Sequence[Any], pointer: str,
                  warn: Callable[[str, str], None], reported: set[str]) -> tuple[str, ...]:
    """The namespace under `naming = "operation_id"`: the operation's first tag, else its
    path's first static segment (`default` when it has neither)."""
    if tags and naming.snake_case(str(tags[0])):
        tag = str(tags[0])
        steps = [(CLIENT_ATTRIBUTE.settle(tag, spelled=CLIENT_ATTRIBUTE.spell(
            tag, fallback="value")), tag)]
    else:
        steps = resource_segments(path, ())[:1]
    return _reported(steps, pointer, warn, reported)


def _reported(steps: list[tuple[Settled, str]], pointer: str,
              warn: Callable[[str, str], None], reported: set[str]) -> tuple[str, ...]:
    for settled, text in steps:
        if settled.moved and text not in reported:
            reported.add(text)
            warn(f"{text!r} is the client namespace `{settled.name}` "
                 f"(`{settled.spelled}` is the client's own)", pointer)
    return tuple(settled.name for settled, _ in steps)


VERBS = frozenset({
    "abort", "accept", "ack", "acknowledge", "activate", "add", "apply", "approve", "archive",
    "assign", "attach", "authenticate", "authorize", "batch", "block", "calculate", "cancel",
    "capture", "check", "claim", "cleanup", "clear", "clone", "close", "commit", "complete",
    "compute", "confirm", "convert", "copy", "count", "create", "deactivate", "decline",
    "decrypt", "delete", "deny", "deploy", "deregister", "describe", "detach", "disable",
    "disconnect", "dismiss", "downgrade", "download", "duplicate", "edit", "enable", "encrypt",
    "end", "estimate", "evaluate", "exchange", "execute", "expire", "export", "fail", "fetch",
    "finalize", "find", "flush", "follow", "forward", "generate", "get", "grant", "import",
    "install", "invalidate", "invite", "invoke", "join", "kill", "leave", "link", "list", "load",
    "lock", "login", "logout", "lookup", "mark", "merge", "migrate", "move", "notify", "open",
    "patch", "pause", "pin", "ping", "poll", "post", "preview", "process", "prune", "publish",
    "purge", "put", "query", "reactivate", "read", "reboot", "rebuild", "redeem", "refresh",
    "refund", "register", "reindex", "reject", "release", "reload", "remove", "rename", "render",
    "reopen", "replace", "reply", "report", "request", "reschedule", "resend", "reset", "resize",
    "resolve", "restart", "restore", "resume", "retrieve", "retry", "reverse", "revert", "revoke",
    "rollback", "rotate", "run", "save", "scale", "schedule", "search", "send", "set", "share",
    "shutdown", "sign", "signal", "snooze", "start", "stop", "submit", "subscribe", "suspend",
    "sync", "terminate", "test", "toggle", "transfer", "trigger", "unarchive", "unassign",
    "unblock", "unclaim", "undo", "unfollow", "uninstall", "unlink", "unlock", "unpause", "unpin",
    "unpublish", "unsubscribe", "unsuspend", "update", "upgrade", "upload", "upsert", "validate",
    "verify", "void", "wait", "watch", "write",
})
"""Words that, first in a path's last segment, make it an action (`action_segment`):
`POST /emails/{id}/cancel` -> `client.emails.cancel(id=...)`."""


def _static(segment: str) -> bool:
    return not _PATH_PARAM.search(segment) and not _VERSION_SEGMENT.match(segment)


def leaf_paths(paths: Iterable[str]) -> frozenset[str]:
    """The paths no other path goes deeper below (`/a/b` is not a leaf when `/a/b/c` or
    `/a/b/{id}` is a path too)."""
    normal = {p.rstrip("/") or "/" for p in paths}
    inner: set[str] = set()
    for p in normal:
        segments = p.split("/")
        inner.update("/".join(segments[:i]) for i in range(1, len(segments)))
    return frozenset(p for p in normal if p not in inner)


NOUN_VERBS = frozenset({
    "batch", "check", "copy", "count", "end", "get", "link", "list", "load", "login", "logout",
    "lookup", "open", "patch", "post", "process", "put", "read", "report", "request", "schedule",
    "set", "test", "transfer", "write",
})
"""Verbs that also name things: first in a segment of several words they start a noun
(`login_links`, `report_runs`, `test_clocks`), so only on their own are they an action."""


def _is_verb(segment: str) -> bool:
    words = naming.snake_case(segment).split("_")
    return words[0] in VERBS and (len(words) == 1 or words[0] not in NOUN_VERBS)


def action_segment(path: str, method: str, leaves: frozenset[str],
                   operations_here: int) -> str | None:
    """The path's last segment when it names an action, which then becomes the method: the
    path is a leaf (`leaf_paths`), holds one operation (a path with several methods is a
    resource), its last segment is static and is not the only static one (the collection
    itself stays a namespace), and either it starts with a verb (`VERBS`:
    `POST /link/token/create`, `POST /emails/{id}/cancel`, `POST /invoices/{id}/mark_paid`; a
    `NOUN_VERBS` word only on its own) or it is a GET of one singular word after another static
    segment (`GET /health/alive`, `GET /users/me`). Any other segment is a collection
    (`POST /billing_portal/sessions` -> `billing_portal.sessions.create`,
    `GET /model_groups/{id}/models` -> `model_groups.models.list`)."""
    trimmed = path.rstrip("/")
    segments = [s for s in trimmed.split("/") if s]
    if operations_here != 1 or (trimmed or "/") not in leaves or len(segments) < 2:
        return None
    last = segments[-1]
    words = naming.snake_case(last).split("_")
    if not _static(last) or not words[0]:
        return None
    if not any(_static(s) and naming.snake_case(s) for s in segments[:-1]):
        return None
    if _is_verb(last):
        return last
    singular = len(words) == 1 and not words[0].endswith("s")
    return last if method.lower() == "get" and singular and _static(segments[-2]) else None


def place(path: str, method: str, tags: Sequence[Any], operation_id: str, *,
          pointer: str, warn: Callable[[str, str], None], reported: set[str],
          leaves: frozenset[str], operations_here: int,
          method_naming: str = "path") -> tuple[tuple[str, ...], str]:
    """An operation's namespace and method name before they are settled: by its path (a
    trailing action segment is the method, `action_segment`; else the HTTP method's verb,
    `verb_name`), or, with `method_naming="operation_id"`, by its tag and operationId
    (`tag_namespace`). `path` may carry a `#fragment` (a repaired duplicate): it is ignored."""
    if method_naming == "operation_id":
        return (tag_namespace(path, tags, pointer, warn, reported),
                naming.snake_identifier(operation_id, fallback="call"))
    plain = path.partition("#")[0]
    action = action_segment(plain, method, leaves, operations_here)
    if action is not None:
        parent = plain.rstrip("/").rsplit("/", 1)[0]
        return (namespace(parent, tags, pointer, warn, reported),
                naming.snake_identifier(action, fallback="call"))
    return namespace(path, tags, pointer, warn, reported), verb_name(method, path)


def verb_name(method: str, path: str) -> str:
    method = method.lower()
    if method == "get":
        return "retrieve" if path.rstrip("/").endswith("}") else "list"
    return {"post": "create", "put": "update", "patch": "update", "delete": "delete"}.get(
        method, method
    )


Placement = tuple[tuple[str, ...] | None, str]
"""Where an override puts an operation: its namespace (None: the one it has) and method name."""


def overlay_placements(names: Iterable[tuple[str, str]], operation_ids: Iterable[str],
                       warn: Callable[[str, str], None]) -> dict[str, Placement]:
    """The names overlay of `[tool.apigen]` (operationId -> `namespace.method`, or a bare
    `method` that keeps the namespace) as placements by operation id; an operationId the spec
    does not have, or a name with an empty part, is reported through `warn` (message, key)
    and left out."""
    known = set(operation_ids)
    placed: dict[str, Placement] = {}
    for operation_id, dotted in names:
        if operation_id not in known:
            warn(f"names: no operation has the operationId {operation_id!r}", operation_id)
            continue
        parts = [CLIENT_ATTRIBUTE.spell(part, fallback="call") if naming.snake_case(part)
                 else "" for part in dotted.split(".")]
        if not all(parts):
            warn(f"names: {dotted!r} is not `namespace.method` (dotted names, each with a "
                 f"letter or digit)", operation_id)
            continue
        steps = tuple(CLIENT_ATTRIBUTE.settle(p, spelled=p).name for p in parts[:-1])
        placed[operation_id] = (steps or None, parts[-1])
    return placed


def settle_method_names(operations: list[Operation], overrides: dict[str, Placement],
                        warn: Callable[[str, str], None] | None = None) -> list[Operation]:
    """Verb names where unambiguous; the overrides (by operation id: the `x-apigen-name`
    extension, the names overlay) place their operations first, and an operation whose name
    clashes with another's that is not overridden falls back to its operation name (both,
    when neither is overridden). A method gives way to a sub-namespace of its name (`list_`);
    one that has to move off the client's own names is reported through `warn`."""
    placed = []
    for op in operations:
        if op.operation_id in overrides:
            resource, method_name = overrides[op.operation_id]
            op = replace(op, resource=resource or op.resource, method_name=method_name)
        placed.append(op)
    groups: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for index, op in enumerate(placed):
        groups[(op.resource, op.method_name)].append(index)
    settled = list(placed)
    for indexes in groups.values():
        if len(indexes) > 1:
            for index in indexes:
                if settled[index].operation_id not in overrides:
                    settled[index] = replace(settled[index], method_name=settled[index].name)
    # A namespace's methods and sub-namespaces share one attribute space: a method gives way
    # to a sub-namespace of its name, and to the client's own attributes.
    children = {op.resource[:i + 1] for op in settled for i in range(len(op.resource))}
    namespaces: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for child in children:
        namespaces[child[:-1]].add(child[-1])
    taken = {resource: set(names) for resource, names in namespaces.items()}
    out = []
    for op in sorted(settled, key=lambda op: (op.resource, op.operation_id not in overrides,
                                              op.method_name, op.name)):
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
