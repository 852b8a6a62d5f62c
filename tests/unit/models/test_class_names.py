"""generator/models/class_names.py: which name each class gets, and renaming without touching
strings."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from generator.models.class_names import settle_class_names
from generator.models.class_roles import branch_role
from generator.models.rename import rename_classes, rename_in_type
from generator.prepare.inline_schemas import hoist_inline_schemas


def _settle(source: str, models: list[tuple[str, str]], schemas: dict[str, Any]
            ) -> dict[str, str]:
    metadata = [{"class_name": name, "source_path": path.split("/")} for name, path in models]
    return settle_class_names(ast.parse(source), metadata, schemas)


def test_a_component_takes_back_its_name_from_an_inline_schema() -> None:
    source = (
        "from pydantic import BaseModel, RootModel\n"
        "class SubscriptionSchedule(RootModel[str]):\n    root: str\n"
        "class SubscriptionScheduleModel(BaseModel):\n    id: str\n"
        "class Subscription(BaseModel):\n"
        "    schedule: SubscriptionSchedule | SubscriptionScheduleModel\n"
    )
    schemas = {"Subscription": {"properties": {"schedule": {"anyOf": [
        {"type": "string", "maxLength": 5000},
        {"$ref": "#/components/schemas/SubscriptionSchedule"}]}}},
        "SubscriptionSchedule": {"type": "object"}}
    renames = _settle(source, [
        ("SubscriptionSchedule", "components/schemas/Subscription/properties/schedule/anyOf/0"),
        ("SubscriptionScheduleModel", "components/schemas/SubscriptionSchedule"),
        ("Subscription", "components/schemas/Subscription"),
    ], schemas)
    assert renames == {"SubscriptionSchedule": "SubscriptionScheduleString",
                       "SubscriptionScheduleModel": "SubscriptionSchedule"}


def test_the_library_name_stays_when_it_is_made_of_the_spec_names() -> None:
    source = (
        "from enum import Enum\nfrom pydantic import BaseModel\n"
        "class ChargeStatus(Enum):\n    PAID = 'paid'\n"
        "class ChargeLineItem(BaseModel):\n    p24: str\n"
        "class Charge(BaseModel):\n    status: ChargeStatus\n    line_items: list[ChargeLineItem]\n"
    )
    renames = _settle(source, [
        ("ChargeStatus", "components/schemas/Charge/properties/status"),
        ("ChargeLineItem", "components/schemas/Charge/properties/line_items/items"),
        ("Charge", "components/schemas/Charge"),
    ], {"Charge": {}})
    assert renames == {}


def test_counters_and_unprefixed_names_become_path_derived() -> None:
    source = (
        "from enum import Enum\nfrom pydantic import BaseModel\n"
        "class Type(Enum):\n    A = 'a'\n"
        "class Type1(Enum):\n    B = 'b'\n"
        "class SignRequest(BaseModel):\n    type: Type\n"
        "class SignTemplate(BaseModel):\n    type: Type1\n"
    )
    renames = _settle(source, [
        ("Type", "components/schemas/SignRequest/allOf/1/properties/type"),
        ("Type1", "components/schemas/SignTemplate/allOf/1/properties/type"),
        ("SignRequest", "components/schemas/SignRequest"),
        ("SignTemplate", "components/schemas/SignTemplate"),
    ], {"SignRequest": {}, "SignTemplate": {}})
    assert renames == {"Type": "SignRequestType", "Type1": "SignTemplateType"}


def test_a_component_named_like_an_import_gets_model() -> None:
    source = "from enum import IntEnum\nclass IntEnumModel(IntEnum):\n    ONE = 1\n"
    assert _settle(source, [("IntEnumModel", "components/schemas/IntEnum")],
                   {"IntEnum": {}}) == {}
    source = "from enum import Enum\nclass Decimal(Enum):\n    ONE = '1'\n"  # not imported here
    assert _settle(source, [("Decimal", "components/schemas/Decimal")], {"Decimal": {}}) == {
        "Decimal": "DecimalModel"}


def test_apigen_helper_classes_are_never_renamed() -> None:
    source = "class _Base64Bytes(bytes):\n    pass\nclass _Base64Bytes1:\n    pass\n"
    assert _settle(source, [], {}) == {}


@pytest.mark.parametrize(("branches", "discriminator", "roles"), [
    # tags, titles, single values, `$ref` targets and mapping keys
    ([{"properties": {"type": {"enum": ["cat"]}}}, {"properties": {"type": {"const": "dog"}}}],
     None, ["Cat", "Dog"]),
    ([{"title": "auto chunking", "type": "object"}, {"type": "string", "maxLength": 5}],
     None, ["AutoChunking", "String"]),
    ([{"type": "object", "properties": {"a": {}}}, {"type": "string", "enum": [""]}],
     None, ["Object", "Empty"]),
    ([{"$ref": "#/components/schemas/UserVariable"}, {"$ref": "#/components/schemas/Issue"}],
     {"propertyName": "type", "mapping": {"user": "#/components/schemas/UserVariable"}},
     ["User", "Issue"]),
    # two objects: their only property tells them apart
    ([{"type": "object", "properties": {"apples": {}}},
      {"type": "object", "properties": {"bananas": {}}}], None, ["Apples", "Bananas"]),
    # arrays by what they hold
    ([{"type": "array", "items": {"type": "integer"}},
      {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}],
     None, ["IntegerArray", "IntegerArrayArray"]),
])
def test_branch_roles(branches: list[dict[str, Any]], discriminator: Any,
                      roles: list[str]) -> None:
    holder: dict[str, Any] = {"oneOf": branches}
    if discriminator:
        holder["discriminator"] = discriminator
    assert [branch_role(holder, "oneOf", i) for i in range(len(branches))] == roles


def test_rename_touches_identifiers_and_forward_references_only() -> None:
    source = (
        "from typing import Literal, Union\n"
        "class Ünï(RootModel[Literal['Pet1']]):\n    root: Literal['Pet1']\n"
        "class Pet1(BaseModel):\n"
        "    pet1: Annotated[str, Field(alias='Pet1', title='Pet1')] = 'Pet1'\n"
        "    kind: Kind1 = Kind1.Pet1\n"
        "class Pets(RootModel[list[Union['Pet1', \"Kind1\"]]]):\n"
        "    root: list[Pet1 | Kind1]\n"
        "class Kind1(Enum):\n    Pet1 = 'Pet1'\n"
        "Pet1.model_rebuild()\n"
    )
    renamed = rename_classes(source, ast.parse(source), {"Pet1": "PetCat", "Kind1": "Kind"})
    assert renamed == (
        "from typing import Literal, Union\n"
        "class Ünï(RootModel[Literal['Pet1']]):\n    root: Literal['Pet1']\n"
        "class PetCat(BaseModel):\n"
        "    pet1: Annotated[str, Field(alias='Pet1', title='Pet1')] = 'Pet1'\n"
        "    kind: Kind = Kind.Pet1\n"
        "class Pets(RootModel[list[Union['PetCat', \"Kind\"]]]):\n"
        "    root: list[PetCat | Kind]\n"
        "class Kind(Enum):\n    Pet1 = 'Pet1'\n"
        "PetCat.model_rebuild()\n"
    )


def test_rename_in_type() -> None:
    assert rename_in_type("list[Pet1] | Literal['Pet1'] | None", {"Pet1": "PetCat"}) == (
        "list[PetCat] | Literal['Pet1'] | None")
    assert rename_in_type("Pet10", {"Pet1": "PetCat"}) == "Pet10"


def test_a_hoisted_body_named_like_a_component_gets_body_not_a_counter() -> None:
    data: dict[str, Any] = {
        "paths": {"/pets": {"post": {
            "operationId": "createPet",
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"name": {"type": "string"}}}}}},
            "responses": {"200": {"description": "ok"}},
        }}},
        "components": {"schemas": {"CreatePetRequest": {"type": "object"}}},
    }
    hoist_inline_schemas(data)
    body = data["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/CreatePetRequestBody"}
