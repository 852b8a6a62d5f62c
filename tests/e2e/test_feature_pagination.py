"""Golden case feature_pagination over HTTP: the generated server (uvicorn, 127.0.0.1) with
handlers that page through a fixed data set (tests/golden/feature_pagination/doc_server.py),
called by the generated client, sync and async. Each strategy (cursor with has_more, a
next-page token, offset, page number, RFC 8288 Link, one configured by x-apigen-pagination)
walks every item exactly once, in order, and stops; `iter_pages`, `has_next_page`,
`next_page_info`, the page's items and parsed body; the arguments of the first call go with
every page. A property test draws data sets and page sizes. Over `httpx.MockTransport`: a
`Link` to another origin is not followed and a server repeating its cursor does not loop."""

from __future__ import annotations

import asyncio
import math
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from golden_cases import GOLDEN, golden_package
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live_server import live_server

pkg = golden_package("feature_pagination")
sys.path.insert(0, str(GOLDEN / "feature_pagination"))
import doc_server  # noqa: E402  (the case's handlers: needs the package on sys.path)

# Operation (namespace) -> the keyword arguments giving it a page size of `size`.
SIZED = {
    "customers": lambda size: {"limit": size},
    "events": lambda size: {"limit": size},
    "orders": lambda size: {"limit": size},
    "products": lambda size: {"per_page": size},
    "commits": lambda size: {"per_page": size},
}
STRATEGIES = {"customers": "cursor", "events": "next_cursor", "orders": "offset",
              "products": "page", "commits": "link", "logs": "next_cursor"}


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, doc_server.PagingHandlers]]:
    handlers = doc_server.PagingHandlers()
    with live_server(doc_server.create_app(handlers)) as url:
        yield url, handlers


@pytest.fixture()
def server(served: tuple[str, doc_server.PagingHandlers]
           ) -> tuple[str, doc_server.PagingHandlers]:
    url, handlers = served
    handlers.records, handlers.customers = doc_server.records(10), doc_server.customers(10)
    handlers.calls.clear()
    return url, handlers


def expected_ids(handlers: doc_server.PagingHandlers, name: str) -> list[str]:
    data = handlers.customers if name == "customers" else handlers.records
    return [item.id for item in data]


def calls_to(handlers: doc_server.PagingHandlers, name: str) -> list[dict[str, Any]]:
    return [arguments for called, arguments in handlers.calls if called == name]


def test_each_operation_is_paginated_by_its_strategy() -> None:
    for name, strategy in STRATEGIES.items():
        resource_class = getattr(pkg.Client, name).fget.__annotations__["return"]
        assert resource_class.endswith("Resource")
        method = getattr(pkg._client, resource_class).list
        assert method.__annotations__["return"].startswith("_paging.SyncPage[")
        assert f"Paginated ({strategy})" in method.__doc__
    tags = pkg._client.TagsResource.list
    assert tags.__annotations__["return"] == "_models.ListTagsResponse"


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_iterating_the_first_page_walks_every_item_once_in_order(
        server: tuple[str, doc_server.PagingHandlers], name: str) -> None:
    url, handlers = server
    with pkg.Client(base_url=url, max_retries=0) as client:
        page = getattr(client, name).list()
        ids = [item.id for item in page]
    assert ids == expected_ids(handlers, name)
    assert len(calls_to(handlers, name)) == 4  # 10 items, 3 a page (the server's default)


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_async_for_walks_every_item_once_in_order(
        server: tuple[str, doc_server.PagingHandlers], name: str) -> None:
    url, handlers = server

    async def walk() -> tuple[list[str], list[int]]:
        async with pkg.AsyncClient(base_url=url, max_retries=0) as client:
            first = await getattr(client, name).list()
            ids = [item.id async for item in first]
            sizes = [len(page.items) async for page in first.iter_pages()]
            return ids, sizes

    ids, sizes = asyncio.run(walk())
    assert ids == expected_ids(handlers, name)
    assert sizes == [3, 3, 3, 1]


def test_pages_their_items_parsed_body_and_where_the_next_one_is(
        server: tuple[str, doc_server.PagingHandlers]) -> None:
    url, handlers = server
    with pkg.Client(base_url=url, max_retries=0) as client:
        first = client.customers.list(limit=4)
        assert isinstance(first, pkg.SyncPage)
        assert isinstance(first.parsed, pkg.models.CustomerList)
        assert [c.id for c in first.items] == ["cus_0000", "cus_0001", "cus_0002", "cus_0003"]
        assert first.http_response.status_code == 200
        assert first.has_next_page()
        assert first.next_page_info() == pkg.PageInfo(
            params={"starting_after": "cus_0003"})
        pages = list(first.iter_pages())
        assert [len(p.items) for p in pages] == [4, 4, 2]
        assert [p.has_next_page() for p in pages] == [True, True, False]
        assert pages[-1].next_page_info() is None
        with pytest.raises(pkg.APIError, match="last page"):
            pages[-1].get_next_page()
        # The first call's arguments go with every page.
        assert calls_to(handlers, "customers")[1:] == [
            {"limit": 4, "starting_after": "cus_0003"},
            {"limit": 4, "starting_after": "cus_0007"}]

        assert client.events.list(limit=4).next_page_info() == pkg.PageInfo(
            params={"page_token": "t4"})
        assert client.orders.list(limit=4).next_page_info() == pkg.PageInfo(
            params={"offset": 4})
        assert client.products.list(per_page=4).next_page_info() == pkg.PageInfo(
            params={"page": 2})
        assert client.commits.list(per_page=4).next_page_info() == pkg.PageInfo(
            url=f"{url}/commits?per_page=4&page=2")
        assert client.logs.list().next_page_info() == pkg.PageInfo(
            params={"after": "r0002"})
        # A walk may start anywhere: here after the eighth customer.
        assert [c.id for c in client.customers.list(starting_after="cus_0007")] == [
            "cus_0008", "cus_0009"]
        # Not paginated (x-apigen-pagination: false): the model, as before.
        assert client.tags.list() == pkg.models.ListTagsResponse(data=["a", "b"])


def test_raw_response_of_a_paginated_operation_parses_into_the_page(
        server: tuple[str, doc_server.PagingHandlers]) -> None:
    url, _ = server
    with pkg.Client(base_url=url, max_retries=0) as client:
        raw = client.with_raw_response.orders.list(limit=4)
        assert raw.status_code == 200 and raw.json()["total"] == 10
        page = raw.parse()
        assert [r.position for r in page] == list(range(10))


def test_async_raw_response_parses_into_the_async_page(
        server: tuple[str, doc_server.PagingHandlers]) -> None:
    url, handlers = server

    async def walk() -> list[str]:
        async with pkg.AsyncClient(base_url=url, max_retries=0) as client:
            raw = await client.with_raw_response.commits.list(per_page=4)
            assert raw.status_code == 200 and 'rel="next"' in raw.headers["link"]
            page = raw.parse()
            assert isinstance(page, pkg.AsyncPage)
            return [record.id async for record in page]

    assert asyncio.run(walk()) == expected_ids(handlers, "commits")


def test_an_empty_data_set_is_one_empty_page(
        server: tuple[str, doc_server.PagingHandlers]) -> None:
    url, handlers = server
    handlers.records, handlers.customers = [], []
    with pkg.Client(base_url=url, max_retries=0) as client:
        for name in STRATEGIES:
            page = getattr(client, name).list()
            assert page.items == [] and list(page) == [] and not page.has_next_page()


@pytest.fixture(scope="module")
def walker(served: tuple[str, doc_server.PagingHandlers]) -> Iterator[Any]:
    url, _ = served
    with pkg.Client(base_url=url, max_retries=0) as client:
        yield client


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(0, 23), size=st.integers(1, 7), name=st.sampled_from(list(SIZED)))
def test_walking_yields_exactly_the_data_set_in_order_and_stops(
        served: tuple[str, doc_server.PagingHandlers], walker: Any, count: int, size: int,
        name: str) -> None:
    _, handlers = served
    handlers.records, handlers.customers = doc_server.records(count), doc_server.customers(count)
    handlers.calls.clear()
    page = getattr(walker, name).list(**SIZED[name](size))
    assert [item.id for item in page] == expected_ids(handlers, name)
    assert len(calls_to(handlers, name)) == max(1, math.ceil(count / size))


# -- over httpx.MockTransport --------------------------------------------------------------------


def mock_client(answer: Any) -> Any:
    return pkg.Client(base_url="http://api.test", max_retries=0,
                      http_client=httpx.Client(transport=httpx.MockTransport(answer)))


def test_a_link_to_another_origin_is_not_followed() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[{"id": "a", "position": 0}], headers={
            "Link": '<https://elsewhere.test/commits?page=2>; rel="next"'})

    with mock_client(answer) as client:
        page = client.commits.list()
        assert page.has_next_page()
        with pytest.raises(pkg.APIError, match=r"leaves http://api\.test"):
            list(page)
    assert [r.url.host for r in sent] == ["api.test"]


def test_link_relations_are_read_as_rfc_8288_writes_them() -> None:
    headers = httpx.Headers([
        ("link", '<https://api.test/x?page=1>; rel="prev first"'),
        ("link", '<https://api.test/x?page=3>; title="a, b"; REL="last next"')])
    assert pkg._pagination.next_link(headers) == "https://api.test/x?page=3"
    assert pkg._pagination.next_link(httpx.Headers({"link": '<x>; rel="nextish"'})) is None


def test_a_server_repeating_its_cursor_does_not_loop() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        token = "same" if len(sent) < 3 else f"t{len(sent)}"
        return httpx.Response(200, json={"items": [{"id": f"r{len(sent)}", "position": 0}],
                                         "next_page_token": token})

    with mock_client(answer) as client:
        assert [r.id for r in client.events.list()] == ["r1", "r2"]
    assert [r.url.params.get("page_token") for r in sent] == [None, "same"]


@pytest.mark.parametrize(("name", "body"), [
    ("orders", {"results": [{"id": "a", "position": 0}], "total": 1000}),
    ("products", {"data": [{"id": "a", "position": 0}]}),
    ("customers", {"object": "list", "data": [{"id": "a", "name": "A"}], "has_more": True}),
])
def test_a_server_ignoring_the_position_does_not_loop(name: str, body: dict[str, Any]) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=body)

    with mock_client(answer) as client:
        assert len(list(getattr(client, name).list())) == 1
    assert len(sent) == 2


# -- types -------------------------------------------------------------------------------------


USAGE = '''\
from __future__ import annotations

from feature_pagination import AsyncClient, AsyncPage, Client, PageInfo, SyncPage, models


def use(client: Client) -> None:
    page: SyncPage[models.Customer] = client.customers.list(limit=2)
    names: list[str] = [customer.name for customer in page]
    first: list[models.Customer] = page.items
    info: PageInfo | None = page.next_page_info()
    more: bool = page.has_next_page()
    pages: list[SyncPage[models.Customer]] = list(page.iter_pages())
    positions: list[int] = [record.position for record in client.commits.list()]
    tags: models.ListTagsResponse = client.tags.list()
    print(names, first, info, more, pages, positions, tags)
    wrong: list[int] = [customer.name for customer in page]  # error: str items
    client.customers.list(limit="2")  # error: limit is an int


async def use_async(client: AsyncClient) -> None:
    page: AsyncPage[models.Record] = await client.orders.list(limit=2)
    ids: list[str] = [record.id async for record in page]
    sizes = [len(p.items) async for p in page.iter_pages()]
    print(ids, sizes)
    for record in page:  # error: an AsyncPage is not iterable
        print(record)
'''


def test_pages_are_typed_by_their_items_under_mypy_strict(tmp_path: Any) -> None:
    import os
    import subprocess

    from golden_cases import assemble

    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         os.devnull, "--cache-dir", str(tmp_path / ".mypy_cache"), "usage.py"],
        cwd=tmp_path, env={**os.environ, "MYPYPATH": str(assemble("feature_pagination"))},
        capture_output=True, text=True, check=False)
    errors = sorted(int(line.split(":")[1]) for line in done.stdout.splitlines()
                    if line.startswith("usage.py:") and ": error:" in line)
    expected = sorted(n for n, line in enumerate(USAGE.splitlines(), 1) if "# error" in line)
    assert errors == expected, done.stdout + done.stderr
