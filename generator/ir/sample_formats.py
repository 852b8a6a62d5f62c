"""Scalar values of the samples: the smallest number within bounds, the text the synthesizer
writes for a format whose plain text would not validate, and the format checks a candidate
sample must pass.

openapi-schema-validator's checkers leave `uri` unchecked (jsonschema checks it only when
rfc3987 is installed), but the models type a `format: uri` string as pydantic's `AnyUrl`, which
refuses what is not an absolute URL (`/contacts/1`, `note`): a spec example like those passed the
schema and made the mock answer 500. `uri` is therefore checked here the way the models read it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .regex_sample import matching_string

FORMATTED = {
    "date-time": "1970-01-01T00:00:00Z",
    "date": "1970-01-01",
    "time": "00:00:00Z",
    "duration": "P0D",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "byte": "",
    "decimal": "0",  # a decimal as text (Stripe's `unit_amount_decimal`): the models' Decimal
}


@cache
def format_checker(*, oas30: bool) -> Any:
    """The dialect's format checker, with `uri` checked as the models check it."""
    from jsonschema import FormatChecker
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker

    base = oas30_format_checker if oas30 else oas31_format_checker
    checker = FormatChecker(formats=())
    checker.checkers = dict(base.checkers)
    checker.checks("uri", raises=ValueError)(_is_absolute_url)
    return checker


def _is_absolute_url(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats constrain strings only
    from pydantic import ValidationError

    try:
        _url_adapter().validate_python(value)
    except ValidationError:
        return False
    return True


@cache
def _url_adapter() -> Any:
    from pydantic import AnyUrl, TypeAdapter

    return TypeAdapter(AnyUrl)


def minimal_number(schema: dict[str, Any], *, integer: bool) -> int | float:
    """The number nearest 0 within the schema's bounds and `multipleOf`."""
    low = schema.get("minimum")
    high = schema.get("maximum")
    exclusive_low = schema.get("exclusiveMinimum")
    exclusive_high = schema.get("exclusiveMaximum")
    step = 1 if integer else 0.5
    value: float = 0
    if isinstance(low, (int, float)) and not isinstance(low, bool):
        value = low + (step if exclusive_low is True else 0)
    if isinstance(exclusive_low, (int, float)) and not isinstance(exclusive_low, bool):
        value = max(value, exclusive_low + step)
    if isinstance(high, (int, float)) and not isinstance(high, bool) and value > high:
        value = high - (step if exclusive_high is True else 0)
    if (isinstance(exclusive_high, (int, float)) and not isinstance(exclusive_high, bool)
            and value >= exclusive_high):
        value = exclusive_high - step
    multiple = schema.get("multipleOf")
    if isinstance(multiple, (int, float)) and multiple > 0 and value % multiple:
        value = (value // multiple + 1) * multiple
    if integer:
        return int(value)
    return value


def minimal_string(schema: dict[str, Any], *, text: str) -> str:
    """`text` (or the format's own text), made to fit the length bounds and the pattern."""
    value = FORMATTED.get(str(schema.get("format", "")), text or "string")
    low = int(schema.get("minLength", 0) or 0)
    high = schema.get("maxLength")
    if len(value) < low:
        value = value + "x" * (low - len(value))
    if isinstance(high, int) and len(value) > high:
        value = value[:high]
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not _matches(pattern, value):
        built = matching_string(pattern, min_length=low,
                                max_length=high if isinstance(high, int) else None)
        if built is not None:
            return built
    return value


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot read: the validator will judge


def schema_examples(schema: dict[str, Any]) -> list[Any]:
    """The values a schema offers as its own instances: `examples`, `example`, `default`."""
    found: list[Any] = []
    if isinstance(schema.get("examples"), list):
        found.extend(schema["examples"])
    for key in ("example", "default"):
        if key in schema:
            found.append(schema[key])
    return found


def sample_kind(schema: dict[str, Any]) -> str | None:
    """The JSON type a sample of `schema` takes: its `type` (the first that is not null), else
    what its keywords imply (`object`, `array`), else None."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return str(kinds[0]) if kinds else "null"
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "required" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None
