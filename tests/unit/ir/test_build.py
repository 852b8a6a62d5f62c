"""generator.ir.build: one pass from the loaded spec and the models to the IR.

Each operation is read once: its client share (parameters, body, responses, names) and its
server share (handler arguments, samples, echoes) come from the same reading, so the server
never goes back to the raw spec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.ir import server
from generator.ir.api import Api
from generator.ir.build import build_api
from generator.ir.nodes import Operation
from generator.ir.server_nodes import ServerOperation
from generator.models.generate import generate_models
from generator.prepare.inline_schemas import hoist_inline_schemas
from generator.prepare.read_write import split_read_write
from generator.render.server_markers import fastapi_marker as marker
from generator.spec.load import load_spec

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "2"},
    "servers": [{"url": "https://{region}.example.com",
                 "variables": {"region": {"default": "eu"}}}],
    "components": {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "schemas": {
            "Pet": {"type": "object", "required": ["id", "name"], "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"},
                "size": {"type": "integer", "enum": [1, 2, 3]},
            }},
        },
        "parameters": {"PetId": {"name": "pet-id", "in": "path", "required": True,
                                 "schema": {"type": "integer"}}},
    },
    "security": [{"key": []}],
    "paths": {
        "/v1/pets/{pet-id}": {
            "parameters": [{"$ref": "#/components/parameters/PetId"}],
            "get": {
                "operationId": "getPet",
                "parameters": [
                    {"name": "size", "in": "query", "schema": {"type": "integer", "enum": [1, 2]}},
                    {"name": "filter", "in": "query", "style": "deepObject",
                     "schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
                    {"name": "tags", "in": "query", "schema": {"type": "array",
                                                               "items": {"type": "string"}}},
                ],
                "responses": {
                    "200": {"description": "The pet.", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Pet"}}}},
                    "404": {"description": "No such pet.", "content": {"application/json": {
                        "schema": {"type": "object", "properties": {
                            "message": {"type": "string"}}}}}},
                },
            },
            "delete": {"security": [], "responses": {"204": {"description": "Gone."}}},
        },
        "/v1/pets": {
            "post": {
                "operationId": "createPet",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Pet"}}}},
                "responses": {"201": {"description": "Created.", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
            },
        },
    },
}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    path = tmp_path_factory.mktemp("build") / "pets.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    spec = load_spec(path)
    hoist_inline_schemas(spec.data)
    split_read_write(spec.data)
    models = generate_models(spec.data, display="pets.json")
    return build_api(spec, models, package="pets", spec_path="pets.json", apigen_version="0")


def _op(api: Api, name: str) -> Operation:
    return next(op for op in api.operations if op.name == name)


def _served(api: Api, name: str) -> ServerOperation:
    return next(op for op in api.server.operations if op.operation.name == name)


def test_the_api_level_facts(api: Api) -> None:
    assert (api.title, api.version, api.base_url) == ("Pets", "2", "https://eu.example.com")
    assert [s.key for s in api.security_schemes] == ["key"]
    assert api.credential_required and api.credential_hint == "str"
    assert api.env_api_key == ("PETS_API_KEY",)
    assert [r.name for r in api.resources] == ["pets"]


def test_client_share_of_an_operation(api: Api) -> None:
    op = _op(api, "get_pet")
    assert (op.method, op.path, op.resource, op.method_name) == (
        "GET", "/v1/pets/{pet-id}", ("pets",), "retrieve")
    assert [(p.name, p.wire_name, p.location, p.required) for p in op.parameters] == [
        ("pet_id", "pet-id", "path", True), ("size", "size", "query", False),
        ("filter", "filter", "query", False), ("tags", "tags", "query", False)]
    assert op.parameters[1].type.hint == "_typing.Literal[1, 2]"
    assert op.return_type.hint == "_models.Pet"
    assert [r.status for r in op.success_responses] == ["200"]
    assert [r.status for r in op.error_responses] == ["404"]
    assert _op(api, "delete_v1_pets_pet_id").security == ()  # `security: []`: no auth


def test_server_share_is_built_in_the_same_pass(api: Api) -> None:
    op = _served(api, "get_pet")
    # The server's view points at the one operation the client is generated from.
    assert [s.operation for s in api.server.operations] == list(api.operations)
    assert all(s.operation is o for s, o in zip(api.server.operations, api.operations,
                                                    strict=True))
    markers = {a.name: marker(a) for a in op.handler_arguments}
    assert markers["pet_id"] == "_fastapi.Path()"
    # An integer enum and an object are read by `_runtime.styled`; a plain array by FastAPI.
    assert "shape='scalar'" in markers["size"] and "_runtime.styled" in markers["size"]
    assert "shape='object'" in markers["filter"] and "style='deepObject'" in markers["filter"]
    assert markers["tags"] == "_fastapi.Query(alias='tags')"
    assert op.route_path == "/v1/pets/{pet_id}"
    assert (op.status_code, op.handler_return, op.response_model) == (
        200, "_models.Pet", "_models.Pet")
    assert op.mock_response is not None and op.mock_response.has_sample
    assert set(op.mock_response.sample) >= {"id", "name"}
    # A parameter named like a response property is echoed; so is the last path id.
    assert [(e.key, e.argument) for e in op.mock_echo] == [("size", "size"), ("id", "pet_id")]
    not_found = op.operation.error_responses[0]
    assert not_found.has_sample and not_found.http_status == 404


def test_body_fields_are_echoed_from_the_body(api: Api) -> None:
    body = _op(api, "create_pet").body
    assert body is not None and [f.name for f in body.fields] == ["id", "name", "size"]
    op = _served(api, "create_pet")
    assert [(e.key, e.argument, e.body_key) for e in op.mock_echo] == [
        ("id", "body", "id"), ("name", "body", "name"), ("size", "body", "size")]
    assert op.status_code == 201


def test_the_server_share_reads_no_spec() -> None:
    source = Path(server.__file__).read_text(encoding="utf-8")
    assert "spec" not in {line.split()[1].strip(".").split(".")[0]
                          for line in source.splitlines() if line.startswith("from ")}


def test_one_media_type_rule_for_responses_and_bodies() -> None:
    """`ir.media`'s rule decides each response's kind and type, the media type the server
    answers in, and the media types a body is offered in (golden case `feature_media_types`)."""
    path = Path(__file__).parents[2] / "golden" / "feature_media_types" / "spec.yaml"
    spec = load_spec(path)
    hoist_inline_schemas(spec.data)
    split_read_write(spec.data)
    models = generate_models(spec.data, display="spec.yaml")
    built = build_api(spec, models, package="mt", spec_path="spec.yaml", apigen_version="0")
    responses = {(op.name, r.status): r for op in built.operations for r in op.responses}
    facts = {key: (r.declared_content_type, r.content_type, r.body_kind, r.type.hint)
             for key, r in responses.items() if r.type is not None}
    assert facts == {
        ("get_pet", "200"): ("*/*", "application/json", "json", "_models.Pet"),
        ("get_pet", "404"): ("application/problem+json", "application/problem+json", "json",
                             "_models.Problem"),
        ("list_pets", "200"): ("application/*", "application/json", "json",
                               "list[_models.Pet]"),
        ("create_pet", "201"): ("application/vnd.api+json", "application/vnd.api+json", "json",
                                "_models.Pet"),
        ("create_pet", "default"): ("application/problem+json", "application/problem+json",
                                    "json", "_models.Problem"),
        ("get_owner", "200"): ("text/json", "text/json", "json", "_models.Owner"),
        ("replace_owner", "200"): ("*/*", "application/json", "json", "_models.Owner"),
        ("get_stats", "200"): ("application/json; charset=utf-8",
                               "application/json; charset=utf-8", "json",
                               "_models.GetStatsResponse"),
        ("greet", "200"): ("*/*", "text/plain", "text", "str"),
        ("download", "200"): ("*/*", "application/octet-stream", "binary", "bytes"),
    }
    assert responses[("get_pet", "200")].has_sample  # the mock has a body to answer
    body = _op(built, "create_pet").body
    assert body is not None
    assert [(b.content_type, b.body_kind, b.type.hint) for b in body.media_types] == [
        ("application/json", "json", "_models.NewPet"),
        ("application/x-www-form-urlencoded", "form", "_models.NewPet"),
        ("application/xml", "binary", "bytes"),
        ("application/octet-stream", "binary", "bytes"),
    ]
    assert body.media_argument == "content_type"
    assert body.accepted_hint == "_models.NewPet | bytes"
    assert [f.name for f in body.fields] == ["name", "tag"]
    argument = next(a for a in _served(built, "create_pet").handler_arguments if a.source == "body")
    assert argument.hint == "_models.NewPet | bytes"
    assert marker(argument).startswith("_fastapi.Depends(_runtime.any_body(")
    text_json = _op(built, "replace_owner")
    assert text_json.body is not None and text_json.body.body_kind == "json"
    assert text_json.body.content_type == "text/json"
    # FastAPI's `Body()` leaves `text/json` undecoded: the runtime's JSON reader takes it.
    assert [marker(a) for a in _served(built, "replace_owner").handler_arguments
            if a.source == "body"] == [
        "_fastapi.Depends(_runtime.json_body(_models.Owner, required=True))"]


def test_a_response_no_exact_sample_fits_is_warned_at_its_location(tmp_path: Path) -> None:
    # Overlapping `oneOf` variants (a spec defect) and a schema nothing satisfies are found at
    # generation, located, instead of the mock failing at run time.
    same = {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}}
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
        "operationId": "a", "responses": {
            "200": {"description": "ok", "content": {"application/json": {
                "schema": {"oneOf": [same, same]}}}},
            "400": {"description": "bad", "content": {"application/json": {"schema": {
                "type": "string", "pattern": r"^(a)\1$"}}}}}}}}}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    spec = load_spec(path)
    known = len(spec.findings)
    models = generate_models(spec.data, display="spec.json")
    build_api(spec, models, package="t", spec_path="spec.json", apigen_version="0")
    found = [(d.pointer, d.message) for d in spec.findings[known:]]
    assert [p for p, _ in found] == ["/paths/~1a/get/responses/200",
                                     "/paths/~1a/get/responses/400"]
    assert "exactly one" in found[0][1] and "none could be synthesized" in found[1][1]


@pytest.mark.parametrize("security", [5, "everyone", {"key": []}, None, True])
def test_a_wrong_typed_operation_security_reads_as_absent(tmp_path: Path, security: object
                                                          ) -> None:
    """An operation `security` that is no list is no requirement of its own: the document's
    apply. Read as "none" it opened the operation to anonymous callers (the server let them
    in, the client sent no credential)."""
    document = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
                "security": [{"key": []}],
                "components": {"securitySchemes": {
                    "key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
                "paths": {"/pets": {"get": {"operationId": "listPets", "security": security,
                                            "responses": {"204": {"description": "None."}}}}}}
    path = tmp_path / "pets.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    spec = load_spec(path)
    models = generate_models(spec.data, display="pets.json")
    built = build_api(spec, models, package="pets", spec_path="pets.json", apigen_version="0")
    assert built.operations[0].security == (("key",),)
    assert built.credential_required
