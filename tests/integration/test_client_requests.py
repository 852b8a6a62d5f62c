"""What the generated clients put on the wire: method, URL, headers and body, exactly."""

from __future__ import annotations

import json
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

SCOPE3_FIELDS = {
    "id": "gpt-4-turbo",
    "name": "GPT-4 Turbo",
    "family": "gpt",
    "aliases": ["claude-latest"],
    "estimated_use_life_days": 365,
    "number_of_experts": 7,
}


def test_scope3_create_with_field_arguments(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test")

    model = run(client.model.create(**SCOPE3_FIELDS))

    request = server.last
    assert request.method == "POST"
    assert str(request.url) == "https://aiapi.scope3.com/model"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("scope3_ai/1.0.0 ")
    # Exactly the arguments given: the optional ones left out are not sent at all.
    assert json.loads(request.content) == SCOPE3_FIELDS
    assert isinstance(model, scope3.models.Model)
    assert model.id == "gpt-4-turbo"
    assert model.customer_id == 123


def test_scope3_create_with_body_model(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test")
    body = scope3.models.ModelCreateRequest(id="gpt-4-turbo", aliases=["a", "b"])

    run(client.model.create(body=body))

    assert server.last.method == "POST"
    assert str(server.last.url) == "https://aiapi.scope3.com/model"
    assert json.loads(server.last.content) == {"id": "gpt-4-turbo", "aliases": ["a", "b"]}


def test_body_and_fields_together_are_rejected(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test")
    body = scope3.models.ModelCreateRequest(id="x")

    with pytest.raises(TypeError, match=r"body= or the field arguments.*name"):
        run(client.model.create(body=body, name="y"))
    assert server.requests == []


def test_missing_required_field_is_a_type_error(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test")

    with pytest.raises(TypeError, match=r"missing required argument\(s\): id"):
        run(client.model.create(name="no id"))
    assert server.requests == []


def test_none_is_sent_as_null_only_where_the_schema_allows(demo: ModuleType, flavour: str
                                                            ) -> None:
    server = Server(httpx.Response(201, json=ITEM))
    client = make_client(demo, flavour, server, api_key="key")

    run(client.items.create(name="a", note=None))
    assert json.loads(server.last.content) == {"name": "a", "note": None}

    run(client.items.create(name="b", count=None))  # `count` is not nullable: left out
    assert json.loads(server.last.content) == {"name": "b"}


def test_none_in_a_body_model_is_dropped_for_non_nullable_fields(scope3: ModuleType,
                                                                  flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test")

    run(client.model.create(body=scope3.models.ModelCreateRequest(id="x", name=None)))

    assert json.loads(server.last.content) == {"id": "x"}


@pytest.mark.parametrize(("group", "instance", "raw_path"), [
    ("g1", "m1", b"/v4/model-groups/g1/models/m1"),
    ("a b", "c/d", b"/v4/model-groups/a%20b/models/c%2Fd"),
    ("ü-é", "日本", b"/v4/model-groups/%C3%BC-%C3%A9/models/%E6%97%A5%E6%9C%AC"),
    ("?x=1#f", "50%", b"/v4/model-groups/%3Fx%3D1%23f/models/50%25"),
])
def test_sgp_path_parameters_are_percent_encoded(sgp: ModuleType, flavour: str, group: str,
                                                 instance: str, raw_path: bytes) -> None:
    server = Server(httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server, api_key="k")

    run(client.model_groups.models.create(model_group_id=group, model_instance_id=instance))

    assert server.last.url.raw_path == raw_path
    assert server.last.url.host == "api.egp.scale.com"
    assert server.last.url.query == b""


def test_sgp_bodiless_post_sends_empty_json(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server, api_key="sgp-key")

    instance = run(client.model_groups.models.create(model_group_id="g1",
                                                     model_instance_id="m1"))

    request = server.last
    assert request.method == "POST"
    assert str(request.url) == "https://api.egp.scale.com/v4/model-groups/g1/models/m1"
    assert request.content == b""
    assert request.headers["content-type"] == "application/json"
    assert request.headers["content-length"] == "0"
    assert request.headers["x-api-key"] == "sgp-key"
    assert "authorization" not in request.headers
    assert isinstance(instance, sgp.models.ModelInstance)
    assert instance.model_type is sgp.models.ModelType.COMPLETION


def test_bodiless_get_sends_no_content_type(demo: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json=ITEM))
    client = make_client(demo, flavour, server, api_key="u:p")

    run(client.items.retrieve(item_id=7))

    assert server.last.method == "GET"
    assert server.last.content == b""
    assert "content-type" not in server.last.headers


def test_query_header_and_cookie_parameters(demo: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json=[ITEM]))
    client = make_client(demo, flavour, server, api_key="key")

    items = run(client.items.list(tag=["a", "b c"], ids=[1, 2], flag=False, x_trace="t-1",
                                  session="s-1"))

    url = server.last.url
    assert url.path == "/api/items"
    assert url.params.get_list("tag") == ["a", "b c"]  # form + explode: the key repeats
    assert url.params.get_list("ids") == ["1,2"]  # explode: false: one comma-joined value
    assert url.params["flag"] == "false"
    assert "limit" not in url.params  # not given: not sent
    assert url.params["api_key"] == "key"
    assert server.last.headers["x-trace"] == "t-1"
    assert server.last.headers["cookie"] == "session=s-1"
    assert [item.id for item in items] == [7]


def test_not_given_optional_parameters_are_not_sent(demo: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json=[]))
    client = make_client(demo, flavour, server, api_key="key")

    assert run(client.items.list()) == []

    assert list(server.last.url.params.multi_items()) == [("api_key", "key")]
    assert "x-trace" not in server.last.headers
    assert "cookie" not in server.last.headers


def test_extra_headers_and_extra_query(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test",
                         default_headers={"X-Team": "core"})

    run(client.model.create(id="x", extra_headers={"X-Request-Id": "r1", "accept": "*/*"},
                            extra_query={"dry_run": True, "v": "2"}))

    request = server.last
    assert request.headers["x-request-id"] == "r1"
    assert request.headers.get_list("accept") == ["*/*"]  # replaced, not duplicated
    assert request.headers["x-team"] == "core"
    assert list(request.url.params.multi_items()) == [("dry_run", "true"), ("v", "2")]


def test_default_and_per_call_timeouts(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test")

    run(client.model.create(id="x"))
    assert server.last.extensions["timeout"] == {
        "connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}

    run(client.model.create(id="x", timeout=3.5))
    assert server.last.extensions["timeout"] == {
        "connect": 3.5, "read": 3.5, "write": 3.5, "pool": 3.5}

    run(client.model.create(id="x", timeout=httpx.Timeout(9, connect=1)))
    assert server.last.extensions["timeout"]["connect"] == 1
    assert server.last.extensions["timeout"]["read"] == 9


def test_client_timeout_applies_to_every_call(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test", timeout=12.0)

    run(client.model.create(id="x"))

    assert set(server.last.extensions["timeout"].values()) == {12.0}


def test_base_url_argument_keeps_its_path_prefix(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk-test",
                         base_url="http://localhost:8080/proxy/")

    run(client.model.create(id="x"))

    assert str(server.last.url) == "http://localhost:8080/proxy/model"
