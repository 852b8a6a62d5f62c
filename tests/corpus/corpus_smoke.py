"""Run in a fresh interpreter: import a generated package, serve its `MockHandlers` in-process and
call the planned operations through its generated client.

    python corpus_smoke.py FOLDER PACKAGE PLAN.json

prints one JSON object: `{"imports": "ok" | error, "calls": [{"operation_id", "ok", "error"}]}`.
A fresh interpreter per package keeps package names and model registries apart; nothing here
imports apigen, so the package is proven to stand on its own.
"""

from __future__ import annotations

import base64
import importlib
import json
import logging
import sys
import traceback
from typing import Any

BASE_URL = "http://testserver"
API_KEY = "corpus:key"  # a user:password pair, so HTTP basic accepts it too


def _arguments(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__bytes__"}:
            return base64.b64decode(value["__bytes__"])
        return {k: _arguments(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_arguments(v) for v in value]
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
        importlib.import_module(f"{package}.models")
        server = importlib.import_module(f"{package}.server")
    except BaseException as exc:  # an import failure is the finding
        last = traceback.extract_tb(exc.__traceback__)[-1]
        return {"imports": f"{_short(exc)} ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})",
                "calls": []}
    from starlette.testclient import TestClient

    with open(plan_file, encoding="utf-8") as handle:
        plan = json.load(handle)
    app = server.create_app(server.MockHandlers())
    logs = _Remember()
    logging.getLogger(package).addHandler(logs)
    results = []
    with TestClient(app, base_url=BASE_URL) as http:
        client = root.Client(api_key=API_KEY, base_url=BASE_URL, http_client=http,
                             max_retries=0)
        for call in plan:
            result = {"operation_id": call["operation_id"], "ok": False, "error": call["problem"]}
            if not call["problem"]:
                logs.lines.clear()
                try:
                    target: Any = client
                    for name in [*call["resource"], call["method_name"]]:
                        target = getattr(target, name)
                    target(**_arguments(call["arguments"]))
                    result["ok"] = True
                except Exception as exc:
                    result["error"] = " | ".join([_short(exc), *logs.lines])[:1500]
            results.append(result)
    return {"imports": "ok", "calls": results}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
