"""The seed packages' generated servers, driven by their MockHandlers in-process: the facts in
/work/shared/seeds/README.md (Scope3's error body, SGP's empty JSON body and encoded path
parameters, no undeclared fields, no nulls) hold."""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from server_support import assert_conforms, call

SCOPE3_PATH = "/model"
SGP_PATH = "/v4/model-groups/{model_group_id}/models/{model_instance_id}"
KEY = {"Authorization": "Bearer secret"}


@pytest.fixture(scope="module")
def scope3(seed_packages: Path) -> ModuleType:
    return importlib.import_module("scope3_ai.server")


@pytest.fixture(scope="module")
def sgp(seed_packages: Path) -> ModuleType:
    return importlib.import_module("sgp.server")


def source_spec(server: ModuleType) -> dict[str, Any]:
    path = Path(server.__file__).parent.parent / "openapi.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# -- Scope3 ----------------------------------------------------------------------------------


def test_scope3_handler_protocol(scope3: ModuleType) -> None:
    signature = inspect.signature(scope3.Handlers.create_model)
    params = list(signature.parameters.values())[1:]
    assert [(p.name, p.kind) for p in params] == [
        ("body", inspect.Parameter.KEYWORD_ONLY),
        ("credentials", inspect.Parameter.KEYWORD_ONLY),
    ]
    assert inspect.iscoroutinefunction(scope3.Handlers.create_model)
    models = importlib.import_module("scope3_ai.models")
    assert signature.return_annotation is models.Model
    assert params[0].annotation is models.ModelCreateRequest
    assert params[1].annotation is scope3.Credentials


def test_scope3_mock_create_echoes_the_body_and_conforms(scope3: ModuleType) -> None:
    app = scope3.create_app(scope3.MockHandlers())
    sent = {"id": "my-model", "name": "Mine", "aliases": ["a", "b"], "number_of_experts": 3}
    response = call(app, "POST", SCOPE3_PATH, json=sent, headers=KEY)
    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in sent} == sent
    assert None not in body.values()
    assert_conforms(source_spec(scope3), path=SCOPE3_PATH, method="POST", status=201, body=body)


def test_scope3_missing_credentials_get_the_error_schema(scope3: ModuleType) -> None:
    app = scope3.create_app(scope3.MockHandlers())
    response = call(app, "POST", SCOPE3_PATH, json={"id": "x"})
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}
    assert_conforms(source_spec(scope3), path=SCOPE3_PATH, method="POST", status=401,
                    body=response.json())


def test_scope3_mock_with_api_key_accepts_only_that_key(scope3: ModuleType) -> None:
    app = scope3.create_app(scope3.MockHandlers(api_key="secret"))
    assert call(app, "POST", SCOPE3_PATH, json={"id": "x"}, headers=KEY).status_code == 201
    wrong = call(app, "POST", SCOPE3_PATH, json={"id": "x"},
                 headers={"Authorization": "Bearer other"})
    assert wrong.status_code == 401
    assert wrong.json() == {"message": "Unauthorized"}


@pytest.mark.parametrize("sent", [
    {},
    {"id": 5},
    {"id": "x", "unknown": 1},
    {"id": "x", "aliases": ["a"] * 101},
])
def test_scope3_invalid_bodies_are_its_declared_400(scope3: ModuleType, sent: dict[str, Any]
                                                   ) -> None:
    app = scope3.create_app(scope3.MockHandlers())
    response = call(app, "POST", SCOPE3_PATH, json=sent, headers=KEY)
    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Request validation failed: body")
    assert_conforms(source_spec(scope3), path=SCOPE3_PATH, method="POST", status=400, body=body)


def test_scope3_conflict_error_body(scope3: ModuleType, seed_packages: Path) -> None:
    models = importlib.import_module("scope3_ai.models")

    class Conflicting(scope3.MockHandlers):  # type: ignore[misc]
        async def create_model(self, **kwargs: Any) -> Any:
            raise scope3.ApiError(409, models.Error(message="model ID already exists",
                                                    details={"field": "id"}))

    app = scope3.create_app(Conflicting())
    response = call(app, "POST", SCOPE3_PATH, json={"id": "x"}, headers=KEY)
    assert response.status_code == 409
    assert response.json() == {"message": "model ID already exists", "details": {"field": "id"}}


def test_scope3_serves_its_source_spec(scope3: ModuleType) -> None:
    app = scope3.create_app(scope3.MockHandlers())
    assert call(app, "GET", "/openapi.json").json() == source_spec(scope3)


# -- SGP -------------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {"x-api-key": "k", "Content-Type": "application/json"},
    {"x-api-key": "k"},
])
def test_sgp_accepts_an_empty_json_body(sgp: ModuleType, headers: dict[str, str]) -> None:
    app = sgp.create_app(sgp.MockHandlers())
    response = call(app, "POST", "/v4/model-groups/g/models/m", content=b"", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["model_group_id"], body["id"]) == ("g", "m")
    assert_conforms(source_spec(sgp), path=SGP_PATH, method="POST", status=200, body=body)


@pytest.mark.parametrize(("group", "instance"), [
    ("with space", "a/b"),
    ("ünïcødé ✓", "%2F literally"),
    ("100%", "a+b?c#d&e=f"),
    ("a.b", "trailing/"),
])
def test_sgp_path_parameters_round_trip_exactly(sgp: ModuleType, group: str,
                                                instance: str) -> None:
    from urllib.parse import quote

    app = sgp.create_app(sgp.MockHandlers())
    url = f"/v4/model-groups/{quote(group, safe='')}/models/{quote(instance, safe='')}"
    response = call(app, "POST", url, headers={"x-api-key": "k"})
    assert response.status_code == 200, response.text
    assert (response.json()["model_group_id"], response.json()["id"]) == (group, instance)


def test_sgp_missing_api_key(sgp: ModuleType) -> None:
    app = sgp.create_app(sgp.MockHandlers())
    response = call(app, "POST", "/v4/model-groups/g/models/m")
    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}
    assert call(app, "POST", "/v4/model-groups/g/models/m",
                headers={"x-api-key": " "}).status_code == 401


def test_sgp_mock_leaves_camel_case_keys_and_no_nulls(sgp: ModuleType) -> None:
    app = sgp.create_app(sgp.MockHandlers())
    body = call(app, "POST", "/v4/model-groups/g/models/m", headers={"x-api-key": "k"}).json()
    assert "modelDetails" in body["base_model_metadata"]
    assert "model_details" not in body["base_model_metadata"]
    assert None not in body.values()


def test_sgp_handler_keeps_only_declared_fields(sgp: ModuleType, seed_packages: Path) -> None:
    models = importlib.import_module("sgp.models")

    class Minimal:
        async def create_model_group_model(self, **kwargs: Any) -> Any:
            return models.ModelInstance(
                name="n", model_type="COMPLETION", id=kwargs["model_instance_id"],
                created_at="2024-01-01T00:00:00Z", account_id="a", created_by_user_id="u",
                request_schema={}, response_schema={}, deployment_count=0,
                supports_multi_turn=False, display_name=None, undeclared="dropped",
            )

    app = sgp.create_app(Minimal())
    body = call(app, "POST", "/v4/model-groups/g/models/m", headers={"x-api-key": "k"}).json()
    assert set(body) == {"name", "model_type", "id", "created_at", "account_id",
                         "created_by_user_id", "request_schema", "response_schema",
                         "deployment_count", "supports_multi_turn"}
    assert_conforms(source_spec(sgp), path=SGP_PATH, method="POST", status=200, body=body)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b'{"id": "x"'])
def test_scope3_undecodable_body_is_its_declared_400(scope3: ModuleType, content: bytes) -> None:
    app = scope3.create_app(scope3.MockHandlers())
    response = call(app, "POST", SCOPE3_PATH, content=content,
                    headers={**KEY, "Content-Type": "application/json"})
    assert response.status_code == 400
    body = response.json()
    assert "body" in body["message"]
    assert_conforms(source_spec(scope3), path=SCOPE3_PATH, method="POST", status=400, body=body)
