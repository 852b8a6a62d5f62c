"""Handlers of golden case feature_pagination that page through a fixed data set, each
operation by its own strategy: the README's example runs against `create_app()`, and
tests/e2e/test_feature_pagination.py serves them with other data sets."""

# No `from __future__ import annotations`: the doc test loads this file without registering
# it in sys.modules, where a dataclass with string annotations would look itself up.
from dataclasses import dataclass
from typing import Any

from feature_pagination import models
from feature_pagination.server import ApiError, Reply
from feature_pagination.server import create_app as build_app

DEFAULT_PAGE = 3
"""Page size when the caller gives none."""


def records(count: int) -> list[models.Record]:
    return [models.Record(id=f"r{n:04d}", position=n) for n in range(count)]


def customers(count: int) -> list[models.Customer]:
    return [models.Customer(id=f"cus_{n:04d}", name=f"Customer {n}") for n in range(count)]


@dataclass(frozen=True)
class CommitsPage(Reply):
    """A page of commits with its `Link` header (a Reply carries headers)."""

    body: list[models.Record]


class PagingHandlers:
    """Every list operation over `self.records` (and `self.customers`); tests swap the data
    and read `self.calls`, the requests served."""

    def __init__(self, size: int = 10) -> None:
        self.records = records(size)
        self.customers = customers(size)
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _after(self, ids: list[str], cursor: str | None) -> int:
        """Index of the first item after the one whose id is `cursor` (0 for None)."""
        if cursor is None:
            return 0
        if cursor not in ids:
            raise ApiError(400, {"error": f"unknown cursor {cursor!r}"})
        return ids.index(cursor) + 1

    async def list_customers(self, *, limit: int | None, starting_after: str | None
                             ) -> models.CustomerList:
        self.calls.append(("customers", {"limit": limit, "starting_after": starting_after}))
        size = limit or DEFAULT_PAGE
        start = self._after([c.id for c in self.customers], starting_after)
        page = self.customers[start:start + size]
        return models.CustomerList(object="list", data=page, url="/customers",
                                   has_more=start + size < len(self.customers))

    async def list_events(self, *, limit: int | None, page_token: str | None
                          ) -> models.ListEventsResponse:
        self.calls.append(("events", {"limit": limit, "page_token": page_token}))
        size = limit or DEFAULT_PAGE
        start = int(page_token[len("t"):]) if page_token else 0
        end = start + size
        return models.ListEventsResponse(
            items=self.records[start:end],
            next_page_token=f"t{end}" if end < len(self.records) else None)

    async def list_orders(self, *, offset: int, limit: int) -> models.ListOrdersResponse:
        self.calls.append(("orders", {"offset": offset, "limit": limit}))
        return models.ListOrdersResponse(results=self.records[offset:offset + limit],
                                         total=len(self.records))

    async def list_products(self, *, page: int, per_page: int) -> models.ListProductsResponse:
        self.calls.append(("products", {"page": page, "per_page": per_page}))
        start = (page - 1) * per_page
        pages = -(-len(self.records) // per_page)
        return models.ListProductsResponse(data=self.records[start:start + per_page],
                                           total_pages=pages)

    async def list_commits(self, *, per_page: int | None, page: int | None) -> CommitsPage:
        self.calls.append(("commits", {"per_page": per_page, "page": page}))
        size, number = per_page or DEFAULT_PAGE, page or 1
        start = (number - 1) * size
        links = [f'</commits?per_page={size}&page=1>; rel="first"']
        if start + size < len(self.records):
            links.append(f'</commits?per_page={size}&page={number + 1}>; rel="next"')
        return CommitsPage(body=self.records[start:start + size],
                           headers={"Link": ", ".join(links)})

    async def list_logs(self, *, after: str | None) -> models.ListLogsResponse:
        self.calls.append(("logs", {"after": after}))
        start = self._after([r.id for r in self.records], after)
        page = self.records[start:start + DEFAULT_PAGE]
        more = start + DEFAULT_PAGE < len(self.records)
        return models.ListLogsResponse(entries=page, continuation=page[-1].id if more else None)

    async def list_tags(self, *, offset: int | None, limit: int | None) -> models.ListTagsResponse:
        return models.ListTagsResponse(data=["a", "b"])


def create_app(handlers: PagingHandlers | None = None) -> Any:
    """The case's server, paging through ten records (ten customers)."""
    return build_app(handlers or PagingHandlers())  # type: ignore[arg-type]
