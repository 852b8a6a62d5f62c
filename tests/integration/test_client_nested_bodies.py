"""Body fields given as keyword arguments whose values are nested objects: a caller writes a
nested dict in the API's own (wire) names, or in attribute names, or passes a model; all three
send the same JSON. (A dict in wire names failed client-side validation: the top-level fields
were validated by attribute name only, and that reached the nested models too.)"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from client_support import Server, flavour, make_client, run
from generation_support import imported_package

__all__ = ["flavour"]

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "nested", "version": "1"},
    "paths": {"/builds": {"post": {
        "operationId": "startBuild",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/BuildStart"}}}},
        "responses": {"204": {"description": "started"}}}}},
    "components": {"schemas": {
        "BuildStart": {"type": "object", "required": ["fromImage"], "properties": {
            "fromImage": {"type": "string"},
            "registry": {"oneOf": [{"$ref": "#/components/schemas/AwsRegistry"},
                                   {"$ref": "#/components/schemas/GcpRegistry"}],
                         "discriminator": {"propertyName": "type", "mapping": {
                             "aws": "#/components/schemas/AwsRegistry",
                             "gcp": "#/components/schemas/GcpRegistry"}}},
            "steps": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}}}},
        "AwsRegistry": {"type": "object", "required": ["type", "awsAccessKeyId"], "properties": {
            "type": {"type": "string", "enum": ["aws"]},
            "awsAccessKeyId": {"type": "string"}}},
        "GcpRegistry": {"type": "object", "required": ["type", "serviceAccountJson"],
                        "properties": {"type": {"type": "string", "enum": ["gcp"]},
                                       "serviceAccountJson": {"type": "string"}}},
        "Step": {"type": "object", "required": ["stepType"], "properties": {
            "stepType": {"type": "string"}, "filesHash": {"type": "string"}}},
    }},
}
SENT = (b'{"fromImage":"alpine","registry":{"type":"aws","awsAccessKeyId":"AK"},'
        b'"steps":[{"stepType":"RUN","filesHash":"h"}]}')


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with imported_package(SPEC, tmp_path_factory.mktemp("nested"),
                          package="apigen_nested_bodies") as package:
        yield package


def test_nested_values_in_wire_names(nested: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(204))
    client = make_client(nested, flavour, server)
    run(client.builds.create(from_image="alpine",
                             registry={"type": "aws", "awsAccessKeyId": "AK"},
                             steps=[{"stepType": "RUN", "filesHash": "h"}]))
    assert server.last.content == SENT


def test_nested_values_in_attribute_names_or_models(nested: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(204))
    client = make_client(nested, flavour, server)
    models = nested.models
    run(client.builds.create(from_image="alpine",
                             registry={"type": "aws", "aws_access_key_id": "AK"},
                             steps=[models.Step(step_type="RUN", files_hash="h")]))
    assert server.last.content == SENT


