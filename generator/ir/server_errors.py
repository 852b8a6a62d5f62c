"""The error shape a generated route answers a request that fails validation with.

FastAPI answers `422 {"detail": [...]}` on its own. The route answers a status the operation
declares instead, by one rule: `422`, else `400`, `4XX`, `default` (each covers a failed
validation), else the declared `4xx` status nearest to 422 (the lower on a tie), a client error
the client already expects, never 401, 407, 408, 409 or 429: they ask a client to authenticate,
retry or wait (a generated client retries 408, 409 and 429). Its body is valid against the
declared schema: FastAPI's own body when the schema takes it, else an inert sample of the
schema (built here, printed as a literal) with the validation message placed in a string field
that accepts it. An operation that declares no such client error keeps FastAPI's 422: a refused
request never gets a success or server-error status.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .nodes import Operation
from .samples import Synthesizer
from .server_nodes import ValidationReply

VALIDATION_STATUSES = ("422", "400", "4XX", "default")
"""Declared statuses that cover a failed validation, most specific first."""
_NOT_A_REFUSAL = (401, 407, 408, 409, 429)
"""Client errors that ask for credentials, a retry or patience: never a validation answer."""
MESSAGE_LENGTH = 200
"""The longest validation message the server puts into a declared body (it cuts longer ones)."""
_PROBE = ("Request validation failed: body.name: Field required; query.limit: Input should be "
          "a valid integer, unable to parse string as an integer (42) [type=int_parsing]. ")
_PROBE = (_PROBE * 2)[:MESSAGE_LENGTH]
_FASTAPI_BODY = {"detail": [{"type": "missing", "loc": ["body", "name"], "msg": "Field required",
                             "input": None}]}
_MESSAGE_NAMES = ("message", "detail", "details", "error_description", "description", "error",
                  "msg", "reason", "title", "errors")
_MAX_DEPTH = 3

class ValidationReplies:
    """Works out each operation's `ValidationReply` (answers cached: operations share their
    error responses)."""

    def __init__(self, synthesizer: Synthesizer) -> None:
        self.synthesizer = synthesizer
        self._shapes: dict[str, tuple[tuple[str | int, ...] | None, bool]] = {}

    def reply(self, op: Operation, schemas: Mapping[str, Any]) -> ValidationReply | None:
        """The declared response `op` answers a failed validation with; None: FastAPI's own.
        `schemas` are the operation's response schemas by status."""
        for key in (*VALIDATION_STATUSES, nearest_client_error(op)):
            response = next((r for r in op.error_responses if r.status == key), None)
            if response is None:
                continue
            status = int(key) if key.isdigit() else 422
            if response.content_type is None or response.body_kind == "empty":
                return ValidationReply(status=status)
            if response.body_kind == "text":
                return ValidationReply(status=status, sample="Request validation failed",
                                       message_at=())
            if response.body_kind != "json" or not response.has_sample:
                return None
            message_at, detail = self.shape(schemas.get(response.status), response.sample)
            return ValidationReply(status=status, sample=response.sample, message_at=message_at,
                                   detail=detail)
        return None

    def shape(self, schema: Any, sample: Any) -> tuple[tuple[str | int, ...] | None, bool]:
        """(where the message goes in `sample`, whether `schema` takes FastAPI's body)."""
        try:
            key = json.dumps([schema, sample], sort_keys=True)
        except (TypeError, ValueError):
            key = ""
        if key and key in self._shapes:
            return self._shapes[key]
        detail = "detail" in self.declared_properties(schema) and self.synthesizer.is_valid(
            schema, _FASTAPI_BODY)
        found: tuple[str | int, ...] | None = None
        for path in self.candidates(schema, sample):
            if self.synthesizer.is_valid(schema, placed(sample, path, _PROBE)):
                found = path
                break
        if key:
            self._shapes[key] = (found, detail)
        return found, detail

    def declared_properties(self, schema: Any) -> dict[str, Any]:
        """The top-level properties `schema` declares (through `$ref` and `allOf`)."""
        for _ in range(_MAX_DEPTH * 8):
            if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
                break
            try:
                schema = self.synthesizer.resolve(schema["$ref"])
            except (KeyError, ValueError, TypeError, IndexError):
                return {}
        if not isinstance(schema, dict):
            return {}
        found: dict[str, Any] = {}
        for part in schema.get("allOf") or []:
            found.update(self.declared_properties(part))
        if isinstance(schema.get("properties"), dict):
            found.update(schema["properties"])
        return found

    def candidates(self, schema: Any, sample: Any) -> list[tuple[str | int, ...]]:
        """Places a message could go, best first: string values of the sample (well-named keys
        first, shallow before deep), then a well-named top-level property it leaves out."""
        if isinstance(sample, str):
            return [()]
        found: list[tuple[str | int, ...]] = []
        _strings(sample, (), found)
        declared = self.declared_properties(schema)
        if isinstance(sample, dict):
            found.extend((name,) for name in _MESSAGE_NAMES
                         if name in declared and name not in sample)
        return sorted(found, key=_rank)


def nearest_client_error(op: Operation) -> str:
    """The declared `4xx` status nearest to 422 (the lower on a tie) that asks no retry or
    credential of the client, "" when none is."""
    codes = [int(r.status) for r in op.error_responses if r.status.isdigit()
             and r.status.startswith("4") and int(r.status) not in _NOT_A_REFUSAL]
    return str(min(codes, key=lambda code: (abs(code - 422), code))) if codes else ""


def _rank(path: tuple[str | int, ...]) -> tuple[int, int]:
    name = path[-1] if path else ""
    named = _MESSAGE_NAMES.index(name) if name in _MESSAGE_NAMES else len(_MESSAGE_NAMES)
    return named, len(path)


def _strings(value: Any, path: tuple[str | int, ...], found: list[tuple[str | int, ...]]) -> None:
    if len(path) > _MAX_DEPTH:
        return
    if isinstance(value, str) and path:
        found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            _strings(item, (*path, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _strings(item, (*path, index), found)


def placed(sample: Any, path: tuple[str | int, ...], message: str) -> Any:
    """A copy of `sample` with `message` at `path` (the same rule as the generated runtime's)."""
    if not path:
        return message
    head, rest = path[0], path[1:]
    if isinstance(sample, dict) and isinstance(head, str):
        return {**sample, head: placed(sample.get(head), rest, message)}
    if isinstance(sample, list) and isinstance(head, int) and head < len(sample):
        return [placed(item, rest, message) if i == head else item
                for i, item in enumerate(sample)]
    return sample
