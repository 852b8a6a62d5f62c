"""A schema that only wraps one `$ref`'d union of scalars in `allOf` (Elasticsearch's
`SimpleQueryStringFlags`: a description and `allOf: [PipeSeparatedFlags]`, itself `oneOf:
[SimpleQueryStringFlag, string]`) is handed to the model generator as `anyOf: [$ref]`, which
admits the same instances. datamodel-code-generator merged such an `allOf` into an enum of the
union's enum branch alone, so the free string (`"OR|AND"`) was refused (422 from the server,
a validation error in the client)."""

from __future__ import annotations

from typing import Any

from ..spec.walk import deref, iter_schemas

_ANNOTATIONS = frozenset({"description", "title", "deprecated", "example", "examples",
                          "externalDocs", "default"})


def unwrap_union_wrappers(data: dict[str, Any]) -> None:
    """Rewrite, in place, every `allOf: [{$ref: <union of scalars>}]` with nothing but
    annotations beside it as `anyOf: [...]`."""
    for schema, _ in list(iter_schemas(data)):
        parts = schema.get("allOf")
        if not (isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], dict)
                and set(parts[0]) == {"$ref"} and not set(schema) - _ANNOTATIONS - {"allOf"}):
            continue
        if _scalar_union(data, deref(data, parts[0])):
            schema["anyOf"] = schema.pop("allOf")


def _scalar_union(data: dict[str, Any], target: Any) -> bool:
    if not isinstance(target, dict) or "type" in target or "allOf" in target:
        return False
    branches = [deref(data, b) for key in ("oneOf", "anyOf") for b in target.get(key) or []]
    return bool(branches) and all(
        isinstance(b, dict) and b.get("type") in ("string", "integer", "number", "boolean")
        for b in branches)
