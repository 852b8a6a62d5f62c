"""Credentials and base URLs: schemes from the spec, environment defaults, secrets kept out of
reprs and logs."""

from __future__ import annotations

import base64
import logging
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
    record_sleeps,
    run,
    scope3,
    sgp,
)

__all__ = ["clean_env", "demo", "flavour", "scope3", "sgp"]  # fixtures used by name


@pytest.mark.parametrize("variable", ["SCOPE3_AI_API_KEY", "SCOPE3AI_API_KEY"])
def test_scope3_key_from_environment(scope3: ModuleType, flavour: str, variable: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "sk-env")
    server = Server(httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server)

    run(client.model.create(id="x"))

    assert server.last.headers["authorization"] == "Bearer sk-env"


@pytest.mark.parametrize("variable", ["SGP_API_KEY"])
def test_sgp_key_from_environment(sgp: ModuleType, flavour: str, variable: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "sgp-env")
    server = Server(httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server)

    run(client.model_groups.models.create(model_group_id="g", model_instance_id="m"))

    assert server.last.headers["x-api-key"] == "sgp-env"


def test_first_set_variable_wins_and_argument_beats_environment(
        scope3: ModuleType, flavour: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOPE3_AI_API_KEY", "first")
    monkeypatch.setenv("SCOPE3AI_API_KEY", "second")
    server = Server(httpx.Response(201, json=MODEL))

    run(make_client(scope3, flavour, server).model.create(id="x"))
    assert server.last.headers["authorization"] == "Bearer first"

    run(make_client(scope3, flavour, server, api_key="explicit").model.create(id="x"))
    assert server.last.headers["authorization"] == "Bearer explicit"


@pytest.mark.parametrize(("package_name", "variable", "expected"), [
    ("scope3_ai", None, "https://aiapi.scope3.com/model"),
    ("scope3_ai", "SCOPE3_AI_BASE_URL", "http://own.test/v/model"),
    ("scope3_ai", "SCOPE3AI_API_URL", "http://own.test/v/model"),
    ("sgp", None, "https://api.egp.scale.com/v4/model-groups/g/models/m"),
    ("sgp", "SGP_BASE_URL", "http://own.test/v/v4/model-groups/g/models/m"),
    ("sgp", "SGP_CLIENT_BASE_URL", "http://own.test/v/v4/model-groups/g/models/m"),
])
def test_base_url_from_environment(seed_packages: object, flavour: str, package_name: str,
                                   variable: str | None, expected: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    package = importlib.import_module(package_name)
    if variable:
        monkeypatch.setenv(variable, "http://own.test/v/")
    server = Server(httpx.Response(201 if package_name == "scope3_ai" else 200,
                                   json=MODEL if package_name == "scope3_ai" else INSTANCE))
    client = make_client(package, flavour, server, api_key="k")

    if package_name == "scope3_ai":
        run(client.model.create(id="x"))
    else:
        run(client.model_groups.models.create(model_group_id="g", model_instance_id="m"))

    assert str(server.last.url) == expected
    assert client.base_url == expected.split("/model")[0].removesuffix("/v4")


@pytest.mark.parametrize(("package_name", "variables"), [
    ("scope3_ai", ["SCOPE3_AI_API_KEY", "SCOPE3AI_API_KEY"]),
    ("sgp", ["SGP_API_KEY"]),
])
def test_missing_key_fails_at_construction(seed_packages: object, flavour: str,
                                           package_name: str, variables: list[str]) -> None:
    import importlib

    package = importlib.import_module(package_name)
    with pytest.raises(package.APIError) as caught:
        make_client(package, flavour, Server())
    message = str(caught.value)
    assert "api_key=" in message
    for variable in variables:
        assert variable in message


def test_repr_hides_the_key(scope3: ModuleType, flavour: str) -> None:
    client = make_client(scope3, flavour, Server(), api_key="sk-very-secret")

    for text in (repr(client), str(client), repr(client.with_options(max_retries=5))):
        assert "sk-very-secret" not in text
        assert "'***'" in text
        assert "https://aiapi.scope3.com" in text


def test_basic_auth_from_pair_or_string(demo: ModuleType, flavour: str) -> None:
    expected = "Basic " + base64.b64encode(b"user:p@ss").decode()
    for credential in (("user", "p@ss"), "user:p@ss"):
        server = Server(httpx.Response(200, json=ITEM))
        client = make_client(demo, flavour, server, api_key=credential)

        run(client.items.retrieve(item_id=7))

        assert server.last.headers["authorization"] == expected
        assert str(server.last.url) == "https://demo.example/api/items/7"


def test_api_key_in_query_and_cookie(demo: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json=[]), httpx.Response(204))
    client = make_client(demo, flavour, server, api_key="secret-1")

    run(client.items.list(limit=3))
    assert list(server.last.url.params.multi_items()) == [("api_key", "secret-1"), ("limit", "3")]
    assert "authorization" not in server.last.headers

    assert run(client.items.delete(item_id=7)) is None
    assert server.last.headers["cookie"] == "key=secret-1"
    assert "api_key" not in server.last.url.params


def test_operation_without_security_sends_no_credential(demo: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(200, json={"any": "thing"}))
    client = make_client(demo, flavour, server, api_key="secret-1")

    run(client.public.list())

    assert "authorization" not in server.last.headers
    assert "secret-1" not in str(server.last.url)
    assert "cookie" not in server.last.headers


def test_retry_log_lines_do_not_show_a_query_key(demo: ModuleType, flavour: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    server = Server(httpx.Response(503), httpx.Response(200, json=[]))
    client = make_client(demo, flavour, server, api_key="query-secret")
    record_sleeps(client, flavour)

    with caplog.at_level(logging.DEBUG, logger="apigen_client_demo"):
        run(client.items.list())

    assert len(server.requests) == 2
    lines = [r.getMessage() for r in caplog.records if r.name == "apigen_client_demo"]
    # One line per attempt at INFO (the query key redacted), the retry's wait at DEBUG.
    attempts = [r.getMessage() for r in caplog.records
                if r.name == "apigen_client_demo" and r.levelno == logging.INFO]
    assert len(attempts) == 2
    assert "/api/items?api_key=<redacted> -> 503" in attempts[0]
    assert any("503; retry 1 of 2" in line for line in lines)
    assert all("query-secret" not in line for line in lines)
