"""The generated routes, in-process: parameters, bodies, statuses, security, ApiError, 500s, 422s
and response shaping, on a spec that exercises every branch (see server_support.py)."""

from __future__ import annotations

import base64
import importlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from server_support import SPEC, assert_conforms, call, generate_pets

PACKAGE = "pets_routes"
BEARER = {"Authorization": "Bearer token-1"}


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    generate_pets(tmp_path_factory.mktemp("pets_routes"), PACKAGE)
    yield importlib.import_module(PACKAGE)


@pytest.fixture(scope="module")
def server(pets: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.server")


class Recorder:
    """Handlers whose behaviour each test sets: `answer` is returned, or raised if an exception."""

    def __init__(self, models: ModuleType) -> None:
        self.models = models
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.answer: Any = None
        self.allowed: bool | BaseException = True

    async def authorize(self, credentials: Any, *, operation: str) -> bool:
        self.calls.append(("authorize", {"credentials": credentials, "operation": operation}))
        if isinstance(self.allowed, BaseException):
            raise self.allowed
        return self.allowed

    async def _record(self, name: str, kwargs: dict[str, Any]) -> Any:
        self.calls.append((name, kwargs))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer

    async def list_pets(self, **kwargs: Any) -> Any:
        return await self._record("list_pets", kwargs)

    async def create_pet(self, **kwargs: Any) -> Any:
        return await self._record("create_pet", kwargs)

    async def get_pet(self, **kwargs: Any) -> Any:
        return await self._record("get_pet", kwargs)

    async def delete_pet(self, **kwargs: Any) -> Any:
        return await self._record("delete_pet", kwargs)

    async def put_photo(self, **kwargs: Any) -> Any:
        return await self._record("put_photo", kwargs)

    async def health(self, **kwargs: Any) -> Any:
        return await self._record("health", kwargs)

    def last(self, name: str) -> dict[str, Any]:
        return [kwargs for called, kwargs in self.calls if called == name][-1]


@pytest.fixture
def handlers(pets: ModuleType) -> Recorder:
    return Recorder(pets.models)


@pytest.fixture
def app(server: ModuleType, handlers: Recorder) -> Any:
    return server.create_app(handlers)


def pet(models: ModuleType, **fields: Any) -> Any:
    return models.Pet(**{"id": 1, "name": "Rex", "kind": "dog", **fields})


# -- parameters and bodies -------------------------------------------------------------------


def test_query_and_header_parameters_arrive_under_their_wire_names(app: Any,
                                                                   handlers: Recorder) -> None:
    handlers.answer = []
    response = call(app, "GET", "/pets?limit=3&tag-name=good%20boy",
                    headers={"X-Request-Id": "r-1"})
    assert response.status_code == 200
    assert response.json() == []
    assert handlers.last("list_pets") == {"limit": 3, "tag_name": "good boy",
                                          "x_request_id": "r-1"}


def test_optional_parameters_default_to_none(app: Any, handlers: Recorder) -> None:
    handlers.answer = []
    assert call(app, "GET", "/pets").status_code == 200
    assert handlers.last("list_pets") == {"limit": None, "tag_name": None, "x_request_id": None}


def test_path_parameter_is_converted_to_its_type(app: Any, handlers: Recorder) -> None:
    handlers.answer = pet(handlers.models)
    response = call(app, "GET", "/pets/42?api_key=k")
    assert response.status_code == 200
    assert handlers.last("get_pet")["pet_id"] == 42


def test_json_body_reaches_the_handler_as_its_model(app: Any, handlers: Recorder,
                                                     server: ModuleType) -> None:
    handlers.answer = server.handlers.CreatePet201Response(body=pet(handlers.models))
    response = call(app, "POST", "/pets", json={"id": 7, "name": "Tom", "kind": "cat"},
                    headers=BEARER)
    assert response.status_code == 201
    body = handlers.last("create_pet")["body"]
    assert isinstance(body, handlers.models.Pet)
    assert (body.id, body.name, body.kind.value) == (7, "Tom", "cat")


def test_binary_body_reaches_the_handler_as_bytes(app: Any, handlers: Recorder) -> None:
    handlers.answer = {"size": 3}
    response = call(app, "PUT", "/pets/1/photo?api_key=k", content=b"\x00\xff\x10",
                    headers={**BEARER, "Content-Type": "application/octet-stream"})
    assert response.status_code == 200, response.text
    assert response.json() == {"size": 3}
    assert handlers.last("put_photo")["body"] == b"\x00\xff\x10"


# -- statuses and response shapes ------------------------------------------------------------


def test_reply_class_chooses_the_status(app: Any, handlers: Recorder, server: ModuleType) -> None:
    for reply, status in ((server.handlers.CreatePet200Response, 200),
                          (server.handlers.CreatePet201Response, 201)):
        handlers.answer = reply(body=pet(handlers.models), headers={"X-Extra": "yes"})
        response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                        headers=BEARER)
        assert response.status_code == status
        assert response.headers["x-extra"] == "yes"


def test_unset_and_null_optional_fields_are_left_out(app: Any, handlers: Recorder) -> None:
    handlers.answer = pet(handlers.models, tag=None)
    response = call(app, "GET", "/pets/1?api_key=k")
    assert response.json() == {"id": 1, "name": "Rex", "kind": "dog"}


def test_dict_results_are_validated_and_shaped(app: Any, handlers: Recorder) -> None:
    handlers.answer = {"id": 2, "name": "Tom", "kind": "cat", "born": "2024-01-02T03:04:05Z",
                       "petId": 2}
    response = call(app, "GET", "/pets/2?api_key=k")
    assert response.json() == {"id": 2, "name": "Tom", "kind": "cat",
                               "born": "2024-01-02T03:04:05Z", "petId": 2}


def test_result_that_breaks_the_schema_is_a_500(app: Any, handlers: Recorder,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    handlers.answer = {"id": 0, "name": "Tom", "kind": "cat", "undeclared": True}
    with caplog.at_level(logging.ERROR):
        response = call(app, "GET", "/pets/2?api_key=k")
    assert response.status_code == 500
    assert "undeclared" not in response.text
    assert "does not allow" in caplog.text


def test_no_content_response_has_no_body(app: Any, handlers: Recorder) -> None:
    handlers.answer = None
    response = call(app, "DELETE", "/pets/3", headers={"Cookie": "session=s"})
    assert response.status_code == 204
    assert response.content == b""


def test_text_response(app: Any, handlers: Recorder) -> None:
    handlers.answer = "fine"
    response = call(app, "GET", "/health")
    assert response.status_code == 200
    assert response.text == "fine"
    assert response.headers["content-type"].startswith("text/plain")


# -- errors ----------------------------------------------------------------------------------


def test_api_error_answers_the_declared_error(app: Any, handlers: Recorder,
                                              server: ModuleType) -> None:
    handlers.answer = server.ApiError(404, {"code": 1404, "message": "no pet"})
    response = call(app, "GET", "/pets/9?api_key=k")
    assert response.status_code == 404
    assert response.json() == {"code": 1404, "message": "no pet"}


def test_api_error_accepts_a_model_body_and_uses_default(app: Any, handlers: Recorder,
                                                         server: ModuleType) -> None:
    error = handlers.models.Error(code=1418, message="teapot")
    handlers.answer = server.ApiError(418, error, headers={"Retry-After": "1"})
    response = call(app, "GET", "/pets/9?api_key=k")
    assert response.status_code == 418
    assert response.json() == {"code": 1418, "message": "teapot"}
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"] == "application/problem+json"


def test_api_error_for_a_response_without_body(app: Any, handlers: Recorder,
                                               server: ModuleType) -> None:
    handlers.answer = server.ApiError(409)
    response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                    headers=BEARER)
    assert response.status_code == 409
    assert response.content == b""


@pytest.mark.parametrize(("status", "body"), [
    (404, {"message": "missing code"}),
    (418, {"code": 1, "message": "code below the minimum"}),
])
def test_api_error_with_a_body_the_spec_forbids_is_a_500(app: Any, handlers: Recorder,
                                                         server: ModuleType, status: int,
                                                         body: dict[str, Any]) -> None:
    handlers.answer = server.ApiError(status, body)
    response = call(app, "GET", "/pets/9?api_key=k")
    assert response.status_code == 500
    assert response.json() == {"code": 1000, "message": "Anything else"}  # `default`'s sample


def test_api_error_with_an_undeclared_status_is_the_specs_500(app: Any, handlers: Recorder,
                                                               server: ModuleType) -> None:
    handlers.answer = server.ApiError(418, {"code": 1418, "message": "teapot"})
    response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                    headers=BEARER)
    assert response.status_code == 500
    assert response.json() == {"code": 1000, "message": "Broken"}


def test_unexpected_exception_is_a_500_without_details(app: Any, handlers: Recorder,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    handlers.answer = RuntimeError("secret database password")
    with caplog.at_level(logging.ERROR):
        response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                        headers=BEARER)
    assert response.status_code == 500
    assert response.json() == {"code": 1000, "message": "Broken"}
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "secret database password" in caplog.text  # the operator still sees it


def test_unexpected_exception_without_declared_500(app: Any, handlers: Recorder) -> None:
    handlers.answer = KeyError("boom")
    response = call(app, "GET", "/pets")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal Server Error"}


def test_invalid_body_gets_the_declared_400(app: Any, handlers: Recorder) -> None:
    # POST /pets declares `400: Error`: a validation failure is answered in that shape, the
    # message naming each failed field.
    response = call(app, "POST", "/pets", json={"id": "x", "kind": "cow"}, headers=BEARER)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message"}
    assert_conforms(SPEC, path="/pets", method="POST", status=400, body=body)
    for where in ("body.id", "body.name", "body.kind"):
        assert where in body["message"]
    assert not [name for name, _ in handlers.calls if name == "create_pet"]


def test_invalid_parameter_is_a_422(app: Any) -> None:
    response = call(app, "GET", "/pets?limit=many")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "limit"]


# -- security --------------------------------------------------------------------------------


def test_missing_credentials_get_the_specs_401_body(app: Any, handlers: Recorder) -> None:
    response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"})
    assert response.status_code == 401
    assert response.json() == {"code": 1000, "message": "Who are you"}
    assert response.headers["www-authenticate"] == "Bearer"
    assert handlers.calls == []


def test_a_default_response_covers_401(app: Any) -> None:
    response = call(app, "GET", "/pets/1")
    assert response.status_code == 401
    assert response.json() == {"code": 1000, "message": "Anything else"}
    assert response.headers["www-authenticate"] == "Basic"
    assert response.headers["content-type"] == "application/problem+json"


def test_without_a_declared_401_the_body_is_fastapis(app: Any) -> None:
    response = call(app, "DELETE", "/pets/1")
    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}
    assert "www-authenticate" not in response.headers  # API keys have no challenge


def test_401_comes_before_422(app: Any) -> None:
    response = call(app, "POST", "/pets", json={"nonsense": True})
    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer   ", "Basic dG9rZW4=", "token-1"])
def test_malformed_bearer_is_rejected(app: Any, header: str) -> None:
    response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                    headers={"Authorization": header})
    assert response.status_code == 401


def test_bearer_credentials_reach_the_handler_and_the_hook(app: Any, handlers: Recorder,
                                                           server: ModuleType) -> None:
    handlers.answer = server.handlers.CreatePet200Response(body=pet(handlers.models))
    call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"}, headers=BEARER)
    credentials = handlers.last("create_pet")["credentials"]
    assert (credentials.scheme, credentials.value) == ("bearer", "token-1")
    hook = handlers.last("authorize")
    assert hook["operation"] == "create_pet" and hook["credentials"] == credentials
    assert "token-1" not in repr(credentials)


def test_basic_credentials(app: Any, handlers: Recorder) -> None:
    handlers.answer = pet(handlers.models)
    token = base64.b64encode(b"ann:pa:ss").decode()
    response = call(app, "GET", "/pets/1", headers={"Authorization": f"Basic {token}"})
    assert response.status_code == 200
    credentials = handlers.last("get_pet")["credentials"]
    assert (credentials.scheme, credentials.username, credentials.password) == (
        "basic", "ann", "pa:ss")
    assert call(app, "GET", "/pets/1", headers={"Authorization": "Basic !!"}).status_code == 401


def test_api_key_in_query_is_an_alternative(app: Any, handlers: Recorder) -> None:
    handlers.answer = pet(handlers.models)
    assert call(app, "GET", "/pets/1?api_key=abc").status_code == 200
    assert handlers.last("get_pet")["credentials"].scheme == "key_query"
    assert call(app, "GET", "/pets/1?api_key=").status_code == 401


def test_api_key_in_cookie(app: Any, handlers: Recorder) -> None:
    assert call(app, "DELETE", "/pets/1").status_code == 401
    assert call(app, "DELETE", "/pets/1", headers={"Cookie": "session=abc"}).status_code == 204
    assert handlers.last("delete_pet")["credentials"].value == "abc"


def test_schemes_required_together(app: Any, handlers: Recorder) -> None:
    handlers.answer = {"size": 0}
    headers = {**BEARER, "Content-Type": "application/octet-stream"}
    assert call(app, "PUT", "/pets/1/photo", content=b"x", headers=headers).status_code == 401
    response = call(app, "PUT", "/pets/1/photo?api_key=k2", content=b"x", headers=headers)
    assert response.status_code == 200
    credentials = handlers.last("put_photo")["credentials"]
    assert credentials.value == "token-1"
    assert [c.value for c in credentials.together] == ["k2"]


def test_optional_security(app: Any, handlers: Recorder) -> None:
    handlers.answer = "ok"
    assert call(app, "GET", "/health").status_code == 200
    assert handlers.last("health")["credentials"] is None
    assert call(app, "GET", "/health", headers=BEARER).status_code == 200
    assert handlers.last("health")["credentials"].value == "token-1"


def test_authorize_hook_rejects(app: Any, handlers: Recorder) -> None:
    handlers.allowed = False
    response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                    headers=BEARER)
    assert response.status_code == 401
    assert response.json() == {"code": 1000, "message": "Who are you"}
    assert not [name for name, _ in handlers.calls if name == "create_pet"]


def test_authorize_hook_may_forbid_with_api_error(app: Any, handlers: Recorder,
                                                  server: ModuleType) -> None:
    handlers.allowed = server.ApiError(403, {"code": 1403, "message": "not yours"})
    response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                    headers=BEARER)
    assert response.status_code == 403
    assert response.json() == {"code": 1403, "message": "not yours"}


def test_authorize_hook_failure_is_a_500(app: Any, handlers: Recorder) -> None:
    handlers.allowed = ValueError("hook bug")
    response = call(app, "POST", "/pets", json={"id": 1, "name": "a", "kind": "cat"},
                    headers=BEARER)
    assert response.status_code == 500
    assert "hook bug" not in response.text


def test_without_authorize_hook_any_credential_passes(server: ModuleType,
                                                      handlers: Recorder) -> None:
    class NoHook:
        async def delete_pet(self, **kwargs: Any) -> None:
            return None

    app = server.create_app(NoHook())
    assert call(app, "DELETE", "/pets/1", headers={"Cookie": "session=anything"}).status_code == 204


# -- the app ---------------------------------------------------------------------------------


def test_openapi_json_is_the_source_spec(app: Any, pets: ModuleType) -> None:
    response = call(app, "GET", "/openapi.json")
    assert response.status_code == 200
    source = Path(pets.__file__).with_name("openapi.json").read_text(encoding="utf-8")
    assert response.json() == json.loads(source)


def test_options_reach_fastapi(server: ModuleType, handlers: Recorder) -> None:
    app = server.create_app(handlers, openapi_url="/spec.json", docs_url=None, title="Mine")
    assert app.title == "Mine"
    assert call(app, "GET", "/spec.json").json()["info"]["title"] == "Pets"
    assert call(app, "GET", "/openapi.json").status_code == 404
    assert call(app, "GET", "/docs").status_code == 404


def test_router_mounts_under_a_prefix_in_another_app(server: ModuleType,
                                                     handlers: Recorder) -> None:
    from fastapi import FastAPI

    outer = FastAPI()
    outer.include_router(server.build_router(handlers), prefix="/api")
    handlers.answer = []
    assert call(outer, "GET", "/api/pets?limit=1").status_code == 200
    assert call(outer, "POST", "/api/pets", json={}).status_code == 401
    # The host app's own OpenAPI document still describes the routes' response models.
    get_pet = outer.openapi()["paths"]["/api/pets/{pet_id}"]["get"]
    assert get_pet["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Pet"}


def test_unknown_path_and_method(app: Any) -> None:
    assert call(app, "GET", "/nope").status_code == 404
    assert call(app, "PATCH", "/pets").status_code == 405
