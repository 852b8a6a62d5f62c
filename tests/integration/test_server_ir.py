"""The server's IR fields (generator/ir/server.py): every decision the server templates print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from server_support import ROOT, SPEC

from generator.config import Target, load_targets
from generator.ir.api import Api
from generator.ir.server_nodes import ServerOperation
from generator.pipeline import generate_target
from generator.render.server_markers import fastapi_marker as marker


def seed_api(package: str) -> Api:
    target = next(t for t in load_targets(ROOT) if t.package == package)
    return generate_target(target, root=ROOT).api


@pytest.fixture(scope="module")
def pets_api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    spec = tmp_path_factory.mktemp("pets_ir") / "pets.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return generate_target(Target(spec=spec, package="pets_ir", output=spec.parent),
                           root=ROOT).api


def operation(api: Api, name: str) -> ServerOperation:
    """The server's view of operation `name`."""
    return next(op for op in api.server.operations if op.operation.name == name)


def test_scope3_create_model() -> None:
    op = operation(seed_api("scope3_ai"), "create_model")
    assert [(a.name, a.source, a.hint, a.required) for a in op.handler_arguments] == [
        ("body", "body", "_models.ModelCreateRequest", True),
        ("credentials", "credentials", "Credentials", True),
    ]
    assert marker(op.handler_arguments[0]) == "_fastapi.Body()"
    assert (op.route_path, op.status_code, op.handler_return) == ("/model", 201, "_models.Model")
    assert op.response_model == "_models.Model"
    assert op.unauthorized_body == {"message": "Unauthorized"}
    assert op.internal_error_body == {"detail": "Internal Server Error"}
    conflict = next(r for r in op.operation.responses if r.status == "409")
    assert conflict.sample == {"message": "Model ID already exists"}
    created = op.mock_response
    assert created is not None and created.has_sample and created.sample["id"] == "gpt-4-turbo"
    echoed = {e.key: (e.argument, e.body_key) for e in op.mock_echo}
    assert echoed["id"] == ("body", "id") and echoed["aliases"] == ("body", "aliases")
    assert "customer_id" not in echoed  # the request does not send it


def test_sgp_echoes_path_parameters_and_the_resource_id() -> None:
    op = operation(seed_api("sgp"), "create_model_group_model")
    assert [(a.name, a.source, marker(a)) for a in op.handler_arguments] == [
        ("model_group_id", "path", "_fastapi.Path()"),
        ("model_instance_id", "path", "_fastapi.Path()"),
        ("credentials", "credentials", ""),
    ]
    assert [(e.key, e.argument) for e in op.mock_echo] == [
        ("model_group_id", "model_group_id"), ("id", "model_instance_id")]
    assert op.unauthorized_body == {"detail": "Not authenticated"}


def test_parameter_markers_use_wire_names(pets_api: Api) -> None:
    op = operation(pets_api, "list_pets")
    assert {a.name: (a.hint, marker(a), a.required) for a in op.handler_arguments} == {
        "limit": ("int | None", "_fastapi.Query(alias='limit')", False),
        "tag_name": ("str | None", "_fastapi.Query(alias='tag-name')", False),
        "x_request_id": ("str | None",
                         "_fastapi.Header(alias='X-Request-Id', convert_underscores=False)",
                         False),
    }
    assert operation(pets_api, "get_pet").route_path == "/pets/{pet_id}"


def test_several_success_responses_get_reply_classes(pets_api: Api) -> None:
    op = operation(pets_api, "create_pet")
    assert [(r.status, r.reply_class, r.http_status) for r in op.operation.success_responses] == [
        ("200", "CreatePet200Response", 200), ("201", "CreatePet201Response", 201)]
    assert op.handler_return == "CreatePet200Response | CreatePet201Response"
    assert op.response_model == "None"
    assert op.unauthorized_body == {"code": 1000, "message": "Who are you"}
    assert op.internal_error_body == {"code": 1000, "message": "Broken"}
    assert next(r for r in op.operation.responses if r.status == "409").has_sample is False


def test_default_error_covers_401_and_500(pets_api: Api) -> None:
    op = operation(pets_api, "get_pet")
    assert op.unauthorized_body == op.internal_error_body == {"code": 1000,
                                                              "message": "Anything else"}
    default = op.operation.responses[-1]
    assert (default.status, default.http_status, default.is_success) == ("default", 500, False)


def test_bodies_and_credentials_by_kind(pets_api: Api) -> None:
    photo = operation(pets_api, "put_photo")
    assert [(a.name, a.hint, marker(a)) for a in photo.handler_arguments][1] == (
        "body", "bytes", "_fastapi.Depends(_runtime.read_bytes)")
    health = operation(pets_api, "health")
    assert [(a.name, a.hint, a.required) for a in health.handler_arguments] == [
        ("credentials", "Credentials | None", False)]
    assert operation(pets_api, "delete_pet").handler_return == "None"


def test_server_imports(pets_api: Api) -> None:
    imports = pets_api.server.imports(extra=("fastapi", "typing"))
    assert imports.stdlib == (("typing", "_typing"),)
    assert imports.third_party == (("fastapi", "_fastapi"),)
    assert imports.models and imports.credentials
    assert imports.reply_classes == ("CreatePet200Response", "CreatePet201Response")


def test_names_clashing_with_body_and_credentials(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "security": [{"k": []}],
        "components": {"securitySchemes": {"k": {"type": "apiKey", "in": "header",
                                                 "name": "k"}}},
        "paths": {"/x": {"post": {
            "operationId": "x",
            "parameters": [{"name": "credentials", "in": "query", "schema": {"type": "string"}}],
            "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}},
            "responses": {"204": {"description": "ok"}},
        }}},
    }
    path = tmp_path / "clash.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = generate_target(Target(spec=path, package="clash", output=tmp_path), root=ROOT).api
    arguments = api.server.operations[0].handler_arguments
    assert [(a.name, a.source, a.hint) for a in arguments] == [
        ("credentials", "query", "str | None"),
        ("body", "body", "str | None"),
        ("credentials_2", "credentials", "Credentials"),
    ]
    assert marker(arguments[1]) == "_fastapi.Depends(_runtime.read_optional_text)"


def test_parameter_defaults_reach_the_handler_typed(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0", "info": {"title": "D", "version": "1"},
        "paths": {"/things/{id}": {"get": {
            "operationId": "listThings",
            "parameters": [
                {"name": "id", "in": "path", "required": True,
                 "schema": {"type": "integer", "default": 3}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}},
                {"name": "order", "in": "query", "schema": {"$ref": "#/components/schemas/O"}},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "tag", "in": "query", "required": True,
                 "schema": {"type": "string", "default": "x"}},
            ],
            "responses": {"204": {"description": "none"}},
        }}},
        "components": {"schemas": {"O": {"type": "string", "enum": ["asc", "desc"],
                                         "default": "desc"}}},
    }
    path = tmp_path / "d.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = generate_target(Target(spec=path, package="defaults_ir", output=tmp_path),
                          root=ROOT).api
    arguments = {a.name: a for a in operation(api, "list_things").handler_arguments}
    # Required parameters never use a default; a $ref'd schema's default counts.
    assert {name: (a.has_default, a.default) for name, a in arguments.items()} == {
        "id": (False, None), "limit": (True, 20), "order": (True, "desc"),
        "q": (False, None), "tag": (False, None)}
    assert (arguments["limit"].hint, arguments["limit"].route_hint) == ("int", "int | None")
    assert (arguments["q"].hint, arguments["q"].route_hint) == ("str | None", "str | None")
