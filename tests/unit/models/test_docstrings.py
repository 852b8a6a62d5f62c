from __future__ import annotations

import ast

from generator.models.docstrings import add_docstrings, strip_descriptions, structural_document


def test_strip_keeps_properties_named_description() -> None:
    schema = {
        "description": "drop me",
        "properties": {"description": {"type": "string", "description": "drop me too"}},
        "items": {"description": "x", "type": "integer"},
        "allOf": [{"description": "y"}],
        "examples": [{"description": "data, keep"}],
    }
    assert strip_descriptions(schema) == {
        "properties": {"description": {"type": "string"}},
        "items": {"type": "integer"},
        "allOf": [{}],
        "examples": [{"description": "data, keep"}],
    }


def test_structural_document_drops_paths_and_descriptions() -> None:
    doc = {"openapi": "3.0.3", "paths": {"/x": {}},
           "components": {"schemas": {"A": {"type": "object", "description": "d"}}}}
    assert structural_document(doc)["components"]["schemas"] == {"A": {"type": "object"}}
    assert structural_document(doc)["paths"] == {}


def test_docstrings_land_on_their_class_and_field_despite_line_separators() -> None:
    source = (
        "class E(Enum):\n    A = 'x\u2028y'\n\n\n"
        "class M(BaseModel):\n    model_config = ConfigDict()\n"
        "    first: str\n    second: Annotated[int, Field(alias='2nd')] = 3\n"
    )
    document = {"components": {"schemas": {
        "E": {"description": "An enum\u2028with a separator"},
        "M": {"description": 'Model """doc"""', "properties": {
            "first": {"description": "First one."}, "2nd": {"description": "Second one."}}},
    }}}
    refs = {"E": "#/components/schemas/E", "M": "#/components/schemas/M"}
    out = add_docstrings(source, document, refs)
    tree = ast.parse(out)
    enum, model = tree.body
    assert isinstance(enum, ast.ClassDef) and isinstance(model, ast.ClassDef)
    assert ast.get_docstring(enum) == "An enum\u2028with a separator"
    assert ast.get_docstring(model) == 'Model """doc"""'
    after = {ast.unparse(model.body[i].target): model.body[i + 1].value.value.strip()
             for i in range(len(model.body) - 1)
             if isinstance(model.body[i], ast.AnnAssign)
             and isinstance(model.body[i + 1], ast.Expr)}
    assert after == {"first": "First one.", "second": "Second one."}
