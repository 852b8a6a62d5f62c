"""Which operations return pages, and how the client reaches the next one.

An operation is paginated by its `x-apigen-pagination` extension, by the target's
`pagination` table in `[tool.apigen]` (keyed by operationId), or by detection of the common
shapes (unless turned off). The settings, all optional but `strategy`:

    x-apigen-pagination:
      strategy: cursor        # cursor | next_cursor | offset | page | link
      items: data             # response field holding the page's items ("": the body is the list)
      cursor_param: starting_after   # query parameter that takes the next position
      cursor_field: has_more  # cursor: boolean "more after this page"; next_cursor: the token
      id_field: id            # cursor: field of the last item that is the next cursor
      limit_param: limit      # offset, page: page size parameter (a short page is the last)
      total_field: total      # offset: number of items; page: number of pages
      first_page: 1           # page: number of the first page

`x-apigen-pagination: false` (or `false` in the table) leaves an operation unpaginated.
A setting that does not fit the operation is a located warning; the operation is then left
unpaginated. Every decision is here; the runtime (`_pagination.py`) only follows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..spec.walk import MAX_DEPTH, schema_types
from .features import PAGING_MODULE, Pagination, PaginationSource, PaginationStrategy
from .parts import TypeRef, with_none

__all__ = ["PAGING_MODULE", "Pagination", "PaginationReader", "PaginationSettings"]

STRATEGIES: tuple[PaginationStrategy, ...] = ("cursor", "next_cursor", "offset", "page", "link")
EXTENSION = "x-apigen-pagination"
SETTINGS = ("strategy", "items", "cursor_param", "cursor_field", "id_field", "limit_param",
            "total_field", "first_page")

# Names the common shapes use, most telling first.
ITEM_FIELDS = ("data", "items", "results", "records", "entries", "values", "objects", "hits",
               "nodes", "elements")
TOKEN_PARAMS = {
    "next_cursor": ("cursor", "after", "next_cursor"),
    "nextCursor": ("cursor", "after", "nextCursor"),
    "next_page_token": ("page_token", "pageToken", "next_page_token"),
    "nextPageToken": ("pageToken", "page_token", "nextPageToken"),
    "next_token": ("next_token", "token"),
    "nextToken": ("nextToken", "token"),
    "next_page": ("page",),
}
"""Response field with the next page's token -> the query parameters that take it."""
MORE_FIELDS = ("has_more", "hasMore")
AFTER_PARAMS = ("starting_after", "startingAfter", "after")
OFFSET_PARAMS = ("offset", "skip", "start")
PAGE_PARAMS = ("page", "page_number", "pageNumber")
LIMIT_PARAMS = ("limit", "per_page", "perPage", "page_size", "pageSize", "size", "count",
                "max_results", "maxResults")
TOTAL_ITEMS = ("total", "total_count", "totalCount", "total_results", "totalResults")
TOTAL_PAGES = ("total_pages", "totalPages", "page_count", "pageCount", "last_page", "lastPage")
DEFAULT_PARAM: dict[PaginationStrategy, tuple[str, ...]] = {
    "cursor": AFTER_PARAMS,
    "next_cursor": tuple(dict.fromkeys(p for ps in TOKEN_PARAMS.values() for p in ps)),
    "offset": OFFSET_PARAMS,
    "page": PAGE_PARAMS,
    "link": (),
}


@dataclass(frozen=True)
class PaginationSettings:
    """The target's pagination settings (`[tool.apigen]`, the command line)."""

    table: Mapping[str, Any] = field(default_factory=dict)
    """operationId -> settings (as in `x-apigen-pagination`), or False."""
    where: str = "pyproject.toml [tool.apigen]"
    """Where the table is, for messages."""
    detect: bool = True
    """Detect the common shapes in operations not configured otherwise."""


class PaginationError(ValueError):
    """A pagination setting that does not fit the operation (the message says why)."""


@dataclass(frozen=True)
class PageShape:
    """What pagination needs to know of one operation."""

    method: str
    query: Mapping[str, Any]
    """Query parameter wire name -> its resolved schema."""
    body: Any
    """The resolved schema of the first success response's JSON body, None when it has none."""
    link_header: bool
    """True when a success response declares a `Link` header."""
    single_type: bool
    """True when every success response has the same type (a page needs one)."""


Deref = Callable[[Any], Any]
Properties = Callable[[Any], dict[str, Any]]
TypeOf = Callable[[Any], TypeRef]


def _types(schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return []
    return [k for k in schema_types(schema) if isinstance(k, str)]


class PaginationReader:
    """Reads and checks pagination settings, and detects the common shapes, for one spec."""

    def __init__(self, *, deref: Deref, properties: Properties, type_of: TypeOf) -> None:
        self.deref = deref
        self.properties = properties
        self.type_of = type_of

    # -- the response ----------------------------------------------------------------------

    def _fields(self, shape: PageShape) -> dict[str, Any]:
        return {name: self.deref(schema) for name, schema in self.properties(shape.body).items()}

    def _array_fields(self, shape: PageShape) -> list[str]:
        return [n for n, s in self._fields(shape).items() if "array" in _types(s)]

    def _item_schema(self, shape: PageShape, items: str) -> Any:
        holder = shape.body if items == "" else self._fields(shape).get(items)
        if not isinstance(holder, dict) or "array" not in _types(holder):
            return None
        return holder.get("items", {})

    def _item_type(self, schema: Any) -> TypeRef:
        item = self.type_of(schema)
        resolved = self.deref(schema)
        nullable = isinstance(resolved, dict) and "null" in _types(resolved)
        return TypeRef(hint=with_none(item.hint), nullable=True) if nullable and \
            not item.nullable and item.hint != "_typing.Any" else item

    def _has_id(self, schema: Any, id_field: str, depth: int = 0) -> bool:
        """True when every item the schema admits can have `id_field` (unions: each variant)."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > MAX_DEPTH:
            return False
        variants = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(variants, list) and variants:
            return all(self._has_id(v, id_field, depth + 1) for v in variants
                       if not (isinstance(v, dict) and v.get("type") == "null"))
        return id_field in self.properties(schema)

    # -- settings from the document or the configuration ---------------------------------

    def configured(self, raw: Any, shape: PageShape, *, source: PaginationSource
                   ) -> Pagination | None:
        """The pagination `raw` (an extension's or the table's value) describes; None for
        `false`. Raises PaginationError naming what does not fit."""
        if raw is False:
            return None
        if not isinstance(raw, dict):
            raise PaginationError(f"must be a table of settings or false, not {raw!r}")
        unknown = sorted(set(map(str, raw)) - set(SETTINGS))
        if unknown:
            raise PaginationError(f"unknown settings {unknown}; allowed: {list(SETTINGS)}")
        strategy = raw.get("strategy")
        if strategy not in STRATEGIES:
            raise PaginationError(f"strategy must be one of {list(STRATEGIES)}, not "
                                  f"{strategy!r}")
        for key in SETTINGS[1:-1]:
            if key in raw and not isinstance(raw[key], str):
                raise PaginationError(f"{key} must be a string, not {raw[key]!r}")
        first = raw.get("first_page", None)
        if first is not None and (isinstance(first, bool) or not isinstance(first, int)):
            raise PaginationError(f"first_page must be an integer, not {first!r}")
        if shape.body is None or not shape.single_type:
            raise PaginationError("the operation needs one JSON success response to read "
                                  "pages from")
        fields = self._fields(shape)
        items = raw.get("items")
        if items is None:
            items = self._default_items(shape)
            if items is None:
                raise PaginationError("no array field for the items; name it with `items`")
        if self._item_schema(shape, items) is None:
            where = "the response body" if items == "" else f"response field {items!r}"
            raise PaginationError(f"{where} is not an array")
        param = str(raw.get("cursor_param", ""))
        if strategy != "link":
            param = param or next((p for p in DEFAULT_PARAM[strategy] if p in shape.query), "")
            if not param:
                raise PaginationError(f"strategy {strategy!r} needs `cursor_param`, a query "
                                      "parameter of the operation")
            if param not in shape.query:
                raise PaginationError(f"cursor_param {param!r} is not a query parameter of "
                                      "the operation")
        cursor_field = str(raw.get("cursor_field", ""))
        if strategy == "cursor":
            cursor_field = cursor_field or next((f for f in MORE_FIELDS if f in fields), "")
        elif strategy == "next_cursor":
            cursor_field = cursor_field or next((f for f in TOKEN_PARAMS if f in fields), "")
        if strategy in ("cursor", "next_cursor") and not cursor_field:
            raise PaginationError(f"strategy {strategy!r} needs `cursor_field`, a field of the "
                                  "response")
        for key, value in (("cursor_field", cursor_field),
                           ("total_field", str(raw.get("total_field", "")))):
            if value and fields and value not in fields:
                raise PaginationError(f"{key} {value!r} is not a field of the response")
        limit = str(raw.get("limit_param", ""))
        if limit and limit not in shape.query:
            raise PaginationError(f"limit_param {limit!r} is not a query parameter of the "
                                  "operation")
        if not limit and strategy in ("offset", "page"):
            limit = next((p for p in LIMIT_PARAMS if p in shape.query), "")
        id_field = str(raw.get("id_field", "id")) if strategy == "cursor" else ""
        return Pagination(
            strategy=strategy,
            items=items,
            item_type=self._item_type(self._item_schema(shape, items)),
            cursor_param=param,
            cursor_field=cursor_field,
            id_field=id_field,
            limit_param=limit if strategy in ("offset", "page") else "",
            total_field=str(raw.get("total_field", "")),
            first_page=first if first is not None else self._first_page(shape, param),
            source=source,
        )

    def _default_items(self, shape: PageShape) -> str | None:
        if "array" in _types(shape.body):
            return ""
        arrays = self._array_fields(shape)
        if len(arrays) == 1:
            return arrays[0]
        return next((name for name in ITEM_FIELDS if name in arrays), None)

    def _first_page(self, shape: PageShape, param: str) -> int:
        default = (shape.query.get(param) or {}).get("default") \
            if isinstance(shape.query.get(param), dict) else None
        return default if isinstance(default, int) and not isinstance(default, bool) else 1

    # -- detection ----------------------------------------------------------------------------

    def detect(self, shape: PageShape) -> Pagination | None:
        """The pagination of a GET whose shape is one of the common ones, else None."""
        if shape.method != "get" or shape.body is None or not shape.single_type:
            return None
        items = self._default_items(shape)
        if items is None:
            return None
        fields = self._fields(shape)
        query = shape.query
        raw: dict[str, Any] | None = None
        total: str | None = None
        for token, params in TOKEN_PARAMS.items():
            param = next((p for p in params if "string" in _types(query.get(p))), None)
            if token in fields and param is not None and items:
                raw = {"strategy": "next_cursor", "cursor_field": token, "cursor_param": param}
                break
        if raw is None and items:
            more = next((f for f in MORE_FIELDS if "boolean" in _types(fields.get(f))), None)
            after = next((p for p in AFTER_PARAMS if p in query), None)
            if more and after and self._has_id(self._item_schema(shape, items), "id"):
                raw = {"strategy": "cursor", "cursor_field": more, "cursor_param": after}
        if raw is None and shape.link_header:
            raw = {"strategy": "link"}
        if raw is None and items:
            offset = next((p for p in OFFSET_PARAMS if "integer" in _types(query.get(p))), None)
            page = next((p for p in PAGE_PARAMS if "integer" in _types(query.get(p))), None)
            limit = next((p for p in LIMIT_PARAMS if p in query), None)
            if offset and limit:
                raw = {"strategy": "offset", "cursor_param": offset}
                total = next((f for f in TOTAL_ITEMS if "integer" in _types(fields.get(f))), None)
            elif page:
                raw = {"strategy": "page", "cursor_param": page}
                total = next((f for f in TOTAL_PAGES if "integer" in _types(fields.get(f))), None)
            if raw is not None and total:
                raw["total_field"] = total
        if raw is None:
            return None
        raw["items"] = items
        try:
            return self.configured(raw, shape, source="detected")
        except PaginationError:
            return None
