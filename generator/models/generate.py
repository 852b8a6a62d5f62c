"""datamodel-code-generator adapter: one public `generate()` call per spec, read back with `ast`.

We never subclass the library's internals. Its model metadata (class name, source `$ref`, fields
with aliases and types) tells the builder how each schema is spelled in Python; `ast` over the
module tells which names it imports, so type hints can be re-homed into other modules.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import json
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import MAX_QUOTE, GenerationError, clip
from ..spec.walk import MAX_DEPTH, component_schemas
from .class_names import settle_class_names
from .deferred import defer_model_builds
from .docstrings import add_docstrings, docstring_anchors, structural_document
from .library_cache import (
    cache_path,
    index_key,
    index_read,
    library_read,
    library_write,
    write_json,
)
from .open_enums import open_enums
from .overrides import (
    drop_borrowed_root_defaults,
    drop_duplicate_enum_members,
    drop_root_deprecation,
    mark_incompatible_overrides,
    own_defaults,
    rename_ambiguous_fields,
    settle_enum_member_names,
)
from .rename import rename_classes, rename_in_type
from .typing_spelling import (
    model_defaults_typed,
    modernize,
    modernize_annotation,
    none_defaults_admit_none,
    typing_imports,
)
from .wire_types import mark_schemas, plain_annotation, respell

# Options that shape models.py; recorded in the manifest so output changes are explainable.
MODEL_OPTIONS: dict[str, Any] = {
    "output_model_type": "pydantic_v2.BaseModel",
    "target_python_version": "3.10",
    "use_annotated": True,
    "field_constraints": True,
    "use_standard_collections": True,
    "use_union_operator": True,
    "snake_case_field": True,
    "allow_population_by_field_name": True,
    "capitalise_enum_members": True,
    "naming_strategy": "parent-prefixed",
    "set_default_enum_member": True,
    "disable_timestamp": True,
    # OpenAPI 3.0 `nullable: true` makes a field admit None (required or not); a default alone
    # does not (3.1 spells null in the type, which the library reads either way).
    "strict_nullable": True,
    # Unique arrays as `set[...]`, which model_wire respells as lists that refuse repeats.
    "use_unique_items_as_set": True,
    # A field named `l` reads as `1` (pycodestyle E741): spelled `l_`, aliased to its name.
    "aliases": {"l": "l_"},
}


@dataclass(frozen=True)
class ModelField:
    name: str
    alias: str
    type: str
    required: bool


@dataclass(frozen=True)
class ModelClass:
    class_name: str
    source_ref: str
    fields: tuple[ModelField, ...]
    """Its own fields; `GeneratedModels.fields_of` adds the inherited ones."""
    bases: tuple[str, ...] = ()
    """The model classes it inherits from (an allOf of `$ref`s), in declaration order."""


@dataclass(frozen=True)
class GeneratedModels:
    """models.py source (unformatted, no header) and what the builder needs to know about it."""

    source: str
    classes: tuple[ModelClass, ...]
    by_ref: dict[str, ModelClass]
    class_names: frozenset[str]
    class_order: tuple[str, ...]
    """Class names in the order models.py defines them."""
    imported: dict[str, tuple[str, str]]
    """Name -> (module, name there) for every `from M import name [as alias]` in models.py
    (the library imports `date as date_aliased` when a field is called `date`)."""
    aliases: frozenset[str] = frozenset()
    """Type aliases models.py defines beside its classes (`X = TypeAliasType(...)`)."""

    @functools.cached_property
    def by_name(self) -> dict[str, ModelClass]:
        """Each class by its name (made once: the IR asks for fields per body and response)."""
        return {c.class_name: c for c in self.classes}

    def fields_of(self, model: ModelClass) -> tuple[ModelField, ...]:
        """Every field of `model`: inherited ones (allOf) first, base by base, then its own."""
        by_name = self.by_name
        fields: dict[str, ModelField] = {}

        def collect(cls: ModelClass, depth: int) -> None:
            for base in cls.bases:
                if base in by_name and depth < MAX_DEPTH:
                    collect(by_name[base], depth + 1)
            fields.update((f.name, f) for f in cls.fields)

        collect(model, 0)
        return tuple(fields.values())

    def qualify(self, hint: str) -> tuple[str, frozenset[str]]:
        """Rewrite a models.py-scope type expression for another module.

        Returns the new text and the modules it needs imported under `_<module>` aliases.
        """
        known = self._qualified.get(hint)
        if known is None:
            known = self._qualified[hint] = self._qualify(hint)
        return known

    @functools.cached_property
    def _qualified(self) -> dict[str, tuple[str, frozenset[str]]]:
        return {}  # qualify's answers: Stripe asks for the same few hundred hints 3,000 times

    def _qualify(self, hint: str) -> tuple[str, frozenset[str]]:
        tree = ast.parse(hint, mode="eval")
        modules: set[str] = set()
        defined = self.class_names | self.aliases
        imported = self.imported
        originals = {name: (module, name) for module, name in imported.values()}

        class _Qualify(ast.NodeTransformer):
            def visit_Name(self, node: ast.Name) -> ast.AST:
                if node.id in defined:
                    return ast.Attribute(value=ast.Name("_models"), attr=node.id, ctx=node.ctx)
                found = imported.get(node.id) or originals.get(_unaliased(node.id, originals))
                if found is None:
                    return node
                module, name = found
                if module == "builtins":  # `str as str_aliased` beside a field named `str`
                    return ast.Name(name, ctx=node.ctx)
                modules.add(module)
                return ast.Attribute(value=ast.Name(module_alias(module)), attr=name, ctx=node.ctx)

        return ast.unparse(_Qualify().visit(tree)), frozenset(modules)


def _unaliased(name: str, originals: dict[str, tuple[str, str]]) -> str:
    """The library imports a name a field shadows as `<name>_aliased`, and again as
    `<name>_aliased_aliased` when a field is called `<name>_aliased` too; its field metadata
    may then spell either. `date_aliased` -> `date` when `date` is what models.py imports."""
    while name not in originals and name.endswith(_ALIASED):
        name = name[:-len(_ALIASED)]
    return name


_ALIASED = "_aliased"


def module_alias(module: str) -> str:
    return "_" + module.replace(".", "_")


def _strip_library_header(source: str) -> str:
    lines = source.splitlines(keepends=True)
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "".join(lines)


def _sort_imports(source: str) -> str:
    """Order the library's leading `from X import ...` statements as isort does: `__future__`,
    the standard library, then third-party, each group sorted and separated by a blank line; a
    name imported `as` another (`date as date_aliased`, beside a field named `date`) is a
    statement of its own, as isort keeps it."""
    lines = source.splitlines(keepends=True)
    end = 0
    while end < len(lines) and (lines[end].startswith(("from ", " ", ")"))
                                or not lines[end].strip()):
        end += 1
    try:
        head = ast.parse("".join(lines[:end]))
    except SyntaxError:
        return source
    if not all(isinstance(node, ast.ImportFrom) and node.module and not node.level
               for node in head.body):
        return source
    statements: set[tuple[str, str]] = set()  # (module, what)
    for node in head.body:
        assert isinstance(node, ast.ImportFrom) and node.module
        plain = [a.name for a in node.names if a.asname is None]
        if plain:
            statements.add((node.module, ", ".join(plain)))
        statements |= {(node.module, f"{a.name} as {a.asname}") for a in node.names if a.asname}
    groups: list[list[str]] = [[], [], []]
    for module, what in sorted(statements, key=lambda s: (s[0].lower(), s[0], s[1].lower())):
        top = module.split(".")[0]
        rank = 0 if top == "__future__" else 1 if top in sys.stdlib_module_names else 2
        groups[rank].append(f"from {module} import {what}\n")
    block = "\n".join("".join(group) for group in groups if group)
    rest = "".join(lines[end:]).lstrip("\n")
    # isort's spacing: two blank lines before a class or function, one before anything else.
    gap = "\n\n" if rest.startswith(("class ", "def ", "async def ", "@")) else "\n"
    return block + gap + rest


def _imports_in(tree: ast.Module) -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
    return names


def _aliases_in(tree: ast.Module) -> list[str]:
    """Names models.py binds at module level by assignment (type aliases)."""
    return sorted({target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                   for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                   if isinstance(target, ast.Name) and not target.id.startswith("__")})


def generate_models(document: dict[str, Any], *, display: str) -> GeneratedModels:
    """Models for the (bundled, hoisted) spec: one datamodel-code-generator run over its
    description-free schemas (cached by content), then the descriptions as docstrings."""
    schemas = component_schemas(document)
    if not schemas:
        return GeneratedModels(
            source='"""This API declares no schemas."""\n',
            classes=(), by_ref={}, class_names=frozenset(), class_order=(), imported={},
        )
    bare = structural_document(document)
    for schema in (component_schemas(bare) or {}).values():
        mark_schemas(schema)
    structural = json.dumps(bare)
    key = hashlib.sha256(
        json.dumps([importlib.metadata.version("datamodel-code-generator"), MODEL_OPTIONS])
        .encode() + b"\0" + structural.encode()
    ).hexdigest()
    cached = library_read(key)
    if cached is None:
        cached = _run_library(structural, display=display)
        library_write(key, cached)
    result, metadata = cached
    return _read_back(result, metadata, document, library_key=key)


def _run_library(structural: str, *, display: str) -> tuple[str, dict[str, Any]]:
    """One datamodel-code-generator run over the description-free document."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import PythonVersion

    options = dict(MODEL_OPTIONS)
    options["output_model_type"] = DataModelType.PydanticV2BaseModel
    options["target_python_version"] = PythonVersion.PY_310
    with tempfile.TemporaryDirectory(prefix="apigen-models-") as tmp:
        metadata_path = Path(tmp) / "models.json"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = generate(
                    structural,
                    input_file_type=InputFileType.OpenAPI,
                    formatters=[],
                    emit_model_metadata=metadata_path,
                    **options,
                )
        except Exception as exc:  # the library raises many types; all mean "cannot model this"
            message = clip(str(exc), 2 * MAX_QUOTE) or type(exc).__name__
            raise GenerationError.single(
                f"datamodel-code-generator could not build models: {message}", file=display
            ) from None
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    if not isinstance(result, str):
        raise GenerationError.single(
            "datamodel-code-generator split the models into several modules; "
            "apigen expects one models.py (dotted schema names are not supported yet)",
            file=display,
        )
    return result, metadata


def _read_back(result: str, metadata: dict[str, Any], document: dict[str, Any],
               library_key: str = "") -> GeneratedModels:
    """Library output -> models.py text (our import order, typing and docstrings) and its
    index. Everything but the docstrings depends only on the library's output (and our code),
    so that part is cached: a description edit parses nothing."""
    # Class names also depend on the schemas (`library_key` names them with the output).
    key = index_key(library_key, result)
    index = index_read(key)
    if index is None:
        index = _structure(result, metadata, component_schemas(document))
        write_json(cache_path("index", key), index)
    refs = {m["class_name"]: m["source_ref"] for m in index["classes"]}
    anchors = {name: (body, column, [(a, e) for a, e in fields])
               for name, (body, column, fields) in index["anchors"].items()}
    source = open_enums(add_docstrings(index["source"], document, refs, anchors))
    classes = tuple(
        ModelClass(
            class_name=m["class_name"],
            source_ref=m["source_ref"],
            fields=tuple(ModelField(name=f[0], alias=f[1], type=f[2], required=f[3])
                         for f in m["fields"]),
            bases=tuple(index.get("bases", {}).get(m["class_name"], ())),
        )
        for m in index["classes"]
    )
    defined = tuple(index["class_order"])
    return GeneratedModels(
        source=source,
        classes=classes,
        by_ref={c.source_ref: c for c in classes},
        class_names=frozenset(defined),
        class_order=defined,
        imported={name: (module, original) for name, (module, original)
                  in index["imported"].items()},
        aliases=frozenset(index["aliases"]),
    )


def _structure(result: str, metadata: dict[str, Any], schemas: Any = None) -> dict[str, Any]:
    """The docstring-free module and what the builder needs to know about it (JSON data)."""
    original = _sort_imports(respell(_strip_library_header(result)))
    typing = typing_imports(original)
    source = none_defaults_admit_none(modernize(original))
    if not source.endswith("\n"):
        source += "\n"
    tree = ast.parse(source)
    renames = settle_class_names(tree, metadata["models"], schemas or {})
    if renames:  # path-derived names for the library's numbered and order-dependent ones
        source = rename_classes(source, tree, renames)
        tree = ast.parse(source)
        metadata = {"models": [
            {**m, "class_name": renames.get(m["class_name"], m["class_name"]),
             "fields": [{**f, "type": rename_in_type(f["type"], renames)} for f in m["fields"]]}
            for m in metadata["models"]]}
    source, metadata = rename_ambiguous_fields(source, metadata)
    own_default = own_defaults(metadata["models"], schemas)
    typed = defer_model_builds(mark_incompatible_overrides(model_defaults_typed(
        settle_enum_member_names(drop_duplicate_enum_members(
            drop_root_deprecation(drop_borrowed_root_defaults(source, own_default)))))))
    if typed != source:
        source, tree = typed, ast.parse(typed)
    defined = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    return {
        "source": source,
        "classes": [
            {"class_name": m["class_name"], "source_ref": m["source_ref"],
             "fields": [[f["name"], f["alias"],
                         plain_annotation(modernize_annotation(f["type"], typing)),
                         f["required"]] for f in m["fields"]]}
            for m in metadata["models"]
        ],
        "class_order": [node.name for node in tree.body if isinstance(node, ast.ClassDef)],
        "bases": {node.name: [b.id for b in node.bases
                              if isinstance(b, ast.Name) and b.id in defined]
                  for node in tree.body if isinstance(node, ast.ClassDef)},
        "imported": _imports_in(tree),
        "aliases": _aliases_in(tree),
        "anchors": docstring_anchors(tree),
    }
