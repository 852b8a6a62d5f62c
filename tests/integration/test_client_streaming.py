"""The client's streaming runtime (`_streaming.py` of a generated package, here the
`feature_streaming` golden case's): the SSE parser against the format's rules and a property
test (random events, serialized, cut at random chunk boundaries, come back equal), and the
client over `httpx.MockTransport`: a stream is read as it arrives and closed at its end, an error
status raises before streaming, the `stream=True` switch sends `stream: true`, and a `Path` body
is streamed from the file with its length."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from golden_cases import golden_package

fs = golden_package("feature_streaming")
streaming = fs._streaming
SSE = streaming.ServerSentEvent


def parse(chunks: list[bytes]) -> list[Any]:
    decoder = streaming.SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.flush()


# -- the parser ------------------------------------------------------------------------------


def test_fields_comments_and_line_endings() -> None:
    body = (b"\xef\xbb\xbf: a comment\r\nevent: add\r\ndata: one\rdata:two\ndata:  three\n"
            b"id: 7\nretry: 250\nunknown: x\n\n"
            b"data\n\n"
            b"retry: soon\ndata: after\n\n"
            b"id: bad\x00id\ndata: last")
    assert parse([body]) == [
        SSE("one\ntwo\n three", "add", "7", 250),
        SSE("", "", "7", None),
        SSE("after", "", "7", None),
        SSE("last", "", "7", None),
    ]


def test_blank_lines_without_data_dispatch_nothing() -> None:
    assert parse([b"event: x\n\n\n: keepalive\n\nid: 3\n\n"]) == []


def test_crlf_split_between_chunks() -> None:
    assert parse([b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n"]) == [SSE("a"), SSE("b")]


def test_multibyte_character_split_between_chunks() -> None:
    data = "h\u00e9llo \u2603".encode()
    assert parse([b"data: " + data[:2], data[2:9], data[9:] + b"\n\n"]) == [
        SSE("h\u00e9llo \u2603")]


_text = st.text(st.characters(blacklist_characters="\r\n\x00",
                              blacklist_categories=("Cs",)), max_size=20)
_events = st.lists(st.builds(
    lambda data, event, id_, retry: (data, event, id_, retry),
    st.lists(_text, min_size=1, max_size=4).map("\n".join),
    _text,
    st.none() | _text,
    st.none() | st.integers(min_value=0, max_value=10**9),
), max_size=8)


@settings(max_examples=200, deadline=None)
@given(events=_events, cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=12))
def test_serialized_events_parse_back_equal_at_any_chunk_boundary(
        events: list[tuple[str, str, str | None, int | None]], cuts: list[int]) -> None:
    sent = [SSE(data, event, id_, retry) for data, event, id_, retry in events]
    body = b"".join(streaming.encode_event(event) for event in sent)
    bounds = sorted({0, len(body), *(cut % (len(body) + 1) for cut in cuts)})
    chunks = [body[a:b] for a, b in itertools.pairwise(bounds)]
    # An id carries over to the events after it (the stream's last event id).
    expected, last_id = [], None
    for event in sent:
        last_id = event.id if event.id is not None else last_id
        expected.append(SSE(event.data, event.event, last_id, event.retry))
    assert parse(chunks) == expected


# -- the client over MockTransport -----------------------------------------------------------


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body handed out chunk by chunk, which records how far it was read and
    whether it was closed."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.read = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def tick(number: int) -> bytes:
    return f'data: {{"symbol": "T{number}", "price": {number}}}\n\n'.encode()


def client_for(transport: httpx.MockTransport, **options: Any) -> Any:
    return fs.Client(base_url="http://test", http_client=httpx.Client(transport=transport),
                     **options)


def serve(body: Body, seen: list[httpx.Request], status: int = 200) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if status != 200:
            return httpx.Response(status, json={"message": "no such market"})
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=body)

    return httpx.MockTransport(handler)


def test_events_are_read_as_they_arrive_and_the_response_closed() -> None:
    body, seen = Body([tick(n) for n in range(50)]), []
    client = client_for(serve(body, seen))
    with client.ticks.list(count=50) as stream:
        first = next(iter(stream))
        assert (first.symbol, body.read) == ("T0", 1), "only the first chunk was read"
    assert body.closed
    assert seen[0].headers["accept"] == "text/event-stream"
    assert seen[0].url.params["count"] == "50"


def test_done_sentinel_ends_the_stream_unparsed() -> None:
    body = Body([b'data: {"delta": "a"}\n\n', b"data: [DONE]\n\n", b"data: not json\n\n"])
    seen: list[httpx.Request] = []
    client = client_for(serve(body, seen))
    chunks = client.completions.create(prompt="p", stream=True)
    assert [c.delta for c in chunks] == ["a"]
    assert body.closed
    assert json.loads(seen[0].content) == {"prompt": "p", "stream": True}
    assert seen[0].headers["accept"] == "text/event-stream"


def test_error_status_raises_before_streaming_and_closes() -> None:
    body, seen = Body([tick(0)]), []
    client = fs.Client(base_url="http://test", max_retries=0,
                       http_client=httpx.Client(transport=serve(body, seen, status=404)))
    with pytest.raises(fs.NotFoundError) as caught:
        client.ticks.list(count=1)
    assert caught.value.body == fs.models.Error(message="no such market")


def test_an_event_that_does_not_match_raises_validation_error() -> None:
    body = Body([tick(0), b'data: {"symbol": 5}\n\n'])
    client = client_for(serve(body, []))
    stream = client.ticks.list(count=2)
    assert next(stream).symbol == "T0"
    with pytest.raises(fs.APIResponseValidationError):
        next(stream)


def test_async_stream_closes_on_exit() -> None:
    body = Body([tick(n) for n in range(20)])

    async def main() -> None:
        transport = serve(body, [])
        async with fs.AsyncClient(base_url="http://test",
                                  http_client=httpx.AsyncClient(transport=transport)) as client:
            async with await client.ticks.list(count=20) as stream:
                async for item in stream:
                    assert item.symbol == "T0"
                    break
            assert body.closed and body.read == 1

    asyncio.run(main())


def test_path_body_streams_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * (streaming.CHUNK_SIZE * 3 + 5))
    sizes: list[int] = []
    headers: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        headers.append(request.headers)
        sizes.extend(len(chunk) for chunk in request.stream)  # type: ignore[union-attr]
        return httpx.Response(200, json={"name": "n", "size": sum(sizes), "sha256": ""})

    client = fs.Client(base_url="http://test",
                       http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    assert client.files.update(name="n", body=path).size == path.stat().st_size
    assert sizes == [streaming.CHUNK_SIZE] * 3 + [5], "read in chunks, never whole"
    assert headers[0]["content-length"] == str(path.stat().st_size)
    assert headers[0]["content-type"] == "application/octet-stream"
    client.files.update(name="n", body=("n.txt", b"text", "text/plain"))
    assert headers[1]["content-type"] == "text/plain"


def test_unknown_fields_of_a_closed_event_model_are_ignored() -> None:
    import pydantic

    class Closed(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="forbid")
        n: int

    events = streaming.Events(Closed)
    response = httpx.Response(200, request=httpx.Request("GET", "http://test/ticks"))
    assert events.convert(SSE('{"n": 1, "added_later": true}'), response) == Closed(n=1)
    with pytest.raises(fs.APIResponseValidationError):
        events.convert(SSE('{"n": "one"}'), response)
