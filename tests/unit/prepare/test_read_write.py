"""readOnly/writeOnly shapes (generator/prepare/read_write.py): which schemas get a request or
response shape, what the shapes hold, what they are named, and which spec positions point at
them."""

from __future__ import annotations

import copy
from typing import Any

from generator.prepare.read_write import split_read_write

REF = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def spec(schemas: dict[str, Any], operation: dict[str, Any] | None = None,
         **components: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "paths": {"/things": {"post": operation or {}}},
        "components": {"schemas": schemas, **components},
    }


USER = {
    "type": "object",
    "required": ["id", "name", "password"],
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
        "address": ref("Address"),
    },
}
ADDRESS = {
    "type": "object",
    "required": ["street", "verified"],
    "properties": {"street": {"type": "string"}, "verified": {"type": "boolean",
                                                              "readOnly": True}},
}


def body_schema(data: dict[str, Any]) -> Any:
    return data["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"][
        "schema"]


def response_schema(data: dict[str, Any], status: str = "200") -> Any:
    return data["paths"]["/things"]["post"]["responses"][status]["content"][
        "application/json"]["schema"]


def test_a_spec_without_marks_is_left_alone() -> None:
    data = spec({"A": {"type": "object", "properties": {"x": {"type": "string"}}}},
                {"requestBody": json_body(ref("A"))})
    before = copy.deepcopy(data)
    assert split_read_write(data) == {}
    assert data == before


def test_shapes_drop_their_direction_marks_and_keep_the_schema_whole() -> None:
    data = spec({"User": copy.deepcopy(USER), "Address": copy.deepcopy(ADDRESS)},
                {"requestBody": json_body(ref("User")),
                 "responses": {"200": json_body(ref("User"))}})
    names = split_read_write(data)
    assert names == {("User", "request"): "UserRequest", ("User", "response"): "UserResponse",
                     ("Address", "request"): "AddressRequest"}
    schemas = data["components"]["schemas"]
    assert schemas["User"] == USER and schemas["Address"] == ADDRESS
    assert schemas["UserRequest"]["required"] == ["name", "password"]
    assert schemas["UserRequest"]["properties"] == {
        "name": {"type": "string"}, "password": {"type": "string", "writeOnly": True},
        "address": ref("AddressRequest")}
    assert schemas["UserResponse"]["required"] == ["id", "name"]
    assert schemas["UserResponse"]["properties"] == {
        "id": {"type": "string", "readOnly": True}, "name": {"type": "string"},
        "address": ref("Address")}  # Address has no writeOnly property: no response shape
    assert schemas["AddressRequest"]["required"] == ["street"]
    assert body_schema(data) == ref("UserRequest")
    assert response_schema(data) == ref("UserResponse")


def test_a_name_the_spec_uses_in_any_case_takes_the_first_free_number() -> None:
    data = spec({"User": copy.deepcopy(USER), "Address": copy.deepcopy(ADDRESS),
                 "userrequest": {"type": "string"}, "UserRequest2": {"type": "integer"}})
    names = split_read_write(data)
    assert names[("User", "request")] == "UserRequest3"
    assert names[("User", "response")] == "UserResponse"
    assert data["components"]["schemas"]["userrequest"] == {"type": "string"}


def test_schemas_reaching_a_mark_through_references_get_shapes_too() -> None:
    team = {"type": "object", "properties": {
        "members": {"type": "array", "items": ref("User")},
        "lead": {"oneOf": [ref("User"), {"type": "null"}]}}}
    data = spec({"User": copy.deepcopy(USER), "Address": copy.deepcopy(ADDRESS),
                 "Team": team, "Other": {"type": "object"}},
                {"requestBody": json_body(ref("Team")),
                 "responses": {"200": json_body({"type": "array", "items": ref("Team")})}})
    names = split_read_write(data)
    assert ("Other", "request") not in names
    schemas = data["components"]["schemas"]
    assert schemas["TeamRequest"]["properties"]["members"]["items"] == ref("UserRequest")
    assert schemas["TeamRequest"]["properties"]["lead"]["oneOf"][0] == ref("UserRequest")
    assert schemas["TeamResponse"]["properties"]["members"]["items"] == ref("UserResponse")
    assert schemas["Team"] == team
    assert body_schema(data) == ref("TeamRequest")
    assert response_schema(data) == {"type": "array", "items": ref("TeamResponse")}


def test_all_of_parts_point_at_shapes_and_lose_required_names_a_sibling_drops() -> None:
    derived = {"allOf": [ref("User"), {"type": "object", "required": ["id", "extra"],
                                       "properties": {"extra": {"type": "string"}}}]}
    data = spec({"User": copy.deepcopy(USER), "Address": copy.deepcopy(ADDRESS),
                 "Derived": derived})
    split_read_write(data)
    shaped = data["components"]["schemas"]["DerivedRequest"]
    assert shaped["allOf"][0] == ref("UserRequest")
    assert shaped["allOf"][1]["required"] == ["extra"]
    response = data["components"]["schemas"]["DerivedResponse"]
    assert response["allOf"][1]["required"] == ["id", "extra"]


def test_a_property_marked_through_its_ref_and_inline_objects() -> None:
    schemas = {
        "Id": {"type": "string", "readOnly": True},
        "Thing": {"type": "object", "required": ["id", "meta"], "properties": {
            "id": ref("Id"),
            "meta": {"type": "object", "required": ["created"], "properties": {
                "created": {"type": "string", "readOnly": True},
                "note": {"type": "string"}}}}},
    }
    data = spec(schemas)
    assert split_read_write(data) == {("Thing", "request"): "ThingRequest"}
    shaped = data["components"]["schemas"]["ThingRequest"]
    assert shaped["required"] == ["meta"]
    assert shaped["properties"]["meta"] == {"type": "object",
                                            "properties": {"note": {"type": "string"}}}


def test_bodies_parameters_and_responses_behind_refs_point_at_shapes() -> None:
    operation = {
        "parameters": [{"$ref": "#/components/parameters/Filter"}],
        "requestBody": {"$ref": "#/components/requestBodies/NewUser"},
        "responses": {"201": {"$ref": "#/components/responses/OneUser"},
                      "200": json_body(ref("User"))},
        "callbacks": {"done": {"{$request.body#/url}": {"post": {
            "requestBody": json_body(ref("User"))}}}},
    }
    data = spec(
        {"User": copy.deepcopy(USER), "Address": copy.deepcopy(ADDRESS)}, operation,
        parameters={"Filter": {"name": "filter", "in": "query", "style": "deepObject",
                               "schema": ref("Address")}},
        requestBodies={"NewUser": json_body(ref("User"))},
        responses={"OneUser": {"description": "one", **json_body(ref("User"))}},
    )
    data["webhooks"] = {"changed": {"post": {"requestBody": json_body(ref("User"))}}}
    split_read_write(data)
    components = data["components"]
    assert components["parameters"]["Filter"]["schema"] == ref("AddressRequest")
    assert components["requestBodies"]["NewUser"]["content"]["application/json"][
        "schema"] == ref("UserRequest")
    assert components["responses"]["OneUser"]["content"]["application/json"][
        "schema"] == ref("UserResponse")
    assert response_schema(data) == ref("UserResponse")
    # No direction applies to webhooks and callbacks: they keep the whole schema.
    assert data["webhooks"]["changed"]["post"]["requestBody"] == json_body(ref("User"))
    assert operation["callbacks"]["done"]["{$request.body#/url}"]["post"][
        "requestBody"] == json_body(ref("User"))


def test_one_schema_object_shared_by_a_request_and_a_response() -> None:
    shared = ref("User")  # what a YAML anchor and alias make
    data = spec({"User": copy.deepcopy(USER), "Address": copy.deepcopy(ADDRESS)},
                {"requestBody": json_body(shared), "responses": {"200": json_body(shared)}})
    split_read_write(data)
    assert body_schema(data) == ref("UserRequest")
    assert response_schema(data) == ref("UserResponse")


def test_discriminator_mappings_point_at_shapes() -> None:
    pet = {"oneOf": [ref("User")], "discriminator": {
        "propertyName": "name", "mapping": {"user": REF + "User", "other": REF + "Other"}}}
    data = spec({"User": copy.deepcopy(USER), "Address": copy.deepcopy(ADDRESS), "Pet": pet,
                 "Other": {"type": "object"}})
    split_read_write(data)
    assert data["components"]["schemas"]["PetResponse"]["discriminator"]["mapping"] == {
        "user": REF + "UserResponse", "other": REF + "Other"}
