"""The generated server answers only statuses its served document declares (issue 13, the
corpus gate's `status_code_conformance`), under uvicorn on 127.0.0.1 with the generated mock:

- an operation that declares no success response (no responses at all, or errors only) is
  answered 200 without a body, declared `2XX` in the served `openapi.json` (with a warning);
- a `204` (`205`, `304`) response that declares a body loses it with a warning: `create_app`
  builds, the route answers 204 without a body, and a `$ref`'d response shared with a `200`
  keeps its body there;
- a request that fails validation is answered by one rule: a declared `422`, `400`, `4XX` or
  `default`, else the declared `4xx` nearest to 422 that asks no retry or credential (never 401,
  407, 408, 409, 429), else FastAPI's 422.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from live_server import live_server

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from generation_support import imported_package  # noqa: E402

from generator.cli import main  # noqa: E402

PACKAGE = "declared_statuses"
THING = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
MISSING = {"description": "not found"}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Declared statuses", "version": "1"},
    "paths": {
        "/none": {"get": {"operationId": "none"}},
        "/errors-only": {"delete": {"operationId": "errorsOnly", "responses": {
            "401": {"description": "who"}, "404": MISSING}}},
        "/bodiless": {
            "delete": {"operationId": "bodiless", "responses": {
                "204": {"$ref": "#/components/responses/Thing"}, "404": MISSING}},
            "get": {"operationId": "shared", "responses": {
                "200": {"$ref": "#/components/responses/Thing"}}},
        },
        "/not-modified": {"get": {"operationId": "notModified", "responses": {
            "304": {"description": "same", "content": {"application/json": {"schema": THING}}},
            "200": {"description": "new", "content": {"application/json": {"schema": THING}}}}}},
    },
    "components": {
        "schemas": {"Thing": THING},
        "responses": {"Thing": {"description": "the thing", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}},
    },
}
NAMED = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}}}


def _refusing(operation_id: str, *statuses: str) -> dict[str, Any]:
    responses: dict[str, Any] = {status: {"description": status} for status in statuses}
    return {"post": {"operationId": operation_id, "requestBody": NAMED, "responses": responses}}


REFUSALS = {  # path -> (declared statuses, the answer to an invalid body)
    "/refused-by-404": (("201", "403", "404"), 404),
    "/refused-by-403": (("200", "403", "409", "429"), 403),
    "/refused-by-400": (("200", "400", "404"), 400),
    "/refused-by-default": (("200", "404", "default"), 422),
    "/refused-by-fastapi": (("200", "401", "429", "500"), 422),
}
SPEC["paths"].update({path: _refusing(path.strip("/").replace("-", "_"), *statuses)
                      for path, (statuses, _) in REFUSALS.items()})
CALLS = [("GET", "/none"), ("DELETE", "/errors-only"), ("DELETE", "/bodiless"),
         ("GET", "/bodiless"), ("GET", "/not-modified")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], str]]:
    folder = tmp_path_factory.mktemp("declared_statuses")
    with imported_package(SPEC, folder, package=PACKAGE):
        server = importlib.import_module(f"{PACKAGE}.server")
        document = json.loads((folder / PACKAGE / "openapi.json").read_text(encoding="utf-8"))
        with live_server(server.create_app(server.MockHandlers())) as url:
            yield document, url


def declares(document: dict[str, Any], method: str, path: str, status: int) -> bool:
    """True when the served document declares `status` for the operation (exactly, by its
    range, or by `default`)."""
    responses = document["paths"][path][method.lower()].get("responses") or {}
    return any(key in (str(status), f"{str(status)[0]}XX", "default") for key in responses)


@pytest.mark.parametrize(("method", "path"), CALLS)
def test_the_server_answers_a_declared_status(served: tuple[dict[str, Any], str], method: str,
                                              path: str) -> None:
    document, url = served
    response = httpx.request(method, url + path)
    assert response.status_code < 400, response.text
    assert declares(document, method, path, response.status_code), response.status_code


def test_a_bodiless_status_answers_without_a_body(served: tuple[dict[str, Any], str]) -> None:
    document, url = served
    response = httpx.delete(url + "/bodiless")
    assert (response.status_code, response.content) == (204, b"")
    assert "content" not in document["paths"]["/bodiless"]["delete"]["responses"]["204"]
    shared = httpx.get(url + "/bodiless")
    assert shared.status_code == 200 and "id" in shared.json()


def test_each_repair_is_a_located_warning_and_strict_refuses(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--output", str(out), "--package", "p"]) == 0
    err = capsys.readouterr().err
    assert "declares no response" in err and "(at /paths/~1none/get)" in err
    assert "declares no success response" in err
    assert "(at /paths/~1errors-only/delete/responses)" in err
    assert "a 204 response carries no body" in err and "a 304 response" in err
    assert main(["generate", str(spec), "--output", str(out), "--package", "p", "--strict",
                 "-q"]) != 0


@pytest.mark.parametrize("path", sorted(REFUSALS))
def test_an_invalid_request_is_answered_by_the_one_rule(served: tuple[dict[str, Any], str],
                                                         path: str) -> None:
    _document, url = served
    response = httpx.post(url + path, json={"name": 3})
    assert response.status_code == REFUSALS[path][1], response.text
    assert httpx.post(url + path, json={"name": "x"}).status_code < 300
