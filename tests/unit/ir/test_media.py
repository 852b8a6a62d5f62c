"""generator.ir.media: the one rule deciding which declared media types carry JSON, and what
travels on the wire for a range."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.ir.media import essence, is_json_media, is_range, wire_kind, wire_media_type

# (declared media type, JSON with a schema, JSON without one)
TABLE = [
    ("application/json", True, True),
    ("Application/JSON", True, True),
    ("application/json; charset=utf-8", True, True),
    ("application/json;charset=UTF-8", True, True),
    ("text/json", True, True),
    ("text/json; charset=utf-8", True, True),
    ("application/problem+json", True, True),
    ("application/vnd.api+json", True, True),
    ("application/merge-patch+json; charset=utf-8", True, True),
    ("application/hal+json", True, True),
    ("*/*", True, False),
    (" */* ", True, False),
    ("application/*", True, False),
    ("application/*; q=0.8", True, False),
    ("text/*", False, False),
    ("image/*", False, False),
    ("text/plain", False, False),
    ("text/html; charset=utf-8", False, False),
    ("application/xml", False, False),
    ("application/octet-stream", False, False),
    ("application/x-www-form-urlencoded", False, False),
    ("multipart/form-data", False, False),
    ("application/jsonl", False, False),
    ("application/x-ndjson", False, False),
    ("application/json-patch", False, False),
    ("json", False, False),
    ("", False, False),
    ("+json", False, False),
]


@pytest.mark.parametrize(("media_type", "with_schema", "without_schema"), TABLE)
def test_the_rule(media_type: str, with_schema: bool, without_schema: bool) -> None:
    assert is_json_media(media_type, has_schema=True) is with_schema
    assert is_json_media(media_type, has_schema=False) is without_schema


@pytest.mark.parametrize(("media_type", "schema", "kind", "wire"), [
    ("*/*", "data", "json", "application/json"),
    ("application/*", "data", "json", "application/json"),
    ("*/*", "string", "text", "text/plain"),  # Spring's `String` answer: text, not JSON
    ("*/*", "bytes", "binary", "application/octet-stream"),
    ("*/*", "none", "binary", "application/octet-stream"),
    ("application/*", "string", "binary", "application/octet-stream"),
    ("text/*", "data", "text", "text/plain"),
    ("application/problem+json", "none", "json", "application/problem+json"),
    ("application/json; charset=utf-8", "string", "json", "application/json; charset=utf-8"),
    ("text/json", "data", "json", "text/json"),
    ("text/plain; charset=utf-8", "data", "text", "text/plain; charset=utf-8"),
    ("text/csv", "string", "text", "text/csv"),
    ("image/png", "bytes", "binary", "image/png"),
    ("application/xml", "data", "binary", "application/xml"),
])
def test_what_travels(media_type: str, schema: str, kind: str, wire: str) -> None:
    assert wire_kind(media_type, schema) == kind  # type: ignore[arg-type]
    assert wire_media_type(media_type, kind) == wire


TOKEN = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-", min_size=1, max_size=12)
PARAMETERS = st.lists(st.tuples(TOKEN, TOKEN).map(lambda p: f"; {p[0]}={p[1]}"), max_size=2)


@given(kind=TOKEN, subtype=TOKEN, parameters=PARAMETERS, upper=st.booleans(),
       has_schema=st.booleans())
def test_generated_media_types(kind: str, subtype: str, parameters: list[str], upper: bool,
                               has_schema: bool) -> None:
    base = f"{kind}/{subtype}"
    media_type = base + "".join(parameters)
    if upper:
        media_type = media_type.upper()
    # Parameters and case never change the answer.
    assert is_json_media(media_type, has_schema=has_schema) \
        == is_json_media(base, has_schema=has_schema)
    assert essence(media_type) == (kind, subtype)
    # Concrete types: JSON exactly for json and +json, schema or not.
    expected = (kind in ("application", "text") and subtype == "json") \
        or subtype.endswith("+json")
    assert is_json_media(media_type, has_schema=has_schema) is expected
    assert not is_range(media_type)
    assert wire_media_type(media_type, "json" if expected else "binary") == media_type
    assert (wire_kind(media_type, "data") == "json") is expected
    # A suffix makes any type JSON.
    assert is_json_media(f"{kind}/{subtype}+json", has_schema=False)


@given(kind=TOKEN, parameters=PARAMETERS)
def test_generated_ranges(kind: str, parameters: list[str]) -> None:
    for media_type in (f"{kind}/*", "*/*"):
        declared = media_type + "".join(parameters)
        assert is_range(declared)
        json = is_json_media(declared, has_schema=True)
        assert json is (media_type == "*/*" or kind == "application")
        assert not is_json_media(declared, has_schema=False)
        assert wire_media_type(declared, wire_kind(declared, "data")) == (
            "application/json" if json else "text/plain" if kind == "text"
            else "application/octet-stream")
