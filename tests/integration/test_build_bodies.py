"""Request bodies in the IR (generator/ir/build.py, ir/server.py): which body kind a media type
gets, how each form or multipart field travels, and what the client and server print for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.config import Target
from generator.ir.api import Api
from generator.ir.nodes import Operation
from generator.ir.parts import BodyField
from generator.ir.server_nodes import ServerOperation
from generator.pipeline import generate_target
from generator.render.server_markers import fastapi_marker as marker

ROOT = Path(__file__).resolve().parents[2]
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def _post(operation_id: str, content: dict[str, object], *, required: bool = True
          ) -> dict[str, object]:
    return {"post": {
        "operationId": operation_id,
        "requestBody": {"required": required, "content": content},
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": {
                "title": {"type": "string"}, "file": {"type": "string"},
            }},
        }}}},
    }}


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Bodies", "version": "1"},
    "paths": {
        "/form": _post("sendForm", {FORM: {
            "schema": {"$ref": "#/components/schemas/Form"},
            "encoding": {
                "joined": {"style": "form", "explode": False},
                "piped": {"style": "pipeDelimited", "explode": False},
                "kept": {"style": "form", "explode": True},
                "meta": {"style": "deepObject", "explode": True},
                "deep_list": {"style": "deepObject"},
                "name": {"style": "deepObject"},  # means nothing for a scalar
            },
        }}, required=False),
        "/upload": _post("upload", {MULTIPART: {
            "schema": {  # inline: hoisted into a model like a JSON body's
                "type": "object",
                "required": ["file", "title"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "image": {"type": "string", "contentMediaType": "image/png"},
                    "encoded": {"type": "string", "contentEncoding": "base64"},
                    "json_text": {"type": "string", "contentMediaType": "application/json"},
                    "title": {"type": "string"},
                    "meta": {"$ref": "#/components/schemas/Meta"},
                    "metas": {"type": "array", "items": {"$ref": "#/components/schemas/Meta"}},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "level": {"allOf": [{"$ref": "#/components/schemas/Level"}]},
                },
            },
            "encoding": {"file": {"contentType": "image/png, image/jpeg"},
                         "meta": {"contentType": "application/vnd.meta+json"}},
        }}),
        "/raw-multipart": _post("rawMultipart", {MULTIPART: {
            "schema": {"type": "string", "format": "binary"},
        }}),
        "/json": _post("sendJson", {"application/json": {
            "schema": {"$ref": "#/components/schemas/Form"},
        }}),
    },
    "components": {"schemas": {
        "Level": {"type": "string", "enum": ["low", "high"]},
        "Meta": {"type": "object", "properties": {"author": {"type": "string"}}},
        "Form": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "count": {"type": ["integer", "null"]},
                "joined": {"type": "array", "items": {"type": "integer"}},
                "piped": {"type": "array", "items": {"type": "string"}},
                "kept": {"type": "array", "items": {"type": "string"}},
                "meta": {"$ref": "#/components/schemas/Meta"},
                "level": {"$ref": "#/components/schemas/Level"},
                "deep_list": {"type": "array", "items": {"$ref": "#/components/schemas/Meta"}},
            },
        },
    }},
}


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Api:
    spec = tmp_path_factory.mktemp("bodies_ir") / "bodies.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    return generate_target(Target(spec=spec, package="bodies_ir", output=spec.parent),
                           root=ROOT).api


def operation(api: Api, name: str) -> Operation:
    return next(op for op in api.operations if op.name == name)


def served(api: Api, name: str) -> ServerOperation:
    """The server's view of operation `name`."""
    return next(op for op in api.server.operations if op.operation.name == name)


def fields(op: Operation) -> dict[str, BodyField]:
    assert op.body is not None
    return {f.wire_name: f for f in op.body.fields}


def test_form_body_is_a_model_offered_field_by_field(api: Api) -> None:
    op = operation(api, "send_form")
    assert op.body is not None
    assert (op.body.body_kind, op.body.type.hint, op.body.required) == (
        "form", "_models.Form", False)
    got = {name: (f.shape, f.delimiter, f.deep_object, f.content_type, f.type.hint)
           for name, f in fields(op).items()}
    assert got == {
        "name": ("scalar", "", False, "", "str"),
        "count": ("scalar", "", False, "", "int | None"),
        "joined": ("array", ",", False, "", "list[int]"),
        "piped": ("array", "|", False, "", "list[str]"),
        "kept": ("array", "", False, "", "list[str]"),
        "meta": ("object", "", True, "", "_models.Meta"),
        "level": ("scalar", "", False, "", "_models.Level"),
        "deep_list": ("objects", "", True, "", "list[_models.Meta]"),
    }


def test_multipart_fields_files_and_part_types(api: Api) -> None:
    op = operation(api, "upload")
    assert op.body is not None
    assert (op.body.body_kind, op.body.type.hint) == ("multipart", "_models.UploadRequest")
    got = {name: (f.shape, f.content_type, f.type.hint) for name, f in fields(op).items()}
    assert got == {
        "file": ("file", "image/png", "_base.FileInput"),
        "files": ("files", "", "list[_base.FileInput]"),
        "image": ("file", "image/png", "_base.FileInput"),
        "encoded": ("file", "", "_base.FileInput"),
        "json_text": ("scalar", "", "str"),
        "title": ("scalar", "", "str"),
        "meta": ("object", "application/vnd.meta+json", "_models.Meta"),
        "metas": ("objects", "", "list[_models.Meta]"),
        "tags": ("array", "", "list[str]"),
        "level": ("scalar", "", "_models.Level"),
    }
    # Only form-urlencoded arrays are ever joined (OpenAPI ignores style in multipart).
    assert all(f.delimiter == "" and not f.deep_object for f in fields(op).values())


def test_json_body_fields_keep_the_plain_shape(api: Api) -> None:
    op = operation(api, "send_json")
    assert op.body is not None and op.body.body_kind == "json"
    assert {f.shape for f in op.body.fields} == {"scalar"}
    assert {f.delimiter for f in op.body.fields} == {""}
    assert marker(served(api, "send_json").handler_arguments[0]) == "_fastapi.Body()"


def test_multipart_body_that_is_no_object_stays_raw_bytes(api: Api) -> None:
    op = operation(api, "raw_multipart")
    assert op.body is not None
    assert (op.body.body_kind, op.body.type.hint, op.body.fields) == ("binary", "bytes", ())
    assert marker(served(api, "raw_multipart").handler_arguments[0]) == (
        "_fastapi.Depends(_runtime.read_bytes)")


def test_server_reads_forms_with_the_field_shapes(api: Api) -> None:
    form = served(api, "send_form").handler_arguments[0]
    assert (form.name, form.hint, form.required) == ("body", "_models.Form | None", False)
    assert marker(form) == (
        "_fastapi.Depends(_runtime.form_body(_models.Form, required=False, "
        "shapes={'joined': 'array', 'piped': 'array', 'kept': 'array', 'meta': 'object', "
        "'deep_list': 'objects'}, delimiters={'joined': ',', 'piped': '|'}, "
        "deep=('meta', 'deep_list', )))")
    upload = served(api, "upload").handler_arguments[0]
    assert marker(upload).startswith(
        "_fastapi.Depends(_runtime.form_body(_models.UploadRequest, required=True, "
        "shapes={'file': 'file', 'files': 'files', 'image': 'file', 'encoded': 'file', ")
    assert "delimiters" not in marker(upload) and "deep" not in marker(upload)


def test_mock_echoes_text_fields_but_not_files(api: Api) -> None:
    echoed = {e.key: e.body_key for e in served(api, "upload").mock_echo}
    assert echoed == {"title": "title"}  # `file` is declared by the response too
