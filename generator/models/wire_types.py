"""Wire types pydantic spells differently from OpenAPI, made right in `models.py`.

- `format: byte` is base64 text in JSON. pydantic's `Base64Str` (what datamodel-code-generator
  picks) hands Python the decoded *text*, and its `Base64Bytes` reads Python `bytes` as base64
  too. `_Base64Bytes` holds the raw bytes in Python and is base64 text in JSON.
- `type: number, format: decimal` is a JSON number, but pydantic writes a `Decimal` as a JSON
  string. `_DecimalNumber` is a `Decimal` written as a number (exact within a double's 17
  significant digits, which is also as far as pydantic reads a JSON number into a `Decimal`).
- `format: password` is pydantic's `SecretStr`, which `repr`, `str` and logs show as `**********`
  but which pydantic also *writes* as `**********` in JSON. `_Password` is a `SecretStr` whose
  JSON form is its value: what a login body must carry, and what the server must answer.
  pydantic cannot check a `pattern` on a `SecretStr`: a password with one stays a `str`.
- `uniqueItems: true` has no pydantic counterpart (a `set` drops repeats silently, reorders the
  array and cannot hold models). `_UniqueItems[T]` is a list that refuses a repeated value.

apigen puts `x-python-type` markers on the byte, password and decimal-number schemas it hands
datamodel-code-generator, which writes them as bare names, and has it spell unique arrays
`set[...]` (`use_unique_items_as_set`). `respell` turns those into the helpers above, defined
at the top of `models.py`; `plain_annotation` gives the plain type a signature shows.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Any

from ..spec.walk import SCHEMA_LIST, SCHEMA_MAP, SCHEMA_VALUE, schema_types
from .typing_spelling import replace_nodes

BASE64 = "_Base64Bytes"
DECIMAL_NUMBER = "_DecimalNumber"
PASSWORD = "_Password"
UNIQUE_ITEMS = "_UniqueItems"
_PLAIN = {BASE64: "bytes", DECIMAL_NUMBER: "Decimal", PASSWORD: "SecretStr"}


def mark_schemas(schema: Any) -> None:
    """Put the `x-python-type` markers on byte, password and decimal-number schemas (in place),
    and make a schema whose default is null nullable: with `strict_nullable` the library would
    otherwise write `x: str = None`."""
    if isinstance(schema, list):
        for item in schema:
            mark_schemas(item)
        return
    if not isinstance(schema, dict):
        return
    if "default" in schema and schema["default"] is None:
        schema["nullable"] = True
    excluded = _excluded_strings(schema)
    if excluded is not None:
        # pydantic has no `not`: the library drops it, and a oneOf branch that excludes a
        # value another branch takes (`not: {enum: [known]}`) would win over that branch.
        schema["pattern"] = excluding_pattern(excluded)
    if "x-python-type" not in schema and "$ref" not in schema:
        kinds, fmt = schema_types(schema), schema.get("format")
        if fmt == "byte" and "string" in kinds:
            schema["x-python-type"] = BASE64
        elif fmt == "password" and [k for k in kinds if k != "null"] == ["string"]:
            if "pattern" in schema:
                # pydantic cannot check a pattern on a SecretStr (a TypeError at validation):
                # a password with a pattern stays a plain, checked `str`.
                del schema["format"]
            else:
                schema["x-python-type"] = PASSWORD
        elif fmt == "decimal" and "number" in kinds and "string" not in kinds:
            schema["x-python-type"] = DECIMAL_NUMBER
    for key, value in schema.items():
        if key in SCHEMA_VALUE or key in SCHEMA_LIST:
            mark_schemas(value)
        elif key in SCHEMA_MAP and isinstance(value, dict):
            for sub in value.values():
                mark_schemas(sub)


def _excluded_strings(schema: dict[str, Any]) -> list[str] | None:
    """The strings a string schema's `not: {enum: [...]}` (or `not: {const: ...}`) excludes,
    when it has no pattern of its own; None otherwise."""
    negated = schema.get("not")
    if not isinstance(negated, dict) or "pattern" in schema or "$ref" in schema:
        return None
    if [k for k in schema_types(schema) if k != "null"] != ["string"]:
        return None
    values = negated.get("enum") if "enum" in negated else (
        [negated["const"]] if "const" in negated else None)
    if not isinstance(values, list) or not values or set(negated) - {"enum", "const", "type"}:
        return None
    if not all(isinstance(v, str) for v in values):
        return None
    return sorted(set(values))


def excluding_pattern(values: list[str]) -> str:
    """A regular expression without look-around (pydantic's engine has none) matching every
    string except `values`: a trie of the values where each node either ends (unless a value
    ends there), leaves the trie with another character, or goes on down."""
    trie: dict[str, Any] = {}
    for value in values:
        node = trie
        for char in value:
            node = node.setdefault(char, {})
        node[""] = {}

    def alternatives(node: dict[str, Any]) -> str:
        children = sorted(k for k in node if k)
        parts = [] if "" in node else [""]
        if children:
            chars = "".join(_class_char(c) for c in children)
            parts.append(f"[^{chars}][\\s\\S]*")
            parts += [f"{re.escape(c)}(?:{alternatives(node[c])})" for c in children]
        else:
            parts.append("[\\s\\S]+")
        return "|".join(parts)

    return f"^(?:{alternatives(trie)})$"


def _class_char(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


_HELPERS = {
    UNIQUE_ITEMS: '''
_T = TypeVar("_T")


def _unique_items(items: list[_T]) -> list[_T]:
    """`uniqueItems`: an array may not hold one value twice (`true` and `1` differ)."""
    try:
        unique = len({(isinstance(i, bool), i) for i in items}) == len(items)
    except TypeError:  # objects and arrays: compare pairwise
        unique = not any(
            isinstance(a, bool) == isinstance(b, bool) and a == b
            for n, a in enumerate(items)
            for b in items[:n]
        )
    if not unique:
        raise ValueError("array items must be unique")
    return items


_UniqueItems: TypeAlias = Annotated[list[_T], AfterValidator(_unique_items)]
''',
    BASE64: '''
def _base64_decode(value: object) -> object:
    """`format: byte`: base64 text in JSON (URL-safe and unpadded accepted), bytes in Python."""
    if not isinstance(value, str):
        return value
    altchars = b"-_" if "-" in value or "_" in value else None
    try:
        return b64decode(value + "=" * (-len(value) % 4), altchars=altchars, validate=True)
    except ValueError:
        raise ValueError("not valid base64") from None


def _base64_encode(value: bytes) -> str:
    return b64encode(value).decode("ascii")


_Base64Bytes: TypeAlias = Annotated[
    bytes, BeforeValidator(_base64_decode), PlainSerializer(_base64_encode, when_used="json")
]
''',
    PASSWORD: '''
def _reveal(value: SecretStr) -> str:
    """`format: password`: hidden in `repr` and logs, its value in JSON (on the wire)."""
    return value.get_secret_value()


_Password: TypeAlias = Annotated[SecretStr, PlainSerializer(_reveal, when_used="json")]
''',
    DECIMAL_NUMBER: '''
def _decimal_number(value: Decimal) -> int | float:
    """`type: number, format: decimal` is a JSON number; pydantic would write a string."""
    return int(value) if value == value.to_integral_value() else float(value)


_DecimalNumber: TypeAlias = Annotated[
    Decimal, PlainSerializer(_decimal_number, when_used="json")
]
''',
}
_IMPORTS = {
    UNIQUE_ITEMS: {"typing": {"Annotated", "TypeAlias", "TypeVar"}, "pydantic": {"AfterValidator"}},
    BASE64: {"base64": {"b64decode", "b64encode"}, "typing": {"Annotated", "TypeAlias"},
             "pydantic": {"BeforeValidator", "PlainSerializer"}},
    PASSWORD: {"typing": {"Annotated", "TypeAlias"},
               "pydantic": {"PlainSerializer", "SecretStr"}},
    DECIMAL_NUMBER: {"decimal": {"Decimal"}, "typing": {"Annotated", "TypeAlias"},
                     "pydantic": {"PlainSerializer"}},
}


def _is_set(node: ast.AST) -> bool:
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)
            and node.value.id == "set")


_OBJECT_HASH = re.compile(r"^[ \t]+__hash__ = object\.__hash__\n", re.MULTILINE)


def respell(source: str) -> str:
    """`models.py` (the library's, before imports are sorted) with unique arrays and the byte and
    decimal-number markers turned into the helpers, which go after the imports; the imports gain
    what the helpers need. Unchanged when there is nothing to respell."""
    if not any(word in source for word in ("set[", BASE64, PASSWORD, "Decimal")):
        return source
    # use_unique_items_as_set makes the models a set holds hashable; a list needs no hash.
    source = _OBJECT_HASH.sub("", source)
    tree = ast.parse(source)
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    used: set[str] = set()
    for node in ast.walk(tree):
        if _is_set(node):
            assert isinstance(node, ast.Subscript)
            used.add(UNIQUE_ITEMS)
            edits.append((node.value, UNIQUE_ITEMS))
        elif isinstance(node, ast.Name) and node.id in (BASE64, PASSWORD, DECIMAL_NUMBER):
            used.add(node.id)
        elif (isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Set)
              and any(_is_set(n) for n in ast.walk(node.annotation))):
            # A unique array's default, which the library writes as a set display.
            edits.append((node.value, ast.unparse(ast.List(elts=node.value.elts))))
        elif isinstance(node, ast.AnnAssign) and _decimal_default(node):
            # pydantic does not convert defaults: `Decimal = 1.5` would hold a float.
            assert isinstance(node.value, ast.Constant)
            edits.append((node.value, f"Decimal({str(node.value.value)!r})"))
    if not used:
        return replace_nodes(source, edits) if edits else source
    imports = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
    wanted: dict[str, set[str]] = {}
    for marker in used:
        for module, names in _IMPORTS[marker].items():
            wanted.setdefault(module, set()).update(names)
    for node in imports:
        if node.module in wanted and not any(a.asname for a in node.names):
            names = wanted.pop(node.module) | {a.name for a in node.names}
            edits.append((node, f"from {node.module} import {', '.join(sorted(names))}"))
    last = imports[-1] if imports else None
    added = "".join(f"from {module} import {', '.join(sorted(names))}\n"
                    for module, names in sorted(wanted.items()))
    helpers = "".join(_HELPERS[m] for m in (UNIQUE_ITEMS, BASE64, PASSWORD, DECIMAL_NUMBER)
                      if m in used)
    source = replace_nodes(source, edits)
    lines = source.splitlines(keepends=True)
    # The edits may have changed the import block's line count: find its end again.
    cut = _import_block_end(lines) if last is not None else 0
    return "".join([*lines[:cut], added, helpers, "\n\n", *lines[cut:]])


def _import_block_end(lines: list[str]) -> int:
    """The number of leading lines that are imports (with their parenthesised continuations),
    comments or blank, ending at the last import."""
    end = depth = 0
    for number, line in enumerate(lines):
        if depth:
            depth += line.count("(") - line.count(")")
            if depth <= 0:
                depth, end = 0, number + 1
            continue
        if line.startswith(("from ", "import ")):
            depth = max(line.count("(") - line.count(")"), 0)
            if not depth:
                end = number + 1
        elif line.strip() and not line.startswith("#"):
            break
    return end


def _decimal_default(node: ast.AnnAssign) -> bool:
    value = node.value
    return (isinstance(value, ast.Constant) and type(value.value) in (int, float, str)
            and any(isinstance(n, ast.Name) and n.id in ("Decimal", DECIMAL_NUMBER)
                    for n in ast.walk(node.annotation)))


@functools.lru_cache(maxsize=4096)
def plain_annotation(text: str) -> str:
    """A field type as a signature shows it: the helpers' plain types, unique arrays as lists,
    and `float` for `int | float` (a type checker takes an int for a float, and ruff's PYI041
    asks for the short spelling)."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return text

    class _Plain(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id in _PLAIN:
                return ast.Name(id=_PLAIN[node.id], ctx=node.ctx)
            if node.id == UNIQUE_ITEMS:
                return ast.Name(id="list", ctx=node.ctx)
            return node

        def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
            self.generic_visit(node)
            if _is_set(node):
                node.value = ast.Name(id="list", ctx=ast.Load())
            return node

    new = _Plain().visit(tree).body
    members = _union_members(new)
    names = {m.id for m in members if isinstance(m, ast.Name)}
    if {"int", "float"} <= names:
        kept = [m for m in members if not (isinstance(m, ast.Name) and m.id == "int")]
        new = kept[0]
        for member in kept[1:]:
            new = ast.BinOp(left=new, op=ast.BitOr(), right=member)
    spelled = ast.unparse(new)
    return text if spelled == ast.unparse(ast.parse(text, mode="eval").body) else spelled


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union_members(node.left), *_union_members(node.right)]
    return [node]
