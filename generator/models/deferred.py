"""Models that build their pydantic validators on first use, not at import.

pydantic builds a model's core schema, validator and serializer when the class is created; a
spec with thousands of schemas paid for all of them at every `import` (seconds, hundreds of
MB), although one call uses a handful. Every `BaseModel` root (a class whose bases include
`BaseModel`) gets `defer_build=True` in its `model_config`; subclasses inherit it (pydantic
merges configs along the bases). A `RootModel[X]` base becomes `_DeferredRootModel[X]`, a
generic subclass of `RootModel` that defers: the config of `RootModel[X]` itself (the class
pydantic creates for the subscript) cannot be set, and it builds `X`, with everything `X`
references, when created. The library's trailing
`X.model_rebuild()` calls are dropped: they would build `X` (and everything it references) at
import, and they are not needed, as a deferred model resolves its string annotations in the
module's namespace when it is first built, after the module has defined every class.
"""

from __future__ import annotations

import ast
import sys

DEFER = ast.keyword(arg="defer_build", value=ast.Constant(True))


ROOT_BASE = "_DeferredRootModel"
ROOT_BASE_DEFINITION = f"""\
_RootT = TypeVar("_RootT")


class {ROOT_BASE}(RootModel[_RootT]):
    \"\"\"`RootModel` whose subclasses build their validators on first use.\"\"\"

    model_config = ConfigDict(defer_build=True)


"""


def _is_root(node: ast.ClassDef) -> bool:
    return any(isinstance(base, ast.Name) and base.id == "BaseModel" for base in node.bases)


def _root_model_bases(tree: ast.Module) -> list[ast.Name]:
    return [base.value for node in tree.body if isinstance(node, ast.ClassDef)
            for base in node.bases
            if isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name)
            and base.value.id == "RootModel"]


def _config_call(node: ast.ClassDef) -> ast.Assign | None:
    for statement in node.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                and isinstance(statement.targets[0], ast.Name) \
                and statement.targets[0].id == "model_config" \
                and isinstance(statement.value, ast.Call):
            return statement
    return None


def _is_rebuild(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
            and isinstance(statement.value.func, ast.Attribute)
            and statement.value.func.attr == "model_rebuild")


def defer_model_builds(source: str) -> str:
    """`source` (models.py, unformatted) with every model's build deferred to first use."""
    tree = ast.parse(source)
    # ast counts lines by "\n" only (`str.splitlines` also breaks at U+2028 and friends, which
    # string literals may hold) and columns in UTF-8 bytes.
    lines = [line + "\n" for line in source.split("\n")]
    lines[-1] = lines[-1][:-1]
    roots = _root_model_bases(tree)
    for name in sorted(roots, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        line = lines[name.lineno - 1].encode()
        lines[name.lineno - 1] = (line[:name.col_offset] + ROOT_BASE.encode()
                                  + line[name.col_offset + len("RootModel"):]).decode()
    if roots:
        source = "".join(lines)
        tree = ast.parse(source)
    # (first line index, end line index, replacement lines), applied bottom-up.
    edits: list[tuple[int, int, list[str]]] = []
    need_config_dict = bool(roots)
    for statement in tree.body:
        if _is_rebuild(statement):
            edits.append((statement.lineno - 1, statement.end_lineno or statement.lineno, []))
            continue
        if not (isinstance(statement, ast.ClassDef) and _is_root(statement)):
            continue
        config = _config_call(statement)
        if config is None:
            first = statement.body[0]
            indent = " " * first.col_offset
            edits.append((first.lineno - 1, first.lineno - 1,
                          [f"{indent}model_config = ConfigDict(defer_build=True)\n"]))
            need_config_dict = True
            continue
        call = config.value
        assert isinstance(call, ast.Call)
        if any(k.arg == "defer_build" for k in call.keywords):
            continue
        call.keywords.append(DEFER)
        indent = " " * config.col_offset
        edits.append((config.lineno - 1, config.end_lineno or config.lineno,
                       [f"{indent}{ast.unparse(config)}\n"]))
    if roots:
        # Before the first class, one blank line after what precedes it (isort's spacing
        # when imports are followed by an assignment).
        at = next(s for s in tree.body if isinstance(s, ast.ClassDef)).lineno - 1
        start = at
        while start > 0 and not lines[start - 1].strip():
            start -= 1
        edits.append((start, at, ["\n", *ROOT_BASE_DEFINITION.splitlines(keepends=True)]))
        edits.extend(_add_import(tree, "typing", "TypeVar"))
    if need_config_dict:
        edits.extend(_add_import(tree, "pydantic", "ConfigDict"))
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[start:end] = replacement
    text = "".join(lines).rstrip("\n") + "\n"
    return text


def _add_import(tree: ast.Module, module: str, name: str) -> list[tuple[int, int, list[str]]]:
    """The edit that imports `name` from `module` (a standard-library or third-party module
    already imported from, or `typing`, which gets its own line in isort's place)."""
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module == module:
            if any(alias.name == name for alias in statement.names):
                return []
            statement.names.append(ast.alias(name=name))
            statement.names.sort(key=lambda alias: alias.name)
            return [(statement.lineno - 1, statement.end_lineno or statement.lineno,
                     [ast.unparse(statement) + "\n"])]
    if module != "typing":
        raise AssertionError(f"models.py never imports from {module}")
    imports = [s for s in tree.body if isinstance(s, ast.ImportFrom) and s.module]
    standard = [s for s in imports if s.module and s.module != "__future__"
                and s.module.split(".")[0] in sys.stdlib_module_names]
    line = f"from {module} import {name}\n"
    if standard:
        before = [s for s in standard if (s.module or "") < module]
        at = (before[-1].end_lineno or before[-1].lineno) if before else standard[0].lineno - 1
        return [(at, at, [line])]
    future = [s for s in imports if s.module == "__future__"]
    at = (future[-1].end_lineno or future[-1].lineno) if future else 0
    return [(at, at, ["\n", line] if future else [line, "\n"])]
