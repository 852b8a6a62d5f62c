"""`defer_model_builds`: every model defers its build, RootModels through `_DeferredRootModel`,
the imports it needs are added in isort's place, `model_rebuild()` calls go."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import black
import pytest
from lint import ruff_findings

from generator.models.deferred import defer_model_builds

HEAD = "from __future__ import annotations\n\n"


def _check(source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """Black-formatted, ruff clean (imports sorted), and importable: the module (registered,
    as pydantic resolves a deferred model's annotations in its module)."""
    text = black.format_str(source, mode=black.Mode())
    path = tmp_path / "deferred_models.py"
    path.write_text(text, encoding="utf-8")
    # F is left out: the sample's standard-library imports are there to be sorted around.
    assert ruff_findings([path], select="E,W,I") == [], text
    module = types.ModuleType("deferred_models")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(text, str(path), "exec"), module.__dict__)
    return module


@pytest.mark.parametrize("stdlib", ["", "from enum import Enum\n", "from uuid import UUID\n",
                                    "from enum import Enum\nfrom uuid import UUID\n"])
def test_root_models_defer_and_the_imports_they_need_are_added(
        stdlib: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = (HEAD + stdlib + ("\n" if stdlib else "") + "from pydantic import RootModel\n\n\n"
              "class Name(RootModel[str]):\n    root: str\n\n\n"
              "class Names(RootModel[list[Name]]):\n    root: list[Name]\n")
    out = defer_model_builds(source)
    assert "class Names(_DeferredRootModel[list[Name]]):" in out
    module = _check(out, tmp_path, monkeypatch)
    assert module.Names.__pydantic_complete__ is False
    assert module.Names.model_validate(["a"]).root[0].root == "a"
    assert module.Names.__pydantic_complete__ is True


def test_models_defer_keep_their_config_and_lose_rebuild_calls(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = (HEAD + "from pydantic import BaseModel, ConfigDict\n\n\n"
              "class Node(BaseModel):\n    model_config = ConfigDict(\n"
              "        populate_by_name=True,\n    )\n    next: Node | None = None\n"
              "    leaf: Leaf | None = None\n\n\n"
              "class Leaf(BaseModel):\n    value: int\n\n\n"
              "class Sub(Leaf):\n    more: int = 0\n\n\n"
              "Node.model_rebuild()\n")
    out = defer_model_builds(source)
    assert "model_rebuild" not in out
    module = _check(out, tmp_path, monkeypatch)
    assert module.Node.model_config == {"populate_by_name": True, "defer_build": True}
    assert module.Sub.model_config["defer_build"] is True  # inherited
    assert not any(m.__pydantic_complete__ for m in (module.Node, module.Leaf, module.Sub))
    node = module.Node.model_validate({"next": {"leaf": {"value": 1}}})
    assert node.next.leaf.value == 1
    assert "Leaf" in module.Node.model_json_schema()["$defs"]


def test_module_level_names_are_defined_once_beside_the_unique_items_helper() -> None:
    """The deferred RootModel base's type variable and `_UniqueItems`' were both `_T`: mypy
    refused the redefinition in every package with a unique array and a RootModel (found by the
    corpus gate on seven documents)."""
    import ast

    from generator.models.generate import generate_models

    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": {
                    "Tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}},
                    "Name": {"type": "string"},
                    "Holder": {"type": "object", "properties": {
                        "tags": {"$ref": "#/components/schemas/Tags"}}}}}}
    source = generate_models(document, display="t.yaml").source
    names = [target.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
             for target in node.targets if isinstance(target, ast.Name)]
    assert "_UniqueItems" in source and "_DeferredRootModel" in source
    assert len(names) == len(set(names)), names
