"""Idempotent retries, request ids and logging over real HTTP (golden case `feature_retries`):
its FastAPI app under uvicorn on 127.0.0.1, behind a middleware that answers the first attempts
with the statuses a test schedules and records the headers of every attempt; driven by the
generated client, sync and async.

The case's document names its headers (`Idem-Key`, `X-Trace-Id`); a second package, generated
here from the same document with `idempotency_header = false` in `[tool.apigen]`, sends no key,
so its POST and PATCH are the "non-idempotent request without a key" of the retry rules."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from golden_cases import GOLDEN, golden_package
from live_server import live_server

from generator.config import load_targets
from generator.output.emit import write_package
from generator.pipeline import generate_target

SECRETS = {"bearer": "tok-SECRET1", "header_key": "hk-SECRET2", "query_key": "qk-SECRET3",
           "cookie_key": "ck-SECRET4"}


@pytest.fixture(scope="module")
def pkg() -> ModuleType:
    return golden_package("feature_retries")


@pytest.fixture(scope="module")
def keyless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The case's document generated with `idempotency_header = false` in `[tool.apigen]`."""
    root = tmp_path_factory.mktemp("keyless")
    (root / "spec.yaml").write_bytes((GOLDEN / "feature_retries" / "spec.yaml").read_bytes())
    (root / "pyproject.toml").write_text(
        '[[tool.apigen.targets]]\nspec = "spec.yaml"\npackage = "feature_retries_keyless"\n'
        "idempotency_header = false\n", encoding="utf-8")
    (target,) = load_targets(root)
    write_package(generate_target(target, root=root).package, root / "out" / target.package)
    sys.path.insert(0, str(root / "out"))
    try:
        yield importlib.import_module(target.package)
    finally:
        sys.path.remove(str(root / "out"))


@dataclass
class Attempt:
    method: str
    path: str
    key: str | None
    retry: str | None
    cookie: str | None


class Flaky:
    """ASGI middleware: answers the next scheduled statuses itself (with `Retry-After: 0`),
    then lets the app answer; every response carries `X-Trace-Id: trace-<n>` (n counts the
    requests) and a credential cookie. `delays` makes the first requests wait before answering."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.statuses: list[int] = []
        self.delays: list[float] = []
        self.seen: list[Attempt] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        self.seen.append(Attempt(scope["method"], scope["path"], headers.get("idem-key"),
                                 headers.get("x-retry-count"), headers.get("cookie")))
        extra = [(b"x-trace-id", f"trace-{len(self.seen)}".encode()),
                 (b"set-cookie", b"session=sc-SECRET5; HttpOnly")]
        if self.delays:
            await asyncio.sleep(self.delays.pop(0))
        if self.statuses:
            status = self.statuses.pop(0)
            await send({"type": "http.response.start", "status": status, "headers": [
                (b"content-type", b"application/json"), (b"retry-after", b"0"), *extra]})
            await send({"type": "http.response.body", "body": b'{"message": "try again"}'})
            return

        async def traced(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, traced)


class Orders:
    """Handlers answering every call with the order it was given."""

    def __init__(self, models: ModuleType) -> None:
        self.models = models

    def order(self, body: Any, order_id: str = "o-1") -> Any:
        return self.models.Order(id=order_id, item=body.item, quantity=body.quantity)

    async def list_orders(self, **_: Any) -> Any:
        return [self.models.Order(id="o-1", item="tea")]

    async def create_order(self, *, body: Any, **_: Any) -> Any:
        return self.order(body)

    async def replace_order(self, *, order_id: str, body: Any, **_: Any) -> Any:
        return self.order(body, order_id)

    async def update_order(self, *, order_id: str, body: Any, **_: Any) -> Any:
        return self.order(body, order_id)

    async def delete_order(self, **_: Any) -> None:
        return None


LOOP: list[asyncio.AbstractEventLoop] = []


@pytest.fixture(autouse=True)
def event_loop() -> Iterator[None]:
    """One event loop per test: an async client's connections stay on the loop they began on."""
    loop = asyncio.new_event_loop()
    LOOP.append(loop)
    try:
        yield
    finally:
        LOOP.remove(loop)
        loop.close()


def run(value: Any) -> Any:
    """The value, or the result of awaiting it on the test's loop (async clients)."""
    if asyncio.iscoroutine(value):
        return LOOP[-1].run_until_complete(value)
    return value


@pytest.fixture(params=["sync", "async"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_client(package: ModuleType, flavour: str, url: str, **options: Any) -> Any:
    options.setdefault("max_retries", 3)
    cls = package.AsyncClient if flavour == "async" else package.Client
    client = cls(base_url=url, **SECRETS, **options)

    def no_wait(seconds: float) -> None:
        assert seconds == 0.0  # the middleware's Retry-After: 0 is honoured

    async def no_wait_async(seconds: float) -> None:
        no_wait(seconds)

    client._sleep = no_wait_async if flavour == "async" else no_wait
    return client


@pytest.fixture
def served(pkg: ModuleType) -> Iterator[tuple[Flaky, str]]:
    flaky = Flaky(importlib.import_module(f"{pkg.__name__}.server").create_app(Orders(pkg.models)))
    with live_server(flaky) as url:
        yield flaky, url


@pytest.fixture
def served_keyless(keyless: ModuleType) -> Iterator[tuple[Flaky, str]]:
    server = importlib.import_module(f"{keyless.__name__}.server")
    flaky = Flaky(server.create_app(Orders(keyless.models)))
    with live_server(flaky) as url:
        yield flaky, url


# -- idempotency keys and retry counts --------------------------------------------------------


@pytest.mark.parametrize("failures", [0, 1, 3])
def test_every_attempt_of_a_call_carries_its_key_and_retry_number(
        pkg: ModuleType, flavour: str, served: tuple[Flaky, str], failures: int) -> None:
    flaky, url = served
    client = make_client(pkg, flavour, url)
    flaky.statuses = [503, 500, 409][:failures] if failures < 3 else [503, 429, 502]

    order = run(client.orders.create(item="tea", quantity=2))
    run(client.orders.create(item="milk"))

    assert order.item == "tea" and order.quantity == 2
    first, second = flaky.seen[:failures + 1], flaky.seen[failures + 1:]
    assert [a.retry for a in first] == [str(n) for n in range(failures + 1)]
    keys = {a.key for a in first}
    assert len(keys) == 1 and None not in keys  # one key, made for the call, on every attempt
    assert [a.retry for a in second] == ["0"]
    assert second[0].key not in keys  # the next call has its own


@pytest.mark.parametrize("method", ["replace_order", "update_order", "delete"])
def test_every_method_but_get_carries_a_key(
        pkg: ModuleType, flavour: str, served: tuple[Flaky, str], method: str) -> None:
    flaky, url = served
    client = make_client(pkg, flavour, url)
    flaky.statuses = [500]
    arguments: dict[str, Any] = {"order_id": "o-9"}
    if method != "delete":
        arguments["item"] = "tea"

    run(getattr(client.orders, method)(**arguments))
    run(client.orders.list())

    keyed, listed = flaky.seen[:2], flaky.seen[2]
    assert keyed[0].key is not None and keyed[0].key == keyed[1].key
    assert [a.retry for a in keyed] == ["0", "1"]
    assert listed.method == "GET" and listed.key is None and listed.retry == "0"


def test_the_callers_own_key_is_sent_on_every_attempt(
        pkg: ModuleType, flavour: str, served: tuple[Flaky, str]) -> None:
    flaky, url = served
    client = make_client(pkg, flavour, url)
    flaky.statuses = [503, 503]

    run(client.orders.create(item="tea", extra_headers={"idem-key": "mine-1"}))

    assert [a.key for a in flaky.seen] == ["mine-1"] * 3
    assert [a.retry for a in flaky.seen] == ["0", "1", "2"]


def test_attempts_stop_at_max_retries(pkg: ModuleType, flavour: str,
                                      served: tuple[Flaky, str]) -> None:
    flaky, url = served
    client = make_client(pkg, flavour, url, max_retries=2)
    flaky.statuses = [503] * 5

    with pytest.raises(pkg.InternalServerError) as caught:
        run(client.orders.create(item="tea"))

    assert [a.retry for a in flaky.seen] == ["0", "1", "2"]
    assert caught.value.request_id == "trace-3"


# -- a POST or PATCH without a key ------------------------------------------------------------


def test_a_keyless_post_is_not_retried_after_a_read_timeout(
        keyless: ModuleType, flavour: str, served_keyless: tuple[Flaky, str]) -> None:
    flaky, url = served_keyless
    client = make_client(keyless, flavour, url, timeout=httpx.Timeout(0.3))
    flaky.delays = [1.0]

    with pytest.raises(keyless.APITimeoutError):
        run(client.orders.create(item="tea"))

    # The server got it (it may have acted on it): sending it again could order twice.
    assert len(flaky.seen) == 1 and flaky.seen[0].key is None


def test_a_keyed_post_is_retried_after_a_read_timeout(
        pkg: ModuleType, flavour: str, served: tuple[Flaky, str]) -> None:
    flaky, url = served
    client = make_client(pkg, flavour, url, timeout=httpx.Timeout(0.3))
    flaky.delays = [1.0]
    client._sleep = (lambda s: asyncio.sleep(0)) if flavour == "async" else (lambda s: None)

    order = run(client.orders.create(item="tea"))

    assert order.item == "tea"
    assert len(flaky.seen) == 2 and flaky.seen[0].key == flaky.seen[1].key is not None


@pytest.mark.parametrize(("status", "attempts"), [(500, 1), (502, 1), (409, 1), (503, 2),
                                                  (429, 2), (408, 2)])
def test_a_keyless_patch_is_retried_only_on_statuses_that_say_it_was_not_acted_on(
        keyless: ModuleType, flavour: str, served_keyless: tuple[Flaky, str], status: int,
        attempts: int) -> None:
    flaky, url = served_keyless
    client = make_client(keyless, flavour, url)
    flaky.statuses = [status]

    try:
        run(client.orders.update_order(order_id="o-1", item="tea"))
    except keyless.APIStatusError as exc:
        assert attempts == 1 and exc.status_code == status
    else:
        assert attempts == 2

    assert len(flaky.seen) == attempts
    assert [a.retry for a in flaky.seen] == [str(n) for n in range(attempts)]


def test_a_keyless_put_is_retried_like_any_idempotent_request(
        keyless: ModuleType, flavour: str, served_keyless: tuple[Flaky, str]) -> None:
    flaky, url = served_keyless
    client = make_client(keyless, flavour, url)
    flaky.statuses = [500, 409]

    order = run(client.orders.replace_order(order_id="o-2", item="tea"))

    assert order.id == "o-2" and len(flaky.seen) == 3


class Replies:
    """A MockTransport handler answering with the scheduled errors, then 201."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        # Each attempt's headers as sent (a retry sends the same request, its count updated).
        self.requests: list[httpx.Headers] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(httpx.Headers(request.headers))
        if self.errors:
            raise self.errors.pop(0)
        return httpx.Response(201, json={"id": "o-1", "item": "tea"})


@pytest.mark.parametrize(("error", "retried"), [
    (httpx.ConnectError("refused"), True),
    (httpx.ConnectTimeout("no connection"), True),
    (httpx.PoolTimeout("pool full"), True),
    (httpx.ReadTimeout("slow"), False),
    (httpx.RemoteProtocolError("Server disconnected without sending a response."), False),
    (httpx.ReadError("reset"), False),
    (httpx.WriteTimeout("slow upload"), False),
])
def test_a_keyless_post_is_retried_only_when_nothing_reached_the_server(
        keyless: ModuleType, flavour: str, error: Exception, retried: bool) -> None:
    replies = Replies(error)
    transport = httpx.MockTransport(replies)
    http = (httpx.AsyncClient(transport=transport) if flavour == "async"
            else httpx.Client(transport=transport))
    client = make_client(keyless, flavour, "http://api.test", http_client=http)
    client._sleep = (lambda s: asyncio.sleep(0)) if flavour == "async" else (lambda s: None)

    if retried:
        assert run(client.orders.create(item="tea")).id == "o-1"
    else:
        with pytest.raises(keyless.APIConnectionError):
            run(client.orders.create(item="tea"))

    assert len(replies.requests) == (2 if retried else 1)
    assert [h["x-retry-count"] for h in replies.requests] == (["0", "1"] if retried else ["0"])
    assert all("idem-key" not in h for h in replies.requests)


# -- request ids ------------------------------------------------------------------------------


def test_request_id_of_a_raw_response_and_of_an_error(
        pkg: ModuleType, flavour: str, served: tuple[Flaky, str]) -> None:
    flaky, url = served
    client = make_client(pkg, flavour, url, max_retries=0)

    raw = run(client.with_raw_response.orders.create(item="tea"))
    flaky.statuses = [409]
    with pytest.raises(pkg.ConflictError) as caught:
        run(client.orders.create(item="tea"))

    assert raw.request_id == "trace-1" and raw.parse().item == "tea"
    assert caught.value.request_id == "trace-2"
    assert caught.value.body.message == "try again"


def test_request_id_of_a_streamed_response(pkg: ModuleType, served: tuple[Flaky, str]) -> None:
    _, url = served
    client = make_client(pkg, "sync", url, max_retries=0)
    with client.with_streaming_response.orders.create(item="tea") as response:
        assert response.request_id == "trace-1"
        assert response.parse().item == "tea"

    async def streamed() -> str | None:
        async_client = make_client(pkg, "async", url, max_retries=0)
        async with async_client.with_streaming_response.orders.create(item="tea") as response:
            return response.request_id  # type: ignore[no-any-return]

    assert run(streamed()) == "trace-2"


# -- logging ----------------------------------------------------------------------------------


@pytest.fixture
def package_logger(pkg: ModuleType) -> Iterator[logging.Logger]:
    """The package's logger, its level and handlers put back after the test."""
    logger = logging.getLogger(pkg.__name__)
    level, handlers = logger.level, list(logger.handlers)
    logger.setLevel(logging.NOTSET)
    try:
        yield logger
    finally:
        logger.setLevel(level)
        logger.handlers[:] = handlers


@pytest.mark.parametrize("level", ["info", "debug"])
def test_logging_from_the_environment_redacts_every_credential(
        pkg: ModuleType, flavour: str, served: tuple[Flaky, str], level: str,
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        package_logger: logging.Logger) -> None:
    flaky, url = served
    logger = logging.getLogger(pkg.__name__)
    monkeypatch.setenv("FEATURE_RETRIES_LOG", level.upper())
    caplog.set_level(logging.NOTSET)  # what the client's own level lets through
    client = make_client(pkg, flavour, url)
    flaky.statuses = [503]

    started = time.monotonic()
    run(client.orders.create(item="tea"))
    took = time.monotonic() - started

    assert logger.level == getattr(logging, level.upper())
    records = [r for r in caplog.records if r.name == pkg.__name__]
    text = "\n".join(r.getMessage() for r in records)
    assert "SECRET" not in text
    assert all(value not in text for value in SECRETS.values())
    lines = [r.getMessage() for r in records if r.levelno == logging.INFO]
    assert len(lines) == 2
    # Method, URL (its query key hidden), status, time, retry number, request id.
    sent = f"POST {url}/orders?api_key=<redacted>"
    assert lines[0].startswith(f"{sent} -> 503 Service Unavailable in ")
    assert lines[0].endswith("s (retry 0, request id trace-1)")
    assert lines[1].startswith(f"{sent} -> 201 Created in ")
    assert lines[1].endswith("s (retry 1, request id trace-2)")
    elapsed = float(lines[1].split(" in ")[1].split(" s ")[0])
    assert 0 <= elapsed <= took
    if level == "info":
        assert all(r.levelno >= logging.INFO for r in records)
        return
    debug = "\n".join(r.getMessage() for r in records if r.levelno == logging.DEBUG)
    for name in ("authorization", "x-api-key", "cookie", "set-cookie"):
        assert f"('{name}', '<redacted>')" in debug
    assert "('idem-key', '" in debug and "('x-retry-count', '1')" in debug
    assert "('x-trace-id', 'trace-2')" in debug
    # The server did get every credential: only the log hides them.
    assert flaky.seen[0].cookie == "session=ck-SECRET4"


def test_without_the_environment_variable_the_level_is_left_alone(
        pkg: ModuleType, served: tuple[Flaky, str], monkeypatch: pytest.MonkeyPatch,
        package_logger: logging.Logger) -> None:
    _, url = served
    logger = package_logger
    logger.setLevel(logging.WARNING)
    monkeypatch.delenv("FEATURE_RETRIES_LOG", raising=False)

    make_client(pkg, "sync", url)

    assert logger.level == logging.WARNING


def test_the_configured_header_names(pkg: ModuleType, keyless: ModuleType) -> None:
    assert (pkg._config.IDEMPOTENCY_HEADER, pkg._config.RETRY_COUNT_HEADER,
            pkg._config.REQUEST_ID_HEADER) == ("Idem-Key", "X-Retry-Count", "X-Trace-Id")
    assert keyless._config.IDEMPOTENCY_HEADER is None
    assert json.loads((Path(keyless.__file__).parent / "openapi.json").read_text())[
        "x-apigen-idempotency-header"] == "Idem-Key"  # the configuration won over the document


def test_a_password_in_the_url_and_every_credential_query_key_are_redacted(
        pkg: ModuleType) -> None:
    url = httpx.URL("http://user:pw-SECRET@api.test/orders?a=1&api_key=k1&api_key=k%202&b")

    shown = pkg._base.redacted_url(url)

    assert shown == "http://user:redacted@api.test/orders?a=1&api_key=<redacted>" \
        "&api_key=<redacted>&b"
