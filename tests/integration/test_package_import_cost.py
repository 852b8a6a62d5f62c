"""A generated package is cheap to import: no pydantic model is built by `import pkg` or by
making a client, `pkg.server` is imported only when used, and calling one operation builds only
the models that operation reads. Deferred models still validate and give their JSON schema,
recursive and forward-referenced ones included.

Each check runs in a fresh interpreter: what `import` does is only visible there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from generation_support import generate_into

PACKAGE = "lazy_pkg"

_OBJECT = {"type": "object"}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "lazy", "version": "1"},
    "paths": {
        "/trees": {"post": {
            "operationId": "createTree",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/TreeNode"}}}},
            "responses": {"201": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/TreeNode"}}}}},
        }},
        "/pairs": {"get": {
            "operationId": "getPair",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Early"}}}}},
        }},
        "/shapes": {"get": {
            "operationId": "getShape",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Shape"}}}}},
        }},
    },
    "components": {"schemas": {
        # Self-recursive, through a property and an array.
        "TreeNode": {**_OBJECT, "required": ["value"], "properties": {
            "value": {"type": "string"},
            "parent": {"$ref": "#/components/schemas/TreeNode"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/TreeNode"}},
        }},
        # `Early` names `Late`, which models.py defines further down (and which names it back).
        "Early": {**_OBJECT, "required": ["late"], "properties": {
            "late": {"$ref": "#/components/schemas/Late"},
        }},
        "Late": {**_OBJECT, "required": ["count"], "properties": {
            "count": {"type": "integer"},
            "back": {"$ref": "#/components/schemas/Early"},
        }},
        # A RootModel over models: its base class is subscripted with classes at import.
        "Shape": {"oneOf": [{"$ref": "#/components/schemas/Circle"},
                            {"$ref": "#/components/schemas/Square"}]},
        "Circle": {**_OBJECT, "required": ["radius"], "properties": {
            "radius": {"type": "number"}}},
        "Square": {**_OBJECT, "required": ["side"], "properties": {"side": {"type": "integer"}}},
    }},
}

PROBE = textwrap.dedent("""
    import json, sys
    import httpx, pydantic
    import PKG

    def built():
        return sorted(name for name, value in vars(PKG.models).items()
                      if name.isidentifier() and not name.startswith("_")
                      and isinstance(value, type) and issubclass(value, pydantic.BaseModel)
                      and value.__module__ == PKG.models.__name__
                      and value.__pydantic_complete__)

    report = {"after_import": built()}
    def answer(request):
        return httpx.Response(201, json={"value": "root", "children": [{"value": "leaf"}]})
    client = PKG.Client(api_key="k", http_client=httpx.Client(
        transport=httpx.MockTransport(answer)))
    report["after_client"] = built()
    report["server_imported"] = any(m.startswith("PKG.server") for m in sys.modules)
    tree = client.trees.create(value="root")
    report["tree"] = tree.model_dump(exclude_none=True)
    report["after_call"] = built()
    models = PKG.models
    report["early"] = models.Early.model_validate(
        {"late": {"count": 2, "back": {"late": {"count": 3}}}}).model_dump(exclude_none=True)
    report["shape"] = type(models.Shape.model_validate({"side": 4}).root).__name__
    report["schemas"] = sorted(models.Early.model_json_schema()["$defs"])
    schema = models.TreeNode.model_json_schema()
    report["tree_schema"] = sorted(schema["$defs"]["TreeNode"]["properties"])
    try:
        models.Late.model_validate({"count": "many"})
    except pydantic.ValidationError as exc:
        report["late_error"] = [e["loc"] for e in exc.errors()]
    from PKG.models import Square
    report["from_import"] = Square(side=1).side
    print(json.dumps(report))
""").replace("PKG", PACKAGE)


def test_models_build_on_first_use_and_server_stays_unimported(tmp_path: Path) -> None:
    spec = tmp_path / "lazy.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    generate_into(spec, tmp_path, package=PACKAGE)
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["after_import"] == []
    assert report["after_client"] == []
    assert report["server_imported"] is False
    assert report["tree"] == {"value": "root", "children": [{"value": "leaf"}]}
    # The call built what it reads and sends (TreeNode) and nothing else.
    assert report["after_call"] == ["TreeNode"]
    assert report["early"] == {"late": {"count": 2, "back": {"late": {"count": 3}}}}
    assert report["shape"] == "Square"
    assert report["schemas"] == ["Early", "Late"]
    assert report["tree_schema"] == ["children", "parent", "value"]
    assert report["late_error"] == [["count"]]
    assert report["from_import"] == 1
