"""generator.ir.nodes and parts: the IR properties templates loop over instead of deciding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir.nodes import ClientSignature, Operation
from generator.ir.parts import BodyField, RequestBody, TypeRef


def _field(name: str, attribute: str, *, required: bool = False, nullable: bool = False
           ) -> BodyField:
    return BodyField(name=name, attribute=attribute, wire_name=attribute,
                     type=TypeRef("str", nullable=nullable), required=required, description="")


def _op(body: RequestBody | None) -> Operation:
    return Operation(operation_id="op", name="op", method="POST", path="/", summary="",
                     description="", tags=(), parameters=(), body=body, responses=(),
                     security=(), resource=("things",), method_name="create")


def _body(*fields: BodyField, required: bool = True) -> RequestBody:
    return RequestBody(content_type="application/json", type=TypeRef("_models.Thing"),
                       required=required, description="", fields=fields)


def test_an_operation_without_a_body_has_one_plain_signature() -> None:
    assert _op(None).client_signatures == (ClientSignature(False, "none", "none"),)


def test_a_body_without_fields_is_the_body_argument() -> None:
    assert _op(_body(required=True)).client_signatures == (
        ClientSignature(False, "none", "required"),)
    assert _op(_body(required=False)).client_signatures == (
        ClientSignature(False, "none", "optional"),)


def test_a_body_offered_field_by_field_gets_two_overloads() -> None:
    assert _op(_body(_field("name", "name"))).client_signatures == (
        ClientSignature(True, "declared", "none"),
        ClientSignature(True, "none", "required"),
        ClientSignature(False, "optional", "optional"),
    )


def test_body_field_selections() -> None:
    body = _body(_field("name", "name", required=True), _field("id_body", "id", nullable=True),
                 _field("note", "note"))
    assert [f.name for f in body.required_fields] == ["name"]
    assert [f.attribute for f in body.nullable_fields] == ["id"]
    assert [(f.name, f.attribute) for f in body.renamed_fields] == [("id_body", "id")]


def test_with_none_adds_none_once() -> None:
    """One rule makes a hint optional; a nullable optional parameter was `bool | None | None`
    in the server's route (ruff PYI016, found on a camera-server document)."""
    from generator.ir.parts import with_none
    from generator.ir.server_nodes import ArgumentRead, HandlerArgument

    assert with_none("bool") == "bool | None"
    assert with_none("bool | None") == "bool | None"
    assert with_none("None | int") == "None | int"
    assert with_none("None") == "None"
    assert with_none("list[int | None]") == "list[int | None] | None"
    assert with_none('_typing.Literal["a | None"]') == '_typing.Literal["a | None"] | None'
    argument = HandlerArgument(name="stream", hint="bool | None", source="query",
                               wire_name="stream", required=False,
                               read=ArgumentRead(via="fastapi", location="query", key="stream",
                                                 required=False), has_default=True,
                               default=False)
    assert argument.route_hint == "bool | None"


def test_routes_are_registered_most_concrete_first() -> None:
    """The router takes the first template that matches: `/databases/{name}` registered before
    `/databases/{name}:get-tags` answered the latter's requests (a database API's mock sent a
    database where a list of tags was due)."""
    from generator.ir.server_nodes import route_order

    paths = ["/db/{name}", "/pets", "/db/{name}:get-tags", "/pets/{id}", "/pets/mine"]
    assert [paths[i] for i in route_order(paths)] == [
        "/db/{name}:get-tags", "/db/{name}", "/pets", "/pets/mine", "/pets/{id}"]


_SEGMENTS = st.sampled_from(["a", "b", "{p}", "{p}:x", "x{p}", "{p}.{q}", "a.b"])


@settings(max_examples=200, deadline=None)
@given(paths=st.lists(st.lists(_SEGMENTS, min_size=1, max_size=3).map(
    lambda parts: "/" + "/".join(parts)), min_size=1, max_size=8))
def test_no_route_is_shadowed_by_one_registered_before_it(paths: list[str]) -> None:
    from generator.ir.server_nodes import route_order, shadows

    order = [paths[i] for i in route_order(paths)]
    assert sorted(order) == sorted(paths)
    for i, first in enumerate(order):
        for second in order[i + 1:]:
            assert not shadows(first, second), (first, second)


def test_the_operation_carries_no_server_only_field() -> None:
    """The server's share lives in `ServerOperation` (`Api.server`), which points at the one
    `Operation`; the core carries none of it (issue 12)."""
    from dataclasses import fields

    from generator.ir.api import Api
    from generator.ir.server_nodes import ServerOperation

    server_only = {f.name for f in fields(ServerOperation)} - {"operation"}
    assert server_only == {
        "route_path", "handler_arguments", "handler_return", "status_code", "response_model",
        "unauthorized_body", "internal_error_body", "validation_reply", "mock_response",
        "mock_echo", "mock_stream", "route_requires", "route_body"}
    assert not server_only & {f.name for f in fields(Operation)}
    assert not hasattr(Api, "server_imports") and not hasattr(Api, "operations_in_route_order")
