"""The IR parts of the client's SDK features: the transport headers of retries, request ids and
logging (`TransportHeaders`), pagination (`Pagination`) and server-sent events (`EventStream`).
Public API for template authors like `parts.py`: `docs/templates.md` is checked against these
docstrings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .parts import TypeRef


@dataclass(frozen=True)
class TransportHeaders:
    """The headers the client's retries, request ids and logging use, settled from
    `[tool.apigen]` (first), the document's `x-apigen-*-header` extensions, else the defaults.
    None: not sent (or not read)."""

    idempotency: str | None = "Idempotency-Key"
    """Header of the idempotency key every request not GET, HEAD or OPTIONS carries: made once
    per call, the same on each of its retries."""
    retry_count: str | None = "X-Retry-Count"
    """Header carrying the attempt's retry number (0 on the first attempt)."""
    request_id: str | None = "x-request-id"
    """Response header read as `request_id` (raw responses and `APIStatusError`)."""
    env_log: str = "API_LOG"
    """Environment variable (`<PACKAGE>_LOG`) that turns on the client's request logging:
    `info` or `debug`."""


PaginationStrategy = Literal["cursor", "next_cursor", "offset", "page", "link"]
PaginationSource = Literal["extension", "config", "detected"]
PAGING_MODULE = "_paging"
"""The alias `_client.py` imports the runtime module `_pagination` as."""


@dataclass(frozen=True)
class Pagination:
    """How a paginated operation's client method reaches the next page: it returns
    `SyncPage[item]` (`AsyncPage[item]`), which walks every page when iterated."""

    strategy: PaginationStrategy
    """`cursor` (`has_more` and the last item's id in `cursor_param`), `next_cursor` (a token
    field fed into `cursor_param`), `offset`, `page` (a page number) or `link` (RFC 8288
    `Link: <url>; rel="next"`)."""
    items: str
    """Response field holding the page's items (wire name); empty when the body is the list."""
    item_type: TypeRef
    """Type of one item."""
    cursor_param: str = ""
    """Query parameter (wire name) that takes the next position; empty for `link`."""
    cursor_field: str = ""
    """`cursor`: the boolean response field saying more items follow; `next_cursor`: the
    response field holding the next token; empty otherwise."""
    id_field: str = ""
    """`cursor`: the field of the last item whose value is the next cursor."""
    limit_param: str = ""
    """`offset`, `page`: the page size parameter, when the operation has one."""
    total_field: str = ""
    """`offset`: response field counting every item; `page`: counting the pages."""
    first_page: int = 1
    """`page`: the number of the first page."""
    source: PaginationSource = "detected"
    """Where it came from: the operation's `x-apigen-pagination`, the `[tool.apigen]`
    table, or detection."""

    @property
    def sync_hint(self) -> str:
        """Return annotation of the synchronous method."""
        return f"{PAGING_MODULE}.SyncPage[{self.item_type.hint}]"

    @property
    def async_hint(self) -> str:
        """Return annotation of the asynchronous method."""
        return f"{PAGING_MODULE}.AsyncPage[{self.item_type.hint}]"

    @property
    def settings(self) -> tuple[tuple[str, str | int], ...]:
        """Keyword arguments of the runtime's `Paging`, those that differ from its defaults."""
        pairs: list[tuple[str, str | int]] = [("items", self.items)]
        for key in ("cursor_param", "cursor_field", "id_field", "limit_param", "total_field"):
            if getattr(self, key):
                pairs.append((key, getattr(self, key)))
        if self.strategy == "page" and self.first_page != 1:
            pairs.append(("first_page", self.first_page))
        return tuple(pairs)

    def describe(self) -> str:
        """One line for `apigen generate -v`."""
        parts = [self.strategy, f"items {self.items or '(the body)'}"]
        if self.cursor_param:
            parts.append(f"cursor parameter {self.cursor_param}")
        if self.cursor_field:
            parts.append(f"cursor field {self.cursor_field}")
        return ", ".join(parts) + f" [{self.source}]"


@dataclass(frozen=True)
class EventStream:
    """How an operation answers with server-sent events (`text/event-stream`): the client
    returns a `Stream` of them, the server sends what a handler's async iterator yields."""

    type: TypeRef | None
    """Type each event's data is validated into (JSON); None when the spec gives no schema (the
    client then yields `ServerSentEvent`s)."""
    done: tuple[str, ...]
    """Event data that ends the stream (`[DONE]`), never parsed."""
    end: str = ""
    """Data of the event the server sends after a handler's last one: the first `done` the
    `x-apigen-stream` extension names, else the first sentinel an event schema written as the
    event fixes (`{data: {enum: ["[DONE]"]}}`); empty (nothing sent) without one."""
    param: str = ""
    """Keyword of the body field that turns streaming on (`stream=True`; the method then has
    overloads); empty when the operation always streams."""
    attribute: str = ""
    """That field's model attribute name."""
    wire_name: str = ""
    """That field's JSON key."""
    hint: str = "_streaming.ServerSentEvent"
    """The client's type of one event: `type`'s hint, else `_streaming.ServerSentEvent`."""
    sample: Any = None
    """An event the mock sends (JSON data valid against `type`); None without one."""
    has_sample: bool = False
    """False when the mock has no typed sample (it then sends raw text events)."""
    text: bool = False
    """True when each event's data is the value itself, not JSON: the schema describes the
    event (`{data: <string>}`) and its `data` is a string without JSON content."""
    fields: tuple[tuple[str, str | int], ...] = ()
    """The event fields besides `data` the server sends with each event (`event`, `id`,
    `retry`): those an event schema written as the event itself requires or fixes."""

    @property
    def switched_hint(self) -> str:
        """The `events=` type the server declares on the JSON response a body field turns into
        this stream (`object`: untyped); empty when the operation always streams."""
        if not self.param:
            return ""
        return self.type.hint if self.type is not None else "object"
