"""A compact API signature (kept in the manifest) and what changed between two of them.

The signature records operations (method, path, parameters, body, return type) and model fields
(type, required), enough to tell a user which changes break existing callers, without the old
spec at hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..ir.api import Api
from ..models.generate import GeneratedModels


def api_signature(api: Api, models: GeneratedModels) -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for op in api.operations:
        operations[op.operation_id] = {
            "method": op.method,
            "path": op.path,
            "parameters": {
                p.wire_name: {"in": p.location, "type": p.type.hint, "required": p.required}
                for p in op.parameters
            },
            "body": op.body.type.hint if op.body else None,
            "body_required": bool(op.body and op.body.required),
            "returns": op.client_return_hint(is_async=False),
        }
    model_fields: dict[str, Any] = {}
    for cls in models.classes:
        if cls.source_ref.startswith("#/components/schemas/") and cls.fields:
            model_fields[cls.class_name] = {
                f.alias: {"type": _without_optional_none(f.type, f.required),
                          "required": f.required}
                for f in cls.fields
            }
    return {"operations": operations, "models": model_fields}


def _without_optional_none(hint: str, required: bool) -> str:
    """`int | None` on an optional field says "may be absent", not a different type."""
    return hint[: -len(" | None")] if not required and hint.endswith(" | None") else hint


@dataclass(frozen=True)
class Change:
    """One difference between two signatures; `breaking` when existing callers may fail."""

    symbol: str
    what: str
    breaking: bool

    def format(self) -> str:
        return f"  {self.symbol}: {self.what}" + ("  [breaking]" if self.breaking else "")


def _field_changes(kind: str, owner: str, old: dict[str, Any], new: dict[str, Any]
                   ) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(set(old) | set(new)):
        symbol = f"{owner}.{name}"
        before, after = old.get(name), new.get(name)
        if before is None:
            required = bool(after and after.get("required"))
            label = "required" if required else "optional"
            changes.append(Change(symbol, f"{label} {kind} added", required))
        elif after is None:
            changes.append(Change(symbol, f"{kind} removed", True))
        else:
            if before.get("type") != after.get("type"):
                changes.append(Change(
                    symbol, f"type {before.get('type')} -> {after.get('type')}", True))
            if before.get("required") != after.get("required"):
                now_required = bool(after.get("required"))
                what = "now required" if now_required else "now optional"
                changes.append(Change(symbol, what, now_required))
            if kind == "parameter" and before.get("in") != after.get("in"):
                changes.append(Change(symbol, f"moved from {before.get('in')} to "
                                              f"{after.get('in')}", True))
    return changes


def compare(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """Changes from `old` to `new`; everything is new when there was no old signature."""
    old = old or {"operations": {}, "models": {}}
    changes: list[Change] = []
    old_ops, new_ops = old.get("operations", {}), new.get("operations", {})
    for op_id in sorted(set(old_ops) | set(new_ops)):
        before, after = old_ops.get(op_id), new_ops.get(op_id)
        if before is None:
            changes.append(Change(op_id, f"operation added ({after['method']} {after['path']})",
                                  False))
            continue
        if after is None:
            changes.append(Change(op_id, f"operation removed ({before['method']} "
                                         f"{before['path']})", True))
            continue
        if (before["method"], before["path"]) != (after["method"], after["path"]):
            changes.append(Change(op_id, f"moved from {before['method']} {before['path']} to "
                                         f"{after['method']} {after['path']}", True))
        changes += _field_changes("parameter", op_id, before["parameters"], after["parameters"])
        if before["body"] != after["body"]:
            changes.append(Change(op_id, f"request body {before['body']} -> {after['body']}",
                                  True))
        elif after["body_required"] and not before["body_required"]:
            changes.append(Change(op_id, "request body now required", True))
        if before["returns"] != after["returns"]:
            changes.append(Change(op_id, f"returns {before['returns']} -> {after['returns']}",
                                  True))
    old_models, new_models = old.get("models", {}), new.get("models", {})
    for name in sorted(set(old_models) | set(new_models)):
        if name not in new_models:
            changes.append(Change(name, "model removed", True))
        elif name not in old_models:
            changes.append(Change(name, "model added", False))
        else:
            changes += _field_changes("field", name, old_models[name], new_models[name])
    return changes


def summary(changes: list[Change], *, label: str) -> str:
    if not changes:
        return f"{label}: no API changes\n"
    breaking = sum(c.breaking for c in changes)
    lines = [f"{label}: {len(changes)} API change(s), {breaking} breaking"]
    lines += [c.format() for c in changes]
    return "\n".join(lines) + "\n"
