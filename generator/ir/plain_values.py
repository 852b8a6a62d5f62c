"""What a client argument takes besides the model its schema names: an enum model's plain
values (a `Literal`), a named primitive schema's primitive (`_models.AccessToken | str`). A
mixin of `hints.SchemaReader`, which supplies the models, `deref` and the hint spelling."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import Any

from ..models.generate import GeneratedModels
from ..spec.walk import schema_types
from .parts import TypeRef

_PRIMITIVE_TYPES = frozenset({"string", "integer", "number", "boolean"})


class _MergeUnions(ast.NodeTransformer):
    """Each union once: repeated members dropped, its `Literal`s merged into the first one
    (`_typing.Literal['a'] | X | _typing.Literal['b']` -> `_typing.Literal['a', 'b'] | X`)."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        if not isinstance(node.op, ast.BitOr):
            return self.generic_visit(node)
        members: list[ast.expr] = []

        def flatten(part: ast.expr) -> None:
            if isinstance(part, ast.BinOp) and isinstance(part.op, ast.BitOr):
                flatten(part.left)
                flatten(part.right)
            else:
                visited = self.visit(part)
                assert isinstance(visited, ast.expr)
                members.append(visited)

        flatten(node)
        kept: list[ast.expr] = []
        seen: set[str] = set()
        literal: ast.Subscript | None = None
        values: list[ast.expr] = []
        for member in members:
            if isinstance(member, ast.Subscript) and ast.unparse(member.value) == "_typing.Literal":
                items = member.slice.elts if isinstance(member.slice, ast.Tuple) else [member.slice]
                values += [v for v in items if ast.unparse(v) not in
                           {ast.unparse(w) for w in values}]
                if literal is None:
                    literal = member
                    kept.append(member)
                continue
            if ast.unparse(member) not in seen:
                seen.add(ast.unparse(member))
                kept.append(member)
        if literal is not None:
            literal.slice = ast.Tuple(elts=values, ctx=ast.Load()) if len(values) > 1 \
                else values[0]
        result = kept[0]
        for member in kept[1:]:
            result = ast.BinOp(left=result, op=ast.BitOr(), right=member)
        return result


class PlainValues:
    """Client argument types widened by the plain values the models accept and convert."""

    models: GeneratedModels
    modules: set[str]
    _plain: dict[str, tuple[str, frozenset[str]]] | None

    def deref(self, value: Any) -> Any:
        raise NotImplementedError

    def _literal(self, values: list[Any]) -> str:
        raise NotImplementedError

    def _schema_hint(self, schema: Any, depth: int = 0) -> tuple[str, str | None]:
        raise NotImplementedError

    def plain_values(self) -> dict[str, tuple[str, frozenset[str]]]:
        """Model class -> the plain values a client argument takes besides an instance (and
        the modules that hint needs): its values as a `Literal` for an enum, the primitive for
        a named primitive schema (a RootModel of `str`, `int`, a date, ...). The models accept
        either and convert."""
        if self._plain is not None:
            return self._plain
        self._plain = {}
        for model in self.models.classes:
            target = self.deref({"$ref": model.source_ref}) if model.source_ref else None
            if not isinstance(target, dict) or any(
                    key in target for key in ("properties", "allOf", "oneOf", "anyOf",
                                              "const", "not", "items")):
                continue
            enum = target.get("enum")
            kinds = [k for k in schema_types(target) if k != "null"]
            saved = set(self.modules)
            text = ""
            if isinstance(enum, list):
                values = [v for v in enum if v is not None]
                if values and all(isinstance(v, (str, int)) and not isinstance(v, bool)
                                  for v in values):
                    text = self._literal(values)
            elif len(kinds) == 1 and kinds[0] in _PRIMITIVE_TYPES \
                    and target.get("format") != "binary":
                text = self._schema_hint(target)[0]
            needed, self.modules = frozenset(self.modules - saved), saved
            if text:
                self._plain[model.class_name] = (text, needed)
        return self._plain

    def widened(self, hint: str) -> str:
        """`hint` with each enum or named primitive model also taking its plain values
        (`_models.Family` -> `_models.Family | _typing.Literal['llama', 'gpt']`): what a client
        argument accepts. Return types and the server keep the models alone."""
        plain = self.plain_values()
        if "_models." not in hint or not plain:
            return hint
        tree = ast.parse(hint, mode="eval")
        used: set[str] = set()

        class _Widen(ast.NodeTransformer):
            def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
                if isinstance(node.value, ast.Name) and node.value.id == "_models" \
                        and node.attr in plain:
                    used.add(node.attr)
                    extra = ast.parse(plain[node.attr][0], mode="eval").body
                    return ast.BinOp(left=node, op=ast.BitOr(), right=extra)
                return node

        widened = _Widen().visit(tree)
        if not used:
            return hint
        for name in used:
            self.modules |= plain[name][1]
        return ast.unparse(_MergeUnions().visit(widened))

    def accepting(self, type_ref: TypeRef) -> TypeRef:
        """`type_ref` with the plain values its client argument also takes (`accepts`)."""
        widened = self.widened(type_ref.hint)
        return replace(type_ref, accepts=widened) if widened != type_ref.hint else type_ref
