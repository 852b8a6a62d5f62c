"""Renaming classes in a models module: every identifier that names a class (bases, annotations,
forward references in strings, type aliases), and never a string that is data."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator


def type_references(node: ast.AST) -> Iterator[ast.Name | ast.Constant]:
    """The names a type expression uses: `Name` nodes, and string constants that spell a
    forward reference (`RootModel[list["Node"]]`); never inside `Literal[...]` or a call such
    as `Field(...)`."""
    if isinstance(node, ast.Name) or (isinstance(node, ast.Constant)
                                      and isinstance(node.value, str)):
        yield node
    elif isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal":
        yield from type_references(node.value)
    elif not isinstance(node, ast.Call):
        for child in ast.iter_child_nodes(node):
            yield from type_references(child)


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def mentioned(node: ast.AST) -> Iterator[str]:
    for reference in type_references(node):
        if isinstance(reference, ast.Name):
            yield reference.id
        else:
            yield from _IDENTIFIER.findall(str(reference.value))


def type_expressions(tree: ast.Module) -> Iterator[ast.expr]:
    """Where a module names classes as types: class bases, field annotations, the values of an
    `__annotations__` dict, the value of a `TypeAliasType(...)`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            yield from node.bases
        elif isinstance(node, ast.AnnAssign):
            yield node.annotation
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and any(
                getattr(target, "id", None) == "__annotations__" for target in node.targets):
            yield from (value for value in node.value.values if value is not None)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "TypeAliasType" \
                and len(node.args) > 1:
            yield node.args[1]


def rename_classes(source: str, tree: ast.Module, renames: dict[str, str]) -> str:
    """`source` (parsed as `tree`) with each class renamed where it is defined and wherever a
    name or a forward-reference string in a type refers to it; other strings, attributes and
    keywords are left alone, and no line moves."""
    if not renames:
        return source
    lines = source.split("\n")
    edits: dict[int, list[tuple[int, int, str]]] = defaultdict(list)  # line: (start, end, new)
    for start_line, start, end, new in _renaming_edits(tree, renames, lines):
        edits[start_line].append((start, end, new))
    for index, found in edits.items():
        data = lines[index].encode()
        for start, end, new in sorted(found, reverse=True):
            data = data[:start] + new.encode() + data[end:]
        lines[index] = data.decode()
    return "\n".join(lines)


def rename_in_type(text: str, renames: dict[str, str]) -> str:
    """One type expression (`list[Tag] | None`) with its classes renamed likewise."""
    if not renames or not any(name in text for name in renames):
        return text
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return text
    module = ast.Module(body=[ast.AnnAssign(target=ast.Name("_"), annotation=tree.body,
                                            simple=1)], type_ignores=[])
    return rename_classes(text, module, renames)


def _renaming_edits(tree: ast.Module, renames: dict[str, str], lines: list[str]
                    ) -> Iterator[tuple[int, int, int, str]]:
    """(0-based line, start, end, text) for each place to rename; offsets in UTF-8 bytes, as
    `ast` counts them."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(renames, key=len,
                                                                  reverse=True))) + r")\b")
    # A class body's own names (an enum member `O = "O"`) are not the class `O`.
    members = {id(target) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
               for statement in node.body if isinstance(statement, (ast.Assign, ast.AnnAssign))
               for target in (statement.targets if isinstance(statement, ast.Assign)
                              else [statement.target])}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in renames:
            line = lines[node.lineno - 1].encode()
            match = re.compile(rb"class\s+").match(line, node.col_offset)
            assert match is not None, node.name
            yield (node.lineno - 1, match.end(), match.end() + len(node.name.encode()),
                   renames[node.name])
        elif isinstance(node, ast.Name) and node.id in renames and id(node) not in members:
            yield (node.lineno - 1, node.col_offset,
                   node.col_offset + len(node.id.encode()), renames[node.id])
    for expression in type_expressions(tree):
        for reference in type_references(expression):
            if isinstance(reference, ast.Constant) and reference.lineno == reference.end_lineno \
                    and reference.end_col_offset is not None \
                    and pattern.search(str(reference.value)):
                line = lines[reference.lineno - 1].encode()
                text = line[reference.col_offset:reference.end_col_offset].decode()
                yield (reference.lineno - 1, reference.col_offset, reference.end_col_offset,
                       pattern.sub(lambda m: renames[m.group(1)], text))
