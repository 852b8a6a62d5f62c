"""Retries: which failures are retried, how many times, and how long the client waits (the sleep
is replaced, so nothing really waits)."""

from __future__ import annotations

import email.utils
import json
import time
from types import ModuleType

import httpx
import pytest
from client_support import (
    INSTANCE,
    MODEL,
    Server,
    clean_env,
    flavour,
    make_client,
    record_sleeps,
    run,
    scope3,
    sgp,
)

__all__ = ["clean_env", "flavour", "scope3", "sgp"]  # fixtures used by name


def create_instance(client: object) -> object:
    return run(client.model_groups.models.create(  # type: ignore[attr-defined]
        model_group_id="g", model_instance_id="m"))


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_status_is_retried(sgp: ModuleType, flavour: str, status: int) -> None:
    server = Server(httpx.Response(status, json={}), httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server, api_key="k")
    delays = record_sleeps(client, flavour)

    instance = create_instance(client)

    assert instance.id == "mi-1"
    assert len(server.requests) == 2
    assert len(delays) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(sgp: ModuleType, flavour: str, status: int) -> None:
    server = Server(httpx.Response(status, json={}))
    client = make_client(sgp, flavour, server, api_key="k")
    delays = record_sleeps(client, flavour)

    with pytest.raises(sgp.APIStatusError):
        create_instance(client)

    assert len(server.requests) == 1
    assert delays == []


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_max_retries_bounds_the_attempts(sgp: ModuleType, flavour: str, max_retries: int) -> None:
    server = Server(httpx.Response(503, text="busy"))
    client = make_client(sgp, flavour, server, api_key="k", max_retries=max_retries)
    delays = record_sleeps(client, flavour)

    with pytest.raises(sgp.InternalServerError) as caught:
        create_instance(client)

    assert len(server.requests) == max_retries + 1
    assert len(delays) == max_retries
    assert caught.value.status_code == 503
    assert caught.value.body == "busy"


def test_default_is_two_retries(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(500))
    client = make_client(sgp, flavour, server, api_key="k")
    record_sleeps(client, flavour)

    with pytest.raises(sgp.InternalServerError):
        create_instance(client)

    assert len(server.requests) == 3


def test_exponential_backoff_is_capped(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(500))
    client = make_client(sgp, flavour, server, api_key="k", max_retries=6)
    delays = record_sleeps(client, flavour)
    client._random = lambda: 0.0  # no jitter

    with pytest.raises(sgp.InternalServerError):
        create_instance(client)

    assert delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_jitter_shortens_each_delay_by_up_to_a_quarter(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(500))
    client = make_client(sgp, flavour, server, api_key="k", max_retries=3)
    delays = record_sleeps(client, flavour)
    client._random = lambda: 1.0

    with pytest.raises(sgp.InternalServerError):
        create_instance(client)

    assert delays == [0.375, 0.75, 1.5]


def test_real_jitter_stays_in_bounds(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(500))
    client = make_client(sgp, flavour, server, api_key="k", max_retries=4)
    delays = record_sleeps(client, flavour)

    with pytest.raises(sgp.InternalServerError):
        create_instance(client)

    for attempt, delay in enumerate(delays):
        base = 0.5 * 2**attempt
        assert 0.75 * base <= delay <= base


@pytest.mark.parametrize(("headers", "expected"), [
    ({"retry-after": "3"}, 3.0),
    ({"retry-after": "0.25"}, 0.25),
    ({"retry-after-ms": "1500"}, 1.5),
    ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
    ({"retry-after": "3600"}, 60.0),  # capped
    ({"retry-after": "-5"}, 0.0),
])
def test_retry_after_is_honoured(sgp: ModuleType, flavour: str, headers: dict[str, str],
                                 expected: float) -> None:
    server = Server(httpx.Response(429, headers=headers), httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server, api_key="k")
    delays = record_sleeps(client, flavour)

    create_instance(client)

    assert delays == [expected]


def test_retry_after_as_http_date(sgp: ModuleType, flavour: str) -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    server = Server(httpx.Response(503, headers={"Retry-After": when}),
                    httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server, api_key="k")
    delays = record_sleeps(client, flavour)

    create_instance(client)

    assert len(delays) == 1
    assert 17.0 <= delays[0] <= 20.0


def test_unusable_retry_after_falls_back_to_backoff(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(503, headers={"Retry-After": "soon"}),
                    httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server, api_key="k")
    delays = record_sleeps(client, flavour)
    client._random = lambda: 0.0

    create_instance(client)

    assert delays == [0.5]


def test_connection_errors_are_retried(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.ConnectError("refused"), httpx.Response(200, json=INSTANCE))
    client = make_client(sgp, flavour, server, api_key="k")
    delays = record_sleeps(client, flavour)

    assert create_instance(client).id == "mi-1"
    assert len(server.requests) == 2
    assert len(delays) == 1


def test_connection_error_after_retries(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.ConnectError("refused"))
    client = make_client(sgp, flavour, server, api_key="k", max_retries=1)
    record_sleeps(client, flavour)

    with pytest.raises(sgp.APIConnectionError) as caught:
        create_instance(client)

    assert not isinstance(caught.value, sgp.APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request is not None
    assert len(server.requests) == 2


def test_timeouts_are_retried_then_raised(sgp: ModuleType, flavour: str) -> None:
    server = Server(httpx.ReadTimeout("slow"))
    client = make_client(sgp, flavour, server, api_key="k")
    delays = record_sleeps(client, flavour)

    with pytest.raises(sgp.APITimeoutError) as caught:
        create_instance(client)

    assert isinstance(caught.value, sgp.APIConnectionError)
    assert len(server.requests) == 3
    assert len(delays) == 2


def test_a_retry_sends_the_same_request(scope3: ModuleType, flavour: str) -> None:
    server = Server(httpx.Response(409, json={"message": "busy"}),
                    httpx.Response(201, json=MODEL))
    client = make_client(scope3, flavour, server, api_key="sk")
    record_sleeps(client, flavour)

    run(client.model.create(id="x", name="y"))

    first, second = server.requests
    assert json.loads(first.content) == json.loads(second.content) == {"id": "x", "name": "y"}
    assert first.url == second.url
    assert first.headers["authorization"] == second.headers["authorization"] == "Bearer sk"
