"""Parameters FastAPI cannot type from text on its own (generator/ir/server.py `_parameter_read`,
printed by generator/render/server_markers.py, and
`_runtime.styled`): integer enums in every location, arrays and objects in the path, and objects
exploded in the `simple` style, which the client must spell `k=v,k2=v2`."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from generator.config import Target
from generator.ir.api import Api
from generator.ir.server_nodes import ServerOperation
from generator.pipeline import generate_target
from generator.render.server_markers import fastapi_marker as marker

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "typed_params"
LEVEL = {"type": "integer", "enum": [0, 1, 2]}
POINT = {"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Typed", "version": "1"},
    "paths": {
        "/levels/{level}/{labels}": {"get": {
            "operationId": "levels",
            "parameters": [
                {"name": "level", "in": "path", "required": True, "schema": LEVEL},
                {"name": "labels", "in": "path", "required": True,
                 "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Level"}},
                {"name": "many", "in": "query", "required": True,
                 "schema": {"type": "array", "items": LEVEL}},
                {"name": "one", "in": "query", "schema": {"const": 2}},
                {"name": "X-Level", "in": "header", "schema": LEVEL},
                {"name": "X-Point", "in": "header", "explode": True,
                 "schema": {"$ref": "#/components/schemas/Point"}},
                {"name": "lvl", "in": "cookie", "schema": LEVEL},
                {"name": "plain", "in": "query", "schema": {"type": "integer"}},
            ],
            "responses": {"204": {"description": "done"}},
        }},
    },
    "components": {"schemas": {"Level": LEVEL, "Point": POINT}},
}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    spec = tmp_path_factory.mktemp("typed_ir") / "typed.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return generate_target(Target(spec=spec, package=PACKAGE, output=spec.parent),
                           root=ROOT).api


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    sys.path.insert(0, str(ROOT / "tests"))
    from generation_support import imported_package

    with imported_package(SPEC, tmp_path_factory.mktemp("typed"), package=PACKAGE) as module:
        yield module


def operation(api: Api) -> ServerOperation:
    return api.server.operations[0]


def test_integer_enums_and_path_arrays_are_read_by_the_styled_dependency(api: Api) -> None:
    markers = {a.name: marker(a) for a in operation(api).handler_arguments}
    for name in ("level", "q", "one", "x_level", "lvl"):
        assert "_runtime.styled(" in markers[name] and "shape='scalar'" in markers[name], name
    assert "shape='array'" in markers["many"] and "_runtime.styled(" in markers["many"]
    # A path parameter is read from its route placeholder, which bears the Python name.
    assert markers["labels"].startswith("_fastapi.Depends(_runtime.styled('path', 'labels',")
    assert "shape='object'" in markers["x_point"] and "explode=True" in markers["x_point"]
    assert markers["plain"] == "_fastapi.Query(alias='plain')"


class Echo:
    def __init__(self) -> None:
        self.received: dict[str, Any] = {}

    async def levels(self, **kwargs: Any) -> None:
        self.received = kwargs


@pytest.fixture
def served(package: ModuleType) -> Iterator[tuple[Any, Echo, TestClient]]:
    handlers = Echo()
    server = importlib.import_module(f"{PACKAGE}.server")
    with TestClient(server.create_app(handlers), base_url="http://test") as http:
        yield package.Client(base_url="http://test", http_client=http, max_retries=0), \
            handlers, http


def test_typed_values_arrive_typed(package: ModuleType,
                                   served: tuple[Any, Echo, TestClient]) -> None:
    client, handlers, _ = served
    m = package.models
    client.levels.retrieve(level=2, labels=["a", "b c"], q=m.Level(1), many=[0, 2], one=2,
                           x_level=1, x_point=m.Point(x=3, y=-4), lvl=0, plain=7)
    got = handlers.received
    assert got == {"level": 2, "labels": ["a", "b c"], "q": m.Level(1), "many": [0, 2],
                   "one": 2, "x_level": 1, "x_point": m.Point(x=3, y=-4), "lvl": 0,
                   "plain": 7}
    assert [type(got[k]) for k in ("level", "one", "x_level", "lvl", "plain")] == [int] * 5
    assert type(got["q"]) is m.Level and [type(v) for v in got["many"]] == [int, int]


def test_absent_optional_values_are_none_and_an_empty_required_array_is_empty(
        served: tuple[Any, Echo, TestClient]) -> None:
    client, handlers, _ = served
    client.levels.retrieve(level=0, labels=["x"], many=[])
    assert handlers.received == {"level": 0, "labels": ["x"], "q": None, "many": [],
                                 "one": None, "x_level": None, "x_point": None,
                                 "lvl": None, "plain": None}


@pytest.mark.parametrize(("path", "params", "headers", "loc"), [
    ("/levels/3/a", {}, {}, ["path", "level"]),
    ("/levels/1/a", {"q": "7"}, {}, ["query", "q"]),
    ("/levels/1/a", {"many": ["1", "5"]}, {}, ["query", "many", 1]),
    ("/levels/1/a", {"one": "1"}, {}, ["query", "one"]),
    ("/levels/1/a", {}, {"X-Level": "two"}, ["header", "X-Level"]),
])
def test_a_value_outside_the_enum_is_a_422(served: tuple[Any, Echo, TestClient], path: str,
                                           params: dict[str, Any], headers: dict[str, str],
                                           loc: list[Any]) -> None:
    _, handlers, http = served
    response = http.get(path, params=params, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert handlers.received == {}


def test_the_client_spells_exploded_simple_objects_with_equals_signs(
        package: ModuleType) -> None:
    base = importlib.import_module(f"{PACKAGE}._base")
    point = package.models.Point(x=1, y=2)
    assert base.simple(point) == "x,1,y,2"
    assert base.simple(point, True) == "x=1,y=2"
    assert base.simple([1, 2], True) == "1,2"  # arrays read the same either way
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    with package.Client(base_url="http://test", max_retries=0,
                        http_client=httpx.Client(transport=httpx.MockTransport(record))) as c:
        c.levels.retrieve(level=1, labels=["a"], many=[1], x_point=point)
    assert sent[0].headers["X-Point"] == "x=1,y=2"
