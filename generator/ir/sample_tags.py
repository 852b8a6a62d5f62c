"""The `oneOf` side of the samples: discriminator tags a sample must carry, and the reading
of every `oneOf` as `anyOf` that a spec with overlapping variants gets.

A schema named by a discriminator (a `oneOf`/`anyOf` variant or a `mapping` target) becomes a
model whose tag property is a required `Literal` (datamodel-code-generator types it so the union
can be told apart), although the JSON Schema may leave it optional. A sample of that schema,
even where it is used on its own, carries the tag: the value the property's own `const`/`enum`
gives, else the mapping key naming the schema, else (implicit mapping) the schema's name.
"""

from __future__ import annotations

from typing import Any

from ..spec.walk import COMPONENT_SCHEMAS


def variant_tag(schema: dict[str, Any], variant: Any) -> tuple[str, str] | None:
    """(property, value) that selects `variant` under `schema`'s discriminator: the mapping key
    naming the variant's `$ref`, else (implicit mapping) the referenced schema's name."""
    discriminator = schema.get("discriminator")
    ref = variant.get("$ref") if isinstance(variant, dict) else None
    if not isinstance(discriminator, dict) or not isinstance(ref, str):
        return None
    name = discriminator.get("propertyName")
    if not isinstance(name, str):
        return None
    mapping = discriminator.get("mapping")
    short = ref.rsplit("/", 1)[-1]
    for key, target in (mapping.items() if isinstance(mapping, dict) else ()):
        if target in (ref, short):
            return name, str(key)
    return name, short


def discriminator_tags(data: Any) -> dict[str, tuple[str, str]]:
    """`$ref` of every schema some discriminator names -> (tag property, tag value); the first
    discriminator found wins where several name one schema."""
    found: dict[str, tuple[str, str]] = {}
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(v for v in reversed(node) if isinstance(v, (dict, list)))
            continue
        if not isinstance(node, dict):
            continue
        stack.extend(v for v in reversed(node.values()) if isinstance(v, (dict, list)))
        discriminator = node.get("discriminator")
        if not isinstance(discriminator, dict):
            continue
        name = discriminator.get("propertyName")
        if not isinstance(name, str):
            continue
        mapping = discriminator.get("mapping")
        for key, target in (mapping.items() if isinstance(mapping, dict) else ()):
            if isinstance(target, str):
                ref = target if target.startswith("#") else COMPONENT_SCHEMAS + target
                found.setdefault(ref, (name, str(key)))
        for variant in [*(node.get("oneOf") or []), *(node.get("anyOf") or [])]:
            tag = variant_tag(node, variant)
            if tag is not None:
                found.setdefault(variant["$ref"], tag)
    return found


_NAMED_KEYS = frozenset({"properties", "patternProperties", "$defs", "definitions", "schemas",
                         "examples", "example", "default", "enum", "const"})


def any_of(value: Any, *, named: bool = False) -> Any:
    """A copy of `value` with every schema's `oneOf` renamed `anyOf` (keys that are names or
    data, such as a property called `oneOf` or an example, are left alone)."""
    if isinstance(value, dict):
        return {("anyOf" if key == "oneOf" and not named else key):
                (item if key in ("examples", "example", "default", "enum", "const") and not named
                 else any_of(item, named=key in _NAMED_KEYS and not named))
                for key, item in value.items()}
    if isinstance(value, list):
        return [any_of(item) for item in value]
    return value
