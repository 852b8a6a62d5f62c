"""Pagination on Stripe's own document (the corpus's specs/stripe/spec3.json), detected with no
configuration: every list endpoint (`has_more`, `data`, `starting_after`) is cursor pagination
on the last item's id, the search endpoints (`next_page` fed into `page`) token pagination; the
generated client walks GET /v1/customers page by page over `httpx.MockTransport`, sync and
async. Generating Stripe takes about a minute: marked slow; skipped without the corpus."""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from shared_data import corpus_or_skip

from generator.config import Target
from generator.ir.api import Api
from generator.output.emit import write_package
from generator.pipeline import generate_target

pytestmark = pytest.mark.slow
PACKAGE = "stripe_pages"


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, ModuleType, Any]]:
    spec = corpus_or_skip() / "specs" / "stripe" / "spec3.json"
    out = tmp_path_factory.mktemp("stripe")
    target = Target(spec=spec, package=PACKAGE, output=out, formatter="ruff")
    result = generate_target(target, root=spec.parent)
    write_package(result.package, target.directory)
    sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    try:
        yield result.api, importlib.import_module(PACKAGE), json.loads(spec.read_text())
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def test_every_list_endpoint_is_detected_as_cursor_pagination(
        stripe: tuple[Api, ModuleType, Any]) -> None:
    api, _, document = stripe
    by_route = {(op.method, op.path): op for op in api.operations}
    customers = by_route[("GET", "/v1/customers")].pagination
    assert customers is not None
    assert (customers.strategy, customers.items, customers.cursor_param, customers.cursor_field,
            customers.id_field, customers.source) == (
        "cursor", "data", "starting_after", "has_more", "id", "detected")
    assert customers.item_type.hint == "_models.Customer"
    lists, searches = [], []
    for path, item in document["paths"].items():
        operation = item.get("get")
        if not operation:
            continue
        query = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
        content = operation["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        fields = set(schema.get("properties", {}))
        if {"starting_after"} <= query and {"data", "has_more"} <= fields:
            lists.append(path)
        if {"page"} <= query and {"data", "next_page"} <= fields:
            searches.append(path)
    assert len(lists) > 80 and len(searches) >= 5
    found = {path: by_route[("GET", path)].pagination for path in lists + searches}
    assert {path: (p.strategy, p.cursor_param) if p else None for path, p in found.items()} == {
        **{path: ("cursor", "starting_after") for path in lists},
        **{path: ("next_cursor", "page") for path in searches}}


def customer(number: int) -> dict[str, Any]:
    return {"id": f"cus_{number:03d}", "object": "customer", "created": 1700000000 + number,
            "livemode": False, "email": f"c{number}@example.com"}


class Stripe:
    """GET /v1/customers over a fixed set, as Stripe pages it."""

    def __init__(self, count: int) -> None:
        self.customers = [customer(n) for n in range(count)]
        self.sent: list[httpx.Request] = []

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        assert request.url.path == "/v1/customers"
        limit = int(request.url.params.get("limit", "10"))
        after = request.url.params.get("starting_after")
        ids = [c["id"] for c in self.customers]
        start = ids.index(after) + 1 if after else 0
        page = self.customers[start:start + limit]
        return httpx.Response(200, json={"object": "list", "url": "/v1/customers", "data": page,
                                         "has_more": start + limit < len(self.customers)})


def test_the_client_walks_the_customers_page_by_page(
        stripe: tuple[Api, ModuleType, Any]) -> None:
    _, package, _ = stripe
    server = Stripe(23)
    client = package.Client(api_key="sk_test", base_url="https://api.stripe.test",
                            max_retries=0,
                            http_client=httpx.Client(transport=httpx.MockTransport(server.answer)))
    first = client.customers.list(limit=5)
    assert isinstance(first, package.SyncPage)
    assert first.has_next_page()
    assert first.next_page_info() == package.PageInfo(params={"starting_after": "cus_004"})
    assert [c.id for c in first] == [f"cus_{n:03d}" for n in range(23)]
    assert [(r.url.params.get("limit"), r.url.params.get("starting_after"))
            for r in server.sent] == [
        ("5", None), ("5", "cus_004"), ("5", "cus_009"), ("5", "cus_014"), ("5", "cus_019")]
    # Every page carries the first request's credentials (Stripe's first scheme: basic).
    credentials = {r.headers.get("authorization") for r in server.sent}
    assert len(credentials) == 1 and None not in credentials
    assert [len(page.items) for page in first.iter_pages()] == [5, 5, 5, 5, 3]
    assert type(first.items[0]).__name__ == "Customer"

    async def walk() -> list[str]:
        transport = httpx.MockTransport(server.answer)
        async with package.AsyncClient(api_key="sk_test", base_url="https://api.stripe.test",
                                       http_client=httpx.AsyncClient(transport=transport)) as c:
            return [customer.email async for customer in await c.customers.list(limit=7)]

    assert asyncio.run(walk()) == [f"c{n}@example.com" for n in range(23)]

