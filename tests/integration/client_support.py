"""Helpers for the generated-client tests: one test body drives `Client` and `AsyncClient` alike
over `httpx.MockTransport`, and a small demo API covers what the seed specs do not (basic,
query and cookie auth, query arrays, cookies, text/binary/204 responses, a `list` method)."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from generation_support import generate_into

FLAVOURS = ("sync", "async")
DEMO_PACKAGE = "apigen_client_demo"
# Every environment variable a generated client of these tests reads.
CLIENT_ENV = (
    "SCOPE3_AI_API_KEY", "SCOPE3AI_API_KEY", "SCOPE3_AI_BASE_URL", "SCOPE3AI_API_URL",
    "SGP_API_KEY", "SGP_BASE_URL", "SGP_CLIENT_BASE_URL",
    "APIGEN_CLIENT_DEMO_API_KEY", "APIGEN_CLIENT_DEMO_BASE_URL",
)

DEMO_SPEC = textwrap.dedent("""\
    openapi: 3.1.0
    info: {title: Client demo, version: "1"}
    servers: [{url: "https://demo.example/api"}]
    security: [{bearer: []}]
    paths:
      /items:
        get:
          operationId: listItems
          summary: List items
          security: [{queryKey: []}]
          parameters:
            - name: tag
              in: query
              description: Tags to match.
              schema: {type: array, items: {type: string}}
            - {name: ids, in: query, explode: false, schema: {type: array, items: {type: integer}}}
            - {name: limit, in: query, schema: {type: integer}}
            - {name: flag, in: query, schema: {type: boolean}}
            - {name: X-Trace, in: header, schema: {type: string}}
            - {name: session, in: cookie, schema: {type: string}}
          responses:
            '200':
              description: The items.
              content:
                application/json:
                  schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
        post:
          operationId: createItem
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/ItemCreate'}
          responses:
            '201':
              description: Created.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Item'}
      /items/{item_id}:
        parameters:
          - {name: item_id, in: path, required: true, schema: {type: integer}}
        get:
          operationId: getItem
          security: [{basicAuth: []}]
          responses:
            '200':
              description: The item.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Item'}
        delete:
          operationId: deleteItem
          security: [{cookieKey: []}]
          responses:
            '204': {description: Deleted.}
      /items/{item_id}/label:
        get:
          operationId: getItemLabel
          parameters:
            - {name: item_id, in: path, required: true, schema: {type: integer}}
          responses:
            '200':
              description: The label.
              content:
                text/plain:
                  schema: {type: string}
      /items/{item_id}/blob:
        get:
          operationId: getItemBlob
          parameters:
            - {name: item_id, in: path, required: true, schema: {type: integer}}
          responses:
            '200':
              description: The bytes.
              content:
                application/octet-stream:
                  schema: {type: string, format: binary}
      /public:
        get:
          operationId: getPublic
          security: []
          responses:
            '200':
              description: Anything.
              content:
                application/json:
                  schema: {type: object}
    components:
      securitySchemes:
        bearer: {type: http, scheme: bearer}
        basicAuth: {type: http, scheme: basic}
        queryKey: {type: apiKey, in: query, name: api_key}
        cookieKey: {type: apiKey, in: cookie, name: key}
      schemas:
        Item:
          type: object
          required: [id, name]
          properties:
            id: {type: integer}
            name: {type: string}
            note: {type: [string, 'null']}
        ItemCreate:
          type: object
          required: [name]
          additionalProperties: false
          properties:
            name: {type: string}
            note: {type: [string, 'null']}
            count: {type: integer}
    """)

MODEL = {
    "id": "gpt-4-turbo",
    "aliases": ["claude-latest"],
    "customer_id": 123,
    "created_at": "2023-11-07T05:31:56Z",
    "updated_at": "2023-11-07T05:31:56Z",
    "created_by": "someone",
}
INSTANCE = {
    "name": "m",
    "model_type": "COMPLETION",
    "id": "mi-1",
    "created_at": "2023-11-07T05:31:56Z",
    "account_id": "acc",
    "created_by_user_id": "u",
    "request_schema": {},
    "response_schema": {},
    "deployment_count": 1,
    "supports_multi_turn": True,
}
ITEM = {"id": 7, "name": "seven", "note": None}

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Server:
    """A MockTransport handler: records every request and answers with the given replies in
    order (the last one repeats). A reply may be a response, an exception to raise, or a
    function of the request."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies) or [httpx.Response(200, json={})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(request)
        # A fresh copy: a response object is consumed by the client that receives it.
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def http_client(flavour: str, server: Server) -> httpx.Client | httpx.AsyncClient:
    transport = httpx.MockTransport(server)
    return httpx.Client(transport=transport) if flavour == "sync" else httpx.AsyncClient(
        transport=transport)


def make_client(package: ModuleType, flavour: str, server: Server, **options: Any) -> Any:
    """`package.Client` or `package.AsyncClient` talking to `server`."""
    cls = package.Client if flavour == "sync" else package.AsyncClient
    return cls(http_client=http_client(flavour, server), **options)


def run(value: Any) -> Any:
    """The value itself, or the result of awaiting it (async clients return coroutines)."""
    if inspect.isawaitable(value):
        return asyncio.run(_wait(value))
    return value


async def _wait(value: Any) -> Any:
    return await value


def record_sleeps(client: Any, flavour: str) -> list[float]:
    """Replace the client's retry sleep: delays are recorded, nothing waits."""
    delays: list[float] = []
    if flavour == "sync":
        client._sleep = delays.append
    else:
        async def sleep(seconds: float) -> None:
            delays.append(seconds)

        client._sleep = sleep
    return delays


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see no credential or base URL from the machine's environment."""
    for name in CLIENT_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def scope3(seed_packages: Path) -> ModuleType:
    return importlib.import_module("scope3_ai")


@pytest.fixture
def sgp(seed_packages: Path) -> ModuleType:
    return importlib.import_module("sgp")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The demo API's package, generated fresh and importable for the session."""
    root = tmp_path_factory.mktemp("client_demo")
    spec = root / "demo.yaml"
    spec.write_text(DEMO_SPEC, encoding="utf-8")
    generate_into(spec, root / "out", package=DEMO_PACKAGE)
    sys.path.insert(0, str(root / "out"))
    try:
        yield importlib.import_module(DEMO_PACKAGE)
    finally:
        sys.path.remove(str(root / "out"))
