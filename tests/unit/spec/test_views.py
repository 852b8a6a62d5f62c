"""generator.spec.views and generator.spec.operations: typed read-only views of the raw spec."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.spec.operations import DocumentView, operations, path_item_operations
from generator.spec.views import MediaTypeView, content_of

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pets", "version": 2, "description": ["not text"]},
    "servers": [{"url": "https://{env}.example.com", "variables": {"env": {"default": "api"}}},
                {"description": "no url"}, "junk"],
    "security": [{"key": []}, "junk"],
    "paths": {
        "/pets/{id}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "trace", "in": "header", "schema": {"type": "string"}},
            ],
            "get": {
                "operationId": "getPet",
                "tags": ["pets"],
                "summary": "Get",
                "deprecated": True,
                "x-apigen-name": "fetch",
                "parameters": [
                    {"$ref": "#/components/parameters/Trace"},
                    {"$ref": "#/components/parameters/Missing"},
                ],
                "requestBody": {"$ref": "#/components/requestBodies/Pet"},
                "responses": {
                    "200": {"$ref": "#/components/responses/Pet"},
                    "default": "not a response",
                },
                "security": [],
            },
            "post": {"operationId": "", "tags": "pets", "responses": [], "security": "x"},
        },
    },
    "components": {
        "parameters": {"Trace": {"name": "trace", "in": "header", "required": "yes",
                                 "style": 3, "explode": False}},
        "requestBodies": {"Pet": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"},
                                 "encoding": {"photo": {"contentType": "image/png"}}},
            "text/plain": "junk",
        }}},
        "responses": {"Pet": {"description": "a pet", "headers": {
            "Link": {"$ref": "#/components/headers/Link"}},
            "content": {"application/json": {
                "example": {"id": 1},
                "examples": {"a": {"$ref": "#/components/examples/A"}, "b": {"summary": "x"}},
            }}}},
        "headers": {"Link": {"description": "next", "schema": {"type": "string"}}},
        "examples": {"A": {"value": {"id": 2}}},
        "securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "k"},
                            "ref": {"$ref": "#/components/securitySchemes/key"},
                            "bad": "junk"},
        "schemas": {"Pet": {"type": "object"}},
    },
}


def test_operation_reads_its_fields_and_follows_refs() -> None:
    get, post = operations(DOC)
    assert (get.path, get.method, get.pointer) == ("/pets/{id}", "get", "/paths/~1pets~1{id}/get")
    assert get.operation_id == "getPet" and post.operation_id is None
    assert get.tags == ["pets"] and post.tags == []
    assert get.summary == "Get" and get.description == ""
    assert get.deprecated and not post.deprecated
    assert get.extensions == {"x-apigen-name": "fetch"}
    assert get.security == [] and post.security is None  # a wrong type reads as absent


def test_parameters_merge_path_level_with_operation_level() -> None:
    get = next(operations(DOC))
    declared = list(get.declared_parameters())
    assert [p.pointer for p in declared] == [
        "/paths/~1pets~1{id}/parameters/0", "/paths/~1pets~1{id}/parameters/1",
        "/paths/~1pets~1{id}/get/parameters/0"]  # the dangling $ref is skipped
    merged = get.parameters
    assert [p.key for p in merged] == [("path", "id"), ("header", "trace")]
    trace = merged[1]
    assert trace.pointer.endswith("/get/parameters/0")
    assert not trace.required and trace.style == "" and trace.explode is False
    assert merged[0].required and merged[0].schema == {"type": "string"}


def test_request_body_and_media_types() -> None:
    body = next(operations(DOC)).request_body
    assert body is not None and body.required and body.description == ""
    content = body.content
    assert list(content) == ["application/json", "text/plain"]
    json = content["application/json"]
    assert json.schema == {"$ref": "#/components/schemas/Pet"}  # schemas keep their $ref
    assert json.encoding("photo").content_type == "image/png"
    assert json.encoding("other").content_type is None
    assert content["text/plain"].raw == {} and not content["text/plain"].has_schema


def test_responses_headers_and_examples() -> None:
    get, post = operations(DOC)
    assert post.responses == {}
    ok, default = get.responses.values()
    assert ok.status == "200" and ok.description == "a pet"
    assert ok.pointer == "/paths/~1pets~1{id}/get/responses/200"
    assert default.raw == {} and default.content == {}
    link = ok.headers["Link"]
    assert link.description == "next" and link.schema == {"type": "string"}
    media = ok.content["application/json"]
    assert media.has_example and media.example == {"id": 1}
    assert list(media.example_values()) == [{"id": 2}]


def test_document_level_views() -> None:
    doc = DocumentView(DOC)
    assert (doc.title, doc.version, doc.description) == ("Pets", "2", "")
    assert [(s.url, s.defaults) for s in doc.servers] == [
        ("https://{env}.example.com", {"env": "api"})]
    assert doc.security == [{"key": []}]
    schemes = doc.security_schemes
    assert list(schemes) == ["key", "ref"]
    assert schemes["ref"].location == "query" and schemes["ref"].name == "k"
    assert schemes["ref"].wire_name == "k" and schemes["ref"].type == "apiKey"


def test_set_schema_writes_back_but_never_into_a_malformed_media_type() -> None:
    raw: dict[str, Any] = {"schema": {"type": "object"}}
    content = content_of(None, {"a/json": raw, "b/json": 7}, "")
    content["a/json"].set_schema({"$ref": "#/x"})
    content["b/json"].set_schema({"$ref": "#/x"})
    assert raw == {"schema": {"$ref": "#/x"}}
    assert content["b/json"].raw == {} and MediaTypeView("c/d", {}).schema is None


# Any JSON value, where the document has one of a given type.
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_KEYS = ["parameters", "requestBody", "responses", "security", "servers", "tags",
         "operationId", "callbacks", "content", "headers", "schema", "encoding", "examples",
         "in", "name", "required", "style", "explode", "description", "variables", "url"]


def _read_everything(document: dict[str, Any]) -> None:
    doc = DocumentView(document)
    _ = (doc.title, doc.version, doc.description, doc.security, doc.servers)
    for scheme in doc.security_schemes.values():
        _ = (scheme.type, scheme.scheme, scheme.location, scheme.name, scheme.wire_name,
             scheme.description)
    for op in doc.operations():
        _ = (op.operation_id, op.tags, op.summary, op.description, op.deprecated,
             op.security, op.servers, op.callbacks, op.extensions)
        for param in op.parameters:
            _ = (param.key, param.schema, param.style, param.explode, param.required,
                 param.deprecated, param.allow_empty_value, param.description)
            for media in param.content.values():
                _ = (media.schema, media.example, list(media.example_values()))
        body = op.request_body
        for media in (body.content if body is not None else {}).values():
            _ = (media.schema, media.item_schema, media.encoding("a").style,
                 media.encoding("a").explode, media.encoding("a").content_type)
        for response in op.responses.values():
            _ = (response.description, list(response.content))
            for header in response.headers.values():
                _ = (header.schema, header.required, header.description, header.content)
            for media in response.content.values():
                _ = list(media.example_values())


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _json, max_size=6), _json, _json)
def test_wrong_typed_values_read_as_absent_and_never_raise(
        operation: dict[str, Any], components: Any, top: Any) -> None:
    """The fuzzer's rule: whatever a key holds, reading a view never raises."""
    document = {"paths": {"/a": {"get": operation, "parameters": top}},
                "components": components, "servers": top, "security": top, "info": top}
    _read_everything(document)
    # Nested: the same hostile values one level down, where responses and bodies are read.
    nested = {"paths": {"/a": {"post": {
        "requestBody": {"content": {"x/y": operation}},
        "responses": {"200": operation, "4XX": {"headers": {"h": operation}}},
        "parameters": [operation, {"$ref": "#/nowhere"}],
    }}}}
    _read_everything(nested)


def test_document_version_components_webhooks_and_callbacks() -> None:
    hook = {"post": {"operationId": "stockLow"}, "get": "junk"}
    document: dict[str, Any] = {
        "openapi": "3.0.3", "x-apigen-retry-count-header": False, "components": 7,
        "webhooks": {"stock": {"$ref": "#/x-hooks/stock"}, "bad": 1},
        "x-hooks": {"stock": hook},
        "paths": {"/a": {"post": {"callbacks": {
            "done": {"{$request.body#/url}": {"$ref": "#/x-hooks/stock"}}, "none": []}}}},
    }
    doc = DocumentView(document)
    assert doc.openapi == "3.0.3" and doc.is_oas30 and not DocumentView({}).is_oas30
    assert DocumentView({}).openapi == "3.1.0" and doc.components == {}
    assert doc.extensions == {"x-apigen-retry-count-header": False, "x-hooks": {"stock": hook}}
    assert doc.webhooks == {"stock": hook, "bad": 1}
    [post] = doc.operations()
    assert post.callbacks == {"done": {"{$request.body#/url}": hook}, "none": {}}
    [hooked] = path_item_operations(document, doc.webhooks["stock"], "/webhooks/stock")
    assert (hooked.method, hooked.operation_id, hooked.pointer) == (
        "post", "stockLow", "/webhooks/stock/post")
    assert list(path_item_operations(document, "junk", "")) == []
