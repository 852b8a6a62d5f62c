"""Run in a fresh interpreter: import a generated package, serve its `MockHandlers` in-process
behind a recorder of what reached the server, and make the planned calls through its generated
`Client` (and some through `AsyncClient`).

    python hostile_probe.py FOLDER PACKAGE PLAN.json

A plan entry: `{"target": [namespace..., method], "arguments": {...}, "wire": {location:
{wire name: value}}, "echo": {json key: value}, "async": bool}`. For each call it checks that
the request carried every wire name with its value (query, header, cookie, path, JSON body key)
and that the parsed answer holds each echoed value under its JSON key. Prints one JSON object:
`{"imports": "ok" | error, "problems": [...]}`. Nothing here imports apigen.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import traceback
import warnings
from typing import Any
from urllib.parse import parse_qsl, unquote

BASE_URL = "http://testserver"


class Recorder:
    """ASGI middleware keeping the last request's query pairs, headers, cookies, path and body."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.last: dict[str, Any] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []

        async def recording_receive() -> Any:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
            return message

        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope["headers"]}
        self.last = {
            "query": dict(parse_qsl(scope["query_string"].decode("latin-1"),
                                    keep_blank_values=True)),
            "header": headers,
            "cookie": dict(pair.strip().partition("=")[::2]
                           for pair in headers.get("cookie", "").split(";") if pair.strip()),
            "path": unquote(scope.get("raw_path", b"").decode("latin-1")),
            "chunks": chunks,
        }
        await self.app(scope, recording_receive, send)


def _check(call: dict[str, Any], seen: dict[str, Any], answer: Any) -> list[str]:
    problems = []
    name = ".".join(call["target"])
    body: Any = None
    if seen.get("chunks"):
        try:
            body = json.loads(b"".join(seen["chunks"]) or b"null")
        except ValueError:
            body = None
    for location, pairs in call["wire"].items():
        for wire, value in pairs.items():
            if location == "path":
                if f"/{value}" not in seen["path"]:
                    problems.append(f"{name}: path parameter {wire!r} not in {seen['path']!r}")
                continue
            if location == "body":
                got = body.get(wire) if isinstance(body, dict) else None
            elif location == "header":
                got = seen["header"].get(wire.lower())
            else:
                got = seen[location].get(wire)
            if location != "body":  # text on the wire (booleans as JSON spells them)
                value = json.dumps(value) if isinstance(value, bool) else str(value)
            if got != value:
                problems.append(f"{name}: {location} {wire!r} sent as {got!r}, not {value!r}")
    if call["echo"]:
        dumped = answer.model_dump(mode="json", by_alias=True) if hasattr(
            answer, "model_dump") else answer
        for key, value in call["echo"].items():
            got = dumped.get(key) if isinstance(dumped, dict) else None
            if got != value:
                problems.append(f"{name}: answer {key!r} is {got!r}, not {value!r}")
    return problems


def main(folder: str, package: str, plan_file: str) -> dict[str, Any]:
    sys.path.insert(0, folder)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydantic's note on `model_` fields
            root = importlib.import_module(package)
            server = importlib.import_module(f"{package}.server")
            for module in ("models", "_client", "server.mock", "server.routes"):
                importlib.import_module(f"{package}.{module}")
    except BaseException as exc:  # an import failure is the finding
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return {"imports": f"{type(exc).__name__}: {exc} ({last.filename}:{last.lineno})",
                "problems": []}
    import httpx
    from starlette.testclient import TestClient

    with open(plan_file, encoding="utf-8") as handle:
        plan = json.load(handle)
    recorder = Recorder(server.create_app(server.MockHandlers()))
    problems: list[str] = []
    with TestClient(recorder, base_url=BASE_URL) as http:
        client = root.Client(base_url=BASE_URL, http_client=http, max_retries=0)
        for call in plan:
            if call.get("async"):
                continue
            target: Any = client
            try:
                for step in call["target"]:
                    target = getattr(target, step)
                answer = target(**call["arguments"])
            except Exception as exc:
                problems.append(f"{'.'.join(call['target'])}: {type(exc).__name__}: {exc}"[:600])
                continue
            problems += _check(call, recorder.last, answer)

    async def run_async() -> None:
        transport = httpx.ASGITransport(app=recorder)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            client = root.AsyncClient(base_url=BASE_URL, http_client=http, max_retries=0)
            for call in plan:
                if not call.get("async"):
                    continue
                target: Any = client
                try:
                    for step in call["target"]:
                        target = getattr(target, step)
                    answer = await target(**call["arguments"])
                except Exception as exc:
                    problems.append(f"async {'.'.join(call['target'])}: "
                                    f"{type(exc).__name__}: {exc}"[:600])
                    continue
                problems.extend(_check(call, recorder.last, answer))

    asyncio.run(run_async())
    return {"imports": "ok", "problems": problems}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
