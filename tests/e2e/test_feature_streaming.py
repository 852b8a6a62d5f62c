"""Streaming end to end: the `feature_streaming` golden package's server under uvicorn on
127.0.0.1 (the handlers of the case's `doc_server.py`, and its mock), driven by its own sync and
async clients. Events must arrive typed and in order, a stream must close its response when it
is exhausted or its `with` block ends, an error status must raise before any event is read, a
large download must arrive in chunks through `with_streaming_response`, and a file upload given
as a `Path`, a file object or a tuple must arrive byte for byte."""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from golden_cases import GOLDEN, golden_package
from live_server import live_server

fs = golden_package("feature_streaming")
models = fs.models
server_package = __import__("feature_streaming.server", fromlist=["create_app"])
_spec = importlib.util.spec_from_file_location(
    "feature_streaming_doc_server", GOLDEN / "feature_streaming" / "doc_server.py")
assert _spec is not None and _spec.loader is not None
doc_server = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(doc_server)


@pytest.fixture(scope="module")
def handlers() -> Any:
    return doc_server.StreamingHandlers()


@pytest.fixture(scope="module")
def base_url(handlers: Any) -> Iterator[str]:
    with live_server(server_package.create_app(handlers)) as url:
        yield url


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with live_server(server_package.create_app(server_package.MockHandlers())) as url:
        yield url


@pytest.fixture()
def client(base_url: str) -> Iterator[Any]:
    with fs.Client(base_url=base_url, max_retries=0) as client:
        yield client


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


# -- server-sent events ----------------------------------------------------------------------


def test_events_arrive_typed_and_in_order(client: Any) -> None:
    stream = client.ticks.list(count=5)
    ticks = list(stream)
    assert [type(t) for t in ticks] == [models.Tick] * 5
    assert [(t.symbol, t.price) for t in ticks] == [(f"T{n}", 100.0 + n) for n in range(5)]
    assert stream.response.is_closed, "an exhausted stream closes its response"


def test_stream_closes_on_with_exit_before_the_end(client: Any, handlers: Any) -> None:
    with client.ticks.list(count=100_000) as stream:
        first = next(iter(stream))
        assert first.symbol == "T0"
        assert not stream.response.is_closed
    assert stream.response.is_closed
    # The connection pool is usable afterwards.
    assert [t.symbol for t in client.ticks.list(count=2)] == ["T0", "T1"]


def test_error_status_raises_before_streaming(client: Any) -> None:
    with pytest.raises(fs.APIStatusError) as caught:
        client.ticks.list(count=-1)
    assert caught.value.status_code == 404
    assert caught.value.body == models.Error(message="no such market")


def test_untyped_events_keep_their_fields(client: Any) -> None:
    events = list(client.logs.list())
    assert [(e.event, e.data, e.id, e.retry) for e in events] == [
        ("log", "starting\nstill starting", "1", None),
        ("", "ready", "1", None),
        ("ping", "", "1", 1500),
    ]


def test_stream_switch_in_the_body(client: Any) -> None:
    whole = client.completions.create(prompt="hello streaming world")
    assert whole == models.Completion(text="HELLO STREAMING WORLD")
    chunks = client.completions.create(prompt="hello streaming world", stream=True)
    assert [c.delta for c in chunks] == ["HELLO", "STREAMING", "WORLD"]
    by_model = client.completions.create(
        body=models.CompletionRequest(prompt="a b", stream=True))
    assert isinstance(by_model, fs._streaming.Stream)
    assert [c.delta for c in by_model] == ["A", "B"]
    # The spec's `x-apigen-stream` names `[DONE]`: the server ends the stream with it, and the
    # client stops there instead of parsing it.
    with client.with_streaming_response.completions.create(prompt="a", stream=True) as response:
        assert [line for line in response.iter_lines() if line][-1] == "data: [DONE]"


def test_an_event_schema_written_as_the_event(client: Any) -> None:
    """`/notices` types each event as `{event: notice, data: Notice}` or `{data: "[DONE]"}`:
    the client yields the Notice, and the server sends `event: notice` with each one, then
    `[DONE]`."""
    assert list(client.notices.list()) == [models.Notice(text="opening"),
                                          models.Notice(text="closing")]
    with client.with_streaming_response.notices.list() as response:
        lines = [line for line in response.iter_lines() if line]
    assert lines == ["event: notice", 'data: {"text":"opening"}',
                     "event: notice", 'data: {"text":"closing"}', "data: [DONE]"]


def test_raw_and_streaming_response_of_an_event_stream(client: Any) -> None:
    raw = client.with_raw_response.ticks.list(count=2)
    assert raw.headers["content-type"].startswith("text/event-stream")
    assert [t.symbol for t in raw.parse()] == ["T0", "T1"]
    with client.with_streaming_response.ticks.list(count=3) as response:
        lines = [line for line in response.iter_lines() if line]
    assert lines[0] == 'data: {"symbol":"T0","price":100.0}'
    assert len(lines) == 3


def test_async_events(base_url: str) -> None:
    async def main() -> None:
        async with fs.AsyncClient(base_url=base_url, max_retries=0) as client:
            stream = await client.ticks.list(count=4)
            assert [t.symbol async for t in stream] == ["T0", "T1", "T2", "T3"]
            assert stream.response.is_closed
            async with await client.ticks.list(count=100_000) as endless:
                async for tick in endless:
                    assert tick.symbol == "T0"
                    break
            assert endless.response.is_closed
            chunks = await client.completions.create(prompt="x y", stream=True)
            assert [c.delta async for c in chunks] == ["X", "Y"]
            with pytest.raises(fs.APIStatusError):
                await client.ticks.list(count=-1)

    run(main())


def test_mock_streams_sample_events(mock_url: str) -> None:
    with fs.Client(base_url=mock_url) as client:
        ticks = list(client.ticks.list())
        assert len(ticks) == 3 and all(isinstance(t, models.Tick) for t in ticks)
        assert [e.data for e in client.logs.list()] == ["event 1", "event 2", "event 3"]
        assert isinstance(client.completions.create(prompt="p"), models.Completion)
        assert len(list(client.completions.create(prompt="p", stream=True))) == 3
        assert list(client.notices.list()) == [models.Notice(text="string")] * 3


def test_an_event_the_spec_does_not_allow_ends_the_stream(caplog: pytest.LogCaptureFixture) -> None:
    class Wrong(doc_server.StreamingHandlers):
        async def _ticks(self, count: int) -> Any:
            yield models.Tick(symbol="T0", price=1.0)
            yield {"symbol": 5, "price": "not a number"}
            yield models.Tick(symbol="T2", price=2.0)

    with live_server(server_package.create_app(Wrong())) as url, \
            fs.Client(base_url=url, max_retries=0) as client:
        # The status is sent with the first event: the server can only end the stream early.
        assert [t.symbol for t in client.ticks.list(count=3)] == ["T0"]
    assert "an event stream failed" in caplog.text


# -- streamed bodies -------------------------------------------------------------------------


def test_large_download_in_chunks(client: Any) -> None:
    expected = doc_server.file_bytes("big.bin")
    digest = hashlib.sha256()
    chunks = 0
    with client.with_streaming_response.files.retrieve(name="big.bin") as response:
        assert response.status_code == 200
        for chunk in response.iter_bytes(chunk_size=64 * 1024):
            assert len(chunk) <= 64 * 1024
            digest.update(chunk)
            chunks += 1
    assert chunks > 10
    assert digest.hexdigest() == hashlib.sha256(expected).hexdigest()
    with client.with_streaming_response.files.retrieve(name="big.bin") as response:
        assert response.parse() == expected
    assert client.files.retrieve(name="big.bin") == expected


@pytest.fixture()
def upload(tmp_path: Path) -> Path:
    path = tmp_path / "upload.bin"
    path.write_bytes(bytes(range(256)) * 4099 + b"\r\n\x00end")
    return path


def test_path_upload_arrives_intact(client: Any, upload: Path) -> None:
    content = upload.read_bytes()
    want = doc_server.stored("u", content)
    assert client.files.update(name="u", body=upload) == want
    with upload.open("rb") as handle:
        assert client.files.update(name="u", body=handle) == want
    assert client.files.update(name="u", body=("u.bin", upload, "application/octet-stream")) \
        == want
    assert client.attachments.create(file=upload, note="u") == want
    assert client.attachments.create(file=("u.bin", upload, None), note="u") == want


def test_async_download_and_upload(base_url: str, upload: Path) -> None:
    async def main() -> None:
        async with fs.AsyncClient(base_url=base_url, max_retries=0) as client:
            received = bytearray()
            async with client.with_streaming_response.files.retrieve(name="a") as response:
                async for chunk in response.iter_bytes():
                    received += chunk
            assert bytes(received) == doc_server.file_bytes("a")
            want = doc_server.stored("u", upload.read_bytes())
            assert await client.files.update(name="u", body=upload) == want
            assert await client.attachments.create(file=upload, note="u") == want

    run(main())
