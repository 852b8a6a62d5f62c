"""`oneOf` variants that allow unknown keys keep them in their models.

An object schema that leaves `additionalProperties` out allows unknown keys, and its model
ignores them (pydantic's default). Under a `oneOf` such a key may be all that tells the
variants apart: Supabase's `oneOf: [AccessTokenResponse, User]` has only optional
properties, so `{"id": 0}` (an unknown key of the first, a wrong `id` for the second) is an
access token response and `{}` is both. A model that drops the key sends `{}` back, which
fits both variants, so no longer one. Each object variant (through `$ref` and `allOf`) that
leaves `additionalProperties` out is given `additionalProperties: true`: the same instances
validate, and datamodel-code-generator makes the model keep unknown keys (`extra="allow"`).
"""

from __future__ import annotations

from typing import Any

from ..spec.walk import MAX_DEPTH, deref, iter_schemas


def open_one_of_variants(data: dict[str, Any]) -> None:
    """Give every object variant of a `oneOf` of two or more non-null variants that allows
    unknown keys an explicit `additionalProperties: true` (in place)."""
    opened: set[int] = set()
    for schema, _ in list(iter_schemas(data)):
        variants = schema.get("oneOf")
        if not isinstance(variants, list):
            continue
        # `oneOf: [Owner, {type: null}]` (a nullable object) has nothing to tell apart.
        variants = [v for v in variants if deref(data, v) != {"type": "null"}]
        if len(variants) > 1:
            for variant in variants:
                _open(data, variant, opened, 0)


def _open(data: dict[str, Any], schema: Any, opened: set[int], depth: int) -> None:
    schema = deref(data, schema)
    if not isinstance(schema, dict) or id(schema) in opened or depth > MAX_DEPTH:
        return
    opened.add(id(schema))
    for part in schema.get("allOf") or []:
        _open(data, part, opened, depth + 1)
    if isinstance(schema.get("properties"), dict) and "additionalProperties" not in schema \
            and schema.get("type", "object") == "object":
        schema["additionalProperties"] = True
