"""Golden case feature_security: several credentials. Each security scheme is its own client
argument and environment variable; a requirement object is AND, the requirement list OR, `{}`
anonymous. The client (over `httpx.MockTransport`) sends exactly the credentials of the first
requirement it can meet, or raises before sending; the server admits exactly the requests that
meet one requirement and answers 401 in the declared shape otherwise, never 500; then both
together over HTTP under uvicorn, sync and async."""

from __future__ import annotations

import asyncio
import base64
import importlib
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from golden_cases import golden_package
from live_server import live_server

pkg = golden_package("feature_security")
server = importlib.import_module("feature_security.server")
ENV_PREFIX = "FEATURE_SECURITY_"
OPERATIONS = ("together", "either", "optional", "open", "certificate", "certificate_or_token")


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith(ENV_PREFIX):
            monkeypatch.delenv(name)


# -- the client, over httpx.MockTransport --------------------------------------------------------


class Wire:
    """A mock transport keeping what each request carried: auth headers, query, cookies."""

    HEADERS = ("authorization", "plaid-client-id", "plaid-secret", "plaid-version")

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return httpx.Response(200, json={"schemes": []})

    @property
    def last(self) -> dict[str, Any]:
        request = self.sent[-1]
        cookie: SimpleCookie = SimpleCookie(request.headers.get("cookie", ""))
        return {
            "headers": {n: request.headers[n] for n in self.HEADERS if n in request.headers},
            "query": list(request.url.params.multi_items()),
            "cookies": {k: m.value for k, m in cookie.items()},
        }


def call(flavour: str, operation: str, **credentials: Any) -> tuple[Wire, dict[str, Any]]:
    """Make a client of `flavour` with `credentials`, call `operation` once, return what it
    sent."""
    wire = Wire()
    if flavour == "sync":
        with pkg.Client(base_url="http://api.test", max_retries=0,
                        http_client=httpx.Client(transport=wire.transport), **credentials) as c:
            getattr(c, operation).list()
    else:
        async def run() -> None:
            async with pkg.AsyncClient(
                    base_url="http://api.test", max_retries=0,
                    http_client=httpx.AsyncClient(transport=wire.transport), **credentials) as c:
                await getattr(c, operation).list()
        asyncio.run(run())
    return wire, wire.last


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


NOTHING: dict[str, Any] = {"headers": {}, "query": [], "cookies": {}}
PLAID = {"client_id": "id-1", "secret": "s-2", "plaid_version": "2020-09-14"}
SENT_CASES = [
    # AND: the three headers, each with its own value.
    ("together", PLAID, {"headers": {"plaid-client-id": "id-1", "plaid-secret": "s-2",
                                     "plaid-version": "2020-09-14"}}),
    # OR: the first requirement (in spec order) whose schemes all have a value.
    ("either", {"bearer": "tok"}, {"headers": {"authorization": "Bearer tok"}}),
    ("either", {"query_key": "q", "cookie_key": "c"},
     {"query": [("api_key", "q")], "cookies": {"session": "c"}}),
    ("either", {"query_key": "q", "basic": ("ann", "pw")},
     {"headers": {"authorization": basic("ann", "pw")}}),
    ("either", {"basic": "bob:pw"}, {"headers": {"authorization": basic("bob", "pw")}}),
    ("either", {"bearer": "tok", "query_key": "q", "cookie_key": "c", "basic": "a:b"},
     {"headers": {"authorization": "Bearer tok"}}),
    # Anonymous allowed: a token when there is one, else nothing.
    ("optional", {"bearer": "unrelated"}, {}),
    ("optional", {"oauth": "o-tok"}, {"headers": {"authorization": "Bearer o-tok"}}),
    # `security: []` overrides the document's: nothing, whatever the client holds.
    ("open", PLAID, {}),
    # mutualTLS is left to the http_client: nothing sent, no error.
    ("certificate", {"bearer": "unrelated"}, {}),
    ("certificate_or_token", {"query_key": "q"}, {"query": [("api_key", "q")]}),
    ("certificate_or_token", {"oidc": "id-tok"}, {"headers": {"authorization": "Bearer id-tok"}}),
    # A requirement the client meets whole beats an earlier one it meets only in part.
    ("certificate_or_token", {"query_key": "q", "oidc": "id-tok"},
     {"headers": {"authorization": "Bearer id-tok"}}),
    # `api_key` is the value of every scheme without its own argument (today's clients).
    ("together", {"api_key": "k"}, {"headers": {"plaid-client-id": "k", "plaid-secret": "k",
                                                "plaid-version": "k"}}),
    ("together", {"api_key": "k", "secret": "s"},
     {"headers": {"plaid-client-id": "k", "plaid-secret": "s", "plaid-version": "k"}}),
]


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize(("operation", "credentials", "expected"), SENT_CASES)
def test_client_sends_the_credentials_of_one_requirement(
        flavour: str, operation: str, credentials: dict[str, Any],
        expected: dict[str, Any]) -> None:
    _, sent = call(flavour, operation, **credentials)
    assert sent == {**NOTHING, **expected}


@pytest.mark.parametrize(("operation", "credentials", "named"), [
    ("together", {"client_id": "a", "secret": "b"},
     ["plaid_version= (or FEATURE_SECURITY_PLAID_VERSION)"]),
    ("either", {"query_key": "q"},
     ["bearer=", "cookie_key= (or FEATURE_SECURITY_COOKIE_KEY)", "basic="]),
    ("certificate_or_token", {"bearer": "b"}, ["query_key=", "oidc="]),
])
def test_client_raises_naming_what_is_missing_before_sending(
        operation: str, credentials: dict[str, Any], named: list[str]) -> None:
    with pytest.raises(pkg.APIError) as caught:
        call("sync", operation, **credentials)
    message = str(caught.value)
    assert message.startswith(f"{operation}.list: missing credentials, no request sent")
    assert all(name in message for name in named), message
    # Raised while building the request: the transport never saw one.
    wire = Wire()
    client = pkg.Client(base_url="http://api.test",
                        http_client=httpx.Client(transport=wire.transport), **credentials)
    with pytest.raises(pkg.APIError):
        getattr(client, operation).list()
    assert wire.sent == []


def test_each_scheme_defaults_to_its_own_environment_variable(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEATURE_SECURITY_CLIENT_ID", "env-id")
    monkeypatch.setenv("FEATURE_SECURITY_SECRET", "env-secret")
    monkeypatch.setenv("FEATURE_SECURITY_API_KEY", "env-any")
    _, sent = call("sync", "together", plaid_version="v")
    assert sent["headers"] == {"plaid-client-id": "env-id", "plaid-secret": "env-secret",
                               "plaid-version": "v"}
    _, sent = call("sync", "either")
    assert sent["headers"] == {"authorization": "Bearer env-any"}


def test_without_any_credential_the_client_refuses_to_start() -> None:
    with pytest.raises(pkg.APIError, match="no credentials: pass api_key= or client_id="):
        pkg.Client(base_url="http://api.test")


def test_constructor_and_docstring_name_every_scheme() -> None:
    import inspect

    parameters = inspect.signature(pkg.Client).parameters
    arguments = ["api_key", "client_id", "secret", "plaid_version", "bearer", "basic",
                 "query_key", "cookie_key", "oauth", "oidc"]
    assert [p for p in parameters if p in arguments or p == "mtls"] == arguments
    doc = pkg.Client.__doc__ or ""
    for argument in arguments[1:]:
        assert f"{argument}: Scheme `" in doc
        assert f"FEATURE_SECURITY_{argument.upper()}" in doc
    assert "Scheme `mtls` is not sent by the client" in doc
    assert "'***'" in repr(pkg.Client(base_url="http://x", secret="s"))


# -- the server, in process ---------------------------------------------------------------------


class WhoHandlers:
    """Answers with the schemes the request was admitted with."""

    def __init__(self, accept: Any = None) -> None:
        self.accept = accept
        if accept is not None:
            self.authorize = self._authorize

    async def _authorize(self, credentials: Any, *, operation: str) -> bool:
        return bool(self.accept(credentials, operation))

    def who(self, credentials: Any) -> Any:
        if credentials is None:
            return pkg.models.Who(schemes=[])
        return pkg.models.Who(schemes=[c.scheme for c in (credentials, *credentials.together)])

    def __getattr__(self, name: str) -> Any:
        if name not in ("together", "either", "optional", "open_", "certificate",
                        "certificate_or_token"):
            raise AttributeError(name)

        async def handler(*, credentials: Any = None) -> Any:
            return self.who(credentials)
        return handler


def ask(handlers: object, path: str, *, headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None, cookies: dict[str, str] | None = None
        ) -> httpx.Response:
    async def run() -> httpx.Response:
        app = server.create_app(handlers)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://api.test", cookies=cookies) as http:
            return await http.get(path, headers=headers, params=params)
    return asyncio.run(run())


PLAID_HEADERS = {"PLAID-CLIENT-ID": "a", "PLAID-SECRET": "b", "Plaid-Version": "c"}
ADMITTED = [
    ("/together", {"headers": PLAID_HEADERS}, ["clientId", "secret", "plaidVersion"]),
    ("/either", {"headers": {"Authorization": "Bearer t"}}, ["bearer"]),
    ("/either", {"params": {"api_key": "q"}, "cookies": {"session": "c"}},
     ["queryKey", "cookieKey"]),
    ("/either", {"headers": {"Authorization": basic("a", "b")}}, ["basic"]),
    ("/optional", {}, []),
    ("/optional", {"headers": {"Authorization": "Bearer o"}}, ["oauth"]),
    ("/open", {}, []),
    ("/certificate-or-token", {"headers": {"Authorization": "Bearer o"}}, ["oidc"]),
]
REFUSED = [
    ("/together", {"headers": {"PLAID-CLIENT-ID": "a", "PLAID-SECRET": "b"}}),
    ("/together", {"headers": {**PLAID_HEADERS, "Plaid-Version": " "}}),
    ("/either", {"params": {"api_key": "q"}}),
    ("/either", {"cookies": {"session": "c"}}),
    ("/either", {"headers": {"Authorization": "Basic not-base64!"}}),
    ("/either", {}),
    # mutualTLS: no hook to vouch for it, so never met; never a 500.
    ("/certificate", {}),
    ("/certificate-or-token", {"params": {"api_key": "q"}}),
]


@pytest.mark.parametrize(("path", "request_", "schemes"), ADMITTED)
def test_server_admits_a_request_meeting_one_requirement(
        path: str, request_: dict[str, Any], schemes: list[str]) -> None:
    response = ask(WhoHandlers(), path, **request_)
    assert response.status_code == 200, response.text
    assert response.json() == {"schemes": schemes}


@pytest.mark.parametrize(("path", "request_"), REFUSED)
def test_server_refuses_the_rest_with_the_declared_401(path: str, request_: dict[str, Any]
                                                      ) -> None:
    response = ask(WhoHandlers(), path, **request_)
    assert response.status_code == 401, response.text
    assert response.json() == {"message": "credentials required"}


def test_unenforceable_schemes_are_left_to_the_authorize_hook() -> None:
    seen: list[tuple[str, ...]] = []

    def accept(credentials: Any, operation: str) -> bool:
        schemes = tuple(c.scheme for c in (credentials, *credentials.together))
        seen.append(schemes)
        return "mtls" in schemes and all(c.value == "" for c in (credentials,)
                                         if c.scheme == "mtls")

    handlers = WhoHandlers(accept)
    assert ask(handlers, "/certificate").json() == {"schemes": ["mtls"]}
    response = ask(handlers, "/certificate-or-token", params={"api_key": "q"})
    assert response.json() == {"schemes": ["mtls", "queryKey"]}
    # A refused requirement does not end the search: the next one may still admit.
    response = ask(WhoHandlers(lambda c, op: c.scheme != "bearer"), "/either",
                   headers={"Authorization": "Bearer t"}, params={"api_key": "q"},
                   cookies={"session": "c"})
    assert response.json() == {"schemes": ["queryKey", "cookieKey"]}
    # A refused credential is not waved through as anonymous.
    response = ask(WhoHandlers(lambda c, op: False), "/optional",
                   headers={"Authorization": "Bearer t"})
    assert response.status_code == 401


def test_the_mock_honours_and_or_and_mutual_tls() -> None:
    mock = server.MockHandlers()
    assert ask(mock, "/certificate").status_code == 200
    assert ask(mock, "/together", headers=PLAID_HEADERS).status_code == 200
    assert ask(mock, "/together", headers={"PLAID-SECRET": "b"}).status_code == 401
    keyed = server.MockHandlers(api_key="k")
    assert ask(keyed, "/together", headers={n: "k" for n in PLAID_HEADERS}).status_code == 200
    assert ask(keyed, "/together", headers={**{n: "k" for n in PLAID_HEADERS},
                                            "PLAID-SECRET": "x"}).status_code == 401
    assert ask(keyed, "/certificate").status_code == 401


# -- client and server together over HTTP --------------------------------------------------------


@pytest.fixture(scope="module")
def live() -> Iterator[str]:
    with live_server(server.create_app(WhoHandlers())) as url:
        yield url


def who(flavour: str, url: str, operation: str, **credentials: Any) -> list[str]:
    if flavour == "sync":
        with pkg.Client(base_url=url, max_retries=0, **credentials) as client:
            return list(getattr(client, operation).list().schemes)

    async def run() -> list[str]:
        async with pkg.AsyncClient(base_url=url, max_retries=0, **credentials) as client:
            return list((await getattr(client, operation).list()).schemes)
    return asyncio.run(run())


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_over_http_and_or_and_anonymous(flavour: str, live: str) -> None:
    assert who(flavour, live, "together", **PLAID) == ["clientId", "secret", "plaidVersion"]
    assert who(flavour, live, "either", query_key="q", cookie_key="c") == [
        "queryKey", "cookieKey"]
    assert who(flavour, live, "either", basic=("ann", "pw"), query_key="q") == ["basic"]
    assert who(flavour, live, "optional", bearer="unrelated") == []
    assert who(flavour, live, "optional", oauth="tok") == ["oauth"]
    assert who(flavour, live, "open", bearer="unrelated") == []
    assert who(flavour, live, "certificate_or_token", oidc="tok") == ["oidc"]
    with pytest.raises(pkg.AuthenticationError) as caught:
        who(flavour, live, "certificate", bearer="unrelated")
    assert caught.value.body == pkg.models.Error(message="credentials required")
