"""Event schemas written as the server-sent event itself (an envelope `{data: ...}`, issue 13:
the corpus document `together`), end to end: a generated family of envelope shapes (data an
object, a `oneOf` of envelopes with a `[DONE]` sentinel, a `data` union with a `const` sentinel,
data text, a declared `event` and `id`, an envelope behind a `$ref`, data as JSON text by
`contentSchema`, and a body switch beside JSON), each served by the generated mock under uvicorn
on 127.0.0.1. The generated clients (sync and async) must yield the payload `data` carries, and
schemathesis, which validates each parsed event against the served document, must pass.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from live_server import live_server
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from generation_support import imported_package  # noqa: E402

PACKAGE = "event_envelopes"
CHUNK = {"$ref": "#/components/schemas/Chunk"}
SENTINEL = {"type": "string", "enum": ["[DONE]"]}


def events(schema: Any) -> dict[str, Any]:
    return {"200": {"description": "events", "content": {"text/event-stream": {
        "schema": schema}}}}


def envelope(data: Any, *, required: tuple[str, ...] = ("data",), **fields: Any) -> Any:
    return {"type": "object", "required": list(required),
            "properties": {"data": data, **fields}}


SHAPES: dict[str, tuple[str, Any]] = {
    # operationId: (path, event schema)
    "dataObject": ("/object", envelope(CHUNK)),
    "withSentinel": ("/done", {"$ref": "#/components/schemas/ChunkStream"}),
    "dataUnion": ("/data-union", envelope({"oneOf": [CHUNK, {"type": "string",
                                                             "const": "[DONE]"}]})),
    "dataText": ("/text", envelope({"type": "string", "minLength": 2})),
    "namedEvent": ("/named", envelope(CHUNK, event={"type": "string", "const": "chunk"},
                                      id={"type": "string"},
                                      required=("data", "event", "id"))),
    "viaRef": ("/ref", {"$ref": "#/components/schemas/ChunkEvent"}),
    "jsonContent": ("/content", envelope({"type": "string",
                                          "contentMediaType": "application/json",
                                          "contentSchema": CHUNK})),
}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Event envelopes", "version": "1"},
    "paths": {
        **{path: {"get": {"operationId": op_id, "responses": events(schema)}}
           for op_id, (path, schema) in SHAPES.items()},
        "/ask": {"post": {
            "operationId": "ask",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Ask"}}}},
            "responses": {"200": {"description": "the answer, or its events", "content": {
                "application/json": {"schema": CHUNK},
                "text/event-stream": {"schema": {
                    "$ref": "#/components/schemas/ChunkStream"}}}}}}},
    },
    "components": {"schemas": {
        "Chunk": {"type": "object", "required": ["n", "text"], "properties": {
            "n": {"type": "integer"}, "text": {"type": "string"}}},
        "ChunkEvent": envelope(CHUNK),
        "Sentinel": envelope(SENTINEL),
        "ChunkStream": {"oneOf": [{"$ref": "#/components/schemas/ChunkEvent"},
                                  {"$ref": "#/components/schemas/Sentinel"}]},
        "Ask": {"type": "object", "required": ["q"], "properties": {
            "q": {"type": "string"}, "stream": {"type": "boolean"}}},
    }},
}
# The client resource of each path (the generator names them after the path).
RESOURCES = {"/object": "object", "/done": "done", "/data-union": "data_union",
             "/text": "text", "/named": "named", "/ref": "ref", "/content": "content"}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with imported_package(SPEC, tmp_path_factory.mktemp("envelopes"), package=PACKAGE) as pkg:
        yield pkg


@pytest.fixture(scope="module")
def mock_url(package: Any) -> Iterator[str]:
    server = importlib.import_module(f"{PACKAGE}.server")
    with live_server(server.create_app(server.MockHandlers())) as url:
        yield url


@pytest.mark.parametrize("path", sorted(RESOURCES))
def test_the_client_yields_the_payload_data_carries(package: Any, mock_url: str,
                                                    path: str) -> None:
    with package.Client(base_url=mock_url, max_retries=0) as client:
        received = list(getattr(client, RESOURCES[path]).list())
    if path == "/text":
        assert received == ["string"] * 3, "a string `data` is the text itself"
    else:
        assert [type(r) for r in received] == [package.models.Chunk] * 3
        assert all((r.n, r.text) == (0, "string") for r in received)


def test_the_async_client_and_the_body_switch(package: Any, mock_url: str) -> None:
    with package.Client(base_url=mock_url, max_retries=0) as client:
        answer = client.ask.create(q="hi")
        chunks = list(client.ask.create(q="hi", stream=True))
    assert isinstance(answer, package.models.Chunk)
    assert [type(c) for c in chunks] == [package.models.Chunk] * 3

    async def main() -> list[Any]:
        async with package.AsyncClient(base_url=mock_url, max_retries=0) as client:
            return [c async for c in await client.done.list()]

    assert [type(c) for c in asyncio.run(main())] == [package.models.Chunk] * 3


def test_the_wire_carries_the_payload_and_the_declared_fields(mock_url: str) -> None:
    body = httpx.get(f"{mock_url}/named").text
    first = body.split("\n\n")[0].splitlines()
    assert first == ["event: chunk", "id: string", 'data: {"n":0,"text":"string"}']
    assert httpx.get(f"{mock_url}/text").text.startswith("data: string\n\n")
    for path in ("/done", "/data-union"):
        assert httpx.get(f"{mock_url}{path}").text.endswith("data: [DONE]\n\n"), \
            "a sentinel the schema fixes ends the stream"
    assert "[DONE]" not in httpx.get(f"{mock_url}/object").text


def test_the_served_document_says_data_is_json_text(package: Any) -> None:
    served = json.loads((Path(package.__file__).parent / "openapi.json").read_text())
    schema = served["paths"]["/object"]["get"]["responses"]["200"]["content"][
        "text/event-stream"]["schema"]
    assert schema["properties"]["data"] == {
        "type": "string", "contentMediaType": "application/json", "contentSchema": CHUNK}
    assert served["components"]["schemas"]["ChunkEvent"] == envelope(CHUNK), \
        "a component is copied where a stream uses it, never edited"


def test_schemathesis_validates_the_parsed_events(package: Any, mock_url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{mock_url}/openapi.json")
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    streamed: set[str] = set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=3, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
        def run(case: Any) -> None:
            response = case.call(base_url=mock_url, timeout=10)
            case.validate_response(response, checks=checks)
            if any("event-stream" in kind for kind in response.headers.get("content-type", [])):
                streamed.add(case.path)

        run()
    assert set(RESOURCES) <= streamed, "every event stream was checked"
