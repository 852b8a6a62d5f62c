"""Run in a fresh interpreter: import a generated package, serve its `MockHandlers` with uvicorn
on 127.0.0.1 (a free port) and call the planned operations through its generated `Client` and
`AsyncClient` (see `corpus_calls` for the four ways).

    python corpus_smoke.py FOLDER PACKAGE PLAN.json

prints one JSON object: `{"imports": "ok" | error, "calls": [{"operation_id", "way", "ok",
"error"}]}`. A call is ok when the client sent it, the server answered a success and the client
parsed the answer into the operation's declared type. A fresh interpreter per package keeps
package names and model registries apart; nothing here imports apigen, so the package is proven
to stand on its own.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import logging
import sys
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from live_server import live_server

API_KEY = "corpus:key"  # a user:password pair, so HTTP basic accepts it too


def _arguments(value: Any, models: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__bytes__"}:
            return base64.b64decode(value["__bytes__"])
        if set(value) == {"__model__", "value"}:
            # The body's class: a pydantic model (RootModels too), or an Enum for a body that
            # is one string of a list (which has no `model_validate`).
            cls = getattr(models, value["__model__"])
            validate = getattr(cls, "model_validate", cls)
            return validate(value["value"])
        return {k: _arguments(v, models) for k, v in value.items()}
    if isinstance(value, list):
        return [_arguments(v, models) for v in value]
    return value


def _short(exc: BaseException) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= 400 else text[:397] + "..."


class _Remember(logging.Handler):
    """Keeps what the generated server logs (why it answered 500)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += " <- " + _short(record.exc_info[1])
        self.lines.append(text)


def main(folder: str, package: str, plan_file: str) -> dict[str, Any]:
    sys.path.insert(0, folder)
    try:
        root = importlib.import_module(package)
        models = importlib.import_module(f"{package}.models")
        server = importlib.import_module(f"{package}.server")
    except BaseException as exc:  # an import failure is the finding
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return {"imports": f"{_short(exc)} ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})",
                "calls": []}
    with open(plan_file, encoding="utf-8") as handle:
        plan = json.load(handle)
    try:
        app = server.create_app(server.MockHandlers())
    except BaseException as exc:  # the app cannot be built: every call fails with the reason
        return {"imports": "ok", "calls": [
            {"operation_id": c["operation_id"], "way": c["way"], "ok": False,
             "error": f"create_app: {_short(exc)}"} for c in plan]}
    logs = _Remember()
    logging.getLogger(package).addHandler(logs)
    with live_server(app) as base_url:
        with root.Client(api_key=API_KEY, base_url=base_url, max_retries=0) as client:
            results = [_call(client, call, models, logs) for call in plan
                       if call["way"] != "async"]
        results += asyncio.run(_async_calls(root, base_url, plan, models, logs))
    return {"imports": "ok", "calls": results}


def _target(client: Any, call: dict[str, Any]) -> Any:
    target: Any = client
    for name in [*call["resource"], call["method_name"]]:
        target = getattr(target, name)
    return target


def _result(call: dict[str, Any]) -> dict[str, Any]:
    return {"operation_id": call["operation_id"], "way": call["way"], "ok": False,
            "error": call["problem"]}


def _call(client: Any, call: dict[str, Any], models: Any, logs: _Remember) -> dict[str, Any]:
    result = _result(call)
    if not call["problem"]:
        logs.lines.clear()
        try:
            _target(client, call)(**_arguments(call["arguments"], models))
            result["ok"] = True
        except Exception as exc:
            result["error"] = " | ".join([_short(exc), *logs.lines])[:1500]
    return result


async def _async_calls(root: Any, base_url: str, plan: list[dict[str, Any]], models: Any,
                       logs: _Remember) -> list[dict[str, Any]]:
    results = []
    async with root.AsyncClient(api_key=API_KEY, base_url=base_url, max_retries=0) as client:
        for call in plan:
            if call["way"] != "async":
                continue
            result = _result(call)
            if not call["problem"]:
                logs.lines.clear()
                try:
                    await _target(client, call)(**_arguments(call["arguments"], models))
                    result["ok"] = True
                except Exception as exc:
                    result["error"] = " | ".join([_short(exc), *logs.lines])[:1500]
            results.append(result)
    return results


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
