"""Property: for random sequences of failures (statuses and transport errors) before a success,
on every method, with and without idempotency keys, under any `max_retries`, the client makes
exactly the attempts the retry rules allow, never more than `max_retries + 1`, numbers them
0, 1, 2, ... in the retry-count header, sends one key for every attempt of a call (none on GET,
none at all when the key is configured off), and ends with the result or error of its last
attempt. Sync and async alike (golden case `feature_retries`, and the same document generated
with `idempotency_header = false`), over httpx.MockTransport.

The model below is the rule README states, written independently of the runtime: GET, PUT and
DELETE (idempotent) and any request carrying a key are retried on every connection error and on
408, 409, 429 and 5xx; a POST or PATCH without a key only on errors raised before a connection
was made (connect error, connect or pool timeout) and on 408, 429 and 503."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from golden_shared import GOLDEN, assemble
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Target
from generator.output.emit import write_package
from generator.pipeline import generate_target

# method of the client -> (HTTP method, arguments)
OPERATIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "list": ("GET", {}),
    "create": ("POST", {"item": "tea"}),
    "replace_order": ("PUT", {"order_id": "o-1", "item": "tea"}),
    "update_order": ("PATCH", {"order_id": "o-1", "item": "tea"}),
    "delete": ("DELETE", {"order_id": "o-1"}),
}
ERRORS: dict[str, type[httpx.TransportError]] = {
    "connect": httpx.ConnectError, "connect_timeout": httpx.ConnectTimeout,
    "pool_timeout": httpx.PoolTimeout, "read_timeout": httpx.ReadTimeout,
    "write_timeout": httpx.WriteTimeout, "read": httpx.ReadError, "write": httpx.WriteError,
    "disconnected": httpx.RemoteProtocolError,
}
STATUSES = [400, 401, 404, 408, 409, 422, 429, 500, 502, 503, 504]
Failure = int | str

# The model.
IDEMPOTENT = {"GET", "PUT", "DELETE"}
ANY_RETRYABLE_STATUS = {408, 409, 429} | {s for s in STATUSES if s >= 500}
UNSENT = {"connect", "connect_timeout", "pool_timeout"}
UNPROCESSED = {408, 429, 503}


def expected_attempts(method: str, keyed: bool, failures: list[Failure], max_retries: int) -> int:
    repeatable = method in IDEMPOTENT or (keyed and method != "GET")
    for attempts, failure in enumerate([*failures, 200], start=1):
        if failure == 200 or attempts > max_retries:
            return attempts
        if isinstance(failure, str):
            retried = repeatable or failure in UNSENT
        else:
            retried = failure in (ANY_RETRYABLE_STATUS if repeatable else UNPROCESSED)
        if not retried:
            return attempts
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[bool, ModuleType]]:
    """keyed -> package: the golden case, and its document generated without keys."""
    out = tmp_path_factory.mktemp("keyless")
    golden = str(assemble("feature_retries"))
    target = Target(spec=GOLDEN / "feature_retries" / "spec.yaml",
                    package="feature_retries_no_key", output=out,
                    header_names=(("idempotency", None),))
    write_package(generate_target(target, root=out).package, out / target.package)
    sys.path[:0] = [str(out), golden]
    try:
        yield {True: importlib.import_module("feature_retries"),
               False: importlib.import_module(target.package)}
    finally:
        sys.path.remove(str(out))
        sys.path.remove(golden)


class Script:
    """A MockTransport handler: the scheduled failures, then the operation's success."""

    def __init__(self, failures: list[Failure]) -> None:
        self.failures = list(failures)
        self.sent: list[httpx.Headers] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(httpx.Headers(request.headers))
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, str):
                raise ERRORS[failure]("scripted", request=request)
            return httpx.Response(failure, json={"message": "scripted"})
        if request.method == "DELETE":
            return httpx.Response(204)
        order = {"id": "o-1", "item": "tea"}
        return httpx.Response(200 if request.method != "POST" else 201,
                              json=[order] if request.method == "GET" else order)


def call(package: ModuleType, flavour: str, script: Script, method: str, max_retries: int,
         sleeps: list[float]) -> object:
    """Make the call; its result, or the error it raised."""
    arguments = OPERATIONS[method][1]
    transport = httpx.MockTransport(script)
    if flavour == "sync":
        client = package.Client(base_url="http://api.test", bearer="t", header_key="h",
                                query_key="q", cookie_key="c", max_retries=max_retries,
                                http_client=httpx.Client(transport=transport))
        client._sleep = sleeps.append
        try:
            return getattr(client.orders, method)(**arguments)
        except package.APIError as exc:
            return exc

    async def run() -> object:
        client = package.AsyncClient(base_url="http://api.test", bearer="t", header_key="h",
                                     query_key="q", cookie_key="c", max_retries=max_retries,
                                     http_client=httpx.AsyncClient(transport=transport))

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)

        client._sleep = sleep
        try:
            return await getattr(client.orders, method)(**arguments)
        except package.APIError as exc:
            return exc

    return asyncio.run(run())


failure_lists = st.lists(st.one_of(st.sampled_from(STATUSES), st.sampled_from(sorted(ERRORS))),
                         max_size=6)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(method=st.sampled_from(sorted(OPERATIONS)), keyed=st.booleans(), failures=failure_lists,
       max_retries=st.integers(0, 4), flavour=st.sampled_from(["sync", "async"]))
def test_attempts_follow_the_retry_rules(packages: dict[bool, ModuleType], method: str,
                                         keyed: bool, failures: list[Failure],
                                         max_retries: int, flavour: str) -> None:
    package = packages[keyed]
    script = Script(failures)
    sleeps: list[float] = []

    outcome = call(package, flavour, script, method, max_retries, sleeps)

    attempts = expected_attempts(OPERATIONS[method][0], keyed, failures, max_retries)
    assert len(script.sent) == attempts <= max_retries + 1
    assert len(sleeps) == attempts - 1
    assert [h["x-retry-count"] for h in script.sent] == [str(n) for n in range(attempts)]
    keys = [h.get("idem-key") for h in script.sent]
    if keyed and method != "list":
        assert keys[0] and keys == [keys[0]] * attempts
    else:
        assert keys == [None] * attempts
    last = [*failures, 200][attempts - 1]
    if last == 200:
        assert not isinstance(outcome, Exception)
    elif isinstance(last, str):
        assert isinstance(outcome, package.APIConnectionError)
        assert isinstance(outcome.__cause__, ERRORS[last])
    else:
        assert isinstance(outcome, package.APIStatusError) and outcome.status_code == last


def test_the_model_retries_what_the_readme_says() -> None:
    """The oracle itself, on the cases the README names."""
    assert expected_attempts("POST", False, ["read_timeout"], 2) == 1
    assert expected_attempts("POST", False, ["connect", "connect"], 2) == 3
    assert expected_attempts("POST", True, ["read_timeout", 500], 2) == 3
    assert expected_attempts("PATCH", False, [500], 2) == 1
    assert expected_attempts("PATCH", False, [503, 429, 408], 3) == 4
    assert expected_attempts("GET", False, [500, 500, 500, 500], 2) == 3
