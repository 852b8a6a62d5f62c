"""The app README's forward-compatible enums example runs against: the case's mock, except that
`GET /colors` answers as a newer version of the API would, with a color this package's `Color`
does not list."""

from __future__ import annotations

import json
from typing import Any

from feature_enums.server import MockHandlers
from feature_enums.server import create_app as create_mock


class Newer:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == "/colors":
            body = json.dumps(["red", "ultraviolet"]).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def create_app() -> Any:
    return Newer(create_mock(MockHandlers()))
