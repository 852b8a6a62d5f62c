"""Names collide with nothing the generated code declares (`generator/scopes.py`): each symptom
seen on real documents, one spec each. The property test `tests/property/test_hostile_names.py`
throws the whole hostile vocabulary at every position and type-checks the result; these tests are
the focused regressions, and check that the declared reserved names match what the rendered
runtime really defines."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from lint import ruff_findings

from generator import scopes
from generator.config import Target
from generator.ir.nodes import Operation
from generator.pipeline import Result, generate_target

ROOT = Path(__file__).resolve().parents[2]
OK = {"200": {"description": "ok"}}


def _json_body(ref: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{ref}"}}}}


_TWO = {"200": {"description": "ok", "content": {"application/json": {
    "schema": {"type": "string"}}}}, "201": {"description": "made"}}
_PAIR = {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}],
         "minItems": 2, "maxItems": 2}
_STRING = {"type": "string"}
PATHS: dict[str, Any] = {
    # Fields named like the library types they hold, and a date parameter beside them.
    "/dates": {"post": {"operationId": "dates", "requestBody": _json_body("Dates"),
                        "parameters": [{"name": "day", "in": "query", "schema": {
                            "type": "string", "format": "date"}}], "responses": OK}},
    # A map of tuples: a TypeAliasType in models.py.
    "/crops": {"post": {"operationId": "crops", "requestBody": _json_body("Crops"),
                        "responses": OK}},
    # Namespaces spelling one class stem, or another's asynchronous flavour (two methods a
    # path: `/foo/bar` with one would be the action `bar` of `client.foo`).
    **{p: {"get": {"operationId": f"ns{i}", "responses": OK},
           "delete": {"operationId": f"ns{i}_delete", "responses": OK}}
       for i, p in enumerate(["/foo_bar", "/foo/bar", "/async_foo", "/foo", "/Foo-Bar"])},
    # Namespaces from tags and segments named like the client's own members.
    "/v1": {"get": {"operationId": "tagged1", "tags": ["property"], "responses": OK}},
    "/v2": {"get": {"operationId": "tagged2", "tags": ["with_raw_response"], "responses": OK}},
    "/timeout/x": {"get": {"operationId": "segment", "responses": OK}},
    # Operations named like the server's own members.
    "/a": {"get": {"operationId": "authorize", "responses": OK}},
    "/b": {"get": {"operationId": "api_key", "responses": OK}},
    # Operation names with one PascalCase stem, each with two success responses.
    "/c": {"get": {"operationId": "getFoo2", "responses": _TWO}},
    "/d": {"get": {"operationId": "get_foo_2", "responses": _TWO}},
    # A placeholder renamed to another parameter's wire name.
    "/x/{foo_bar}/{fooBar}/{foo_bar_2}": {"get": {"operationId": "placeholders", "parameters": [
        {"name": n, "in": "path", "required": True, "schema": _STRING}
        for n in ["foo_bar", "fooBar", "foo_bar_2"]], "responses": OK}},
    # Parameters named like the method's own arguments.
    "/own": {"get": {"operationId": "own", "parameters": [
        {"name": n, "in": "query", "schema": _STRING}
        for n in ["timeout", "extra_body", "body", "self"]], "responses": OK}},
    # A method named like a sub-namespace of its namespace.
    "/things": {"get": {"operationId": "listThings", "responses": OK}},
    # Two methods: a resource `things.list` (one would make `list` the action of `things`).
    "/things/list": {"get": {"operationId": "listThingLists", "responses": OK},
                     "post": {"operationId": "createThingList", "responses": OK}},
    # One operationId on two paths.
    "/users": {"get": {"operationId": "list", "responses": OK}},
    "/orgs/{org}/members": {"get": {"operationId": "list", "parameters": [
        {"name": "org", "in": "path", "required": True, "schema": _STRING}], "responses": OK}},
}
SCHEMAS: dict[str, Any] = {
    "Dates": {"type": "object", "properties": {
        "date": {"type": "string", "format": "date"}, "time": {"type": "string", "format": "time"},
        "timedelta": {"type": "string", "format": "duration"},
        "date_aliased": {"type": "string", "format": "date"}, "str": _STRING,
        "int": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}}},
    "Crops": {"type": "object", "required": ["cameras"], "properties": {
        "cameras": {"type": "object", "additionalProperties": _PAIR}}},
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """One generation of every case (a generation costs seconds; the cases are independent)."""
    folder = tmp_path_factory.mktemp("scopes")
    spec = {"openapi": "3.1.0", "info": {"title": "Scopes", "version": "1"}, "paths": PATHS,
            "components": {"schemas": SCHEMAS}}
    path = folder / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return generate_target(Target(spec=path, package="scoped", output=folder / "out"),
                           root=folder)


def _operation(result: Result, operation_id: str) -> Operation:
    (op,) = [op for op in result.api.operations if op.operation_id == operation_id]
    return op


def _warnings(result: Result) -> list[tuple[str, str | None]]:
    return [(d.message, d.pointer) for d in result.diagnostics]


def _file(result: Result, name: str) -> str:
    return result.package.files[name].decode()


def test_fields_named_like_the_library_types_they_hold_keep_those_types(result: Result) -> None:
    """A field called `date` makes the library import `date as date_aliased` (and `str as
    str_aliased` for a field called `str`); the client spelled `_datetime.date_aliased`, which
    does not exist."""
    op = _operation(result, "dates")
    assert op.body is not None
    assert {f.wire_name: f.type.hint for f in op.body.fields} == {
        "date": "_datetime.date", "time": "_datetime.time", "timedelta": "_datetime.timedelta",
        "date_aliased": "_datetime.date", "str": "str", "int": "int",
        "at": "_pydantic.AwareDatetime"}
    assert op.parameters[0].type.hint == "_datetime.date"
    client = _file(result, "_client.py")
    assert "_datetime.date_aliased" not in client and "str_aliased" not in client


def test_a_type_alias_of_the_models_is_named_through_the_models_module(result: Result) -> None:
    """A map of tuples (`prefixItems`) is a `TypeAliasType` in models.py, not a class: the
    client named it bare (F821)."""
    op = _operation(result, "crops")
    assert op.body is not None
    (field,) = op.body.fields
    assert field.type.hint == "dict[str, _models.CropsCamerasAdditionalProperty]"
    assert "CropsCamerasAdditionalProperty = TypeAliasType(" in _file(result, "models.py")


def test_aliased_imports_of_the_models_are_sorted_as_isort_wants(
        result: Result, tmp_path: Path) -> None:
    """Two names shadowed from one module were one wrapped import (I001)."""
    models = tmp_path / "models.py"
    models.write_bytes(result.package.files["models.py"])
    assert ruff_findings([models]) == []


def test_every_namespace_class_is_defined_once(result: Result) -> None:
    """`/foo_bar` and `/foo/bar` both spelled `FooBarResource`; `/async_foo` spelled the
    asynchronous flavour of `/foo` (F811)."""
    tree = ast.parse(result.package.files["_client.py"])
    classes = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    assert len(classes) == len(set(classes))
    stems = {r.path: r.class_name for r in result.api.all_resources}
    assert stems[("foo_bar",)] == "FooBar"
    assert stems[("foo", "bar")] == "FooBar2"
    assert stems[("foo",)] == "Foo"
    assert stems[("async_foo",)] == "AsyncFoo2"


def test_a_tag_or_segment_named_like_a_client_member_moves_with_a_warning(
        result: Result) -> None:
    """A namespace comes from the first tag when the path has no segment for it: `property`
    there shadowed the builtin the client class decorates its namespaces with."""
    assert {"property_", "timeout_", "with_raw_response_"} <= {
        r.name for r in result.api.resources}
    assert not {"property", "timeout", "with_raw_response"} & {
        r.name for r in result.api.resources}
    assert ("'property' is the client namespace `property_` (`property` is the client's own)",
            "/paths/~1v1/get") in _warnings(result)
    assert ("'timeout' is the client namespace `timeout_` (`timeout` is the client's own)",
            "/paths/~1timeout~1x/get") in _warnings(result)


def test_an_operation_named_like_the_servers_own_members_moves_with_a_warning(
        result: Result) -> None:
    """`authorize` is the hook `_runtime.authorizer` looks up on the handlers, `api_key` the
    mock's credential: an operation of either name replaced them (F811, mypy errors)."""
    assert _operation(result, "authorize").name == "authorize_"
    assert _operation(result, "api_key").name == "api_key_"
    assert ("operation 'authorize' is the handler method `authorize_` (`authorize` is the "
            "server's own)", "/paths/~1a/get") in _warnings(result)
    mock = ast.parse(result.package.files["server/mock.py"])
    (handlers,) = [n for n in mock.body if isinstance(n, ast.ClassDef)
                   and n.name == "MockHandlers"]
    methods = [n.name for n in handlers.body if isinstance(n, ast.AsyncFunctionDef)]
    assert len(methods) == len(set(methods))


def test_reply_classes_of_operations_spelling_one_stem_are_distinct(result: Result) -> None:
    handlers = ast.parse(result.package.files["server/handlers.py"])
    classes = [n.name for n in handlers.body if isinstance(n, ast.ClassDef)]
    assert len(classes) == len(set(classes)) == 5  # two replies each, and `Handlers`


def test_path_placeholders_renamed_to_another_parameters_wire_name_stay_distinct(
        result: Result) -> None:
    """`fooBar` is `foo_bar_2` and `foo_bar_2` is `foo_bar_2_2`: renaming the placeholders one
    after the other gave `{foo_bar_2_2}` twice (Starlette refused the route)."""
    op = _operation(result, "placeholders")
    assert [p.name for p in op.parameters] == ["foo_bar", "foo_bar_2", "foo_bar_2_2"]
    served = next(s for s in result.api.server.operations if s.operation is op)
    assert served.route_path == "/x/{foo_bar}/{foo_bar_2}/{foo_bar_2_2}"


def test_parameters_named_like_the_methods_own_arguments_move_with_a_warning(
        result: Result) -> None:
    op = _operation(result, "own")
    assert [p.name for p in op.parameters] == ["timeout_", "extra_body_", "body_", "self_"]
    assert [p.wire_name for p in op.parameters] == ["timeout", "extra_body", "body", "self"]
    assert ("query parameter 'extra_body' is the client argument `extra_body_` (`extra_body` "
            "is the method's own)", "/paths/~1own/get/parameters/1/name") in _warnings(result)


def test_an_operation_id_repeated_across_paths_is_made_unique(result: Result) -> None:
    first, second = _operation(result, "list"), _operation(result, "list_orgs_members")
    assert [(op.resource, op.method_name) for op in (first, second)] == [
        (("users",), "list"), (("orgs", "members"), "list")]
    assert ("operationId 'list' is also used by GET /users; this operation is called "
            "'list_orgs_members'", "/paths/~1orgs~1{org}~1members/get/operationId"
            ) in _warnings(result)


def test_the_declared_members_are_what_the_runtime_defines() -> None:
    """`scopes.CLIENT_MEMBERS` holds every public attribute the rendered client classes have
    (the namespace base classes have none), and `scopes.HANDLER_MEMBERS` is what the mock
    handlers hold besides one method per operation."""
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        base = importlib.import_module("sgp._base")
        server = importlib.import_module("sgp.server")
    finally:
        sys.path.remove(str(ROOT / "generated"))

    def public(*classes: Any) -> set[str]:
        """Attributes and annotated instance attributes (`timeout: TimeoutArg`)."""
        names = {name for cls in classes for name in dir(cls)}
        names |= {name for cls in classes for klass in getattr(cls, "__mro__", [type(cls)])
                  for name in getattr(klass, "__annotations__", {})}
        return {name for name in names if not name.startswith("_")}

    assert public(base.SyncAPIClient, base.AsyncAPIClient) | {"with_raw_response"} \
        == scopes.CLIENT_MEMBERS - {"request"}
    assert public(base.SyncResource, base.AsyncResource) == set()
    mock = server.MockHandlers(api_key="k")
    assert public(mock) - public(server.Handlers) == scopes.HANDLER_MEMBERS


def test_spec_names_spelling_one_identifier_are_kept_apart_without_a_warning(
        result: Result) -> None:
    """Two valid spec names meeting (a method and a sub-namespace `list`, `fooBar` beside
    `foo_bar`) take the documented suffixes; only a move off the generated code's own names is
    a warning, so a valid spec stays warning-free (and `--strict` accepts it)."""
    op = _operation(result, "listThings")
    assert (op.resource, op.method_name) == (("things",), "list_")
    assert not [w for w in _warnings(result) if "/things" in (w[1] or "")
                or "/x/{foo_bar}" in (w[1] or "")]
