"""Corpus documents that contradict themselves, proven on the document rather than trusted.

A contradiction is listed with the operations it reaches. `prove()` checks it mechanically on
the loaded document and returns what does not hold; the gate (`test_corpus.py`) then requires
every other operation of the document to pass round trip and schemathesis, so the failures are
confined to the proven operations.

- `SameVariants`: two `oneOf` variants are one schema once annotations are dropped, so every
  instance valid under one is valid under the other and the `oneOf` accepts no instance; an
  operation whose request body or success response reaches the `oneOf` (through `$ref`,
  `allOf`, required properties and array items) can carry no valid value there.
- `FragmentTwins`: operations whose paths differ only by a `#fragment` (which never reaches a
  server) accept the same requests (they require the same parameters, with the same schemas,
  and none takes a body), while their success responses admit no common instance
  (a required property whose `enum`s are disjoint): whichever twin a server answers as, its
  success answer violates the others'.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from generator.spec.walk import HTTP_METHODS, MAX_DEPTH, deref, resolve

_ANNOTATIONS = frozenset({"title", "description", "example", "examples", "default",
                          "deprecated", "readOnly", "writeOnly", "$comment", "externalDocs",
                          "xml"})
_NAMED = ("properties", "patternProperties", "$defs", "definitions")


@dataclass(frozen=True)
class SameVariants:
    pointer: str
    """The schema holding the `oneOf` (a JSON pointer into the document)."""
    variants: tuple[int, int]
    """Positions of the two variants that are one schema."""
    operations: tuple[str, ...]
    """`METHOD /path` of the operations that reach it (schemathesis' labels)."""

    def prove(self, data: dict[str, Any]) -> list[str]:
        problems: list[str] = []
        node = resolve(data, self.pointer)
        variants = node.get("oneOf") if isinstance(node, dict) else None
        if not isinstance(variants, list) or max(self.variants) >= len(variants):
            return [f"{self.pointer} has no oneOf variants {self.variants}"]
        first, second = (variants[i] for i in self.variants)
        if normalized(data, first) != normalized(data, second):
            problems.append(f"{self.pointer}: oneOf variants {self.variants} differ")
        for label in self.operations:
            schemas = operation_schemas(data, label)
            if not any(reaches(data, schema, node) for schema in schemas):
                problems.append(f"{label} does not reach {self.pointer}")
        return problems


@dataclass(frozen=True)
class FragmentTwins:
    method: str
    paths: tuple[str, ...]
    """The twins' paths, `#fragment` included."""

    @property
    def operations(self) -> tuple[str, ...]:
        return tuple(f"{self.method.upper()} {path}" for path in self.paths)

    def prove(self, data: dict[str, Any]) -> list[str]:
        problems: list[str] = []
        operations = [_operation(data, label) for label in self.operations]
        if any(op is None for op in operations):
            return [f"not every one of {self.operations} is in the document"]
        if len({path.split("#", 1)[0] for path in self.paths}) != 1:
            problems.append(f"{self.paths} are not one path but for a #fragment")
        shapes = []
        for label, op in zip(self.operations, operations, strict=True):
            if op.get("requestBody") is not None:
                problems.append(f"{label} takes a body")
            parameters = [deref(data, p) for p in op.get("parameters") or []]
            shapes.append({(str(p.get("in")), str(p.get("name")).lower()):
                           normalized(data, p.get("schema"))
                           for p in parameters if isinstance(p, dict) and p.get("required")})
        if any(shape != shapes[0] for shape in shapes):
            # A required parameter only one twin takes tells it apart (apigen routes by it).
            problems.append(f"{self.operations} do not require the same parameters")
        successes = [success_schema(data, op) for op in operations]
        for (a, one), (b, other) in combinations(zip(self.operations, successes, strict=True), 2):
            if disjoint_by(data, one, other) is None:
                problems.append(f"no required property with disjoint enums tells {a} from {b}")
        return problems


Contradiction = SameVariants | FragmentTwins


def normalized(data: dict[str, Any], schema: Any, depth: int = 0) -> Any:
    """`schema` with `$ref`s followed and annotations (and `x-` extensions) dropped: two
    schemas equal so constrain instances alike."""
    if depth > MAX_DEPTH:
        return "..."
    schema = deref(data, schema)
    if isinstance(schema, list):
        return [normalized(data, item, depth + 1) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        if key in _NAMED and isinstance(value, dict):
            out[key] = {name: normalized(data, item, depth + 1) for name, item in value.items()}
        elif key in ("enum", "const", "required"):
            out[key] = value
        else:
            out[key] = normalized(data, value, depth + 1)
    return out


def reaches(data: dict[str, Any], schema: Any, target: Any, depth: int = 0) -> bool:
    """True when every instance of `schema` holding a value at all (non-empty arrays) holds
    one of `target`: through `$ref`, `allOf`, required properties and array items."""
    if schema is target:
        return True
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return False
    if isinstance(schema.get("$ref"), str):
        return reaches(data, deref(data, schema), target, depth + 1)
    parts = [*(schema.get("allOf") or []), schema.get("items")]
    required = set(schema.get("required") or [])
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    parts += [properties[name] for name in required if name in properties]
    return any(reaches(data, part, target, depth + 1) for part in parts)


def operation_schemas(data: dict[str, Any], label: str) -> list[Any]:
    """The JSON request body schema and success response schemas of operation `label`."""
    op = _operation(data, label)
    if op is None:
        return []
    found = [deref(data, op.get("requestBody"))]
    found += [deref(data, r) for status, r in (op.get("responses") or {}).items()
              if str(status).startswith("2")]
    return [media.get("schema") for holder in found if isinstance(holder, dict)
            for kind, media in (holder.get("content") or {}).items()
            if "json" in kind and isinstance(media, dict)]


def success_schema(data: dict[str, Any], op: dict[str, Any]) -> Any:
    responses = op.get("responses") or {}
    first = next((deref(data, r) for s, r in responses.items() if str(s).startswith("2")), None)
    content = (first or {}).get("content") or {}
    return next((m.get("schema") for k, m in content.items() if "json" in k), None)


def disjoint_by(data: dict[str, Any], one: Any, other: Any) -> str | None:
    """A property both schemas require whose `enum`s (or `const`s) share no value."""
    mine, theirs = _required_enums(data, one), _required_enums(data, other)
    return next((name for name in mine if name in theirs and not mine[name] & theirs[name]),
                None)


def _required_enums(data: dict[str, Any], schema: Any) -> dict[str, set[str]]:
    """Required property -> the values its enum allows, through `$ref` and `allOf` (a part
    may require what another declares)."""
    required: set[str] = set()
    properties: dict[str, list[Any]] = {}
    stack, seen = [schema], 0
    while stack and seen < 4 * MAX_DEPTH:
        node, seen = deref(data, stack.pop()), seen + 1
        if not isinstance(node, dict):
            continue
        stack += node.get("allOf") or []
        required |= {name for name in node.get("required") or [] if isinstance(name, str)}
        for name, declared in (node.get("properties") or {}).items():
            properties.setdefault(name, []).append(declared)
    found: dict[str, set[str]] = {}
    for name in required:
        for declared in properties.get(name, []):
            values = _enum(data, declared, 0)
            if values is not None:
                found[name] = found[name] & values if name in found else values
    return found


def _enum(data: dict[str, Any], schema: Any, depth: int) -> set[str] | None:
    schema = deref(data, schema)
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return None
    if "const" in schema:
        return {repr(schema["const"])}
    if isinstance(schema.get("enum"), list):
        return {repr(v) for v in schema["enum"]}
    for part in schema.get("allOf") or []:
        values = _enum(data, part, depth + 1)
        if values is not None:
            return values
    return None


def _operation(data: dict[str, Any], label: str) -> dict[str, Any] | None:
    method, _, path = label.partition(" ")
    item = (data.get("paths") or {}).get(path)
    op = item.get(method.lower()) if isinstance(item, dict) else None
    return op if method.lower() in HTTP_METHODS and isinstance(op, dict) else None
