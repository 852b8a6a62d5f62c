"""Run in a fresh interpreter: serve a generated package's `MockHandlers` with uvicorn on
127.0.0.1 and let schemathesis send it requests generated from the package's own
`openapi.json`, seeded (hypothesis' `derandomize`) and bounded by a number of examples per
operation, so that the same package always meets the same requests.

    python corpus_fuzz.py FOLDER PACKAGE EXAMPLES

prints one JSON object: `{"operations": n, "cases": n, "failures": ["METHOD /path: check: ..."],
"failed_operations": n, "failed_labels": ["METHOD /path", ...], "errors": [...]}`. Every
operation gets a few valid requests (schemathesis' positive mode) and
each response must pass `not_a_server_error`, `status_code_conformance`,
`content_type_conformance` and `response_schema_conformance`. EXAMPLES valid requests per
operation, given in rounds of growing size (an operation stops at its first failure);
`MAX_SECONDS` bounds a round's start on documents too large for the count. A request
schemathesis fails to draw (it cannot make a binary value inside a multipart `oneOf`) reached
nothing: it is listed in `errors`, not among the failures.
Credentials: every security scheme of the document gets a value the mock accepts.
Deterministic: the package's models are built before the first request (`build_models`), so
no request's time depends on what was asked before it.
"""

from __future__ import annotations

import base64
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from live_server import live_server

API_KEY = "corpus:key"  # a user:password pair, so HTTP basic accepts it too
MAX_SECONDS = 600.0
"""No round starts after this (a safety bound for very large documents)."""
MAX_FAILURES = 20


def credentials(document: dict[str, Any]) -> tuple[dict[str, str], dict[str, str],
                                                   dict[str, str]]:
    """Headers, query parameters and cookies carrying a credential for every scheme."""
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    cookies: dict[str, str] = {}
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        if not isinstance(scheme, dict):
            continue
        kind = str(scheme.get("type", "")).lower()
        if kind == "apikey":
            where = {"header": headers, "query": query, "cookie": cookies}.get(
                str(scheme.get("in")))
            if where is not None and isinstance(scheme.get("name"), str):
                where[scheme["name"]] = API_KEY
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            token = base64.b64encode(API_KEY.encode()).decode()
            headers.setdefault("Authorization", f"Basic {token}")
        elif kind in ("http", "oauth2", "openidconnect"):
            headers["Authorization"] = f"Bearer {API_KEY}"
    return headers, query, cookies


def build_models(package: str) -> int:
    """Build every model of `package.models` that pydantic deferred (`defer_build`), in the
    order the module defines them; returns how many. Built at its first use instead, a model
    builds the schemas of all the models it reaches: Elasticsearch's first `GET
    /_async_search/{id}` took 36 s on a loaded machine, over the request timeout, and hypothesis,
    replaying the example against the now warm server, reported an unreliable run. Built one
    by one, each on those before it, all 2,044 take 8 s."""
    from pydantic import BaseModel

    models = importlib.import_module(f"{package}.models")
    built = 0
    for value in list(vars(models).values()):
        if isinstance(value, type) and issubclass(value, BaseModel) \
                and value.__module__ == models.__name__ and not value.__pydantic_complete__:
            value.model_rebuild()
            built += 1
    return built


def _describe(exc: BaseException) -> str:
    """One line: schemathesis' failure titles and the response that broke them."""
    text = " ".join(str(exc).split())
    for marker in ("Schemathesis found", "Reproduce with"):
        text = text.replace(marker, "| " + marker)
    return text[:700]


_IN_BODY = "_apigen_in_test_body"


def _reached_the_test(exc: BaseException) -> bool:
    """True when `exc` was raised while the test body ran (which marks what it raises), not
    while hypothesis drew its arguments (or for one exception of its group)."""
    return getattr(exc, _IN_BODY, False) or any(
        _reached_the_test(one) for one in getattr(exc, "exceptions", None) or ())


def main(folder: str, package: str, examples: str) -> dict[str, Any]:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )
    from schemathesis.generation import GenerationMode

    sys.path.insert(0, folder)
    server = importlib.import_module(f"{package}.server")
    build_models(package)
    document = json.loads((Path(folder) / package / "openapi.json").read_text(encoding="utf-8"))
    headers, query, cookies = credentials(document)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]
    failures: list[str] = []
    errors: list[str] = []
    unfuzzable: dict[str, str] = {}
    cases = 0
    with live_server(server.create_app(server.MockHandlers())) as base_url:
        schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
        operations = []
        for result in schema.get_all_operations():
            try:
                operations.append(result.ok())
            except Exception as exc:  # an operation schemathesis cannot read
                errors.append(" ".join(str(exc).split())[:300])
        failed: set[str] = set()
        deadline = time.monotonic() + MAX_SECONDS  # for requests: setup is not counted
        rounds = sorted({min(2, int(examples)), int(examples)})
        for count in rounds:
            for operation in operations:
                label = f"{operation.method.upper()} {operation.path}"
                if time.monotonic() > deadline or label in failed:
                    continue

                @settings(max_examples=count, derandomize=True, deadline=None,
                          database=None, suppress_health_check=list(HealthCheck))
                @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
                def run(case: Any) -> None:
                    nonlocal cases
                    cases += 1
                    if query:
                        case.query = {**(case.query or {}), **query}
                    if cookies:
                        case.cookies = {**(case.cookies or {}), **cookies}
                    try:
                        response = case.call(base_url=base_url, headers=headers, timeout=10)
                        case.validate_response(response, checks=checks, headers=headers)
                    except BaseException as exc:
                        setattr(exc, _IN_BODY, True)
                        raise

                try:
                    run()
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as exc:  # schemathesis' FailureGroup is an exception group
                    if not _reached_the_test(exc):
                        # schemathesis failed while drawing a request (it cannot make a
                        # `Binary` value inside a multipart oneOf): nothing reached the server.
                        unfuzzable.setdefault(label, f"{type(exc).__name__}: {exc}")
                        continue
                    failed.add(label)
                    if len(failures) < MAX_FAILURES:
                        failures.append(f"{label}: {_describe(exc)}")
    errors += [f"{label}: no request could be built: {' '.join(why.split())[:200]}"
               for label, why in sorted(unfuzzable.items())]
    return {"operations": len(operations), "cases": cases, "failures": failures,
            "failed_operations": len(failed), "failed_labels": sorted(failed),
            "errors": errors[:MAX_FAILURES]}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
