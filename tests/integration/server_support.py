"""A spec that exercises what the seed specs do not (several success statuses, every parameter
location, every security scheme kind, optional auth, text, binary and empty bodies), and helpers
to generate it and to call a generated app in-process."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]

ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "integer", "minimum": 1000},
        "message": {"type": "string", "minLength": 3},
    },
}
PET = {
    "type": "object",
    "required": ["id", "name", "kind"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "name": {"type": "string"},
        "kind": {"$ref": "#/components/schemas/Kind"},
        "tag": {"type": "string"},
        "note": {"type": ["string", "null"]},
        "born": {"type": "string", "format": "date-time"},
        "petId": {"type": "integer"},
    },
}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": _json({"$ref": "#/components/schemas/Error"})}


PET_ID = {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": "1.0.0"},
    "paths": {
        "/pets": {
            "get": {
                "operationId": "listPets",
                "security": [],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "tag-name", "in": "query", "schema": {"type": "string"}},
                    {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "Pets",
                            "content": _json({"type": "array",
                                              "items": {"$ref": "#/components/schemas/Pet"}})},
                },
            },
            "post": {
                "operationId": "createPet",
                "tags": ["pets"],
                "summary": "Create or replace a pet",
                "security": [{"bearer": []}],
                "requestBody": {"required": True,
                                "content": _json({"$ref": "#/components/schemas/Pet"})},
                "responses": {
                    "200": {"description": "Replaced",
                            "content": _json({"$ref": "#/components/schemas/Pet"})},
                    "201": {"description": "Created",
                            "content": _json({"$ref": "#/components/schemas/Pet"})},
                    "400": _error("Bad pet"),
                    "401": _error("Who are you"),
                    "403": _error("Not yours"),
                    "409": {"description": "Exists"},
                    "500": _error("Broken"),
                },
            },
        },
        "/pets/{petId}": {
            "parameters": [PET_ID],
            "get": {
                "operationId": "getPet",
                "security": [{"basic": []}, {"key_query": []}],
                "responses": {
                    "200": {"description": "The pet",
                            "content": _json({"$ref": "#/components/schemas/Pet"})},
                    "404": _error("No such pet"),
                    "default": {"description": "Anything else", "content": {
                        "application/problem+json": {
                            "schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
            "delete": {
                "operationId": "deletePet",
                "security": [{"key_cookie": []}],
                "responses": {"204": {"description": "Gone"}},
            },
        },
        "/pets/{petId}/photo": {
            "parameters": [PET_ID],
            "put": {
                "operationId": "putPhoto",
                "security": [{"bearer": [], "key_query": []}],
                "requestBody": {"required": True, "content": {
                    "application/octet-stream": {"schema": {"type": "string",
                                                            "format": "binary"}}}},
                "responses": {"200": {"description": "Stored", "content": _json({
                    "type": "object", "required": ["size"],
                    "properties": {"size": {"type": "integer"}}})}},
            },
        },
        "/health": {
            "get": {
                "operationId": "health",
                "security": [{}, {"bearer": []}],
                "responses": {"200": {"description": "OK",
                                      "content": {"text/plain": {"schema": {"type": "string"}}}}},
            },
        },
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "basic": {"type": "http", "scheme": "basic"},
            "key_query": {"type": "apiKey", "in": "query", "name": "api_key"},
            "key_cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
        },
        "schemas": {
            "Pet": PET,
            "Kind": {"type": "string", "enum": ["cat", "dog"]},
            "Error": ERROR,
        },
    },
}


def generate_pets(out: Path, package: str) -> Path:
    """Generate SPEC as `package` into `out` (put on sys.path) and return the package folder."""
    sys.path.insert(0, str(ROOT))
    from generator.config import Target
    from generator.output.emit import write_package
    from generator.pipeline import generate_target

    spec = out / "pets.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    target = Target(spec=spec, package=package, output=out)
    write_package(generate_target(target, root=ROOT).package, target.directory)
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    return target.directory


def call(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request to an ASGI app, in-process (no network)."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(send())


def assert_conforms(spec: dict[str, Any], *, path: str, method: str, status: int,
                    body: Any) -> None:
    """Fail unless `body` validates against the schema `spec` declares for that response."""
    from openapi_schema_validator import OAS31Validator, oas31_format_checker

    responses = spec["paths"][path][method.lower()]["responses"]
    declared = responses.get(str(status)) or responses.get(f"{status // 100}XX") \
        or responses["default"]
    while "$ref" in declared:
        declared = _resolve(spec, declared["$ref"])
    schema = declared["content"]["application/json"]["schema"]
    validator = OAS31Validator({**spec, **schema}, format_checker=oas31_format_checker)
    errors = [e.message for e in validator.iter_errors(body)]
    assert errors == [], errors


def _resolve(spec: dict[str, Any], ref: str) -> Any:
    node: Any = spec
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node
