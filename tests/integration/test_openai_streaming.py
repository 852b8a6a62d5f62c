"""SSE on a real document: OpenAI's chat completions answer JSON or `text/event-stream` by the
body's `stream` flag. Generated from the corpus (skipped without it), the client's
`stream=True` overload returns a typed `Stream` (mypy `assert_type` says so) that parses the
chunks OpenAI sends, up to its `[DONE]`, over `httpx.MockTransport`; without it, the model."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from shared_data import corpus_or_skip

from generator.config import Target
from generator.output.emit import write_package
from generator.pipeline import generate_target

pytestmark = pytest.mark.slow
PACKAGE = "openai_streaming_probe"


@pytest.fixture(scope="module")
def openai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    spec = corpus_or_skip() / "specs" / "openai" / "openapi.yaml"
    out = tmp_path_factory.mktemp("openai")
    result = generate_target(Target(spec=spec, package=PACKAGE, output=out / PACKAGE),
                             root=spec.parent)
    write_package(result.package, out / PACKAGE)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))


def chunk(content: str | None, finish: str | None = None) -> bytes:
    data = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000,
            "model": "gpt-4o", "system_fingerprint": None,
            "choices": [{"index": 0, "delta": {"content": content} if content else {},
                         "logprobs": None, "finish_reason": finish}]}
    return f"data: {json.dumps(data)}\n\n".encode()


def arguments(models: ModuleType) -> dict[str, object]:
    user = models.ChatCompletionRequestUserMessage(
        role=models.ChatCompletionRequestUserMessageRole.USER, content="Say hello")
    return {"model": models.ModelIdsShared("gpt-4o"),
            "messages": [models.ChatCompletionRequestMessage(user)]}


def test_stream_true_streams_typed_chunks(openai: ModuleType) -> None:
    sent: list[dict[str, object]] = []
    body = [chunk("Hel"), chunk("lo"), b": keep-alive\n\n", chunk(None, "stop"),
            b"data: [DONE]\n\n"]

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, headers={"content-type": "text/event-stream"},
                              content=b"".join(body))

    client = openai.Client(api_key="sk-test", base_url="http://test",
                           http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    models = openai.models
    with client.chat.completions.create_chat_completion(**arguments(models), stream=True) as stream:
        chunks = list(stream)
    assert sent[0]["stream"] is True
    assert all(isinstance(c, models.CreateChatCompletionStreamResponse) for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello"
    assert chunks[-1].choices[0].finish_reason is not None


def test_without_stream_the_model(openai: ModuleType) -> None:
    answer = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000,
              "model": "gpt-4o", "choices": [{"index": 0, "finish_reason": "stop",
                                              "logprobs": None, "message": {
                                                  "role": "assistant", "content": "Hello",
                                                  "refusal": None}}]}
    client = openai.Client(api_key="sk-test", base_url="http://test", http_client=httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=answer))))
    whole = client.chat.completions.create_chat_completion(**arguments(openai.models))
    assert isinstance(whole, openai.models.CreateChatCompletionResponse)
    assert whole.choices[0].message.content == "Hello"


def test_overloads_type_both_answers(openai: ModuleType, tmp_path: Path) -> None:
    script = tmp_path / "check_types.py"
    script.write_text(textwrap.dedent(f"""\
        from typing import assert_type

        import {PACKAGE} as openai
        from {PACKAGE} import _streaming, models

        client = openai.Client(api_key="k")
        user = models.ChatCompletionRequestUserMessage(
            role=models.ChatCompletionRequestUserMessageRole.USER, content="hi")
        messages = [models.ChatCompletionRequestMessage(user)]
        model = models.ModelIdsShared("gpt-4o")
        whole = client.chat.completions.create_chat_completion(model=model, messages=messages)
        assert_type(whole, models.CreateChatCompletionResponse)
        chunks = client.chat.completions.create_chat_completion(
            model=model, messages=messages, stream=True)
        assert_type(chunks, _streaming.Stream[models.CreateChatCompletionStreamResponse])


        async def main() -> None:
            async_client = openai.AsyncClient(api_key="k")
            events = await async_client.chat.completions.create_chat_completion(
                model=model, messages=messages, stream=True)
            assert_type(events, _streaming.AsyncStream[models.CreateChatCompletionStreamResponse])
        """), encoding="utf-8")
    package_root = str(Path(openai.__file__).parents[1])
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file",
         "/dev/null", str(script)],
        cwd=tmp_path, env={"MYPYPATH": package_root, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
