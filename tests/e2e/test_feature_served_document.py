"""The served `openapi.json` describes what the generated server reads (issue 13, the corpus
gate: Elasticsearch's `GET /_info/{target}`).

A parameter whose schema is a union of a scalar and an array of it (`oneOf: [Target, array of
Target]`, `$ref`'d or inline, `oneOf` or `anyOf`) is read as an array. Served as the union,
schemathesis found no `type` to pick a serialization from and sent the array as its Python
text (`['http', 'ingest']`, a 422 for an enum, a stray route for a `/` inside a string); served
as `type: array` it travels comma-separated (path, header) or key by key (query), and every
request schemathesis draws from the served document is answered 2xx with the values sent.

Operations whose routes overlap are served as the server routes them (Elasticsearch's
inference API):
- a template's parameter never takes the literal segment of a more concrete path, which the
  server routes first (`POST /jobs/{kind}/{id}` with `kind=rank` is `POST /jobs/rank/{id}`,
  which requires another body: a 422);
- of templated paths that differ only in their parameters' names (`PUT /models/{kind}/{id}`
  and `PUT /models/{kind}/{other_id}`, one route) the later is left out, with a warning (the
  first answered it, with the first's body).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from live_server import live_server
from schemathesis.checks import not_a_server_error, status_code_conformance
from schemathesis.generation import GenerationMode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from generation_support import imported_package  # noqa: E402

PACKAGE = "served_document"
TARGET = {"type": "string", "enum": ["_all", "http", "ingest"]}
NAME = {"type": "string", "minLength": 1}
TARGETS = {"oneOf": [{"$ref": "#/components/schemas/Target"},
                     {"type": "array", "items": {"$ref": "#/components/schemas/Target"}}]}
NAMES = {"anyOf": [NAME, {"type": "array", "items": NAME}]}
# (location, schema) for every spelling of the union the corpus uses.
UNIONS: list[tuple[str, dict[str, Any]]] = [
    ("path", {"$ref": "#/components/schemas/Targets"}),
    ("path", NAMES),
    ("header", {"$ref": "#/components/schemas/Targets"}),
    ("query", {"$ref": "#/components/schemas/Targets"}),
    ("query", NAMES),
]


def _operation(index: int, where: str, schema: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    name = f"X-Value{index}" if where == "header" else f"value{index}"
    path = f"/op{index}/{{{name}}}" if where == "path" else f"/op{index}"
    return path, {"get": {
        "operationId": f"op{index}",
        "parameters": [{"name": name, "in": where, "required": True, "schema": schema}],
        "responses": {"204": {"description": "done"}}}}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Served document", "version": "1"},
    "paths": dict(_operation(i, where, schema) for i, (where, schema) in enumerate(UNIONS)),
    "components": {"schemas": {"Target": TARGET, "Targets": TARGETS}},
}


class Recorder:
    """Handlers that keep every call's arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        async def handle(**kwargs: Any) -> None:
            self.calls.append((name, kwargs))

        return handle


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with imported_package(SPEC, tmp_path_factory.mktemp(PACKAGE), package=PACKAGE) as module:
        yield module


def test_a_scalar_or_array_parameter_is_served_as_an_array(package: Any) -> None:
    import json

    served = json.loads((Path(package.__file__).parent / "openapi.json").read_text())
    schemas = [served["paths"][path]["get"]["parameters"][0]["schema"]
               for path, _ in (_operation(i, w, s) for i, (w, s) in enumerate(UNIONS))]
    assert schemas == [
        {"type": "array", "items": {"$ref": "#/components/schemas/Target"}, "minItems": 1},
        {"type": "array", "items": NAME, "minItems": 1},
        {"type": "array", "items": {"$ref": "#/components/schemas/Target"}, "minItems": 1},
        {"type": "array", "items": {"$ref": "#/components/schemas/Target"}, "minItems": 1},
        {"type": "array", "items": NAME, "minItems": 1},
    ]
    assert served["components"]["schemas"]["Targets"] == TARGETS  # the model keeps its union


def test_schemathesis_requests_from_the_served_document_are_read(package: Any) -> None:
    recorder = Recorder()
    app = importlib.import_module(f"{PACKAGE}.server").create_app(recorder)
    with live_server(app) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")

        @settings(max_examples=60, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=schema.as_strategy(GenerationMode.POSITIVE))
        def run(case: Any) -> None:
            response = case.call(base_url=url, timeout=10)
            case.validate_response(response,
                                   checks=[not_a_server_error, status_code_conformance])
            assert response.status_code == 204, response.text

        run()
    assert {name for name, _ in recorder.calls} == {f"op{i}" for i in range(len(UNIONS))}


OVERLAP = "served_overlap"
INPUT = {"type": "object", "required": ["input"], "properties": {"input": {"type": "string"}}}
QUERY = {"type": "object", "required": ["query"], "properties": {"query": {"type": "string"}}}
KIND = {"name": "kind", "in": "path", "required": True,
        "schema": {"type": "string", "enum": ["embed", "rank"]}}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _answer(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


OVERLAP_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Overlapping routes", "version": "1"},
    "paths": {
        "/jobs/{kind}/{id}": {"parameters": [KIND, _id("id")], "post": {
            "operationId": "runJob", "requestBody": _body(INPUT), "responses": _answer(INPUT)}},
        "/jobs/rank/{id}": {"post": {
            "operationId": "rank", "parameters": [_id("id")], "requestBody": _body(QUERY),
            "responses": _answer(QUERY)}},
        "/models/{kind}/{id}": {"put": {
            "operationId": "putModel", "parameters": [KIND, _id("id")],
            "responses": _answer(INPUT)}},
        "/models/{kind}/{other_id}": {"put": {
            "operationId": "putOther", "parameters": [KIND, _id("other_id")],
            "responses": _answer(QUERY)}},
    },
}


@pytest.fixture(scope="module")
def overlap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with imported_package(OVERLAP_SPEC, tmp_path_factory.mktemp(OVERLAP),
                          package=OVERLAP) as module:
        yield module


def test_overlapping_routes_are_served_as_routed(overlap: Any) -> None:
    import json

    served = json.loads((Path(overlap.__file__).parent / "openapi.json").read_text())
    assert "/models/{kind}/{other_id}" not in served["paths"]
    job = served["paths"]["/jobs/{kind}/{id}"]
    assert job["parameters"] == [KIND, _id("id")]  # the path item's own are kept
    assert job["post"]["parameters"] == [
        {**KIND, "schema": {"type": "string", "enum": ["embed"]}}]
    client = (Path(overlap.__file__).parent / "_client.py").read_text()
    assert "def put_other(" in client  # the client still calls it


def test_schemathesis_requests_reach_the_operation_they_were_drawn_for(overlap: Any) -> None:
    from schemathesis.checks import response_schema_conformance

    server = importlib.import_module(f"{OVERLAP}.server")
    with live_server(server.create_app(server.MockHandlers())) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")

        @settings(max_examples=40, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=schema.as_strategy(GenerationMode.POSITIVE))
        def run(case: Any) -> None:
            response = case.call(base_url=url, timeout=10)
            case.validate_response(response, checks=[
                not_a_server_error, status_code_conformance, response_schema_conformance])

        run()
