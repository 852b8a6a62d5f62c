"""The app README's "Request IDs and logging" example runs against: the case's mock, behind a
middleware that names every response (`X-Trace-Id: req-<n>`), answers the first request with
503 (so the example's log shows a retry with the same key) and any PATCH of order `missing`
with 404."""

from __future__ import annotations

from typing import Any

from feature_retries.server import MockHandlers
from feature_retries.server import create_app as create_mock


class Traced:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.count = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.count += 1
        trace = (b"x-trace-id", f"req-{self.count}".encode())
        status = 503 if self.count == 1 else None
        if scope["method"] == "PATCH" and scope["path"].endswith("/missing"):
            status = 404
        if status is not None:
            await send({"type": "http.response.start", "status": status, "headers": [
                (b"content-type", b"application/json"), (b"retry-after", b"0"), trace]})
            await send({"type": "http.response.body", "body": b'{"message": "no such order"}'})
            return

        async def traced(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), trace]}
            await send(message)

        await self.app(scope, receive, traced)


def create_app() -> Traced:
    return Traced(create_mock(MockHandlers()))
