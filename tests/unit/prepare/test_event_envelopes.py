"""Event schemas written as the SSE event itself (generator/prepare/event_envelopes.py): what
is an envelope, what its `data` carries (JSON, text, a string's `contentSchema`), which strings
are sentinels, and the served document that says `data` is JSON text."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.prepare.event_envelopes import (
    JSON_TEXT,
    envelope_of,
    is_envelope,
    served_events,
    served_schema,
)
from generator.spec.walk import deref

CHUNK = {"$ref": "#/components/schemas/Chunk"}
COMPONENTS = {"schemas": {
    "Chunk": {"type": "object", "properties": {"n": {"type": "integer"}}},
    "Done": {"type": "object", "required": ["data"], "properties": {
        "data": {"type": "string", "enum": ["[DONE]"]}}},
}}


def resolve(value: Any) -> Any:
    return deref({"components": COMPONENTS}, value)


def envelope(data: Any, **fields: Any) -> dict[str, Any]:
    return {"type": "object", "required": ["data"], "properties": {"data": data, **fields}}


def json_text(schema: Any) -> dict[str, Any]:
    return {"type": "string", "contentMediaType": JSON_TEXT, "contentSchema": schema}


@pytest.mark.parametrize("schema", [
    envelope(CHUNK), envelope({"type": "string"}, event={"const": "x"}, id={}, retry={}),
    {"properties": {"data": {}}},
])
def test_an_object_of_sse_fields_with_data_is_an_envelope(schema: Any) -> None:
    assert is_envelope(schema)


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"n": {"type": "integer"}}},
    {"type": "object", "properties": {"event": {"type": "string"}}},
    envelope(CHUNK, other={"type": "string"}),
    {**envelope(CHUNK), "required": ["data", "other"]},
    {"type": "array", "properties": {"data": CHUNK}},
    {**envelope(CHUNK), "allOf": [CHUNK]},
])
def test_anything_else_is_the_payload(schema: Any) -> None:
    assert not is_envelope(schema)
    assert envelope_of(schema, resolve) is None


def test_a_union_of_envelopes_gives_the_payloads_and_the_sentinels() -> None:
    found = envelope_of({"oneOf": [envelope(CHUNK), {"$ref": "#/components/schemas/Done"}]},
                        resolve)
    assert found is not None
    assert (found.schema, found.text, found.sentinels) == (CHUNK, False, ("[DONE]",))


def test_a_data_union_with_a_const_string_gives_the_sentinel() -> None:
    found = envelope_of(envelope({"anyOf": [CHUNK, {"const": "[END]"}]}), resolve)
    assert found is not None and (found.schema, found.sentinels) == (CHUNK, ("[END]",))


def test_string_data_is_text_unless_it_says_json() -> None:
    text = envelope_of(envelope({"type": "string"}), resolve)
    assert text is not None and text.text and text.schema == {"type": "string"}
    content = envelope_of(envelope(json_text(CHUNK)), resolve)
    assert content is not None and not content.text and content.schema == CHUNK
    media_only = envelope_of(envelope({"type": "string", "contentMediaType": JSON_TEXT}),
                             resolve)
    assert media_only is not None and (media_only.text, media_only.schema) == (False, {})


def test_the_served_schema_writes_json_data_as_text_and_copies_components() -> None:
    union = {"oneOf": [envelope(CHUNK), {"$ref": "#/components/schemas/Done"}]}
    before = copy.deepcopy(union)
    served = served_schema(union, resolve)
    assert served == {"oneOf": [envelope(json_text(CHUNK)),
                                {"$ref": "#/components/schemas/Done"}]}
    assert union == before, "the schema read is never edited"
    text = envelope({"type": "string"})
    assert served_schema(text, resolve) is text, "text data is as the wire has it"
    assert served_schema(CHUNK, resolve) is CHUNK, "a payload schema stays"
    sentinel_union = envelope({"oneOf": [CHUNK, {"const": "[DONE]"}]})
    assert served_schema(sentinel_union, resolve) == envelope(
        {"oneOf": [json_text(CHUNK), {"const": "[DONE]"}]})


def _document(schema: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "paths": {"/e": {"get": {"responses": {"200": {
                "description": "events",
                "content": {"text/event-stream; charset=utf-8": {"schema": schema}}}}}}},
            "components": copy.deepcopy(COMPONENTS)}


def test_the_served_document_is_a_copy_only_when_an_envelope_changes() -> None:
    plain = _document(CHUNK)
    assert served_events(plain) is plain
    document = _document({"$ref": "#/components/schemas/Done"})
    assert served_events(document) is document, "a sentinel alone: nothing to say"
    document = _document(envelope(CHUNK))
    before = json.dumps(document)
    served = served_events(document)
    assert json.dumps(document) == before
    media = served["paths"]["/e"]["get"]["responses"]["200"]["content"]
    assert media["text/event-stream; charset=utf-8"]["schema"] == envelope(json_text(CHUNK))


_DATA = st.sampled_from([CHUNK, {"type": "array", "items": CHUNK}, {"type": "integer"},
                         {"oneOf": [CHUNK, {"type": "integer"}]}, json_text(CHUNK),
                         {"oneOf": [CHUNK, {"const": "[DONE]"}]},
                         {"oneOf": [json_text(CHUNK), {"type": "string"}, {"const": "[END]"}]}])


@given(data=_DATA, sentinel=st.booleans(), fields=st.sets(st.sampled_from(["event", "id"])))
def test_served_envelopes_read_back_as_the_same_payload(data: Any, sentinel: bool,
                                                        fields: set[str]) -> None:
    """Property: serving is idempotent and the served schema carries the same payload."""
    member = envelope(data, **{name: {"type": "string"} for name in sorted(fields)})
    schema = {"oneOf": [member, {"$ref": "#/components/schemas/Done"}]} if sentinel else member
    read = envelope_of(schema, resolve)
    served = served_schema(schema, resolve)
    again = envelope_of(served, resolve)
    assert read is not None and again is not None
    assert (again.schema, again.text, again.sentinels) == (read.schema, read.text,
                                                            read.sentinels)
    assert served_schema(served, resolve) is served


@pytest.mark.parametrize("schema", [
    None, True, {"type": []}, {"properties": {"data": True}}, {"oneOf": []},
    {"properties": {"data": {"type": []}}}, {"oneOf": [{"properties": {"data": "x"}}]},
])
def test_odd_schemas_never_crash(schema: Any) -> None:
    envelope_of(schema, resolve)
    served_schema(schema, resolve)
