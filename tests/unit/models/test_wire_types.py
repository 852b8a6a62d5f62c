"""generator.models.wire_types (and its use in generator.models.generate): base64 bytes,
decimal numbers and unique arrays spelled the way OpenAPI puts them on the wire; OpenAPI 3.0
nullable fields; allOf fields that a body offers as arguments."""

from __future__ import annotations

import base64
import importlib.util
import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
from pydantic import BaseModel, ValidationError

from generator.models.generate import generate_models
from generator.models.wire_types import mark_schemas, plain_annotation, respell

HEAD = "from __future__ import annotations\n\n"


def test_marks_byte_and_decimal_number_schemas_wherever_they_are() -> None:
    schema: dict[str, Any] = {"type": "object", "properties": {
        "blob": {"type": "string", "format": "byte"},
        "maybe": {"type": ["string", "null"], "format": "byte"},
        "amount": {"type": "number", "format": "decimal"},
        "text": {"type": "string", "format": "decimal"},
        "many": {"type": "array", "items": {"type": "number", "format": "decimal"}},
        "map": {"additionalProperties": {"type": "string", "format": "byte"}},
        "ref": {"$ref": "#/components/schemas/X", "format": "byte"},
        "mine": {"type": "string", "format": "byte", "x-python-type": "bytes"},
    }, "allOf": [{"properties": {"b": {"type": "string", "format": "byte"}}}]}
    mark_schemas(schema)
    marks = {name: prop.get("x-python-type") for name, prop in schema["properties"].items()}
    assert marks == {"blob": "_Base64Bytes", "maybe": "_Base64Bytes",
                     "amount": "_DecimalNumber", "text": None, "many": None, "map": None,
                     "ref": None, "mine": "bytes"}
    assert schema["properties"]["many"]["items"]["x-python-type"] == "_DecimalNumber"
    assert schema["properties"]["map"]["additionalProperties"]["x-python-type"] == "_Base64Bytes"
    assert schema["allOf"][0]["properties"]["b"]["x-python-type"] == "_Base64Bytes"


def test_a_null_default_makes_a_schema_nullable() -> None:
    schema: dict[str, Any] = {"properties": {
        "a": {"type": "string", "default": None},
        "b": {"$ref": "#/components/schemas/B", "default": None},
        "c": {"type": "string", "default": "x"},
    }}
    mark_schemas(schema)
    assert [p.get("nullable") for p in schema["properties"].values()] == [True, True, None]


def test_decimal_defaults_become_decimals() -> None:
    source = HEAD + (
        "from decimal import Decimal\n\nfrom pydantic import BaseModel\n\n\n"
        "class M(BaseModel):\n"
        "    a: Decimal = 1.5\n"
        "    b: Decimal | None = '1.50'\n"
        "    c: _DecimalNumber = 2\n"
        "    d: float = 1.5\n"
    )
    out = respell(source)
    assert "    a: Decimal = Decimal('1.5')\n    b: Decimal | None = Decimal('1.50')\n" in out
    assert "    c: _DecimalNumber = Decimal('2')\n    d: float = 1.5\n" in out


def test_respell_leaves_a_module_without_markers_alone() -> None:
    source = HEAD + "from pydantic import BaseModel\n\n\nclass A(BaseModel):\n    a: list[str]\n"
    assert respell(source) == source


def test_respell_unique_arrays_and_their_defaults() -> None:
    source = HEAD + (
        "from pydantic import BaseModel, Field, RootModel\n"
        "from typing import Annotated\n\n\n"
        "class Item(BaseModel):\n"
        "    __hash__ = object.__hash__\n"
        "    x: int\n\n\n"
        "class Tags(RootModel[set[str]]):\n"
        "    root: set[str]\n\n\n"
        "class M(BaseModel):\n"
        "    a: Annotated[set[str] | None, Field(min_length=1)] = {'a', 'b'}\n"
        "    b: list[set[Item]]\n"
    )
    out = respell(source)
    assert "__hash__" not in out and "set[" not in out
    assert "class Tags(RootModel[_UniqueItems[str]]):\n    root: _UniqueItems[str]\n" in out
    assert "a: Annotated[_UniqueItems[str] | None, Field(min_length=1)] = ['a', 'b']\n" in out
    assert "b: list[_UniqueItems[Item]]\n" in out
    assert "from pydantic import AfterValidator, BaseModel, Field, RootModel\n" in out
    assert "from typing import Annotated, TypeAlias, TypeVar\n" in out
    # The helpers come after the imports and before the first class.
    assert out.index("def _unique_items") < out.index("class Item")
    assert out.index("from typing import") < out.index("_T = TypeVar")


def test_respell_markers_add_their_helpers_and_imports() -> None:
    source = HEAD + (
        "from pydantic import BaseModel\n\n\n"
        "class M(BaseModel):\n"
        "    blob: _Base64Bytes | None = None\n"
        "    amount: list[_DecimalNumber]\n"
    )
    out = respell(source)
    assert "from base64 import b64decode, b64encode\n" in out
    assert "from decimal import Decimal\n" in out
    assert "from pydantic import BaseModel, BeforeValidator, PlainSerializer\n" in out
    assert "_Base64Bytes: TypeAlias = Annotated[" in out
    assert "_DecimalNumber: TypeAlias = Annotated[" in out
    assert "_UniqueItems" not in out


def test_plain_annotation_is_what_a_signature_shows() -> None:
    assert plain_annotation("_Base64Bytes | None") == "bytes | None"
    assert plain_annotation("list[_DecimalNumber]") == "list[Decimal]"
    assert plain_annotation("set[str] | None") == "list[str] | None"
    assert plain_annotation("_UniqueItems[Item]") == "list[Item]"
    assert plain_annotation("int | float | None") == "float | None"
    assert plain_annotation("list[int | float]") == "list[int | float]"  # invariant: kept
    assert plain_annotation("Annotated[int, Field(ge=1)]") == "Annotated[int, Field(ge=1)]"
    assert plain_annotation("str | int") == "str | int"


# -- the generated models, imported ---------------------------------------------------------

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {"schemas": {
        "Item": {"type": "object", "properties": {"x": {"type": "integer"}}},
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
        "Mixin": {"type": "object", "properties": {"note": {"type": "string"}}},
        "Child": {"allOf": [
            {"$ref": "#/components/schemas/Base"}, {"$ref": "#/components/schemas/Mixin"},
            {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        ]},
        "Grandchild": {"allOf": [
            {"$ref": "#/components/schemas/Child"},
            {"type": "object", "properties": {"age": {"type": "integer"}}},
        ]},
        "Wire": {"type": "object", "required": ["nick", "tags"], "properties": {
            "blob": {"type": "string", "format": "byte"},
            "amount": {"type": "number", "format": "decimal"},
            "price": {"type": "string", "format": "decimal"},
            "nick": {"type": "string", "nullable": True},
            "owner": {"nullable": True, "allOf": [{"$ref": "#/components/schemas/Item"}]},
            "count": {"type": "integer", "default": 3},
            "hint": {"type": "string", "default": None},
            "fee": {"type": "number", "format": "decimal", "default": 0.5},
            "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}},
            "items": {"type": "array", "uniqueItems": True,
                      "items": {"$ref": "#/components/schemas/Item"}},
            "bits": {"type": "array", "uniqueItems": True,
                     "items": {"oneOf": [{"type": "integer"}, {"type": "boolean"}]}},
            "secret": {"type": "string", "format": "password", "minLength": 2},
            "pin": {"type": "string", "format": "password", "pattern": "^[0-9]+$"},
        }},
    }},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, ModuleType]]:
    models = generate_models(json.loads(json.dumps(SPEC)), display="spec.yaml")
    path = tmp_path_factory.mktemp("models") / "wire_models.py"
    path.write_text(models.source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("wire_models", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["wire_models"] = module
    try:
        spec.loader.exec_module(module)
        yield models, module
    finally:
        del sys.modules["wire_models"]


def test_byte_fields_hold_bytes_and_travel_as_base64(generated: Any) -> None:
    _, m = generated
    raw = bytes(range(256))
    wire = m.Wire(nick=None, tags=[], blob=raw)
    assert wire.blob == raw
    assert json.loads(wire.model_dump_json())["blob"] == base64.b64encode(raw).decode()
    assert m.Wire.model_validate_json(wire.model_dump_json()).blob == raw
    assert m.Wire.model_validate({"nick": None, "tags": [], "blob": "-_8"}).blob == b"\xfb\xff"
    with pytest.raises(ValidationError, match="not valid base64"):
        m.Wire.model_validate({"nick": None, "tags": [], "blob": "*"})


def test_decimal_numbers_are_json_numbers_and_decimal_strings_stay_strings(
        generated: Any) -> None:
    _, m = generated
    wire = m.Wire(nick=None, tags=[], amount=Decimal("12.50"), price=Decimal("12.50"))
    data = json.loads(wire.model_dump_json(), parse_float=Decimal)
    assert data["amount"] == Decimal("12.5") and not isinstance(data["amount"], str)
    assert data["price"] == "12.50"
    assert json.loads(m.Wire(nick=None, tags=[], amount=Decimal(7)).model_dump_json())[
        "amount"] == 7
    assert m.Wire.model_validate_json('{"nick": null, "tags": [], "amount": 0.1}').amount \
        == Decimal("0.1")


def test_unique_arrays_refuse_repeats_and_keep_order(generated: Any) -> None:
    _, m = generated
    base = {"nick": None}
    assert m.Wire.model_validate({**base, "tags": ["b", "a"]}).tags == ["b", "a"]
    with pytest.raises(ValidationError, match="unique"):
        m.Wire.model_validate({**base, "tags": ["a", "b", "a"]})
    with pytest.raises(ValidationError, match="unique"):
        m.Wire.model_validate({**base, "tags": [], "items": [{"x": 1}, {"x": 1}]})
    assert len(m.Wire.model_validate({**base, "tags": [], "items": [{"x": 1}, {"x": 2}]})
               .items) == 2
    # JSON's true and 1 are different values.
    assert m.Wire.model_validate({**base, "tags": [], "bits": [1, True]}).bits == [1, True]
    with pytest.raises(ValidationError, match="unique"):
        m.Wire.model_validate({**base, "tags": [], "bits": [True, True]})
    with pytest.raises(TypeError):
        hash(m.Item())  # models are not made hashable for a set


def test_openapi_30_nullable_admits_none_and_defaults_do_not(generated: Any) -> None:
    _, m = generated
    wire = m.Wire(nick=None, owner=None, tags=[])
    assert (wire.nick, wire.owner, wire.count) == (None, None, 3)
    with pytest.raises(ValidationError):
        m.Wire(tags=[])  # required, even though it may be null
    with pytest.raises(ValidationError):
        m.Wire(nick=None, tags=[], count=None)
    assert m.Wire(nick=None, tags=[], hint=None).hint is None  # `default: null` admits null


def test_decimal_defaults_are_decimals(generated: Any) -> None:
    _, m = generated
    wire = m.Wire(nick=None, tags=[])
    assert type(wire.fee) is Decimal and wire.fee == Decimal("0.5")
    assert json.loads(wire.model_dump_json())["fee"] == 0.5


def test_fields_of_includes_inherited_fields(generated: Any) -> None:
    models, m = generated
    by_name = {c.class_name: c for c in models.classes}
    assert by_name["Child"].bases == ("Base", "Mixin")
    assert [f.name for f in by_name["Child"].fields] == ["name"]
    assert [(f.name, f.required) for f in models.fields_of(by_name["Grandchild"])] == [
        ("id", True), ("note", False), ("name", True), ("age", False)]
    assert issubclass(m.Grandchild, m.Child) and issubclass(m.Child, BaseModel)
    signature = {f.name: f.type for f in models.fields_of(by_name["Wire"])}
    assert signature["blob"] == "bytes | None" and signature["amount"] == "Decimal | None"
    assert signature["tags"] == "list[str]"


def test_allof_bodies_offer_inherited_fields_as_arguments(tmp_path: Path) -> None:
    from generator.config import Target
    from generator.pipeline import generate_target

    spec = {**SPEC, "openapi": "3.1.0", "paths": {"/children/{id}": {"put": {
        "operationId": "putChild",
        "parameters": [{"name": "id", "in": "path", "required": True,
                        "schema": {"type": "integer"}}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Grandchild"}}}},
        "responses": {"204": {"description": "done"}},
    }}}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    result = generate_target(Target(spec=path, package="kids", output=tmp_path / "out"),
                             root=tmp_path)
    (op,) = result.api.operations
    assert op.body is not None
    assert [(f.name, f.wire_name, f.required) for f in op.body.fields] == [
        ("id_body", "id", True), ("note", "note", False), ("name", "name", True),
        ("age", "age", False)]


def test_renamed_schemas_keep_their_discriminator_values() -> None:
    from generator.prepare.inline_schemas import normalise_schema_names

    ref = "#/components/schemas/"
    data: dict[str, Any] = {"components": {"schemas": {
        "pet_cat": {"type": "object"}, "pet-dog": {"type": "object"}, "Bird": {"type": "object"},
        "Pet": {"oneOf": [{"$ref": ref + "pet_cat"}, {"$ref": ref + "pet-dog"},
                          {"$ref": ref + "Bird"}],
                "discriminator": {"propertyName": "kind"}},
        "Mapped": {"anyOf": [{"$ref": ref + "pet_cat"}, {"$ref": ref + "pet-dog"}],
                   "discriminator": {"propertyName": "kind",
                                     "mapping": {"cat": "pet_cat", "dog": ref + "pet-dog"}}},
        "Plain": {"oneOf": [{"$ref": ref + "Bird"}], "discriminator": {"propertyName": "k"}},
    }}}
    assert normalise_schema_names(data) == {"pet-dog": "PetDog", "pet_cat": "PetCat"}
    schemas = data["components"]["schemas"]
    # Implicit values stay the spec's names; the already-PascalCase `Bird` needs no entry.
    assert schemas["Pet"]["discriminator"]["mapping"] == {
        "pet_cat": ref + "PetCat", "pet-dog": ref + "PetDog"}
    assert schemas["Mapped"]["discriminator"]["mapping"] == {
        "cat": ref + "PetCat", "dog": ref + "PetDog"}
    assert "mapping" not in schemas["Plain"]["discriminator"]


def test_passwords_hide_in_repr_and_a_password_pattern_is_checked(generated: Any) -> None:
    """pydantic cannot check a pattern on a SecretStr (every call of a VPN manager's invite
    operation failed with a TypeError): a password with a pattern is a checked `str`."""
    _, module = generated
    wire = module.Wire(nick=None, tags=[], secret="hunter2", pin="1234")
    assert "hunter2" not in repr(wire)
    assert json.loads(wire.model_dump_json())["secret"] == "hunter2"
    assert json.loads(wire.model_dump_json())["pin"] == "1234"
    with pytest.raises(pydantic.ValidationError):
        module.Wire(nick=None, tags=[], pin="12a")
