"""The header names of the client's transport (idempotency key, retry count, request id):
`[tool.apigen]` first, then the document's extensions, then the defaults."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from .features import TransportHeaders

# `TransportHeaders` field -> the document-level extension (and `[tool.apigen]` key stem).
EXTENSIONS = {
    "idempotency": "x-apigen-idempotency-header",
    "retry_count": "x-apigen-retry-count-header",
    "request_id": "x-apigen-request-id-header",
}
HTTP_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""RFC 9110's token: what a header name is (also the rule for header and cookie parameters'
names, `parameter_shapes.py`)."""


def header_name_problem(value: object) -> str | None:
    """Why `value` cannot name a header setting (a token, or `false`/"" for none), or None."""
    if value is False or value == "":
        return None
    if isinstance(value, str) and HTTP_TOKEN.fullmatch(value):
        return None
    return f"must be an HTTP header name (a token), or false for none, not {value!r}"


def transport_headers(
    document: Mapping[str, Any],
    configured: Mapping[str, str | None],
    *,
    env_log: str,
    warn: Callable[[str, str], None],
) -> TransportHeaders:
    """Each header of `TransportHeaders`: `configured` (by field name, None for none; checked
    by the config reader) wins over the document's extension, which wins over the default. A
    malformed extension gets a located warning and the default."""
    defaults = TransportHeaders()
    values: dict[str, str | None] = {}
    for field, extension in EXTENSIONS.items():
        if field in configured:
            values[field] = configured[field]
            continue
        if extension not in document:
            values[field] = getattr(defaults, field)
            continue
        raw = document[extension]
        problem = header_name_problem(raw)
        if problem is None:
            values[field] = raw or None
        else:
            warn(f"{extension} {problem}; using {getattr(defaults, field)!r}", f"/{extension}")
            values[field] = getattr(defaults, field)
    return TransportHeaders(env_log=env_log, **values)
