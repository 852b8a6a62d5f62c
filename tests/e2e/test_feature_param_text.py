"""How the generated server reads values that travel as text (issue 13, the corpus gate):
query, header and cookie parameters and form fields, under uvicorn on 127.0.0.1.

- a value whose schema admits null (`nullable`, a `null` type, a `null` enum member, a
  `oneOf` branch) reads the text `null` as null; a plain string keeps the text `null`;
- an empty value of a query parameter that declares `allowEmptyValue` (JupyterHub's
  `?include_stopped_servers`): a boolean is switched on (`?flag=` and a bare `?flag`), any
  other type is absent; without `allowEmptyValue` an empty boolean stays a 422;
- a declared path parameter whose placeholder the path lacks (OpenAI's DELETE
  `.../{checkpoint}/permissions` declaring `permission_id`) no longer makes every call a 422:
  it takes the spelling of an undeclared placeholder that names it otherwise (`{userId}` for
  `user_id`), else it is dropped, with a warning;
- a keyword of another type than the schema's (`minItems: 1` on string items, OpenAI's vector
  store search) is inert, not a length rule: an empty string item is accepted;
- object keywords on a scalar (Intercom's `external_id`: `type: string` with `properties` and
  `required`) are inert: client and server agree the parameter is a string (the client sent an
  object, the server refused it with 422); a text format on a number (`type: integer, format:
  date-time`, a Unix timestamp) keeps the number;
- a multipart array sent whole as one JSON part (`Content-Type: application/json`, as an
  `encoding` allows; schemathesis does so) is read as the array, not as its one item (an array
  of arrays of enums answered 422), and one part per item still works;
- a schema two discriminators map under different tags (DigitalOcean's droplet actions:
  `enable_backups` names `Action` in one union and `EnableBackups` in the other) no longer
  makes one union refuse the tag (422): such discriminators are dropped, variants are told
  apart by their shapes;
- a query or header parameter whose schema is a `$ref` to a union (Elasticsearch's
  `Duration`: `oneOf` of a string and two one-value enums) is a RootModel, which FastAPI took
  for a model of the whole query (every call a 422); it is read from its own text;
- a required array form field left empty travels as no key at all (Stripe's
  financial_connections refresh `features: []`): the server reads it as the empty list, not
  as missing (422);
- `#fragment` twins (one URL, several operations told apart by a required query parameter, as
  Box's `/files/{id}#get_shared_link`): a request reaches the twin whose required query keys it
  carries, else the plain operation (not a 422 for the twin's missing parameter); twins told
  apart by body only (Box's `POST /metadata_templates/schema#classifications`) by the body.
"""

from __future__ import annotations

import importlib
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

PACKAGE = "param_text"
OK = {"204": {"description": "done"}}
CHOICE = {"type": ["string", "null"], "enum": ["a", "b", None]}
NULLABLE: list[tuple[str, dict[str, Any]]] = [
    ("enum_items", {"type": "array", "items": {"$ref": "#/components/schemas/Choice"}}),
    ("nullable_int", {"type": "integer", "nullable": True}),
    ("typed_int", {"type": ["integer", "null"]}),
    ("either", {"oneOf": [{"type": "integer"}, {"type": "null"}]}),
    ("choice", {"$ref": "#/components/schemas/Choice"}),
]
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
FIELDS = {"name": "fields", "in": "query", "required": True, "schema": {"type": "string"}}
PLAIN = {"name": "word", "in": "query", "schema": {"type": ["string", "null"]}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Parameter text", "version": "1"},
    "paths": {
        "/query": {"get": {"operationId": "query", "responses": OK, "parameters": [
            {"name": name, "in": "query", "schema": schema} for name, schema in NULLABLE
        ] + [PLAIN]}},
        "/header": {"get": {"operationId": "header", "responses": OK, "parameters": [
            {"name": "X-Choice", "in": "header", "schema": {"$ref": "#/components/schemas/Choice"}},
            {"name": "pick", "in": "cookie", "schema": {"type": "integer", "nullable": True}},
        ]}},
        "/files/{id}": {"get": {"operationId": "getFile", "responses": OK, "parameters": [
            ID, {"name": "fields", "in": "query", "schema": {"type": "string"}}]}},
        "/files/{id}#shared": {"get": {"operationId": "getShared", "responses": OK,
                                       "parameters": [ID, FIELDS]}},
        "/files/{id}#shared_page": {"get": {"operationId": "getSharedPage", "responses": OK,
                                            "parameters": [ID, FIELDS, {
                                                "name": "page", "in": "query", "required": True,
                                                "schema": {"type": "integer"}}]}},
        "/empty": {"get": {"operationId": "empty", "responses": OK, "parameters": [
            {"name": "flag", "in": "query", "allowEmptyValue": True,
             "schema": {"type": "boolean"}},
            {"name": "count", "in": "query", "allowEmptyValue": True,
             "schema": {"type": "integer", "default": 5}},
            {"name": "strict", "in": "query", "schema": {"type": "boolean"}}]}},
        "/users/{userId}": {"get": {"operationId": "getUser", "responses": OK, "parameters": [
            {"name": "user_id", "in": "path", "required": True,
             "schema": {"type": "integer"}}]}},
        "/checkpoints/{ckpt}/permissions": {
            "parameters": [{"name": "ckpt", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "delete": {"operationId": "deletePermission", "responses": OK, "parameters": [
                {"name": "permission_id", "in": "path", "required": True,
                 "schema": {"type": "string"}}]}},
        "/search": {"post": {"operationId": "search", "responses": OK, "requestBody": {
            "required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"query": {"oneOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string", "minItems": 1}}]}}}}}}}},
        "/instances": {"get": {"operationId": "findInstance", "responses": OK, "parameters": [
            {"name": "external_id", "in": "query", "required": True, "style": "form",
             "schema": {"type": "string", "properties": {"external_id": {"type": "string"}},
                        "required": ["external_id"]}}]}},
        "/grid": {"post": {"operationId": "grid", "responses": OK, "requestBody": {
            "required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "properties": {
                    "rows": {"type": "array", "items": {
                        "type": "array", "items": {"$ref": "#/components/schemas/Choice"}}},
                    "words": {"type": "array", "items": {"type": "string"}}}}}}}}},
        "/actions": {"post": {"operationId": "act", "responses": OK, "requestBody": {
            "required": True, "content": {"application/json": {"schema": {
                "anyOf": [{"$ref": "#/components/schemas/Action"},
                          {"$ref": "#/components/schemas/EnableBackups"}],
                "discriminator": {"propertyName": "type", "mapping": {
                    "reboot": "#/components/schemas/Action",
                    "enable_backups": "#/components/schemas/EnableBackups"}}}}}}}},
        "/tagged_actions": {"post": {"operationId": "actByTag", "responses": OK,
                                     "requestBody": {
            "required": True, "content": {"application/json": {"schema": {
                "oneOf": [{"$ref": "#/components/schemas/Action"},
                          {"$ref": "#/components/schemas/Snapshot"}],
                "discriminator": {"propertyName": "type", "mapping": {
                    "reboot": "#/components/schemas/Action",
                    "enable_backups": "#/components/schemas/Action",
                    "snapshot": "#/components/schemas/Snapshot"}}}}}}}},
        "/pit": {"post": {"operationId": "openPit", "responses": OK, "parameters": [
            {"name": "keep_alive", "in": "query", "required": True,
             "schema": {"$ref": "#/components/schemas/Duration"}},
            {"name": "X-Size", "in": "header",
             "schema": {"$ref": "#/components/schemas/Size"}}]}},
        "/refresh": {"post": {"operationId": "refresh", "responses": OK, "requestBody": {
            "required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object", "required": ["features"], "properties": {
                    "features": {"type": "array", "items": {"type": "string"}},
                    "note": {"type": "string"}}}}}}}},
        "/templates": {"post": {"operationId": "createTemplate", "responses": OK,
                                "requestBody": {"required": True, "content": {
                                    "application/json": {"schema": {
                                        "type": "object", "required": ["displayName"],
                                        "properties": {"displayName": {"type": "string"},
                                                       "scope": {"type": "string"}}}}}}}},
        "/templates#classifications": {"post": {
            "operationId": "createClassifications", "responses": OK,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["displayName", "scope"], "properties": {
                    "displayName": {"type": "string", "enum": ["Classification"]},
                    "scope": {"type": "string", "enum": ["enterprise"]}}}}}}}},
        "/form": {"post": {"operationId": "form", "responses": OK, "requestBody": {
            "required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["choice", "items"], "properties": {
                    "choice": {"$ref": "#/components/schemas/Choice"},
                    "items": {"type": "array",
                              "items": {"$ref": "#/components/schemas/Choice"}},
                    "word": {"type": "string"}}}}}}}},
    },
    "components": {"schemas": {
        "Action": {"type": "object", "required": ["type"], "properties": {
            "type": {"type": "string", "enum": ["reboot", "enable_backups", "snapshot"]}}},
        "EnableBackups": {"allOf": [{"$ref": "#/components/schemas/Action"}, {
            "type": "object", "properties": {"plan": {"type": "string"}}}]},
        "Snapshot": {"allOf": [{"$ref": "#/components/schemas/Action"}, {
            "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}]},
        "Duration": {"oneOf": [{"type": "string"}, {"type": "string", "enum": ["-1"]},
                               {"type": "string", "enum": ["0"]}]},
        "Size": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        "Choice": CHOICE, "Stamped": {
        "type": "object", "required": ["at"],
        "properties": {"at": {"type": "integer", "format": "date-time"}}}}},
}


class Recorder:
    """Handlers that keep the arguments of the last call."""

    def __init__(self) -> None:
        self.received: dict[str, Any] = {}
        self.called = ""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        async def handle(**kwargs: Any) -> None:
            self.received, self.called = kwargs, name

        return handle


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("param_text")
    with imported_package(SPEC, folder, package=PACKAGE) as module:
        yield module


@pytest.fixture(scope="module")
def served(package: Any) -> Iterator[tuple[Recorder, str]]:
    recorder = Recorder()
    app = importlib.import_module(f"{PACKAGE}.server").create_app(recorder)
    with live_server(app) as url:
        yield recorder, url


def _plain(value: Any) -> Any:
    """Enum members as their values, lists item by item."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return getattr(value, "value", value)


def test_the_text_null_is_null_where_the_schema_admits_null(
        served: tuple[Recorder, str]) -> None:
    recorder, url = served
    query = [(name, "null") for name, _ in NULLABLE] + [("enum_items", "a"), ("word", "null")]
    response = httpx.get(f"{url}/query", params=query)
    assert response.status_code == 204, response.text
    got = {key: _plain(value) for key, value in recorder.received.items()}
    assert got == {"enum_items": [None, "a"], "nullable_int": None, "typed_int": None,
                   "either": None, "choice": None, "word": "null"}
    response = httpx.get(f"{url}/query", params={"nullable_int": "7", "choice": "b"})
    assert response.status_code == 204, response.text
    assert recorder.received["nullable_int"] == 7
    assert _plain(recorder.received["choice"]) == "b"


def test_the_text_null_is_null_in_headers_cookies_and_form_fields(
        served: tuple[Recorder, str]) -> None:
    recorder, url = served
    response = httpx.get(f"{url}/header", headers={"X-Choice": "null", "Cookie": "pick=null"})
    assert response.status_code == 204, response.text
    assert {k: _plain(v) for k, v in recorder.received.items()} == {"x_choice": None,
                                                                     "pick": None}
    response = httpx.post(f"{url}/form", files={"word": (None, "null")},
                          data={"choice": "null", "items": ["a", "null"]})
    assert response.status_code == 204, response.text
    body = recorder.received["body"]
    assert (_plain(body.choice), _plain(body.items), body.word) == (None, ["a", None], "null")
    response = httpx.post(f"{url}/form", files={"word": (None, "x")},
                          data={"choice": "c", "items": ["a"]})
    assert response.status_code == 422, response.text


@pytest.mark.parametrize(("query", "handler"), [
    ({}, "get_file"), ({"fields": "x"}, "get_shared"), ({"fields": "x", "page": "2"},
                                                        "get_shared_page"),
    ({"page": "2"}, "get_file")])
def test_a_request_reaches_the_fragment_twin_whose_required_keys_it_carries(
        served: tuple[Recorder, str], query: dict[str, str], handler: str) -> None:
    recorder, url = served
    response = httpx.get(f"{url}/files/7", params=query)
    assert response.status_code == 204, response.text
    assert recorder.called == handler


@pytest.mark.parametrize(("body", "handler", "status"), [
    ({"displayName": "Classification", "scope": "enterprise"}, "create_classifications", 204),
    ({"displayName": "Product"}, "create_template", 204),
    ({"displayName": "Classification", "scope": "global"}, "create_template", 204),
    ({"scope": "enterprise"}, "", 422)])
def test_a_request_reaches_the_fragment_twin_whose_body_it_carries(
        served: tuple[Recorder, str], body: dict[str, Any], handler: str, status: int) -> None:
    # Box's POST /metadata_templates/schema and its #classifications twin differ only by body:
    # the twin claims the requests whose body validates as its own, the plain path the rest
    # (which it validates as usual: a body neither twin takes is a 422, not a 404).
    recorder, url = served
    recorder.called = ""
    response = httpx.post(f"{url}/templates", json=body)
    assert response.status_code == status, response.text
    assert recorder.called == handler


def test_a_body_read_for_routing_still_meets_the_size_limit(package: Any) -> None:
    # BufferedBody reads the body before routing: BodyLimit, around it, still stops it.
    recorder = Recorder()
    app = importlib.import_module(f"{PACKAGE}.server").create_app(recorder, max_body_size=64)
    with live_server(app) as url:
        big = {"displayName": "Classification", "scope": "enterprise", "pad": "x" * 100}
        assert httpx.post(f"{url}/templates", json=big).status_code == 413
        small = {"displayName": "Classification", "scope": "enterprise"}
        assert httpx.post(f"{url}/templates", json=small).status_code == 204
    assert recorder.called == "create_classifications"


@pytest.mark.parametrize(("query", "expected"), [
    ("flag=&count=", {"flag": True, "count": 5, "strict": None}),
    ("flag", {"flag": True, "count": 5, "strict": None}),
    ("flag=false&count=2", {"flag": False, "count": 2, "strict": None}),
    ("", {"flag": None, "count": 5, "strict": None})])
def test_an_empty_value_allowed_empty_is_a_flag_or_absent(
        served: tuple[Recorder, str], query: str, expected: dict[str, Any]) -> None:
    recorder, url = served
    response = httpx.get(f"{url}/empty?{query}")
    assert response.status_code == 204, response.text
    assert recorder.received == expected
    assert httpx.get(f"{url}/empty?strict=").status_code == 422


def test_a_path_parameter_without_its_placeholder_is_fitted_or_dropped(
        served: tuple[Recorder, str]) -> None:
    recorder, url = served
    response = httpx.get(f"{url}/users/5")
    assert response.status_code == 204, response.text
    assert (recorder.called, recorder.received) == ("get_user", {"user_id": 5})
    response = httpx.delete(f"{url}/checkpoints/ft-1/permissions")
    assert response.status_code == 204, response.text
    assert (recorder.called, recorder.received) == ("delete_permission", {"ckpt": "ft-1"})


def test_a_keyword_of_another_type_is_inert(served: tuple[Recorder, str]) -> None:
    recorder, url = served
    response = httpx.post(f"{url}/search", json={"query": ["", "a"]})
    assert response.status_code == 204, response.text
    assert recorder.called == "search"


def test_object_keywords_on_a_string_parameter_are_inert(
        package: Any, served: tuple[Recorder, str]) -> None:
    recorder, url = served
    with package.Client(base_url=url, max_retries=0) as client:
        client.instances.list(external_id="abc-1")
    assert (recorder.called, recorder.received) == ("find_instance", {"external_id": "abc-1"})


def test_a_text_format_on_an_integer_keeps_the_integer(package: Any) -> None:
    stamped = package.models.Stamped.model_validate({"at": 1672928610})
    assert stamped.at == 1672928610 and type(stamped.at) is int
    assert stamped.model_dump(mode="json") == {"at": 1672928610}


@pytest.mark.parametrize(("parts", "rows", "words"), [
    ([("rows", (None, '[["a"], ["b", null]]', "application/json"))], [["a"], ["b", None]], None),
    ([("rows", (None, "[[]]", "application/json"))], [[]], None),
    ([("rows", (None, '["a"]')), ("rows", (None, "[]"))], [["a"], []], None),
    # A string item that spells a JSON list is a valid item: it stays one (the part's
    # Content-Type does not reach the server through Starlette's form parser).
    ([("words", (None, '["x", "y"]', "application/json"))], None, ['["x", "y"]']),
])
def test_a_multipart_array_sent_whole_as_json_is_the_array(
        served: tuple[Recorder, str], parts: list[Any], rows: Any, words: Any) -> None:
    recorder, url = served
    response = httpx.post(f"{url}/grid", files=parts)
    assert response.status_code == 204, response.text
    body = recorder.received["body"]
    assert (_plain(body.rows), body.words) == (rows, words)


@pytest.mark.parametrize(("path", "body"), [
    ("/tagged_actions", {"type": "enable_backups"}),
    ("/tagged_actions", {"type": "reboot"}),
    ("/tagged_actions", {"type": "snapshot", "name": "n"}),
    ("/actions", {"type": "enable_backups", "plan": "daily"}),
    ("/actions", {"type": "reboot"}),
])
def test_a_schema_two_discriminators_tag_differently_takes_every_tag(
        served: tuple[Recorder, str], path: str, body: dict[str, Any]) -> None:
    recorder, url = served
    response = httpx.post(f"{url}{path}", json=body)
    assert response.status_code == 204, response.text
    assert recorder.received["body"].model_dump(mode="json", exclude_unset=True) == body


@pytest.mark.parametrize(("query", "headers", "expected"), [
    ("keep_alive=1m", {}, {"keep_alive": "1m", "x_size": None}),
    ("keep_alive=-1", {"X-Size": "10"}, {"keep_alive": "-1", "x_size": "10"}),
    ("keep_alive=5d", {"X-Size": "10kb"}, {"keep_alive": "5d", "x_size": "10kb"}),
])
def test_a_parameter_typed_by_a_union_model_is_read_from_its_text(
        served: tuple[Recorder, str], query: str, headers: dict[str, str],
        expected: dict[str, Any]) -> None:
    recorder, url = served
    response = httpx.post(f"{url}/pit?{query}", headers=headers)
    assert response.status_code == 204, response.text
    got = {key: _plain(getattr(value, "root", value))
           for key, value in recorder.received.items()}
    assert got == expected
    assert httpx.post(f"{url}/pit").status_code == 422  # still required


def test_a_required_form_array_sent_empty_is_the_empty_list(
        package: Any, served: tuple[Recorder, str]) -> None:
    recorder, url = served
    with package.Client(base_url=url, max_retries=0) as client:
        client.refresh.create(features=[], note="n")
    assert recorder.called == "refresh"
    assert (recorder.received["body"].features, recorder.received["body"].note) == ([], "n")
    response = httpx.post(f"{url}/refresh", data={"features": ["a", "b"]})
    assert response.status_code == 204, response.text
    assert recorder.received["body"].features == ["a", "b"]
