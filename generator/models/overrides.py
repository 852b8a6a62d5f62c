"""allOf subclasses that narrow an inherited field to a type mypy does not take as a subtype.

datamodel-code-generator makes `Dog(allOf: [Pet, {...}])` a subclass of `Pet` that redeclares
the fields the second part narrows: `kind: DogKind` (an enum of one value) over `Pet`'s
`kind: str | None`, `owner: DogOwner | None` over `owner: Person | None`. pydantic takes the
redeclaration, and it is what the spec says (a Dog's kind is `dog`), but mypy --strict refuses
it as an incompatible override. Such a line gets `# type: ignore[assignment]`; a redeclaration
mypy accepts (the same type with constraints, a member subset, a subclass) gets nothing, as
`warn_unused_ignores` would refuse a needless ignore.

Also here, other library output that mypy or ruff refuse, put right: a branch RootModel that
borrows its parent field's default, bases that declare one field differently, and enum members
repeating an earlier member's value.
"""

from __future__ import annotations

import ast
import keyword
from typing import Any

from ..scopes import AMBIGUOUS
from ..spec.walk import resolve
from .typing_spelling import Spans, replace_nodes

IGNORE = "  # type: ignore[assignment]"


def _members(annotation: ast.expr) -> set[str]:
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.value, ast.Name) \
            and annotation.value.id == "Annotated" and isinstance(annotation.slice, ast.Tuple):
        return _members(annotation.slice.elts[0])
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _members(annotation.left) | _members(annotation.right)
    return {ast.unparse(annotation)}


def _literal_values(member: str) -> list[object] | None:
    """The values of a `Literal[...]` spelling, else None."""
    node = ast.parse(member, mode="eval").body
    if not (isinstance(node, ast.Subscript) and ast.unparse(node.value) in (
            "Literal", "typing.Literal", "typing_extensions.Literal")):
        return None
    items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    values: list[object] = [item.value for item in items if isinstance(item, ast.Constant)]
    return values if len(values) == len(items) else None


def _fields(node: ast.ClassDef) -> dict[str, ast.AnnAssign]:
    return {s.target.id: s for s in node.body
            if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}


def mark_incompatible_overrides(source: str) -> str:
    """`source` with the narrowing redeclarations mypy refuses marked (see the module doc)."""
    tree = ast.parse(source)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}

    def ancestors(name: str, seen: frozenset[str] = frozenset()) -> list[str]:
        node = classes.get(name)
        if node is None or name in seen:
            return []
        found: list[str] = []
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                found += [base.id, *ancestors(base.id, seen | {name})]
        return found

    def fits(member: str, base: set[str]) -> bool:
        if member in base or "Any" in base or (member == "int" and "float" in base):
            return True
        values = _literal_values(member)
        if values is not None:  # `Literal["cat"]` over `str` or over `Literal["cat", "dog"]`
            allowed = {v for m in base for v in (_literal_values(m) or [])}
            return all(v in allowed or type(v).__name__ in base
                       or (isinstance(v, int) and "float" in base) for v in values)
        return any(a in base for a in ancestors(member))

    lines = source.splitlines(keepends=True)
    marked: set[int] = set()
    for node in classes.values():
        inherited: dict[str, ast.AnnAssign] = {}
        for parent in reversed(ancestors(node.name)):
            inherited.update(_fields(classes[parent]))
        for name, statement in _fields(node).items():
            base = inherited.get(name)
            if base is None or name == "model_config":
                continue
            wanted = _members(base.annotation)
            if not all(fits(m, wanted) for m in _members(statement.annotation)):
                marked.add(statement.lineno - 1)
    for node in classes.values():
        if _bases_disagree(node, classes, ancestors):
            marked.add(node.lineno - 1)
    for index in marked:
        line = lines[index]
        body = line.rstrip("\r\n")
        if "#" not in body:
            mark = BASES_IGNORE if body.lstrip().startswith("class ") else IGNORE
            lines[index] = body + mark + line[len(body):]
    return "".join(lines)


BASES_IGNORE = "  # type: ignore[misc, unused-ignore]"
"""On a class whose bases declare one field with different types (`class Both(User, Base)`,
both with their own `kind`): mypy's "incompatible with definition in base class" (pydantic
takes the first base's field). Whether mypy finds the two types incompatible depends on its
subtype rules, so the mark also silences its own "unused ignore"."""


def _bases_disagree(node: ast.ClassDef, classes: dict[str, ast.ClassDef],
                    ancestors: Any) -> bool:
    """True when two of the class's bases (with what they inherit) declare a field it does not
    redeclare itself with different annotations."""
    bases = [b.id for b in node.bases if isinstance(b, ast.Name) and b.id in classes]
    if len(bases) < 2:
        return False
    own = _fields(node)
    seen: dict[str, str] = {}
    for base in bases:
        fields: dict[str, ast.AnnAssign] = {}
        for parent in reversed([base, *ancestors(base)]):
            fields.update(_fields(classes[parent]))
        for name, statement in fields.items():
            if name in own or name == "model_config":
                continue
            text = ast.unparse(statement.annotation)
            if seen.setdefault(name, text) != text:
                return True
    return False


def own_defaults(models: list[dict[str, Any]], schemas: Any) -> set[str]:
    """Class names (library metadata) whose own schema has a `default`."""
    found = set()
    for model in models:
        try:
            schema = resolve({"components": {"schemas": schemas}}, str(model["source_ref"]))
        except KeyError:
            continue
        if isinstance(schema, dict) and "default" in schema:
            found.add(model["class_name"])
    return found


def drop_borrowed_root_defaults(source: str, own_default: set[str]) -> str:
    """`root: list[Item] = Item.SEGMENT` in a branch's RootModel: the library copies the default
    of a `oneOf`/`anyOf` field into the classes of its branches, where it rarely fits (mypy
    refuses it). A RootModel's `root` keeps a default only when its own schema has one
    (`own_default`, by class name); a branch is always given its value."""
    tree = ast.parse(source)
    spans = Spans(source)
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name not in own_default
                and any(ast.unparse(b).startswith("RootModel[") for b in node.bases)):
            continue
        for statement in node.body:
            if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                    and statement.target.id == "root" and statement.value is not None):
                annotation = spans.text(statement.annotation)
                edits.append((statement, f"root: {annotation}"))
    return replace_nodes(source, edits) if edits else source


def drop_root_deprecation(source: str) -> str:
    """`root: Annotated[X, Field(deprecated=True)]`: the library marks a RootModel's `root`
    deprecated when its schema says `deprecated: true`, and pydantic then refuses to validate
    it once the model is built by `model_rebuild()` (`AttributeError: root`: the deprecation
    descriptor forbids setting the attribute). The schema's deprecation stays in the
    docstring and the served document; `root` loses the flag."""
    tree = ast.parse(source)
    spans = Spans(source)
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef)
                and any(ast.unparse(b).startswith("RootModel[") for b in node.bases)):
            continue
        for statement in node.body:
            if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                    and statement.target.id == "root"):
                continue
            for part in ast.walk(statement):
                if isinstance(part, ast.Call) and ast.unparse(part.func) == "Field" \
                        and any(k.arg == "deprecated" for k in part.keywords):
                    kept = [spans.text(a) for a in part.args] + [
                        f"{k.arg}={spans.text(k.value)}" if k.arg else f"**{spans.text(k.value)}"
                        for k in part.keywords if k.arg != "deprecated"]
                    edits.append((part, f"{spans.text(part.func)}({', '.join(kept)})"))
    return replace_nodes(source, edits) if edits else source


def drop_duplicate_enum_members(source: str) -> str:
    """`numeric_1 = "NUMERIC"` after `NUMERIC = "NUMERIC"`: the library's merge of an `allOf`
    enum with the enum it narrows repeats values (ruff PIE796). Python makes such a member an
    alias of the first, so dropping it changes nothing but the name (kept when some code of the
    module uses it)."""
    tree = ast.parse(source)
    drop: list[ast.stmt] = []
    for node in _enum_classes(tree):
        seen: set[str] = set()
        for statement in node.body:
            if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)):
                continue
            value = ast.unparse(statement.value)
            if value in seen and f"{node.name}.{statement.targets[0].id}" not in source:
                drop.append(statement)
            seen.add(value)
    if not drop:
        return source
    lines = source.splitlines(keepends=True)
    for statement in reversed(drop):
        del lines[statement.lineno - 1:(statement.end_lineno or statement.lineno)]
    return "".join(lines)


def _enum_classes(tree: ast.Module) -> list[ast.ClassDef]:
    return [node for node in tree.body if isinstance(node, ast.ClassDef)
            and any(ast.unparse(b) in ("Enum", "IntEnum", "StrEnum") for b in node.bases)]


MAX_MEMBER_NAME = 48
"""Longest enum member name kept whole: the library names a member after its value, and a
sentence-long value makes a name no line can hold (PayPal's error descriptions)."""


def _member_name(old: str, taken: set[str]) -> str:
    new = old
    if len(new) > MAX_MEMBER_NAME:
        cut = new.rfind("_", 1, MAX_MEMBER_NAME + 1)
        new = new[:cut if cut > 0 else MAX_MEMBER_NAME].rstrip("_") or new[:MAX_MEMBER_NAME]
    if new in AMBIGUOUS or keyword.iskeyword(new):
        new += "_"
        while new in taken:
            new += "_"
        return new
    stem, number = new, 2
    while new != old and new in taken:
        new, number = f"{stem}_{number}", number + 1
    return new


def settle_enum_member_names(source: str) -> str:
    """Enum member names a reader or ruff trips on, renamed with every `Class.NAME` of the
    module following (the values are unchanged): `I = "I"`, `O`, `l` (pycodestyle reads them
    as 1 and 0, E741) get a trailing `_` (more while taken), and a name longer than
    `MAX_MEMBER_NAME` is cut at its last `_` before that length (numbered while taken)."""
    tree = ast.parse(source)
    renames: dict[tuple[str, str], str] = {}
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    for node in _enum_classes(tree):
        taken = {target.id for statement in node.body if isinstance(statement, ast.Assign)
                 for target in statement.targets if isinstance(target, ast.Name)}
        for statement in node.body:
            if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)):
                continue
            old = statement.targets[0].id
            new = _member_name(old, taken)
            if new != old:
                taken.add(new)
                renames[(node.name, old)] = new
                edits.append((statement.targets[0], new))
    if not renames:
        return source
    for found in ast.walk(tree):
        if (isinstance(found, ast.Attribute) and isinstance(found.value, ast.Name)
                and (found.value.id, found.attr) in renames):
            edits.append((found, f"{found.value.id}.{renames[(found.value.id, found.attr)]}"))
    return replace_nodes(source, edits)


def rename_ambiguous_fields(source: str, metadata: dict[str, Any]
                            ) -> tuple[str, dict[str, Any]]:
    """A property `L` snake-cased to the field `l`, read as 1 (E741): spelled `l_` (one more `_`
    while the name is taken); its `Field(alias=...)` keeps the wire name. Returns the source and
    the library's metadata with the field renamed. A field without an alias is left alone (the
    `aliases` option already spells the property `l` as `l_`)."""
    tree = ast.parse(source)
    enums = set(map(id, _enum_classes(tree)))
    renames: dict[tuple[str, str], str] = {}
    edits: list[tuple[ast.expr | ast.stmt, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or id(node) in enums:
            continue
        fields = [s for s in node.body if isinstance(s, ast.AnnAssign)
                  and isinstance(s.target, ast.Name)]
        taken = {s.target.id for s in fields if isinstance(s.target, ast.Name)}
        for statement in fields:
            assert isinstance(statement.target, ast.Name)
            old = statement.target.id
            if old not in AMBIGUOUS or not any(
                    isinstance(k, ast.keyword) and k.arg == "alias"
                    for call in ast.walk(statement) if isinstance(call, ast.Call)
                    for k in call.keywords):
                continue
            new = f"{old}_"
            while new in taken:
                new += "_"
            taken.add(new)
            renames[(node.name, old)] = new
            edits.append((statement.target, new))
    if not renames:
        return source, metadata
    return replace_nodes(source, edits), {"models": [
        {**m, "fields": [{**f, "name": renames.get((m["class_name"], f["name"]), f["name"])}
                         for f in m["fields"]]} for m in metadata["models"]]}
