"""Parameters FastAPI cannot read itself (objects, delimited arrays, arrays of objects) travel
as their OpenAPI style says, from the generated client to the generated server; operations that
declare no success response answer 200 with no body."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "styled_params"
FILTER = {"type": "object", "properties": {"name": {"type": "string"},
                                           "size": {"type": "integer"}}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Styled", "version": "1"},
    "paths": {
        "/search": {"get": {
            "operationId": "search",
            "parameters": [
                {"name": "filter", "in": "query", "style": "deepObject", "explode": True,
                 "schema": {"$ref": "#/components/schemas/Filter"}},
                {"name": "tags", "in": "query", "explode": False,
                 "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "pipes", "in": "query", "style": "pipeDelimited", "explode": False,
                 "schema": {"type": "array", "items": {"type": "integer"}}},
                {"name": "filters", "in": "query",
                 "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Filter"}}},
                {"name": "ids", "in": "query", "required": True,
                 "schema": {"type": "array", "items": {"type": "integer"}}},
                {"name": "X-Shape", "in": "header",
                 "schema": {"$ref": "#/components/schemas/Filter"}},
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "additionalProperties": True}}}}},
        }},
        "/nothing": {"get": {"operationId": "nothing"}},
        "/errors-only/{id}": {"delete": {
            "operationId": "errorsOnly",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"404": {"description": "missing"}},
        }},
    },
    "components": {"schemas": {"Filter": FILTER}},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    sys.path.insert(0, str(ROOT / "tests"))
    from generation_support import imported_package

    with imported_package(SPEC, tmp_path_factory.mktemp("styled"), package=PACKAGE) as module:
        yield module


class Echo:
    """Handlers that answer with what they received."""

    def __init__(self) -> None:
        self.received: dict[str, Any] = {}

    async def search(self, **kwargs: Any) -> Any:
        self.received = kwargs
        return {"ok": True}

    async def nothing(self) -> None:
        return None

    async def errors_only(self, *, id: str) -> None:
        self.received = {"id": id}


@pytest.fixture
def handlers() -> Echo:
    return Echo()


@pytest.fixture
def client(package: ModuleType, handlers: Echo) -> Iterator[Any]:
    server = importlib.import_module(f"{PACKAGE}.server")
    with TestClient(server.create_app(handlers), base_url="http://test") as http:
        yield package.Client(base_url="http://test", http_client=http, max_retries=0)


def test_styled_parameters_arrive_as_their_types(client: Any, handlers: Echo,
                                                 package: ModuleType) -> None:
    models = package.models
    client.search.list(filter=models.Filter(name="a b", size=2), tags=["x", "y"],
                       pipes=[1, 2], filters=[{"name": "f"}, {"size": 3}], ids=[4, 5],
                       x_shape=models.Filter(name="h", size=1))
    got = handlers.received
    assert got["filter"] == models.Filter(name="a b", size=2)
    assert got["tags"] == ["x", "y"]
    assert got["pipes"] == [1, 2]
    assert got["filters"] == [models.Filter(name="f"), models.Filter(size=3)]
    assert got["ids"] == [4, 5]
    assert got["x_shape"] == models.Filter(name="h", size=1)


def test_absent_parameters_are_none_and_an_empty_required_array_is_empty(
        client: Any, handlers: Echo) -> None:
    client.search.list(ids=[])
    assert handlers.received == {"filter": None, "tags": None, "pipes": None, "filters": None,
                                 "ids": [], "x_shape": None}


def test_a_styled_value_that_does_not_fit_is_a_422(package: ModuleType, handlers: Echo) -> None:
    server = importlib.import_module(f"{PACKAGE}.server")
    with TestClient(server.create_app(handlers)) as http:
        response = http.get("/search", params={"ids": "1", "filter[size]": "big"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "filter", "size"]


def test_operations_without_a_declared_success_return_none(client: Any,
                                                           handlers: Echo) -> None:
    assert client.nothing.list() is None
    assert client.errors_only.delete(id="7") is None
    assert handlers.received == {"id": "7"}
