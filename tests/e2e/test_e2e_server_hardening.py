"""The generated server facing hostile or broken requests, over real HTTP (uvicorn on 127.0.0.1):
a request body size limit (413), JSON it cannot carry back (out-of-range numbers, lone
surrogates, bytes that are not UTF-8) refused as a validation failure and never a 500, and
validation failures answered in the error shape the operation declares."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from generation_support import imported_package
from live_server import live_server

SCOPE3_AUTH = {"authorization": "Bearer k"}
JSON = {"content-type": "application/json"}
MIB = 1024 * 1024


@pytest.fixture(scope="module")
def scope3(seed_packages: Path) -> ModuleType:
    return importlib.import_module("scope3_ai")


@pytest.fixture(scope="module")
def scope3_url(scope3: ModuleType) -> Iterator[str]:
    server = importlib.import_module("scope3_ai.server")
    with live_server(server.create_app(server.MockHandlers())) as url:
        yield url


def post_model(url: str, content: Any, **headers: str) -> httpx.Response:
    return httpx.post(url + "/model", content=content,
                      headers={**SCOPE3_AUTH, **JSON, **headers}, timeout=30)


# -- 1. request body size limit ----------------------------------------------------------------


def test_a_body_over_the_default_limit_is_refused_with_413(scope3_url: str) -> None:
    response = post_model(scope3_url, b" " * (10 * MIB + 1))
    assert response.status_code == 413, response.text
    assert "exceeds" in response.json()["detail"]


def test_a_body_at_the_default_limit_is_read(scope3_url: str) -> None:
    body = b'{"id": "m"}'
    response = post_model(scope3_url, body + b" " * (10 * MIB - len(body)))
    assert response.status_code == 201, response.text


def test_the_limit_is_settable_and_counts_streamed_bytes(scope3: ModuleType) -> None:
    server = importlib.import_module("scope3_ai.server")
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:  # no Content-Length: Transfer-Encoding: chunked
        yield b'{"id": "m", "name": "'
        for _ in range(64):
            sent.append(1)
            yield b"x" * 1024
        yield b'"}'

    with live_server(server.create_app(server.MockHandlers(), max_body_size=4096)) as url:
        small = post_model(url, b'{"id": "m"}')
        streamed = post_model(url, chunks())
        declared = post_model(url, b" " * 5000)
    assert small.status_code == 201, small.text
    assert streamed.status_code == 413, streamed.text
    assert declared.status_code == 413, declared.text


def test_no_limit_when_max_body_size_is_none(scope3: ModuleType) -> None:
    server = importlib.import_module("scope3_ai.server")
    with live_server(server.create_app(server.MockHandlers(), max_body_size=None)) as url:
        response = post_model(url, b'{"id": "m"}' + b" " * (10 * MIB + 10))
    assert response.status_code == 201, response.text


# -- 2. JSON no reply could carry: a validation failure, never a 500 ---------------------------

BROKEN_BODIES = {
    "out-of-range number": b'{"id": "m", "estimated_use_life_days": 1e999999}',
    "out-of-range top level": b"1e999999",
    "NaN": b'{"id": "m", "estimated_use_life_days": NaN}',
    "Infinity": b'{"id": "m", "estimated_use_life_days": -Infinity}',
    "lone surrogate escape": b'{"id": "\\ud800"}',
    "lone low surrogate in a key": b'{"id": "m", "\\udc00": 1}',
    "not UTF-8": b'{"id": "\xff\xfe"}',
    "encoded surrogate": b'{"id": "\xed\xa0\x80"}',
    "truncated": b'{"id": ',
    "over-long integer": b'{"id": "m", "estimated_use_life_days": 1' + b"0" * 5000 + b"}",
}


@pytest.mark.parametrize("name", sorted(BROKEN_BODIES))
def test_json_no_reply_could_carry_is_a_declared_400(scope3: ModuleType, scope3_url: str,
                                                     name: str) -> None:
    response = post_model(scope3_url, BROKEN_BODIES[name])
    assert response.status_code == 400, response.text
    error = scope3.models.Error.model_validate_json(response.content)  # the declared shape
    assert error.message.startswith("Request validation failed: body")


def test_a_valid_surrogate_pair_still_works(scope3_url: str) -> None:
    response = post_model(scope3_url, b'{"id": "\\ud83d\\ude00", "name": "\\ud83d\\ude00"}')
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "\U0001f600"


# -- 3. validation failures in the declared error shape ----------------------------------------


def test_a_validation_failure_gets_the_declared_400_body(scope3: ModuleType,
                                                         scope3_url: str) -> None:
    response = post_model(scope3_url, b'{"name": 5}')
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = scope3.models.Error.model_validate_json(response.content)
    assert "body.id: Field required" in error.message
    assert "body.name" in error.message


SHAPES_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "shapes", "version": "1"},
    "paths": {
        "/plain": {"post": {
            "operationId": "plain",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Item"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Item"}}}}},
        }},
        "/nested": {"post": {
            "operationId": "nested",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Item"}}}},
            "responses": {
                "200": {"description": "ok"},
                "default": {"description": "failure", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Problem"}}}},
            },
        }},
        "/fastapi": {"get": {
            "operationId": "fastapiShape",
            "parameters": [{"name": "limit", "in": "query", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "ok"}, "422": {
                "description": "invalid", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/HTTPValidationError"}}}}},
        }},
        "/bare": {"get": {
            "operationId": "bare",
            "parameters": [{"name": "limit", "in": "query", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "ok"}, "4XX": {"description": "bad"}},
        }},
    },
    "components": {"schemas": {
        "Item": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"}, "weight": {"type": "number"}}},
        "HTTPValidationError": {"type": "object", "properties": {"detail": {
            "type": "array", "items": {"type": "object", "required": ["loc", "msg", "type"],
                                       "properties": {
                                           "loc": {"type": "array", "items": {
                                               "anyOf": [{"type": "string"},
                                                         {"type": "integer"}]}},
                                           "msg": {"type": "string"},
                                           "type": {"type": "string"}}}}}},
        "Problem": {"type": "object", "required": ["error"], "additionalProperties": False,
                    "properties": {"error": {
                        "type": "object", "required": ["code", "text"],
                        "additionalProperties": False,
                        "properties": {"code": {"type": "string", "enum": ["E1", "E2"]},
                                       "text": {"type": "string"}}}}},
    }},
}


class ShapesHandlers:
    async def plain(self, *, body: Any) -> Any:
        return body

    async def nested(self, *, body: Any) -> None:
        return None

    async def bare(self, *, limit: int) -> None:
        return None

    async def fastapi_shape(self, *, limit: int) -> None:
        return None


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, str]]:
    out = tmp_path_factory.mktemp("shapes")
    with imported_package(SHAPES_SPEC, out, package="hardening_shapes") as pkg:
        server = importlib.import_module("hardening_shapes.server")
        with live_server(server.create_app(ShapesHandlers())) as url:
            yield pkg, url


@pytest.mark.parametrize("body", [b'{"name": "\\ud800"}', b'{"name": "n", "weight": 1e400}',
                                  b'{"name": 1e400}', b'{"name": "\xff"}', b"[1e999]"])
def test_without_a_declared_error_fastapis_422_and_never_a_500(
        shapes: tuple[ModuleType, str], body: bytes) -> None:
    _, url = shapes
    response = httpx.post(url + "/plain", content=body, headers=JSON)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "body"


def test_a_non_json_body_with_bad_bytes_gets_fastapis_422(shapes: tuple[ModuleType, str]) -> None:
    _, url = shapes
    response = httpx.post(url + "/plain", content=b"\xff\xfe\xfd",
                          headers={"content-type": "text/plain"})
    assert response.status_code == 422, response.text


def test_the_message_goes_into_a_nested_string_of_the_declared_default(
        shapes: tuple[ModuleType, str]) -> None:
    pkg, url = shapes
    response = httpx.post(url + "/nested", content=b'{"weight": "heavy"}', headers=JSON)
    assert response.status_code == 422, response.text
    problem = pkg.models.Problem.model_validate_json(response.content)
    assert problem.error.code.value == "E1"
    assert problem.error.text.startswith("Request validation failed: body.name: Field required")


def test_fastapis_body_when_the_declared_schema_takes_it(
        shapes: tuple[ModuleType, str]) -> None:
    pkg, url = shapes
    response = httpx.get(url + "/fastapi", params={"limit": "lots"})
    assert response.status_code == 422, response.text
    failure = pkg.models.HTTPValidationError.model_validate_json(response.content)
    assert failure.detail is not None
    assert [item.loc for item in failure.detail] == [["query", "limit"]]


def test_a_declared_range_without_a_body_answers_empty(shapes: tuple[ModuleType, str]) -> None:
    _, url = shapes
    response = httpx.get(url + "/bare", params={"limit": "lots"})
    assert response.status_code == 422, response.text
    assert response.content == b""
    assert httpx.get(url + "/bare", params={"limit": "3"}).status_code == 200


# -- 4. the mock always synthesizes -------------------------------------------------------------

# The shapes of openapi-python-client's baseline document (3.0: `const` is not in its dialect,
# so both variants accept `{"type": "alpha"}`) that the mock answered 500 for.
MOCK_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "mock", "version": "1"},
    "paths": {
        "/const": {"get": {"operationId": "oneOfWithRequiredConst", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {"oneOf": [
                {"type": "object", "required": ["type"], "properties": {
                    "type": {"const": "alpha"}, "color": {"type": "string"}}},
                {"type": "object", "required": ["type"], "properties": {
                    "type": {"const": "beta"},
                    "texture": {"type": "string"}}},
            ]}}}}}}},
        "/reference": {"get": {"operationId": "referencedResponse", "responses": {
            "200": {"$ref": "#/components/responses/Thing"}}}},
        "/duplicates": {"post": {"operationId": "duplicateTypes", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/Thing"},
                {"$ref": "#/components/schemas/Thing"}]}}}}}}},
        "/numbers": {"get": {"operationId": "overlappingNumbers", "responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {"oneOf": [
                {"type": "integer"}, {"type": "number"}]}}}}}}},
    },
    "components": {
        "responses": {"Thing": {"description": "a thing", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Thing"}}}}},
        "schemas": {
            # Both accept `{}`: the synthesizer finds no instance that only one accepts.
            "Free": {"type": "object"},
            "Closed": {"type": "object", "additionalProperties": False,
                       "properties": {"a": {"type": "string"}}},
            "Thing": {"type": "object", "required": ["id", "any"], "properties": {
                "id": {"type": "integer"},
                "any": {"oneOf": [{"$ref": "#/components/schemas/Free"},
                                  {"$ref": "#/components/schemas/Closed"}], "nullable": True},
            }},
        },
    },
}


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, str]]:
    out = tmp_path_factory.mktemp("mock")
    with imported_package(MOCK_SPEC, out, package="hardening_mock") as pkg:
        server = importlib.import_module("hardening_mock.server")
        with live_server(server.create_app(server.MockHandlers())) as url:
            yield pkg, url


@pytest.mark.parametrize(("method", "path", "call"), [
    ("GET", "/const", "const.list"),
    ("GET", "/reference", "reference.list"),
    ("POST", "/duplicates", "duplicates.create"),
    ("GET", "/numbers", "numbers.list"),
])
def test_the_mock_synthesizes_an_answer_for_every_operation(
        mock: tuple[ModuleType, str], method: str, path: str, call: str) -> None:
    pkg, url = mock
    response = httpx.request(method, url + path)
    assert response.status_code == 200, response.text
    with pkg.Client(base_url=url, max_retries=0) as client:
        resource, name = call.split(".")
        assert getattr(getattr(client, resource), name)() is not None  # parses as declared
