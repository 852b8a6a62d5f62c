"""Handlers that show the streaming features of `feature_streaming` (the README's examples run
against them, and so does `tests/e2e/test_feature_streaming.py`): ticks and completion chunks
sent as server-sent events as they are made, a large file to download, and uploads answered
with their size and SHA-256."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

from feature_streaming import models
from feature_streaming.server import ApiError, Events, ServerSentEvent
from feature_streaming.server import create_app as _create_app

FILE_SIZE = 3 * 1024 * 1024 + 17
"""Bytes of every downloadable file: several chunks."""


def file_bytes(name: str) -> bytes:
    """The content of file `name` (deterministic, so a test can check what arrived)."""
    seed = hashlib.sha256(name.encode("utf-8")).digest()
    return (seed * (FILE_SIZE // len(seed) + 1))[:FILE_SIZE]


def stored(name: str, content: bytes) -> models.Stored:
    return models.Stored(name=name, size=len(content),
                         sha256=hashlib.sha256(content).hexdigest())


class StreamingHandlers:
    """Implements the generated `Handlers` Protocol."""

    def __init__(self) -> None:
        self.closed_streams = 0
        """Event streams whose generator was closed (finished, or the client went away)."""

    async def list_ticks(self, *, count: int) -> Events[models.Tick]:
        if count < 0:
            raise ApiError(404, {"message": "no such market"})
        return self._ticks(count)

    async def _ticks(self, count: int) -> AsyncIterator[models.Tick]:
        try:
            for number in range(count):
                yield models.Tick(symbol=f"T{number}", price=100.0 + number)
        finally:
            self.closed_streams += 1

    async def follow_logs(self) -> Events[object]:
        return self._logs()

    async def _logs(self) -> AsyncIterator[object]:
        yield ServerSentEvent("starting\nstill starting", event="log", id="1")
        yield "ready"
        yield ServerSentEvent("", event="ping", retry=1500)

    async def list_notices(self) -> Events[models.Notice]:
        return self._notices()

    async def _notices(self) -> AsyncIterator[models.Notice]:
        for text in ("opening", "closing"):
            yield models.Notice(text=text)

    async def create_completion(
        self, *, body: models.CompletionRequest
    ) -> models.Completion | Events[models.CompletionChunk]:
        if body.stream:
            return self._chunks(body.prompt)
        return models.Completion(text=body.prompt.upper())

    async def _chunks(self, prompt: str) -> AsyncIterator[models.CompletionChunk]:
        for word in prompt.upper().split():
            yield models.CompletionChunk(delta=word)

    async def download_file(self, *, name: str) -> bytes:
        return file_bytes(name)

    async def upload_file(self, *, name: str, body: bytes) -> models.Stored:
        return stored(name, body)

    async def create_attachment(self, *, body: models.CreateAttachmentRequest) -> models.Stored:
        return stored(body.note or "attachment", body.file)


def create_app() -> object:
    return _create_app(StreamingHandlers())
