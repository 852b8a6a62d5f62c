"""The generated mock answering from synthesized samples, over real HTTP (uvicorn on
127.0.0.1) through the generated client: each sample is valid for the response schema (a
`oneOf` matched by exactly one variant) and for the model the client reads it into, and a HEAD
operation, which by HTTP has no response content (RFC 9110 9.3.2), is neither answered with a
body nor parsed as one, and its answer names the media type GET would send. A body typed as a
RootModel is passed whole (`body=`). A property the
schema requires but never declares (Hatchet's V1TaskSummary `id`) is in the served sample."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

import httpx
import pytest
from generation_support import imported_package
from live_server import live_server


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "samples", "version": "1"},
    "paths": {
        # A schema a discriminator names, used on its own: its model requires the tag.
        "/track": {"get": {"operationId": "get_track", "responses": _ok(_ref("Track"))}},
        # A `format: uri` whose spec example is a relative reference.
        "/link": {"get": {"operationId": "get_link", "responses": _ok(_ref("Link"))}},
        # `[]` fits both variants; one item fits only the first.
        "/rows": {"get": {"operationId": "get_rows", "responses": _ok({"oneOf": [
            {"type": "array", "items": _ref("Track")},
            {"type": "array", "items": {"type": "array", "items": _ref("Track")}}]})}},
        # An `allOf` with a `oneOf` part whose first variant is a string.
        "/job": {"get": {"operationId": "get_job", "responses": _ok({"allOf": [
            _ref("Kind"),
            {"type": "object", "required": ["name"],
             "properties": {"name": {"type": "string"}}}]})}},
        # A body typed as a RootModel (an allOf over a union): no `root` field argument.
        "/sources": {"post": {"operationId": "create_source", "requestBody": {
            "required": True, "content": {"application/json": {"schema": _ref("Source")}}},
            "responses": _ok(_ref("Link"))}},
        "/task": {"get": {"operationId": "get_task", "responses": _ok(_ref("TaskSummary"))}},
        "/exists": {"head": {"operationId": "exists", "responses": {
            "200": {"description": "present", "content": {"application/json": {}}},
            "404": {"description": "absent", "content": {"application/json": {}}}}}},
    },
    "components": {"schemas": {
        "Track": {"type": "object", "properties": {
            "type": {"type": "string", "enum": ["track"]}, "name": {"type": "string"}}},
        "Episode": {"type": "object", "properties": {
            "type": {"type": "string", "enum": ["episode"]}}},
        "Item": {"type": "object", "properties": {"item": {
            "oneOf": [_ref("Track"), _ref("Episode")],
            "discriminator": {"propertyName": "type"}}}},
        "Link": {"type": "object", "required": ["url"], "properties": {
            "url": {"type": "string", "format": "uri", "example": "/contacts/1/notes"}}},
        "Source": {"allOf": [_ref("Kind"), {"type": "object", "required": ["name"],
                                            "properties": {"name": {"type": "string"}}}]},
        "TaskSummary": {"type": "object", "required": ["id", "name"],
                        "properties": {"name": {"type": "string"}}},
        "Kind": {"oneOf": [
            {"type": "string", "enum": ["web_scrape"]},
            {"type": "object", "required": ["github"],
             "properties": {"github": {"type": "string"}}}]},
    }},
}


@pytest.mark.slow
def test_the_mock_answers_every_operation_through_the_client(tmp_path: Path) -> None:
    with imported_package(SPEC, tmp_path, package="mock_samples") as pkg:
        server = importlib.import_module("mock_samples.server")
        with live_server(server.create_app(server.MockHandlers())) as url, \
                pkg.Client(base_url=url, max_retries=0) as client:
            assert client.track.list().model_dump(mode="json", exclude_unset=True) == {
                "type": "track"}
            assert str(client.link.list().url).startswith("https://")
            rows = client.rows.list()
            assert [r.model_dump(mode="json", exclude_unset=True) for r in rows.root] == [
                {"type": "track"}]
            job = client.job.list()
            assert job.model_dump(mode="json", exclude_unset=True) == {
                "github": "string", "name": "string"}
            assert client.exists.head() is None
            head = httpx.head(f"{url}/exists")  # GET's media type, no body (RFC 9110 9.3.2)
            assert (head.status_code, head.headers.get("content-type"), head.content) == (
                200, "application/json", b"")
            assert set(httpx.get(f"{url}/task").json()) == {"id", "name"}
            assert set(client.task.list().model_dump(exclude_unset=True)) == {"id", "name"}
            create = client.sources.create
            assert "root" not in inspect.signature(create).parameters
            body = pkg.models.Source.model_validate({"github": "g", "name": "n"})
            assert str(create(body=body).url).startswith("https://")
