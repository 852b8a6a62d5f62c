"""The role words a class name is made of: what an inline schema is to its parent (a `oneOf`
branch's title, tag, discriminator key, single value or type; a property's words), read off
the schema itself so that a name depends on its own place and content only."""

from __future__ import annotations

import re
from typing import Any

from .. import naming
from ..spec.walk import schema_types

BRANCHES = ("anyOf", "oneOf", "prefixItems", "items")
_TAG_PROPERTIES = ("type", "object", "kind", "event")
_TYPE_ROLES = {"string": "String", "integer": "Integer", "number": "Number",
               "boolean": "Boolean", "object": "Object", "array": "Array", "null": "Null"}
Location = tuple[str, ...]


def _words(rest: Location) -> list[str]:
    """The spec's own names in a path below a parent class (property and definition names)."""
    return [rest[i + 1] for i, step in enumerate(rest[:-1])
            if step in ("properties", "$defs", "definitions", "patternProperties")]


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def library_tail_ok(tail: str, prefix: str, rest: Location) -> bool:
    """True when the library's name below the parent class is made of the spec's names: not
    empty, not ending in a counter or in a `Model` it added to dodge another class, and not the
    parent's name repeated (`PetPet1` for a union branch, `EmailEmailItem` for items)."""
    if not tail:
        return False
    words = _words(rest)
    if not words:
        branch = len(rest) >= 2 and rest[-2] in BRANCHES and rest[-1].isdigit()
        return not branch and not re.search(r"\d", tail) and not tail.startswith(prefix)
    digits = re.search(r"\d+$", tail)
    if digits:
        run = digits.group()
        if not any(run in _norm(w) and _norm(tail).endswith(_norm(w)[:_norm(w).rindex(run)
                                                                      + len(run)])
                   for w in words):
            return False
    return not (tail.endswith("Model") and "model" not in _norm(words[-1]))


def schema_at(schemas: dict[str, Any], path: Location) -> Any:
    node: Any = schemas
    for step in path:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return None
    return node


def branch_role(holder: Any, keyword: str, index: int) -> str:
    """The role of branch `index` of `holder[keyword]`: its own name (`_named_role`), else its
    type; where a sibling would get the same role, its only property tells them apart (the
    `{"apples": ...}` / `{"bananas": ...}` branches), else its type is added."""
    branches = holder.get(keyword) if isinstance(holder, dict) else None
    if not isinstance(branches, list) or index >= len(branches):
        return "Branch"
    discriminator = holder.get("discriminator") if isinstance(holder, dict) else None
    named = [_named_role(branch, discriminator) for branch in branches]
    roles = [n or _type_role(branch) for n, branch in zip(named, branches, strict=True)]
    role = roles[index]
    if role and roles.count(role) == 1:
        return role
    keys = [_key_role(branch) for branch in branches]
    if keys[index] and keys.count(keys[index]) == 1:
        return named[index] + keys[index]
    typed = _type_role(branches[index])
    return (role + typed if typed != role else role) or "Branch"


def _const(schema: Any) -> Any:
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"]
    values = schema.get("enum")
    if isinstance(values, list) and len(values) == 1:
        return values[0]
    return None


def _value_role(value: Any) -> str:
    if value == "":
        return "Empty"
    if isinstance(value, str) and re.search(r"[A-Za-z]", value):
        return naming.pascal_case(value)
    return ""


def member_role(schema: Any, discriminator: Any = None) -> str:
    """A branch's role without its siblings: its own name, its only property, its type."""
    return _named_role(schema, discriminator) or _key_role(schema) or _type_role(schema)


def _named_role(schema: Any, discriminator: Any = None) -> str:
    """A name the spec gives a branch: for a `$ref`, its discriminator mapping key or its
    target's name; else its title, its tag (a `type`, `object`, `kind` or `event` property, or
    the discriminator's, with a single value), or its own single value."""
    if not isinstance(schema, dict):
        return ""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
        if isinstance(mapping, dict):
            for key, target in mapping.items():
                if target == ref and _value_role(key):
                    return _value_role(key)
        return naming.class_identifier(ref.rsplit("/", 1)[-1])
    title = schema.get("title")
    if isinstance(title, str) and naming.pascal_case(title):
        return naming.pascal_case(title)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
        order = [tag] if isinstance(tag, str) else []
        order += [p for p in _TAG_PROPERTIES if p in properties and p not in order]
        for name in order:
            role = _value_role(_const(properties.get(name)))
            if role:
                return role
    return _value_role(_const(schema))


def _key_role(schema: Any) -> str:
    """An object branch's only property, or its only required one."""
    if not isinstance(schema, dict):
        return ""
    properties = schema.get("properties")
    if isinstance(properties, dict) and len(properties) == 1:
        return naming.pascal_case(str(next(iter(properties))))
    required = schema.get("required")
    if isinstance(required, list) and len(required) == 1 and isinstance(required[0], str):
        return naming.pascal_case(required[0])
    return ""


def _type_role(schema: Any) -> str:
    if not isinstance(schema, dict):
        return ""
    if isinstance(schema.get("enum"), list):
        return "Enum"
    kinds = [k for k in schema_types(schema) if k != "null"]
    if len(kinds) != 1 or kinds[0] not in _TYPE_ROLES:
        return "Object" if "properties" in schema else ""
    if kinds[0] == "array":
        items = schema.get("items")
        if isinstance(items, dict) and isinstance(items.get("$ref"), str):
            return naming.class_identifier(items["$ref"].rsplit("/", 1)[-1]) + "Array"
        return _type_role(items) + "Array"
    return _TYPE_ROLES[kinds[0]]
