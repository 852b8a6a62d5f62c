"""Seeded mutations of OpenAPI documents: the inputs a third party or a careless edit produces.

Each mutant is one document (text plus file suffix) made from a parsed seed by one to three
operators. Structural operators edit the parsed tree (delete a key, swap a value for a hostile
one, rename a key after a reserved word, plant a `$ref` that escapes, loops or names nothing);
text operators damage the serialised file (a BOM, a NUL byte, a cut, an alias bomb). The same
seed and index always give the same mutant, so a failure is replayed by its number.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

# Values that break assumptions about a node's type or range.
HOSTILE_VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    -(2**63),
    1e308,
    "",
    "#",
    "inf",
    "1e-320",
    "\u0000",
    "\ud7ff\ufeff\u202e",
    "x" * 5000,
    [],
    {},
    [None],
    {"$ref": []},
    {"type": "object", "properties": {"class": {"type": "string"}}},
)

# `$ref` targets that are cycles, dangling, not schemas, or outside the spec's folder.
HOSTILE_REFS: tuple[Any, ...] = (
    "#",
    "",
    "#/paths",
    "#/info",
    "#/components/schemas/DoesNotExist",
    "#/components/schemas/%7E",
    "/etc/hostname",
    "../../../../../../etc/hostname",
    "../outside.yaml#/Pet",
    "file:///etc/hostname",
    "http://127.0.0.1:9/remote.yaml#/Pet",
    "other.yaml#/components/schemas/Missing",
    [],
    {"$ref": "#"},
)

# Names that collide with Python, typing, pydantic or the generated client's own arguments.
HOSTILE_NAMES: tuple[str, ...] = (
    "class",
    "def",
    "None",
    "self",
    "timeout",
    "extra_headers",
    "extra_query",
    "body",
    "property",
    "date",
    "time",
    "datetime",
    "model_config",
    "model_fields",
    "schema",
    "json",
    "dict",
    "list",
    "type",
    "__init__",
    "_",
    "1st",
    "a b",
    "a-b",
    "",
    "$ref",
    "ü",
    "Client",
    "NOT_GIVEN",
    "typing",
)

SCHEMA_TYPES: tuple[Any, ...] = (
    "object", "array", "string", "integer", "number", "boolean", "null", "file", ["string", "null"],
    ["integer", "array"], 7, None,
)


@dataclass(frozen=True)
class Mutant:
    """One mutated document: `ops` says what was done, for the report and for replay."""

    seed_name: str
    index: int
    suffix: str
    text: str
    ops: tuple[str, ...]


def _nodes(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) pair of the tree, in document order."""
    found: list[tuple[Any, Any]] = []
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in list(node):
                found.append((node, key))
                stack.append(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                found.append((node, index))
                stack.append(node[index])
    return found


def _schemas(tree: Any) -> list[dict[str, Any]]:
    """Mappings that look like schemas (have `type`, `properties`, `items` or a combinator)."""
    keys = {"type", "properties", "items", "allOf", "oneOf", "anyOf", "enum"}
    return [
        node[key]
        for node, key in _nodes(tree)
        if isinstance(node[key], dict) and keys & set(node[key])
    ]


def _op_delete(tree: Any, rng: random.Random) -> str:
    pairs = [(n, k) for n, k in _nodes(tree) if isinstance(n, dict)]
    if not pairs:
        return "delete:none"
    node, key = rng.choice(pairs)
    del node[key]
    return f"delete:{key}"


def _op_replace(tree: Any, rng: random.Random) -> str:
    pairs = _nodes(tree)
    if not pairs:
        return "replace:none"
    node, key = rng.choice(pairs)
    value = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    node[key] = value
    return f"replace:{key}={json.dumps(value)[:40]}"


def _op_rename(tree: Any, rng: random.Random) -> str:
    pairs = [(n, k) for n, k in _nodes(tree) if isinstance(n, dict)]
    if not pairs:
        return "rename:none"
    node, key = rng.choice(pairs)
    new = rng.choice(HOSTILE_NAMES)
    if new in node:
        return "rename:clash"
    items = [(new if k == key else k, v) for k, v in node.items()]
    node.clear()
    node.update(items)
    return f"rename:{key}->{new}"


def _op_name_parameter(tree: Any, rng: random.Random) -> str:
    params = [
        node[key]
        for node, key in _nodes(tree)
        if isinstance(node[key], dict) and node[key].get("in") in ("query", "header", "path",
                                                                   "cookie")
    ]
    if not params:
        return "param:none"
    param = rng.choice(params)
    new = rng.choice(HOSTILE_NAMES)
    param["name"] = new
    return f"param-name:{new}"


def _op_ref(tree: Any, rng: random.Random) -> str:
    schemas = _schemas(tree)
    if not schemas:
        return "ref:none"
    target = rng.choice(schemas)
    ref = copy.deepcopy(rng.choice(HOSTILE_REFS))
    target.clear()
    target["$ref"] = ref
    return f"ref:{json.dumps(ref)[:40]}"


def _op_self_allof(tree: Any, rng: random.Random) -> str:
    components = tree.get("components") if isinstance(tree, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict) or not schemas:
        return "self-allof:none"
    name = rng.choice(sorted(schemas))
    schemas[name] = {"allOf": [{"$ref": f"#/components/schemas/{name}"}, {"type": "object"}]}
    return f"self-allof:{name}"


def _op_type(tree: Any, rng: random.Random) -> str:
    schemas = _schemas(tree)
    if not schemas:
        return "type:none"
    schema = rng.choice(schemas)
    schema["type"] = copy.deepcopy(rng.choice(SCHEMA_TYPES))
    return f"type:{json.dumps(schema['type'])}"


def _op_constraint(tree: Any, rng: random.Random) -> str:
    schemas = _schemas(tree)
    if not schemas:
        return "constraint:none"
    schema = rng.choice(schemas)
    key = rng.choice(("minItems", "maxLength", "minimum", "default", "pattern", "enum",
                      "required", "additionalProperties", "format", "nullable", "const"))
    value = rng.choice((-1, 0, "", "[", "inf", "1e-320", [], [None, None], True, "date-time",
                        {"type": "integer"}, ["missing_property"]))
    schema[key] = copy.deepcopy(value)
    return f"constraint:{key}={json.dumps(value)}"


def _op_duplicate_path(tree: Any, rng: random.Random) -> str:
    paths = tree.get("paths") if isinstance(tree, dict) else None
    if not isinstance(paths, dict) or not paths:
        return "dup-path:none"
    key = rng.choice(sorted(paths))
    new_key = rng.choice(("", "/", key + "/property", key.rstrip("/") + "/{missing}",
                          "/class/{def}", "no-slash", key + "//"))
    paths[new_key] = copy.deepcopy(paths[key])
    return f"dup-path:{new_key!r}"


STRUCTURAL: tuple[Callable[[Any, random.Random], str], ...] = (
    _op_delete,
    _op_replace,
    _op_rename,
    _op_name_parameter,
    _op_ref,
    _op_self_allof,
    _op_type,
    _op_constraint,
    _op_duplicate_path,
)


def _text_bom(text: str, rng: random.Random) -> tuple[str, str]:
    return "\ufeff" + text, "text:bom"


def _text_nul(text: str, rng: random.Random) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    return text[:at] + "\u0000" + text[at:], "text:nul"


def _text_cut(text: str, rng: random.Random) -> tuple[str, str]:
    return text[: rng.randrange(len(text) + 1)], "text:cut"


def _text_flip(text: str, rng: random.Random) -> tuple[str, str]:
    if not text:
        return text, "text:flip-empty"
    at = rng.randrange(len(text))
    return text[:at] + rng.choice("{}[]:,'\"\t\n#&*!|>-") + text[at + 1:], "text:flip"


TEXT: tuple[Callable[[str, random.Random], tuple[str, str]], ...] = (
    _text_bom,
    _text_nul,
    _text_cut,
    _text_flip,
)

ALIAS_BOMB = "\n".join(
    ["openapi: 3.1.0", "info: {title: bomb, version: '1'}", "paths: {}", "x-bomb:",
     '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"  {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
       f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
       f"*{chr(97 + i)}]" for i in range(8)]
) + "\n"


def dump(tree: Any, suffix: str) -> str:
    if suffix == ".json":
        return json.dumps(tree, indent=2, ensure_ascii=False, default=str) + "\n"
    return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=100)


def mutate(seed_name: str, seed: Any, index: int, *, base_seed: int = 0) -> Mutant:
    """Mutant number `index` of `seed` (a parsed document)."""
    rng = random.Random(f"{base_seed}:{seed_name}:{index}")
    suffix = rng.choice((".yaml", ".json"))
    if index % 97 == 96:
        return Mutant(seed_name, index, ".yaml", ALIAS_BOMB, ("text:alias-bomb",))
    tree = copy.deepcopy(seed)
    ops: list[str] = []
    for _ in range(rng.randint(1, 3)):
        ops.append(rng.choice(STRUCTURAL)(tree, rng))
    text = dump(tree, suffix)
    if rng.random() < 0.15:
        text, op = rng.choice(TEXT)(text, rng)
        ops.append(op)
    return Mutant(seed_name, index, suffix, text, tuple(ops))
