"""Responses: typed success bodies, typed errors with parsed bodies, raw responses."""

from __future__ import annotations

from types import ModuleType

import httpx
import pytest
from client_support import (
    INSTANCE,
    ITEM,
    MODEL,
    Server,
    clean_env,
    demo,
    flavour,
    make_client,
    run,
    scope3,
    sgp,
)

__all__ = ["clean_env", "demo", "flavour", "scope3", "sgp"]  # fixtures used by name

STATUS_ERRORS = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (503, "InternalServerError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize(("status", "name"), STATUS_ERRORS)
def test_each_status_raises_its_error_class(scope3: ModuleType, flavour: str, status: int,
                                            name: str) -> None:
    server = Server(httpx.Response(status, json={"message": "nope"}))
    client = make_client(scope3, flavour, server, api_key="sk", max_retries=0)

    with pytest.raises(scope3.APIStatusError) as caught:
        run(client.model.create(id="x"))

    assert type(caught.value) is getattr(scope3, name)
    assert caught.value.status_code == status
    assert caught.value.response.status_code == status


def test_scope3_conflict_carries_the_error_model(scope3: ModuleType, flavour: str) -> None:
    body = {"message": "model ID already exists", "code": "conflict",
            "details": {"reason": "duplicate", "field": "id"}}
    server = Server(httpx.Response(409, json=body, headers={"X-Request-Id": "r-9"}))
    client = make_client(scope3, flavour, server, api_key="sk", max_retries=0)

    with pytest.raises(scope3.ConflictError) as caught:
        run(client.model.create(id="gpt-4-turbo"))

    error = caught.value
    assert isinstance(error.body, scope3.models.Error)
    assert error.body.message == "model ID already exists"
    assert error.body.details.field == "id"
    assert error.headers["x-request-id"] == "r-9"
    assert "409" in str(error)
    assert "model ID already exists" in str(error)
    assert error.request is server.last


def test_sgp_validation_error_body(sgp: ModuleType, flavour: str) -> None:
    body = {"detail": [{"loc": ["path", "model_group_id"], "msg": "bad id", "type": "value_error",
                        "ctx": {"extra": "ignored"}}]}
    server = Server(httpx.Response(422, json=body))
    client = make_client(sgp, flavour, server, api_key="k")

    with pytest.raises(sgp.UnprocessableEntityError) as caught:
        run(client.model_groups.models.create(model_group_id="g", model_instance_id="m"))

    assert isinstance(caught.value.body, sgp.models.HTTPValidationError)
    assert caught.value.body.detail[0].loc == ["path", "model_group_id"]
    assert caught.value.body.detail[0].msg == "bad id"


@pytest.mark.parametrize(("response", "expected"), [
    (httpx.Response(409, json={"unexpected": 1}), {"unexpected": 1}),
    (httpx.Response(409, text="plain failure"), "plain failure"),
    (httpx.Response(409), None),
])
def test_error_body_that_is_not_the_model(scope3: ModuleType, flavour: str,
                                          response: httpx.Response, expected: object) -> None:
    client = make_client(scope3, flavour, Server(response), api_key="sk", max_retries=0)

    with pytest.raises(scope3.ConflictError) as caught:
        run(client.model.create(id="x"))

    assert caught.value.body == expected


def test_undeclared_error_status_body_is_decoded_json(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(404, json={"detail": "Not Found"}))
    client = make_client(sgp, flavour, server, api_key="k")

    with pytest.raises(sgp.NotFoundError) as caught:
        run(client.model_groups.models.create(model_group_id="g", model_instance_id="m"))

    assert caught.value.body == {"detail": "Not Found"}


def test_unknown_fields_in_responses_are_ignored(sgp: ModuleType, flavour: str) -> None:
    payload = {
        **INSTANCE,
        "brand_new_field": {"a": 1},
        "base_model_metadata": {"model_developer": "x", "modelDetails": {
            "languages": 3, "added_later": True}, "also_new": 1},
    }
    client = make_client(sgp, flavour, Server(httpx.Response(200, json=payload)), api_key="k")

    instance = run(client.model_groups.models.create(model_group_id="g", model_instance_id="m"))

    assert instance.id == "mi-1"
    assert instance.base_model_metadata.model_details.languages == 3
    assert "brand_new_field" not in instance.model_dump()


def test_unknown_fields_tolerated_despite_forbid_in_the_spec(scope3: ModuleType,
                                                             flavour: str) -> None:
    payload = {**MODEL, "new_in_v2": "x"}
    client = make_client(scope3, flavour, Server(httpx.Response(201, json=payload)),
                         api_key="sk")

    model = run(client.model.create(id="x"))

    assert model.id == "gpt-4-turbo"
    assert model.created_at.year == 2023


@pytest.mark.parametrize("response", [
    httpx.Response(201, json={"id": "no other required field"}),
    httpx.Response(201, json={**MODEL, "customer_id": "not a number"}),
    httpx.Response(201, text="<html>oops</html>"),
])
def test_success_body_not_matching_the_spec(scope3: ModuleType, flavour: str,
                                            response: httpx.Response) -> None:
    client = make_client(scope3, flavour, Server(response), api_key="sk")

    with pytest.raises(scope3.APIResponseValidationError) as caught:
        run(client.model.create(id="x"))

    assert caught.value.status_code == 201
    assert caught.value.response is not None
    assert caught.value.body is not None
    assert isinstance(caught.value, scope3.APIError)


def test_raw_response(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL, headers={"X-Request-Id": "r-1"}))
    client = make_client(scope3, flavour, server, api_key="sk")

    raw = run(client.with_raw_response.model.create(id="gpt-4-turbo"))

    assert isinstance(raw, scope3.RawResponse)
    assert raw.status_code == 201
    assert raw.headers["x-request-id"] == "r-1"
    assert raw.json() == MODEL
    parsed = raw.parse()
    assert isinstance(parsed, scope3.models.Model)
    assert raw.parsed is parsed
    assert server.last.method == "POST"


def test_raw_response_still_raises_for_errors(sgp: ModuleType, flavour: str) -> None:
    client = make_client(sgp, flavour, Server(httpx.Response(403, json={"detail": "no"})),
                         api_key="k")

    with pytest.raises(sgp.PermissionDeniedError):
        run(client.with_raw_response.model_groups.models.create(model_group_id="g",
                                                                 model_instance_id="m"))


def test_raw_response_defers_validation(scope3: ModuleType, flavour: str) -> None:
    client = make_client(scope3, flavour, Server(httpx.Response(201, json={"id": 1})),
                         api_key="sk")

    raw = run(client.with_raw_response.model.create(id="x"))

    assert raw.status_code == 201
    with pytest.raises(scope3.APIResponseValidationError):
        raw.parse()


def test_no_content_text_and_binary_responses(demo: ModuleType, flavour: str) -> None:
    server = Server(
        httpx.Response(204),
        httpx.Response(200, text="label é", headers={"content-type": "text/plain; charset=utf-8"}),
        httpx.Response(200, content=b"\x00\xffbytes"),
    )
    client = make_client(demo, flavour, server, api_key="k")

    assert run(client.items.delete(item_id=1)) is None
    assert server.last.headers["accept"] == "application/json"
    assert run(client.items.label.list(item_id=1)) == "label é"
    assert server.last.headers["accept"] == "text/plain"
    assert run(client.items.blob.list(item_id=1)) == b"\x00\xffbytes"
    assert server.last.headers["accept"] == "application/octet-stream"


def test_list_of_models(demo: ModuleType, flavour: str) -> None:
    client = make_client(demo, flavour, Server(httpx.Response(200, json=[ITEM, ITEM])),
                         api_key="k")

    items = run(client.items.list())

    assert [type(item).__name__ for item in items] == ["Item", "Item"]
    assert items[0].note is None
