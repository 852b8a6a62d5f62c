"""Parameters and types a user meets on real specs (issue 13 items 6 and 7, issue 15 item 6),
through the generated client and the generated server under uvicorn on 127.0.0.1:

- a form-exploded object query parameter is made of the keys no other parameter owns; one that
  admits no other keys is absent (not a 422) when none is sent; a `oneOf(object|string)` sent
  as a string arrives as the string (form and deepObject);
- an object with an array property travels per its style (`tags=a&tags=b`,
  `filter[tags]=a&filter[tags]=b`) and arrives as a list;
- a header parameter whose name is no HTTP token is skipped with a located warning (`--strict`
  refuses); a header value HTTP cannot carry is a clear error, not a retried connection error;
- typed `additionalProperties` beside `properties`: extras go in `extra_properties=`;
- nullable items of a top-level array body or response stay nullable;
- a `oneOf` branch excluding a value with `not: {enum: [...]}` no longer wins over the branch
  that takes it;
- enum and named primitive arguments take their plain values, under mypy --strict too.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from live_server import live_server

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from generation_support import imported_package  # noqa: E402

from generator.cli import main  # noqa: E402
from generator.config import Target  # noqa: E402
from generator.pipeline import generate_target  # noqa: E402
from generator.render.server_markers import fastapi_marker as marker  # noqa: E402

PACKAGE = "params_types"
OK = {"204": {"description": "done"}}


def _get(operation_id: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"operationId": operation_id, "parameters": list(parameters),
                    "responses": OK}}


def _post(operation_id: str, schema: dict[str, Any], *, answer: bool = False) -> dict[str, Any]:
    responses: dict[str, Any] = OK
    if answer:
        responses = {"200": {"description": "ok",
                             "content": {"application/json": {"schema": schema}}}}
    return {"post": {"operationId": operation_id, "responses": responses, "requestBody": {
        "required": True, "content": {"application/json": {"schema": schema}}}}}


LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
EITHER = {"oneOf": [{"type": "object", "properties": {"a": {"type": "string"}}},
                    {"type": "string"}]}
TAGGED = {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}},
                                           "size": {"type": "integer"}}}
NULLABLE_ITEMS = {"type": "array", "items": {"type": ["integer", "null"]}}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Params and types", "version": "1"},
    "paths": {
        "/search": _get("search", LIMIT, {
            "name": "filter", "in": "query", "style": "form", "explode": True,
            "schema": {"type": "object", "additionalProperties": {"type": "string"}}}),
        "/strict": _get("strict", LIMIT, {
            "name": "opts", "in": "query", "style": "form", "explode": True,
            "schema": {"type": "object", "additionalProperties": False,
                       "properties": {"a": {"type": "string"}}}}),
        "/either": _get("either", {"name": "q", "in": "query", "schema": EITHER},
                        {"name": "d", "in": "query", "style": "deepObject", "explode": True,
                         "schema": EITHER}),
        "/tagged": _get("tagged",
                        {"name": "filter", "in": "query", "style": "deepObject",
                         "explode": True, "schema": {"$ref": "#/components/schemas/Tagged"}},
                        {"name": "f2", "in": "query", "style": "form", "explode": True,
                         "schema": {"$ref": "#/components/schemas/Tagged"}}),
        "/headers": _get("headers",
                         {"name": "X Bad Name", "in": "header", "schema": {"type": "string"}},
                         {"name": "X-Good", "in": "header", "schema": {"type": "string"}}),
        "/extra": _post("extra", {"$ref": "#/components/schemas/Extra"}),
        "/nulls": _post("nulls", NULLABLE_ITEMS, answer=True),
        "/kinds": _post("kinds", {"$ref": "#/components/schemas/Thing"}, answer=True),
        "/login": _post("login", {"$ref": "#/components/schemas/Login"}),
        "/tokens/{token}": _get(
            "token",
            {"name": "token", "in": "path", "required": True,
             "schema": {"$ref": "#/components/schemas/AccessToken"}},
            {"name": "family", "in": "query",
             "schema": {"$ref": "#/components/schemas/Family"}},
            {"name": "families", "in": "query", "schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/Family"}}},
            {"name": "when", "in": "query", "schema": {"anyOf": [
                {"type": "integer"}, {"type": "string", "enum": ["now"]},
                {"$ref": "#/components/schemas/Empty"}]}}),
    },
    "components": {"schemas": {
        "Tagged": TAGGED,
        "Extra": {"type": "object", "properties": {"a": {"type": "string"}},
                  "additionalProperties": {"type": "integer"}},
        "Known": {"type": "object", "required": ["kind"], "properties": {
            "kind": {"const": "known"}, "x": {"type": "integer"}}},
        "Other": {"type": "object", "required": ["kind"], "properties": {
            "kind": {"type": "string", "not": {"enum": ["known"]}}, "y": {"type": "string"}}},
        "Thing": {"oneOf": [{"$ref": "#/components/schemas/Other"},
                            {"$ref": "#/components/schemas/Known"}]},
        "AccessToken": {"type": "string", "minLength": 3},
        "Empty": {"type": "string", "enum": [""]},
        "Family": {"type": "string", "enum": ["llama", "gpt"]},
        "Login": {"type": "object", "required": ["token"], "properties": {
            "token": {"$ref": "#/components/schemas/AccessToken"},
            "family": {"$ref": "#/components/schemas/Family"},
            "families": {"type": "array", "items": {"$ref": "#/components/schemas/Family"}}}},
    }},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, Path]]:
    folder = tmp_path_factory.mktemp("params_types")
    with imported_package(SPEC, folder, package=PACKAGE) as module:
        yield module, folder


class Recorder:
    """Handlers that keep their arguments and answer with the body they received."""

    def __init__(self) -> None:
        self.received: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        async def handle(**kwargs: Any) -> Any:
            self.received = kwargs
            return kwargs["body"] if name in ("nulls", "kinds") else None

        return handle


@pytest.fixture(scope="module")
def served(generated: tuple[ModuleType, Path]) -> Iterator[tuple[Any, Recorder, str]]:
    package, _ = generated
    recorder = Recorder()
    app = importlib.import_module(f"{PACKAGE}.server").create_app(recorder)
    with live_server(app) as url:
        client = package.Client(base_url=url, max_retries=0)
        yield client, recorder, url
        client.close()


# -- query parameters -------------------------------------------------------------------------


def test_a_form_exploded_object_is_made_of_the_keys_no_other_parameter_owns(
        served: tuple[Any, Recorder, str]) -> None:
    client, recorder, _url = served
    client.search.list(limit=3, filter={"a": "x", "b": "y"})
    assert recorder.received == {"limit": 3, "filter": {"a": "x", "b": "y"}}
    client.search.list(limit=3)
    assert recorder.received == {"limit": 3, "filter": None}


def test_an_object_admitting_no_other_keys_is_absent_when_none_is_sent(
        served: tuple[Any, Recorder, str]) -> None:
    _client, recorder, url = served
    assert httpx.get(f"{url}/strict", params={"limit": 2}).status_code == 204
    assert recorder.received == {"limit": 2, "opts": None}
    assert httpx.get(f"{url}/strict", params={"limit": 2, "a": "q", "utm": "z"}
                     ).status_code == 204
    assert recorder.received == {"limit": 2, "opts": {"a": "q"}}


def test_a_one_of_object_or_string_sent_as_a_string_arrives_as_the_string(
        served: tuple[Any, Recorder, str]) -> None:
    client, recorder, _ = served
    client.either.list(q="hello", d="world")
    assert recorder.received == {"q": "hello", "d": "world"}
    client.either.list(q={"a": "x"}, d={"a": "y"})
    assert recorder.received == {"q": {"a": "x"}, "d": {"a": "y"}}


def test_an_array_property_repeats_its_key_and_arrives_as_a_list(
        served: tuple[Any, Recorder, str], generated: tuple[ModuleType, Path]) -> None:
    client, recorder, url = served
    package, _ = generated
    sent: list[str] = []
    hook = {"request": [lambda request: sent.append(str(request.url.query, "ascii"))]}
    with package.Client(base_url=url, max_retries=0,
                        http_client=httpx.Client(event_hooks=hook)) as spy:
        spy.tagged.list(filter={"tags": ["a", "b"], "size": 1}, f2={"tags": ["c", "d"]})
    assert sent == ["filter%5Btags%5D=a&filter%5Btags%5D=b&filter%5Bsize%5D=1&tags=c&tags=d"]
    models = package.models
    assert recorder.received == {"filter": models.Tagged(tags=["a", "b"], size=1),
                                 "f2": models.Tagged(tags=["c", "d"])}
    client.tagged.list(f2={"tags": ["one"]})  # a one-item array is still a list
    assert recorder.received["f2"] == models.Tagged(tags=["one"])


# -- headers ----------------------------------------------------------------------------------


def _headers_only(folder: Path) -> Path:
    path = folder / "headers.json"
    path.write_text(json.dumps({**SPEC, "components": {},
                                "paths": {"/headers": SPEC["paths"]["/headers"]}}),
                    encoding="utf-8")
    return path


def test_a_header_name_that_is_no_http_token_is_skipped_with_a_located_warning(
        generated: tuple[ModuleType, Path], tmp_path: Path) -> None:
    package, _ = generated
    resource = package._client.HeadersResource
    assert "x_bad_name" not in resource.list.__code__.co_varnames
    result = generate_target(Target(spec=_headers_only(tmp_path), package="headers",
                                    output=tmp_path), root=tmp_path)
    warnings = [d.format() for d in result.diagnostics]
    assert any("'X Bad Name' is skipped" in w and "/paths/~1headers/get/parameters/0/name" in w
               for w in warnings), warnings


def test_strict_refuses_a_header_name_that_is_no_http_token(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["generate", str(_headers_only(tmp_path)), "--output", str(tmp_path / "out"),
                 "--package", "strict_headers", "--strict", "-q"])
    assert code == 2
    assert "'X Bad Name' is skipped" in capsys.readouterr().err
    assert not (tmp_path / "out" / "strict_headers").exists()


@pytest.mark.parametrize("value", ["two\r\nlines", "caf\u00e9", " padded"])
def test_a_header_value_http_cannot_carry_is_a_clear_error_sent_once(
        served: tuple[Any, Recorder, str], generated: tuple[ModuleType, Path],
        value: str) -> None:
    package, _ = generated
    _, _, url = served
    sent: list[str] = []
    hook = {"request": [lambda request: sent.append(request.url.path)]}
    with package.Client(base_url=url, max_retries=2,
                        http_client=httpx.Client(event_hooks=hook)) as spy:
        with pytest.raises(ValueError, match="X-Good"):
            spy.headers.list(x_good=value)
        with pytest.raises(ValueError, match="header name"):
            spy.headers.list(extra_headers={"Bad: name": "v"})
    assert sent == []


# -- types ------------------------------------------------------------------------------------


def test_extra_properties_go_beside_the_declared_fields(
        served: tuple[Any, Recorder, str]) -> None:
    client, recorder, _ = served
    client.extra.create(a="x", extra_properties={"n": 3})
    body = recorder.received["body"]
    assert (body.a, body.model_extra) == ("x", {"n": 3})
    with pytest.raises(TypeError, match="declared"):
        client.extra.create(a="x", extra_properties={"a": 1})


def test_nullable_items_of_an_array_body_and_response_stay_nullable(
        served: tuple[Any, Recorder, str], tmp_path: Path) -> None:
    client, recorder, url = served
    assert client.nulls.create(body=[1, None]) == [1, None]
    assert recorder.received["body"] == [1, None]
    assert httpx.post(f"{url}/nulls", json=[None, 2]).json() == [None, 2]
    spec30 = {"openapi": "3.0.3", "info": {"title": "n", "version": "1"}, "paths": {
        "/nulls": _post("nulls", {"type": "array", "items": {"type": "integer",
                                                             "nullable": True}}, answer=True)}}
    path = tmp_path / "n30.json"
    path.write_text(json.dumps(spec30), encoding="utf-8")
    api = generate_target(Target(spec=path, package="n30", output=tmp_path), root=tmp_path).api
    (op,) = api.operations
    assert op.body is not None and op.body.type.hint == "list[int | None]"
    assert op.return_type.hint == "list[int | None]"


def test_a_branch_excluding_a_value_leaves_it_to_the_branch_that_takes_it(
        served: tuple[Any, Recorder, str], generated: tuple[ModuleType, Path]) -> None:
    client, recorder, _ = served
    models = generated[0].models
    assert isinstance(models.Thing.model_validate({"kind": "known"}).root, models.Known)
    assert isinstance(models.Thing.model_validate({"kind": "other"}).root, models.Other)
    answer = client.kinds.create(body={"kind": "known"})
    assert isinstance(recorder.received["body"].root, models.Known)
    assert isinstance(answer.root, models.Known)


def test_enum_and_named_primitive_arguments_take_plain_values(
        served: tuple[Any, Recorder, str], generated: tuple[ModuleType, Path]) -> None:
    client, recorder, _ = served
    models = generated[0].models
    client.login.create(token="abcd", family="gpt", families=["llama", models.Family.GPT])
    body = recorder.received["body"]
    assert (body.token, body.family, body.families) == (
        models.AccessToken("abcd"), models.Family.GPT, [models.Family.LLAMA, models.Family.GPT])
    client.tokens.retrieve(token="abc", family="llama", families=["gpt"], when="")
    assert recorder.received == {"token": "abc", "family": models.Family.LLAMA,
                                 "families": [models.Family.GPT], "when": models.Empty("")}
    # The plain values join the union's own Literal: one Literal per union (ruff PYI030).
    hint = generated[0]._client.TokensResource.retrieve.__annotations__["when"]
    assert hint.startswith("int | _typing.Literal['now', ''] | _models.Empty")


def test_plain_values_pass_mypy_strict(generated: tuple[ModuleType, Path],
                                       tmp_path: Path) -> None:
    _, folder = generated
    usage = tmp_path / "usage.py"
    usage.write_text(
        f"import {PACKAGE}\n\n\n"
        f"def call(client: {PACKAGE}.Client) -> None:\n"
        "    client.login.create(token=\"abcd\", family=\"gpt\", families=[\"llama\"])\n"
        f"    client.login.create(token={PACKAGE}.models.AccessToken(\"abcd\"))\n"
        "    client.tokens.retrieve(token=\"abc\", family=\"llama\", families=[\"gpt\"])\n"
        "    client.extra.create(a=\"x\", extra_properties={\"n\": 1})\n",
        encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--cache-dir", os.devnull, str(usage)],
        env={**os.environ, "MYPYPATH": str(folder)}, capture_output=True, text=True,
        check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_form_exploded_object_leaves_the_query_credential_alone(tmp_path: Path) -> None:
    spec = {"openapi": "3.1.0", "info": {"title": "k", "version": "1"},
            "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "query",
                                                       "name": "api_key"}}},
            "security": [{"key": []}],
            "paths": {"/search": SPEC["paths"]["/search"]}}
    path = tmp_path / "keyed.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api = generate_target(Target(spec=path, package="keyed", output=tmp_path), root=tmp_path).api
    (op,) = api.server.operations
    (argument,) = [a for a in op.handler_arguments if a.name == "filter"]
    assert "others=('limit', 'api_key', )" in marker(argument)
