"""Make datamodel-code-generator's `models.py` pass `ruff check` and `mypy --strict`.

- Old typing spellings (`Union[...]`, `Optional[...]`, `Dict`, quoted forward references,
  bare `list`) are respelled the way ruff wants them on Python 3.10. `models.py` starts with
  `from __future__ import annotations`, so an annotation is never evaluated by Python: `"Node"`
  becomes `Node` and every `Union` becomes `|` there. Class bases (`RootModel[Union[...]]`) and
  other run-time expressions are evaluated: they get `|` only when no member is a quoted name
  (`"A" | "B"` is a TypeError).

Only the expressions that change are rewritten, in place, so the rest of the module
(descriptions, `Field(...)` calls) is untouched.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Literal

Context = Literal["annotation", "runtime"]
_BUILTIN_GENERICS = {"Dict": "dict", "List": "list", "Set": "set", "FrozenSet": "frozenset",
                     "Tuple": "tuple", "Type": "type"}
_UNIONS = ("Union", "Optional")
_GONE = "#apigen-removed-import#"
_BARE = {"list": "list[Any]", "dict": "dict[str, Any]"}


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _elements(node: ast.expr) -> list[ast.expr]:
    return list(node.elts) if isinstance(node, ast.Tuple) else [node]


def _union(members: list[ast.expr]) -> ast.expr:
    result = members[0]
    for member in members[1:]:
        result = ast.BinOp(left=result, op=ast.BitOr(), right=member)
    return result


def _forward_ref(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _typing_name(node: ast.expr, typing: frozenset[str]) -> str | None:
    """The `typing` name `node` spells (a model class may be called `Type` or `Union`)."""
    name = _name(node)
    return name if name in typing else None


def _transform(node: ast.expr, context: Context, typing: frozenset[str]) -> ast.expr:
    """`node` respelled (a new tree; `node` itself is not modified)."""
    if isinstance(node, ast.Subscript):
        head = _typing_name(node.value, typing)
        if head == "Literal":
            return node
        items = _elements(node.slice)
        if head == "Annotated":
            items = [_transform(items[0], context, typing), *items[1:]]
            return ast.Subscript(value=node.value, slice=ast.Tuple(elts=items, ctx=ast.Load()),
                                 ctx=ast.Load())
        members = [_transform(item, context, typing) for item in items]
        if head == "Optional":
            members = [*members, ast.Constant(value=None)]
        if head in _UNIONS and (context == "annotation" or not any(map(_forward_ref, members))):
            return _union(members)
        slice_: ast.expr = members[0] if not isinstance(node.slice, ast.Tuple) else ast.Tuple(
            elts=members, ctx=ast.Load())
        return ast.Subscript(value=_transform(node.value, context, typing), slice=slice_,
                             ctx=ast.Load())
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return ast.BinOp(left=_transform(node.left, context, typing), op=node.op,
                         right=_transform(node.right, context, typing))
    name = _typing_name(node, typing)
    if name in _BUILTIN_GENERICS:
        return ast.Name(id=_BUILTIN_GENERICS[name], ctx=ast.Load())
    if context == "annotation" and _forward_ref(node):
        assert isinstance(node, ast.Constant)
        try:
            return _transform(ast.parse(str(node.value), mode="eval").body, context, typing)
        except SyntaxError:
            return node
    return node


def _changes_itself(node: ast.expr, context: Context, typing: frozenset[str]) -> bool:
    if isinstance(node, ast.Subscript):
        return _typing_name(node.value, typing) in _UNIONS
    if isinstance(node, ast.Name):
        return _typing_name(node, typing) in _BUILTIN_GENERICS
    return context == "annotation" and _forward_ref(node)


def _children(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.Subscript) and _name(node.value) != "Literal":
        items = _elements(node.slice)
        return items[:1] if _name(node.value) == "Annotated" else [node.value, *items]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    return []


def _collect(node: ast.expr, context: Context, typing: frozenset[str],
             edits: list[tuple[ast.expr, str]], *, head: bool = False) -> None:
    if not head and isinstance(node, ast.Name) and node.id in _BARE:
        edits.append((node, _BARE[node.id]))  # `list` alone: mypy --strict wants `list[Any]`
        return
    if _changes_itself(node, context, typing):
        new = _transform(node, context, typing)
        if ast.dump(new) != ast.dump(node):
            edits.append((node, ast.unparse(new)))
            return
    for index, child in enumerate(_children(node)):
        head = index == 0 and isinstance(node, ast.Subscript) and child is node.value
        _collect(child, context, typing, edits, head=head)


def _type_expressions(tree: ast.Module) -> list[tuple[ast.expr, Context]]:
    found: list[tuple[ast.expr, Context]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign):
            found.append((node.annotation, "annotation"))
        elif isinstance(node, ast.ClassDef):
            found += [(base, "runtime") for base in node.bases]
        elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
              and any(_name(t) == "__annotations__" for t in node.targets)):
            found += [(value, "runtime") for value in node.value.values]
        elif (isinstance(node, ast.Call) and _name(node.func) == "TypeAliasType"
              and len(node.args) > 1):
            found.append((node.args[1], "runtime"))
    return found


_LINE_END = re.compile(r"\r\n|\r|\n")


def _offsets(source: str) -> list[int]:
    """Where each line of `source` starts, lines ending as Python's tokenizer ends them (not at
    the form feeds and Unicode separators `str.splitlines` also breaks at), plus its length."""
    return [0, *(match.end() for match in _LINE_END.finditer(source)), len(source)]


class Spans:
    """Text offsets of the nodes of one `ast.parse` of `source`: the line table is made once,
    where `ast.get_source_segment` splits the whole source again for every node (minutes on a
    model module of Stripe's size)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._starts = _offsets(source)

    def _at(self, line: int, column: int) -> int:
        # ast offsets count UTF-8 bytes within a line.
        start = self._starts[line - 1]
        text = self.source[start:self._starts[line]]
        return start + len(text.encode("utf-8")[:column].decode("utf-8"))

    def span(self, node: ast.expr | ast.stmt) -> tuple[int, int]:
        assert node.end_lineno is not None and node.end_col_offset is not None
        begin = self._at(node.lineno, node.col_offset)
        return begin, self._at(node.end_lineno, node.end_col_offset)

    def text(self, node: ast.expr | ast.stmt) -> str:
        begin, end = self.span(node)
        return self.source[begin:end]


def replace_nodes(source: str, edits: list[tuple[ast.expr | ast.stmt, str]]) -> str:
    """`source` with the text of each node replaced (nodes of one `ast.parse` of `source`)."""
    spans = Spans(source)
    pieces: list[str] = []
    done = 0
    for (begin, end), text in sorted((spans.span(node), text) for node, text in edits):
        pieces += [source[done:begin], text]
        done = end
    pieces.append(source[done:])
    return "".join(pieces)


def _drop_unused_typing_imports(source: str) -> str:
    tree = ast.parse(source)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    used |= {node.value.id for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)}
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "typing":
            kept = [a for a in node.names if (a.asname or a.name) in used]
            if len(kept) == len(node.names):
                continue
            names = ", ".join(a.name if not a.asname else f"{a.name} as {a.asname}"
                              for a in kept)
            edits.append((node, f"from typing import {names}" if kept else _GONE))
    if not edits:
        return source
    # A removed import takes its line with it, and one of the blank lines around it.
    return re.sub(r"\n*" + _GONE + r"\n", "\n", replace_nodes(source, edits))


def typing_imports(source: str | ast.Module) -> frozenset[str]:
    """Names a module (its text, or its parsed tree) imports from `typing` under their own
    name. Only the statements before the first class or function are parsed: the imports of a
    models module all come first, and parsing a large module again costs a few tenths of a
    second."""
    tree = source if isinstance(source, ast.Module) else _leading_statements(source)
    return frozenset(alias.name for node in tree.body
                     if isinstance(node, ast.ImportFrom) and node.module == "typing"
                     for alias in node.names if alias.asname is None)


def _leading_statements(source: str) -> ast.Module:
    head = re.split(r"^(?=class |def |async def |@)", source, maxsplit=1, flags=re.MULTILINE)[0]
    try:
        return ast.parse(head)
    except SyntaxError:  # the cut fell inside something: read the whole module
        return ast.parse(source)


def modernize(source: str) -> str:
    """`source` with old typing spellings respelled (unchanged when there are none)."""
    tree = ast.parse(source)
    typing = typing_imports(tree)
    edits: list[tuple[ast.expr, str]] = []
    for expression, context in _type_expressions(tree):
        _collect(expression, context, typing, edits)
    if not edits:
        return source
    source = replace_nodes(source, [(n, t) for n, t in edits])
    if "Any" not in typing and any(text in _BARE.values() for _, text in edits):
        source = _import_any(source)
    return _drop_unused_typing_imports(source)


def _admits_none(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    if isinstance(node, ast.Name) and node.id in ("Any", "None"):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _admits_none(node.left) or _admits_none(node.right)
    return isinstance(node, ast.Subscript) and _name(node.value) == "Optional"


def none_defaults_admit_none(source: str) -> str:
    """`x: T = None` (an optional field that may not be null, as `strict_nullable` writes it)
    respelled `x: T | None = None`: the Python default must fit the annotation for mypy. The
    field can still be left out, and the server never sends the null."""
    tree = ast.parse(source)
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            if not (isinstance(statement, ast.AnnAssign)
                    and isinstance(statement.value, ast.Constant)
                    and statement.value.value is None):
                continue
            annotation = statement.annotation
            inner = annotation
            if isinstance(annotation, ast.Subscript) and _name(annotation.value) == "Annotated" \
                    and isinstance(annotation.slice, ast.Tuple) and annotation.slice.elts:
                inner = annotation.slice.elts[0]
            if _admits_none(inner) or any(isinstance(n, ast.Constant) and isinstance(n.value, str)
                                          for n in ast.walk(inner)):
                continue
            edits.append((inner, f"{ast.unparse(inner)} | None"))
    return replace_nodes(source, edits) if edits else source


def _import_any(source: str) -> str:
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "typing":
            names = sorted([*(a.name for a in node.names), "Any"])
            return replace_nodes(source, [(node, f"from typing import {', '.join(names)}")])
    future = next((n for n in tree.body if isinstance(n, ast.ImportFrom)
                   and n.module == "__future__"), None)
    if future is None or future.end_lineno is None:
        return "from typing import Any\n" + source
    lines = source.splitlines(keepends=True)
    return "".join([*lines[:future.end_lineno], "\nfrom typing import Any\n",
                    *lines[future.end_lineno:]])


@functools.lru_cache(maxsize=4096)
def modernize_annotation(text: str, typing: frozenset[str]) -> str:
    """One annotation (a field type datamodel-code-generator reports) respelled likewise;
    `typing`: what the module imports from `typing` (see `typing_imports`)."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return text
    new = _transform(node, "annotation", typing)
    if isinstance(new, ast.Name) and new.id in _BARE:
        return _BARE[new.id]
    return ast.unparse(new) if ast.dump(new) != ast.dump(node) else text


def _literal(node: ast.expr) -> bool:
    """A constant, a negative number or a list/dict display of them: a default as the library
    copies it from the spec."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _literal(node.operand)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _literal(k) for k in node.keys) and all(
            _literal(v) for v in node.values)
    return isinstance(node, ast.Constant) and node.value is not None


def model_defaults_typed(source: str) -> str:
    """`bar: Bar | None = "bar"` (a default on a `$ref` to a model, which the library copies
    as the plain JSON value and has pydantic validate) respelled `= Bar.model_validate("bar")`
    (an enum's `= Bar("bar")`), the value mypy expects; `Field(default_factory=lambda: ...)`
    when `Bar` is defined further down (a default is evaluated when the class is)."""
    tree = ast.parse(source)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    defined: set[str] = set()
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in node.body:
            if not (isinstance(statement, ast.AnnAssign) and statement.value is not None
                    and _literal(statement.value)):
                continue
            inner = statement.annotation
            if isinstance(inner, ast.Subscript) and _name(inner.value) == "Annotated":
                inner = _elements(inner.slice)[0]
            members = [m for m in _union_members(inner)
                       if not (isinstance(m, ast.Constant) and m.value is None)]
            member = members[0] if len(members) == 1 else None
            container, value = None, statement.value
            if isinstance(member, ast.Subscript) and _name(member.value) in ("list", "dict") \
                    and isinstance(value, (ast.List, ast.Dict)):
                # `list[Foo] = [{...}]`, `dict[str, Foo] = {"k": {...}}`: each item built.
                container = _name(member.value)
                member = _elements(member.slice)[-1]
            name = _name(member) if member is not None else None
            if name is None or name not in classes or name == node.name:
                continue
            bases = {ast.unparse(b).split("[")[0] for b in classes[name].bases}

            def build(item: ast.expr, name: str = name, bases: set[str] = bases) -> str:
                text = ast.unparse(item)
                return (f"{name}({text})" if bases & {"Enum", "IntEnum", "StrEnum"}
                        else f"{name}.model_validate({text})")

            if container == "list" and isinstance(value, ast.List):
                call = "[" + ", ".join(build(e) for e in value.elts) + "]"
            elif container == "dict" and isinstance(value, ast.Dict):
                call = "{" + ", ".join(f"{ast.unparse(k)}: {build(v)}" for k, v in zip(
                    value.keys, value.values, strict=True) if k is not None) + "}"
            elif container is None:
                call = build(value)
            else:
                continue
            edits.append((statement.value, call if _complete(name, classes, defined)
                          else f"Field(default_factory=lambda: {call})"))
        defined.add(node.name)
    return replace_nodes(source, edits) if edits else source


def _complete(name: str, classes: dict[str, ast.ClassDef], defined: set[str]) -> bool:
    """True when `name` and every class it refers to, however indirectly, are defined: only
    then can pydantic build an instance while the module is still being executed (a model
    naming a class further down is completed by the `model_rebuild()` calls at the end)."""
    stack, seen = [name], {name}
    while stack:
        current = stack.pop()
        if current not in defined:
            return False
        for node in ast.walk(classes[current]):
            if isinstance(node, ast.Name) and node.id in classes and node.id not in seen:
                seen.add(node.id)
                stack.append(node.id)
    return True


def _union_members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union_members(node.left), *_union_members(node.right)]
    return [node]
