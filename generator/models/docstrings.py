"""Descriptions are documentation, not structure: models are generated without them (so the
expensive datamodel-code-generator run can be cached across description edits), then apigen
writes each schema's and property's description back as a docstring.

Owning the docstrings also means spec text reaches `models.py` through the same `docstring`
filter as every other generated module.
"""

from __future__ import annotations

import ast
from typing import Any

from ..diagnostics import unescape_pointer_token
from ..literals import docstring
from ..spec.operations import DocumentView
from ..spec.walk import SCHEMA_LIST, SCHEMA_MAP, SCHEMA_VALUE, component_schemas


def strip_descriptions(schema: Any) -> Any:
    """A copy of a schema without `description` keywords (property *names* are untouched)."""
    if isinstance(schema, list):
        return [strip_descriptions(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "description" and isinstance(value, str):
            continue
        if key in SCHEMA_VALUE:
            out[key] = strip_descriptions(value)
        elif key in SCHEMA_MAP and isinstance(value, dict):
            out[key] = {name: strip_descriptions(sub) for name, sub in value.items()}
        elif key in SCHEMA_LIST and isinstance(value, list):
            out[key] = [strip_descriptions(sub) for sub in value]
        else:
            out[key] = value
    return out


def structural_document(document: dict[str, Any]) -> dict[str, Any]:
    """What datamodel-code-generator needs: the version, and components with bare schemas."""
    view = DocumentView(document)
    components = dict(view.components)
    components["schemas"] = {
        name: strip_descriptions(schema)
        for name, schema in (component_schemas(document) or {}).items()
    }
    return {
        "openapi": view.openapi,
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": components,
    }


def source_lines(source: str) -> list[str]:
    """Lines as `ast` counts them: `str.splitlines` also breaks at U+2028, form feeds and other
    characters that may sit inside string literals, which would shift every line number."""
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for token in ref.lstrip("#").strip("/").split("/"):
        token = unescape_pointer_token(token)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _description(schema: Any) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("description"), str):
        return str(schema["description"]).strip()
    return ""


def _docstring_lines(text: str, indent: str) -> list[str]:
    body = docstring(text).split("\n")
    return [f'{indent}"""\n'] + [f"{indent}{line}\n" if line else "\n" for line in body] + [
        f'{indent}"""\n']


Anchors = dict[str, tuple[int, int, list[tuple[str, int]]]]
"""class name -> (line index of its first body statement, its indent, [(field alias, line index
after the field)]): where docstrings go, found once per model structure."""


def docstring_anchors(tree: ast.Module) -> Anchors:
    anchors: Anchors = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            fields = [(alias, statement.end_lineno) for statement in node.body
                      if (alias := _field_alias(statement)) is not None
                      and statement.end_lineno is not None]
            anchors[node.name] = (node.body[0].lineno - 1, node.body[0].col_offset, fields)
    return anchors


def add_docstrings(source: str, document: dict[str, Any], refs: dict[str, str],
                   anchors: Anchors | None = None) -> str:
    """Insert schema descriptions as class docstrings and property descriptions as attribute
    docstrings. `refs` maps class names to the `$ref` of the schema each was made from;
    `anchors` (from `docstring_anchors` of this very source) saves parsing it again."""
    if not source.endswith("\n"):
        source += "\n"
    if anchors is None:
        anchors = docstring_anchors(ast.parse(source))
    lines = source_lines(source)
    inserts: list[tuple[int, list[str]]] = []  # (0-based line index to insert before, lines)
    for name, (body_line, column, fields) in anchors.items():
        schema = _resolve(document, refs[name]) if name in refs else None
        if not isinstance(schema, dict):
            continue
        indent = " " * column
        described = _description(schema)
        if described:
            inserts.append((body_line, [*_docstring_lines(described, indent), "\n"]))
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            continue
        for alias, end_line in fields:
            text = _description(properties.get(alias))
            if text:
                inserts.append((end_line, _docstring_lines(text, indent)))
    for index, block in sorted(inserts, key=lambda item: item[0], reverse=True):
        lines[index:index] = block
    return "".join(lines)


def _field_alias(statement: ast.stmt) -> str | None:
    """The wire name of a model field: its `Field(alias=...)`, else its attribute name."""
    if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
        return None
    for call in ast.walk(statement):
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "Field":
            for keyword in call.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return statement.target.id
